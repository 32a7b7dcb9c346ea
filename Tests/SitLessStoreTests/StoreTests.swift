import Foundation
import SitLessCore
import Testing

@testable import SitLessStore

/// The databases every store test runs on: a fresh SQLite file always, and PostgreSQL too
/// when `DATABASE_URL` is set (CI starts one).
enum TestDatabases {
    static var locations: [String] {
        var names = ["sqlite"]
        if ProcessInfo.processInfo.environment["DATABASE_URL"]?.isEmpty == false { names.append("postgres") }
        return names
    }

    static func withStore<T>(_ kind: String, _ body: (Store) async throws -> T) async throws -> T {
        let store: Store
        var file: String?
        if kind == "postgres" {
            // The shared PostgreSQL database is migrated once before the tests (`sitless migrate`, as .ci/run does).
            store = try await Store.open(
                .postgres(url: ProcessInfo.processInfo.environment["DATABASE_URL"]!), migrate: false)
        } else {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent(
                "sitless-store-\(UUID().uuidString).sqlite"
            ).path
            file = path
            store = try await Store.open(.sqlite(path: path))
        }
        do {
            let result = try await body(store)
            await store.close()
            if let file { try? FileManager.default.removeItem(atPath: file) }
            return result
        } catch {
            await store.close()
            throw error
        }
    }

    /// A user no other test uses, so tests can share a PostgreSQL database.
    static func user(_ store: Store, zone: String = "Europe/Berlin") async throws -> Account {
        try await store.localUser(named: "test-\(UUID().uuidString)", timeZone: zone)
    }
}

@Suite("Store")
struct StoreTests {
    let c = StoreClock()

    @Test("manual entries become bouts; the open one runs until now", arguments: TestDatabases.locations)
    func manualEntries(_ kind: String) async throws {
        try await TestDatabases.withStore(kind) { store in
            // setup
            let user = try await TestDatabases.user(store)
            let id = user.id
            let now = c.at("12:30")
            // MUT
            for (posture, time) in [
                (Posture.sitting, "09:00"), (.standing, "09:50"), (.sitting, "09:55"),
                (.stepping, "11:30"), (.sitting, "11:40"),
            ] {
                try await store.recordPostureChange(userID: id, to: posture, at: c.at(time), now: now, zone: c.zone)
            }
            // validate
            let bouts = try await store.bouts(userID: id, from: c.at("00:00"), to: c.at("23:59"), now: now)
            #expect(bouts.map(\.posture) == [.sitting, .standing, .sitting, .stepping, .sitting])
            #expect(bouts.map { Int($0.duration / 60) } == [50, 5, 95, 10, 50])
            #expect(bouts.allSatisfy { $0.source == .manual })
        }
    }

