import Fluent
import Foundation
import SitLessAPI
import SitLessCore
import SitLessServer
import Testing
import Vapor
import VaporTesting

@testable import SitLessStore

@Suite("Your data: export, import, delete")
struct YourDataTests {
    /// A member with a session, a correction, a prompt outcome and a routine, through the API.
    static func someData(_ api: APIClient) async throws {
        let me = api.typed
        let workout = try await me.startWorkout(path: .init(user: "me")).created.body.json
        _ = try await me.logSet(
            path: .init(user: "me", id: workout.id),
            body: .json(.init(effort: 4, item: 0, pain: 2, seconds: 30))
        ).created
        _ = try await me.finishWorkout(path: .init(user: "me", id: workout.id)).ok
        let sat = Components.Schemas.NewBout(
            end: try #require(APIInstant(text: "2026-12-07T08:10:00Z")), posture: .sitting,
            start: try #require(APIInstant(text: "2026-12-07T07:00:00Z")))
        _ = try await me.addBout(path: .init(user: "me"), body: .json(sat)).created
        let taken = Components.Schemas.NewPrompt(
            at: try #require(APIInstant(text: "2026-12-07T08:30:00Z")), outcome: .taken)
        _ = try await me.addPrompt(path: .init(user: "me"), body: .json(taken)).created
        let routine = Components.Schemas.NewRoutine(name: "Desk set", items: [.init(exerciseID: "sit-to-stand")])
        _ = try await me.createRoutine(path: .init(user: "me"), body: .json(routine)).created
    }

    static func exportJSON(_ tar: String) throws -> [String: Any] {
        let files = try TarArchive.read(Data(tar.utf8))
        let json = try #require(files.first { $0.name == "sitless-export.json" })
        var object = try #require(try JSONSerialization.jsonObject(with: json.data) as? [String: Any])
        object["exportedAt"] = nil
        object["prescriptions"] = nil
        return object
    }

    @Test("an export downloaded from one server imports into another, losslessly")
    func roundTrip() async throws {
        var exported: Data?
        var first: [String: Any] = [:]
        try await TestServer.run("sqlite") { app in
            let ana = try await TestServer.signUp(app)
            let api = try await APIClient.forBrowser(ana)
            try await Self.someData(api)
            // The Settings page link and the API give the same archive.
            var download: TestingHTTPResponse!
            try await app.testing().test(.GET, "/settings/export", headers: ana.headers()) { download = $0 }
            #expect(download.status == .ok)
            #expect(download.headers.contentType?.subType == "x-tar")
            let files = try TarArchive.read(Data(buffer: download.body))
            #expect(files.map(\.name) == ["sitless-export.json", "sessions.csv", "sets.csv", "bouts.csv"])
            let sets = String(decoding: files[2].data, as: UTF8.self).components(separatedBy: "\r\n").filter {
                !$0.isEmpty
            }
            try #require(sets.count == 2, "\(files.map { String(decoding: $0.data, as: UTF8.self).prefix(300) })")
            #expect(sets[1].contains(",seated-glute-stretch,1,,30,,4,2,"))
            exported = Data(buffer: download.body)
            first = try Self.exportJSON(String(decoding: exported!, as: UTF8.self))
        }
        try await TestServer.run("sqlite") { app in
            let ben = try await TestServer.signUp(app)
            let api = try await APIClient.forBrowser(ben)
            // Onboarding gave Ben a plan already: "data" means sessions or sitting, so the import is allowed.
            var headers = HTTPHeaders()
            headers.add(name: .authorization, value: "Bearer \(api.token!)")
            var reply: TestingHTTPResponse!
            try await app.testing().test(
                .POST, "/api/v1/users/me/archive", headers: headers, body: ByteBuffer(data: exported!)
            ) { reply = $0 }
            #expect(reply.status == .noContent, "\(reply.body.string)")
            var again: TestingHTTPResponse!
            try await app.testing().test(
                .POST, "/api/v1/users/me/archive", headers: headers, body: ByteBuffer(data: exported!)
            ) { again = $0 }
            #expect(again.status == .conflict)
            let back = try await api.get("/api/v1/users/me/export")
            var second = try Self.exportJSON(back.body)
            // The profile names the account it lives in.
            var p1 = first["profile"] as? [String: Any] ?? [:]
            var p2 = second["profile"] as? [String: Any] ?? [:]
            p1["name"] = nil
            p2["name"] = nil
            second["profile"] = p2
            var firstCopy = first
            firstCopy["profile"] = p1
            let a = try JSONSerialization.data(withJSONObject: firstCopy, options: [.sortedKeys])
            let b = try JSONSerialization.data(withJSONObject: second, options: [.sortedKeys])
            #expect(
                a == b,
                Comment(rawValue: "\(String(decoding: a, as: UTF8.self).prefix(400))\n!=\n"
                    + "\(String(decoding: b, as: UTF8.self).prefix(400))")
            )
            let workouts = try await api.typed.listWorkouts(path: .init(user: "me")).ok.body.json
            #expect(workouts.items.count == 1)
            // Not an archive: the field is named.
            var bad: TestingHTTPResponse!
            try await app.testing().test(
                .POST, "/api/v1/users/me/archive", headers: headers, body: ByteBuffer(string: "hello")
            ) { bad = $0 }
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("\"field\":\"archive\""))
        }
    }

    @Test(
        "deleting the account needs the password, then removes the person and everything theirs",
        arguments: TestServer.databases)
    func deleteAccount(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let email = "del-\(UUID().uuidString.prefix(8))@example.com"
            let ana = try await TestServer.signUp(app, email: email)
            let api = try await APIClient.forBrowser(ana)
            try await Self.someData(api)
            _ = try await TestServer.signUp(app)  // someone else stays
            try await ana.get("/settings")
            let wrong = try await ana.post("/settings/delete", ["password": "not-my-password"])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("is not correct; nothing was deleted"))
            #expect(try await api.typed.listWorkouts(path: .init(user: "me")).ok.body.json.items.count == 1)
            let done = try await ana.post("/settings/delete", ["password": "correct-horse-1"])
            #expect(done.status == .seeOther)
            _ = try await api.typed.getUser(path: .init(user: "me")).unauthorized
            #expect(try await ana.get("/").status == .seeOther)
            #expect(try await UserRecord.query(on: app.db).filter(\UserRecord.$email == email).count() == 0)
            let signIn = Browser(app)
            try await signIn.get("/signin")
            let refused = try await signIn.post("/signin", ["email": email, "password": "correct-horse-1"])
            #expect(refused.status == .unauthorized, "\(refused.status)")
        }
    }
}
