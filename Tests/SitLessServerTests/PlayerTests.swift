import Foundation
import SitLessCore
import SitLessServer
import SitLessStore
import Testing
import Vapor
import VaporTesting

/// The player on one page (issue 14): undoing the newest set on the web and in the API,
/// leaving an exercise (skip, swap) in the API, and the web forms (which the page's script
/// sends as they are) storing what the API stores for the same steps.
@Suite("Player: undo, skip and swap")
struct PlayerTests {
    /// The value of the first `value="…"` after `marker` in a page.
    static func value(_ page: String, after marker: String) -> String? {
        page.components(separatedBy: marker).dropFirst().first?.components(separatedBy: "value=\"").dropFirst().first
            .map { String($0.prefix { $0 != "\"" }) }
    }

    static func workout(_ api: APIClient, _ id: String) async throws -> [String: Any] {
        try await api.get("/api/v1/users/me/workouts/\(id)").object
    }

    static func sets(_ api: APIClient, _ id: String) async throws -> [[String: Any]] {
        try await workout(api, id)["sets"] as? [[String: Any]] ?? []
    }

    @Test("undo on the web deletes only the newest set and the player shows that set again; a stale or finished undo deletes nothing",
          arguments: TestServer.databases)
    func webUndo(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let clock = try #require(app.storage[ClockKey.self])
            let ana = try await TestServer.signUp(app)
            let player = try await TestServer.startSession(ana)
            let id = String(player.dropFirst("/sessions/".count))
            let api = try await APIClient.forBrowser(ana)
            #expect(!(try await ana.get(player).body.string.contains("id=\"undo-form\"")))   // nothing logged, nothing to undo

            _ = try await PainStopTests.logSet(ana, player, pain: 2)
            clock.advance(60)
            _ = try await PainStopTests.logSet(ana, player, pain: 3)
            let logged = try await ana.get(player).body.string
            #expect(logged.contains("Set 2 logged."))
            #expect(logged.contains("Exercise 1 of 5 · set 3 of 3"))
            #expect(logged.contains("Last logged: Seated glute stretch, Set 2: 30 s, effort 5/10, pain 3/10"))
            let newest = try #require(Self.value(logged, after: "name=\"set\""))
            let stored = try await Self.sets(api, id)
            #expect(stored.count == 2)
            #expect(stored.last?["id"] as? String == newest.lowercased() || stored.last?["id"] as? String == newest)

            let undo = try await ana.post("\(player)/sets/last/undo", ["set": newest])
            #expect(undo.status == .seeOther)
            #expect(undo.headers.first(name: .location) == player)   // no rest after an undo
            let again = try await ana.get(player).body.string
            #expect(again.contains("Undone: set 2 of Seated glute stretch. Log it again when ready."))
            #expect(again.contains("Exercise 1 of 5 · set 2 of 3"))
            #expect(again.contains("id=\"set-form\""))
            #expect(again.contains("Last logged: Seated glute stretch, Set 1: 30 s, effort 5/10, pain 2/10"))
            let left = try await Self.sets(api, id)
            #expect(left.count == 1)
            #expect(left.first?["pain"] as? Int == 2)

            // A second tap on the same Undo (the set it names is gone): nothing more is deleted.
            #expect(try await ana.post("\(player)/sets/last/undo", ["set": newest]).status == .seeOther)
            #expect(try await ana.get(player).body.string.contains("That set was already undone."))
            #expect(try await Self.sets(api, id).count == 1)

            // Pain entered by mistake: undoing it takes the warning away and gives the set back.
            clock.advance(60)
            _ = try await PainStopTests.logSet(ana, player, pain: 7)
            let stopped = try await ana.get(player).body.string
            #expect(stopped.contains("id=\"pain-stop\""))
            #expect(stopped.contains("id=\"undo-form\""))
            let painful = try #require(Self.value(stopped, after: "name=\"set\""))
            _ = try await ana.post("\(player)/sets/last/undo", ["set": painful])
            let calm = try await ana.get(player).body.string
            #expect(!calm.contains("id=\"pain-stop\""))
            #expect(calm.contains("Log set 2"))
            #expect(try await Self.sets(api, id).map { $0["pain"] as? Int } == [2])

            // Someone else cannot undo Ana's sets.
            let bob = try await TestServer.signUp(app)
            try await bob.get("/")
            #expect(try await bob.post("\(player)/sets/last/undo", [:]).status == .notFound)
            #expect(try await Self.sets(api, id).count == 1)

            // A finished session keeps its sets: they have been reviewed.
            #expect(try await ana.post("\(player)/finish", ["confirm": "yes"]).status == .seeOther)
            let finished = try await ana.post("\(player)/sets/last/undo", [:])
            #expect(finished.status == .conflict)
            #expect(finished.body.string.contains("its sets can no longer be undone"))
            #expect(try await Self.sets(api, id).count == 1)
        }
    }

    @Test("the API undoes only the newest set (409 for an older one or a finished session) and skips or swaps an item",
          arguments: TestServer.databases)
    func apiUndoSkipSwap(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let clock = try #require(app.storage[ClockKey.self])
            let ana = try await TestServer.signUp(app)
            let api = try await APIClient.forBrowser(ana)
            let started = try await api.post("/api/v1/users/me/workouts")
            #expect(started.status == .created)
            let id = try #require(started.object["id"] as? String)
            let base = "/api/v1/users/me/workouts/\(id)"
            let first = try await api.post("\(base)/sets", ["item": 0, "seconds": 30, "effort": 4, "pain": 1])
            clock.advance(60)
            let second = try await api.post("\(base)/sets", ["item": 0, "seconds": 25, "effort": 5, "pain": 2])
            let firstID = try #require(first.object["id"] as? String)
            let secondID = try #require(second.object["id"] as? String)

            let older = try await api.call(.DELETE, "\(base)/sets/\(firstID)")
            #expect(older.status == .conflict)
            #expect((older.object["error"] as? [String: Any])?["code"] as? String == "not_newest")
            #expect(try await Self.sets(api, id).count == 2)
            #expect(try await api.call(.DELETE, "\(base)/sets/\(secondID)").status == .noContent)
            #expect(try await Self.sets(api, id).map { $0["id"] as? String } == [firstID])
            #expect(try await api.call(.DELETE, "\(base)/sets/\(secondID)").status == .notFound)   // a retry deletes nothing more
            // The web player shows set 2 again.
            let player = "/sessions/\(id)"
            #expect(try await ana.get(player).body.string.contains("Exercise 1 of 5 · set 2 of 3"))

            // Swap the stretch for its easier step: played next, at its own dosage.
            let swapped = try await api.post("\(base)/items/0/swap")
            #expect(swapped.status == .ok)
            let items = try #require(swapped.object["items"] as? [[String: Any]])
            #expect(items.count == 6)
            #expect(items[0]["left"] as? Bool == true)
            #expect(items[5]["exerciseID"] as? String == "supine-knee-to-chest-stretch")
            #expect(items[5]["replaces"] as? Int == 0)
            #expect(items[1]["left"] == nil)
            let twice = try await api.post("\(base)/items/0/swap")
            #expect(twice.status == .conflict)
            #expect((twice.object["error"] as? [String: Any])?["code"] as? String == "already_left")
            let none = try await api.post("\(base)/items/5/swap")   // the easier step has no easier step of its own
            #expect(none.status == .unprocessableEntity)
            #expect(none.errorField == "index")
            #expect(try await ana.get(player).body.string.contains("<h2 id=\"ex-h\" tabindex=\"-1\">Lying knee-to-chest stretch</h2>"))

            // Skip the next one: no more sets of it.
            let skipped = try await api.post("\(base)/items/1/skip")
            #expect(skipped.status == .ok)
            #expect((skipped.object["items"] as? [[String: Any]])?[1]["left"] as? Bool == true)
            #expect((skipped.object["items"] as? [[String: Any]])?.count == 6)
            #expect(try await api.post("\(base)/sets", ["item": 1, "reps": 10, "effort": 4, "pain": 1]).errorField == "item")
            #expect(try await api.post("\(base)/items/99/skip").status == .notFound)
            #expect(try await api.post("\(base)/items/1/skip").status == .conflict)

            // Another person sees nothing; finishing keeps the sets.
            let bob = try await APIClient.forBrowser(try await TestServer.signUp(app))
            #expect(try await bob.post("/api/v1/users/me/workouts/\(id)/items/2/skip").status == .notFound)
            #expect(try await bob.call(.DELETE, "/api/v1/users/me/workouts/\(id)/sets/\(firstID)").status == .notFound)
            #expect(try await api.post("\(base)/finish").status == .ok)
            let done = try await api.call(.DELETE, "\(base)/sets/\(firstID)")
            #expect(done.status == .conflict)
            #expect((done.object["error"] as? [String: Any])?["code"] as? String == "finished")
            #expect(try await api.post("\(base)/items/2/skip").status == .conflict)
            #expect(try await Self.sets(api, id).count == 1)
        }
    }

    @Test("the web forms (as the page's script sends them) and the API store the same session for the same steps",
          arguments: TestServer.databases)
    func sameStoredResult(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let clock = try #require(app.storage[ClockKey.self])
            // Ana uses the web player; Ben the API.
            let ana = try await TestServer.signUp(app)
            let anaAPI = try await APIClient.forBrowser(ana)
            let player = try await TestServer.startSession(ana)
            let anaID = String(player.dropFirst("/sessions/".count))
            let benAPI = try await APIClient.forBrowser(try await TestServer.signUp(app))
            let benID = try #require(try await benAPI.post("/api/v1/users/me/workouts").object["id"] as? String)
            let ben = "/api/v1/users/me/workouts/\(benID)"

            /// Each web step answers with a redirect to the player, whose page has the part the script swaps in.
            func web(_ path: String, _ fields: [String: String]) async throws {
                let res = try await ana.post(path, fields)
                #expect(res.status == .seeOther, "\(path): \(res.status)")
                let target = try #require(res.headers.first(name: .location))
                #expect(target.hasPrefix(player))
                #expect(try await ana.get(target).body.string.contains("<div id=\"player-region\""))
            }
            func log(item: Int, amount: Int, pain: Int, reps: Bool) async throws {
                clock.advance(45)
                try await web("\(player)/sets", ["item": String(item), "amount": String(amount), "load": "", "effort": "5", "pain": String(pain),
                                                 "key": UUID().uuidString])
                let saved = try await benAPI.post("\(ben)/sets", ["item": item, reps ? "reps" : "seconds": amount, "effort": 5, "pain": pain])
                #expect(saved.status == .created)
            }
            func undo() async throws {
                let page = try await ana.get(player).body.string
                try await web("\(player)/sets/last/undo", ["set": try #require(Self.value(page, after: "name=\"set\""))])
                let newest = try #require(try await Self.sets(benAPI, benID).max { ($0["loggedAt"] as! String) < ($1["loggedAt"] as! String) })
                #expect(try await benAPI.call(.DELETE, "\(ben)/sets/\(newest["id"] as! String)").status == .noContent)
            }

            try await log(item: 0, amount: 30, pain: 2, reps: false)
            try await log(item: 0, amount: 30, pain: 6, reps: false)
            try await undo()
            try await log(item: 0, amount: 28, pain: 6, reps: false)
            try await web("\(player)/items/0/swap", [:])
            #expect(try await benAPI.post("\(ben)/items/0/swap").status == .ok)
            try await log(item: 5, amount: 30, pain: 1, reps: false)
            try await web("\(player)/items/1/skip", [:])
            #expect(try await benAPI.post("\(ben)/items/1/skip").status == .ok)
            try await log(item: 2, amount: 10, pain: 0, reps: true)
            try await log(item: 2, amount: 9, pain: 1, reps: true)
            try await undo()

            func shape(_ workout: [String: Any]) -> [String] {
                let items = (workout["items"] as? [[String: Any]] ?? []).map {
                    "item \($0["index"] ?? "") \($0["exerciseID"] ?? "") left \($0["left"] as? Bool ?? false) replaces \($0["replaces"] as? Int ?? -1)"
                }
                let sets = (workout["sets"] as? [[String: Any]] ?? []).map { s in
                    ["item", "exerciseID", "set", "reps", "seconds", "loadKg", "effort", "pain"].map { "\($0) \(s[$0].map { "\($0)" } ?? "nil")" }.joined(separator: " ")
                }
                return items + sets
            }
            let web = shape(try await Self.workout(anaAPI, anaID))
            let api = shape(try await Self.workout(benAPI, benID))
            #expect(web == api)
            #expect(web.count == 6 + 4)   // six items (the easier step added) and four sets
            #expect(web.contains("item 0 exerciseID seated-glute-stretch set 1 reps nil seconds 30 loadKg nil effort 5 pain 2"))
            #expect(web.contains("item 0 exerciseID seated-glute-stretch set 2 reps nil seconds 28 loadKg nil effort 5 pain 6"))
        }
    }
}
