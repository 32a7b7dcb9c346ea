import Foundation
import SitLessCore
import SitLessServer
import Testing
import Vapor
import VaporTesting

/// The OpenAPI document matches the implementation: every registered API route is in it,
/// and every operation, called for real, answers only with statuses it documents, with
/// the documented required keys in its JSON.
@Suite("OpenAPI document")
struct OpenAPITests {
    struct Call {
        var method: HTTPMethod
        var path: String
        var json: [String: Any]? = nil
        var raw: String? = nil
        var as_: APIClient? = nil
    }

    @Test("every route is documented and answers only documented statuses", arguments: TestServer.databases)
    func conformance(_ db: String) async throws {
        try await TestServer.run(db) { app in
            // setup: the access-matrix people and data
            let p = try await AccessMatrixTests.setUp(app)
            var docReply: APIClient.Reply!
            try await app.testing().test(.GET, "/api/openapi.json") { res in
                docReply = APIClient.Reply(status: res.status, headers: res.headers, body: res.body.string)
            }
            let doc = try #require(docReply.json as? [String: Any])
            #expect(doc["openapi"] as? String == "3.1.0")
            // Paths in the document are below its server's URL, /api/v1.
            let server = try #require((doc["servers"] as? [[String: Any]])?.first?["url"] as? String)
            #expect(server == "/api/v1")
            let paths = Dictionary(
                uniqueKeysWithValues: try #require(doc["paths"] as? [String: [String: Any]]).map {
                    (server + $0.key, $0.value)
                })
            let schemas = try #require((doc["components"] as? [String: Any])?["schemas"] as? [String: Any])

            // Every registered API route is in the document.
            var routed: Set<String> = []
            for route in app.routes.all
            where route.path.first?.description == "api" && route.path.dropFirst().first?.description == "v1" {
                let path =
                    "/"
                    + route.path.map { component -> String in
                        if case .parameter(let name) = component { return "{\(name)}" }
                        return component.description
                    }.joined(separator: "/")
                routed.insert("\(route.method.rawValue.lowercased()) \(path)")
                #expect(
                    paths[path]?[route.method.rawValue.lowercased()] != nil,
                    "\(route.method) \(path) is missing from the document")
            }
            var documented: Set<String> = []
            var operations: [String: (method: String, path: String, responses: [String: Any])] = [:]
            for (path, methods) in paths {
                for (method, value) in methods {
                    let op = value as! [String: Any]
                    documented.insert("\(method) \(path)")
                    operations[op["operationId"] as! String] = (method, path, op["responses"] as! [String: Any])
                }
            }
            #expect(documented == routed, "documented but not routed: \(documented.subtracting(routed))")

