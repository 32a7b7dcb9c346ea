import Foundation
import SitLessCore
import SitLessStore
import Vapor

/// The Today page and its one-tap actions.
enum TodayController {
    struct Item: Encodable, Sendable {
        var name: String
        var dosage: String
        var exerciseID: String
        /// Why it differs from the plan's prescription (`NextSession`'s rule); `nil` when it does not.
        var why: String?
    }
    struct SessionModel: Encodable, Sendable {
        var planTitle: String
        var template: String
        var when: String
        var scheduledToday: Bool
        var items: [Item]
        var minutes: Int
    }
    struct Model: Encodable, Sendable {
        var date: String
        var sitting: String
        var goal: String
        var goalPercent: Int
        var overGoal: Bool
        var breaks: Int
        var longest: String
        var posture: String
        var postureSince: String?
        var isSitting: Bool
        var nextDue: String?
        var nextDueClock: String?
        var overdue: Bool
        var session: SessionModel?
        var inProgressID: String?
        var doneToday: Bool
        var morningWorkoutID: String?
        var morningTitle: String?
        var safetyStop: Bool
        var noPlan: Bool
        /// The safety check's cautions: they stay on Today (and in the player, where they apply).
        var cautions: [String]
    }

    static func page(_ req: Request) async throws -> Page<Model> {
        let user = try req.user
        let userID = user.id
        let now = req.now
        let zone = user.zone
        let today = LocalDate(now, in: zone)
        // Everything the page shows, read with the session (the load benchmark's page).
        let data = try await req.personData(reads(today: today, user: user), userID: userID, now: now)
        let day = Store.sittingDays([today], user: user, data: data, now: now).days[0]

        let (inProgress, todays) = Store.recent(data.workouts, from: today.adding(days: -7), to: today)
        let doneToday = todays.contains { $0.status == .done && $0.date == today }
        var session: SessionModel?
        var noPlan = true
        if let schedule = try PlanSchedule.make(
            plan: data.plan, routine: data.routine, user: user, catalog: req.catalog),
            // Done today: the next session, with what it holds now.
            let (next, isToday) = schedule.session(for: doneToday ? today.adding(days: 1) : today)
        {
            noPlan = false
            // The person's library costs queries; Today (the busiest page) reads it only when
            // the session holds an exercise the built-in catalog does not have.
            let builtIn = next.prescriptions.allSatisfy { req.catalog.exercise($0.exerciseID) != nil }
            let catalog = builtIn ? req.catalog : try await req.library().catalog
            let items = NextItems.make(
                next.prescriptions, targets: data.targets, notes: data.targetNotes, catalog: catalog, zone: zone
            ).map {
                Item(
                    name: catalog.exercise($0.item.exerciseID)?.name ?? $0.item.exerciseID,
                    dosage: $0.item.dosage.volume(in: req.loadUnit),
                    exerciseID: $0.item.exerciseID, why: $0.prescribed == nil ? nil : $0.why)
            }
            session = SessionModel(
                planTitle: schedule.title, template: next.template,
                when: isToday && !doneToday ? "today" : Format.day(next.date),
                scheduledToday: isToday && !doneToday, items: items, minutes: next.minutes)
        }
        let morning = todays.last { $0.status == .done && $0.nextMorning == nil && $0.date < today }

        let m = day.day
        let goalSeconds = Double(day.goalMinutes * 60)
        return Page(
            template: "today", title: "Today", nav: "today",
            model: Model(
                date: Format.day(today), sitting: DurationText.minutes(m.sittingSeconds),
                goal: DurationText.minutes(goalSeconds),
                goalPercent: goalSeconds > 0 ? min(100, Int(m.sittingSeconds / goalSeconds * 100)) : 0,
                overGoal: m.sittingSeconds > goalSeconds, breaks: m.breaks,
                longest: m.longestBoutSeconds.map(DurationText.minutes) ?? "none yet",
                posture: day.posture == .stepping
                    ? "walking" : day.posture == .unknown ? "no entry" : day.posture.rawValue,
                postureSince: day.postureSince.map { Format.clock($0, zone) }, isSitting: day.posture.isSedentary,
                nextDue: day.nextPromptDue.map(Format.iso),
                nextDueClock: day.nextPromptDue.map { Format.clock($0, zone) },
                overdue: day.nextPromptDue.map { $0 <= now } ?? false,
                session: session, inProgressID: inProgress?.id.uuidString, doneToday: doneToday,
                morningWorkoutID: morning?.id.uuidString, morningTitle: morning?.title,
                safetyStop: user.safety == .stop, noPlan: noPlan,
                cautions: SafetyScreen.cautions(stored: user.safetyCautions).map(\.advice)))
    }

    /// What the page shows of a person on their `today`.
    static func reads(today: LocalDate, user: Account) -> PersonReads {
        var reads = Store.sittingReads([today], user: user)
        reads.plan = true
        reads.targets = true
        reads.workouts = (today.adding(days: -7), today)
        return reads
    }

    /// `reads(today:user:)` for anyone at `now`, whatever their time zone (UTC-12 to UTC+14,
    /// days of 23 to 25 hours): their day began at most 25 hours before `now` (bouts are read
    /// from 12 hours before that) and ends at most 25 hours after, and their date is the UTC
    /// date or one next to it. Where a zone still falls outside, `covers` says so and the page
    /// reads again.
    static let readsAhead = ReadsAhead { now in
        let utc = LocalDate(now, in: utcZone)
        return PersonReads(
            coachPolicy: true,
            bouts: .init(from: now.addingTimeInterval(-38 * 3600), to: now.addingTimeInterval(26 * 3600)),
            prompts: .init(from: now.addingTimeInterval(-26 * 3600), to: now.addingTimeInterval(26 * 3600)),
            plan: true, targets: true, workouts: (utc.adding(days: -9), utc.adding(days: 2)))
    }

    private static let utcZone = TimeZone(identifier: "UTC")!

    /// "I'm up" / "I'm sitting" / "Away".
    static func posture(_ req: Request) async throws -> Response {
        let user = try req.user
        let fields = try req.form()
        let posture: Posture
        switch fields["posture"] {
        case "sitting": posture = .sitting
        case "standing": posture = .standing
        case "walking": posture = .stepping
        case "away": posture = .unknown
        default:
            throw Abort(.unprocessableEntity, reason: "posture must be sitting, standing, walking or away")
        }
        let zone = user.zone
        do {
            try await req.store.recordPostureChange(userID: user.id, to: posture, at: req.now, now: req.now, zone: zone)
        } catch let error as StoreError {
            throw Abort(.unprocessableEntity, reason: error.description)
        }
        return req.redirect(
            to: "/",
            flash: posture == .sitting ? "Sitting: the break timer is running." : "Noted. Every time you get up counts."
        )
    }

    /// How the morning after a session feels: better, same or worse.
    static func morning(_ req: Request) async throws -> Response {
        let fields = try req.form()
        guard let id = fields["workout"].flatMap(UUID.init(uuidString:)),
            let workout = try await req.store.workout(id, userID: try req.userID)
        else { throw Abort(.notFound) }
        guard let answer = fields["answer"].flatMap(NextMorningPain.init(rawValue:)) else {
            throw Abort(.unprocessableEntity, reason: "answer must be better, same or worse")
        }
        let decisions = try await req.store.recordNextMorning(
            answer, workout: workout, catalog: try await req.library().catalog)
        let message = decisions == nil ? "Thanks, noted." : "Noted: next session will be a little lighter."
        return req.redirect(to: "/", flash: message)
    }
}
