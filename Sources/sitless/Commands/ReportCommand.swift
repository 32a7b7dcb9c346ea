import ArgumentParser
import Foundation
import SitLessCore
import SitLessStore

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Sitting metrics per day: time, breaks, prolonged bouts and bout patterns.",
        discussion:
            "Default: the last 7 days including today. Metrics and their definitions: see ARCHITECTURE.md and "
            + "SedentaryMetrics."
    )

    @Flag(help: "The last 7 days, including today (the default).") var week = false
    @Option(help: ArgumentHelp("First day, YYYY-MM-DD.", valueName: "date")) var from: String?
    @Option(help: ArgumentHelp("Last day, YYYY-MM-DD (default: today).", valueName: "date")) var to: String?
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Print CSV, one row per day.") var csv = false
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if json && csv { throw CLIError("choose either --json or --csv") }
        if week && (from != nil || to != nil) { throw CLIError("--week cannot be combined with --from/--to") }
    }

    func run() async throws {
        let now = try Now.current()
        try await store.withStore { store, user in
            let zone = user.zone
            let today = LocalDate(now, in: zone)
            let dates = try range(today: today)
            let days = try await SittingDays.load(dates, store: store, user: user, now: now)
            let rows = days.map(DayOutput.init)
            if json {
                try Output.json(rows)
            } else if csv {
                print(ReportCSV.render(rows), terminator: "")
            } else {
                print(ReportText.render(rows))
            }
        }
    }

    func range(today: LocalDate) throws -> [LocalDate] {
        func parse(_ text: String, _ flag: String) throws -> LocalDate {
            guard let date = LocalDate(iso: text) else {
                throw CLIError("\(flag) '\(text)' is not a real date of the form YYYY-MM-DD")
            }
            return date
        }
        let last = try to.map { try parse($0, "--to") } ?? today
        let first = try from.map { try parse($0, "--from") } ?? last.adding(days: -6)
        guard first <= last else { throw CLIError("--to \(last) is before --from \(first)") }
        guard first.days(until: last) < 366 else { throw CLIError("a report covers at most 366 days") }
        return (0...first.days(until: last)).map { first.adding(days: $0) }
    }
}

enum ReportCSV {
    static let header =
        [
            "date", "sitting_min", "lying_min", "standing_min", "stepping_min", "non_wear_min", "unknown_min",
            "in_bed_min", "waking_wear_min", "breaks", "breaks_per_sedentary_hour", "sedentary_bouts", "bouts_30_count",
            "bouts_30_min",
            "bouts_60_count", "bouts_60_min", "longest_bout_min", "longest_bout_continues", "mean_bout_min",
            "median_bout_min",
            "alpha", "w50_min", "gini", "work_min", "work_sitting_min", "work_sitting_share",
            "prompts_taken", "breaks_taken_naturally", "prompts_snoozed", "prompts_skipped", "prompts_ignored",
        ] + DayActivity.csvHeader

    static func render(_ rows: [DayOutput]) -> String {
        var out = header.joined(separator: ",") + "\n"
        for r in rows {
            let fields: [String] =
                [
                    r.date, n(r.sittingMinutes), n(r.lyingMinutes), n(r.standingMinutes), n(r.steppingMinutes),
                    n(r.nonWearMinutes), n(r.unknownMinutes), n(r.inBedMinutes), n(r.wakingWearMinutes),
                    "\(r.breaks)", n(r.breaksPerSedentaryHour),
                    "\(r.sedentaryBouts)",
                    "\(r.prolonged30.count)", n(r.prolonged30.minutes), "\(r.prolonged60.count)",
                    n(r.prolonged60.minutes),
                    n(r.longestBoutMinutes), r.longestBoutMinutes == nil ? "" : r.longestBoutContinues ? "1" : "0",
                    n(r.meanBoutMinutes), n(r.medianBoutMinutes), n(r.alpha), n(r.w50Minutes),
                    n(r.gini),
                    n(r.work?.periodMinutes), n(r.work?.sittingMinutes), n(r.work?.sittingShare),
                ]
                + [PromptOutcome.taken, .takenNaturally, .snoozed, .skipped, .ignored]
                .map { "\(r.prompts[$0.rawValue] ?? 0)" }
                + DayActivity(steps: r.steps, intensity: r.intensity).csv
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }

    /// Empty for undefined; no trailing `.0` on whole numbers.
    static func n(_ value: Double?) -> String {
        guard let value else { return "" }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

enum ReportText {
    /// The day table. Every column but IN BED is waking time: sitting first (the headline),
    /// then lying outside bed, upright time, the waking wear time they add up to with the
    /// unknown minutes, breaks, and the sedentary (sitting or lying) bouts. The IN BED and
    /// AWAKE WORN columns appear when any day has time in bed. A longest bout that goes on
    /// across midnight is shown with "*" and a note under the table.
    static func render(_ rows: [DayOutput]) -> String {
        let withBed = rows.contains { $0.inBedMinutes > 0 }
        var header = ["DAY", "SITTING", "LYING", "UPRIGHT"]
        if withBed { header += ["AWAKE WORN", "IN BED"] }
        header += ["BREAKS", "/SED H", ">=30 MIN", ">=60 MIN", "LONGEST SED.", "WORK SITTING"]
        let withSteps = rows.contains { $0.steps != nil }
        let withIntensity = rows.contains { $0.intensity != nil }
        if withSteps { header += ["STEPS", "CADENCE"] }
        if withIntensity { header += ["MVPA AWAKE", "IN 10-MIN BOUTS"] }
        let minutes = { (m: Double) in DurationText.minutes(m * 60) }
        let body = rows.map { r -> [String] in
            let date = LocalDate(iso: r.date)!
            var row = [
                "\(date.weekday.shortName) \(r.date)", minutes(r.sittingMinutes), minutes(r.lyingMinutes),
                minutes(r.standingMinutes + r.steppingMinutes),
            ]
            if withBed { row += [minutes(r.wakingWearMinutes), minutes(r.inBedMinutes)] }
            row += [
                "\(r.breaks)", r.breaksPerSedentaryHour.map { String(format: "%.1f", $0) } ?? "-",
                "\(r.prolonged30.count)", "\(r.prolonged60.count)",
                r.longestBoutMinutes.map { minutes($0) + (r.longestBoutContinues ? "*" : "") } ?? "-",
                r.work.flatMap { w in w.sittingShare.map { String(format: "%.0f %%", $0 * 100) } } ?? "-",
            ]
            if withSteps {
                row += [
                    r.steps.map { "\($0.steps)" } ?? "-",
                    r.steps.flatMap { $0.cadence.map { String(format: "%.0f/min", $0) } } ?? "-",
                ]
            }
            if withIntensity {
                row += [
                    r.intensity.map { minutes($0.waking.moderateMinutes + $0.waking.vigorousMinutes) } ?? "-",
                    r.intensity.map { minutes($0.waking.mvpaBout10Minutes) } ?? "-",
                ]
            }
            return row
        }
        var table = TextReport.columns(header: header, rows: body)
        if rows.contains(where: \.longestBoutContinues) {
            table += "\n* the bout goes on across midnight; shown is its part within the day"
        }
        return table
    }
}
