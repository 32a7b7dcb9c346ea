import Foundation
import SitLessCore
import SitLessStore
import Testing

@testable import SitLessAgent

/// A clock the test moves by hand.
final class TestClock: AgentClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date) { current = start }
    func now() -> Date { lock.withLock { current } }
    func set(_ date: Date) { lock.withLock { current = date } }
    func sleep(seconds: TimeInterval) async throws { lock.withLock { current = current.addingTimeInterval(seconds) } }
}

/// Idle time computed from a list of input moments: idle = now - last input at or before now.
struct ScriptedIdle: IdleSource {
    let name = "scripted"
    let clock: TestClock
    let inputs: @Sendable (Date) -> Date
    func idleSeconds() async throws -> TimeInterval { clock.now().timeIntervalSince(inputs(clock.now())) }
}

final class CollectingNotifier: Notifier, @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [String] = []
    var messages: [String] { lock.withLock { collected } }
    func notify(title: String, body: String) async { lock.withLock { collected.append(body) } }
}

struct AgentFixture {
    let zone = TimeZone(identifier: "Europe/Berlin")!
    let day = LocalDate(iso: "2026-12-07")!  // a Monday

    func at(_ text: String) -> Date {
        let p = text.split(separator: ":").map { Int($0)! }
        return day.instant(hour: p[0], minute: p[1], in: zone).addingTimeInterval(TimeInterval(p.count > 2 ? p[2] : 0))
    }

    func withStore(_ body: (Store, Account) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sitless-agent-\(UUID().uuidString).sqlite"
        ).path
        let store = try await Store.open(.sqlite(path: path))
        do {
            let user = try await store.localUser(named: "ana", timeZone: "Europe/Berlin")
            try await body(store, user)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    let menu = [Prescription(exerciseID: "sit-to-stand", dosage: .reps(1, 10))]
}

@Suite("Desktop agent")
struct DesktopAgentTests {
    let f = AgentFixture()

