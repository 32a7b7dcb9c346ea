import ArgumentParser
import Dispatch
import Foundation
import SitLessAgent
import SitLessCore
import SitLessStore

struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "The desktop agent: sees when you are at the computer and prompts breaks.",
        discussion: """
            Reads how long keyboard and mouse have been idle (X11: xprintidle; GNOME on Wayland:
            Mutter's IdleMonitor; macOS: ioreg), records presence as sitting (or standing with
            --standing-desk), and prompts a 1-2 minute move when you have sat too long within your
            work hours (see `sitless coach`). Answer a prompt by typing d (done), s (snooze) or
            k (skip) and Enter; type sit or stand to switch at a standing desk; q or Ctrl-C stops,
            with everything saved.
            """
    )

    @Option(help: ArgumentHelp("Seconds between samples (default 15).", valueName: "s")) var interval: Double = 15
    @Option(help: ArgumentHelp("Idle source: auto, xprintidle, gnome, macos or manual.", valueName: "name"))
    var backend: String = "auto"
    @Flag(name: .customLong("standing-desk"), help: "Start standing: presence counts as standing until you type sit.")
    var standingDesk = false
    @Flag(name: .customLong("no-notify"), help: "Only print prompts on the terminal, no desktop notifications.")
    var noNotify = false
    @Option(help: ArgumentHelp("Program whose desk-friendly moves join the break rotation.", valueName: "id"))
    var program: String?
    @Option(
        help: ArgumentHelp(
            "Report to a SitLess server instead of the local database, e.g. https://sitless.example.org.",
            valueName: "url"))
    var server: String?
    @Option(
        help: ArgumentHelp(
            "Personal access token for --server (Settings -> API tokens; or SITLESS_TOKEN).", valueName: "token"))
    var token: String?
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if let server {
            guard let url = URL(string: server), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw CLIError("--server must be a URL like https://sitless.example.org, got '\(server)'")
            }
            if (token ?? ProcessInfo.processInfo.environment["SITLESS_TOKEN"]) == nil {
                throw CLIError("--server needs --token (or SITLESS_TOKEN): make one under Settings -> API tokens")
            }
        } else if token != nil {
            throw CLIError("--token goes with --server")
        }
        guard (1...600).contains(interval) else { throw CLIError("--interval must be 1 to 600 seconds") }
        guard ["auto", "xprintidle", "gnome", "macos", "manual"].contains(backend) else {
            throw CLIError("unknown backend '\(backend)'; choose auto, xprintidle, gnome, macos or manual")
        }
    }

    func run() async throws {
        let catalog = try? Catalog.builtIn()
        let programIDs =
            try program.map { id -> [String] in
                guard let found = catalog?.program(id) else { throw CLIError("no program with id '\(id)'") }
                return found.exerciseIDs
            } ?? []
        let idle: (any IdleSource)?
        switch backend {
        case "manual": idle = nil
        case "auto":
            let (found, tried) = await IdleDetection.detect(environment: ProcessInfo.processInfo.environment)
            idle = found
            if found == nil {
                WatchLog.say("No idle-time source works here (\(tried.joined(separator: "; "))).")
                WatchLog.say(
                    "Falling back to manual events: log with `sitless sit` / `sitless stand`, or type sit / stand here."
                )
            }
        default: idle = IdleDetection.named(backend)
        }
        let menu = catalog.map { BreakMenu.make(catalog: $0, programExerciseIDs: programIDs) } ?? []
        if let server, let base = URL(string: server),
            let token = token ?? ProcessInfo.processInfo.environment["SITLESS_TOKEN"]
        {
            let ledger = ServerLedger(base: base, token: token, clock: SystemClock())
            let who: String
            let policy: CoachPolicy
            do {
                who = try await ledger.whoAmI()
                policy = try await ledger.coachPolicy()
            } catch let failure as ServerLedger.Failure {
                throw CLIError("\(server): \(failure.description)")
            } catch {
                throw CLIError("\(server): cannot reach the server (\(error.localizedDescription))")
            }
            try await watch(ledger: ledger, policy: policy, who: who, menu: menu, catalog: catalog, idle: idle)
        } else {
            try await store.withStore { store, user in
                let policy = try await store.coachPolicy(for: user)
                try await watch(
                    ledger: StoreLedger(store: store, userID: user.id), policy: policy, who: user.name,
                    menu: menu, catalog: catalog, idle: idle)
            }
        }
    }

    func watch(
        ledger: any AgentLedger, policy: CoachPolicy, who: String, menu: [Prescription], catalog: Catalog?,
        idle: (any IdleSource)?
    ) async throws {
        let notifiers: [any Notifier] = noNotify ? [TerminalNotifier()] : [TerminalNotifier(), DesktopNotifier()]
        let agent = DesktopAgent(
            ledger: ledger, policy: policy, menu: menu, catalog: catalog,
            idleSource: idle, notifiers: notifiers, clock: SystemClock(), standingDesk: standingDesk)
        let zone = policy.zone
        WatchLog.say(
            "Watching as \(who) (\(idle?.name ?? "manual events"), every \(Int(interval)) s; \(ledger.location)). "
                + "Work hours \(policy.workHours), prompt after \(policy.maxSittingMinutes) min. q or Ctrl-C to stop.")
        let commands = WatchInput.start()
        let interruptions = WatchInput.interrupts()
        var running = true
        while running {
            for event in try await agent.step() { WatchLog.print(event, zone: zone) }
            let deadline = Date().addingTimeInterval(interval)
            while running, Date() < deadline {
                if interruptions.fired {
                    running = false
                    break
                }
                if let line = commands.next() {
                    switch line {
                    case "d", "done": for e in try await agent.respond(.done) { WatchLog.print(e, zone: zone) }
                    case "s", "snooze": for e in try await agent.respond(.snooze) { WatchLog.print(e, zone: zone) }
                    case "k", "skip": for e in try await agent.respond(.skip) { WatchLog.print(e, zone: zone) }
                    case "sit": for e in try await agent.declare(.sitting) { WatchLog.print(e, zone: zone) }
                    case "stand": for e in try await agent.declare(.standing) { WatchLog.print(e, zone: zone) }
                    case "q", "quit", "exit": running = false
                    case "": break
                    default: WatchLog.say("Type d (done), s (snooze), k (skip), sit, stand or q.")
                    }
                }
                try await Task.sleep(nanoseconds: 200_000_000)
            }
        }
        try await agent.stop()
        WatchLog.say("Stopped; everything is saved.")
    }
}

