import Foundation
import SitLessAPI
import SitLessCore
import SitLessServer
import Testing
import Vapor
import VaporTesting

/// A safety stop holds on every path until the person retakes the check (issue 14), and
/// urgent advice looks urgent.
@Suite("Safety stop")
struct SafetyStopTests {
    static func answers(yes: Set<String>) -> [String: String] {
        var fields: [String: String] = [:]
        for q in SafetyScreen.questions { fields["q-\(q.id)"] = yes.contains(q.id) ? "yes" : "no" }
        return fields
    }

    @Test(
        "cauda equina signs: an urgent alert; programs do not start on the web or the API until the check is retaken",
        arguments: TestServer.databases)
    func stopHolds(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let ana = Browser(app)
            try await ana.get("/signup")
            _ = try await ana.post(
                "/signup",
                [
                    "email": "ana-\(UUID().uuidString.prefix(8))@example.com", "password": "correct-horse-1",
                    "confirm": "correct-horse-1", "timeZone": "Europe/Berlin",
                ])
            try await ana.get("/onboarding")
            var fields = [
                "timeZone": "Europe/Berlin", "workHours": "mon-fri 09:00-17:00", "program": "glute-wake-up",
                "perWeek": "3", "day-mon": "on", "day-wed": "on", "day-fri": "on", "start": "2026-12-07",
            ]
            fields.merge(Self.answers(yes: ["bladder-bowel"])) { $1 }
            let stop = try await ana.post("/onboarding", fields).body.string
            #expect(stop.contains("<section class=\"card urgent\" role=\"alert\">"))
            #expect(stop.contains("Seek medical care today"))
            #expect(stop.contains("cauda equina syndrome"))

            // The Programs page, a routine and the API do not start anything.
            try await ana.get("/programs/glute-wake-up")
            let refused = try await ana.post(
                "/programs/glute-wake-up/start",
                [
                    "perWeek": "3", "day-mon": "on", "day-wed": "on",
                    "day-fri": "on", "start": "2026-12-07",
                ])
            #expect(refused.headers.first(name: .location) == "/settings/safety")
            #expect(
                try await ana.get("/settings/safety").body.string.contains(
                    "Not started: your safety check advised seeing a clinician"))
            #expect(!(try await ana.get("/").body.string.contains("id=\"start-session\"")))
            let api = try await APIClient.forBrowser(ana)
            let put = try await api.typed.putPlan(
                path: .init(user: "me"),
                body: .json(
                    .init(
                        days: [.mon, .wed, .fri], perWeek: 3, programID: .gluteWakeUp,
                        start: try #require(APIDay(text: "2026-12-07")))))
            #expect(try put.forbidden.body.json.error.code == "safety_stop")
            _ = try await api.typed.startWorkout(path: .init(user: "me")).forbidden

            // Unanswered questions are named; a clear check lets programs start again.
            try await ana.get("/settings/safety")
            #expect(try await ana.post("/settings/safety", [:]).status == .unprocessableEntity)
            let cleared = try await ana.post("/settings/safety", Self.answers(yes: []))
            #expect(cleared.headers.first(name: .location) == "/programs")
            try await ana.get("/programs/glute-wake-up")
            let started = try await ana.post(
                "/programs/glute-wake-up/start",
                [
                    "perWeek": "3", "day-mon": "on", "day-wed": "on",
                    "day-fri": "on", "start": "2026-12-07",
                ])
            #expect(started.headers.first(name: .location) == "/")
            #expect(try await ana.get("/").body.string.contains("id=\"start-session\""))
            // Answering a red flag again stops it again.
            try await ana.get("/settings/safety")
            let again = try await ana.post("/settings/safety", Self.answers(yes: ["night-pain"])).body.string
            #expect(again.contains("Please see a clinician first"))
            #expect(!again.contains("Seek medical care today"))
            _ = try await api.typed.startWorkout(path: .init(user: "me")).forbidden
        }
    }
}
