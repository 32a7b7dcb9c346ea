import FluentKit
import FluentSQL

/// Web sessions get the account they sign in (`user_id`, so all of a person's sessions can
/// be ended at once: a password change, deleting the account) and an end (`expires_at`,
/// checked by the server, not only by the browser's cookie). Sessions from before this
/// migration get their account from their data and an end at their next use.
struct M012_AddSessionOwnerAndExpiry: AsyncMigration {
    var name: String { "012-add-session-owner-and-expiry" }

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds one column per ALTER TABLE.
        try await database.schema("_fluent_sessions").field(
            "user_id", .uuid, .references("users", "id", onDelete: .cascade)
        ).update()
        try await database.schema("_fluent_sessions").field("expires_at", .datetime).update()
        let sql = database as! any SQLDatabase
        // The key is Vapor's for `UserRecord` as it was when this migration was written.
        if sql.dialect.name == "postgresql" {
            try await sql.raw(
                """
                UPDATE _fluent_sessions s SET user_id = u.id FROM users u
                WHERE u.id = (s.data->>'_UserRecordSession')::uuid
                """
            ).run()
        } else {
            try await sql.raw(
                """
                UPDATE _fluent_sessions
                SET user_id = (SELECT id FROM users WHERE id = json_extract(data, '$._UserRecordSession'))
                """
            ).run()
        }
        try await sql.raw("CREATE INDEX fluent_sessions_user ON _fluent_sessions (user_id)").run()
        try await sql.raw("CREATE INDEX fluent_sessions_expires ON _fluent_sessions (expires_at)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP INDEX fluent_sessions_expires").run()
        try await sql.raw("DROP INDEX fluent_sessions_user").run()
        guard sql.dialect.name != "postgresql" else {
            try await sql.raw("ALTER TABLE _fluent_sessions DROP COLUMN expires_at, DROP COLUMN user_id").run()
            return
        }
        // SQLite drops no column that is a foreign key: the table is rebuilt in M007's layout.
        try await sql.raw(
            """
            CREATE TABLE _fluent_sessions_m007 ("id" UUID PRIMARY KEY, "key" TEXT NOT NULL, "data" JSON NOT NULL,
            CONSTRAINT "uq:_fluent_sessions.key" UNIQUE ("key"))
            """
        ).run()
        try await sql.raw(
            "INSERT INTO _fluent_sessions_m007 (id, key, data) SELECT id, key, data FROM _fluent_sessions"
        ).run()
        try await sql.raw("DROP TABLE _fluent_sessions").run()
        try await sql.raw("ALTER TABLE _fluent_sessions_m007 RENAME TO _fluent_sessions").run()
    }
}
