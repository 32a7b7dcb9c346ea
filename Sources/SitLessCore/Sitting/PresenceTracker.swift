import Foundation

/// Turns samples of "seconds since the last keyboard or mouse input" into presence at the
/// computer: present means sitting (or standing, at a standing desk); no input for at least
/// the away threshold (the break length, 2 min by default) means away from the desk since
/// the last input, i.e. posture unknown. Pauses shorter than the threshold (reading,
/// thinking) stay present.
public struct PresenceTracker: Sendable {
    public struct Change: Hashable, Sendable {
        public var posture: Posture
        public var at: Date
    }

    public let awayAfter: TimeInterval
    /// The posture presence stands for: `.sitting`, or `.standing` in standing-desk mode.
    public var presentPosture: Posture
    public private(set) var presentSince: Date?
    public private(set) var lastInput: Date?
    /// Closed presence bouts not yet collected with `takeBouts()`.
    private var finished: [PostureBout] = []

    public init(awayAfter: TimeInterval = 120, presentPosture: Posture = .sitting) {
        self.awayAfter = awayAfter
        self.presentPosture = presentPosture
    }

    /// Feeds one sample taken at `now`; returns the posture change it reveals, if any.
    public mutating func sample(idleSeconds: TimeInterval, at now: Date) -> Change? {
        let input = now.addingTimeInterval(-max(0, idleSeconds))
        lastInput = max(lastInput ?? input, input)
        if let since = presentSince {
            if idleSeconds >= awayAfter {
                let end = max(since, input)
                finished.append(
                    PostureBout(presentPosture, from: since, to: end, source: .desktopPresence, confidence: 0.6))
                presentSince = nil
                return Change(posture: .unknown, at: end)
            }
            return nil
        }
        guard idleSeconds < awayAfter else { return nil }
        presentSince = input
        return Change(posture: presentPosture, at: input)
    }

    /// Switches between sitting and standing while present (standing-desk mode), closing the
    /// bout so far.
    public mutating func setPresentPosture(_ posture: Posture, at now: Date) -> Change? {
        guard posture != presentPosture else { return nil }
        if let since = presentSince, since < now {
            finished.append(
                PostureBout(presentPosture, from: since, to: now, source: .desktopPresence, confidence: 0.6))
            presentSince = now
        }
        presentPosture = posture
        return presentSince == nil ? nil : Change(posture: posture, at: now)
    }

    /// The presence bouts closed so far, plus the open one up to `now`; closed ones are
    /// handed out once.
    public mutating func takeBouts(upTo now: Date) -> (closed: [PostureBout], open: PostureBout?) {
        let closed = finished
        finished = []
        let open = presentSince.flatMap { since in
            since < now
                ? PostureBout(presentPosture, from: since, to: now, source: .desktopPresence, confidence: 0.6) : nil
        }
        return (closed, open)
    }
}
