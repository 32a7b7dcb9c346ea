import FluentKit
import Foundation
import SitLessCore

/// A clinic, a practice or a company department: clinicians and the people they help.
final class TeamRecord: Model, @unchecked Sendable {
    public static let schema = "teams"

    @ID(key: .id) public var id: UUID?
    @Field(key: "name") public var name: String
    @Parent(key: "created_by") public var createdBy: UserRecord
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
    public init(name: String, createdBy: UUID) {
        self.name = name
        self.$createdBy.id = createdBy
    }
}

/// Someone's place in a team. A clinician sees the data of the team's members; a member
/// ends that by leaving (revoking access).
final class TeamMemberRecord: Model, @unchecked Sendable {
    public static let schema = "team_members"

    public typealias Role = TeamRole

    @ID(key: .id) public var id: UUID?
    @Parent(key: "team_id") public var team: TeamRecord
    @Parent(key: "user_id") public var user: UserRecord
    @Field(key: "role") public var role: String
    @Field(key: "joined_at") public var joinedAt: Date

    public init() {}
    public init(teamID: UUID, userID: UUID, role: Role, joinedAt: Date) {
        self.$team.id = teamID
        self.$user.id = userID
        self.role = role.rawValue
        self.joinedAt = joinedAt
    }
}

/// A single-use invitation code (stored as its SHA-256 hash).
final class InviteRecord: Model, @unchecked Sendable {
    public static let schema = "invites"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "team_id") public var team: TeamRecord
    @Field(key: "code_hash") public var codeHash: String
    @Parent(key: "created_by") public var createdBy: UserRecord
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Field(key: "expires_at") public var expiresAt: Date
    @OptionalParent(key: "used_by") public var usedBy: UserRecord?
    @OptionalField(key: "used_at") public var usedAt: Date?

    public init() {}

    /// Open, used or expired at `now` (`InvitationStatus`: not a column, it follows from the
    /// times). Using it is the move open -> used, written only where the code is still unused.
    public func status(now: Date) -> InvitationStatus {
        InvitationStatus.of(usedAt: usedAt, expiresAt: expiresAt, now: now)
    }
}

/// A prescription: a clinician gave a member a program or routine, with per-person dosages
/// and notes. `plan` is the member's training plan it became.
final class AssignmentRecord: Model, @unchecked Sendable {
    public static let schema = "assignments"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "team_id") public var team: TeamRecord
    @Parent(key: "member_id") public var member: UserRecord
    @Parent(key: "clinician_id") public var clinician: UserRecord
    @OptionalParent(key: "plan_id") public var plan: TrainingPlanRecord?
    @Field(key: "title") public var title: String
    @OptionalField(key: "program_id") public var programID: String?
    @OptionalParent(key: "routine_id") public var routine: RoutineRecord?
    /// Exercise id -> dosage text ("3 x 10"), as JSON.
    @Field(key: "dosages_json") public var dosagesJSON: String
    @Field(key: "notes") public var notes: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}

/// A personal access token (kind "api") or calendar feed secret (kind "calendar").
final class AccessTokenRecord: Model, @unchecked Sendable {
    public static let schema = "access_tokens"

    public typealias Kind = AccessToken.Kind

    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: UserRecord
    @Field(key: "kind") public var kind: String
    @Field(key: "name") public var name: String
    @Field(key: "token_hash") public var tokenHash: String
    /// The first characters, so people can tell their tokens apart.
    @Field(key: "hint") public var hint: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @OptionalField(key: "last_used_at") public var lastUsedAt: Date?

    public init() {}
}
