import Foundation

/// Shows a prompt to the person.
public protocol Notifier: Sendable {
    func notify(title: String, body: String) async
}

/// Desktop notifications: `notify-send` on Linux, `osascript` on macOS. Failures are
/// silent: the terminal shows every prompt as well.
public struct DesktopNotifier: Notifier {
    let run: CommandRunner
    let isMacOS: Bool

    public init(run: @escaping CommandRunner = runCommand, isMacOS: Bool = IdleDetection.isMacOSHost) {
        self.run = run
        self.isMacOS = isMacOS
    }

    public func notify(title: String, body: String) async {
        if isMacOS {
            let script =
                "display notification \(Self.appleScriptString(body)) with title \(Self.appleScriptString(title))"
            _ = try? await run("osascript", ["-e", script])
        } else {
            _ = try? await run("notify-send", ["--app-name=SitLess", title, body])
        }
    }

    static func appleScriptString(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

/// Prints prompts on the terminal.
public struct TerminalNotifier: Notifier {
    let write: @Sendable (String) -> Void

    public init(write: @escaping @Sendable (String) -> Void = { print($0) }) {
        self.write = write
    }

    public func notify(title: String, body: String) async {
        write("\u{7}[\(title)] \(body)")
    }
}
