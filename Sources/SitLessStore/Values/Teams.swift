import Foundation
import SitLessCore

/// A personal access token (kind `api`) or calendar feed secret (kind `calendar`), without
/// its hash.
public struct AccessToken: Sendable, Equatable, Identifiable {
    public enum Kind: String, Sendable, Codable { case api, calendar }

    public let id: UUID
    public var kind: Kind
    public var name: String
    /// The first characters, so people can tell their tokens apart.
    public var hint: String
    public var createdAt: Date?
    public var lastUsedAt: Date?
}

/// Someone's role in a team: a clinician sees the data of the team's members.
public enum TeamRole: String, Sendable, Codable, CaseIterable { case clinician, member }

/// A clinic, a practice or a company department.
public struct Team: Sendable, Equatable, Identifiable {
    public let id: UUID
    public var name: String
    public var createdBy: UUID
    public var createdAt: Date?
}

/// A member as a clinician sees them in a team.
public struct TeamMember: Sendable {
    public var user: Account
    public var role: TeamRole
    public var joinedAt: Date
}

/// A single-use invitation to a team (its code is known only to whoever was given it).
public struct Invite: Sendable, Identifiable {
    public let id: UUID
    public var teamID: UUID
    public var createdBy: UUID
    public var expiresAt: Date
    public var usedAt: Date?

    /// Open, used or expired at `now` (it follows from the times).
    public func status(now: Date) -> InvitationStatus {
        InvitationStatus.of(usedAt: usedAt, expiresAt: expiresAt, now: now)
    }
}

/// A prescription as the member and their clinicians see it: who gave which program or
/// routine, with per-exercise dosages and notes.
public struct AssignedPrescription: Sendable, Identifiable {
    public let id: UUID
    public var team: Team
    public var memberID: UUID
    public var clinician: Account
    public var planID: UUID?
    public var title: String
    public var programID: String?
    public var routineID: UUID?
    /// Exercise id -> dosage text ("3 x 10").
    public var dosages: [String: String]
    public var notes: String
    public var createdAt: Date?
}

extension AccessToken {
    init(_ record: AccessTokenRecord) throws {
        self.init(
            id: try record.requireID(), kind: Kind(rawValue: record.kind) ?? .api, name: record.name,
            hint: record.hint, createdAt: record.createdAt, lastUsedAt: record.lastUsedAt)
    }
}

extension Team {
    init(_ record: TeamRecord) throws {
        self.init(
            id: try record.requireID(), name: record.name, createdBy: record.$createdBy.id,
            createdAt: record.createdAt)
    }
}

extension Invite {
    init(_ record: InviteRecord) throws {
        self.init(
            id: try record.requireID(), teamID: record.$team.id, createdBy: record.$createdBy.id,
            expiresAt: record.expiresAt, usedAt: record.usedAt)
    }
}
