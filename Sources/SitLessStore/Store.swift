import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging
import NIOCore
import NIOPosix
import SitLessCore

/// Where the data lives: an SQLite file (the default, embedded) or a PostgreSQL server.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    /// `--db PATH` wins, then `SITLESS_DB`, then `DATABASE_URL` (PostgreSQL), then the
    /// default file in the user's data directory.
    public static func resolve(db: String?, environment: [String: String]) -> DatabaseLocation {
        if let db, !db.isEmpty { return location(for: db) }
        if let db = environment["SITLESS_DB"], !db.isEmpty { return location(for: db) }
        if let url = environment["DATABASE_URL"], !url.isEmpty { return location(for: url) }
        return .sqlite(path: defaultSQLitePath(environment: environment))
    }

    static func location(for text: String) -> DatabaseLocation {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") ? .postgres(url: text) : .sqlite(path: text)
    }

    /// `$XDG_DATA_HOME/sitless/sitless.sqlite` or `~/.local/share/sitless/sitless.sqlite` on
    /// Linux; `~/Library/Application Support/SitLess/sitless.sqlite` on macOS.
    public static func defaultSQLitePath(environment: [String: String]) -> String {
        let home = environment["HOME"] ?? NSHomeDirectory()
        #if os(macOS)
        return home + "/Library/Application Support/SitLess/sitless.sqlite"
        #else
        let base = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local/share"
        return base + "/sitless/sitless.sqlite"
        #endif
    }

    /// For logs: the path, or the URL without its password.
    public var description: String {
        switch self {
        case .sqlite(let path): return "SQLite file \(path)"
        case .postgres(let url):
            guard var parts = URLComponents(string: url) else { return "PostgreSQL" }
            if parts.password != nil { parts.password = "***" }
            return "PostgreSQL \(parts.string ?? "")"
        }
    }
}

/// Something the store could not do, said so a person can act on it.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case cannotOpen(String, reason: String)
    case beforeCurrentBout(at: String, current: String, since: String)
    case inTheFuture(at: String, now: String)
    case invalidPolicy([String])
    case noSuchBout(String)
    /// A posture entry that cannot be stored as given (end before start, overlapping another).
    case invalidBout(String)
    /// A set that cannot be logged: not an item of the session, left for today, bad numbers.
    case invalidSet(String)
    /// The set was sent but is not in the database afterwards.
    case setNotSaved
    /// A wearable recording without a single posture bout.
    case emptyImport
    case overlapsImport(since: Date)
    /// `sitless backup` never overwrites: the file named is already there.
    case backupExists(path: String)
    /// Backups copy SQLite files; PostgreSQL has its own tools.
    case backupNeedsSQLite(String)
    /// This store may not migrate: it borrows a database whose host runs the migrations.
    case migrationRefused(String)
    /// An uploaded file the store was to copy could not be read.
    case unreadableUpload(String)
    /// A status write its `StatusMachine` does not allow (a failed import completed).
    case statusChange(StatusChangeRefused)
    /// A write that needs the session in progress (a set logged) after it was finished.
    case sessionFinished
    /// A stored value that does not read back (a damaged row): names the column.
    case unreadable(String)
    /// The person's safety check advised seeing a clinician before starting a program.
    case safetyStop
    /// A web account that has not answered the safety questions (it signed up to treat
    /// others) starts a program for themselves.
    case safetyCheckNeeded

    /// Whether the safety check stands in the way (a stop, or not answered yet).
    public var isSafety: Bool { self == .safetyStop || self == .safetyCheckNeeded }

    public var description: String {
        switch self {
        case .cannotOpen(let location, let reason):
            return "cannot open the database (\(location)): \(reason)"
        case .beforeCurrentBout(let at, let current, let since):
            return
                "\(at) is before your current \(current) entry, which started at \(since); entries must go forward "
                    + "in time"
        case .inTheFuture(let at, let now):
            return "\(at) is in the future (it is now \(now))"
        case .invalidPolicy(let problems):
            return problems.joined(separator: "; ")
        case .safetyStop:
            return
                "your safety check advised seeing a clinician before starting a program; when one has cleared you, "
                    + "retake the safety check under Settings"
        case .safetyCheckNeeded:
            return "answer the safety questions first (Settings, Safety check): they make sure a program suits you"
        case .noSuchBout(let id):
            return "no bout with id \(id)"
        case .invalidBout(let reason):
            return reason
        case .invalidSet(let reason):
            return reason
        case .setNotSaved:
            return "the set could not be saved; please log it again"
        case .emptyImport:
            return "the file has no posture data to import"
        case .backupExists(let path):
            return "'\(path)' already exists; choose a new file name"
        case .backupNeedsSQLite(let location):
            return "backup copies SQLite files, and this is \(location); use pg_dump for PostgreSQL"
        case .migrationRefused(let reason):
            return "migrations refused: \(reason)"
        case .unreadableUpload(let path):
            return "cannot read the uploaded file \(path)"
        case .statusChange(let refused):
            return refused.description
        case .sessionFinished:
            return "this session is already finished; its sets can no longer change"
        case .overlapsImport(let since):
            return
                "the file overlaps wearable data already imported (from "
                    + "\(ISO8601DateFormatter().string(from: since))); nothing was imported"
        case .unreadable(let what):
            return "a stored value cannot be read back: \(what)"
        }
    }
}

