import Foundation
import Logging
import Vapor

/// One structured log line per request: method, the route's pattern (never the path
/// itself, which can carry ids and the calendar secret), status and duration. No query
/// strings, headers, cookies, tokens or bodies, so no passwords and no health data.
struct RequestLogMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let started = DispatchTime.now().uptimeNanoseconds
        return next.respond(to: request).always { result in
            let status: UInt
            switch result {
            case .success(let response): status = response.status.code
            case .failure(let error): status = (error as? any AbortError)?.status.code ?? 500
            }
            let tenths = (DispatchTime.now().uptimeNanoseconds - started + 50_000) / 100_000
            let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "(no route)"
            request.application.logger.info(
                "request",
                metadata: [
                    "method": .string(request.method.rawValue), "route": .string(route),
                    "status": .stringConvertible(status),
                    "ms": .string("\(tenths / 10).\(tenths % 10)"), "request_id": .string(request.id),
                ])
        }
    }
}

/// Logs as JSON lines (`SITLESS_LOG_FORMAT=json`), for log collectors.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String
    let lock = NSLock()

    public init(label: String) { self.label = label }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(
        level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String,
        file: String, function: String, line: UInt
    ) {
        // The wall clock on purpose: a log line says when it was written, even when the app's
        // clock is pinned (SITLESS_NOW, tests); nothing decides anything by it.
        guard let data = self.line(level: level, message: message, metadata: explicit, at: Date()) else { return }
        lock.withLock { FileHandle.standardError.write(data) }
    }

    /// One JSON object with sorted keys and a newline: time (UTC, milliseconds), level,
    /// label, message and the metadata, the call's own over the handler's.
    func line(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, at time: Date) -> Data?
    {
        var fields: [String: String] = [
            "time": time.formatted(Self.timeFormat), "level": level.rawValue,
            "label": label, "message": message.description,
        ]
        for (key, value) in metadata.merging(explicit ?? [:], uniquingKeysWith: { $1 }) { fields[key] = "\(value)" }
        guard var data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]) else { return nil }
        data.append(0x0A)
        return data
    }

    /// A format style is a value made once, unlike a formatter per line.
    static let timeFormat = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
}
