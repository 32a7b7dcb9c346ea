import FluentKit
import FluentSQL

/// Clinicians and their people: the clinician role, teams, who belongs to them (and in
/// which role), single-use invitations, and prescriptions (assignments).
struct M009_CreateTeams: AsyncMigration {
    var name: String { "009-create-teams" }

    func prepare(on database: any Database) async throws {
        try await database.schema(UserRecord.schema)
            .field("is_clinician", .bool, .required, .sql(.default(false)))
            .update()
        try await database.schema(TeamRecord.schema)
            .id()
            .field("name", .string, .required)
            .field("created_by", .uuid, .required, .references(UserRecord.schema, "id", onDelete: .cascade))
            .field("created_at", .datetime)
            .create()
        try await database.schema(TeamMemberRecord.schema)
            .id()
            .field("team_id", .uuid, .required, .references(TeamRecord.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(UserRecord.schema, "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("joined_at", .datetime, .required)
            .unique(on: "team_id", "user_id")
            .create()
        try await database.schema(InviteRecord.schema)
            .id()
            .field("team_id", .uuid, .required, .references(TeamRecord.schema, "id", onDelete: .cascade))
            .field("code_hash", .string, .required)
            .field("created_by", .uuid, .required, .references(UserRecord.schema, "id", onDelete: .cascade))
            .field("created_at", .datetime)
            .field("expires_at", .datetime, .required)
            .field("used_by", .uuid, .references(UserRecord.schema, "id", onDelete: .setNull))
            .field("used_at", .datetime)
            .unique(on: "code_hash")
            .create()
        try await database.schema(AssignmentRecord.schema)
            .id()
            .field("team_id", .uuid, .required, .references(TeamRecord.schema, "id", onDelete: .cascade))
            .field("member_id", .uuid, .required, .references(UserRecord.schema, "id", onDelete: .cascade))
            .field("clinician_id", .uuid, .required, .references(UserRecord.schema, "id", onDelete: .cascade))
            .field("plan_id", .uuid, .references(TrainingPlanRecord.schema, "id", onDelete: .setNull))
            .field("title", .string, .required)
            .field("program_id", .string)
            .field("routine_id", .uuid, .references(RoutineRecord.schema, "id", onDelete: .setNull))
            .field("dosages_json", .string, .required)
            .field("notes", .string, .required)
            .field("created_at", .datetime)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX team_members_user ON team_members (user_id)").run()
        try await sql.raw("CREATE INDEX assignments_member ON assignments (member_id, created_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AssignmentRecord.schema).delete()
        try await database.schema(InviteRecord.schema).delete()
        try await database.schema(TeamMemberRecord.schema).delete()
        try await database.schema(TeamRecord.schema).delete()
        try await database.schema(UserRecord.schema).deleteField("is_clinician").update()
    }
}

/// Personal access tokens for the API and the secret of each person's calendar feed, both
/// stored as SHA-256 hashes: the token itself is shown once, when it is made.
struct M010_CreateAccessTokens: AsyncMigration {
    var name: String { "010-create-access-tokens" }

    func prepare(on database: any Database) async throws {
        try await database.schema(AccessTokenRecord.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserRecord.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("hint", .string, .required)
            .field("created_at", .datetime)
            .field("last_used_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await (database as! any SQLDatabase).raw("CREATE INDEX access_tokens_user ON access_tokens (user_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AccessTokenRecord.schema).delete()
    }
}
