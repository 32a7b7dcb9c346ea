import FluentKit
import FluentSQL

/// The unit a person reads and types loads in: `kg` (everyone so far) or `lb`. Loads stay
/// stored in kilograms; only pages convert.
struct M016_AddLoadUnit: AsyncMigration {
    var name: String { "016-add-load-unit" }

    func prepare(on database: any Database) async throws {
        try await database.schema(UserRecord.schema)
            .field("load_unit", .string, .required, .sql(.default("kg")))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UserRecord.schema).deleteField("load_unit").update()
    }
}