    @Test("presence becomes a saved sitting bout; the prompt comes at 30 min; done and away are recorded")
    func presenceAndPrompt() async throws {
        try await f.withStore { store, user in
            // setup: typing every few seconds from 09:00 until 09:55, then nothing.
            let clock = TestClock(f.at("09:00"))
            let lastInputAt = f.at("09:55")
            let idle = ScriptedIdle(clock: clock) { now in
                min(now, lastInputAt).addingTimeInterval(now <= lastInputAt ? -5 : 0)
            }
            let notifier = CollectingNotifier()
            let agent = DesktopAgent(
                store: store, userID: user.id, policy: try await store.coachPolicy(for: user),
                menu: f.menu, catalog: nil, idleSource: idle, notifiers: [notifier], clock: clock)
            // MUT: a sample every minute from 09:00 to 10:05, answering the prompt at 09:31.
            var events: [AgentEvent] = []
            for minute in 0...65 {
                clock.set(f.at("09:00").addingTimeInterval(TimeInterval(minute * 60)))
                events += try await agent.step()
                if minute == 31 { events += try await agent.respond(.done) }
            }
            try await agent.stop()
            // validate
            #expect(events.first == .present(.sitting, since: f.at("08:59:55")))
            #expect(
                notifier.messages == [
                    "You have been sitting for 30 min. Time for a 2-minute break: sit-to-stand, 1 x 10."
                ])
            #expect(events.contains(.away(since: f.at("09:55"))))
            let id = user.id
            let bouts = try await store.bouts(userID: id, from: f.at("00:00"), to: f.at("23:00"), now: f.at("23:00"))
            #expect(
                bouts == [
                    PostureBout(
                        .sitting, from: f.at("08:59:55"), to: f.at("09:55"), source: .desktopPresence, confidence: 0.6)
                ])
            let outcomes = try await store.promptOutcomes(userID: id, from: f.at("00:00"), to: f.at("23:00"))
            #expect(outcomes.map(\.outcome) == [.taken, .takenNaturally])
            // Away since 09:55 (seen at 09:57, when the idle time reached 2 min): a natural break.
            #expect(outcomes.map(\.at) == [f.at("09:31"), f.at("09:57")])
        }
    }

    @Test("the open presence bout is on disk after every step, so a crash loses at most one interval")
    func savedAsItGoes() async throws {
        try await f.withStore { store, user in
            let clock = TestClock(f.at("09:00"))
            let idle = ScriptedIdle(clock: clock) { now in now }
            let agent = DesktopAgent(
                store: store, userID: user.id, policy: try await store.coachPolicy(for: user),
                menu: f.menu, catalog: nil, idleSource: idle, notifiers: [], clock: clock)
            for minute in 0...10 {
                clock.set(f.at("09:00").addingTimeInterval(TimeInterval(minute * 60)))
                try await agent.step()
            }
            // No stop(): as if the process died at 09:10.
            let bouts = try await store.bouts(
                userID: user.id, from: f.at("00:00"), to: f.at("23:00"), now: f.at("23:00"))
            #expect(bouts.map(\.duration) == [600])
        }
    }

    @Test("without an idle source the agent coaches on logged entries")
    func manualMode() async throws {
        try await f.withStore { store, user in
            let id = user.id
            try await store.recordPostureChange(
                userID: id, to: .sitting, at: f.at("09:00"), now: f.at("09:00"), zone: f.zone)
            let clock = TestClock(f.at("09:01"))
            let notifier = CollectingNotifier()
            let agent = DesktopAgent(
                store: store, userID: id, policy: try await store.coachPolicy(for: user), menu: f.menu,
                catalog: nil, idleSource: nil, notifiers: [notifier], clock: clock)
            #expect(try await agent.step() == [.postureFromLog(.sitting, at: f.at("09:00"))])
            clock.set(f.at("09:29"))
            #expect(try await agent.step().isEmpty)
            clock.set(f.at("09:30"))
            let events = try await agent.step()
            #expect(events.count == 1)
            #expect(notifier.messages.count == 1)
            // Standing up (typed into the agent) answers it once 2 minutes have passed.
            clock.set(f.at("09:31"))
            try await agent.declare(.standing)
            clock.set(f.at("09:33"))
            #expect(try await agent.step() == [.recorded(.taken, at: f.at("09:33"))])
        }
    }

    @Test("standing desk: presence switches from sitting to standing and the bout is split")
    func standingDesk() async throws {
        try await f.withStore { store, user in
            let clock = TestClock(f.at("09:00"))
            let idle = ScriptedIdle(clock: clock) { now in now }
            let agent = DesktopAgent(
                store: store, userID: user.id, policy: try await store.coachPolicy(for: user),
                menu: f.menu, catalog: nil, idleSource: idle, notifiers: [], clock: clock)
            try await agent.step()
            clock.set(f.at("09:20"))
            try await agent.step()
            try await agent.declare(.standing)
            clock.set(f.at("09:40"))
            try await agent.step()
            try await agent.stop()
            let bouts = try await store.bouts(
                userID: user.id, from: f.at("00:00"), to: f.at("23:00"), now: f.at("23:00"))
            let timeline = PostureTimeline(merging: bouts)
            #expect(timeline.bouts.map(\.posture) == [.sitting, .standing])
            #expect(timeline.bouts.map { $0.duration / 60 } == [20, 20])
        }
    }
}

@Suite("Idle sources")
struct IdleSourceTests {
    @Test("each backend's output is read correctly")
    func parsing() async throws {
        let x = CommandIdleSource.xprintidle(run: { _, _ in "123456\n" })
        #expect(try await x.idleSeconds() == 123.456)
        let gnome = CommandIdleSource.gnome(run: { _, _ in "(uint64 4500,)\n" })
        #expect(try await gnome.idleSeconds() == 4.5)
        let mac = CommandIdleSource.macOS(run: { _, _ in
            "    | |   \"HIDIdleTime\" = 7500000000\n    | |   \"HIDKeyboardModifierMappingPairs\" = ()\n"
        })
        #expect(try await mac.idleSeconds() == 7.5)
        let broken = CommandIdleSource.xprintidle(run: { _, _ in "couldn't open display\n" })
        await #expect(throws: IdleSourceError.self) { try await broken.idleSeconds() }
    }

    @Test("detection picks the backend that answers, and says why none does")
    func detection() async {
        let works: CommandRunner = { executable, _ in executable == "xprintidle" ? "10" : "" }
        let found = await IdleDetection.detect(environment: ["DISPLAY": ":99"], run: works, isMacOS: false)
        #expect(found.source?.name == "xprintidle")

        let failing: CommandRunner = { executable, _ in throw IdleSourceError(description: "\(executable) not found") }
        let none = await IdleDetection.detect(
            environment: ["DISPLAY": ":99", "WAYLAND_DISPLAY": "wayland-0"], run: failing, isMacOS: false)
        #expect(none.source == nil)
        #expect(none.tried == ["xprintidle: xprintidle not found", "gnome-idle-monitor: gdbus not found"])

        let headless = await IdleDetection.detect(environment: [:], run: failing, isMacOS: false)
        #expect(headless.tried == ["no graphical session (neither DISPLAY nor WAYLAND_DISPLAY is set)"])
    }
}
