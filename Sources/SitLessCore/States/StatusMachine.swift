import Foundation

/// A status with the moves it allows. Every status the app stores is one of these, kept in
/// its column as the raw text (the same text as before these types existed), and every write
/// of a status goes through `canMove(to:)`: in Swift with `move(to:)`, in SQL as a conditional
/// update whose `WHERE status IN (...)` is `states(movingTo:)`, so a late or repeated write
/// can never take a status back (a finished import never runs again).
///
/// A new status: a `String` enum here (or beside its rule in Core) conforming to this
/// protocol, its moves in `allowedNext`, a worked example in `StatusMachineTests`.
public protocol StatusMachine: RawRepresentable, CaseIterable, Hashable, Codable, Sendable where RawValue == String {
    /// The states this one may become; itself too when a write may repeat it (progress).
    var allowedNext: Set<Self> { get }
    /// What has the status, for messages: "import", "session".
    static var subject: String { get }
}

extension StatusMachine {
    public func canMove(to next: Self) -> Bool { allowedNext.contains(next) }

    /// Nothing follows: the status is settled for good.
    public var isFinal: Bool { allowedNext.isEmpty }

    /// The states from which `target` may be reached, in declaration order: the states a
    /// guarded write may find in the row.
    public static func states(movingTo target: Self) -> [Self] {
        allCases.filter { $0.canMove(to: target) }
    }

    /// `next`, when this state may become it; otherwise the refusal, naming both.
    public func move(to next: Self) throws(StatusChangeRefused) -> Self {
        guard canMove(to: next) else { throw refusal(to: next) }
        return next
    }

    /// The refusal of a move from this state to `next`, naming both.
    public func refusal(to next: Self) -> StatusChangeRefused {
        StatusChangeRefused(subject: Self.subject, from: rawValue, to: next.rawValue)
    }
}

/// A status change its machine does not allow.
public struct StatusChangeRefused: Error, Equatable, Sendable, CustomStringConvertible {
    public var subject: String
    public var from: String
    public var to: String

    public init(subject: String, from: String, to: String) {
        self.subject = subject
        self.from = from
        self.to = to
    }

    public var description: String { "this \(subject) is \(from) and cannot become \(to)" }
}
