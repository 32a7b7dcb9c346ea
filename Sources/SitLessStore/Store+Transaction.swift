import FluentKit
import FluentSQLiteDriver
import Foundation

extension Store {
    /// Runs `body` in one transaction. On SQLite, a transaction that reads before it writes
    /// can find that another connection wrote in between (SQLITE_BUSY / BUSY_SNAPSHOT in WAL
    /// mode, which SQLite reports at once rather than waiting); the whole transaction is then
    /// rolled back and run again, a few times, a few milliseconds apart. Nested calls run
    /// inside the outer transaction and leave retrying to it.
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T
    {
        if database.inTransaction { return try await database.transaction(body) }
        var attempt = 0
        while true {
            do {
                return try await database.transaction(body)
            } catch let error as SQLiteError where Self.isBusy(error) && attempt < 20 {
                attempt += 1
                try await Task.sleep(nanoseconds: UInt64(attempt) * 1_000_000)
            }
        }
    }

    static func isBusy(_ error: SQLiteError) -> Bool {
        switch error.reason {
        case .busy, .busyInSnapshot, .busyTimeout, .busyInRecovery, .locked: true
        default: false
        }
    }
}
