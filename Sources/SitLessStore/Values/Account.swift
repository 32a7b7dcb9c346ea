import Foundation
import SitLessCore

/// A person's account as the rest of the app sees it: a value with its id, never a database
/// row. The Store reads it (`user(id:)`, `user(email:)`, …) and writes its profile back with
/// `saveProfile(_:)`; the password hash stays in the Store (`credentials(email:)`).
public struct Account: Sendable, Equatable, Identifiable {
    public let id: UUID
    /// Unique handle; the CLI's `--user`.
    public var name: String
    /// IANA time zone the person's days are split in.
    public var timeZone: String
    public var createdAt: Date?
    /// Web sign-in; `nil` for a CLI-only local user.
    public var email: String?
    /// Runs the installation (the first web account).
    public var isAdmin: Bool
    /// Coaches or treats others: may create teams and invite people.
    public var isClinician: Bool
    public var onboardedAt: Date?
    /// The last safety check's outcome (`nil`: not taken, or a word this version does not know).
    public var safety: SafetyStatus?
    /// The name the person chose to be shown by; pages fall back to the email.
    public var chosenName: String?
    /// What the person has to train with (`EquipmentChoice` words, comma-separated); `nil` until asked.
    public var equipment: String?
    /// The safety check's cautions (question ids, comma-separated), shown where they apply.
    public var safetyCautions: String?
    /// How loads are shown to and typed by this person (stored in kilograms whatever this says).
    public var unit: LoadUnit

    public init(
        id: UUID, name: String, timeZone: String, createdAt: Date? = nil, email: String? = nil,
        isAdmin: Bool = false, isClinician: Bool = false, onboardedAt: Date? = nil,
        safety: SafetyStatus? = nil, chosenName: String? = nil, equipment: String? = nil,
        safetyCautions: String? = nil, unit: LoadUnit = .kilograms
    ) {
        self.id = id
        self.name = name
        self.timeZone = timeZone
        self.createdAt = createdAt
        self.email = email
        self.isAdmin = isAdmin
        self.isClinician = isClinician
        self.onboardedAt = onboardedAt
        self.safety = safety
        self.chosenName = chosenName
        self.equipment = equipment
        self.safetyCautions = safetyCautions
        self.unit = unit
    }

    /// How other people see this person: the name they chose, else their email.
    public var displayName: String { chosenName ?? email ?? name }

    /// The zone the person's days are split in. The name was checked when it was typed; one a
    /// later time-zone database no longer knows falls back to UTC (what a new account gets when
    /// it names none), never to the server's own zone, so the same person's days are the same
    /// whichever machine serves them.
    public var zone: TimeZone { TimeZone(identifier: timeZone) ?? .gmt }
}

extension Account {
    init(_ record: UserRecord) throws {
        self.init(
            id: try record.requireID(), name: record.name, timeZone: record.timeZone, createdAt: record.createdAt,
            email: record.email, isAdmin: record.isAdmin, isClinician: record.isClinician,
            onboardedAt: record.onboardedAt, safety: record.safety, chosenName: record.chosenName,
            equipment: record.equipment, safetyCautions: record.safetyCautions, unit: record.unit)
    }
}
