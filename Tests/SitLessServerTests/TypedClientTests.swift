import Foundation
import HTTPTypes
import OpenAPIAsyncHTTPClient
import OpenAPIRuntime
import SitLessAPI
import SitLessCore
import Testing
import Vapor
import VaporTesting

@testable import SitLessServer

/// The API through the client the generator makes from openapi.yaml, against a real server on
/// a port: what a program written against the document gets.
@Suite("Generated client")
struct TypedClientTests {
    @Test(
        "a session through the generated client: start, a refused set naming its field, log, undo, log, finish",
        arguments: TestServer.databases)
    func session(_ db: String) async throws {
        try await TestServer.run(db) { app in
            // setup: a person on the article's program (onboarded on Monday 2026-12-07), a server on a port
            let ana = try await TestServer.signUp(app)
            let token = try #require(try await APIClient.forBrowser(ana).token)
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            defer { Task { await app.server.shutdown() } }
            let port = try #require(app.http.server.shared.localAddress?.port)
            let client = Client(
                serverURL: URL(string: "http://127.0.0.1:\(port)/api/v1")!, transport: AsyncHTTPClientTransport(),
                middlewares: [BearerToken(token)])

            // MUT: today's session
            let started = try await client.startWorkout(path: .init(user: "me"))
            guard case .created(let created) = started else {
                Issue.record("expected 201, got \(started)")
                return
            }
            let workout = try created.body.json
            #expect(workout.status == .inProgress)
            #expect(workout.date == "2026-12-07")
            let first = try #require(workout.items.first)
            let set = Components.Schemas.NewSet(
                effort: 5, item: first.index, loadKg: nil, pain: 1,
                reps: first.reps ?? nil, seconds: first.reps == nil ? first.seconds : nil)

            // A set for an item the session does not have: the documented 422, naming the field.
            var wrong = set
            wrong.item = workout.items.count
            let refused = try await client.logSet(path: .init(user: "me", id: workout.id), body: .json(wrong))
            guard case .unprocessableContent(let problem) = refused else {
                Issue.record("expected 422, got \(refused)")
                return
            }
            #expect(try problem.body.json.error.field == "item")

            // Log, undo, log again: the first set is gone, the second stands.
            let logged = try await client.logSet(path: .init(user: "me", id: workout.id), body: .json(set)).created.body
                .json
            #expect(logged.set == 1)
            _ = try await client.undoSet(path: .init(user: "me", id: workout.id, set: logged.id)).noContent
            let again = try await client.logSet(path: .init(user: "me", id: workout.id), body: .json(set)).created.body
                .json
            #expect(again.set == 1 && again.id != logged.id)
            let finished = try await client.finishWorkout(path: .init(user: "me", id: workout.id)).ok.body.json

            // validate
            #expect(finished.status == .done)
            #expect(finished.sets.map(\.id) == [again.id])
            #expect(finished.items.count == workout.items.count)
        }
    }

    @Test("the document served is openapi.yaml itself, and its exercise ids are the library's")
    func documentIsTheFile() async throws {
        try await TestServer.run("sqlite") { app in
            var yaml = Data()
            var json = Data()
            try await app.testing().test(.GET, "/api/openapi.yaml") { yaml = Data(buffer: $0.body) }
            try await app.testing().test(.GET, "/api/openapi.json") { json = Data(buffer: $0.body) }
            #expect(yaml == APIDocument.yaml)
            let document = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
            let item = try #require((schemas["NewRoutineItem"] as? [String: Any])?["properties"] as? [String: Any])
            let pattern = try #require((item["exerciseID"] as? [String: Any])?["pattern"] as? String)
            let regex = try NSRegularExpression(pattern: pattern)
            func matches(_ text: String) -> Bool {
                regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
            }
            // Every built-in exercise, and a clinician's own id form, and nothing else.
            for exercise in try Catalog.builtIn().exercises { #expect(matches(exercise.id), "\(exercise.id)") }
            #expect(matches("own-0123456789ab"))
            #expect(!matches("own-xyz") && !matches("no-such-move") && !matches("glute-bridge "))
            let programs = try #require(
                (((schemas["NewPlan"] as? [String: Any])?["properties"] as? [String: Any])?["programID"]
                    as? [String: Any])?["enum"] as? [Any])
            #expect(Set(programs.compactMap { $0 as? String }) == Set(try Catalog.builtIn().programs.map(\.id)))
        }
    }

    @Test("an Accept header that allows none of the answer's types is 406 naming Accept; a browser's */* is answered")
    func notAcceptable() async throws {
        try await TestServer.run("sqlite") { app in
            let api = try await APIClient.forBrowser(try await TestServer.signUp(app))
            let html = try await api.call(.GET, "/api/v1/users/me", headers: ["Accept": "text/html"])
            #expect(html.status == .notAcceptable)
            #expect(html.errorField == "Accept")
            #expect(
                try await api.call(.GET, "/api/v1/users/me", headers: ["Accept": "text/html, */*;q=0.8"]).status == .ok)
            let tarOnly = try await api.call(.GET, "/api/v1/users/me/export", headers: ["Accept": "application/json"])
            #expect(tarOnly.status == .notAcceptable)
        }
    }
}
