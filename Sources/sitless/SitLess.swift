import ArgumentParser
import SitLessCore

@main
struct SitLess: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sitless",
        abstract: "Sit less, move more: measure sitting, take breaks, and train your glutes.",
        version: "0.1.0",
        subcommands: [
            ExercisesCommand.self, ExerciseCommand.self,
            ProgramsCommand.self, ProgramCommand.self,
            PlanCommand.self, CatalogCommand.self,
        ]
    )
}
