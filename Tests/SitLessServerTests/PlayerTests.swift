import Foundation
import SitLessAPI
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

    static func workout(_ api: APIClient, _ id: String) async throws -> Components.Schemas.Workout {
        try await api.typed.getWorkout(path: .init(user: "me", id: id)).ok.body.json
    }

    static func sets(_ api: APIClient, _ id: String) async throws -> [Components.Schemas.SetLog] {
        try await workout(api, id).sets
    }

    /// The error code of a 409.
    static func code(_ conflict: Components.Responses.Conflict) throws -> String {
        try conflict.body.json.error.code
    }

    @Test(
        "web undo deletes only the newest set and shows it again; a stale or finished undo deletes nothing",
        arguments: TestServer.databases)
    func webUndo(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let clock = try #require(app.storage[ClockKey.self])
            let ana = try await TestServer.signUp(app)
            let player = try await TestServer.startSession(ana)
            let id = String(player.dropFirst("/sessions/".count))
            let api = try await APIClient.forBrowser(ana)
            // nothing logged, nothing to undo
            #expect(!(try await ana.get(player).body.string.contains("id=\"undo-form\"")))

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
            #expect(stored.last?.id.lowercased() == newest.lowercased())

            let undo = try await ana.post("\(player)/sets/last/undo", ["set": newest])
            #expect(undo.status == .seeOther)
            #expect(undo.headers.first(name: .location) == player)  // no rest after an undo
            let again = try await ana.get(player).body.string
            #expect(again.contains("Undone: set 2 of Seated glute stretch. Log it again when ready."))
            #expect(again.contains("Exercise 1 of 5 · set 2 of 3"))
            #expect(again.contains("id=\"set-form\""))
            #expect(again.contains("Last logged: Seated glute stretch, Set 1: 30 s, effort 5/10, pain 2/10"))
            let left = try await Self.sets(api, id)
            #expect(left.count == 1)
            #expect(left.first?.pain == 2)

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
            #expect(try await Self.sets(api, id).map(\.pain) == [2])

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

    /// Ana on the API with a session started and two sets of its first exercise logged a minute apart.
    static func twoSets(
        _ app: Application
    ) async throws -> (
        ana: Browser, api: APIClient, id: String, first: String,
        second: String
    ) {
        let clock = try #require(app.storage[ClockKey.self])
        let ana = try await TestServer.signUp(app)
        let api = try await APIClient.forBrowser(ana)
        let workout = try await api.typed.startWorkout(path: .init(user: "me")).created.body.json
        let path = Operations.LogSet.Input.Path(user: "me", id: workout.id)
        let first = try await api.typed.logSet(path: path, body: .json(.init(effort: 4, item: 0, pain: 1, seconds: 30)))
        clock.advance(60)
        let second = try await api.typed.logSet(
            path: path, body: .json(.init(effort: 5, item: 0, pain: 2, seconds: 25)))
        return (ana, api, workout.id, try first.created.body.json.id, try second.created.body.json.id)
    }

    @Test(
        "the API undoes only the newest set: 409 for an older one, 404 on a retry; the web player shows the set again",
        arguments: TestServer.databases)
    func apiUndo(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let (ana, api, id, first, second) = try await Self.twoSets(app)

            let older = try await api.typed.undoSet(path: .init(user: "me", id: id, set: first))
            let setsAfterOlder = try await Self.sets(api, id).count
            let newest = try await api.typed.undoSet(path: .init(user: "me", id: id, set: second))
            let retry = try await api.typed.undoSet(path: .init(user: "me", id: id, set: second))

            #expect(try Self.code(older.conflict) == "not_newest")
            #expect(setsAfterOlder == 2)
            _ = try newest.noContent
            _ = try retry.notFound
            #expect(try await Self.sets(api, id).map(\.id) == [first])
            #expect(try await ana.get("/sessions/\(id)").body.string.contains("Exercise 1 of 5 · set 2 of 3"))
        }
    }

    @Test(
        "the API swaps an item for its easier step, played next at its own dosage; twice is 409, no easier step 422",
        arguments: TestServer.databases)
    func apiSwap(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let (ana, api, id, _, _) = try await Self.twoSets(app)

            let swapped = try await api.typed.swapItem(path: .init(user: "me", id: id, index: 0)).ok.body.json
            let twice = try await api.typed.swapItem(path: .init(user: "me", id: id, index: 0))
            let none = try await api.typed.swapItem(path: .init(user: "me", id: id, index: 5))  // the easier step's own

            #expect(swapped.items.count == 6)
            #expect(swapped.items[0].left == true)
            #expect(swapped.items[5].exerciseID == "supine-knee-to-chest-stretch")
            #expect(swapped.items[5].replaces == 0)
            #expect(swapped.items[1].left == nil)
            #expect(try Self.code(twice.conflict) == "already_left")
            #expect(try none.unprocessableContent.body.json.error.field == "index")
            #expect(
                try await ana.get("/sessions/\(id)").body.string
                    .contains("<h2 id=\"ex-h\" tabindex=\"-1\">Lying knee-to-chest stretch</h2>"))
        }
    }

    @Test(
        "the API skips an item: no more sets of it; 404 for an item the session lacks, 409 twice",
        arguments: TestServer.databases)
    func apiSkip(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let (_, api, id, _, _) = try await Self.twoSets(app)

            let skipped = try await api.typed.skipItem(path: .init(user: "me", id: id, index: 1)).ok.body.json
            let setOfSkipped = try await api.typed.logSet(
                path: .init(user: "me", id: id),
                body: .json(.init(effort: 4, item: 1, pain: 1, reps: 10)))
            let missing = try await api.typed.skipItem(path: .init(user: "me", id: id, index: 99))
            let twice = try await api.typed.skipItem(path: .init(user: "me", id: id, index: 1))

            #expect(skipped.items[1].left == true)
            #expect(skipped.items.count == 5)
            #expect(try setOfSkipped.unprocessableContent.body.json.error.field == "item")
            _ = try missing.notFound
            _ = try twice.conflict
        }
    }

    @Test(
        "another person's session reads as missing; a finished one keeps its sets (409 finished)",
        arguments: TestServer.databases)
    func apiOthersAndFinished(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let (_, api, id, first, _) = try await Self.twoSets(app)
            let bob = try await APIClient.forBrowser(try await TestServer.signUp(app)).typed

            let bobSkip = try await bob.skipItem(path: .init(user: "me", id: id, index: 2))
            let bobUndo = try await bob.undoSet(path: .init(user: "me", id: id, set: first))
            _ = try await api.typed.finishWorkout(path: .init(user: "me", id: id)).ok
            let undoFinished = try await api.typed.undoSet(path: .init(user: "me", id: id, set: first))
            let skipFinished = try await api.typed.skipItem(path: .init(user: "me", id: id, index: 2))

            _ = try bobSkip.notFound
            _ = try bobUndo.notFound
            #expect(try Self.code(undoFinished.conflict) == "finished")
            _ = try skipFinished.conflict
            #expect(try await Self.sets(api, id).count == 2)
        }
    }

    @Test(
        "the web forms (as the page's script sends them) and the API store the same session for the same steps",
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
            let benID = try await benAPI.typed.startWorkout(path: .init(user: "me")).created.body.json.id

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
                try await web(
                    "\(player)/sets",
                    [
                        "item": String(item), "amount": String(amount), "load": "", "effort": "5", "pain": String(pain),
                        "key": UUID().uuidString,
                    ])
                let set = Components.Schemas.NewSet(
                    effort: 5, item: item, pain: pain, reps: reps ? amount : nil,
                    seconds: reps ? nil : amount)
                _ = try await benAPI.typed.logSet(path: .init(user: "me", id: benID), body: .json(set)).created
            }
            func undo() async throws {
                let page = try await ana.get(player).body.string
                try await web(
                    "\(player)/sets/last/undo", ["set": try #require(Self.value(page, after: "name=\"set\""))])
                let newest = try #require(try await Self.sets(benAPI, benID).max { $0.loggedAt < $1.loggedAt })
                _ = try await benAPI.typed.undoSet(path: .init(user: "me", id: benID, set: newest.id)).noContent
            }

            try await log(item: 0, amount: 30, pain: 2, reps: false)
            try await log(item: 0, amount: 30, pain: 6, reps: false)
            try await undo()
            try await log(item: 0, amount: 28, pain: 6, reps: false)
            try await web("\(player)/items/0/swap", [:])
            _ = try await benAPI.typed.swapItem(path: .init(user: "me", id: benID, index: 0)).ok
            try await log(item: 5, amount: 30, pain: 1, reps: false)
            try await web("\(player)/items/1/skip", [:])
            _ = try await benAPI.typed.skipItem(path: .init(user: "me", id: benID, index: 1)).ok
            try await log(item: 2, amount: 10, pain: 0, reps: true)
            try await log(item: 2, amount: 9, pain: 1, reps: true)
            try await undo()

            func shape(_ workout: Components.Schemas.Workout) -> [String] {
                let items = workout.items.map {
                    "item \($0.index) \($0.exerciseID) left \($0.left ?? false) replaces \($0.replaces ?? -1)"
                }
                let sets = workout.sets.map { s in
                    func text<T>(_ value: T?) -> String { value.map { "\($0)" } ?? "nil" }
                    return
                        "item \(s.item) exerciseID \(s.exerciseID) set \(s.set) reps \(text(s.reps)) seconds "
                            + "\(text(s.seconds))"
                        + " loadKg \(text(s.loadKg)) effort \(text(s.effort)) pain \(text(s.pain))"
                }
                return items + sets
            }
            let web = shape(try await Self.workout(anaAPI, anaID))
            let api = shape(try await Self.workout(benAPI, benID))
            #expect(web == api)
            #expect(web.count == 6 + 4)  // six items (the easier step added) and four sets
            #expect(
                web.contains(
                    "item 0 exerciseID seated-glute-stretch set 1 reps nil seconds 30 loadKg nil effort 5 pain 2"))
            #expect(
                web.contains(
                    "item 0 exerciseID seated-glute-stretch set 2 reps nil seconds 28 loadKg nil effort 5 pain 6"))
        }
    }
}
