import FluentKit
import FluentSQL
import FluentSQLiteDriver
import Foundation
import Logging
import NIOCore

/// How every SQLite connection is set up, the CLI's store and the web app's alike: one list
/// of pragmas, applied to each connection (Fluent keeps one SQLite connection per event loop;
/// the settings other than `journal_mode` hold per connection).
public enum SQLiteSetup {
    /// The pragmas and the values they read back as.
    /// - `journal_mode = WAL`: readers never wait for the writer (stored in the file).
    /// - `busy_timeout = 5000`: another connection's write (the watch agent, the web app, a
    ///   backup) is waited for, sleeping, up to 5 s, instead of SQLiteNIO's default handler,
    ///   which retries at once and spins a core.
    /// - `synchronous = NORMAL`: SQLite's advice for WAL, no fsync per commit (a power cut can
    ///   lose the last commits, a crash of the app cannot; the file never corrupts).
    /// - `foreign_keys = ON`: the schema's references hold (sqlite-kit turns it on for every
    ///   connection it opens as well; said here so the list is complete).
    public static let pragmas: [(name: String, value: String, readsBack: String)] = [
        ("journal_mode", "WAL", "wal"),
        ("busy_timeout", "5000", "5000"),
        ("synchronous", "NORMAL", "1"),
        ("foreign_keys", "ON", "1"),
    ]

    /// The Fluent configuration for the SQLite file at `path`.
    public static func configuration(path: String) -> DatabaseConfigurationFactory {
        .sqlite(SQLiteConfiguration(storage: .file(path: path), enableForeignKeys: true), sqlLogLevel: .trace)
    }

    /// Runs the pragmas on the connection of every event loop of `group`.
    public static func apply(
        to databases: Databases, id: DatabaseID = .sqlite, on group: any EventLoopGroup,
        logger: Logger
    ) async throws {
        for eventLoop in group.makeIterator() {
            guard let sql = databases.database(id, logger: logger, on: eventLoop) as? any SQLDatabase else { continue }
            try await apply(to: sql)
        }
    }

    /// Runs the pragmas on one connection.
    public static func apply(to sql: any SQLDatabase) async throws {
        for pragma in pragmas {
            try await sql.raw(SQLQueryString("PRAGMA \(unsafeRaw: pragma.name) = \(unsafeRaw: pragma.value)")).run()
        }
    }

    /// What a connection's pragmas read back as, by name (for tests and `sitless` diagnostics).
    public static func current(on sql: any SQLDatabase) async throws -> [String: String] {
        var values: [String: String] = [:]
        for pragma in pragmas {
            let rows = try await sql.raw(SQLQueryString("PRAGMA \(unsafeRaw: pragma.name)")).all()
            guard let row = rows.first, let column = row.allColumns.first else { continue }
            if let number = try? row.decode(column: column, as: Int.self) {
                values[pragma.name] = String(number)
            } else {
                values[pragma.name] = try row.decode(column: column, as: String.self)
            }
        }
        return values
    }
}
