import ArgumentParser
import Foundation
import SitLessCore
import SitLessStore

/// `sitless sit|stand|walk|away [--at TIME]`: log a posture change.
struct PostureChange: ParsableArguments {
    @Option(help: ArgumentHelp("When it happened: \(InstantParsing.accepted) (default: now).", valueName: "time"))
    var at: String?

    @OptionGroup var store: StoreOptions

    func record(_ posture: Posture, verb: String) async throws {
        let now = try Now.current()
        try await store.withStore { store, user in
            let zone = user.zone
            let when: Date
            if let at {
                guard let parsed = InstantParsing.parse(at, now: now, zone: zone) else {
                    throw CLIError("unknown time format '\(at)'; use \(InstantParsing.accepted)")
                }
                when = parsed
            } else {
                when = now
            }
            do {
                try await store.recordPostureChange(userID: user.id, to: posture, at: when, now: now, zone: zone)
            } catch let error as StoreError {
                throw CLIError(error.description)
            }
            print("\(verb) at \(TimeText.clock(when, zone)).")
        }
    }
}

struct SitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sit", abstract: "Log that you sat down.")
    @OptionGroup var change: PostureChange
    func run() async throws { try await change.record(.sitting, verb: "Sitting") }
}

struct StandCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stand", abstract: "Log that you stood up.")
    @OptionGroup var change: PostureChange
    func run() async throws { try await change.record(.standing, verb: "Standing") }
}

struct WalkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "walk", abstract: "Log that you started walking.")
    @OptionGroup var change: PostureChange
    func run() async throws { try await change.record(.stepping, verb: "Walking") }
}

struct AwayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "away", abstract: "Log that you left (posture unknown until your next entry).")
    @OptionGroup var change: PostureChange
    func run() async throws { try await change.record(.unknown, verb: "Away") }
}

enum TimeText {
    static func clock(_ date: Date, _ zone: TimeZone, withDate: Bool = false) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = withDate ? "yyyy-MM-dd HH:mm" : "HH:mm"
        return formatter.string(from: date)
    }

    static func iso(_ date: Date, _ zone: TimeZone) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = zone
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// Minutes with one decimal at most: 175, 58.3.
    static func minutesNumber(_ seconds: TimeInterval) -> Double {
        (seconds / 6).rounded() / 10
    }
}
