import Foundation
import SitLessAPI
import SitLessCore
import SitLessServer
import Testing
import Vapor
import VaporTesting

/// The API as a program written against openapi.yaml uses it: the generated client, through
/// the app's routes (`InMemoryTransport`). Requests the document does not allow go raw.
@Suite("JSON API")
struct APITests {
    @Test("a token made in settings answers for its person until it is revoked", arguments: TestServer.databases)
    func tokenUntilRevoked(_ db: String) async throws {
        try await TestServer.run(db) { app in
            // setup
            let ana = try await TestServer.signUp(app)
            let api = try await APIClient.forBrowser(ana, name: "desk")

            // MUT
            let me = try await api.typed.getUser(path: .init(user: "me")).ok.body.json
            let settings = try await ana.get("/settings").body.string
            let form = try #require(settings.range(of: "action=\"/settings/tokens/"))
            let tokenID = String(settings[form.upperBound...].prefix(36))
            #expect(try await ana.post("/settings/tokens/\(tokenID)/revoke", ["confirm": "yes"]).status == .seeOther)
            let after = try await api.typed.getUser(path: .init(user: "me"))

            // validate
            #expect(me.timeZone == "Europe/Berlin")
            guard case .unauthorized = after else {
                Issue.record("expected 401 after revoking, got \(after)")
                return
            }
        }
    }

    @Test("a token is no way into the web app, and a session cookie none into the API", arguments: TestServer.databases)
    func tokensAndCookiesApart(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let ana = try await TestServer.signUp(app)
            let api = try await APIClient.forBrowser(ana)

            let withToken = try await api.get("/api/v1/users/me")
            var cookieOnly: HTTPStatus?
            try await app.testing().test(.GET, "/api/v1/users/me", headers: ana.headers()) { cookieOnly = $0.status }

            #expect(withToken.status == .ok)
            #expect(withToken.headers.setCookie?["sitless-session"] == nil)
            #expect(cookieOnly == .unauthorized)
        }
    }

    @Test(
        "no token or a forged one: 401 naming the Authorization header, with a Bearer challenge",
        arguments: TestServer.databases)
    func unauthorized(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let anonymous = try await APIClient(app: app, token: nil).get("/api/v1/users/me")
            let forged = try await APIClient(app: app, token: "sl_forged").get("/api/v1/users/me")

            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.errorField == "Authorization")
            #expect(anonymous.headers.first(name: .wwwAuthenticate) == "Bearer")
            #expect(forged.status == .unauthorized)
        }
    }

    @Test(
        "requests the document does not allow are refused as JSON naming what was wrong",
        arguments: TestServer.databases)
    func errorsNameTheField(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let api = try await APIClient.forBrowser(try await TestServer.signUp(app))
            let bouts = "/api/v1/users/me/bouts"

            let noEnd = try await api.post(bouts, ["posture": "sitting", "start": "2026-12-07T08:00:00Z"])
            let wrongType = try await api.post(
                bouts, ["posture": "sitting", "start": "2026-12-07T08:00:00Z", "end": 5])
            let notJSON = try await api.call(.POST, "/api/v1/users/me/prompts", raw: "{not json")
            let badJSON = try await api.call(
                .POST, "/api/v1/users/me/prompts", raw: "{not json", contentType: "application/json")
            let hovering = try await api.post(
                bouts,
                [
                    "posture": "hovering", "start": "2026-12-07T08:00:00Z",
                    "end": "2026-12-07T08:30:00Z",
                ])

            #expect(noEnd.status == .unprocessableEntity)
            #expect(noEnd.errorField == "end" && noEnd.errorMessage == "end: is required")
            #expect(wrongType.errorField == "end")
            #expect(notJSON.status == .unsupportedMediaType)
            #expect(badJSON.status == .badRequest)
            #expect(hovering.errorField == "posture")
            #expect(try await api.get("\(bouts)?limit=0").errorField == "limit")
            #expect(try await api.get("\(bouts)?cursor=nonsense").errorField == "cursor")
            #expect(try await api.get("/api/v1/users/me/days?from=yesterday").errorField == "from")
        }
    }

    @Test(
        "bouts page with limit and cursor, with no repeats and no gaps; the day counts them",
        arguments: TestServer.databases)
    func pagination(_ db: String) async throws {
        try await TestServer.run(db) { app in
            // setup: five 10-minute corrections from 07:00 UTC (08:00 Berlin), every 15 minutes
            let api = try await APIClient.forBrowser(try await TestServer.signUp(app)).typed
            let first = Date(timeIntervalSince1970: 1_796_626_800)  // 2026-12-07T07:00:00Z
            for i in 0..<5 {
                let start = first.addingTimeInterval(Double(i) * 900)
                let bout = Components.Schemas.NewBout(
                    end: APIInstant(start.addingTimeInterval(600)),
                    posture: i % 2 == 0 ? .sitting : .standing, start: APIInstant(start))
                _ = try await api.addBout(path: .init(user: "me"), body: .json(bout)).created
            }

            // MUT: read them two at a time
            var seen: [Date] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try await api.listBouts(
                    path: .init(user: "me"),
                    query: .init(
                        from: APIInstant(text: "2026-12-07T00:00:00Z"), to: APIInstant(text: "2026-12-08T00:00:00Z"),
                        limit: 2, cursor: cursor)
                ).ok.body.json
                pages += 1
                seen += page.items.map(\.start)
                cursor = page.nextCursor
            } while cursor != nil
            let day = try await api.listDays(
                path: .init(user: "me"),
                query: .init(
                    from: APIDay(text: "2026-12-07"), to: APIDay(text: "2026-12-07"))
            ).ok.body.json

            // validate: 3 x 10 min sitting, 2 x 10 standing
            #expect(pages == 3)
            #expect(seen == (0..<5).map { first.addingTimeInterval(Double($0) * 900) })
            #expect(day.items.first?.sittingMinutes == 30)
            #expect(day.items.first?.standingMinutes == 20)
        }
    }

    @Test(
        "a whole session through the API: start, log 15 sets, finish; then no more sets",
        arguments: TestServer.databases)
    func session(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let api = try await APIClient.forBrowser(try await TestServer.signUp(app)).typed

            let workout = try await api.startWorkout(path: .init(user: "me")).created.body.json
            let path = Operations.LogSet.Input.Path(user: "me", id: workout.id)
            for item in workout.items {
                for _ in 0..<item.sets {
                    let set = Components.Schemas.NewSet(
                        effort: 5, item: item.index, pain: 0, reps: item.reps ?? nil,
                        seconds: item.reps == nil ? item.seconds : nil)
                    _ = try await api.logSet(path: path, body: .json(set)).created
                }
            }
            let painTooHigh = try await api.logSet(
                path: path, body: .json(.init(effort: 5, item: 1, pain: 11, reps: 15)))
            let finished = try await api.finishWorkout(path: .init(user: "me", id: workout.id)).ok.body.json
            let late = try await api.logSet(path: path, body: .json(.init(effort: 5, item: 0, pain: 0, reps: 1)))
            let list = try await api.listWorkouts(path: .init(user: "me")).ok.body.json

            #expect(workout.items.count == 5)
            #expect(try painTooHigh.unprocessableContent.body.json.error.field == "pain")
            #expect(finished.status == .done)
            #expect(finished.sets.count == 15)
            guard case .conflict = late else {
                Issue.record("expected 409 for a set after finishing, got \(late)")
                return
            }
            #expect(list.items.map(\.id) == [workout.id])
        }
    }
}
