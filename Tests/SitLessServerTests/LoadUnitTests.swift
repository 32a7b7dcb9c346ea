import Fluent
import Foundation
import SitLessCore
import SitLessServer
import Testing
import Vapor
import VaporTesting

@testable import SitLessStore

/// Kilograms or pounds, a person's setting: stored in kilograms, shown and typed in their unit.
@Suite("Loads in pounds")
struct LoadUnitTests {
    @Test(
        "20 lb is stored as 9.07 kg and shown as 20 lb in the player, the summary and progress",
        arguments: TestServer.databases)
    func pounds(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let ana = try await TestServer.signUp(app)
            let settings = try await ana.get("/settings").body.string
            #expect(settings.contains("<input type=\"radio\" name=\"loadUnit\" value=\"kg\" checked> kilograms (kg)"))
            #expect(try await ana.post("/settings/units", ["loadUnit": "lb"]).status == .seeOther)
            #expect(
                try await ana.get("/settings").body.string.contains(
                    "<input type=\"radio\" name=\"loadUnit\" value=\"lb\" checked> pounds (lb)"))
            #expect(try await ana.post("/settings/units", ["loadUnit": "stone"]).status == .unprocessableEntity)

            let player = try await TestServer.startSession(ana)
            #expect(try await ana.get(player).body.string.contains("<label for=\"load\">Load in lb "))
            // Kettlebell deadlift (item 4), 3 x 15 at 20 lb.
            for _ in 1...3 {
                let res = try await ana.post(
                    "\(player)/sets", ["item": "4", "amount": "15", "effort": "5", "pain": "1", "load": "20"])
                #expect(res.status == .seeOther, "\(res.body.string)")
            }
            let workoutID = try #require(UUID(uuidString: String(player.dropFirst("/sessions/".count))))
            let stored = try await SetLogRecord.query(on: app.db).filter(\.$workout.$id == workoutID).all()
            #expect(stored.map(\.loadKilograms) == [9.07, 9.07, 9.07])

            let page = try await ana.get(player).body.string
            #expect(page.contains("Set 1: 15 reps, 20 lb, effort 5/10, pain 1/10"))
            // A load above what 500 kg is in pounds is refused, named in pounds.
            let heavy = try await ana.post(
                "\(player)/sets", ["item": "0", "amount": "30", "effort": "5", "pain": "1", "load": "1200"])
            #expect(heavy.status == .unprocessableEntity)
            #expect(
                heavy.body.string.contains(
                    "<strong>Load (lb)</strong>: must be a number from 0 to 1102, got &#39;1200&#39;"))
            #expect(heavy.body.string.contains("value=\"1200\""))  // as typed

            #expect(try await ana.post("\(player)/finish", ["confirm": "yes"]).status == .seeOther)
            // 45 reps x 9.07 kg = 408.15 kg = 899.8 lb, shown to the nearest half pound.
            let summary = try await ana.get("\(player)/summary").body.string
            #expect(summary.contains("Load moved: 900 lb (repetitions times load)."))
            #expect(summary.contains("Set 3: 15 reps, 20 lb"))
            let progress = try await ana.get("/progress").body.string
            #expect(progress.contains("<td>2026-12-07</td><td>45</td><td>20 lb</td><td>900 lb</td>"))

            // The same stored sets read in kilograms.
            #expect(try await ana.post("/settings/units", ["loadUnit": "kg"]).status == .seeOther)
            let inKilograms = try await ana.get("\(player)/summary").body.string
            #expect(inKilograms.contains("Set 3: 15 reps, 9 kg"))
            #expect(inKilograms.contains("Load moved: 408 kg"))
        }
    }
}
