import FluentKit
import FluentSQL
import Foundation
import SitLessCore
import Testing

@testable import SitLessStore

/// A person with a bit of everything: settings, sitting by hand, from the desktop agent and a
/// wearable import, break prompts, a routine, three plans (their own routine, a program, a
/// clinician's prescription), a finished workout with a next-morning answer and one in progress.
struct ArchivePerson {
    let user: Account
    let id: UUID
    let finished: UUID
    let inProgress: UUID
    let clinician: UUID
    let clinicianTeam: UUID
    let firstBout: UUID

    static let c = StoreClock()

    static func make(_ store: Store) async throws -> ArchivePerson {
        let c = ArchivePerson.c
        let catalog = try Catalog.builtIn()
        // Lower case, as the web app makes names from email addresses.
        var user = try await store.localUser(named: "ana-\(UUID().uuidString.lowercased())", timeZone: "Europe/Berlin")
        let id = user.id
        user.onboardedAt = c.at("07:55")
        user.safety = .cautions
        user.unit = .pounds
        try await store.saveProfile(user)

        var policy = try await store.coachPolicy(for: user)
        policy.maxSittingMinutes = 45
        policy.quietTimes = [ClockRange(parsing: "12:00-13:00")!]
        try await store.saveCoachPolicy(policy, for: user)

        var firstBout: UUID?
        for (posture, time) in [
            (Posture.sitting, "09:00"), (.standing, "09:50"), (.sitting, "09:55"), (.stepping, "11:30"),
            (.sitting, "11:40"),
        ] {
            let record = try await store.recordPostureChange(
                userID: id, to: posture, at: c.at(time), now: c.at("12:30"), zone: c.zone)
            firstBout = firstBout ?? record?.id
        }
        try await store.insertBouts(
            [PostureBout(.sitting, from: c.at("13:00"), to: c.at("14:10"), source: .desktopPresence, confidence: 0.8)],
            userID: id)
        let job = try await store.createImport(
            userID: id, fileName: "thigh, week 49.csv", placement: "thigh", bytes: 123_456)
        try await store.startImport(job.id)
        try await store.completeImport(
            job.id, userID: id,
            bouts: [
                PostureBout(.sitting, from: c.at("14:30"), to: c.at("15:00"), source: .wearable, confidence: 0.93),
                PostureBout(.standing, from: c.at("15:00"), to: c.at("15:07"), source: .wearable, confidence: 0.9),
            ],
            format: "activPAL events", warnings: ["2 minutes without the sensor"])

        let prompt = BreakPrompt(
            number: 1, kind: .moveBreak, issuedAt: c.at("09:30"), since: c.at("09:00"),
            move: Prescription(exerciseID: "calf-raise", dosage: .reps(1, 15)))
        try await store.recordPromptOutcome(
            PromptRecord(outcome: .snoozed, at: c.at("09:30"), prompt: prompt), userID: id)
        try await store.recordPromptOutcome(
            PromptRecord(outcome: .taken, at: c.at("09:36"), prompt: prompt), userID: id)
        try await store.recordPromptOutcome(
            PromptRecord(outcome: .takenNaturally, at: c.at("11:00"), prompt: nil), userID: id)

        let routine = Routine(
            name: "Desk glutes, short",
            prescriptions: [
                Prescription(exerciseID: "glute-bridge", dosage: .reps(3, 12)),
                Prescription(exerciseID: "side-lying-clam", dosage: .reps(2, 15, each: .side)),
            ], perWeek: WeeklyFrequency(3))
        let routineRecord = try await store.createRoutine(routine, userID: id)
        let plan = try await store.startPlan(
            userID: id, programID: nil, routineID: routineRecord.id, start: c.day,
            perWeek: 3, days: [.monday, .wednesday, .friday], weeks: 4)
        let items = WorkoutItem.items(for: routine.prescriptions, targets: [:])
        let workout = try await store.startWorkout(
            userID: id, planID: plan.id, date: c.day, week: 1, title: "Glutes, day 1",
            items: items, at: c.at("18:00"))
        for n in 1...3 {
            _ = try await store.logSet(
                SetLog(reps: 12, effort: 6, pain: n == 3 ? 2 : 0), workout: workout, itemIndex: 0, at: c.at("18:0\(n)"))
        }
        for n in 1...2 {
            _ = try await store.logSet(
                SetLog(reps: 15, loadKilograms: 2.5, effort: 7, pain: 0), workout: workout, itemIndex: 1,
                at: c.at("18:0\(5 + n)"))
        }
        _ = try await store.finishWorkout(workout, at: c.at("18:15"), catalog: catalog)
        _ = try await store.recordNextMorning(.same, workout: workout, catalog: catalog)

        let program = try await store.startPlan(
            userID: id, programID: "glute-wake-up", routineID: nil, start: c.day.adding(days: 1),
            perWeek: 2, days: [.tuesday, .thursday], weeks: 6)
        let next = try await store.startWorkout(
            userID: id, planID: program.id, date: c.day.adding(days: 1), week: 1,
            title: "Wake-up \"A\"", items: Array(items.prefix(1)),
            at: c.at("18:00").addingTimeInterval(86_400))
        _ = try await store.logSet(
            SetLog(seconds: 30, effort: 5), workout: next, itemIndex: 0, at: c.at("18:02").addingTimeInterval(86_400))

        // A clinician prescribes: a third plan, a target set by them, and a prescription to read.
        let clinicianID = try await TestDatabases.user(store).id
        try await store.setClinician(true, userID: clinicianID)
        let email = "dr-\(clinicianID.uuidString.lowercased())@example.org"
        try await UserRecord.query(on: store.database).filter(\.$id == clinicianID).set(\.$email, to: email).update()
        guard let clinician = try await store.user(id: clinicianID) else {
            throw ArchiveError.noSuchAccount(clinicianID)
        }
        let team = try await store.createTeam(name: "Knee clinic, Mitte", by: clinician, now: c.at("08:00"))
        let code = "code-\(UUID().uuidString)"
        _ = try await store.createInvite(teamID: team.id, by: clinicianID, codeHash: code, expires: c.at("23:00"))
        _ = try await store.acceptInvite(codeHash: code, userID: id, now: c.at("08:05"))
        _ = try await store.assign(
            Store.Assignment(
                title: "After the knee: week 1", programID: nil, routine: nil,
                dosages: ["glute-bridge": .reps(3, 10)], notes: "Stop if it hurts; call me.",
                start: c.day.adding(days: 2), perWeek: 3, days: [.monday, .wednesday, .friday], weeks: 2),
            teamID: team.id, memberID: id, clinicianID: clinicianID)
        return ArchivePerson(
            user: user, id: id, finished: workout.id, inProgress: next.id,
            clinician: clinicianID, clinicianTeam: team.id, firstBout: firstBout!)
    }
}

