import Foundation
import NIOCore
import SitLessAPI
import SitLessAgent
import SitLessCore
import SitLessServer
import Testing
import Vapor

/// `sitless watch --server URL --token T`: the desktop agent reports through the API of a
/// real server listening on a loopback port.
@Suite("Desktop agent against a server")
struct AgentServerTests {
    final class Idle: IdleSource, @unchecked Sendable {
        let name = "test"
        var seconds: TimeInterval = 0
        func idleSeconds() async throws -> TimeInterval { seconds }
    }
    struct Clock: AgentClock {
        let box: TestClockBox
        func now() -> Date { box.now }
        func sleep(seconds: TimeInterval) async throws { box.advance(seconds) }
    }
    struct Quiet: Notifier { func notify(title: String, body: String) async {} }

    @Test("presence, a prompt and its outcome arrive on the server through the API")
    func reportsThroughAPI() async throws {
        try await TestServer.run("sqlite") { app in
            // setup: a person with a token, the server listening on a free loopback port
            let ana = try await TestServer.signUp(app)
            let api = try await APIClient.forBrowser(ana)
            app.http.server.configuration.hostname = "127.0.0.1"
            app.http.server.configuration.port = 0
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            defer { Task { await app.server.shutdown() } }
            let port = try #require(app.http.server.shared.localAddress?.port)
            let clock = app.storage[ClockKey.self]!
            let ledger = ServerLedger(
                base: URL(string: "http://127.0.0.1:\(port)")!, token: api.token!, clock: Clock(box: clock))
            #expect(try await ledger.whoAmI().hasPrefix("ana-"))
            let policy = try await ledger.coachPolicy()
            #expect(policy.maxSittingMinutes == 30)
            #expect(policy.workHours.description == "mon-fri 09:00-17:00")

            // MUT: at the computer from 10:00 (the test clock), sampled every minute for 31 minutes.
            let idle = Idle()
            let catalog = try Catalog.builtIn()
            let agent = DesktopAgent(
                ledger: ledger, policy: policy, menu: BreakMenu.make(catalog: catalog, programExerciseIDs: []),
                catalog: catalog, idleSource: idle,
                notifiers: [Quiet()], clock: Clock(box: clock))
            var prompted = false
            for _ in 0...31 {
                for event in try await agent.step() { if case .prompt = event { prompted = true } }
                clock.advance(60)
            }
            #expect(prompted)
            _ = try await agent.respond(.done)
            try await agent.stop()

            // validate: one presence bout of 31 minutes and a taken break, seen through the API
            let day = (from: APIInstant(text: "2026-12-07T00:00:00Z"), to: APIInstant(text: "2026-12-08T00:00:00Z"))
            let bouts = try await api.typed.listBouts(path: .init(user: "me"), query: .init(from: day.from, to: day.to))
                .ok.body.json.items
            let desktop = bouts.filter { $0.source == .desktop }
            let nine = Date(timeIntervalSince1970: 1_796_634_000)  // 2026-12-07T09:00:00Z
            #expect(desktop.count == 1)
            #expect(desktop.first?.start == nine)
            #expect([nine.addingTimeInterval(31 * 60), nine.addingTimeInterval(32 * 60)].contains(desktop.first?.end))
            let prompts = try await api.typed.listPrompts(
                path: .init(user: "me"), query: .init(from: day.from, to: day.to)
            )
            .ok.body.json.items
            #expect(prompts.map(\.outcome) == [.taken])
            #expect(prompts.first?.exerciseID != nil)
            // A wrong token is refused with the server's words.
            await #expect(throws: ServerLedger.Failure.self) {
                try await ServerLedger(base: ledger.base, token: "sl_wrong").whoAmI()
            }
        }
    }
}
