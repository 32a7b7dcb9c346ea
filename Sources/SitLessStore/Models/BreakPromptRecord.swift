import FluentKit
import Foundation
import SitLessCore

/// What became of one break prompt (or a break taken without one).
final class BreakPromptRecord: Model, @unchecked Sendable {
    public static let schema = "break_prompts"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: UserRecord
    /// `PromptOutcome`'s raw text (`taken`, `taken-naturally`, `snoozed`, `skipped`, `ignored`);
    /// read it as `decided`. Written once, never changed.
    @Field(key: "outcome") public var outcome: String
    /// When the outcome was decided.
    @Field(key: "decided_at") public var decidedAt: Date
    @OptionalField(key: "issued_at") public var issuedAt: Date?
    /// `move-break`, `stand`, `move`.
    @OptionalField(key: "kind") public var kind: String?
    @OptionalField(key: "exercise_id") public var exerciseID: String?
    @OptionalField(key: "dosage") public var dosage: String?

    public init() {}

    /// The stored outcome (nil for text no version wrote).
    public var decided: PromptOutcome? { PromptOutcome(rawValue: outcome) }

    public init(
        userID: UUID, outcome: PromptOutcome, decidedAt: Date, issuedAt: Date?, kind: String?,
        exerciseID: String?, dosage: String?
    ) {
        self.$user.id = userID
        self.outcome = outcome.rawValue
        self.decidedAt = decidedAt
        self.issuedAt = issuedAt
        self.kind = kind
        self.exerciseID = exerciseID
        self.dosage = dosage
    }
}
