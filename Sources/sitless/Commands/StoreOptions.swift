import ArgumentParser
import Foundation
import SitLessCore
import SitLessStore

/// `--db` and `--user`, shared by every command that reads or writes the person's data.
struct StoreOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "SQLite file or postgres:// URL (default: SITLESS_DB, DATABASE_URL, or the file in your data folder).",
            valueName: "path"))
    var db: String?

    @Option(
        help: ArgumentHelp(
            "Whose data (default: SITLESS_USER or your login name); created on first use.", valueName: "name"))
    var user: String?

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    var userName: String {
        user ?? environment["SITLESS_USER"] ?? environment["USER"] ?? environment["LOGNAME"] ?? "me"
    }

    /// Opens the store and the local user, runs `body`, and always closes the store.
    func withStore<T>(_ body: (Store, Account) async throws -> T) async throws -> T {
        let location = DatabaseLocation.resolve(db: db, environment: environment)
        let store: Store
        do {
            store = try await Store.open(location)
        } catch {
            throw CLIError("\(error)")
        }
        do {
            let user = try await store.localUser(named: userName, timeZone: TimeZone.current.identifier)
            let result = try await body(store, user)
            await store.close()
            return result
        } catch {
            await store.close()
            throw error
        }
    }
}

/// The present. `SITLESS_NOW` (an ISO 8601 time) pins it, for scripts and tests.
enum Now {
    /// For the web app: `SITLESS_NOW` pinned, else the real clock. The variable is read once
    /// here (reading the environment on every request showed in the load benchmark).
    static func clock() throws -> @Sendable () -> Date {
        if let pinned = try pinned() { return { pinned } }
        return { Date() }
    }

    static func current() throws -> Date {
        try pinned() ?? Date()
    }

    static func pinned() throws -> Date? {
        guard let text = ProcessInfo.processInfo.environment["SITLESS_NOW"], !text.isEmpty else { return nil }
        guard let date = InstantParsing.parse(text, now: Date(), zone: TimeZone(identifier: "UTC")!), text.contains("T")
        else {
            throw CLIError("SITLESS_NOW '\(text)' is not an ISO 8601 time such as 2026-12-07T12:00:00+01:00")
        }
        return date
    }
}

extension Store {
    func describe(_ error: any Error) -> CLIError {
        CLIError("\(error)")
    }
}
