import Foundation
import SitLessAPI
import SitLessCore
import SitLessServer
import SitLessStore
import Testing
import Vapor
import VaporTesting

/// Pain above the limit is never a dead end in the player (issue 14): the exercise stops, and
/// the person swaps to its easier step now, skips to the next exercise or ends the session.
@Suite("Player: pain above the limit")
struct PainStopTests {
    static func logSet(_ browser: Browser, _ player: String, pain: Int) async throws -> TestingHTTPResponse {
        let page = try await browser.get(player).body.string
        let item = try #require(
            page.components(separatedBy: "name=\"item\" value=\"").dropFirst().first?.prefix { $0 != "\"" })
        let amount = try #require(
            page.components(separatedBy: "id=\"amount\" name=\"amount\"").dropFirst().first?
                .components(separatedBy: "value=\"").dropFirst().first?.prefix { $0 != "\"" })
        return try await browser.post(
            "\(player)/sets", ["item": String(item), "amount": String(amount), "effort": "5", "pain": String(pain)])
    }

    @Test(
        "pain 6/10 stops the exercise with a warning and no rest; swap plays the easier step next; skip moves on",
        arguments: TestServer.databases)
    func painStop(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let ana = try await TestServer.signUp(app)
            let player = try await TestServer.startSession(ana)
            // The first exercise of Glute wake-up is the seated glute stretch, 3 x 30 s each side.
            #expect(
                try await ana.get(player).body.string.contains(
                    "<h2 id=\"ex-h\" tabindex=\"-1\">Seated glute stretch</h2>"))
            let calm = try await Self.logSet(ana, player, pain: 2)
            #expect(calm.headers.first(name: .location) == "\(player)?rest=15")  // the prescribed rest
            let hurt = try await Self.logSet(ana, player, pain: 6)
            #expect(hurt.headers.first(name: .location) == player)  // no rest timer after pain above the limit
            let stopped = try await ana.get(player).body.string
            #expect(stopped.contains("id=\"pain-stop\""))
            #expect(stopped.contains("You reported pain 6/10, above the 5/10 limit."))
            #expect(!stopped.contains("id=\"set-form\""))
            #expect(stopped.contains("Swap to the easier step now: Lying knee-to-chest stretch"))

            // Swap: the easier step is played next, at its own dosage; the stretch is left for today.
            let index = try #require(stopped.components(separatedBy: "/items/").dropFirst().first?.prefix { $0 != "/" })
            #expect(try await ana.post("\(player)/items/\(index)/swap", [:]).status == .seeOther)
            let swapped = try await ana.get(player).body.string
            #expect(swapped.contains("Swapped to Lying knee-to-chest stretch for today."))
            #expect(swapped.contains("<h2 id=\"ex-h\" tabindex=\"-1\">Lying knee-to-chest stretch</h2>"))
            #expect(swapped.contains("Exercise 2 of 6"))
            #expect(swapped.contains("Seated glute stretch</strong> <span class=\"muted\">(left for today)</span>"))
            #expect(!swapped.contains("id=\"pain-stop\""))
            // The left exercise takes no more sets; swapping twice changes nothing.
            #expect(
                try await ana.post(
                    "\(player)/sets", ["item": String(index), "amount": "30", "effort": "5", "pain": "1"]
                ).status == .seeOther)
            #expect(try await ana.get(player).body.string.contains("That exercise was left for today."))
            let api = try await APIClient.forBrowser(ana)
            let workoutID = String(player.dropFirst("/sessions/".count))
            let refused = try await api.typed.logSet(
                path: .init(user: "me", id: workoutID),
                body: .json(.init(effort: 5, item: Int(index)!, pain: 1, seconds: 30)))
            #expect(try refused.unprocessableContent.body.json.error.field == "item")
            #expect(try await ana.post("\(player)/items/\(index)/swap", [:]).status == .seeOther)
            #expect(try await ana.get(player).body.string.contains("was already left for today"))

            // Pain again on the easier step: it has no easier step of its own, so skip moves on.
            _ = try await Self.logSet(ana, player, pain: 7)
            let again = try await ana.get(player).body.string
            #expect(again.contains("id=\"pain-stop\""))
            #expect(!again.contains("Swap to the easier step now"))
            let easierIndex = try #require(
                again.components(separatedBy: "/items/").dropFirst().first?.prefix { $0 != "/" })
            #expect(try await ana.post("\(player)/items/\(easierIndex)/skip", [:]).status == .seeOther)
            let next = try await ana.get(player).body.string
            #expect(next.contains("Left Lying knee-to-chest stretch for today."))
            #expect(next.contains("Exercise 3 of 6"))
            #expect(next.contains("id=\"set-form\""))
            #expect(try await ana.post("\(player)/items/99/skip", [:]).status == .notFound)

            // Finishing with four exercises untouched asks first, naming them; nothing is finished yet.
            let asked = try await ana.post("\(player)/finish", [:])
            #expect(asked.status == .ok)
            #expect(asked.body.string.contains("id=\"finish-check\""))
            #expect(asked.body.string.contains("<li>Hip thrust</li>"))
            #expect(!asked.body.string.contains("<li>Seated glute stretch</li>"))  // left for today, not undone
            #expect(try await ana.get(player).status == .ok)
            // Finishing: the stretch's slot steps down to the easier step, for the pain reported.
            let summary = try await ana.post("\(player)/finish", ["confirm": "yes"])
            #expect(summary.status == .seeOther)
            let decisions = try await ana.get("\(player)/summary").body.string
            #expect(decisions.contains("Lying knee-to-chest stretch"))
        }
    }
}
