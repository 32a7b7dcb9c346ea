import FluentKit
import FluentSQL

struct M004_CreateBreakPrompts: AsyncMigration {
    var name: String { "004-create-break-prompts" }

    func prepare(on database: any Database) async throws {
        try await database.schema(BreakPromptRecord.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserRecord.schema, "id", onDelete: .cascade))
            .field("outcome", .string, .required)
            .field("decided_at", .datetime, .required)
            .field("issued_at", .datetime)
            .field("kind", .string)
            .field("exercise_id", .string)
            .field("dosage", .string)
            .create()
        try await (database as! any SQLDatabase)
            .raw("CREATE INDEX break_prompts_user_decided ON break_prompts (user_id, decided_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(BreakPromptRecord.schema).delete()
    }
}
