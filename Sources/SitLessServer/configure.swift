import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Leaf
import LeafKit
import SitLessCore
import SitLessStore
import Vapor

/// Builds the whole web app on `app`: database and migrations, sessions stored in the
/// database (so several `sitless serve` processes can share PostgreSQL), CSRF protection,
/// views, static files and routes. Used by `sitless serve` and by the tests alike.
public func configure(_ app: Application, _ settings: ServerSettings) async throws {
    app.storage[SettingsKey.self] = settings

    switch settings.database {
    case .sqlite(let path):
        try prepareSQLiteFolder(path)
        app.databases.use(.sqlite(.file(path), sqlLogLevel: .trace), as: .sqlite)
    case .postgres(let url):
        app.databases.use(try .postgres(url: url, maxConnectionsPerEventLoop: 4, sqlLogLevel: .trace), as: .psql)
    }
    for migration in Store.migrations { app.migrations.add(migration) }
    if case .sqlite = settings.database, let sql = app.db as? any SQLDatabase {
        try await sql.raw("PRAGMA busy_timeout = 5000").run()
        try await sql.raw("PRAGMA journal_mode = WAL").run()
    }
    if settings.migrate { try await app.autoMigrate() }

    // Resources: views and static files ship inside the module's bundle.
    let resources = Bundle.module.resourceURL!
    app.directory.viewsDirectory = resources.appendingPathComponent("Views").path + "/"
    app.directory.publicDirectory = resources.appendingPathComponent("Public").path + "/"
    app.views.use(.leaf)
    app.leaf.configuration.rootDirectory = app.directory.viewsDirectory
    // The bundle sits under .build/, which Leaf's default "visible files only" limit refuses.
    app.leaf.sources = .singleSource(NIOLeafFiles(fileio: app.fileio, limits: [.toSandbox, .requireExtensions],
                                                  sandboxDirectory: app.directory.viewsDirectory,
                                                  viewDirectory: app.directory.viewsDirectory))
    // Templates ship inside the bundle and never change while the app runs: parse them once.
    app.leaf.cache.isEnabled = true

    app.sessions.use { app in StoredSessions(fluent: app.fluent.sessions.driver()) }
    app.sessions.configuration.cookieName = "sitless-session"
    app.sessions.configuration.cookieFactory = { id in
        // Max-Age rather than Expires: no date to format on every response.
        HTTPCookies.Value(string: id.string, expires: nil, maxAge: 60 * 60 * 24 * 30,
                          domain: nil, path: "/", isSecure: settings.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }

    app.middleware = Middlewares()
    app.middleware.use(RequestLogMiddleware())
    app.middleware.use(HTMLErrorMiddleware(environment: app.environment))
    app.middleware.use(StaticFiles(files: FileMiddleware(publicDirectory: app.directory.publicDirectory, defaultFile: nil)))
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(app.sessions.middleware)
    app.middleware.use(UserSessionAuthenticator())
    app.middleware.use(CSRFMiddleware())

    try routes(app)
}

func prepareSQLiteFolder(_ path: String) throws {
    let folder = (path as NSString).deletingLastPathComponent
    if !folder.isEmpty && !FileManager.default.fileExists(atPath: folder) {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }
}

struct SettingsKey: StorageKey {
    typealias Value = ServerSettings
}

extension Application {
    var settings: ServerSettings { storage[SettingsKey.self]! }
}

extension Request {
    var settings: ServerSettings { application.settings }
    var catalog: Catalog { application.settings.catalog }
    var now: Date { application.settings.now() }
    /// The store over this request's database connection.
    var store: Store { Store(database: db) }
}

/// The public files (styles.css, *.js) all have an extension; other paths skip the file
/// system look-up FileMiddleware would otherwise make on the thread pool for every request.
struct StaticFiles: AsyncMiddleware {
    let files: FileMiddleware

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .GET || request.method == .HEAD, let last = request.url.path.split(separator: "/").last,
              last.contains("."), !request.url.path.hasPrefix("/calendar/") else {
            return try await next.respond(to: request)
        }
        return try await files.respond(to: request, chainingTo: next)
    }
}

/// Safe defaults for every response.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        response.headers.replaceOrAdd(name: "Content-Security-Policy",
                                      value: "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'")
        return response
    }
}
