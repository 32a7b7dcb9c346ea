import FluentKit
import FluentSQL

/// Clinicians' own exercises, and photos and videos of exercises stored in the database in
/// chunks (so every server process serves them, and none holds a whole file in memory).
struct M014_CreateOwnExercisesAndMedia: AsyncMigration {
    var name: String { "014-create-own-exercises-and-media" }

    func prepare(on database: any Database) async throws {
        try await database.schema(OwnExerciseRecord.schema)
            .id()
            .field("slug", .string, .required)
            .field("owner_id", .uuid, .required, .references(UserRecord.schema, "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("exercise_json", .string, .required)
            .field("demonstration_json", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime, .required)
            .unique(on: "slug")
            .create()
        try await database.schema(MediaRecord.schema)
            .id()
            .field("owner_id", .uuid, .required, .references(UserRecord.schema, "id", onDelete: .cascade))
            .field("exercise_id", .string, .required)
            .field("kind", .string, .required)
            .field("content_type", .string, .required)
            .field("bytes", .int64, .required)
            .field("width", .int)
            .field("height", .int)
            .field("description", .string, .required)
            .field("sha256", .string, .required)
            .field("chunk_bytes", .int, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema(MediaChunkRecord.schema)
            .id()
            .field("media_id", .uuid, .required, .references(MediaRecord.schema, "id", onDelete: .cascade))
            .field("seq", .int, .required)
            .field("data", .data, .required)
            .unique(on: "media_id", "seq")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX own_exercises_owner ON own_exercises (owner_id)").run()
        try await sql.raw("CREATE INDEX media_owner_exercise ON media (owner_id, exercise_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MediaChunkRecord.schema).delete()
        try await database.schema(MediaRecord.schema).delete()
        try await database.schema(OwnExerciseRecord.schema).delete()
    }
}
