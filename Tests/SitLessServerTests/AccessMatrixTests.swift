import Fluent
import Foundation
import SitLessAPI
import SitLessCore
import SitLessServer
import Testing
import Vapor
import VaporTesting

@testable import SitLessStore

/// Who may see whose data: the member, another member of the same team, the member's own
/// clinician, another team's clinician, the server's admin, and nobody signed in, for every
/// kind of personal data, through the API and the clinician pages.
@Suite("Access matrix")
struct AccessMatrixTests {
    struct People {
        var admin: Browser, member: Browser, other: Browser, clinician: Browser, stranger: Browser
        var adminAPI: APIClient, memberAPI: APIClient, otherAPI: APIClient, clinicianAPI: APIClient,
            strangerAPI: APIClient
        var memberID: String, teamID: String, strangerTeamID: String
    }

    /// Joins with a code the clinician makes through the API.
    static func invite(_ clinician: APIClient, team: String, join: APIClient) async throws {
        let invite = try await clinician.typed.createInvite(path: .init(team: team)).created.body.json
        _ = try await join.typed.acceptInvite(body: .json(.init(code: invite.code))).created
    }

    static func setUp(_ app: Application) async throws -> People {
        let admin = try await TestServer.signUp(app, email: "admin-\(UUID().uuidString.prefix(6))@example.com")
        let member = try await TestServer.signUp(app)
        let other = try await TestServer.signUp(app)
        let clinician = try await TestServer.signUp(app)
        let stranger = try await TestServer.signUp(app)
        for b in [clinician, stranger] {
            try await b.get("/team")
            #expect(try await b.post("/settings/clinician", ["clinician": "on"]).status == .seeOther)
        }
        let people = People(
            admin: admin, member: member, other: other, clinician: clinician, stranger: stranger,
            adminAPI: try await APIClient.forBrowser(admin), memberAPI: try await APIClient.forBrowser(member),
            otherAPI: try await APIClient.forBrowser(other), clinicianAPI: try await APIClient.forBrowser(clinician),
            strangerAPI: try await APIClient.forBrowser(stranger), memberID: "", teamID: "", strangerTeamID: "")
        var p = people
        // The first account on a fresh database is the admin; on the shared PostgreSQL database make sure of it.
        let adminID = try #require(try await p.adminAPI.get("/api/v1/users/me").object["id"] as? String)
        try await UserRecord.query(on: app.db).filter(\.$id == UUID(uuidString: adminID)!).set(\.$isAdmin, to: true)
            .update()
        #expect(try await p.adminAPI.get("/api/v1/users/me").object["isAdmin"] as? Bool == true)
        p.memberID = try #require(try await p.memberAPI.get("/api/v1/users/me").object["id"] as? String)
        p.teamID = try #require(
            try await p.clinicianAPI.post("/api/v1/teams", ["name": "Hip clinic"]).object["id"] as? String)
        p.strangerTeamID = try #require(
            try await p.strangerAPI.post("/api/v1/teams", ["name": "Other clinic"]).object["id"] as? String)
        try await invite(p.clinicianAPI, team: p.teamID, join: p.memberAPI)
        try await invite(p.clinicianAPI, team: p.teamID, join: p.otherAPI)
        // The member's data of every kind.
        let started = try await p.memberAPI.post("/api/v1/users/me/workouts")
        let workout = try #require(started.object["id"] as? String)
        #expect(
            try await p.memberAPI.post(
                "/api/v1/users/me/workouts/\(workout)/sets", ["item": 0, "seconds": 30, "effort": 4, "pain": 6]
            ).status == .created)
        #expect(
            try await p.memberAPI.post(
                "/api/v1/users/me/bouts",
                ["posture": "sitting", "start": "2026-12-07T07:00:00Z", "end": "2026-12-07T08:00:00Z"]
            ).status == .created)
        #expect(
            try await p.memberAPI.post("/api/v1/users/me/prompts", ["outcome": "taken", "at": "2026-12-07T08:30:00Z"])
                .status == .created)
        #expect(
            try await p.memberAPI.post(
                "/api/v1/users/me/routines", ["name": "Desk set", "items": [["exerciseID": "sit-to-stand"]]]
            ).status == .created)
        let upload = try await p.memberAPI.call(
            .POST, "/api/v1/users/me/imports?name=events.csv", raw: ImportTests.events)
        #expect(upload.status == .accepted)
        await app.importJobs.waitForAll()
        let assigned = try await p.clinicianAPI.post(
            "/api/v1/teams/\(p.teamID)/members/\(p.memberID)/assignments",
            [
                "programID": "glute-wake-up", "start": "2026-12-07", "perWeek": 3, "days": ["mon", "wed", "fri"],
                "dosages": ["hip-thrust": "3 x 10"], "notes": "Slow lowering.",
            ])
        #expect(assigned.status == .created, "\(assigned.body)")
        return p
    }

    /// Every kind of the member's data, by API path (with ids filled in).
    static func kinds(_ p: People) async throws -> [String] {
        let base = "/api/v1/users/\(p.memberID)"
        let workout = try #require(try await p.memberAPI.get("\(base)/workouts").items.first?["id"] as? String)
        let routine = try #require(try await p.memberAPI.get("\(base)/routines").items.first?["id"] as? String)
        let upload = try #require(try await p.memberAPI.get("\(base)/imports").items.first?["id"] as? String)
        return [
            base, "\(base)/report", "\(base)/bouts?from=2026-12-06T00:00:00Z&to=2026-12-08T00:00:00Z", "\(base)/days",
            "\(base)/coach",
            "\(base)/prompts?from=2026-12-06T00:00:00Z", "\(base)/plan", "\(base)/schedule", "\(base)/workouts",
            "\(base)/workouts/\(workout)",
            "\(base)/routines", "\(base)/routines/\(routine)", "\(base)/assignments", "\(base)/imports",
            "\(base)/imports/\(upload)",
        ]
    }

    @Test(
        "each kind of data: member and clinician see it; other people and the admin 404, nobody signed in 401",
        arguments: TestServer.databases)
    func matrix(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let p = try await Self.setUp(app)
            let anonymous = APIClient(app: app, token: nil)
            let expected: [(String, APIClient, HTTPStatus)] = [
                ("member", p.memberAPI, .ok), ("their clinician", p.clinicianAPI, .ok),
                ("other member", p.otherAPI, .notFound),
                ("other team's clinician", p.strangerAPI, .notFound), ("admin", p.adminAPI, .notFound),
                ("anonymous", anonymous, .unauthorized),
            ]
            for path in try await Self.kinds(p) {
                for (who, client, status) in expected {
                    let reply = try await client.get(path)
                    #expect(reply.status == status, "\(who) GET \(path): \(reply.status) \(reply.body.prefix(200))")
                }
            }
            // What the clinician sees is the member's real data.
            let report = try await p.clinicianAPI.get("/api/v1/users/\(p.memberID)/report")
            #expect((report.object["pain"] as? [[String: Any]])?.first?["pain"] as? Int == 6)
            #expect((report.object["reasons"] as? [String])?.contains("reported pain 6/10") == true)
            // Writing the member's data: the clinician may read but not change it (403); others see nothing (404).
            let bout = ["posture": "standing", "start": "2026-12-07T08:00:00Z", "end": "2026-12-07T08:05:00Z"]
            #expect(try await p.clinicianAPI.post("/api/v1/users/\(p.memberID)/bouts", bout).status == .forbidden)
            #expect(try await p.otherAPI.post("/api/v1/users/\(p.memberID)/bouts", bout).status == .notFound)
            #expect(try await p.clinicianAPI.post("/api/v1/users/\(p.memberID)/workouts").status == .forbidden)
            // Team pages: only the team's clinician.
            for (who, browser, status) in [
                ("clinician", p.clinician, HTTPStatus.ok), ("stranger", p.stranger, .notFound),
                ("other member", p.other, .notFound),
                ("member", p.member, .notFound), ("admin", p.admin, .notFound),
            ] {
                for path in [
                    "/teams/\(p.teamID)", "/teams/\(p.teamID)/members/\(p.memberID)",
                    "/teams/\(p.teamID)/members/\(p.memberID)/handout",
                ] {
                    #expect(try await browser.get(path).status == status, "\(who) \(path)")
                }
            }
            #expect(try await p.stranger.get("/teams/\(p.strangerTeamID)/members/\(p.memberID)").status == .notFound)
            #expect(
                try await p.strangerAPI.post(
                    "/api/v1/teams/\(p.strangerTeamID)/members/\(p.memberID)/assignments",
                    ["programID": "glute-wake-up", "start": "2026-12-07", "perWeek": 3, "days": ["mon", "wed", "fri"]]
                ).status == .notFound)

            // The member revokes access: the clinician sees nothing any more.
            let leave = try await p.member.post("/teams/\(p.teamID)/leave", ["confirm": "yes"])
            #expect(leave.status == .seeOther)
            for path in try await Self.kinds(p) {
                #expect(try await p.clinicianAPI.get(path).status == .notFound, "after revoking: clinician GET \(path)")
                #expect(try await p.memberAPI.get(path).status == .ok, "after revoking: member GET \(path)")
            }
            #expect(try await p.clinician.get("/teams/\(p.teamID)/members/\(p.memberID)").status == .notFound)
        }
    }

    @Test(
        "a clinician's own exercise, drawing and photo: seen in their team; other teams, admin, anonymous 404",
        arguments: TestServer.databases)
    func ownExercisesAndMedia(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let p = try await Self.setUp(app)
            try await p.clinician.get("/team/exercises/new")
            let saved = try await p.clinician.post("/team/exercises", OwnExerciseTests.form)
            let exercise = try #require(saved.headers.first(name: .location))
            let id = String(exercise.dropFirst("/library/".count))
            try await p.clinician.get(exercise)
            let (status, body) = try await OwnExerciseTests.upload(
                app, p.clinician, exercise: id, bytes: OwnExerciseTests.png())
            #expect(status == .created)
            let photo = try #require(
                (try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["url"] as? String)
            let browsers: [(String, Browser, HTTPStatus)] = [
                ("their clinician", p.clinician, .ok), ("member", p.member, .ok),
                ("other member of the team", p.other, .ok),
                ("other team's clinician", p.stranger, .notFound), ("admin", p.admin, .notFound),
                ("anonymous", Browser(app), .notFound),
            ]
            for path in [
                exercise, "/exercises/\(id)/demonstration.svg", "/exercises/\(id)/stills.svg",
                "/exercises/\(id)/thumbnail.svg", photo,
            ] {
                for (who, browser, expected) in browsers {
                    let got = try await OwnExerciseTests.get(app, browser, path).status
                    // The library page sends people who are not signed in to sign in.
                    let wanted = who == "anonymous" && path == exercise ? HTTPStatus.seeOther : expected
                    #expect(got == wanted, "\(who) GET \(path): \(got)")
                }
            }
            for (who, client, expected) in [
                ("member", p.memberAPI, HTTPStatus.ok), ("other team's clinician", p.strangerAPI, .notFound),
                ("admin", p.adminAPI, .notFound),
            ] {
                #expect(try await client.get("/api/v1/exercises/\(id)").status == expected, "\(who) API exercise")
                #expect(try await client.get(photo).status == expected, "\(who) API client GET \(photo)")
            }
            // Leaving the team ends it for the member; the other member still sees it.
            #expect(try await p.member.post("/teams/\(p.teamID)/leave", ["confirm": "yes"]).status == .seeOther)
            #expect(try await OwnExerciseTests.get(app, p.member, photo).status == .notFound)
            #expect(try await OwnExerciseTests.get(app, p.member, exercise).status == .notFound)
            #expect(try await OwnExerciseTests.get(app, p.other, photo).status == .ok)
        }
    }

    @Test("an invitation code works once, for 14 days; the member sees who prescribed what")
    func invitations() async throws {
        try await TestServer.run("sqlite") { app in
            let clinician = try await TestServer.signUp(app)
            try await clinician.get("/team")
            _ = try await clinician.post("/settings/clinician", ["clinician": "on"])
            let created = try await clinician.post("/teams", ["name": "Hip clinic"])
            let teamPath = try #require(created.headers.first(name: .location))
            let page = try await clinician.post("\(teamPath)/invites", [:]).body.string
            let start = try #require(page.range(of: "<strong class=\"code\">"))
            let code = String(page[start.upperBound...].prefix(14))
            #expect(code.count == 14 && code.filter { $0 == "-" }.count == 2)

            // A new person follows the link: sign-up, onboarding, then back to the invitation.
            let ana = Browser(app)
            let link = try await ana.get("/join/\(code)")
            #expect(link.headers.first(name: .location) == "/signin?next=/join/\(code)")
            try await ana.get("/signup?next=/join/\(code)")
            _ = try await ana.post(
                "/signup",
                [
                    "email": "ana-join@example.com", "password": "correct-horse-1", "confirm": "correct-horse-1",
                    "timeZone": "Europe/Berlin", "next": "/join/\(code)",
                ])
            try await ana.get("/onboarding")
            var fields = [
                "timeZone": "Europe/Berlin", "workHours": "mon-fri 09:00-17:00", "program": "glute-wake-up",
                "perWeek": "3", "day-mon": "on", "day-wed": "on", "day-fri": "on", "start": "2026-12-07",
            ]
            for q in SitLessCore.SafetyScreen.questions { fields["q-\(q.id)"] = "no" }
            let onboarded = try await ana.post("/onboarding", fields)
            #expect(onboarded.headers.first(name: .location) == "/join/\(code)")
            let join = try await ana.get("/join/\(code)")
            #expect(join.body.string.contains("Join Hip clinic"))
            #expect(try await ana.post("/join", ["code": code.lowercased()]).status == .seeOther)
            // Used up: a second person cannot use it.
            let ben = try await TestServer.signUp(app)
            let reused = try await ben.post("/join", ["code": code])
            #expect(reused.status == .unprocessableEntity)
            #expect(reused.body.string.contains("unknown, already used or expired"))

            // The clinician assigns with a dosage change and notes; Ana sees who prescribed it.
            let team = try await clinician.get(teamPath).body.string
            let memberLink = try #require(team.range(of: "\(teamPath)/members/"))
            let memberPath = "\(teamPath)/members/" + String(team[memberLink.upperBound...].prefix(36))
            try await clinician.get(memberPath)
            let bad = try await clinician.post(
                "\(memberPath)/assign",
                [
                    "plan": "program:glute-wake-up", "start": "2026-12-07", "perWeek": "3",
                    "day-mon": "on", "day-wed": "on", "day-fri": "on", "dosages": "Hip thrust 3 x 10",
                ])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("line 1 should look like"))
            let good = try await clinician.post(
                "\(memberPath)/assign",
                [
                    "plan": "program:glute-wake-up", "start": "2026-12-07", "perWeek": "3",
                    "day-mon": "on", "day-wed": "on", "day-fri": "on", "dosages": "Hip thrust: 3 x 10",
                    "notes": "Lower slowly, 3 seconds down.",
                ])
            #expect(good.status == .seeOther, "\(good.body.string)")
            let care = try await ana.get("/team").body.string
            #expect(care.contains("Glute wake-up</strong> by"))
            #expect(care.contains("Lower slowly, 3 seconds down."))
            let today = try await ana.get("/").body.string
            #expect(today.contains("Hip thrust</a>: 3 x 10"))
            let handout = try await clinician.get("\(memberPath)/handout").body.string
            #expect(handout.contains("Hip thrust: 3 x 10"))
            #expect(handout.contains("Lower slowly, 3 seconds down."))
            // Expired: 15 days later a fresh code no longer works.
            let second = try await clinician.post("\(teamPath)/invites", [:]).body.string
            let s2 = try #require(second.range(of: "<strong class=\"code\">"))
            let code2 = String(second[s2.upperBound...].prefix(14))
            app.storage[ClockKey.self]!.advance(15 * 86_400)
            #expect(try await ben.post("/join", ["code": code2]).status == .unprocessableEntity)
        }
    }
}