/// Lines typed while the agent runs, read on a background thread.
final class WatchInput: @unchecked Sendable {
    private var lines: [String] = []
    private let lock = NSLock()

    static func start() -> WatchInput {
        let input = WatchInput()
        Thread.detachNewThread {
            while let line = readLine() {
                input.lock.lock()
                input.lines.append(line.trimmingCharacters(in: .whitespaces).lowercased())
                input.lock.unlock()
            }
        }
        return input
    }

    func next() -> String? {
        lock.lock()
        defer { lock.unlock() }
        return lines.isEmpty ? nil : lines.removeFirst()
    }

    /// Ctrl-C (SIGINT) and SIGTERM set a flag instead of killing the process, so the loop can save.
    final class Interrupts: @unchecked Sendable {
        private let lock = NSLock()
        private var flag = false
        var sources: [any DispatchSourceSignal] = []
        var fired: Bool {
            lock.lock()
            defer { lock.unlock() }
            return flag
        }
        func fire() {
            lock.lock()
            flag = true
            lock.unlock()
        }
    }

    static func interrupts() -> Interrupts {
        let interrupts = Interrupts()
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { interrupts.fire() }
            source.resume()
            interrupts.sources.append(source)
        }
        return interrupts
    }
}

enum WatchLog {
    static func print(_ event: AgentEvent, zone: TimeZone) {
        let line: String
        switch event {
        case .present(let posture, let since):
            line = "\(TimeText.clock(since, zone)) at the computer (\(posture.rawValue))"
        case .away(let since): line = "\(TimeText.clock(since, zone)) away from the computer"
        case .prompt(_, let message): line = "\(message)\n      d = done, s = snooze, k = skip"
        case .recorded(let outcome, let at): line = "\(TimeText.clock(at, zone)) break \(outcome.rawValue)"
        case .snoozeRefused(let reason): line = reason
        case .postureFromLog(let posture, let at): line = "\(TimeText.clock(at, zone)) logged: \(posture.rawValue)"
        }
        say(line)
    }

    /// Unbuffered, so a log file or pipe sees each line at once.
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
