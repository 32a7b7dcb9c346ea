import ArgumentParser
import Foundation
import SitLessCore
import SitLessServer
import SitLessStore

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of the SQLite database, even while SitLess is running."
    )

    @Argument(help: ArgumentHelp("The new backup file.", valueName: "file")) var file: String
    @Option(help: ArgumentHelp("SQLite file (default: SITLESS_DB or the file in your data folder).", valueName: "path"))
    var db: String?

    func run() async throws {
        let location = DatabaseLocation.resolve(db: db, environment: ProcessInfo.processInfo.environment)
        let store: Store
        do { store = try await Store.open(location) } catch { throw CLIError("\(error)") }
        do {
            try await store.backup(to: file)
            await store.close()
        } catch {
            await store.close()
            throw CLIError("backup failed: \(error)")
        }
        print("Backed up \(location) to \(file).")
    }
}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage web accounts.",
        subcommands: [UserCreateCommand.self])
}

struct UserCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a web account (the password is read from standard input, not the command line).",
        discussion: "Example: printf '%s\\n' \"$PASSWORD\" | sitless user create ana@example.com --admin"
    )

    @Argument(help: ArgumentHelp("The account's email.", valueName: "email")) var email: String
    @Flag(help: "Make the account an administrator.") var admin = false
    @Option(help: ArgumentHelp("The person's IANA time zone (default: this computer's).", valueName: "zone")) var tz:
        String?
    @Option(help: ArgumentHelp("SQLite file or postgres:// URL.", valueName: "path")) var db: String?

    func run() async throws {
        guard let password = readLine(strippingNewline: true), !password.isEmpty else {
            throw CLIError("give the password on standard input")
        }
        let location = DatabaseLocation.resolve(db: db, environment: ProcessInfo.processInfo.environment)
        let store: Store
        do { store = try await Store.open(location) } catch { throw CLIError("\(error)") }
        do {
            let user = try await Accounts.create(
                email: email, password: password, timeZone: tz ?? TimeZone.current.identifier,
                admin: admin, store: store)
            await store.close()
            print("Created \(admin ? "administrator" : "account") \(user.email ?? email).")
        } catch let problem as Accounts.Problem {
            await store.close()
            throw CLIError(problem.description)
        } catch {
            await store.close()
            throw CLIError("\(error)")
        }
    }
}

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract:
            "Write everything of yours as one archive: sitless-export.json plus sessions.csv, sets.csv and bouts.csv "
                + "(tar).",
        discussion:
            "Import it into another SitLess with `sitless import-archive FILE`, on the Settings page or with the API."
    )

    @Argument(help: ArgumentHelp("The new .tar file.", valueName: "file")) var file: String
    @OptionGroup var store: StoreOptions

    func run() async throws {
        guard !FileManager.default.fileExists(atPath: file) else { throw CLIError("\(file) exists; choose a new file") }
        try await store.withStore { store, user in
            let archive = try await store.exportArchive(userID: user.id, now: Date())
            let data = try TarArchive.write(try store.archiveFiles(archive), modified: Date())
            do { try data.write(to: URL(fileURLWithPath: file), options: .withoutOverwriting) } catch {
                throw CLIError("cannot write \(file): \(error.localizedDescription)")
            }
            print(
                "Exported \(archive.workouts.count) sessions, \(archive.setLogs.count) sets and "
                    + "\(archive.postureBouts.count) bouts to \(file)."
            )
        }
    }
}

struct ImportArchiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-archive",
        abstract:
            "Bring in an export from another SitLess (all or nothing; only into an account with no sessions or "
                + "sitting yet)."
    )

    @Argument(help: ArgumentHelp("The .tar export.", valueName: "file")) var file: String
    @OptionGroup var store: StoreOptions

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("\(file): no such file") }
        let archive: UserArchive
        do { archive = try Store.archive(fromTar: data) } catch {
            throw CLIError("\(file): \(error)")
        }
        try await store.withStore { store, user in
            do { try await store.importArchive(archive, into: user.id) } catch let error as ArchiveError {
                throw CLIError("\(file): \(error.description)")
            }
            print(
                "Imported \(archive.workouts.count) sessions, \(archive.setLogs.count) sets and "
                    + "\(archive.postureBouts.count) bouts from \(file)."
            )
        }
    }
}
