import Foundation

/// A training session: started, then done (the progression rules ran and moved the targets).
/// Done is final: its sets stay as reviewed.
public enum WorkoutStatus: String, StatusMachine {
    case inProgress = "in-progress"
    case done

    public static let subject = "session"

    public var allowedNext: Set<WorkoutStatus> {
        switch self {
        case .inProgress: [.done]
        case .done: []
        }
    }
}

/// A wearable-file import: queued when the upload has arrived, running while the file is read
/// (running -> running as progress is written), then done (its bouts saved, all at once) or
/// failed (nothing saved). Done and failed are final: a late progress write cannot revive one.
public enum ImportStatus: String, StatusMachine {
    case queued, running, done, failed

    public static let subject = "import"

    public var allowedNext: Set<ImportStatus> {
        switch self {
        case .queued: [.running, .failed]
        case .running: [.running, .done, .failed]
        case .done, .failed: []
        }
    }

    /// Still to finish: another import of the person's waits for it.
    public var isActive: Bool { !isFinal }
}

/// A single-use team invitation. Not a column: it follows from when the code was used and
/// when it expires (`of(usedAt:expiresAt:now:)`); used and expired are final.
public enum InvitationStatus: String, StatusMachine {
    case open, used, expired

    public static let subject = "invitation"

    public var allowedNext: Set<InvitationStatus> {
        switch self {
        case .open: [.used, .expired]
        case .used, .expired: []
        }
    }

    /// An invitation used at `usedAt` (nil: not yet) that expires at `expiresAt`, seen at `now`.
    /// Used counts first: a used code stays used after its expiry.
    public static func of(usedAt: Date?, expiresAt: Date, now: Date) -> InvitationStatus {
        if usedAt != nil { return .used }
        return expiresAt > now ? .open : .expired
    }
}

/// A break prompt's outcome is recorded once, when it is decided, and never changes.
extension PromptOutcome: StatusMachine {
    public static let subject = "break prompt"
    public var allowedNext: Set<PromptOutcome> { [] }
}

/// What a person's safety check came to, as stored (`users.safety_outcome`): no status
/// machine, since a retake may land anywhere. `nil` on an account: not taken yet.
public enum SafetyStatus: String, Sendable, Codable, CaseIterable {
    case clear
    /// Clear to start, with cautions kept beside the session.
    case cautions
    /// See a clinician first: no program starts.
    case stop

    public init(_ outcome: SafetyScreen.Outcome) {
        switch outcome {
        case .clear: self = .clear
        case .clearWithCautions: self = .cautions
        case .stop: self = .stop
        }
    }
}
