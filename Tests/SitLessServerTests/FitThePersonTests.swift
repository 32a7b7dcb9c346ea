import Foundation
import SitLessAPI
import SitLessCore
import SitLessServer
import SitLessStore
import Testing
import Vapor
import VaporTesting

/// Issue 14, fitting the person: what they have to train with, clinicians straight to their
/// clinic, cautions that stay, and one answer to "what does my next session hold?".
@Suite("Fit the person")
struct FitThePersonTests {
    @Test(
        "a clinician goes straight to their clinic; a program of their own asks the safety questions first",
        arguments: TestServer.databases)
    func clinicianSignUp(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let dana = Browser(app)
            let form = try await dana.get("/signup").body.string
            #expect(form.contains("To treat or coach others"))
            let res = try await dana.post(
                "/signup",
                [
                    "email": "dana-\(UUID().uuidString.prefix(6))@example.com", "password": "correct-horse-1",
                    "confirm": "correct-horse-1", "timeZone": "Europe/Berlin", "purpose": "others",
                    "displayName": "Dana Fisher",
                ])
            #expect(res.headers.first(name: .location) == "/team")
            let team = try await dana.get("/team")
            #expect(team.status == .ok)
            #expect(team.body.string.contains("create your clinic or team"))
            #expect(!team.body.string.contains("Safety check"))  // no patient questions on the way
            // Today opens (no onboarding redirect); the clinic can be made at once.
            #expect(try await dana.get("/").status == .ok)
            #expect(try await dana.post("/teams", ["name": "Hip clinic"]).status == .seeOther)
            // Starting a program of her own: the safety questions come first, on the web ...
            try await dana.get("/programs/glute-wake-up")
            let start = try await dana.post(
                "/programs/glute-wake-up/start",
                [
                    "perWeek": "3", "day-mon": "on", "day-wed": "on", "day-fri": "on",
                    "start": "2026-12-07",
                ])
            #expect(start.headers.first(name: .location) == "/settings/safety")
            #expect(try await dana.get("/settings/safety").body.string.contains("answer the safety questions first"))
            // ... and in the API.
            let api = try await APIClient.forBrowser(dana)
            let plan = try await api.typed.putPlan(
                path: .init(user: "me"),
                body: .json(
                    .init(
                        days: [.mon, .wed, .fri], perWeek: 3, programID: .gluteWakeUp,
                        start: try #require(APIDay(text: "2026-12-07")))))
            #expect(try plan.forbidden.body.json.error.code == "safety_check_needed")
            // Answered: the program starts.
            let answers = SafetyStopTests.answers(yes: [])
            #expect(try await dana.post("/settings/safety", answers).headers.first(name: .location) == "/programs")
            let again = try await dana.post(
                "/programs/glute-wake-up/start",
                [
                    "perWeek": "3", "day-mon": "on", "day-wed": "on", "day-fri": "on",
                    "start": "2026-12-07",
                ])
            #expect(again.headers.first(name: .location) == "/")
            #expect(try await dana.get("/").body.string.contains("Glute wake-up"))
        }
    }

    @Test(
        "onboarding asks about equipment, suggests a program that fits and keeps every field; Settings changes it",
        arguments: TestServer.databases)
    func equipmentAtOnboarding(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let ben = Browser(app)
            try await ben.get("/signup")
            _ = try await ben.post(
                "/signup",
                [
                    "email": "ben-\(UUID().uuidString.prefix(6))@example.com", "password": "correct-horse-1",
                    "confirm": "correct-horse-1", "timeZone": "Europe/Berlin",
                ])
            let first = try await ben.get("/onboarding").body.string
            #expect(first.contains("What you have to train with"))
            // Nothing said yet: the suggestion is for a floor alone (Glute medius focus: two swaps, Glute
            // wake-up four).
            #expect(first.contains("value=\"glute-medius-focus\" checked"))
            #expect(first.contains("Glute bridge for Hip thrust"))
            // With a gym every program fits; "Suggest a program" picks the article's own, Glute wake-up;
            // everything typed stays.
            var fields = TestServer.onboardingFields([
                "equipment-gym": "on", "recommend": "1", "workHours": "mon-thu 08:00-16:00",
            ])
            fields["program"] = "glute-medius-focus"
            let suggested = try await ben.post("/onboarding", fields)
            #expect(suggested.status == .ok)
            let page = suggested.body.string
            #expect(page.contains("value=\"glute-wake-up\" checked"))
            #expect(page.contains("name=\"equipment-gym\" value=\"on\" checked"))
            #expect(page.contains("value=\"mon-thu 08:00-16:00\""))
            #expect(page.contains("Fits what you have."))
            // Submitted: the answer is stored and shown in Settings, where it can change.
            let done = try await ben.post(
                "/onboarding", TestServer.onboardingFields(["equipment-band": "on", "equipment-household": "on"]))
            #expect(done.status == .seeOther)
            let settings = try await ben.get("/settings").body.string
            #expect(settings.contains("name=\"equipment-household\" value=\"on\" checked"))
            #expect(settings.contains("name=\"equipment-band\" value=\"on\" checked"))
            #expect(!settings.contains("name=\"equipment-weights\" value=\"on\" checked"))
            #expect(try await ben.post("/settings/equipment", ["equipment-weights": "on"]).status == .seeOther)
            let changed = try await ben.get("/settings").body.string
            #expect(changed.contains("name=\"equipment-weights\" value=\"on\" checked"))
            #expect(!changed.contains("name=\"equipment-band\" value=\"on\" checked"))
        }
    }

    @Test(
        "the player offers an equivalent for an exercise that needs what the person lacks; the swap plays it now",
        arguments: TestServer.databases)
    func equipmentSwap(_ db: String) async throws {
        try await TestServer.run(db) { app in
            // Nothing but a floor; Glute wake-up starts with the seated glute stretch, which needs a chair.
            let cleo = try await TestServer.signUp(app, onboarding: [:])
            let player = try await TestServer.startSession(cleo)
            let page = try await cleo.get(player).body.string
            #expect(page.contains("id=\"swap-offer\""))
            #expect(page.contains("No chair?"))
            #expect(page.contains("Lying knee-to-chest stretch"))
            let index = try #require(
                page.components(separatedBy: "name=\"item\" value=\"").dropFirst().first?.prefix { $0 != "\"" })
            // Something not offered is refused, and nothing changes.
            let refused = try await cleo.post("\(player)/items/\(index)/swap-for", ["to": "hip-thrust"])
            #expect(refused.status == .seeOther)
            let unchanged = try await cleo.get(player).body.string
            #expect(
                unchanged.contains(
                    "&#39;hip-thrust&#39; is not one of the exercises offered instead of Seated glute stretch."))
            #expect(unchanged.contains("<h2 id=\"ex-h\" tabindex=\"-1\">Seated glute stretch</h2>"))
            // The offered one: played now, the stretch left for today.
            #expect(
                try await cleo.post("\(player)/items/\(index)/swap-for", ["to": "supine-knee-to-chest-stretch"]).status
                    == .seeOther)
            let swapped = try await cleo.get(player).body.string
            #expect(swapped.contains("Swapped to Lying knee-to-chest stretch for today."))
            #expect(swapped.contains("<h2 id=\"ex-h\" tabindex=\"-1\">Lying knee-to-chest stretch</h2>"))
            #expect(swapped.contains("Instead of Seated glute stretch today (it needs chair)."))
            #expect(!swapped.contains("id=\"swap-offer\""))  // the stand-in needs only a floor

