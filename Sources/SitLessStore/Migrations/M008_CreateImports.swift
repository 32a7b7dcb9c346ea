import FluentKit
import FluentSQL

/// Wearable-file imports started from the web app or the API: their state lives in the
/// database, so any server process can report on a job another one runs.
struct M008_CreateImports: AsyncMigration {
    var name: String { "008-create-imports" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ImportRecord.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserRecord.schema, "id", onDelete: .cascade))
            .field("file_name", .string, .required)
            .field("placement", .string, .required)
            .field("bytes", .int64, .required)
            .field("status", .string, .required)
            .field("progress", .double, .required)
            .field("format", .string)
            .field("message", .string)
            .field("bouts", .int, .required)
            .field("first_at", .datetime)
            .field("last_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await (database as! any SQLDatabase)
            .raw("CREATE INDEX imports_user_created ON imports (user_id, created_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ImportRecord.schema).delete()
    }
}
