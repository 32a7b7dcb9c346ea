import ArgumentParser
import SitLessCore

@main
struct SitLess: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sitless",
        abstract: "Sit less, move more: measure sitting, take breaks, and train your glutes.",
        version: "0.1.0",
        subcommands: [
            ExercisesCommand.self, ExerciseCommand.self,
            ProgramsCommand.self, ProgramCommand.self,
            PlanCommand.self, CatalogCommand.self,
            SitCommand.self, StandCommand.self, WalkCommand.self, AwayCommand.self,
            TodayCommand.self, ReportCommand.self, CoachCommand.self, WatchCommand.self, ServeCommand.self,
            MigrateCommand.self, AnalyzeCommand.self, ImportCommand.self,
            SamplesCommand.self, CountsCommand.self, BackupCommand.self, UserCommand.self, ExportCommand.self,
            ImportArchiveCommand.self,
        ]
    )
}