/// The database: opened, migrated, and closed again. One instance per process; every query
/// goes through the repository methods in `Store+*.swift`, each scoped to one user.
public final class Store: Sendable {
    public let location: DatabaseLocation?
    public let database: any Database
    /// The present for every decision the store takes itself (an import's times, reads "as of
    /// now"); the host passes its own (the web app's, which tests and `SITLESS_NOW` pin).
    public let clock: @Sendable () -> Date
    /// The resources of a store this process opened itself; `nil` when it borrows the
    /// database of a host (the web app's per-request `req.db`).
    private let owned: Owned?

    struct Owned: Sendable {
        let databases: Databases
        let threadPool: NIOThreadPool
        let eventLoopGroup: MultiThreadedEventLoopGroup
        let logger: Logger
    }

    /// The wall clock: the default for stores whose host has no clock of its own.
    public static let systemClock: @Sendable () -> Date = { Date() }

    /// Borrows a database someone else opened and migrates (the web app); `close()` does nothing.
    public init(database: any Database, clock: @escaping @Sendable () -> Date = Store.systemClock) {
        self.database = database
        self.clock = clock
        location = nil
        owned = nil
    }

    /// The same store over another handle of its database (a transaction's), with its clock.
    func on(_ database: any Database) -> Store {
        Store(database: database, clock: clock)
    }

    /// The database as SQL (both drivers are), for the hot reads written as plain SQL.
    var sql: any SQLDatabase { database as! any SQLDatabase }

    /// The numbered migrations, in order.
    public static let migrations: [any Migration] = [
        M001_CreateUsers(), M002_CreatePostureBouts(), M003_CreateCoachSettings(), M004_CreateBreakPrompts(),
        M005_AddAccounts(), M006_CreateTraining(), M007_CreateWebSessions(), M008_CreateImports(),
        M009_CreateTeams(), M010_CreateAccessTokens(), M011_AddLookupIndexes(), M012_AddSessionOwnerAndExpiry(),
        M013_AddSetIdempotencyKey(), M014_CreateOwnExercisesAndMedia(),
        M015_AddDisplayName(), M016_AddLoadUnit(),
        M017_AddEquipmentCautionsAndTargetSource(),
    ]

    private init(
        location: DatabaseLocation, databases: Databases, threadPool: NIOThreadPool,
        eventLoopGroup: MultiThreadedEventLoopGroup, logger: Logger, clock: @escaping @Sendable () -> Date
    ) {
        self.location = location
        self.clock = clock
        owned = Owned(databases: databases, threadPool: threadPool, eventLoopGroup: eventLoopGroup, logger: logger)
        database = databases.database(logger: logger, on: eventLoopGroup.any())!
    }

