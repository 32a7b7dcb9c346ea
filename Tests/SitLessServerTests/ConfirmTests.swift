import Foundation
import SitLessCore
import SitLessServer
import Testing
import Vapor
import VaporTesting

/// Destructive buttons ask first: a POST without `confirm=yes` answers a page naming the
/// thing and removes nothing; the same POST with it acts.
@Suite("Confirming destructive actions")
struct ConfirmTests {
    /// The confirmation page's parts every destructive action shares.
    static func expectConfirmation(
        _ res: TestingHTTPResponse, question: String, cancel: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let body = res.body.string
        #expect(res.status == .ok, sourceLocation: sourceLocation)
        #expect(
            body.contains("<h1 id=\"confirm-question\">\(question)</h1>"), "\(body)", sourceLocation: sourceLocation)
        #expect(body.contains("<input type=\"hidden\" name=\"confirm\" value=\"yes\">"), sourceLocation: sourceLocation)
        #expect(body.contains("class=\"danger\" id=\"confirm-yes\""), sourceLocation: sourceLocation)
        #expect(
            body.contains("<a href=\"\(cancel)\" class=\"button secondary\" id=\"confirm-cancel\">Cancel</a>"),
            sourceLocation: sourceLocation)
    }

    @Test("a sitting entry", arguments: TestServer.databases)
    func sittingEntry(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let ana = try await TestServer.signUp(app)
            try await ana.get("/sitting")
            #expect(
                try await ana.post(
                    "/sitting/bouts", ["date": "2026-12-07", "from": "08:00", "to": "08:45", "posture": "sitting"]
                ).status == .seeOther)
            let page = try await ana.get("/sitting?date=2026-12-07").body.string
            let id = try #require(page.range(of: "/sitting/bouts/").map { String(page[$0.upperBound...].prefix(36)) })
            let row =
                "<td data-label=\"Posture\">sitting</td><td data-label=\"From\">08:00</td><td "
                    + "data-label=\"To\">08:45</td><td data-label=\"Length\">45 min</td>"

            let asked = try await ana.post("/sitting/bouts/\(id)/delete", ["date": "2026-12-07"])
            Self.expectConfirmation(
                asked, question: "Delete sitting from 08:00 to 08:45 on Monday, 2026-12-07?",
                cancel: "/sitting?date=2026-12-07")
            #expect(asked.body.string.contains("<input type=\"hidden\" name=\"date\" value=\"2026-12-07\">"))
            #expect(try await ana.get("/sitting?date=2026-12-07").body.string.contains(row))

            let done = try await ana.post("/sitting/bouts/\(id)/delete", ["date": "2026-12-07", "confirm": "yes"])
            #expect(done.status == .seeOther)
            #expect(done.headers.first(name: .location) == "/sitting?date=2026-12-07")
            #expect(!(try await ana.get("/sitting?date=2026-12-07").body.string.contains(row)))
        }
    }

    @Test("a routine's exercise and the routine", arguments: TestServer.databases)
    func routine(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let ana = try await TestServer.signUp(app)
            try await ana.get("/routines")
            let created = try await ana.post("/routines", ["name": "Morning"])
            let path = try #require(created.headers.first(name: .location))
            try await ana.get(path)
            #expect(try await ana.post("\(path)/items", ["exercise": "hip-thrust"]).status == .seeOther)
            #expect(try await ana.post("\(path)/items", ["exercise": "side-lying-clam"]).status == .seeOther)
            let listed = "<strong><a href=\"/library/hip-thrust\">Hip thrust</a></strong>"
            #expect(try await ana.get(path).body.string.contains(listed))

            Self.expectConfirmation(
                try await ana.post("\(path)/items/0/delete", [:]), question: "Remove Hip thrust from Morning?",
                cancel: path)
            #expect(try await ana.get(path).body.string.contains(listed))
            #expect(try await ana.post("\(path)/items/0/delete", ["confirm": "yes"]).status == .seeOther)
            let after = try await ana.get(path).body.string
            #expect(!after.contains(listed) && after.contains("<strong><a href=\"/library/side-lying-clam\">"))

            Self.expectConfirmation(
                try await ana.post("\(path)/delete", [:]), question: "Delete the routine Morning?", cancel: path)
            #expect(try await ana.get(path).status == .ok)
            #expect(
                try await ana.post("\(path)/delete", ["confirm": "yes"]).headers.first(name: .location) == "/routines")
            #expect(try await ana.get(path).status == .notFound)
        }
    }

    @Test("an API token and the calendar feed", arguments: TestServer.databases)
    func tokens(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let ana = try await TestServer.signUp(app)
            try await ana.get("/settings")
            let made = try await ana.post("/settings/tokens", ["name": "Laptop agent"]).body.string
            let token = try #require(
                made.range(of: "sl_").map {
                    "sl_"
                        + made[$0.upperBound...].prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" })
                })
            let page = try await ana.get("/settings").body.string
            let id = try #require(page.range(of: "/settings/tokens/").map { String(page[$0.upperBound...].prefix(36)) })
            var api = HTTPHeaders()
            api.bearerAuthorization = BearerAuthorization(token: token)

            let asked = try await ana.post("/settings/tokens/\(id)/revoke", [:])
            Self.expectConfirmation(
                asked, question: "Revoke the API token “Laptop agent” (\(token.prefix(7))…)?", cancel: "/settings")
            try await app.testing().test(.GET, "/api/v1/users/me", headers: api) { #expect($0.status == .ok) }

            #expect(try await ana.post("/settings/tokens/\(id)/revoke", ["confirm": "yes"]).status == .seeOther)
            try await app.testing().test(.GET, "/api/v1/users/me", headers: api) { #expect($0.status == .unauthorized) }

            try await ana.get("/settings")
            let feed = try await ana.post("/settings/calendar", [:]).body.string
            let url = try #require(
                feed.range(of: "/calendar/cal_").map {
                    "/calendar/cal_" + feed[$0.upperBound...].prefix(while: { $0 != "<" && $0 != "\"" })
                })
            Self.expectConfirmation(
                try await ana.post("/settings/calendar/stop", [:]), question: "Turn the calendar feed off?",
                cancel: "/settings")
            try await app.testing().test(.GET, url) { #expect($0.status == .ok) }
            #expect(try await ana.post("/settings/calendar/stop", ["confirm": "yes"]).status == .seeOther)
            try await app.testing().test(.GET, url) { #expect($0.status == .notFound) }
        }
    }

    @Test("leaving a team and removing a member", arguments: TestServer.databases)
    func teams(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let clinician = try await TestServer.signUp(app)
            try await clinician.get("/team")
            _ = try await clinician.post("/settings/clinician", ["clinician": "on"])
            let teamPath = try #require(
                try await clinician.post("/teams", ["name": "Physio North"]).headers.first(name: .location))
            func invite() async throws -> String {
                try await clinician.get(teamPath)
                let page = try await clinician.post("\(teamPath)/invites", [:]).body.string
                let start = try #require(page.range(of: "<strong class=\"code\">"))
                return String(page[start.upperBound...].prefix(14))
            }
            let alex = try await TestServer.signUp(app)
            let ben = try await TestServer.signUp(app)
            for (person, name) in [(alex, "Alex"), (ben, "Ben")] {
                try await person.get("/settings")
                #expect(try await person.post("/settings/name", ["displayName": name]).status == .seeOther)
                let code = try await invite()
                try await person.get("/join/\(code)")
                #expect(try await person.post("/join", ["code": code]).status == .seeOther)
            }
            let team = try await clinician.get(teamPath).body.string
            let alexPath = try #require(
                team.range(of: "\">Alex</a>").flatMap { end in
                    team[..<end.lowerBound].range(of: "\(teamPath)/members/", options: .backwards).map {
                        String(team[$0.lowerBound..<end.lowerBound])
                    }
                })

            // The clinician removes Alex: asked first, naming Alex and the team.
            try await clinician.get(alexPath)
            let asked = try await clinician.post("\(alexPath)/remove", [:])
            Self.expectConfirmation(asked, question: "Remove Alex from Physio North?", cancel: alexPath)
            #expect(asked.body.string.contains("They keep their data"))
            #expect(try await clinician.get(alexPath).status == .ok)
            #expect(try await clinician.post("\(alexPath)/remove", ["confirm": "yes"]).status == .seeOther)
            #expect(try await clinician.get(alexPath).status == .notFound)

            // Ben leaves: asked first, naming the team and its clinician.
            try await ben.get("/team")
            let leaving = try await ben.post("\(teamPath)/leave", [:])
            Self.expectConfirmation(leaving, question: "Leave Physio North?", cancel: "/team")
            #expect(try await ben.get("/team").body.string.contains("Revoke access and leave Physio North"))
            #expect(try await ben.post("\(teamPath)/leave", ["confirm": "yes"]).status == .seeOther)
            #expect(!(try await ben.get("/team").body.string.contains("Revoke access and leave Physio North")))
        }
    }
}
