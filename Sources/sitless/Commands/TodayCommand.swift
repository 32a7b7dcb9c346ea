import ArgumentParser
import Foundation
import SitLessCore
import SitLessStore

/// The JSON of one day (`today --json`, `report --json`).
struct DayOutput: Encodable {
    struct Bouts: Encodable {
        var count: Int
        var minutes: Double
    }
    struct Work: Encodable {
        var periodMinutes: Double
        var sittingMinutes: Double
        var sittingShare: Double?
        var breaks: Int
    }

    var date: String
    var timeZone: String
    var until: String
    /// Waking figures: sitting and lying outside the time in bed.
    var sittingMinutes, lyingMinutes, sedentaryMinutes, standingMinutes, steppingMinutes, nonWearMinutes,
        unknownMinutes: Double
    /// Time in bed, and the waking day's wear time (the day less time in bed, non-wear and unknown).
    var inBedMinutes, wakingWearMinutes: Double
    var goalMinutes: Int
    var breaks: Int
    var breaksPerSedentaryHour: Double?
    var sedentaryBouts: Int
    var prolonged30: Bouts
    var prolonged60: Bouts
    var longestBoutMinutes: Double?
    /// The longest bout began the day before or goes on into the next: its minutes are the
    /// part within this day.
    var longestBoutContinues: Bool
    var meanBoutMinutes: Double?
    var medianBoutMinutes: Double?
    var alpha: Double?
    var w50Minutes: Double?
    var gini: Double?
    var work: Work?
    /// Steps (raw thigh data) and intensity (raw wrist or hip data), from `analyze` only.
    var steps: DayActivity.Steps?
    var intensity: DayActivity.Intensity?
    var posture: String
    var postureSince: String?
    var nextPromptDue: String?
    var prompts: [String: Int]

    init(_ d: SittingDay) {
        let zone = TimeZone(identifier: d.timeZone) ?? .gmt
        let m = d.day
        let minutes = TimeText.minutesNumber
        date = d.date.description
        timeZone = d.timeZone
        until = TimeText.iso(d.until, zone)
        sittingMinutes = minutes(m.sittingSeconds)
        lyingMinutes = minutes(m.lyingSeconds)
        sedentaryMinutes = minutes(m.sedentarySeconds)
        standingMinutes = minutes(m.standingSeconds)
        steppingMinutes = minutes(m.steppingSeconds)
        nonWearMinutes = minutes(m.nonWearSeconds)
        unknownMinutes = minutes(m.unknownSeconds)
        inBedMinutes = minutes(m.inBedSeconds)
        wakingWearMinutes = minutes(m.wakingWearSeconds)
        goalMinutes = d.goalMinutes
        breaks = m.breaks
        breaksPerSedentaryHour = m.breaksPerSedentaryHour.map { ($0 * 100).rounded() / 100 }
        sedentaryBouts = m.sedentaryBoutCount
        prolonged30 = Bouts(count: m.prolonged30Count, minutes: minutes(m.prolonged30Seconds))
        prolonged60 = Bouts(count: m.prolonged60Count, minutes: minutes(m.prolonged60Seconds))
        longestBoutMinutes = m.longestBoutSeconds.map(minutes)
        longestBoutContinues = m.longestBoutContinues
        meanBoutMinutes = m.meanBoutSeconds.map(minutes)
        medianBoutMinutes = m.medianBoutSeconds.map(minutes)
        alpha = m.alpha.map { ($0 * 1000).rounded() / 1000 }
        w50Minutes = m.w50Seconds.map(minutes)
        gini = m.gini.map { ($0 * 1000).rounded() / 1000 }
        work = d.work.map { w in
            Work(
                periodMinutes: minutes(w.windowSeconds), sittingMinutes: minutes(w.sittingSeconds),
                sittingShare: w.sittingShareOfWindow.map { ($0 * 1000).rounded() / 1000 }, breaks: w.breaks)
        }
        posture = d.posture.rawValue
        postureSince = d.postureSince.map { TimeText.iso($0, zone) }
        nextPromptDue = d.nextPromptDue.map { TimeText.iso($0, zone) }
        prompts = Dictionary(uniqueKeysWithValues: PromptOutcome.allCases.map { ($0.rawValue, d.prompts[$0] ?? 0) })
    }
}

enum SittingDays {
    static func load(_ dates: [LocalDate], store: Store, user: Account, now: Date) async throws -> [SittingDay] {
        try await store.sittingDays(dates, user: user, now: now).days
    }
}

struct TodayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "today",
        abstract: "Today's sitting so far: time, breaks, longest bout, and when the next break prompt is due."
    )

    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let now = try Now.current()
        try await store.withStore { store, user in
            let zone = user.zone
            let day = try await SittingDays.load([LocalDate(now, in: zone)], store: store, user: user, now: now)[0]
            if json {
                try Output.json(DayOutput(day))
            } else {
                print(TodayText.render(day, zone: zone))
            }
        }
    }
}

enum TodayText {
    static func render(_ d: SittingDay, zone: TimeZone) -> String {
        let m = d.day
        var lines = [
            "Today, \(d.date.weekday.shortName) \(d.date) (\(d.timeZone)), at \(TimeText.clock(d.until, zone))", "",
        ]
        lines.append(
            "Sitting    \(DurationText.minutes(m.sittingSeconds)) of your "
                + "\(DurationText.minutes(TimeInterval(d.goalMinutes * 60))) limit"
                + (m.lyingSeconds > 0 ? ", lying \(DurationText.minutes(m.lyingSeconds))" : ""))
        lines.append(
            "Upright    standing \(DurationText.minutes(m.standingSeconds)), walking "
                + "\(DurationText.minutes(m.steppingSeconds))"
        )
        let perHour = m.breaksPerSedentaryHour.map { String(format: " (%.1f per sitting hour)", $0) } ?? ""
        lines.append("Breaks     \(m.breaks)\(perHour)")
        if let longest = m.longestBoutSeconds {
            lines.append(
                "Longest    \(DurationText.minutes(longest)); \(m.prolonged30Count) "
                    + "bout\(m.prolonged30Count == 1 ? "" : "s") of 30 min or more, \(m.prolonged60Count) of an hour "
                    + "or more"
            )
        }
        if let w = d.work, w.windowSeconds > 0 {
            let share = w.sittingShareOfWindow.map { String(format: " (%.0f %%)", $0 * 100) } ?? ""
            lines.append(
                "Work hours \(DurationText.minutes(w.sittingSeconds)) sitting of "
                    + "\(DurationText.minutes(w.windowSeconds)) so far\(share)"
            )
        }
        let since = d.postureSince.map { " since \(TimeText.clock($0, zone))" } ?? ""
        let now: String
        switch d.posture {
        case .unknown: now = "no entry" + (d.postureSince.map { " since \(TimeText.clock($0, zone))" } ?? " yet today")
        case .stepping: now = "walking\(since)"
        default: now = "\(d.posture.rawValue)\(since)"
        }
        lines.append("Now        \(now)")
        let next: String
        if let due = d.nextPromptDue {
            let time = TimeText.clock(due, zone, withDate: LocalDate(due, in: zone) != d.date)
            next = due <= d.until ? "overdue since \(time): time to get up" : "prompt due at \(time)"
        } else {
            next = "prompt: none due while you are not sitting"
        }
        lines.append("Next break " + next)
        let counted = PromptOutcome.allCases.filter { (d.prompts[$0] ?? 0) > 0 }
        if !counted.isEmpty {
            lines.append("Prompts    " + counted.map { "\($0.rawValue) \(d.prompts[$0]!)" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