    @Test(
        "an entry before the current one, or in the future, is refused and changes nothing",
        arguments: TestDatabases.locations)
    func refusedEntries(_ kind: String) async throws {
        try await TestDatabases.withStore(kind) { store in
            let user = try await TestDatabases.user(store)
            let id = user.id
            let now = c.at("12:00")
            try await store.recordPostureChange(userID: id, to: .sitting, at: c.at("09:00"), now: now, zone: c.zone)
            try await store.recordPostureChange(userID: id, to: .standing, at: c.at("10:00"), now: now, zone: c.zone)
            await #expect(
                throws: StoreError.beforeCurrentBout(
                    at: "2026-12-07 09:30", current: "standing", since: "2026-12-07 10:00")
            ) {
                try await store.recordPostureChange(userID: id, to: .sitting, at: c.at("09:30"), now: now, zone: c.zone)
            }
            await #expect(throws: StoreError.inTheFuture(at: "2026-12-07 13:00", now: "2026-12-07 12:00")) {
                try await store.recordPostureChange(userID: id, to: .sitting, at: c.at("13:00"), now: now, zone: c.zone)
            }
            let bouts = try await store.bouts(userID: id, from: c.at("00:00"), to: c.at("23:59"), now: now)
            #expect(bouts.map(\.posture) == [.sitting, .standing])
            #expect(bouts.map { Int($0.duration / 60) } == [60, 120])
        }
    }

    @Test(
        "same moment corrects the open entry; away closes it; a forgotten sit counts 12 hours at most",
        arguments: TestDatabases.locations)
    func correctionsAndCap(_ kind: String) async throws {
        try await TestDatabases.withStore(kind) { store in
            let user = try await TestDatabases.user(store)
            let id = user.id
            try await store.recordPostureChange(
                userID: id, to: .sitting, at: c.at("09:00"), now: c.at("09:05"), zone: c.zone)
            try await store.recordPostureChange(
                userID: id, to: .standing, at: c.at("09:00"), now: c.at("09:05"), zone: c.zone)
            try await store.recordPostureChange(
                userID: id, to: .unknown, at: c.at("09:10"), now: c.at("09:15"), zone: c.zone)
            var bouts = try await store.bouts(userID: id, from: c.at("00:00"), to: c.at("23:59"), now: c.at("12:00"))
            #expect(bouts == [PostureBout(.standing, from: c.at("09:00"), to: c.at("09:10"), source: .manual)])

            try await store.recordPostureChange(
                userID: id, to: .sitting, at: c.at("18:00"), now: c.at("18:00"), zone: c.zone)
            let nextDay = c.at("18:00").addingTimeInterval(20 * 3600)
            bouts = try await store.bouts(userID: id, from: c.at("17:00"), to: nextDay, now: nextDay)
            #expect(bouts.last?.duration == 12.0 * 3600)
        }
    }

    @Test("each person sees only their own bouts", arguments: TestDatabases.locations)
    func isolation(_ kind: String) async throws {
        try await TestDatabases.withStore(kind) { store in
            let ana = try await TestDatabases.user(store)
            let ben = try await TestDatabases.user(store)
            try await store.recordPostureChange(
                userID: ana.id, to: .sitting, at: c.at("09:00"), now: c.at("10:00"), zone: c.zone)
            let bens = try await store.bouts(userID: ben.id, from: c.at("00:00"), to: c.at("23:59"), now: c.at("10:00"))
            #expect(bens.isEmpty)
        }
    }

    @Test(
        "coach settings: defaults, saved changes, and invalid ones refused unchanged",
        arguments: TestDatabases.locations)
    func coachSettings(_ kind: String) async throws {
        try await TestDatabases.withStore(kind) { store in
            let user = try await TestDatabases.user(store)
            var policy = try await store.coachPolicy(for: user)
            #expect(policy.maxSittingMinutes == 30)
            #expect(policy.timeZone == "Europe/Berlin")
            policy.maxSittingMinutes = 45
            policy.quietTimes = [ClockRange(parsing: "12:00-13:00")!]
            try await store.saveCoachPolicy(policy, for: user)
            #expect(try await store.coachPolicy(for: user) == policy)
            var bad = policy
            bad.maxSittingMinutes = 0
            await #expect(throws: StoreError.invalidPolicy(["max sitting must be 5 to 240 minutes, got 0"])) {
                try await store.saveCoachPolicy(bad, for: user)
            }
            #expect(try await store.coachPolicy(for: user).maxSittingMinutes == 45)
        }
    }

    @Test("prompt outcomes are kept per person and per time range", arguments: TestDatabases.locations)
    func promptOutcomes(_ kind: String) async throws {
        try await TestDatabases.withStore(kind) { store in
            let user = try await TestDatabases.user(store)
            let id = user.id
            let prompt = BreakPrompt(
                number: 1, kind: .moveBreak, issuedAt: c.at("09:30"), since: c.at("09:00"),
                move: Prescription(exerciseID: "calf-raise", dosage: .reps(1, 15)))
            try await store.recordPromptOutcome(
                PromptRecord(outcome: .snoozed, at: c.at("09:30"), prompt: prompt), userID: id)
            try await store.recordPromptOutcome(
                PromptRecord(outcome: .taken, at: c.at("09:36"), prompt: prompt), userID: id)
            try await store.recordPromptOutcome(
                PromptRecord(outcome: .takenNaturally, at: c.at("11:00"), prompt: nil), userID: id)
            let records = try await store.promptOutcomes(userID: id, from: c.at("09:00"), to: c.at("10:00"))
            #expect(records.map(\.outcome) == [.snoozed, .taken])
            #expect(records[0].prompt?.move?.exerciseID == "calf-raise")
            let other = try await TestDatabases.user(store)
            #expect(try await store.promptOutcomes(userID: other.id, from: c.at("00:00"), to: c.at("23:59")).isEmpty)
        }
    }

    @Test("bouts from an import are written all or nothing", arguments: TestDatabases.locations)
    func transactionalInsert(_ kind: String) async throws {
        try await TestDatabases.withStore(kind) { store in
            let user = try await TestDatabases.user(store)
            let id = user.id
            let good = PostureBout(.sitting, from: c.at("09:00"), to: c.at("10:00"), source: .wearable)
            let backwards = PostureBout(.standing, from: c.at("11:00"), to: c.at("10:30"), source: .wearable)
            await #expect(throws: InvalidEntry("bouts[1].end", "must come after the start")) {
                try await store.insertBouts([good, backwards], userID: id)
            }
            #expect(
                try await store.bouts(userID: id, from: c.at("00:00"), to: c.at("23:59"), now: c.at("23:59")).isEmpty)
            try await store.insertBouts([good], userID: id)
            #expect(
                try await store.bouts(userID: id, from: c.at("00:00"), to: c.at("23:59"), now: c.at("23:59")) == [good])
        }
    }
}

