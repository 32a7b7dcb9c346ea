import ArgumentParser
import Foundation
import SitLessStore

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Bring the database schema up to date (or revert the last batch of migrations)."
    )

    @Option(
        help: ArgumentHelp(
            "SQLite file or postgres:// URL (default: SITLESS_DB, DATABASE_URL, or the file in your data folder).",
            valueName: "path"))
    var db: String?
    @Flag(help: "Revert the last batch of migrations instead.") var revert = false
    @Flag(help: "With --revert: revert every migration (deletes all data).") var all = false

    func run() async throws {
        let location = DatabaseLocation.resolve(db: db, environment: ProcessInfo.processInfo.environment)
        let store: Store
        do { store = try await Store.open(location, migrate: !revert) } catch { throw CLIError("\(error)") }
        do {
            if revert { try await store.revert(all: all) }
            await store.close()
        } catch {
            await store.close()
            throw CLIError("migration failed: \(error)")
        }
        print(
            revert
                ? "Reverted \(all ? "all migrations" : "the last batch") on \(location)."
                : "\(location) is up to date (\(Store.migrations.count) migrations).")
    }
}
