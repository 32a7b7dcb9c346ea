import ArgumentParser
import Foundation
import SitLessCore

struct ProgramsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "programs", abstract: "List the built-in programs.")

    @OptionGroup var catalogOptions: CatalogOptions

    func run() throws {
        let catalog = try catalogOptions.load()
        if catalogOptions.json {
            try Output.json(catalog.programs.map(ProgramSummary.init))
        } else {
            print(TextReport.programList(catalog.programs))
        }
    }
}

struct ProgramSummary: Encodable {
    var id, name, audience, goal, perWeek: String
    var weeks: Int
    var phases: [String]

    init(_ program: Program) {
        id = program.id
        name = program.name
        audience = program.audience
        goal = program.goal
        perWeek = program.perWeek.description
        weeks = program.weekCount
        phases = program.phases.map(\.name)
    }
}

struct ProgramCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "program",
        abstract: "Show a program's phases, weeks and sessions."
    )

    @Argument(help: ArgumentHelp("The program id, e.g. glute-wake-up.", valueName: "id"))
    var id: String

    @Option(help: ArgumentHelp("Show only this week (1-based).", valueName: "n"))
    var week: Int?

    @OptionGroup var catalogOptions: CatalogOptions

    func run() throws {
        let catalog = try catalogOptions.load()
        let program = try catalog.requireProgram(id)
        if let week, program.week(week) == nil {
            throw CLIError("week \(week) does not exist; \(program.id) has weeks 1 to \(program.weekCount)")
        }
        if catalogOptions.json {
            if let week, let found = program.week(week) {
                try Output.json(WeekDetail(program: program.id, phase: found.phase.name, week: found.week))
            } else {
                try Output.json(program)
            }
        } else {
            print(TextReport.program(program, onlyWeek: week, catalog: catalog))
        }
    }
}

struct WeekDetail: Encodable {
    var program: String
    var phase: String
    var week: ProgramWeek
}
