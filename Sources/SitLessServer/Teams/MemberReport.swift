import Foundation
import SitLessCore
import SitLessStore
import Vapor

/// What a clinician sees of one member (and the member of themselves): adherence against
/// the prescribed sessions per week, pain reports, progression steps and sitting. Built
/// only after the caller has checked the viewer may see this member.
struct MemberReport: Content {
    struct Week: Content {
        var weekStart: String
        var done: Int
        var prescribed: Int
    }
    struct Pain: Content {
        var date: String
        var exercise: String
        var pain: Int
    }
    struct Step: Content {
        var date: String
        var exercise: String
        var action: String
        var next: String
    }
    struct SittingDayRow: Content {
        var date: String
        var sittingMinutes: Int
        var breaks: Int
        var prolonged30: Int
        var longestMinutes: Int?
        var hasData: Bool
    }
    /// An assignment as the member, their clinician and the API see it.
    struct Prescribed: Content {
        var id: UUID
        var title: String
        var by: String
        var team: String
        var notes: String
        var dosages: [String: String]
        var date: String

        /// `date` is its day in `zone`.
        init(_ a: AssignedPrescription, zone: TimeZone) {
            self.init(
                a, by: a.clinician.displayName, team: a.team.name,
                date: a.createdAt.map { LocalDate($0, in: zone).description } ?? "")
        }

        init(_ a: AssignedPrescription, by: String, team: String, date: String) {
            id = a.id
            title = a.title
            self.by = by
            self.team = team
            notes = a.notes
            dosages = a.dosages
            self.date = date
        }
    }

    var userID: UUID
    var name: String
    var plan: String?
    var perWeek: Int?
    var weeks: [Week]
    var sessionsDone28Days: Int
    var lastSession: String?
    var pain: [Pain]
    var steps: [Step]
    var sitting: [SittingDayRow]
    var meanSittingMinutes: Double?
    var sittingGoalMinutes: Int
    var assignments: [Prescribed]
    var attention: Int
    var reasons: [String]

    static func build(_ req: Request, member: Account) async throws -> MemberReport {
        let memberID = member.id
        let zone = member.zone
        let today = LocalDate(req.now, in: zone)
        let store = req.store
        let schedule = try await PlanSchedule.load(req, user: member)
        let workouts = try await store.workouts(userID: memberID, from: today.adding(days: -27), to: today)
        let done = workouts.filter { $0.status == .done }
        let doneDates = done.map(\.date)
        var weeks: [WeeklyAdherence] = []
        if let plan = schedule?.plan {
            let start = plan.start
            weeks = WeeklyAdherence.weeks(planStart: start, perWeek: plan.perWeek, doneDates: doneDates, today: today)
        }
        let painSince = today.adding(days: -13).startOfDay(in: zone)
        // The highest pain per exercise and day, newest day first.
        var worst: [String: Pain] = [:]
        let catalog = try await req.library().catalog
        for report in try await store.painReports(userID: memberID, since: painSince) {
            let key = report.date + "|" + report.set.exerciseID
            let pain = report.set.pain ?? 0
            if pain > worst[key]?.pain ?? -1 {
                worst[key] = Pain(
                    date: report.date, exercise: catalog.exercise(report.set.exerciseID)?.name ?? report.set.exerciseID,
                    pain: pain)
            }
        }
        let pain = worst.values.sorted { ($0.date, $1.pain, $0.exercise) > ($1.date, $0.pain, $1.exercise) }
        var steps: [Step] = []
        for workout in done.reversed() {
            for d in workout.decisions where d.action == .progress || d.action == .regress || d.action == .backOff {
                steps.append(
                    Step(
                        date: workout.date.description, exercise: catalog.exercise(d.exerciseID)?.name ?? d.exerciseID,
                        action: d.action.rawValue,
                        next: (catalog.exercise(d.next.exerciseID)?.name ?? d.next.exerciseID) + " "
                            + d.next.dosage.volume(in: req.loadUnit)))
            }
        }
        let dates = (0..<7).map { today.adding(days: $0 - 6) }
        let (days, _) = try await store.sittingDays(dates, user: member, now: req.now)
        let rows = days.map { d in
            SittingDayRow(
                date: d.date.description, sittingMinutes: Int((d.day.sittingSeconds / 60).rounded()),
                breaks: d.day.breaks,
                prolonged30: d.day.prolonged30Count,
                longestMinutes: d.day.longestBoutSeconds.map { Int(($0 / 60).rounded()) },
                hasData: d.day.observedSeconds > 0)
        }
        let withData = rows.filter(\.hasData)
        let mean =
            withData.isEmpty ? nil : Double(withData.reduce(0) { $0 + $1.sittingMinutes }) / Double(withData.count)
        let goal = days.first?.goalMinutes ?? 480
        let lastDone = doneDates.max()
        let worse = done.filter { $0.nextMorning == .worse && ($0.finishedAt ?? .distantPast) >= painSince }.count
        let attention = Attention(
            .init(
                maxPain: pain.map(\.pain).max(), lastWeek: weeks.count >= 2 ? weeks[weeks.count - 2] : nil,
                hasPlan: schedule != nil,
                daysSinceSession: lastDone.map { $0.days(until: today) },
                planDays: schedule.map { $0.plan.start.days(until: today) },
                meanSittingMinutes: mean, sittingGoalMinutes: goal, worseMornings: worse))
        let assignments = try await store.assignments(memberID: memberID).map { Prescribed($0, zone: zone) }
        return MemberReport(
            userID: memberID, name: member.displayName, plan: schedule?.title, perWeek: schedule?.plan.perWeek,
            weeks: weeks.suffix(4).map {
                Week(weekStart: $0.weekStart.description, done: $0.done, prescribed: $0.prescribed)
            },
            sessionsDone28Days: done.count, lastSession: lastDone?.description, pain: pain, steps: steps, sitting: rows,
            meanSittingMinutes: mean, sittingGoalMinutes: goal, assignments: assignments,
            attention: attention.score, reasons: attention.reasons.map(\.text))
    }
}