@Suite("Export, import and deleting an account")
struct ArchiveTests {
    let c = ArchivePerson.c

    @Test(
        "an export imported into a new account on another database exports the same again",
        arguments: TestDatabases.locations)
    func roundTrip(_ kind: String) async throws {
        try await TestDatabases.withStore(kind) { store in
            let person = try await ArchivePerson.make(store)
            let first = try await store.exportArchive(userID: person.id, now: c.at("20:00"))
            #expect(first.profile.onboardedAt == c.at("07:55"))
            #expect(first.profile.safetyOutcome == "cautions")
            #expect(first.profile.loadUnit == "lb")
            let counts: [Int] = [
                first.coachSettings.count, first.postureBouts.count, first.breakPrompts.count, first.routines.count,
                first.trainingPlans.count, first.workouts.count, first.setLogs.count, first.exerciseTargets.count,
                first.imports.count,
            ]
            #expect(counts == [1, 8, 3, 1, 3, 2, 6, 2, 1])
            #expect(first.postureBouts.allSatisfy { $0.createdAt != nil })
            #expect(first.routines.allSatisfy { $0.createdAt != nil && $0.updatedAt != nil })
            #expect(first.imports.first?.updatedAt != nil)
            #expect(first.prescriptions.map(\.title) == ["After the knee: week 1"])
            #expect(first.prescriptions.first?.teamName == "Knee clinic, Mitte")
            #expect(
                first.prescriptions.first?.clinicianEmail
                    == "dr-\(person.clinician.uuidString.lowercased())@example.org")

            // Through the files: tar, then JSON, then back.
            let tar = try TarArchive.write(try store.archiveFiles(first), modified: c.at("20:00"))
            let read = try Store.archive(fromTar: tar)
            #expect(read == first)

            try await TestDatabases.withStore("sqlite") { other in
                let newcomer = try await other.createAccount(
                    email: "\(first.profile.name)@example.org", passwordHash: "$2b$12$x", timeZone: "UTC")
                let newID = newcomer.id
                try await other.importArchive(read, into: newID)
                let second = try await other.exportArchive(userID: newID, now: c.at("21:00"))
                var expected = first
                expected.exportedAt = c.at("21:00")
                expected.prescriptions = []  // they name people on the old server: not imported
                #expect(second == expected)
                #expect(second.prescriptions.isEmpty)

                // The imported rows work with the rest of the store.
                let day = (c.at("00:00"), c.at("23:59"))
                #expect(
                    try await other.bouts(userID: newID, from: day.0, to: day.1, now: c.at("20:00"))
                        == store.bouts(userID: person.id, from: day.0, to: day.1, now: c.at("20:00")))
                #expect(try await other.targets(userID: newID) == store.targets(userID: person.id))
                #expect(try await other.activePlan(userID: newID)?.id == store.activePlan(userID: person.id)?.id)
                #expect(
                    try await other.sets(workoutID: person.finished, userID: newID).map(\.setLog)
                        == store.sets(workoutID: person.finished, userID: person.id).map(\.setLog))
                let imported = try #require(await other.user(id: newID))
                #expect(imported.timeZone == "Europe/Berlin" && imported.name == first.profile.name)
                #expect(imported.unit == .pounds)
                #expect(try await other.coachPolicy(for: imported).maxSittingMinutes == 45)
            }

            // And back on the first database, after the account was deleted and made anew.
            try await store.deleteAccount(userID: person.id)
            let again = try await store.localUser(named: first.profile.name, timeZone: "UTC")
            try await store.importArchive(read, into: again.id)
            var expected = first
            expected.exportedAt = c.at("22:00")
            expected.prescriptions = []
            #expect(try await store.exportArchive(userID: again.id, now: c.at("22:00")) == expected)
        }
    }

    @Test(
        "times to the microsecond, from 2000 to 2090, come back the same on both databases",
        arguments: TestDatabases.locations)
    func microsecondTimes(_ kind: String) async throws {
        try await TestDatabases.withStore(kind) { store in
            let user = try await TestDatabases.user(store)
            // 400 instants spread over 90 years, each with its own microseconds (a fixed LCG, no randomness).
            var seed: UInt64 = 2026
            let bouts = (0..<400).map { _ in
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let micros = Int64(seed >> 11) % (90 * 365 * 86_400 * 1_000_000)
                let start = Date(timeIntervalSince1970: 946_684_800 + Double(micros) / 1e6)  // from 2000-01-01
                return PostureBout(.sitting, from: start, to: start.addingTimeInterval(61.000_001), source: .wearable)
            }
            try await store.insertBouts(bouts, userID: user.id)
            let first = try await store.exportArchive(userID: user.id, now: c.at("20:00"))
            #expect(first.postureBouts.count == 400)
            let read = try Store.archive(fromTar: try TarArchive.write(try store.archiveFiles(first)))
            #expect(read == first)

            try await TestDatabases.withStore("sqlite") { other in
                let newcomer = try await other.localUser(named: first.profile.name, timeZone: "UTC")
                try await other.importArchive(read, into: newcomer.id)
                let second = try await other.exportArchive(userID: newcomer.id, now: c.at("20:00"))
                #expect(second.postureBouts == first.postureBouts)
            }
            try await store.deleteAccount(userID: user.id)
            let again = try await store.localUser(named: first.profile.name, timeZone: "UTC")
            try await store.importArchive(read, into: again.id)
            #expect(
                try await store.exportArchive(userID: again.id, now: c.at("20:00")).postureBouts == first.postureBouts)
        }
    }

    @Test("an archive whose safety outcome is no known word is refused, and nothing is written")
    func unknownSafetyOutcome() async throws {
        try await TestDatabases.withStore("sqlite") { store in
            let user = try await TestDatabases.user(store)
            var archive = try await store.exportArchive(userID: user.id, now: c.at("20:00"))
            archive.profile.safetyOutcome = "maybe"
            let newcomer = try await store.localUser(named: "newcomer", timeZone: "UTC")
            await #expect(throws: ArchiveError.self) { try await store.importArchive(archive, into: newcomer.id) }
            #expect(try await store.user(id: newcomer.id)?.safety == nil)
            archive.profile.safetyOutcome = "stop"
            try await store.importArchive(archive, into: newcomer.id)
            #expect(try await store.user(id: newcomer.id)?.safety == .stop)
        }
    }

    @Test(
        "the CSV files have a header, a line per row, RFC 4180 quoting and UTC times",
        arguments: TestDatabases.locations)
    func csvFiles(_ kind: String) async throws {
        try await TestDatabases.withStore(kind) { store in
            let person = try await ArchivePerson.make(store)
            let files = try store.archiveFiles(try await store.exportArchive(userID: person.id, now: c.at("20:00")))
            #expect(files.map(\.name) == ["sitless-export.json", "sessions.csv", "sets.csv", "bouts.csv"])
            func lines(_ name: String) throws -> [String] {
                let text = String(decoding: try #require(files.first { $0.name == name }).data, as: UTF8.self)
                #expect(text.hasSuffix("\r\n"))
                return text.components(separatedBy: "\r\n").dropLast()
            }
            let sessions = try lines("sessions.csv")
            #expect(sessions.count == 3)
            #expect(sessions[0] == "workout_id,scheduled_date,title,status,started_at,finished_at,next_morning")
            // 18:00 in Berlin in December is 17:00 UTC.
            #expect(
                sessions[1]
                    == "\(person.finished),2026-12-07,\"Glutes, day "
                        + "1\",done,2026-12-07T17:00:00.000Z,2026-12-07T17:15:00.000Z,same"
            )
            #expect(
                sessions[2]
                    == "\(person.inProgress),2026-12-08,\"Wake-up \"\"A\"\"\",in-progress,2026-12-08T17:00:00.000Z,,")

            let sets = try lines("sets.csv")
            #expect(sets.count == 7)
            #expect(
                sets[0] == "workout_id,scheduled_date,exercise_id,set_number,reps,seconds,load_kg,effort,pain,logged_at"
            )
            #expect(sets[1] == "\(person.finished),2026-12-07,glute-bridge,1,12,,,6,0,2026-12-07T17:01:00.000Z")
            #expect(sets[5] == "\(person.finished),2026-12-07,side-lying-clam,2,15,,2.5,7,0,2026-12-07T17:07:00.000Z")
            #expect(sets[6] == "\(person.inProgress),2026-12-08,glute-bridge,1,,30,,5,,2026-12-08T17:02:00.000Z")

            let bouts = try lines("bouts.csv")
            #expect(bouts.count == 9)
            #expect(bouts[0] == "id,posture,source,start_at,end_at,confidence")
            #expect(
                bouts[1] == "\(person.firstBout),sitting,manual,2026-12-07T08:00:00.000Z,2026-12-07T08:50:00.000Z,1.0")
            #expect(bouts[5].hasSuffix(",sitting,manual,2026-12-07T10:40:00.000Z,,1.0"))  // still open
            #expect(bouts[8].hasSuffix(",standing,wearable,2026-12-07T14:00:00.000Z,2026-12-07T14:07:00.000Z,0.9"))
        }
    }

    @Test(
        "importing an export twice into one database is refused and writes nothing", arguments: TestDatabases.locations)
    func importTwice(_ kind: String) async throws {
        try await TestDatabases.withStore(kind) { store in
            let person = try await ArchivePerson.make(store)
            let archive = try await store.exportArchive(userID: person.id, now: c.at("20:00"))

            // A second account on the same server, with coach settings of its own.
            let other = try await store.localUser(named: "test-\(UUID().uuidString)", timeZone: "UTC")
            let otherID = other.id
            var policy = try await store.coachPolicy(for: other)
            policy.maxSittingMinutes = 20
            try await store.saveCoachPolicy(policy, for: other)
            let before = try await store.exportArchive(userID: otherID, now: c.at("20:00"))

            do {
                try await store.importArchive(archive, into: otherID)
                Issue.record("the same rows were imported twice")
            } catch let error as ArchiveError {
                guard case .alreadyOnServer = error else { throw error }
                #expect(error.description.hasPrefix("this export has already been imported on this server"))
                #expect(error.description.hasSuffix("nothing was imported"))
            }
            #expect(try await store.exportArchive(userID: otherID, now: c.at("20:00")) == before)
            #expect(before.coachSettings.count == 1 && before.profile.timeZone == "UTC")

            // Into the account it came from: it has data already.
            await #expect(throws: ArchiveError.accountHasData) {
                try await store.importArchive(archive, into: person.id)
            }
            #expect(
                ArchiveError.accountHasData.description
                    == "this account already has sitting or training data; an export can only be imported into an "
                        + "account without any, so nothing was imported"
            )
            #expect(try await store.exportArchive(userID: person.id, now: c.at("20:00")) == archive)
        }
    }

    @Test(
        "an unknown version, a damaged file or an export that contradicts itself is refused, naming the problem",
        arguments: TestDatabases.locations)
    func refusedArchives(_ kind: String) async throws {
        try await TestDatabases.withStore(kind) { store in
            let person = try await ArchivePerson.make(store)
            let archive = try await store.exportArchive(userID: person.id, now: c.at("20:00"))
            let files = try store.archiveFiles(archive)
            let json = files[0].data
            func tar(_ data: Data) throws -> Data { try TarArchive.write([(name: "sitless-export.json", data: data)]) }
            func edited(_ change: (inout [String: Any]) -> Void) throws -> Data {
                var object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
                change(&object)
                return try tar(try JSONSerialization.data(withJSONObject: object))
            }
            func problem(_ data: Data) -> String {
                do {
                    _ = try Store.archive(fromTar: data)
                    return "read without a problem"
                } catch {
                    return String(describing: error)
                }
            }

            #expect(
                problem(try tar(json.prefix(200))).hasPrefix("sitless-export.json cannot be read: it is not valid JSON")
            )
            #expect(
                problem(try edited { $0["workouts"] = nil })
                    == "sitless-export.json cannot be read: 'workouts' is missing")
            #expect(
                problem(
                    try edited { object in
                        var routines = object["routines"] as? [[String: Any]] ?? []
                        routines[0]["per_week"] = "three"
                        object["routines"] = routines
                    }) == "sitless-export.json cannot be read: 'routines[0].per_week' should be a number")
            #expect(
                problem(
                    try edited { object in
                        var bouts = object["posture_bouts"] as? [[String: Any]] ?? []
                        bouts[0]["start_at"] = "yesterday at nine"
                        object["posture_bouts"] = bouts
                    })
                    == "sitless-export.json cannot be read: 'posture_bouts[0].start_at': 'yesterday at nine' is not "
                        + "an ISO-8601 time such as 2026-12-07T08:00:00.000Z"
            )
            #expect(problem(try edited { $0["version"] = 2 }) == ArchiveError.unknownVersion(2).description)
            #expect(
                try Store.archive(
                    fromTar: try TarArchive.write([(name: "sitless-export-2026-12-07/sitless-export.json", data: json)])
                )
                    == archive)
            #expect(
                problem(try TarArchive.write([(name: "notes.txt", data: Data("hello".utf8))]))
                    == "the archive has no sitless-export.json, so it is not a SitLess export")
            var damaged = try TarArchive.write(files)
            damaged[0] ^= 0x20
            #expect(problem(damaged).hasPrefix("the archive is damaged: the header at byte 0 has checksum"))

            // Refused before anything is written.
            let fresh = try await TestDatabases.user(store)
            let freshID = fresh.id
            var newer = archive
            newer.version = 2
            await #expect(throws: ArchiveError.unknownVersion(2)) {
                try await store.importArchive(newer, into: freshID)
            }
            var orphan = archive
            orphan.workouts.removeAll { $0.id == person.inProgress }
            let orphanSet = try #require(orphan.setLogs.first { $0.workoutID == person.inProgress })
            await #expect(
                throws: ArchiveError.inconsistent(
                    "the logged set \(orphanSet.id) belongs to workout \(person.inProgress), which is not in it")
            ) {
                try await store.importArchive(orphan, into: freshID)
            }
            let after = try await store.exportArchive(userID: freshID, now: c.at("20:00"))
            #expect(after.postureBouts.isEmpty && after.workouts.isEmpty && after.coachSettings.isEmpty)
            #expect(after.profile.timeZone == "Europe/Berlin" && after.profile.onboardedAt == nil)
        }
    }

    @Test(
        "deleting an account removes the person and everything that is theirs, and nothing of anyone else's",
        arguments: TestDatabases.locations)
    func deleteAccount(_ kind: String) async throws {
        try await TestDatabases.withStore(kind) { store in
            let sql = try #require(store.database as? any SQLDatabase)
            let person = try await ArchivePerson.make(store)
            let id = person.id
            let token = AccessTokenRecord()
            token.$user.id = id
            token.kind = "api"
            token.name = "phone"
            token.tokenHash = "hash-\(UUID().uuidString)"
            token.hint = "sl_ab"
            try await token.create(on: store.database)
            // Someone tried to sign in to the person's email and to the neighbour's.
            let name = try #require(await store.user(id: id)).name
            let email = "\(name)@example.org"
            try await UserRecord.query(on: store.database).filter(\.$id == id).set(\.$email, to: email).update()
            let neighbourEmail = "neighbour-\(UUID().uuidString)@example.org"
            for tried in [email.uppercased(), email, neighbourEmail] {
                _ = try await store.recordSignInAttempt(
                    key: Store.signInKey(email: tried), at: c.at("08:30"), window: 900)
            }
            #expect(
                try await store.recordSignInAttempt(key: Store.signInKey(email: email), at: c.at("08:31"), window: 900)
                    == 3)

            // The person is also a clinician with a team of their own, a member in it and an invitation out.
            let neighbour = try await TestDatabases.user(store)
            let neighbourID = neighbour.id
            try await store.insertBouts(
                [PostureBout(.sitting, from: c.at("09:00"), to: c.at("10:00"), source: .manual)], userID: neighbourID)
            try await store.setClinician(true, userID: id)
            let me = try #require(await store.user(id: id))
            let ownTeam = try await store.createTeam(name: "Desk health", by: me, now: c.at("08:00"))
            let code = "code-\(UUID().uuidString)"
            _ = try await store.createInvite(teamID: ownTeam.id, by: id, codeHash: code, expires: c.at("23:00"))
            _ = try await store.acceptInvite(codeHash: code, userID: neighbourID, now: c.at("08:10"))
            _ = try await store.createInvite(
                teamID: ownTeam.id, by: id, codeHash: "open-\(code)", expires: c.at("23:00"))
            _ = try await store.assign(
                Store.Assignment(
                    title: "Bridges", programID: nil, routine: nil, dosages: ["glute-bridge": .reps(2, 10)],
                    notes: "", start: c.day, perWeek: 2, days: [.tuesday, .friday], weeks: 2),
                teamID: ownTeam.id, memberID: neighbourID, clinicianID: id)
            // Signed in twice, the neighbour once.
            for (key, user) in [("s1", id), ("s2", id), ("s3", neighbourID)] {
                try await store.createWebSession(
                    key: "\(key)-\(UUID().uuidString)", data: ["_UserRecordSession": user.uuidString],
                    userID: user, now: c.at("08:20"))
            }

            try await store.deleteAccount(userID: id)

            // Every column that refers to a person, found in the schema itself.
            let references = try await ArchiveTests.userReferences(sql)
            #expect(references.contains("set_logs.user_id") && references.contains("assignments.clinician_id"))
            for reference in references {
                let parts = reference.split(separator: ".").map(String.init)
                let count = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(
                    parts[0]
                )
                .where(SQLIdentifier(parts[1]), .equal, SQLBind(id)).first(decodingColumn: "n", as: Int.self)
                #expect(count == 0, "\(reference) still refers to the deleted account")
            }
            #expect(try await store.user(id: id) == nil)
            #expect(
                try await SignInAttempt.query(on: store.database).filter(\.$key == Store.signInKey(email: email))
                    .count() == 0)
            #expect(
                try await SignInAttempt.query(on: store.database).filter(
                    \.$key == Store.signInKey(email: neighbourEmail)
                ).count() == 1)
            let sessions = try await WebSession.query(on: store.database).all().filter {
                $0.data.values.contains(id.uuidString)
            }
            #expect(sessions.isEmpty)
            #expect(
                try await WebSession.query(on: store.database).all().contains {
                    $0.data.values.contains(neighbourID.uuidString)
                })

            // Others keep theirs; the clinician's team the person was in stays, without them.
            #expect(try await store.user(id: neighbourID) != nil)
            #expect(
                try await store.bouts(userID: neighbourID, from: c.at("00:00"), to: c.at("23:59"), now: c.at("23:59"))
                    .count == 1)
            #expect(try await store.teams(userID: neighbourID).isEmpty)
            #expect(try await store.assignments(memberID: neighbourID).isEmpty)
            #expect(
                try await store.teamMembers(person.clinicianTeam, viewer: person.clinician).map { try $0.user.id } == [
                    person.clinician
                ])
            #expect(
                try await InviteRecord.query(on: store.database).filter(\.$team.$id == person.clinicianTeam).count()
                    == 1)
        }
    }

    /// `table.column` for every foreign key to `users`, plus `users.id`.
    static func userReferences(_ sql: any SQLDatabase) async throws -> Set<String> {
        struct Reference: Decodable {
            var tbl: String
            var col: String
        }
        let rows: [Reference]
        if sql.dialect.name == "postgresql" {
            rows = try await sql.raw(
                """
                SELECT c.conrelid::regclass::text AS tbl, a.attname::text AS col FROM pg_constraint c
                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
                WHERE c.contype = 'f' AND c.confrelid = 'users'::regclass
                """
            ).all(decoding: Reference.self)
        } else {
            rows = try await sql.raw(
                """
                SELECT m.name AS tbl, p."from" AS col FROM sqlite_master m, pragma_foreign_key_list(m.name) p
                WHERE m.type = 'table' AND p."table" = 'users'
                """
            ).all(decoding: Reference.self)
        }
        return Set(rows.map { "\($0.tbl).\($0.col)" } + ["users.id"])
    }
}

/// A row of the web app's sessions table, in the columns of Vapor's Fluent sessions driver.
final class WebSession: Model, @unchecked Sendable {
    static let schema = "_fluent_sessions"
    @ID(key: .id) var id: UUID?
    @Field(key: "key") var key: String
    @Field(key: "data") var data: [String: String]
    init() {}
    init(key: String, data: [String: String]) {
        self.key = key
        self.data = data
    }
}
