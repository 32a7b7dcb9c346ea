import FluentKit
import FluentSQL
import Foundation
import SitLessCore
import Testing

@testable import SitLessStore

/// A clock the test moves by hand.
final class HandClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date) { current = start }
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}

/// Statuses move only as their machines allow, through the real store; errors name what they are.
@Suite("Store statuses")
struct StatusStoreTests {
    let c = StoreClock()

    /// The store over the same database, deciding with `clock`.
    func store(_ store: Store, _ clock: HandClock) -> Store { Store(database: store.database, clock: { clock.now }) }

    func newImport(_ store: Store, _ userID: UUID) async throws -> UUID {
        try await store.createImport(userID: userID, fileName: "P1.cwa", placement: "thigh", bytes: 10).id
    }

    func bouts(_ from: String, _ to: String) -> [PostureBout] {
        [PostureBout(.sitting, from: c.at(from), to: c.at(to), source: .wearable, confidence: 0.9)]
    }

    @Test("a progress write that lands after the import is done leaves it done", arguments: TestDatabases.locations)
    func lateProgressAfterDone(_ kind: String) async throws {
        try await TestDatabases.withStore(kind) { opened in
            // setup: an import read to the end and saved at 10:02
            let clock = HandClock(c.at("10:00"))
            let store = store(opened, clock)
            let id = try await TestDatabases.user(store).id
            let job = try await newImport(store, id)
            try await store.startImport(job)
            try await store.setImportProgress(job, progress: 0.4)
            clock.advance(120)
            try await store.completeImport(
                job, userID: id, bouts: bouts("08:00", "09:00"),
                format: "Axivity", warnings: [])

            // MUT: the 95 % report, written from its own task, arrives a minute later
            clock.advance(60)
            try await store.setImportProgress(job, progress: 0.95)
            try await store.startImport(job)
            try await store.failImport(job, message: "too late")

            // validate: still done, complete, with the time it was done
            let row = try #require(try await store.importJob(job, userID: id))
            #expect(row.state == .done)
            #expect(row.progress == 1)
            #expect(row.message == nil)
            #expect(row.bouts == 1)
            #expect(row.createdAt == c.at("10:00"))
            #expect(row.updatedAt == c.at("10:02"))
        }
    }

