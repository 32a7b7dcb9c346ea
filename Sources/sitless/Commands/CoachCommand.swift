import ArgumentParser
import Foundation
import SitLessCore
import SitLessStore

struct CoachCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coach",
        abstract: "Show or change when and how the break coach prompts you.",
        discussion: """
            Without options it shows your settings. Examples:
              sitless coach --work-hours "mon-fri 09:00-12:00,13:00-17:30" --max-sitting 45
              sitless coach --cycle 20/8/2        (standing desk: 20 min sit, 8 stand, 2 move)
              sitless coach --quiet 12:00-13:00 --snooze 10 --max-snoozes 1
            """
    )

    @Option(help: ArgumentHelp("Your IANA time zone, e.g. Europe/Berlin.", valueName: "zone")) var tz: String?
    @Option(
        name: .customLong("work-hours"),
        help: ArgumentHelp(
            "e.g. \"mon-fri 9-17\" or \"mon-thu 08:30-12:00,12:30-16:30; fri 8-12\".", valueName: "hours"))
    var workHours: String?
    @Option(
        name: .customLong("max-sitting"),
        help: ArgumentHelp("Minutes of continuous sitting before a prompt (default 30).", valueName: "min"))
    var maxSitting: Int?
    @Option(
        name: .customLong("break"),
        help: ArgumentHelp("Minutes up that count as a break (default 2).", valueName: "min"))
    var breakMinutes: Int?
    @Option(help: ArgumentHelp("Standing-desk cycle SIT/STAND/MOVE in minutes, e.g. 20/8/2.", valueName: "cycle"))
    var cycle: String?
    @Flag(name: .customLong("no-cycle"), help: "Turn the standing-desk cycle off.") var noCycle = false
    @Option(help: ArgumentHelp("Snooze length in minutes (default 5).", valueName: "min")) var snooze: Int?
    @Option(
        name: .customLong("max-snoozes"), help: ArgumentHelp("Snoozes allowed in a row (default 2).", valueName: "n"))
    var maxSnoozes: Int?
    @Option(
        help: ArgumentHelp(
            "A daily quiet time without prompts, e.g. 12:00-13:00 (repeat for more).", valueName: "range")) var quiet:
        [String] = []
    @Flag(name: .customLong("no-quiet"), help: "Remove all quiet times.") var noQuiet = false
    @Option(help: ArgumentHelp("Daily sitting limit to aim under, in minutes (default 360).", valueName: "min"))
    var goal: Int?
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var store: StoreOptions

    var changes: Bool {
        tz != nil || workHours != nil || maxSitting != nil || breakMinutes != nil || cycle != nil || noCycle
            || snooze != nil || maxSnoozes != nil || !quiet.isEmpty || noQuiet || goal != nil
    }

    func run() async throws {
        try await store.withStore { store, user in
            var policy = try await store.coachPolicy(for: user)
            if changes {
                try apply(to: &policy)
                do {
                    try await store.saveCoachPolicy(policy, for: user)
                } catch let error as StoreError {
                    throw CLIError(error.description)
                }
            }
            if json {
                try Output.json(policy)
            } else {
                print((changes ? "Saved.\n" : "") + CoachText.render(policy))
            }
        }
    }

    func apply(to policy: inout CoachPolicy) throws {
        if let tz {
            guard TimeZone(identifier: tz) != nil else {
                throw CLIError("unknown time zone '\(tz)'; use an IANA name such as Europe/Berlin")
            }
            policy.timeZone = tz
        }
        if let workHours {
            guard let parsed = WorkHours(parsing: workHours) else {
                throw CLIError(
                    "work hours '\(workHours)' are not like \"mon-fri 9-17\" or \"mon-fri 09:00-12:00,13:00-17:00\" "
                        + "(ranges may not overlap)"
                )
            }
            policy.workHours = parsed
        }
        if let maxSitting { policy.maxSittingMinutes = maxSitting }
        if let breakMinutes { policy.breakMinutes = breakMinutes }
        if noCycle && cycle != nil { throw CLIError("choose either --cycle or --no-cycle") }
        if noCycle { policy.cycle = nil }
        if let cycle {
            let parts = cycle.split(separator: "/").compactMap { Int($0) }
            guard parts.count == 3 else {
                throw CLIError("cycle '\(cycle)' must be three minute counts SIT/STAND/MOVE, e.g. 20/8/2")
            }
            policy.cycle = SitStandCycle(sitMinutes: parts[0], standMinutes: parts[1], moveMinutes: parts[2])
        }
        if let snooze { policy.snoozeMinutes = snooze }
        if let maxSnoozes { policy.maxSnoozesInARow = maxSnoozes }
        if noQuiet && !quiet.isEmpty { throw CLIError("choose either --quiet or --no-quiet") }
        if noQuiet { policy.quietTimes = [] }
        if !quiet.isEmpty {
            policy.quietTimes = try quiet.map { text in
                guard let range = ClockRange(parsing: text) else {
                    throw CLIError("quiet time '\(text)' is not a range like 12:00-13:00")
                }
                return range
            }
        }
        if let goal { policy.dailySittingGoalMinutes = goal }
        let problems = policy.problems
        if !problems.isEmpty { throw CLIError(problems.joined(separator: "; ")) }
    }
}

enum CoachText {
    static func render(_ p: CoachPolicy) -> String {
        var lines = [
            "Time zone       \(p.timeZone)",
            "Work hours      \(p.workHours)",
        ]
        if let c = p.cycle {
            lines.append(
                "Standing desk   sit \(c.sitMinutes) min, stand \(c.standMinutes) min, move \(c.moveMinutes) min")
        } else {
            lines.append("Prompt after    \(p.maxSittingMinutes) min of continuous sitting")
        }
        lines.append("A break is      \(p.breakMinutes) min up or away")
        lines.append("Snooze          \(p.snoozeMinutes) min, at most \(p.maxSnoozesInARow) in a row")
        lines.append(
            "Quiet times     "
                + (p.quietTimes.isEmpty ? "none" : p.quietTimes.map(\.description).joined(separator: ", ")))
        lines.append("Unanswered      after \(p.responseWindowMinutes) min a prompt counts as ignored")
        lines.append(
            "Daily sitting   aim for under \(DurationText.minutes(TimeInterval(p.dailySittingGoalMinutes * 60)))")
        return lines.joined(separator: "\n")
    }
}
