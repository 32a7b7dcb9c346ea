import Foundation
import Logging
import Vapor

/// Runs the web app until the process is stopped: what `sitless serve` calls.
public func serve(host: String, port: Int, settings: ServerSettings) async throws {
    var env = try Environment.detect(arguments: ["sitless"])
    if ProcessInfo.processInfo.environment["SITLESS_LOG_FORMAT"] == "json" {
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label) }
    } else {
        try LoggingSystem.bootstrap(from: &env)
    }
    let app = try await Application.make(env)
    app.http.server.configuration.hostname = host
    app.http.server.configuration.port = port
    do {
        try await configure(app, settings)
        app.logger.notice("SitLess listening on http://\(host):\(port) with \(settings.database)")
        try await app.execute()
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
}
