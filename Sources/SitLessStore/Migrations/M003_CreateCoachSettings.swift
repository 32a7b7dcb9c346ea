import FluentKit

struct M003_CreateCoachSettings: AsyncMigration {
    var name: String { "003-create-coach-settings" }

    func prepare(on database: any Database) async throws {
        try await database.schema(CoachSettingsRecord.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserRecord.schema, "id", onDelete: .cascade))
            .field("policy_json", .string, .required)
            .field("updated_at", .datetime)
            .unique(on: "user_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CoachSettingsRecord.schema).delete()
    }
}
