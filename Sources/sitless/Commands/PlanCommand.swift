import ArgumentParser
import Foundation
import SitLessCore

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Lay a program out on dated sessions, optionally as an iCalendar (.ics) file.",
        discussion: """
            Example: sitless plan glute-wake-up --start 2026-12-07 --per-week 3 --days mon,wed,fri \
            --tz Europe/Berlin --ics glutes.ics
            With 3 or fewer sessions a week, sessions never fall on consecutive days.
            """
    )

    @Argument(help: ArgumentHelp("The program id, e.g. glute-wake-up.", valueName: "program"))
    var programID: String

    @Option(help: ArgumentHelp("First day of week 1, YYYY-MM-DD (default: today).", valueName: "date"))
    var start: String?

    @Option(
        name: .customLong("per-week"),
        help: ArgumentHelp("Sessions per week, 1-7 (default: the program's).", valueName: "n"))
    var perWeek: Int?

    @Option(help: ArgumentHelp("Days you can train, e.g. mon,wed,fri (default: any).", valueName: "days"))
    var days: String?

    @Option(help: ArgumentHelp("IANA time zone, e.g. Europe/Berlin (default: this computer's).", valueName: "zone"))
    var tz: String?

    @Option(help: ArgumentHelp("Start time of each session, HH:MM (default: all-day events).", valueName: "time"))
    var time: String?

    @Option(help: ArgumentHelp("Also write the plan to this iCalendar file.", valueName: "file"))
    var ics: String?

    @OptionGroup var catalogOptions: CatalogOptions

    func run() throws {
        let zone = try parseZone()
        let startDate = try parseStart(zone: zone)
        let preferred = try parseDays()
        let timeOfDay = try time.map { text -> TimeOfDay in
            guard let parsed = TimeOfDay(parsing: text) else {
                throw CLIError("time '\(text)' is not of the form HH:MM, e.g. 07:30")
            }
            return parsed
        }
        let catalog = try catalogOptions.load()
        let program = try catalog.requireProgram(programID)
        let request = ScheduleRequest(
            start: startDate, sessionsPerWeek: perWeek ?? program.perWeek.lower,
            preferredDays: preferred, timeZone: zone, timeOfDay: timeOfDay)
        let sessions: [ScheduledSession]
        do {
            sessions = try SessionScheduler.schedule(program, request)
        } catch {
            throw CLIError(error.description)
        }
        if let ics {
            let events = ICalendar.events(
                for: sessions, planID: "\(program.id)-\(startDate.basicFormat)",
                title: program.name, catalog: catalog)
            let document = ICalendar.document(name: program.name, events: events, stamp: Date())
            do {
                try Data(document.utf8).write(to: URL(fileURLWithPath: ics), options: .atomic)
            } catch {
                throw CLIError("cannot write '\(ics)': \(error.localizedDescription)")
            }
        }
        if catalogOptions.json {
            try Output.json(
                PlanOutput(
                    program: program.id, timeZone: zone.identifier, sessionsPerWeek: request.sessionsPerWeek,
                    sessions: sessions, icsFile: ics))
        } else {
            print(TextReport.plan(program, sessions, request: request, catalog: catalog))
            if let ics { print("\nWrote \(sessions.count) sessions to \(ics); import it into any calendar app.") }
        }
    }

    func parseZone() throws -> TimeZone {
        guard let tz else { return TimeZone.current }
        guard let zone = TimeZone(identifier: tz) else {
            throw CLIError("unknown time zone '\(tz)'; use an IANA name such as Europe/Berlin or America/New_York")
        }
        return zone
    }

    func parseStart(zone: TimeZone) throws -> LocalDate {
        guard let start else { return LocalDate(Date(), in: zone) }
        guard let date = LocalDate(iso: start) else {
            throw CLIError("start date '\(start)' is not a real date of the form YYYY-MM-DD")
        }
        return date
    }

    func parseDays() throws -> Set<Weekday>? {
        guard let days else { return nil }
        var set = Set<Weekday>()
        for part in days.split(separator: ",", omittingEmptySubsequences: false) {
            guard let day = Weekday(parsing: String(part)) else {
                throw CLIError("'\(part)' in --days is not a weekday; use mon,tue,wed,thu,fri,sat,sun")
            }
            set.insert(day)
        }
        return set
    }
}

struct PlanOutput: Encodable {
    var program: String
    var timeZone: String
    var sessionsPerWeek: Int
    var sessions: [ScheduledSession]
    var icsFile: String?
}

struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Check a catalog folder after editing it (default: the built-in catalog).",
        discussion: "Prints every problem with its file, entry and field, and exits with 1 if there is any."
    )

    @Argument(help: ArgumentHelp("The catalog folder to check.", valueName: "folder"))
    var folder: String?

    func run() throws {
        let options = try CatalogOptions.parse(folder.map { ["--catalog", $0] } ?? [])
        let catalog = try options.load()
        let poses = catalog.demonstrationProblems()
        guard poses.isEmpty else { throw CLIError(CatalogError(problems: poses).description) }
        print(
            "The catalog is fine: \(catalog.exercises.count) exercises (\(catalog.deskBreaks.count) desk-break "
                + "moves), \(catalog.programs.count) programs, \(catalog.articles.count) articles, "
                + "\(catalog.references.count) references, \(catalog.demonstrations.count) demonstrations."
        )
    }
}
