import FluentKit

/// The table of web sign-in sessions, in the layout of Fluent's sessions driver
/// (`SessionRecord`), so every `sitless serve` process sharing a database shares sessions.
/// Part of the store's numbered migrations so `sitless migrate` creates it too.
struct M007_CreateWebSessions: AsyncMigration {
    var name: String { "007-create-web-sessions" }

    func prepare(on database: any Database) async throws {
        try await database.schema("_fluent_sessions")
            .id()
            .field("key", .string, .required)
            .field("data", .json, .required)
            .unique(on: "key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("_fluent_sessions").delete()
    }
}
