import Foundation
import SitLessCore
import SitLessStore
import Vapor

/// The person's active plan as dated sessions.
struct PlanSchedule {
    var plan: TrainingPlanRecord
    var title: String
    var sessions: [ScheduledSession]

    static func load(_ req: Request, user: UserRecord) async throws -> PlanSchedule? {
        let userID = try user.requireID()
        guard let plan = try await req.store.activePlan(userID: userID), let start = LocalDate(iso: plan.startDate) else { return nil }
        let zone = TimeZone(identifier: user.timeZone) ?? .current
        let days = Set(plan.days.split(separator: ",").compactMap { Weekday(parsing: String($0)) })
        let request = ScheduleRequest(start: start, sessionsPerWeek: plan.perWeek, preferredDays: days.isEmpty ? nil : days, timeZone: zone)
        if let id = plan.programID, let program = req.catalog.program(id) {
            let sessions = (try? SessionScheduler.schedule(program, request)) ?? []
            return PlanSchedule(plan: plan, title: program.name, sessions: sessions)
        }
        if let routineID = plan.$routine.id, let record = try await req.store.routine(routineID, userID: userID) {
            let routine = try Store.routine(from: record)
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
    static func read(_ form: inout FormReader, zone: TimeZone) -> (perWeek: Int, start: LocalDate, days: [Weekday])? {
        let perWeek = form.integer("perWeek", label: "Sessions per week", in: 1...7, required: true)
        let start = form.text("start").flatMap(LocalDate.init(iso:))
        if start == nil { form.fail("Start date", "must be a date like 2026-12-07") }
        let days = Weekday.allCases.filter { form.fields["day-\($0.rawValue)"] != nil }
        if days.isEmpty { form.fail("Training days", "choose at least one day") }
        guard let perWeek, let start, !days.isEmpty else { return nil }
        if let problem = problem(start: start, perWeek: perWeek, days: days, zone: zone) {
            form.fail("Training days", problem)
            return nil
        }
        return (perWeek, start, days)
    }

    /// Why these days cannot carry the sessions (no rest day between them, too few), or nil.
    /// The web forms and the API check plans with this one rule.
    static func problem(start: LocalDate, perWeek: Int, days: [Weekday], zone: TimeZone) -> String? {
        do {
            _ = try SessionScheduler.trainingDays(ScheduleRequest(start: start, sessionsPerWeek: perWeek, preferredDays: Set(days), timeZone: zone))
            return nil
        } catch {
            return error.description
        }
    }
}
