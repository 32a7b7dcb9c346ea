import FluentKit
import FluentSQL
import Foundation
import SitLessCore

/// Store: deleting an account and everything that is the person's.
extension Store {
    // MARK: Deleting an account

    /// Deletes the person and everything that is theirs, in one transaction: their sitting
    /// and training data, access tokens, web sessions, team memberships, prescriptions they
    /// received or wrote, invitations they made, and the teams they created (with those teams'
    /// members, invitations and prescriptions), and the sign-in attempts counted against their
    /// email. Invitations they used forget who used them.
    /// An account that does not exist changes nothing.
    public func deleteAccount(userID: UUID) async throws {
        try await transaction { db in
            let sql = try Store.sqlDatabase(db)
            let user = SQLBind(userID)
            let ownTeams = try await sql.select().column(SQLIdentifier("id")).from(TeamRecord.schema)
                .where(SQLIdentifier("created_by"), .equal, user).all(decodingColumn: "id", as: UUID.self)
            func inOwnTeams(_ query: SQLDeleteBuilder) -> SQLDeleteBuilder {
                ownTeams.isEmpty
                    ? query
                    : query.orWhere(
                        SQLIdentifier("team_id"), .in,
                        SQLBind.group(ownTeams.map { $0 as any Encodable & Sendable }))
            }
            try await inOwnTeams(
                sql.delete(from: AssignmentRecord.schema)
                    .where(SQLIdentifier("member_id"), .equal, user)
                    .orWhere(SQLIdentifier("clinician_id"), .equal, user)
            ).run()
            try await inOwnTeams(
                sql.delete(from: InviteRecord.schema)
                    .where(SQLIdentifier("created_by"), .equal, user)
            ).run()
            try await sql.update(InviteRecord.schema).set(SQLIdentifier("used_by"), to: SQLLiteral.null)
                .where(SQLIdentifier("used_by"), .equal, user).run()
            try await inOwnTeams(
                sql.delete(from: TeamMemberRecord.schema)
                    .where(SQLIdentifier("user_id"), .equal, user)
            ).run()
            try await sql.delete(from: TeamRecord.schema).where(SQLIdentifier("created_by"), .equal, user).run()

            // Their own exercises and media (members' routines keep the ids; pages then show the id).
            let media = SQLSubquery.select {
                $0.column(SQLIdentifier("id")).from(MediaRecord.schema)
                    .where(SQLIdentifier("owner_id"), .equal, user)
            }
            try await sql.delete(from: MediaChunkRecord.schema).where(SQLIdentifier("media_id"), .in, media).run()
            for table in [MediaRecord.schema, OwnExerciseRecord.schema] {
                try await sql.delete(from: table).where(SQLIdentifier("owner_id"), .equal, user).run()
            }
            // Children before parents.
            for table in [
                SetLogRecord.schema, WorkoutRecord.schema, ExerciseTargetRecord.schema,
                TrainingPlanRecord.schema, RoutineRecord.schema, PostureBoutRecord.schema,
                BreakPromptRecord.schema, CoachSettingsRecord.schema, ImportRecord.schema,
                AccessTokenRecord.schema, "_fluent_sessions",
            ] {
                try await sql.delete(from: table).where(SQLIdentifier("user_id"), .equal, user).run()
            }
            // Sign-in attempts name the account's email: they go too.
            if let email = try await sql.select().column(SQLIdentifier("email")).from(UserRecord.schema)
                .where(SQLIdentifier("id"), .equal, user).first(decodingColumn: "email", as: String?.self) ?? nil
            {
                try await sql.delete(from: SignInAttempt.schema)
                    .where(SQLIdentifier("key"), .equal, SQLBind(Store.signInKey(email: email))).run()
            }
            try await sql.delete(from: UserRecord.schema).where(SQLIdentifier("id"), .equal, user).run()
        }
    }
}
