import Foundation
import SitLessCore
import SitLessStore
import Vapor

/// The person's active plan as dated sessions.
struct PlanSchedule {
    var plan: Plan
    var title: String
    var sessions: [ScheduledSession]

    struct ProgramScheduleKey: Hashable, Sendable {
        var programID: String
        var request: ScheduleRequest
    }
    static let programSchedules = MemoCache<ProgramScheduleKey, [ScheduledSession]>(limit: 4096)

    static func load(_ req: Request, user: Account) async throws -> PlanSchedule? {
        let data = try await req.store.read(PersonReads(plan: true), userID: user.id, now: req.now)
        return try make(plan: data.plan, routine: data.routine, user: user, catalog: req.catalog)
    }

    /// The schedule of a plan read with `PersonReads.plan` (its routine came with it).
    static func make(plan: Plan?, routine: SavedRoutine?, user: Account, catalog: Catalog) throws -> PlanSchedule? {
        guard let plan else { return nil }
        let start = plan.start
        let zone = user.zone
        let days = Set(plan.days)
        let request = ScheduleRequest(
            start: start, sessionsPerWeek: plan.perWeek, preferredDays: days.isEmpty ? nil : days, timeZone: zone)
        if let id = plan.programID, let program = catalog.program(id) {
            // The catalog never changes while the server runs: a program's schedule is a
            // function of these settings alone (computing it showed in the Today page's profile).
            let sessions = PlanSchedule.programSchedules.value(for: ProgramScheduleKey(programID: id, request: request))
            {
                (try? SessionScheduler.schedule(program, request)) ?? []
            }
            return PlanSchedule(plan: plan, title: program.name, sessions: sessions)
        }
        if let routineID = plan.routineID, let record = routine, record.id == routineID {
            let routine = record.routine
            let sessions = (try? SessionScheduler.schedule(routine, weeks: plan.weeks, request)) ?? []
            return PlanSchedule(plan: plan, title: routine.name, sessions: sessions)
        }
        return nil
    }

    /// Today's session, or else the next one to come (so a person can still train today).
    func session(for day: LocalDate) -> (session: ScheduledSession, scheduledToday: Bool)? {
        if let today = sessions.first(where: { $0.date == day }) { return (today, true) }
        if let next = sessions.first(where: { $0.date > day }) { return (next, false) }
        return sessions.last.map { ($0, false) }
    }
}

/// The "sessions per week, days, start date" part of the forms that start a program or
/// routine, checked the same way everywhere (including that the days leave rest days).
enum PlanForm {
    /// The training-day checkboxes: Monday, Wednesday and Friday at first; what was ticked
    /// when a form comes back with errors.
    static func days(_ typed: [String: String]? = nil) -> [OnboardingController.DayChoice] {
        Weekday.allCases.map { day in
            OnboardingController.DayChoice(
                value: day.rawValue, name: day.name,
                checked: typed.map { $0["day-\(day.rawValue)"] != nil } ?? [.monday, .wednesday, .friday].contains(day))
        }
    }

    static func read(
        _ form: inout FormReader, zone: TimeZone, now: Date
    ) -> (perWeek: Int, start: LocalDate, days: [Weekday])? {
        let perWeek = form.integer("perWeek", label: "Sessions per week", in: 1...7, required: true)
        var start = form.text("start").flatMap(LocalDate.init(iso:))
        if start == nil { form.fail("Start date", "must be a date like 2026-12-07") }
        if let day = start, let problem = startProblem(day, now: now, zone: zone) {
            form.fail("Start date", problem)
            start = nil
        }
        let days = Weekday.allCases.filter { form.fields["day-\($0.rawValue)"] != nil }
        if days.isEmpty { form.fail("Training days", "choose at least one day") }
        guard let perWeek, let start, !days.isEmpty else { return nil }
        if let problem = problem(start: start, perWeek: perWeek, days: days, zone: zone) {
            form.fail("Training days", problem)
            return nil
        }
        return (perWeek, start, days)
    }

    /// Why a plan cannot start on `start` (before 2000 or more than ten years ahead), or nil.
    static func startProblem(_ start: LocalDate, now: Date, zone: TimeZone) -> String? {
        do {
            try TimeBounds.check(start, today: LocalDate(now, in: zone), field: "start")
            return nil
        } catch {
            return error.message
        }
    }

    /// Why these days cannot carry the sessions (no rest day between them, too few), or nil.
    /// The web forms and the API check plans with this one rule.
    static func problem(start: LocalDate, perWeek: Int, days: [Weekday], zone: TimeZone) -> String? {
        do {
            _ = try SessionScheduler.trainingDays(
                ScheduleRequest(start: start, sessionsPerWeek: perWeek, preferredDays: Set(days), timeZone: zone))
            return nil
        } catch {
            return error.description
        }
    }
}
