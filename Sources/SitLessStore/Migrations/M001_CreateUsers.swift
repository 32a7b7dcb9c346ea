import FluentKit

struct M001_CreateUsers: AsyncMigration {
    var name: String { "001-create-users" }

    func prepare(on database: any Database) async throws {
        try await database.schema(UserRecord.schema)
            .id()
            .field("name", .string, .required)
            .field("time_zone", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UserRecord.schema).delete()
    }
}
