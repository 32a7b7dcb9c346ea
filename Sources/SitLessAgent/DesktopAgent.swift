import Foundation
import SitLessCore
import SitLessStore

/// A source of "now" that the agent can also wait on; tests drive it by hand.
public protocol AgentClock: Sendable {
    func now() -> Date
    func sleep(seconds: TimeInterval) async throws
}

public struct SystemClock: AgentClock {
    public init() {}
    public func now() -> Date { Date() }
    public func sleep(seconds: TimeInterval) async throws {
        try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
    }
}

/// What the agent did in one step, for its log line on the terminal.
public enum AgentEvent: Hashable, Sendable {
    case present(Posture, since: Date)
    case away(since: Date)
    case prompt(BreakPrompt, message: String)
    case recorded(PromptOutcome, at: Date)
    case snoozeRefused(String)
    case postureFromLog(Posture, at: Date)
}

/// The desktop agent behind `sitless watch`: samples idle time, turns it into presence at
/// the computer (sitting, or standing in standing-desk mode), saves presence bouts, runs the
/// break coach and shows its prompts. With no idle source it coaches on the posture entries
/// the person logs (`sitless sit/stand`, or `sit`/`stand` typed into the agent).
public actor DesktopAgent {
    let ledger: any AgentLedger
    let catalog: Catalog?
    let idleSource: (any IdleSource)?
    let notifiers: [any Notifier]
    let clock: any AgentClock
    public private(set) var coach: BreakCoach
    var tracker: PresenceTracker
    /// The presence bout being written, and its row.
    var presenceRowID: UUID?
    var presenceStart: Date?
    /// The newest manual entry already taken into account.
    var lastManualStart: Date?
    public private(set) var idleFailures = 0

    public init(
        store: Store, userID: UUID, policy: CoachPolicy, menu: [Prescription], catalog: Catalog?,
        idleSource: (any IdleSource)?, notifiers: [any Notifier], clock: any AgentClock, standingDesk: Bool = false
    ) {
        self.init(
            ledger: StoreLedger(store: store, userID: userID), policy: policy, menu: menu, catalog: catalog,
            idleSource: idleSource, notifiers: notifiers, clock: clock, standingDesk: standingDesk)
    }

    public init(
        ledger: any AgentLedger, policy: CoachPolicy, menu: [Prescription], catalog: Catalog?,
        idleSource: (any IdleSource)?, notifiers: [any Notifier], clock: any AgentClock, standingDesk: Bool = false
    ) {
        self.ledger = ledger
        self.catalog = catalog
        self.idleSource = idleSource
        self.notifiers = notifiers
        self.clock = clock
        coach = BreakCoach(policy: policy, menu: menu, start: clock.now())
        tracker = PresenceTracker(
            awayAfter: TimeInterval(policy.breakMinutes * 60), presentPosture: standingDesk ? .standing : .sitting)
    }

    /// One sampling round: idle time -> presence -> store -> coach -> prompts.
    @discardableResult
    public func step() async throws -> [AgentEvent] {
        let now = clock.now()
        var events: [AgentEvent] = []
        events += try await followManualLog(now: now)
        if let idleSource {
            do {
                let idle = try await idleSource.idleSeconds()
                idleFailures = 0
                if let change = tracker.sample(idleSeconds: idle, at: now) {
                    events += try await apply(change, now: now)
                }
            } catch {
                idleFailures += 1
            }
            try await savePresence(now: now)
        }
        events += try await handle(.tick(now))
        return events
    }

    /// The person answered the current prompt.
    @discardableResult
    public func respond(_ response: BreakCoach.Response) async throws -> [AgentEvent] {
        try await handle(.respond(response, at: clock.now()))
    }

    /// The person says they sit or stand now. With an idle source this switches what
    /// presence at the computer counts as (standing desk); without one it is logged as a
    /// manual entry, which then drives the coach.
    @discardableResult
    public func declare(_ posture: Posture) async throws -> [AgentEvent] {
        let now = clock.now()
        guard idleSource != nil else {
            try await ledger.recordPostureChange(posture, at: now, zone: coach.policy.zone)
            return try await followManualLog(now: now)
        }
        try await savePresence(now: now)
        guard let change = tracker.setPresentPosture(posture, at: now) else { return [] }
        try await savePresence(now: now)
        return [.present(change.posture, since: change.at)]
            + (try await handle(.posture(change.posture, at: change.at)))
    }

    /// Saves the presence bout up to now and closes it: everything is on disk.
    public func stop() async throws {
        try await savePresence(now: clock.now(), closing: true)
    }

    // MARK: Internals

    private func apply(_ change: PresenceTracker.Change, now: Date) async throws -> [AgentEvent] {
        var events: [AgentEvent] =
            change.posture == .unknown ? [.away(since: change.at)] : [.present(change.posture, since: change.at)]
        events += try await handle(.posture(change.posture, at: change.at))
        return events
    }

    /// Takes new manual entries into account: in presence mode a sit/stand entry switches
    /// what presence stands for; without an idle source it drives the coach directly.
    private func followManualLog(now: Date) async throws -> [AgentEvent] {
        guard let latest = try await ledger.latestManualEntry() else { return [] }
        if let seen = lastManualStart, latest.start <= seen { return [] }
        lastManualStart = latest.start
        let posture = latest.posture
        var events: [AgentEvent] = [.postureFromLog(posture, at: latest.start)]
        if idleSource != nil {
            if posture == .sitting || posture == .standing {
                try await savePresence(now: latest.start, closing: false)
                if let change = tracker.setPresentPosture(posture, at: max(latest.start, presenceStart ?? latest.start))
                {
                    presenceRowID = nil
                    presenceStart = change.at
                    events += try await handle(.posture(change.posture, at: change.at))
                }
            }
        } else {
            events += try await handle(.posture(posture, at: latest.start))
            if let end = latest.end, end <= now { events += try await handle(.posture(.unknown, at: end)) }
        }
        return events
    }

    private func savePresence(now: Date, closing: Bool = false) async throws {
        let (closed, open) = tracker.takeBouts(upTo: now)
        for bout in closed {
            if presenceRowID != nil && presenceStart == bout.start {
                _ = try await ledger.savePresence(bout, id: presenceRowID)
                presenceRowID = nil
                presenceStart = nil
            } else {
                _ = try await ledger.savePresence(bout, id: nil)
            }
        }
        if let open {
            if presenceStart != open.start { presenceRowID = nil }
            presenceRowID = try await ledger.savePresence(open, id: presenceRowID)
            presenceStart = open.start
            if closing {
                presenceRowID = nil
                presenceStart = nil
            }
        }
    }

    private func handle(_ event: BreakCoach.Event) async throws -> [AgentEvent] {
        var events: [AgentEvent] = []
        for action in coach.handle(event) {
            switch action {
            case .prompt(let prompt):
                let message = prompt.message(catalog: catalog)
                events.append(.prompt(prompt, message: message))
                for notifier in notifiers { await notifier.notify(title: "SitLess", body: message) }
            case .recorded(let record):
                try await ledger.recordPromptOutcome(record)
                events.append(.recorded(record.outcome, at: record.at))
            case .snoozeRefused(_, let reason):
                events.append(.snoozeRefused(reason))
                for notifier in notifiers { await notifier.notify(title: "SitLess", body: reason) }
            }
        }
        return events
    }
}
