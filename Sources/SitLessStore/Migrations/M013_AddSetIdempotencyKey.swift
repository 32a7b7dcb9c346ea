import FluentKit
import FluentSQL

/// A logged set may carry the key its client sent (`Idempotency-Key` on the API, a hidden
/// field on the web form), unique per workout: a phone that retries after losing the answer
/// gets the set it already logged back instead of a second one. NULL for sets without a key
/// (both databases let NULLs repeat in a unique index).
struct M013_AddSetIdempotencyKey: AsyncMigration {
    var name: String { "013-add-set-idempotency-key" }

    func prepare(on database: any Database) async throws {
        try await database.schema("set_logs").field("idempotency_key", .string).update()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE UNIQUE INDEX set_logs_idempotency ON set_logs (workout_id, idempotency_key)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP INDEX set_logs_idempotency").run()
        try await sql.raw("ALTER TABLE set_logs DROP COLUMN idempotency_key").run()
    }
}