    @Test(
        "a failed import stays failed: progress is ignored and completing it saves nothing",
        arguments: TestDatabases.locations)
    func failedIsFinal(_ kind: String) async throws {
        try await TestDatabases.withStore(kind) { opened in
            let clock = HandClock(c.at("10:00"))
            let store = store(opened, clock)
            let id = try await TestDatabases.user(store).id
            let job = try await newImport(store, id)
            try await store.startImport(job)
            try await store.failImport(job, message: "line 3: not a number")

            try await store.setImportProgress(job, progress: 0.5)
            let refused = StatusChangeRefused(subject: "import", from: "failed", to: "done")
            await #expect(throws: StoreError.statusChange(refused)) {
                try await store.completeImport(
                    job, userID: id, bouts: bouts("08:00", "09:00"),
                    format: "Axivity", warnings: [])
            }

            let row = try #require(try await store.importJob(job, userID: id))
            #expect(row.state == .failed)
            #expect(row.progress == 0)
            #expect(row.message == "line 3: not a number")
            let day = try await store.bouts(userID: id, from: c.at("00:00"), to: c.at("23:59"), now: c.at("23:59"))
            #expect(day.isEmpty)
        }
    }

    @Test(
        "an import silent for more than ten minutes by the store's clock reads as stale",
        arguments: TestDatabases.locations)
    func staleByTheStoreClock(_ kind: String) async throws {
        try await TestDatabases.withStore(kind) { opened in
            let clock = HandClock(c.at("10:00"))
            let store = store(opened, clock)
            let id = try await TestDatabases.user(store).id
            let job = try await newImport(store, id)
            try await store.startImport(job)
            clock.advance(600)
            let quiet = try #require(try await store.importJob(job, userID: id))
            #expect(!quiet.isStale)
            #expect(quiet.shownState == .running)

            clock.advance(1)
            let stale = try #require(try await store.importJobs(userID: id).first)
            #expect(stale.isStale)
            #expect(stale.state == .running)
            #expect(stale.shownState == .failed)
        }
    }

    @Test(
        "finishing a session twice decides once; a set sent after finishing is refused",
        arguments: TestDatabases.locations)
    func finishedSessionIsFinal(_ kind: String) async throws {
        try await TestDatabases.withStore(kind) { store in
            // setup: hip thrusts 3 x 12 with all sets done at effort 5
            let id = try await TestDatabases.user(store).id
            let catalog = try Catalog.builtIn()
            let item = WorkoutItem(slot: "hip-thrust", exerciseID: "hip-thrust", dosage: .reps(3, 12))
            let set = SetLog(reps: 12, effort: 5, pain: 0)
            let workout = try await store.startWorkout(
                userID: id, planID: nil, date: c.day, week: 1, title: "Today",
                items: [item], at: c.at("11:30"))
            for _ in 0..<3 {
                _ = try await store.logSet(set, workout: workout, itemIndex: 0, at: c.at("11:40"))
            }
            let stale = try #require(try await store.workout(workout.id, userID: id))

            // MUT
            let first = try await store.finishWorkout(workout, at: c.at("12:00"), catalog: catalog)
            let targetAfterFirst = try await store.targets(userID: id)["hip-thrust"]
            let second = try await store.finishWorkout(stale, at: c.at("12:05"), catalog: catalog)

            // validate: the second finish returns the first's decisions and moves nothing further
            #expect(second == first)
            #expect(try await store.targets(userID: id)["hip-thrust"] == targetAfterFirst)
            let row = try #require(try await store.workout(workout.id, userID: id))
            #expect(row.status == .done)
            #expect(row.finishedAt == c.at("12:00"))
            // The stale copy is a value read before the finish: it still says in progress, and the
            // refusal comes from the database's status, not from the caller's copy.
            #expect(stale.status == .inProgress)
            await #expect(throws: StoreError.sessionFinished) {
                _ = try await store.logSet(set, workout: stale, itemIndex: 0, at: c.at("12:06"))
            }
            #expect(try await store.sets(workoutID: workout.id, userID: id).count == 3)
        }
    }

    @Test("each refusal is its own error with its own words")
    func errorsSayWhatTheyAre() async throws {
        try await TestDatabases.withStore("sqlite") { store in
            let id = try await TestDatabases.user(store).id
            let item = WorkoutItem(slot: "hip-thrust", exerciseID: "hip-thrust", dosage: .reps(3, 12))
            let set = SetLog(reps: 12, effort: 5, pain: 0)
            let workout = try await store.startWorkout(
                userID: id, planID: nil, date: c.day, week: 1, title: "Today",
                items: [item], at: c.at("11:30"))
            await #expect(throws: StoreError.invalidSet("item 3 is not part of this session")) {
                _ = try await store.logSet(set, workout: workout, itemIndex: 2, at: c.at("11:40"))
            }
            await #expect(throws: StoreError.emptyImport) { try await store.importWearable([], userID: id) }
            #expect(StoreError.emptyImport.description == "the file has no posture data to import")

            let file = FileManager.default.temporaryDirectory
                .appendingPathComponent("sitless-backup-\(UUID().uuidString).sqlite").path
            try await store.backup(to: file)
            defer { try? FileManager.default.removeItem(atPath: file) }
            await #expect(throws: StoreError.backupExists(path: file)) { try await store.backup(to: file) }
            #expect(
                StoreError.backupExists(path: "/tmp/b.sqlite").description
                    == "'/tmp/b.sqlite' already exists; choose a new file name")

            let borrowed = Store(database: store.database)
            let why = "this store borrows its database, whose host runs the migrations"
            await #expect(throws: StoreError.migrationRefused(why)) {
                try await borrowed.migrate()
            }
        }
    }

    @Test("a fresh SQLite store reads back WAL, busy_timeout 5000, synchronous NORMAL and foreign keys on")
    func pragmas() async throws {
        try await TestDatabases.withStore("sqlite") { store in
            let values = try await SQLiteSetup.current(on: store.database as! any SQLDatabase)
            #expect(values == ["journal_mode": "wal", "busy_timeout": "5000", "synchronous": "1", "foreign_keys": "1"])
        }
    }

    @Test("an invitation is open until used or expired, and a used one stays used", arguments: TestDatabases.locations)
    func invitations(_ kind: String) async throws {
        try await TestDatabases.withStore(kind) { store in
            var clinician = try await TestDatabases.user(store)
            try await store.setClinician(true, userID: clinician.id)
            clinician.isClinician = true
            let team = try await store.createTeam(name: "Clinic", by: clinician, now: c.at("09:00"))
            let hash = "hash-\(UUID().uuidString)"
            let invite = try await store.createInvite(
                teamID: team.id, by: clinician.id,
                codeHash: hash, expires: c.at("18:00"))
            #expect(invite.status(now: c.at("17:59")) == .open)
            #expect(invite.status(now: c.at("18:00")) == .expired)
            #expect(try await store.invite(codeHash: hash, now: c.at("18:00")) == nil)

            let member = try await TestDatabases.user(store)
            _ = try await store.acceptInvite(codeHash: hash, userID: member.id, now: c.at("10:00"))
            let used = try #require(
                try await InviteRecord.query(on: store.database).filter(\.$codeHash == hash).first())
            #expect(used.status(now: c.at("10:00")) == .used)
            #expect(used.status(now: c.at("19:00")) == .used)
            let other = try await TestDatabases.user(store)
            await #expect(throws: TeamError.invalidInvite) {
                _ = try await store.acceptInvite(codeHash: hash, userID: other.id, now: c.at("10:01"))
            }
        }
    }
}
