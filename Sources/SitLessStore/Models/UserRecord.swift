import FluentKit
import Foundation
import SitLessCore

/// A person. Every other row belongs to one. The CLI acts as a local user (by name); the web
/// app adds email and password later.
final class UserRecord: Model, @unchecked Sendable {
    public static let schema = "users"

    @ID(key: .id) public var id: UUID?
    /// Unique handle; the CLI's `--user`.
    @Field(key: "name") public var name: String
    /// IANA time zone the person's days are split in.
    @Field(key: "time_zone") public var timeZone: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    /// Web sign-in; `nil` for a CLI-only local user.
    @OptionalField(key: "email") public var email: String?
    /// Bcrypt hash (made by Vapor's password hasher); never the password.
    @OptionalField(key: "password_hash") public var passwordHash: String?
    @Field(key: "is_admin") public var isAdmin: Bool
    /// Coaches or treats others: may create teams and invite people.
    @Field(key: "is_clinician") public var isClinician: Bool
    @OptionalField(key: "onboarded_at") public var onboardedAt: Date?
    /// `clear`, `cautions` or `stop`: the last safety screen.
    @OptionalField(key: "safety_outcome") public var safetyOutcome: String?
    /// The stored safety outcome as its value (`nil`: not taken, or a word this version does not know).
    public var safety: SafetyStatus? {
        get { safetyOutcome.flatMap(SafetyStatus.init(rawValue:)) }
        set { safetyOutcome = newValue?.rawValue }
    }
    /// The name the person chose to be shown by; pages fall back to the email.
    @OptionalField(key: "display_name") public var chosenName: String?
    /// What the person has to train with: `EquipmentChoice` words, comma-separated; `nil`
    /// until asked.
    @OptionalField(key: "equipment") public var equipment: String?
    /// The safety check's cautions (question ids, comma-separated), shown where they apply.
    @OptionalField(key: "safety_cautions") public var safetyCautions: String?
    /// `kg` or `lb` (Core's `LoadUnit`): how loads are shown to and typed by this person.
    /// Loads are stored in kilograms whatever this says.
    @Field(key: "load_unit") public var loadUnit: String

    public init() {}

    public init(name: String, timeZone: String) {
        self.name = name
        self.timeZone = timeZone
        isAdmin = false
        isClinician = false
        loadUnit = LoadUnit.kilograms.rawValue
    }
}

extension UserRecord {
    /// The person's `LoadUnit`; kilograms for anything unknown.
    public var unit: LoadUnit { LoadUnit(rawValue: loadUnit) ?? .kilograms }
}
