import Foundation
import SitLessAPI
import SitLessCore
import SitLessServer
import Testing
import Vapor
import VaporTesting

/// People are shown by the name they choose, not their email (issue 14).
@Suite("Display names")
struct DisplayNameTests {
    static func signUp(_ app: Application, name: String) async throws -> (Browser, TestingHTTPResponse) {
        let browser = Browser(app)
        try await browser.get("/signup")
        let res = try await browser.post(
            "/signup",
            [
                "displayName": name, "email": "p-\(UUID().uuidString.prefix(8))@example.com",
                "password": "correct-horse-1", "confirm": "correct-horse-1", "timeZone": "Europe/Berlin",
            ])
        guard res.status == .seeOther else { return (browser, res) }
        try await browser.get("/onboarding")
        var fields = [
            "timeZone": "Europe/Berlin", "workHours": "mon-fri 09:00-17:00", "program": "glute-wake-up",
            "perWeek": "3", "day-mon": "on", "day-wed": "on", "day-fri": "on", "start": "2026-12-07",
        ]
        for q in SafetyScreen.questions { fields["q-\(q.id)"] = "no" }
        #expect(try await browser.post("/onboarding", fields).status == .seeOther)
        return (browser, res)
    }

    @Test(
        "the name chosen at sign-up is what clinician, member and readers see; Settings changes it",
        arguments: TestServer.databases)
    func names(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let (lee, _) = try await Self.signUp(app, name: "Dr. Kim Lee")
            let (ana, _) = try await Self.signUp(app, name: "Ana Weber")
            try await lee.get("/team")
            #expect(try await lee.post("/settings/clinician", ["clinician": "on"]).status == .seeOther)
            let leeAPI = try await APIClient.forBrowser(lee)
            let anaAPI = try await APIClient.forBrowser(ana)
            let team = try await leeAPI.typed.createTeam(body: .json(.init(name: "Hip clinic"))).created.body.json.id
            try await AccessMatrixTests.invite(leeAPI, team: team, join: anaAPI)

            #expect(try await lee.get("/teams/\(team)").body.string.contains("Ana Weber"))
            #expect(try await ana.get("/team").body.string.contains("Dr. Kim Lee"))
            try await lee.get("/team/exercises/new")
            let saved = try await lee.post("/team/exercises", OwnExerciseTests.form)
            let exercise = try #require(saved.headers.first(name: .location))
            #expect(try await ana.get(exercise).body.string.contains("Written by Dr. Kim Lee for their teams."))

            // Settings: change it, refuse a control character, clear it to show the email.
            try await ana.get("/settings")
            #expect(try await ana.post("/settings/name", ["displayName": "Ana W."]).status == .seeOther)
            #expect(try await ana.get("/settings").body.string.contains("Others now see you as Ana W."))
            #expect(try await lee.get("/teams/\(team)").body.string.contains("Ana W."))
            let refused = try await ana.post("/settings/name", ["displayName": "Ana W.\u{0007}"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("<li><strong>Your name</strong>: "))
            #expect(refused.body.string.contains("value=\"Ana W.\u{0007}\""))  // as typed, to correct in place
            #expect(try await lee.get("/teams/\(team)").body.string.contains("Ana W."))
            try await ana.post("/settings/name", ["displayName": ""])
            #expect(try await ana.get("/settings").body.string.contains("Others now see your email."))

            // At sign-up, a bad name is named; no account is made.
            let (_, bad) = try await Self.signUp(app, name: "Ben\u{0000}")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("<strong>Your name</strong>"))
        }
    }
}
