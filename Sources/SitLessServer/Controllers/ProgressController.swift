import Foundation
import SitLessCore
import SitLessStore
import Vapor

/// Charts of sitting and training over time.
enum ProgressController {
    struct Row: Encodable, Sendable { var cells: [String] }
    struct SessionRow: Encodable, Sendable {
        var date: String
        var title: String
        var sets: String
        var pain: String
        var morning: String
    }
    struct Chart: Encodable, Sendable {
        var title: String
        var svg: String
        var rows: [Row]
        var headers: [String]
    }
    struct Model: Encodable, Sendable {
        var sittingCharts: [Chart]
        var trainingCharts: [Chart]
        var sessions: [SessionRow]
        var hasTraining: Bool
    }

    static func page(_ req: Request) async throws -> Page<Model> {
        let user = try req.user
        let userID = user.id
        let zone = user.zone
        let now = req.now
        let today = LocalDate(now, in: zone)
        let first = today.adding(days: -13)
        let policy = try await req.store.coachPolicy(for: user)
        let days = try await req.store.sittingDays((0..<14).map { first.adding(days: $0) }, user: user, now: now).days
        func label(_ d: LocalDate) -> String { "\(d.day)/\(d.month)" }

        let sitting = days.map {
            Charts.Point(label: label($0.date), value: ($0.day.sittingSeconds / 360).rounded() / 10)
        }
        let perHour = days.map {
            Charts.Point(label: label($0.date), value: (($0.day.breaksPerSedentaryHour ?? 0) * 10).rounded() / 10)
        }
        let prolonged = days.map { Charts.Point(label: label($0.date), value: Double($0.day.prolonged30Count)) }
        // With time in bed recorded (a 24-hour wearable), sitting is the waking day's.
        let awake = days.contains { $0.day.inBedSeconds > 0 } ? " while awake" : ""
        let sittingCharts = [
            Chart(
                title: "Daily sitting\(awake) (hours) against your limit",
                svg: Charts.bars(
                    sitting, title: "Daily sitting in hours, last 14 days", unit: "h",
                    goal: Double(policy.dailySittingGoalMinutes) / 60, tone: .sitting),
                rows: sitting.map { Row(cells: [$0.label, Charts.number($0.value)]) },
                headers: ["Day", "Hours sitting"]),
            Chart(
                title: "Breaks per sitting hour",
                svg: Charts.line(perHour, title: "Breaks in sitting per sitting hour, last 14 days", unit: "/h"),
                rows: perHour.map { Row(cells: [$0.label, Charts.number($0.value)]) },
                headers: ["Day", "Breaks per hour"]),
            Chart(
                title: "Sitting bouts of 30 minutes or more",
                svg: Charts.bars(prolonged, title: "Prolonged sitting bouts per day", unit: "bouts", tone: .warn),
                rows: prolonged.map { Row(cells: [$0.label, Charts.number($0.value)]) },
                headers: ["Day", "Bouts ≥ 30 min"]),
        ]

        // Training.
        let workouts = try await req.store.finishedWorkouts(userID: userID)
        var trainingCharts: [Chart] = []
        if let plan = try await req.store.activePlan(userID: userID) {
            let weeks = WeeklyAdherence.weeks(
                planStart: plan.start, perWeek: plan.perWeek,
                doneDates: workouts.map(\.workout.date), today: today)
            let done = weeks.enumerated().map {
                Charts.Point(label: "W\($0.offset + 1)", value: Double($0.element.done))
            }
            let prescribed = weeks.enumerated().map {
                Charts.Point(label: "W\($0.offset + 1) prescribed", value: Double($0.element.prescribed))
            }
            trainingCharts.append(
                Chart(
                    title: "Sessions done against prescribed, per week",
                    svg: Charts.bars(
                        done, title: "Sessions done (dark) and prescribed (light) per plan week", unit: "sessions",
                        secondary: prescribed),
                    rows: weeks.enumerated().map {
                        Row(cells: [
                            "Week \($0.offset + 1) (from \($0.element.weekStart))", "\($0.element.done)",
                            "\($0.element.prescribed)",
                        ])
                    },
                    headers: ["Week", "Done", "Prescribed"]))
        }
        var byExercise: [String: [(date: String, amount: Double, load: Double?, moved: String?)]] = [:]
        let loadUnit = req.loadUnit
        var pain: [Charts.Point] = []
        var sessions: [SessionRow] = []
        for (workout, sets) in workouts {
            for exerciseID in Set(sets.map(\.exerciseID)).sorted() {
                let mine = sets.filter { $0.exerciseID == exerciseID }
                let amount = Double(mine.reduce(0) { $0 + ($1.reps ?? $1.seconds ?? 0) })
                let moved = loadUnit.volumeText(
                    mine.compactMap { set in set.loadKilograms.flatMap { kg in set.reps.map { ($0, kg) } } })
                byExercise[exerciseID, default: []].append(
                    (workout.date.description, amount, mine.compactMap(\.loadKilograms).max(), moved))
            }
            let peak = sets.compactMap(\.pain).max() ?? 0
            pain.append(Charts.Point(label: label(workout.date), value: Double(peak)))
            sessions.append(
                SessionRow(
                    date: workout.date.description, title: workout.title, sets: "\(sets.count)",
                    pain: "\(peak)/10", morning: workout.nextMorning?.rawValue ?? "not answered"))
        }
        let catalog = try await req.library().catalog
        for (exerciseID, points) in byExercise.sorted(by: { $0.key < $1.key }) {
            let name = catalog.exercise(exerciseID)?.name ?? exerciseID
            let isHold = catalog.exercise(exerciseID).map { !$0.dosage.target.isReps } ?? false
            let unit = isHold ? "s" : "reps"
            let chartPoints = points.map { Charts.Point(label: String($0.date.suffix(5)), value: $0.amount) }
            trainingCharts.append(
                Chart(
                    title: "\(name): total \(isHold ? "seconds" : "reps") per session",
                    svg: Charts.line(chartPoints, title: "\(name), total \(unit) per session", unit: unit),
                    rows: points.map {
                        Row(cells: [
                            $0.date, Charts.number($0.amount), $0.load.map(loadUnit.text(kilograms:)) ?? "-",
                            $0.moved ?? "-",
                        ])
                    },
                    headers: ["Date", "Total \(unit)", "Heaviest load", "Load moved (reps × load)"]))
        }
        if !pain.isEmpty {
            trainingCharts.append(
                Chart(
                    title: "Pain during sessions (highest per session)",
                    svg: Charts.line(
                        pain, title: "Highest pain per session, 0 to 10", unit: "/10", maxValue: 10, zeroIsData: true),
                    rows: pain.map { Row(cells: [$0.label, Charts.number($0.value)]) }, headers: ["Session", "Pain"]))
        }
        return Page(
            template: "progress", title: "Progress", nav: "progress",
            model: Model(
                sittingCharts: sittingCharts, trainingCharts: trainingCharts, sessions: sessions.reversed(),
                hasTraining: !workouts.isEmpty))
    }
}
