import Foundation
import Logging
import NIOCore
import NIOPosix
import SitLessStore
import Vapor

/// Runs the web app until the process is stopped: what `sitless serve` calls.
public func serve(host: String, port: Int, settings: ServerSettings) async throws {
    // Production unless SITLESS_ENV says otherwise: in Vapor's "development" Leaf re-reads
    // and re-parses every template on every request.
    let variables = ProcessInfo.processInfo.environment
    let env = Environment(name: variables["SITLESS_ENV"] ?? "production", arguments: ["sitless"])
    let level = variables["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
    if variables["SITLESS_LOG_FORMAT"] == "json" {
        LoggingSystem.bootstrap { label in
            var handler = JSONLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
    } else {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
    // Swift concurrency runs on NIO's event loops: a route's awaits on the database and
    // the response's write then stay on one thread instead of hopping between Swift's
    // global pool and the event loop (measured in Benchmarks/run-load.sh).
    if variables["SITLESS_NIO_EXECUTOR"] != "0" {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
    let app = try await Application.make(env)
    app.http.server.configuration.hostname = host
    app.http.server.configuration.port = port
    do {
        try await configure(app, settings)
        let purge = purgeEndedSessions(app, settings)
        defer { purge.cancel() }
        app.logger.notice("SitLess listening on http://\(host):\(port) with \(settings.database)")
        try await app.execute()
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    // Stopped (SIGTERM, SIGINT): answers already begun and imports running get up to 10 s
    // to finish before the database closes under them.
    await app.drain(limit: .seconds(10))
    try await app.asyncShutdown()
}

/// Sign-in sessions that have ended leave the database a minute after start and then every
/// hour. Each process does it; it is one DELETE, so several at once do no harm.
private func purgeEndedSessions(_ app: Application, _ settings: ServerSettings) -> RepeatedTask {
    let eventLoop = app.eventLoopGroup.any()
    return eventLoop.scheduleRepeatedAsyncTask(initialDelay: .minutes(1), delay: .hours(1)) { _ in
        eventLoop.makeFutureWithTask {
            do {
                try await Store(database: app.db).purgeEndedWebSessions(now: settings.now())
            } catch {
                app.logger.warning("could not remove ended sign-in sessions: \(String(describing: error))")
            }
        }
    }
}
