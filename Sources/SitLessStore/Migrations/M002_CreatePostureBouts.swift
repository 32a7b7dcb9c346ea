import FluentKit
import FluentSQL

struct M002_CreatePostureBouts: AsyncMigration {
    var name: String { "002-create-posture-bouts" }

    func prepare(on database: any Database) async throws {
        try await database.schema(PostureBoutRecord.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserRecord.schema, "id", onDelete: .cascade))
            .field("posture", .string, .required)
            .field("source", .string, .required)
            .field("start_at", .datetime, .required)
            .field("end_at", .datetime)
            .field("confidence", .double, .required)
            .field("created_at", .datetime)
            .create()
        // Every read is "this user's bouts in a time range".
        try await (database as! any SQLDatabase)
            .raw("CREATE INDEX posture_bouts_user_start ON posture_bouts (user_id, start_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PostureBoutRecord.schema).delete()
    }
}