    /// Opens the database and brings its schema up to date. A SQLite file is created (with
    /// its folder, for the default location) on first use.
    public static func open(
        _ location: DatabaseLocation, migrate: Bool = true,
        logger: Logger = Logger(label: "sitless.store"),
        clock: @escaping @Sendable () -> Date = Store.systemClock
    ) async throws -> Store {
        let threadPool = NIOThreadPool(numberOfThreads: 1)
        threadPool.start()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let databases = Databases(threadPool: threadPool, on: group)
        var quiet = logger
        quiet.logLevel = max(logger.logLevel, .warning)
        do {
            switch location {
            case .sqlite(let path):
                try prepareSQLiteFile(path)
                databases.use(SQLiteSetup.configuration(path: path), as: .sqlite)
            case .postgres(let url):
                databases.use(try .postgres(url: url, sqlLogLevel: .trace), as: .psql)
            }
        } catch let error as StoreError {
            await shutdown(databases, threadPool, group)
            throw error
        } catch {
            await shutdown(databases, threadPool, group)
            throw StoreError.cannotOpen(location.description, reason: "\(error)")
        }
        let store = Store(
            location: location, databases: databases, threadPool: threadPool, eventLoopGroup: group,
            logger: quiet, clock: clock)
        do {
            if case .sqlite = location {
                try await SQLiteSetup.apply(to: databases, on: group, logger: quiet)
            }
            if migrate { try await store.migrate() }
        } catch {
            await store.close()
            throw StoreError.cannotOpen(location.description, reason: Store.describe(error))
        }
        return store
    }

    static func prepareSQLiteFile(_ path: String) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue {
                throw StoreError.cannotOpen("SQLite file \(path)", reason: "it is a folder, not a file")
            }
            return
        }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty && !manager.fileExists(atPath: folder) {
            do {
                try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw StoreError.cannotOpen(
                    "SQLite file \(path)", reason: "cannot create the folder \(folder): \(error.localizedDescription)")
            }
        }
    }

    /// Applies every migration not yet applied.
    public func migrate() async throws {
        let migrator = try makeMigrator()
        try await migrator.setupIfNeeded().get()
        try await migrator.prepareBatch().get()
    }

    /// Reverts the last batch of migrations (`--all`: every one).
    public func revert(all: Bool = false) async throws {
        let migrator = try makeMigrator()
        try await migrator.setupIfNeeded().get()
        if all { try await migrator.revertAllBatches().get() } else { try await migrator.revertLastBatch().get() }
    }

    private func makeMigrator() throws -> Migrator {
        guard let owned else {
            throw StoreError.migrationRefused("this store borrows its database, whose host runs the migrations")
        }
        let migrations = Migrations()
        for migration in Store.migrations { migrations.add(migration) }
        return Migrator(
            databases: owned.databases, migrations: migrations, logger: owned.logger, on: owned.eventLoopGroup.any())
    }

    public func close() async {
        guard let owned else { return }
        await Store.shutdown(owned.databases, owned.threadPool, owned.eventLoopGroup)
    }

    private static func shutdown(
        _ databases: Databases, _ threadPool: NIOThreadPool, _ group: MultiThreadedEventLoopGroup
    ) async {
        await databases.shutdownAsync()
        try? await threadPool.shutdownGracefully()
        try? await group.shutdownGracefully()
    }

    /// The readable core of a driver error ("file is not a database").
    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("file is not a database") || text.contains("NOTADB") {
            return "the file is not a SitLess database (not SQLite)"
        }
        return text
    }
}

extension Store {
    /// A consistent copy of a SQLite database while it is in use (`VACUUM INTO`), for
    /// `sitless backup`. Refuses to overwrite an existing file.
    public func backup(to path: String) async throws {
        guard case .sqlite? = location else {
            throw StoreError.backupNeedsSQLite(location?.description ?? "not a SQLite file")
        }
        guard !FileManager.default.fileExists(atPath: path) else { throw StoreError.backupExists(path: path) }
        let quoted = "'" + path.replacingOccurrences(of: "'", with: "''") + "'"
        try await (database as! any SQLDatabase).raw(SQLQueryString("VACUUM INTO \(unsafeRaw: quoted)")).run()
    }
}
