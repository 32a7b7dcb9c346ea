import Foundation
import Logging
import NIOConcurrencyHelpers
import SitLessAPI
import Testing
import Vapor
import VaporTesting

@testable import SitLessServer

@Suite("Request logs")
struct RequestLogTests {
    /// Keeps every log line (message and metadata) for the test to read.
    struct Capture: LogHandler {
        let lines: NIOLockedValueBox<[String]>
        var metadata: Logger.Metadata = [:]
        // What `sitless serve` logs by default (debug adds database queries, which carry values).
        var logLevel: Logger.Level = .info
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(
            level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String,
            file: String, function: String, line: UInt
        ) {
            let all = metadata.merging(explicit ?? [:]) { $1 }
            lines.withLockedValue {
                $0.append(
                    "\(message) "
                        + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
            }
        }
    }

    @Test("JSON lines: sorted keys, UTC time with milliseconds, the call's metadata over the handler's")
    func jsonLines() throws {
        var handler = JSONLogHandler(label: "sitless")
        handler.metadata = ["request_id": "a", "status": "1"]
        let data = try #require(
            handler.line(
                level: .info, message: "request", metadata: ["status": "200", "method": "GET"],
                at: Date(timeIntervalSince1970: 1_796_634_000.25)))
        #expect(
            String(decoding: data, as: UTF8.self)
                == #"{"label":"sitless","level":"info","message":"request","method":"GET","#
                + #""request_id":"a","status":"200","time":"2026-12-07T09:00:00.250Z"}"# + "\n")
    }

    @Test("one line per request with the route pattern and status; no passwords, tokens, secrets or health data")
    func noSecrets() async throws {
        try await TestServer.run("sqlite") { app in
            let lines = NIOLockedValueBox<[String]>([])
            app.logger = Logger(label: "test") { _ in Capture(lines: lines) }
            let ana = try await TestServer.signUp(app, email: "ana-logs@example.com")
            let api = try await APIClient.forBrowser(ana)
            let id = try await api.typed.startWorkout(path: .init(user: "me")).created.body.json.id
            _ = try await api.typed.logSet(
                path: .init(user: "me", id: id),
                body: .json(.init(effort: 4, item: 0, pain: 7, seconds: 30))
            ).created
            try await ana.get("/settings")
            let feedPage = try await ana.post("/settings/calendar", [:]).body.string
            let feedStart = try #require(feedPage.range(of: "/calendar/"))
            let secret = String(feedPage[feedStart.upperBound...].prefix { $0 != "." })
            try await ana.get("/calendar/\(secret).ics")

            let log = lines.withLockedValue { $0 }.filter { $0.hasPrefix("request ") }
            #expect(
                log.contains {
                    $0.contains("method=POST") && $0.contains("route=/api/v1/users/:user/workouts/:id/sets")
                        && $0.contains("status=201")
                })
            #expect(log.contains { $0.contains("route=/calendar/:file") && $0.contains("status=200") })
            #expect(log.contains { $0.contains("route=/signup") && $0.contains("status=303") })
            let all = lines.withLockedValue { $0 }.joined(separator: "\n")
            for secretText in ["correct-horse-1", api.token!, secret, "ana-logs@example.com", "pain", id] {
                #expect(!all.contains(secretText), "the log contains '\(secretText)'")
            }
        }
    }
}
