import ArgumentParser
import Foundation
import SitLessCore
import SitLessServer
import SitLessStore

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the web app (default http://127.0.0.1:8080) on the same database as the CLI.",
        discussion: "DATABASE_URL=postgres://... runs it on PostgreSQL; several processes may share one database."
    )

    @Option(help: ArgumentHelp("Address to listen on.", valueName: "host")) var host = "127.0.0.1"
    @Option(help: ArgumentHelp("Port to listen on.", valueName: "port")) var port = 8080
    @Option(
        help: ArgumentHelp(
            "SQLite file or postgres:// URL (default: SITLESS_DB, DATABASE_URL, or the file in your data folder).",
            valueName: "path"))
    var db: String?
    @Flag(
        name: .customLong("secure-cookies"),
        help: "Mark the session cookie Secure and send Strict-Transport-Security (when served over HTTPS).")
    var secureCookies = false
    @Option(
        name: .customLong("trusted-proxy"),
        help: ArgumentHelp(
            "A reverse proxy's address whose X-Forwarded-For names the client (repeat for several).",
            valueName: "address"))
    var trustedProxies: [String] = []

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let location = DatabaseLocation.resolve(db: db, environment: environment)
        for address in trustedProxies where ClientAddress.ipAddress(address) != address {
            throw CLIError("--trusted-proxy '\(address)' is not an IP address such as 127.0.0.1 or ::1")
        }
        let catalog: Catalog
        do { catalog = try Catalog.builtIn() } catch { throw CLIError("\(error)") }
        do {
            var settings = ServerSettings(
                database: location, catalog: catalog, now: try Now.clock(), secureCookies: secureCookies)
            settings.trustedProxies = Set(trustedProxies)
            try await serve(host: host, port: port, settings: settings)
        } catch {
            throw CLIError("cannot start the web app: \(error)")
        }
    }
}
