import Foundation
import SitLessServer
import Testing
import Vapor
import VaporTesting

@Suite("JSON API")
struct APITests {
    @Test("a token made in settings works until revoked; errors are JSON naming the field", arguments: TestServer.databases)
    func tokensAndErrors(_ db: String) async throws {
        try await TestServer.run(db) { app in
            // setup
            let ana = try await TestServer.signUp(app)
            let api = try await APIClient.forBrowser(ana)

            // MUT + validate
            let me = try await api.get("/api/v1/users/me")
            #expect(me.status == .ok)
            #expect(me.object["timeZone"] as? String == "Europe/Berlin")
            // A token is not a way into the web app: no session cookie comes back.
            #expect(me.headers.setCookie?["sitless-session"] == nil)
            let anonymous = try await APIClient(app: app, token: nil).get("/api/v1/users/me")
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.errorField == "Authorization")
            #expect(anonymous.headers.first(name: .wwwAuthenticate) == "Bearer")
            #expect(try await APIClient(app: app, token: "sl_forged").get("/api/v1/users/me").status == .unauthorized)
            // The web session cookie is not a way into the API.
            var cookieOnly: HTTPStatus?
            try await app.testing().test(.GET, "/api/v1/users/me", headers: ana.headers()) { cookieOnly = $0.status }
            #expect(cookieOnly == .unauthorized)

            let bad = try await api.call(.POST, "/api/v1/users/me/bouts", json: ["posture": "sitting", "start": "2026-12-07T08:00:00Z"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.errorField == "end")
            #expect(bad.errorMessage == "end: is required")
            let wrongType = try await api.call(.POST, "/api/v1/users/me/bouts", json: ["posture": "sitting", "start": "2026-12-07T08:00:00Z", "end": 5])
            #expect(wrongType.errorField == "end")
            let notJSON = try await api.call(.POST, "/api/v1/users/me/prompts", raw: "{not json")
            #expect(notJSON.status == .unsupportedMediaType)
            let badJSON = try await api.call(.POST, "/api/v1/users/me/prompts", raw: "{not json", contentType: "application/json")
            #expect(badJSON.status == .badRequest)
            let badPosture = try await api.post("/api/v1/users/me/bouts", ["posture": "hovering", "start": "2026-12-07T08:00:00Z", "end": "2026-12-07T08:30:00Z"])
            #expect(badPosture.errorField == "posture")
            #expect(try await api.get("/api/v1/users/me/bouts?limit=0").errorField == "limit")
            #expect(try await api.get("/api/v1/users/me/bouts?cursor=nonsense").errorField == "cursor")
            #expect(try await api.get("/api/v1/users/me/days?from=yesterday").errorField == "from")

            // Revoking the token locks it out at once.
            let settings = try await ana.get("/settings").body.string
            let form = try #require(settings.range(of: "action=\"/settings/tokens/"))
            let id = String(settings[form.upperBound...].prefix(36))
            #expect(try await ana.post("/settings/tokens/\(id)/revoke", ["confirm": "yes"]).status == .seeOther)
            #expect(try await api.get("/api/v1/users/me").status == .unauthorized)
        }
    }

    @Test("bouts page with limit and cursor, with no repeats and no gaps", arguments: TestServer.databases)
    func pagination(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let ana = try await TestServer.signUp(app)
            let api = try await APIClient.forBrowser(ana)
            // Five 10-minute corrections from 07:00 UTC (08:00 Berlin), every 15 minutes.
            for i in 0..<5 {
                let start = 1_796_626_800 + i * 900
                let reply = try await api.post("/api/v1/users/me/bouts", ["posture": i % 2 == 0 ? "sitting" : "standing",
                                                                          "start": iso(start), "end": iso(start + 600)])
                #expect(reply.status == .created, "\(reply.body)")
            }
            var seen: [String] = []
            var path = "/api/v1/users/me/bouts?from=2026-12-07T00:00:00Z&to=2026-12-08T00:00:00Z&limit=2"
            var pages = 0
            while true {
                let page = try await api.get(path)
                #expect(page.status == .ok)
                pages += 1
                seen += page.items.compactMap { $0["start"] as? String }
                guard let next = page.object["nextCursor"] as? String else { break }
                path = "/api/v1/users/me/bouts?from=2026-12-07T00:00:00Z&to=2026-12-08T00:00:00Z&limit=2&cursor=\(next)"
            }
            #expect(pages == 3)
            #expect(seen == ["2026-12-07T07:00:00Z", "2026-12-07T07:15:00Z", "2026-12-07T07:30:00Z", "2026-12-07T07:45:00Z", "2026-12-07T08:00:00Z"])
            // The day's metrics count them: 3 x 10 min sitting, 2 x 10 standing.
            let day = try await api.get("/api/v1/users/me/days?from=2026-12-07&to=2026-12-07")
            #expect(day.items.first?["sittingMinutes"] as? Double == 30)
            #expect(day.items.first?["standingMinutes"] as? Double == 20)
        }
    }

    @Test("a whole session through the API: start, log 15 sets, finish; the rules progress the hip thrust", arguments: TestServer.databases)
    func session(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let ana = try await TestServer.signUp(app)
            let api = try await APIClient.forBrowser(ana)
            let started = try await api.post("/api/v1/users/me/workouts")
            #expect(started.status == .created)
            let id = try #require(started.object["id"] as? String)
            let items = try #require(started.object["items"] as? [[String: Any]])
            #expect(items.count == 5)
            for item in items {
                for _ in 0..<(item["sets"] as! Int) {
                    var set: [String: Any] = ["item": item["index"]!, "effort": 5, "pain": 0]
                    if let reps = item["reps"] as? Int { set["reps"] = reps } else { set["seconds"] = item["seconds"] as! Int }
                    let logged = try await api.post("/api/v1/users/me/workouts/\(id)/sets", set)
                    #expect(logged.status == .created, "\(logged.body)")
                }
            }
            let wrong = try await api.post("/api/v1/users/me/workouts/\(id)/sets", ["item": 1, "effort": 5, "pain": 11, "reps": 15])
            #expect(wrong.errorField == "pain")
            let finished = try await api.post("/api/v1/users/me/workouts/\(id)/finish")
            #expect(finished.object["status"] as? String == "done")
            #expect((finished.object["sets"] as? [Any])?.count == 15)
            #expect(try await api.post("/api/v1/users/me/workouts/\(id)/sets", ["item": 0, "effort": 5, "pain": 0, "reps": 1]).status == .conflict)
            let list = try await api.get("/api/v1/users/me/workouts")
            #expect(list.items.count == 1)
        }
    }

    func iso(_ seconds: Int) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
