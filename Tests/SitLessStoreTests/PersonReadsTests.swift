import FluentKit
import Foundation
import SitLessCore
import Testing

@testable import SitLessStore

/// `Store.read`: every part of a person's data in one statement, on both databases.
@Suite("One read of a person's data")
struct PersonReadsTests {
    let c = StoreClock()

    @Test("each part comes back as stored, in order, and only the person's own", arguments: TestDatabases.locations)
    func everything(_ kind: String) async throws {
        try await TestDatabases.withStore(kind) { store in
            let user = try await TestDatabases.user(store)
            let other = try await TestDatabases.user(store)
            let id = user.id
            let otherID = other.id
            let now = c.at("12:00")

            var policy = CoachPolicy(timeZone: "Europe/Berlin")
            policy.maxSittingMinutes = 45
            try await store.saveCoachPolicy(policy, for: user)
            // Sat 08:00-09:30, stood until 09:40, sitting since 09:40 (open manual entry);
            // the other person sat all morning.
            try await store.recordPostureChange(userID: id, to: .sitting, at: c.at("08:00"), now: now, zone: c.zone)
            try await store.recordPostureChange(userID: id, to: .standing, at: c.at("09:30"), now: now, zone: c.zone)
            try await store.recordPostureChange(userID: id, to: .sitting, at: c.at("09:40"), now: now, zone: c.zone)
            try await store.recordPostureChange(
                userID: otherID, to: .sitting, at: c.at("07:00"), now: now, zone: c.zone)
            try await store.recordPromptOutcome(
                userID: id, outcome: .taken, at: c.at("10:15"), issuedAt: c.at("10:10"),
                kind: "move-break", exerciseID: "hip-thrust", dosage: "1 x 10")
            try await store.recordPromptOutcome(
                userID: id, outcome: .snoozed, at: c.at("11:00"), issuedAt: nil, kind: nil,
                exerciseID: nil, dosage: nil)
            try await store.recordPromptOutcome(
                userID: otherID, outcome: .taken, at: c.at("10:20"), issuedAt: nil, kind: nil,
                exerciseID: nil, dosage: nil)

            let routine = try await store.createRoutine(
                Routine(
                    name: "Desk reset", prescriptions: [Prescription(exerciseID: "hip-thrust", dosage: .reps(3, 12))]),
                userID: id)
            let plan = try await store.startPlan(
                userID: id, programID: nil, routineID: routine.id, start: c.day,
                perWeek: 3, days: [.monday, .wednesday, .friday], weeks: 6)
            _ = try await store.startPlan(
                userID: otherID, programID: "glute-wake-up", routineID: nil, start: c.day,
                perWeek: 3, days: [.monday, .wednesday, .friday], weeks: 4)

            let target = ExerciseTargetRecord()
            target.$user.id = id
            target.slot = "hip-thrust"
            target.exerciseID = "hip-thrust"
            target.dosageJSON = try StoredJSON.encode(Dosage.reps(3, 15))
            target.loadIncreases = 2
            try await target.create(on: store.database)

            let item = WorkoutItem(slot: "hip-thrust", exerciseID: "hip-thrust", dosage: .reps(3, 12))
            let old = try await store.startWorkout(
                userID: id, planID: nil, date: c.day.adding(days: -20), week: 1, title: "Long ago",
                items: [item], at: c.at("07:00").addingTimeInterval(-20 * 86400))
            let lastWeek = try await store.startWorkout(
                userID: id, planID: plan.id, date: c.day.adding(days: -2), week: 1,
                title: "Saturday", items: [item], at: c.at("07:30").addingTimeInterval(-2 * 86400))
            _ = try await store.startWorkout(
                userID: otherID, planID: nil, date: c.day, week: 1, title: "Not mine", items: [item], at: c.at("08:00"))
            let today = try await store.startWorkout(
                userID: id, planID: plan.id, date: c.day, week: 1, title: "Today",
                items: [item], at: c.at("11:30"))

            let data = try await store.read(
                PersonReads(
                    coachPolicy: true, bouts: .init(from: c.at("00:00"), to: c.at("23:59")),
                    prompts: .init(from: c.at("00:00"), to: c.at("23:59")),
                    plan: true, targets: true, workouts: (c.day.adding(days: -7), c.day)), userID: id, now: now)

            #expect(data.storedPolicy?.maxSittingMinutes == 45)
            #expect(data.bouts.map(\.posture) == [.sitting, .standing, .sitting])
            #expect(data.bouts.map { Int($0.duration / 60) } == [90, 10, 140])  // the open entry runs until 12:00
            #expect(data.bouts.first?.start == c.at("08:00"))
            #expect(data.prompts.map(\.outcome) == [.taken, .snoozed])
            #expect(data.prompts.first?.prompt?.issuedAt == c.at("10:10"))
            #expect(data.prompts.first?.prompt?.move?.exerciseID == "hip-thrust")
            #expect(data.prompts.last?.prompt == nil)
            #expect(data.plan?.id == plan.id)
            #expect(data.plan?.days == [.monday, .wednesday, .friday])
            #expect(data.plan?.weeks == 6)
            #expect(data.plan?.routineID == routine.id)
            #expect(data.routine?.name == "Desk reset")
            #expect(data.routine?.routine.prescriptions.first?.dosage == .reps(3, 12))
            #expect(
                data.targets["hip-thrust"]
                    == TrainingTarget(exerciseID: "hip-thrust", dosage: .reps(3, 15), loadIncreases: 2))
            // The last 7 days and anything in progress, oldest first; the 20-day-old one is
            // still in progress, so it comes too.
            #expect(data.workouts.map(\.title) == ["Long ago", "Saturday", "Today"])
            #expect(data.workouts.map(\.id) == [old.id, lastWeek.id, today.id])
            #expect(data.workouts.last?.startedAt == c.at("11:30"))
            #expect(data.workouts.allSatisfy { $0.status == .inProgress && $0.finishedAt == nil })
            let (inProgress, recent) = Store.recent(data.workouts, from: c.day.adding(days: -7), to: c.day)
            #expect(inProgress?.title == "Today")
            #expect(recent.map(\.title) == ["Saturday", "Today"])

            // Nothing asked, nothing read; a person with nothing stored gets empty parts.
            let none = try await store.read(PersonReads(), userID: id, now: now)
            #expect(none.bouts.isEmpty && none.plan == nil && none.storedPolicy == nil)
            let empty = try await TestDatabases.user(store)
            let nothing = try await store.read(
                PersonReads(
                    coachPolicy: true, bouts: .init(from: c.at("00:00"), to: c.at("23:59")),
                    prompts: .init(from: c.at("00:00"), to: c.at("23:59")), plan: true,
                    targets: true, workouts: (c.day, c.day)),
                userID: empty.id, now: now)
            #expect(nothing.storedPolicy == nil && nothing.bouts.isEmpty && nothing.prompts.isEmpty)
            #expect(
                nothing.plan == nil && nothing.routine == nil && nothing.targets.isEmpty && nothing.workouts.isEmpty)
        }
    }

    @Test(
        "read ahead with the session over wider spans, a person's data is what the exact read finds",
        arguments: TestDatabases.locations)
    func readAhead(_ kind: String) async throws {
        try await TestDatabases.withStore(kind) { store in
            let user = try await TestDatabases.user(store)
            let other = try await TestDatabases.user(store)
            let id = user.id
            let otherID = other.id
            let now = c.at("12:00")
            let day: TimeInterval = 86_400
            // Yesterday evening's bout and prompt lie outside today's read, inside the wide one.
            try await store.insertBouts(
                [
                    PostureBout(
                        .sitting, from: c.at("20:00").addingTimeInterval(-day),
                        to: c.at("21:00").addingTimeInterval(-day), source: .manual),
                    PostureBout(.sitting, from: c.at("08:00"), to: c.at("09:30"), source: .manual),
                    PostureBout(.standing, from: c.at("09:30"), to: c.at("09:40"), source: .manual),
                ], userID: id)
            try await store.insertBouts(
                [PostureBout(.sitting, from: c.at("08:00"), to: c.at("11:00"), source: .manual)], userID: otherID)
            try await store.recordPromptOutcome(
                userID: id, outcome: .skipped, at: c.at("21:00").addingTimeInterval(-day), issuedAt: nil,
                kind: nil, exerciseID: nil, dosage: nil)
            try await store.recordPromptOutcome(
                userID: id, outcome: .taken, at: c.at("10:15"), issuedAt: c.at("10:10"), kind: "move-break",
                exerciseID: "hip-thrust", dosage: "1 x 10")
            _ = try await store.startPlan(
                userID: id, programID: "glute-wake-up", routineID: nil, start: c.day, perWeek: 3,
                days: [.monday, .wednesday, .friday], weeks: 4)
            let item = WorkoutItem(slot: "hip-thrust", exerciseID: "hip-thrust", dosage: .reps(3, 12))
            for (title, daysAgo) in [("Nine days ago", 9), ("Two days ago", 2)] {
                let workout = try await store.startWorkout(
                    userID: id, planID: nil, date: c.day.adding(days: -daysAgo), week: 1, title: title,
                    items: [item], at: c.at("07:00").addingTimeInterval(-Double(daysAgo) * day))
                try await WorkoutRecord.query(on: store.database).filter(\.$id == workout.id)
                    .set(\.$status, to: WorkoutStatus.done.rawValue).update()
            }
            _ = try await store.startWorkout(
                userID: id, planID: nil, date: c.day.adding(days: -20), week: 1, title: "Still open",
                items: [item], at: c.at("07:00").addingTimeInterval(-20 * day))

            let exact = PersonReads(
                coachPolicy: true, bouts: .init(from: c.at("06:00"), to: c.at("23:59")),
                prompts: .init(from: c.at("00:00"), to: c.at("23:59")), plan: true, targets: true,
                workouts: (c.day.adding(days: -7), c.day))
            let wide = PersonReads(
                coachPolicy: true,
                bouts: .init(from: now.addingTimeInterval(-2 * day), to: now.addingTimeInterval(day)),
                prompts: .init(from: now.addingTimeInterval(-2 * day), to: now.addingTimeInterval(day)), plan: true,
                targets: true, workouts: (c.day.adding(days: -10), c.day.adding(days: 1)))
            #expect(wide.covers(exact) && !exact.covers(wide))
            #expect(!PersonReads(coachPolicy: true).covers(PersonReads(plan: true)))

            let key = "ahead-\(UUID().uuidString)"
            try await store.createWebSession(
                key: key, data: ["_UserRecordSession": id.uuidString], userID: id, now: now)
            let session = try #require(
                try await store.webSession(
                    key: key, now: now, as: [String: String].self,
                    readingAhead: wide))
            #expect(session.user?.id == id)
            let all = try #require(session.ahead)
            let ahead = all.narrowed(to: exact)
            let direct = try await store.read(exact, userID: id, now: now)

            #expect(
                ahead.bouts.map { [$0.start, $0.end] } == [
                    [c.at("08:00"), c.at("09:30")], [c.at("09:30"), c.at("09:40")],
                ])
            #expect(ahead.bouts.map { [$0.start, $0.end] } == direct.bouts.map { [$0.start, $0.end] })
            #expect(ahead.prompts.map(\.outcome) == [.taken] && direct.prompts.map(\.outcome) == [.taken])
            #expect(ahead.workouts.map(\.title) == ["Still open", "Two days ago"])
            #expect(ahead.workouts.map(\.id) == direct.workouts.map(\.id))
            #expect(ahead.plan?.programID == "glute-wake-up" && ahead.plan?.id == direct.plan?.id)
            // Read wide, everything in the wide spans comes.
            #expect(all.bouts.count == 3 && all.prompts.count == 2 && all.workouts.count == 3)
        }
    }
}
