import FluentKit
import FluentSQL

/// The name a person chooses to be shown by (to their clinicians, their team and on what
/// they write); without one, pages show their email.
struct M015_AddDisplayName: AsyncMigration {
    var name: String { "015-add-display-name" }

    func prepare(on database: any Database) async throws {
        try await database.schema(UserRecord.schema).field("display_name", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UserRecord.schema).deleteField("display_name").update()
    }
}