            // With a chair (things at home), the stretch is played as it is.
            let dan = try await TestServer.signUp(app, onboarding: ["equipment-household": "on"])
            let his = try await dan.get(try await TestServer.startSession(dan)).body.string
            #expect(his.contains("<h2 id=\"ex-h\" tabindex=\"-1\">Seated glute stretch</h2>"))
            #expect(!his.contains("id=\"swap-offer\""))
        }
    }

    @Test(
        "a pregnancy caution stays: on Today after every reload, and in the player on exercises lying on the back only",
        arguments: TestServer.databases)
    func cautionsStay(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let eva = try await TestServer.signUp(app, onboarding: ["q-pregnancy": "yes", "equipment-gym": "on"])
            let advice = try #require(SafetyScreen.questions.first { $0.id == "pregnancy" }?.advice)
            for _ in 0..<2 {
                let today = try await eva.get("/").body.string
                #expect(today.contains("id=\"cautions\""))
                #expect(today.contains(advice.replacingOccurrences(of: "'", with: "&#39;")) || today.contains(advice))
            }
            let player = try await TestServer.startSession(eva)
            // First the seated glute stretch (seated): no pregnancy caution there.
            let seated = try await eva.get(player).body.string
            #expect(!seated.contains("id=\"screen-cautions\""))
            _ = try await eva.post("\(player)/items/0/skip", [:])
            // Then the hip thrust (lying on the back, shoulders on a bench): the caution shows.
            let supine = try await eva.get(player).body.string
            #expect(supine.contains("<h2 id=\"ex-h\" tabindex=\"-1\">Hip thrust</h2>"))
            #expect(supine.contains("id=\"screen-cautions\""))
            // A retaken check without it clears it.
            let answers = SafetyStopTests.answers(yes: [])
            _ = try await eva.post("/settings/safety", answers)
            #expect(!(try await eva.get("/").body.string.contains("id=\"cautions\"")))
        }
    }

    @Test(
        "one next-session rule: the easier step after pain, then a clinician's later dosage, alike on every page",
        arguments: TestServer.databases)
    func nextSessionRule(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let ana = try await TestServer.signUp(app)
            let anaAPI = try await APIClient.forBrowser(ana)
            let player = try await TestServer.startSession(ana)
            _ = try await PainStopTests.logSet(ana, player, pain: 6)
            #expect(try await ana.post("\(player)/finish", ["confirm": "yes"]).status == .seeOther)
            let summaryPath = "\(player)/summary"
            let summary = try await ana.get(summaryPath).body.string
            #expect(summary.contains("<strong>Next time:</strong> Lying knee-to-chest stretch, "))
            #expect(summary.contains("an easier step"))

            // Today, the handout and the API hold the same, and say why.
            let today = try await ana.get("/").body.string
            #expect(today.contains("Lying knee-to-chest stretch</a>: "))
            #expect(today.contains("Lying knee-to-chest stretch stands in for Seated glute stretch."))
            let handout = try await ana.get("/plan/handout").body.string
            #expect(handout.contains("<h3>Lying knee-to-chest stretch: "))
            #expect(handout.contains("stands in for Seated glute stretch."))
            let week = Operations.ListSchedule.Input.Query(
                from: APIDay(text: "2026-12-08"), to: APIDay(text: "2026-12-14"))
            let schedule = try await anaAPI.typed.listSchedule(path: .init(user: "me"), query: week).ok.body.json
            let first = try #require(schedule.items.first?.items.first)
            #expect(first.exerciseID == "supine-knee-to-chest-stretch")
            #expect(first.why?.contains("stands in for Seated glute stretch.") == true)

            // The clinician then doses the stretch: the newest decision counts, on every page.
            let dana = try await TestServer.signUp(app)
            try await dana.get("/team")
            #expect(try await dana.post("/settings/clinician", ["clinician": "on"]).status == .seeOther)
            let danaAPI = try await APIClient.forBrowser(dana)
            let teamID = try await danaAPI.typed.createTeam(body: .json(.init(name: "Hip clinic"))).created.body.json.id
            try await AccessMatrixTests.invite(danaAPI, team: teamID, join: anaAPI)
            let anaID = try await anaAPI.typed.getUser(path: .init(user: "me")).ok.body.json.id
            let assignment = Components.Schemas.NewAssignment(
                days: [.mon, .wed, .fri], dosages: .init(additionalProperties: ["seated-glute-stretch": "2 x 20"]),
                perWeek: 3,
                programID: .gluteWakeUp, start: try #require(APIDay(text: "2026-12-07")))
            _ = try await danaAPI.typed.assign(path: .init(team: teamID, member: anaID), body: .json(assignment))
                .created
            let after = try await ana.get(summaryPath).body.string
            #expect(after.contains("<strong>Next time:</strong> Seated glute stretch, 2 x 20 s"))
            #expect(after.contains("set by your clinician"))
            #expect(
                after.contains("This session&#39;s result was Lying knee-to-chest stretch")
                    || after.contains("This session's result was Lying knee-to-chest stretch"))
            let todayAfter = try await ana.get("/").body.string
            #expect(todayAfter.contains("Seated glute stretch</a>: 2 x 20 s"))
            #expect(todayAfter.contains("Set by your clinician, "))
            #expect(try await ana.get("/plan/handout").body.string.contains("<h3>Seated glute stretch: 2 x 20 s"))
            let again = try await anaAPI.typed.listSchedule(path: .init(user: "me"), query: week).ok.body.json
            let item = try #require(again.items.first?.items.first)
            #expect(item.exerciseID == "seated-glute-stretch")
            #expect(item.dosage.hasPrefix("2 x 20 s"))
            #expect(item.why?.hasPrefix("Set by your clinician") == true)
        }
    }
}