            // MUT: each operation, for real.
            let base = "/api/v1/users/\(p.memberID)"
            let workout = try #require(try await p.memberAPI.get("\(base)/workouts").items.first?["id"] as? String)
            // The session's one set (pain 6 on item 0): the newest, so the one that can be undone.
            let newestSet = try #require(
                ((try await p.memberAPI.get("\(base)/workouts/\(workout)").object["sets"] as? [[String: Any]])?.last?[
                    "id"]) as? String)
            let routine = try #require(try await p.memberAPI.get("\(base)/routines").items.first?["id"] as? String)
            let upload = try #require(try await p.memberAPI.get("\(base)/imports").items.first?["id"] as? String)
            let bout = try #require(
                try await p.memberAPI.get("\(base)/bouts?from=2026-12-06T00:00:00Z").items.first?["id"] as? String)
            let invite = try await p.clinicianAPI.post("/api/v1/teams/\(p.teamID)/invites")
            let code = try #require(invite.object["code"] as? String)
            let newcomer = try await APIClient.forBrowser(try await TestServer.signUp(app))
            let coach = try await p.memberAPI.get("\(base)/coach").object
            let fresh = try await APIClient.forBrowser(try await TestServer.signUp(app))
            let leaving = try await APIClient.forBrowser(try await TestServer.signUp(app))
            var archive = ""
            // Someone moving servers: their export is imported into a fresh account once they are deleted here.
            try await YourDataTests.someData(leaving)
            try await app.testing().test(
                .GET, "/api/v1/users/me/export", headers: ["Authorization": "Bearer \(leaving.token!)"]
            ) { archive = String(decoding: Data(buffer: $0.body), as: UTF8.self) }
            let calls: [String: [Call]] = [
                "listExercises": [
                    .init(method: .GET, path: "/api/v1/exercises?limit=5"),
                    .init(method: .GET, path: "/api/v1/exercises?limit=500"),
                ],
                "getExercise": [.init(method: .GET, path: "/api/v1/exercises/hip-thrust")],
                "listPrograms": [.init(method: .GET, path: "/api/v1/programs")],
                "getProgram": [.init(method: .GET, path: "/api/v1/programs/glute-wake-up")],
                "getUser": [.init(method: .GET, path: base)],
                "getReport": [.init(method: .GET, path: "\(base)/report")],
                "listBouts": [
                    .init(method: .GET, path: "\(base)/bouts?from=2026-12-06T00:00:00Z"),
                    .init(method: .GET, path: "\(base)/bouts?from=x"),
                ],
                "addBout": [
                    .init(
                        method: .POST, path: "\(base)/bouts",
                        json: ["posture": "standing", "start": "2026-12-07T08:00:00Z", "end": "2026-12-07T08:05:00Z"]),
                    .init(method: .POST, path: "\(base)/bouts", json: ["posture": "standing"]),
                    .init(method: .POST, path: "\(base)/bouts", raw: #"{"posture": "standing"}"#),
                    .init(
                        method: .POST, path: "\(base)/bouts",
                        json: ["posture": "standing", "start": "2026-12-07T08:00:00Z", "end": "2026-12-07T08:05:00Z"],
                        as_: p.clinicianAPI),
                ],
                "deleteBout": [
                    .init(method: .DELETE, path: "\(base)/bouts/\(bout)"),
                    .init(method: .DELETE, path: "\(base)/bouts/\(bout)"),
                ],
                "changePosture": [.init(method: .POST, path: "\(base)/posture", json: ["posture": "sitting"])],
                "savePresence": [
                    .init(
                        method: .POST, path: "\(base)/presence",
                        json: ["start": "2026-12-07T08:40:00Z", "end": "2026-12-07T08:50:00Z", "open": false])
                ],
                "listDays": [.init(method: .GET, path: "\(base)/days")],
                "getCoach": [.init(method: .GET, path: "\(base)/coach")],
                "putCoach": [
                    .init(method: .PUT, path: "\(base)/coach", json: coach),
                    .init(method: .PUT, path: "\(base)/coach", json: coach.merging(["workHours": "whenever"]) { $1 }),
                ],
                "listPrompts": [.init(method: .GET, path: "\(base)/prompts")],
                "addPrompt": [
                    .init(
                        method: .POST, path: "\(base)/prompts",
                        json: ["outcome": "skipped", "at": "2026-12-07T08:45:00Z"])
                ],
                "getPlan": [.init(method: .GET, path: "\(base)/plan")],
                "putPlan": [
                    .init(
                        method: .PUT, path: "\(base)/plan",
                        json: [
                            "programID": "glute-wake-up", "start": "2026-12-07", "perWeek": 3,
                            "days": ["mon", "wed", "fri"],
                        ])
                ],
                "listSchedule": [.init(method: .GET, path: "\(base)/schedule?from=2026-12-07&to=2026-12-13")],
                "listWorkouts": [.init(method: .GET, path: "\(base)/workouts?limit=1")],
                "startWorkout": [.init(method: .POST, path: "\(base)/workouts")],
                "getWorkout": [.init(method: .GET, path: "\(base)/workouts/\(workout)")],
                "logSet": [
                    .init(
                        method: .POST, path: "\(base)/workouts/\(workout)/sets",
                        json: ["item": 0, "seconds": 30, "effort": 4, "pain": 1]),
                    .init(
                        method: .POST, path: "\(base)/workouts/\(workout)/sets",
                        json: ["item": 99, "effort": 4, "pain": 1]),
                ],
                "undoSet": [
                    .init(method: .DELETE, path: "\(base)/workouts/\(workout)/sets/\(newestSet)"),
                    .init(method: .DELETE, path: "\(base)/workouts/\(workout)/sets/\(newestSet)"),
                    .init(method: .DELETE, path: "\(base)/workouts/\(workout)/sets/\(newestSet)", as_: p.clinicianAPI),
                ],
                "skipItem": [
                    .init(method: .POST, path: "\(base)/workouts/\(workout)/items/1/skip"),
                    .init(method: .POST, path: "\(base)/workouts/\(workout)/items/1/skip"),
                    .init(method: .POST, path: "\(base)/workouts/\(workout)/items/99/skip"),
                ],
                "swapItem": [
                    .init(method: .POST, path: "\(base)/workouts/\(workout)/items/0/swap"),
                    .init(method: .POST, path: "\(base)/workouts/\(workout)/items/0/swap"),
                    .init(method: .POST, path: "\(base)/workouts/\(workout)/items/0/swap", as_: p.clinicianAPI),
                ],
                "finishWorkout": [.init(method: .POST, path: "\(base)/workouts/\(workout)/finish")],
                "listRoutines": [.init(method: .GET, path: "\(base)/routines")],
                "createRoutine": [
                    .init(
                        method: .POST, path: "\(base)/routines",
                        json: [
                            "name": "Morning", "items": [["exerciseID": "side-lying-clam", "sets": 2, "amount": 12]],
                        ])
                ],
                "getRoutine": [.init(method: .GET, path: "\(base)/routines/\(routine)")],
                "putRoutine": [
                    .init(
                        method: .PUT, path: "\(base)/routines/\(routine)",
                        json: ["name": "Desk set 2", "items": [["exerciseID": "sit-to-stand"]]])
                ],
                "deleteRoutine": [.init(method: .DELETE, path: "\(base)/routines/\(routine)")],
                "listAssignments": [.init(method: .GET, path: "\(base)/assignments")],
                "exportArchive": [
                    .init(method: .GET, path: "\(base)/export"),
                    .init(method: .GET, path: "\(base)/export", as_: p.clinicianAPI),
                ],
                "importArchive": [
                    .init(method: .POST, path: "/api/v1/users/me/archive", raw: archive, as_: fresh),
                    .init(method: .POST, path: "/api/v1/users/me/archive", raw: archive, as_: fresh),
                    .init(method: .POST, path: "/api/v1/users/me/archive", raw: "not a tar", as_: fresh),
                ],
                "deleteAccount": [
                    .init(method: .DELETE, path: "/api/v1/users/me", json: ["password": "wrong"], as_: leaving),
                    .init(
                        method: .DELETE, path: "/api/v1/users/me", json: ["password": "correct-horse-1"], as_: leaving),
                ],
                "listImports": [.init(method: .GET, path: "\(base)/imports")],
                "uploadImport": [
                    .init(method: .POST, path: "\(base)/imports?name=e.csv", raw: "Time,Interval (s),ActivityCode\n"),
                    .init(method: .POST, path: "\(base)/imports?placement=knee", raw: "x"),
                ],
                "getImport": [.init(method: .GET, path: "\(base)/imports/\(upload)")],
                "listTeams": [.init(method: .GET, path: "/api/v1/teams")],
                "createTeam": [
                    .init(method: .POST, path: "/api/v1/teams", json: ["name": "Second clinic"], as_: p.clinicianAPI),
                    .init(method: .POST, path: "/api/v1/teams", json: ["name": "Mine"]),
                ],
                "getTeam": [
                    .init(method: .GET, path: "/api/v1/teams/\(p.teamID)", as_: p.clinicianAPI),
                    .init(method: .GET, path: "/api/v1/teams/\(p.teamID)"),
                ],
                "createInvite": [
                    .init(method: .POST, path: "/api/v1/teams/\(p.teamID)/invites", as_: p.clinicianAPI),
                    .init(method: .POST, path: "/api/v1/teams/\(p.teamID)/invites"),
                ],
                "acceptInvite": [
                    .init(method: .POST, path: "/api/v1/invites/accept", json: ["code": code], as_: newcomer),
                    .init(method: .POST, path: "/api/v1/invites/accept", json: ["code": code], as_: newcomer),
                ],
                "assign": [
                    .init(
                        method: .POST, path: "/api/v1/teams/\(p.teamID)/members/\(p.memberID)/assignments",
                        json: [
                            "programID": "glute-medius-focus", "start": "2026-12-08", "perWeek": 2,
                            "days": ["tue", "fri"],
                        ], as_: p.clinicianAPI)
                ],
                "removeMember": [
                    .init(method: .DELETE, path: "/api/v1/teams/\(p.teamID)/members/\(p.memberID)", as_: p.otherAPI),
                    .init(
                        method: .DELETE, path: "/api/v1/teams/\(p.teamID)/members/\(p.memberID)", as_: p.clinicianAPI),
                ],
                "leaveTeam": [.init(method: .DELETE, path: "/api/v1/teams/\(p.teamID)/membership", as_: newcomer)],
            ]
            #expect(
                Set(calls.keys) == Set(operations.keys),
                "operations without a call in this test: \(Set(operations.keys).subtracting(calls.keys))")

            // validate
            let anonymous = APIClient(app: app, token: nil)
            // In an order where each call finds what it needs (routines before they are deleted, sets before
            // finishing).
            let order = [
                "listExercises", "getExercise", "listPrograms", "getProgram", "getUser", "getReport", "listBouts",
                "addBout", "deleteBout",
                "changePosture", "savePresence", "listDays", "getCoach", "putCoach", "listPrompts", "addPrompt",
                "getPlan", "listSchedule",
                "listWorkouts", "startWorkout", "getWorkout", "undoSet", "logSet", "skipItem", "swapItem",
                "finishWorkout", "listRoutines", "createRoutine", "getRoutine",
                "putRoutine", "deleteRoutine", "putPlan", "listAssignments", "exportArchive", "deleteAccount",
                "importArchive", "listImports", "uploadImport", "getImport", "listTeams", "createTeam",
                "getTeam", "createInvite", "acceptInvite", "leaveTeam", "assign", "removeMember",
            ]
            #expect(Set(order) == Set(calls.keys))
            for id in order {
                guard let op = operations[id], let list = calls[id] else { continue }
                var succeeded = false
                var probes = list.map { ($0, $0.as_ ?? p.memberAPI) }
                // Anonymous, and an unknown id where the path has one.
                probes.append((list[0], anonymous))
                if list[0].path.contains(p.memberID) {
                    var unknown = list[0]
                    unknown.path = unknown.path.replacingOccurrences(of: p.memberID, with: UUID().uuidString)
                    probes.append((unknown, p.memberAPI))
                }
                for (call, client) in probes {
                    let reply = try await client.call(call.method, call.path, json: call.json, raw: call.raw)
                    let status = String(reply.status.code)
                    #expect(
                        op.responses[status] != nil,
                        Comment(rawValue: "\(id): \(call.method) \(call.path) answered \(status), documented "
                            + "\(op.responses.keys.sorted()): \(reply.body.prefix(300))")
                    )
                    if (200..<300).contains(Int(reply.status.code)) { succeeded = true }
                    // Required keys of the documented schema are there.
                    if let content = (op.responses[status] as? [String: Any])?["content"] as? [String: Any],
                        let schema = (content["application/json"] as? [String: Any])?["schema"] as? [String: Any]
                    {
                        let resolved = resolve(schema, schemas)
                        let object = reply.object
                        for key in resolved["required"] as? [String] ?? [] {
                            #expect(
                                object[key] != nil, "\(id) \(status): '\(key)' missing in \(reply.body.prefix(300))")
                        }
                    }
                }
                #expect(succeeded, "\(id) never succeeded in this test")
            }
        }
    }

    @Test(
        "a method an API path does not offer answers 405 with Allow; OPTIONS lists them",
        arguments: TestServer.databases)
    func methodNotAllowed(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let me = try await APIClient.forBrowser(try await TestServer.signUp(app))
            for (method, path, allow) in [
                (HTTPMethod.RAW(value: "TRACE"), "/api/v1/exercises", "GET, HEAD, OPTIONS"),
                (.PATCH, "/api/v1/users/me", "DELETE, GET, HEAD, OPTIONS"),
                (.PUT, "/api/v1/users/me/bouts/\(UUID())", "DELETE, OPTIONS"),
                (.POST, "/api/openapi.json", "GET, HEAD, OPTIONS"),
            ] {
                let reply = try await me.call(method, path)
                #expect(reply.status == .methodNotAllowed, "\(method) \(path): \(reply.status)")
                #expect(
                    reply.headers.first(name: .allow) == allow,
                    "\(method) \(path): Allow \(reply.headers.first(name: .allow) ?? "none")")
                #expect((reply.object["error"] as? [String: Any])?["code"] as? String == "method_not_allowed")
            }
            let options = try await me.call(.OPTIONS, "/api/v1/users/me/routines")
            #expect(options.status == .noContent)
            #expect(options.headers.first(name: .allow) == "GET, HEAD, OPTIONS, POST")
            // Offered methods and paths the API does not have are the router's.
            #expect(try await me.call(.GET, "/api/v1/exercises?limit=1").status == .ok)
            #expect(try await me.call(.RAW(value: "TRACE"), "/api/v1/nothing-here").status == .notFound)
        }
    }

    @Test("the document's name pattern accepts exactly the names NameRules accepts")
    func namePattern() async throws {
        var document = Data()
        try await TestServer.run("sqlite") { app in
            try await app.testing().test(.GET, "/api/openapi.json") { document = Data(buffer: $0.body) }
        }
        let data = try #require(try JSONSerialization.jsonObject(with: document) as? [String: Any])
        let schemas = try #require((data["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let routine = try #require(
            ((schemas["NewRoutine"] as? [String: Any])?["properties"] as? [String: Any])?["name"] as? [String: Any])
        #expect(routine["$ref"] as? String == "#/components/schemas/Name")
        let pattern = try #require((schemas["Name"] as? [String: Any])?["pattern"] as? String)
        let regex = try NSRegularExpression(pattern: pattern)
        let samples = [
            "Morning", "  Desk set  ", "a", String(repeating: "x", count: 80),
            " " + String(repeating: "x", count: 80) + "\t",
            String(repeating: "x", count: 81), "", "   ", "\u{2003}", "line\nbreak", "tab\tinside", "nul\u{0}",
            "bidi\u{202E}txt",
            "zero\u{200B}width", "\u{200B}edge\u{200B}", "joiner\u{200D}ok", "tag\u{E0041}", "é à ü", "Ωmega 🏃‍♀️",
            "\u{0085}next\u{0085}",
            "soft\u{00AD}hyphen", "\u{FEFF}bom", "x\u{2028}y",
        ]
        for sample in samples {
            let accepted = (try? NameRules.check(sample, field: "name", limit: 80)) != nil
            let matches = regex.firstMatch(in: sample, range: NSRange(sample.startIndex..., in: sample)) != nil
            #expect(
                accepted == matches,
                Comment(rawValue: "\(sample.unicodeScalars.map { String($0.value, radix: 16) }): "
                    + "NameRules \(accepted), pattern \(matches)")
            )
        }
    }

    func resolve(_ schema: [String: Any], _ schemas: [String: Any]) -> [String: Any] {
        if let ref = schema["$ref"] as? String, let name = ref.split(separator: "/").last,
            let target = schemas[String(name)] as? [String: Any]
        {
            return resolve(target, schemas)
        }
        return schema
    }
}
