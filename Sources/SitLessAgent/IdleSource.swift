import Foundation

/// Reports how long the keyboard and mouse have been untouched.
public protocol IdleSource: Sendable {
    /// `xprintidle`, `gnome-idle-monitor`, `macos-ioreg`.
    var name: String { get }
    func idleSeconds() async throws -> TimeInterval
}

public struct IdleSourceError: Error, CustomStringConvertible {
    public var description: String
}

/// Runs a program and returns its standard output; injected so tests need no real programs.
public typealias CommandRunner = @Sendable (_ executable: String, _ arguments: [String]) async throws -> String

/// Runs `executable` (looked up on PATH) and returns stdout; fails on a non-zero exit.
public let runCommand: CommandRunner = { executable, arguments in
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [executable] + arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw IdleSourceError(description: "\(executable) exited with status \(process.terminationStatus)")
    }
    return String(decoding: data, as: UTF8.self)
}

/// An idle source that asks a system program.
public struct CommandIdleSource: IdleSource {
    public let name: String
    let executable: String
    let arguments: [String]
    let parse: @Sendable (String) -> TimeInterval?
    let run: CommandRunner

    public func idleSeconds() async throws -> TimeInterval {
        let output = try await run(executable, arguments)
        guard let seconds = parse(output) else {
            throw IdleSourceError(
                description: "cannot read the idle time from \(executable)'s output: \(output.prefix(80))")
        }
        return seconds
    }

    /// X11: `xprintidle` prints milliseconds since the last input (XScreenSaver extension).
    public static func xprintidle(run: @escaping CommandRunner = runCommand) -> CommandIdleSource {
        CommandIdleSource(
            name: "xprintidle", executable: "xprintidle", arguments: [],
            parse: { text in
                Double(text.trimmingCharacters(in: .whitespacesAndNewlines)).map { $0 / 1000 }
            }, run: run)
    }

    /// GNOME on Wayland: Mutter's IdleMonitor over D-Bus answers `(uint64 12345,)` in milliseconds.
    public static func gnome(run: @escaping CommandRunner = runCommand) -> CommandIdleSource {
        CommandIdleSource(
            name: "gnome-idle-monitor", executable: "gdbus",
            arguments: [
                "call", "--session", "--dest", "org.gnome.Mutter.IdleMonitor",
                "--object-path", "/org/gnome/Mutter/IdleMonitor/Core",
                "--method", "org.gnome.Mutter.IdleMonitor.GetIdletime",
            ],
            parse: { text in
                let digits = text.split(whereSeparator: { !$0.isNumber }).last.map(String.init)
                return digits.flatMap(Double.init).map { $0 / 1000 }
            }, run: run)
    }

    /// macOS: `ioreg -c IOHIDSystem` lists `"HIDIdleTime" = <nanoseconds>`.
    public static func macOS(run: @escaping CommandRunner = runCommand) -> CommandIdleSource {
        CommandIdleSource(
            name: "macos-ioreg", executable: "ioreg", arguments: ["-c", "IOHIDSystem"],
            parse: { text in
                guard let line = text.split(separator: "\n").first(where: { $0.contains("HIDIdleTime") }),
                    let value = line.split(separator: "=").last?.trimmingCharacters(in: .whitespaces),
                    let ns = Double(value)
                else { return nil }
                return ns / 1_000_000_000
            }, run: run)
    }
}

/// Picks the idle source that works on this desktop.
public enum IdleDetection {
    /// Tries, in order: macOS `ioreg`; on Linux with an X display `xprintidle`; with a Wayland
    /// display GNOME's IdleMonitor. Each candidate must answer once before it is chosen.
    /// Returns `nil` and the reasons when none works.
    public static func detect(
        environment: [String: String], run: @escaping CommandRunner = runCommand,
        isMacOS: Bool = isMacOSHost
    ) async -> (source: (any IdleSource)?, tried: [String]) {
        var candidates: [CommandIdleSource] = []
        if isMacOS { candidates.append(.macOS(run: run)) }
        if environment["DISPLAY"]?.isEmpty == false { candidates.append(.xprintidle(run: run)) }
        if environment["WAYLAND_DISPLAY"]?.isEmpty == false { candidates.append(.gnome(run: run)) }
        var tried: [String] = []
        if candidates.isEmpty { tried.append("no graphical session (neither DISPLAY nor WAYLAND_DISPLAY is set)") }
        for candidate in candidates {
            do {
                _ = try await candidate.idleSeconds()
                return (candidate, tried)
            } catch {
                tried.append("\(candidate.name): \(error)")
            }
        }
        return (nil, tried)
    }

    public static var isMacOSHost: Bool {
        #if os(macOS)
        true
        #else
        false
        #endif
    }

    /// Chooses by name (`xprintidle`, `gnome`, `macos`).
    public static func named(_ name: String, run: @escaping CommandRunner = runCommand) -> (any IdleSource)? {
        switch name {
        case "xprintidle", "x11": return CommandIdleSource.xprintidle(run: run)
        case "gnome", "wayland": return CommandIdleSource.gnome(run: run)
        case "macos", "ioreg": return CommandIdleSource.macOS(run: run)
        default: return nil
        }
    }
}