@Suite("Store files")
struct StoreFileTests {
    @Test("a folder or a file that is not a database is refused, and the file is left as it was")
    func badPaths() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sitless-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        await #expect(throws: StoreError.cannotOpen("SQLite file \(folder.path)", reason: "it is a folder, not a file"))
        {
            _ = try await Store.open(.sqlite(path: folder.path))
        }
        let notes = folder.appendingPathComponent("notes.txt")
        let text = String(repeating: "These are my notes, not a database.\n", count: 200)
        try Data(text.utf8).write(to: notes)
        await #expect(
            throws: StoreError.cannotOpen(
                "SQLite file \(notes.path)", reason: "the file is not a SitLess database (not SQLite)")
        ) {
            _ = try await Store.open(.sqlite(path: notes.path))
        }
        #expect(try String(contentsOf: notes, encoding: .utf8) == text)
    }

    @Test("the default file lives in the user's data folder; --db, SITLESS_DB and DATABASE_URL choose another")
    func locations() {
        #expect(
            DatabaseLocation.resolve(db: nil, environment: ["HOME": "/home/ana"])
                == .sqlite(path: "/home/ana/.local/share/sitless/sitless.sqlite"))
        #expect(
            DatabaseLocation.resolve(db: nil, environment: ["HOME": "/home/ana", "XDG_DATA_HOME": "/data"])
                == .sqlite(path: "/data/sitless/sitless.sqlite"))
        #expect(
            DatabaseLocation.resolve(
                db: nil, environment: ["SITLESS_DB": "/tmp/a.sqlite", "DATABASE_URL": "postgres://x@y/z"])
                == .sqlite(path: "/tmp/a.sqlite"))
        #expect(
            DatabaseLocation.resolve(db: nil, environment: ["DATABASE_URL": "postgres://x@y/z"])
                == .postgres(url: "postgres://x@y/z"))
        #expect(
            DatabaseLocation.resolve(db: "/x.sqlite", environment: ["SITLESS_DB": "/tmp/a.sqlite"])
                == .sqlite(path: "/x.sqlite"))
        #expect(
            DatabaseLocation.postgres(url: "postgres://ana:secret@db:5432/sitless").description
                == "PostgreSQL postgres://ana:***@db:5432/sitless")
    }

    @Test("migrations revert and apply again")
    func migrations() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sitless-mig-\(UUID().uuidString).sqlite"
        ).path
        let store = try await Store.open(.sqlite(path: path))
        _ = try await store.localUser(named: "ana", timeZone: "UTC")
        try await store.revert(all: true)
        try await store.migrate()
        #expect(try await store.user(named: "ana") == nil)
        _ = try await store.localUser(named: "ana", timeZone: "UTC")
        #expect(try await store.user(named: "ana") != nil)
        await store.close()
    }
}

struct StoreClock {
    let zone = TimeZone(identifier: "Europe/Berlin")!
    let day = LocalDate(iso: "2026-12-07")!

    func at(_ text: String) -> Date {
        let parts = text.split(separator: ":").map { Int($0)! }
        return day.instant(hour: parts[0], minute: parts[1], in: zone)
    }
}
