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
        app.databases.use(SQLiteSetup.configuration(path: path), as: .sqlite)
    case .postgres(let url):
        app.databases.use(try .postgres(url: url, maxConnectionsPerEventLoop: 4, sqlLogLevel: .trace), as: .psql)
    }
    for migration in Store.migrations { app.migrations.add(migration) }
    if case .sqlite = settings.database {
        // The same pragmas as every SQLite store (`SQLiteSetup.pragmas` says why each), on the
        // connection of each event loop.
        try await SQLiteSetup.apply(to: app.databases, on: app.eventLoopGroup, logger: app.logger)
    }
    if settings.migrate { try await app.autoMigrate() }

    // Resources: views and static files ship inside the module's bundle.
    let resources = Bundle.module.resourceURL!
    app.directory.viewsDirectory = resources.appendingPathComponent("Views").path + "/"
    app.directory.publicDirectory = resources.appendingPathComponent("Public").path + "/"
    app.views.use(.leaf)
    app.leaf.configuration.rootDirectory = app.directory.viewsDirectory
    // The bundle sits under .build/, which Leaf's default "visible files only" limit refuses.
    app.leaf.sources = .singleSource(
        NIOLeafFiles(
            fileio: app.fileio, limits: [.toSandbox, .requireExtensions],
            sandboxDirectory: app.directory.viewsDirectory,
            viewDirectory: app.directory.viewsDirectory))
    // Templates ship inside the bundle and never change while the app runs: parse them once.
    app.leaf.cache.isEnabled = true
    app.storage[FormTemplatesKey.self] = try formTemplates(in: app.directory.viewsDirectory)

    app.sessions.use { _ in StoredSessions() }
    app.sessions.configuration.cookieName = "sitless-session"
    app.sessions.configuration.cookieFactory = { id in
        // Max-Age rather than Expires: no date to format on every response. The server ends
        // a session after the same time unused (`Store.webSessionLifetime`).
        HTTPCookies.Value(
            string: id.string, expires: nil, maxAge: Int(Store.webSessionLifetime),
            domain: nil, path: "/", isSecure: settings.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }

    app.middleware = Middlewares()
    app.middleware.use(InFlightMiddleware(requests: app.inFlightRequests))
    app.middleware.use(RequestLogMiddleware())
    // Outside the error pages, so those carry the headers too.
    app.middleware.use(SecurityHeadersMiddleware(strictTransportSecurity: settings.secureCookies))
    app.middleware.use(HTMLErrorMiddleware(environment: app.environment))
    app.middleware.use(
        StaticFiles(files: FileMiddleware(publicDirectory: app.directory.publicDirectory, defaultFile: nil)))
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

/// The templates with a form of their own (they use `base.csrf`), read once from the views:
/// only they make a session for a visitor who has none.
func formTemplates(in directory: String) throws -> Set<String> {
    var names: Set<String> = []
    for file in try FileManager.default.contentsOfDirectory(atPath: directory)
    where file.hasSuffix(".leaf") && file != "base.leaf" {
        let text = try String(contentsOfFile: directory + file, encoding: .utf8)
        if text.contains("base.csrf") { names.insert(String(file.dropLast(".leaf".count))) }
    }
    return names
}

struct FormTemplatesKey: StorageKey { typealias Value = Set<String> }

extension Application {
    var formTemplates: Set<String> { storage[FormTemplatesKey.self] ?? [] }
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
    /// The store over this request's database connection, deciding with the app's clock.
    var store: Store { Store(database: db, clock: application.settings.now) }
    /// The unit the signed-in person reads and types loads in (kilograms for anyone else).
    /// A clinician reads their members' loads in their own unit.
    var loadUnit: LoadUnit { auth.get(Account.self)?.unit ?? .kilograms }
}

/// The public files (styles.css, *.js) all have an extension; other paths skip the file
/// system look-up FileMiddleware would otherwise make on the thread pool for every request.
struct StaticFiles: Middleware {
    let files: FileMiddleware

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard request.method == .GET || request.method == .HEAD, let last = request.url.path.split(separator: "/").last,
            last.contains("."), !request.url.path.hasPrefix("/calendar/")
        else {
            return next.respond(to: request)
        }
        return files.respond(to: request, chainingTo: next)
    }
}

/// Safe defaults for every response.
struct SecurityHeadersMiddleware: Middleware {
    /// Served over HTTPS (`--secure-cookies`): browsers are told to use HTTPS only, for a year.
    var strictTransportSecurity = false

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).map { response in
            if strictTransportSecurity {
                response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000")
            }
            return SecurityHeadersMiddleware.add(to: response)
        }
    }

    static func add(to response: Response) -> Response {
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        // A response that sets its own (the demonstrations' SVG: nothing but inline style) keeps it.
        if !response.headers.contains(name: "Content-Security-Policy") {
            response.headers.replaceOrAdd(
                name: "Content-Security-Policy",
                value:
                    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action "
                        + "'self'; frame-ancestors 'none'"
            )
        }
        return response
    }
}
