import FluentKit
import FluentSQL

/// Accounts for the web app: email and password hash (Bcrypt, via Vapor), admin flag, and
/// where onboarding and the safety screen left the person.
struct M005_AddAccounts: AsyncMigration {
    var name: String { "005-add-accounts" }

    func prepare(on database: any Database) async throws {
        try await database.schema(UserRecord.schema)
            .field("email", .string)
            .update()
        try await database.schema(UserRecord.schema)
            .field("password_hash", .string)
            .update()
        try await database.schema(UserRecord.schema)
            .field("is_admin", .bool, .required, .sql(.default(false)))
            .update()
        try await database.schema(UserRecord.schema)
            .field("onboarded_at", .datetime)
            .update()
        try await database.schema(UserRecord.schema)
            .field("safety_outcome", .string)
            .update()
        try await (database as! any SQLDatabase).raw("CREATE UNIQUE INDEX users_email ON users (email)").run()

        try await database.schema("sign_in_attempts")
            .id()
            .field("key", .string, .required)
            .field("attempted_at", .datetime, .required)
            .create()
        try await (database as! any SQLDatabase)
            .raw("CREATE INDEX sign_in_attempts_key ON sign_in_attempts (key, attempted_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sign_in_attempts").delete()
        try await (database as! any SQLDatabase).raw("DROP INDEX users_email").run()
        for field in ["safety_outcome", "onboarded_at", "is_admin", "password_hash", "email"] {
            try await database.schema(UserRecord.schema).deleteField(.string(field)).update()
        }
    }
}
