import FluentKit
import FluentSQL

/// The glute program side: routines a person builds, the plan they follow, workouts with
/// their set logs, and the current target per exercise that the progression rules move.
struct M006_CreateTraining: AsyncMigration {
    var name: String { "006-create-training" }

    func prepare(on database: any Database) async throws {
        try await database.schema(RoutineRecord.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserRecord.schema, "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("items_json", .string, .required)
            .field("per_week", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema(TrainingPlanRecord.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserRecord.schema, "id", onDelete: .cascade))
            .field("program_id", .string)
            .field("routine_id", .uuid, .references(RoutineRecord.schema, "id", onDelete: .cascade))
            .field("start_date", .string, .required)
            .field("per_week", .int, .required)
            .field("days", .string, .required)
            .field("weeks", .int, .required)
            .field("active", .bool, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema(WorkoutRecord.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserRecord.schema, "id", onDelete: .cascade))
            .field("plan_id", .uuid, .references(TrainingPlanRecord.schema, "id", onDelete: .setNull))
            .field("scheduled_date", .string, .required)
            .field("week", .int, .required)
            .field("title", .string, .required)
            .field("items_json", .string, .required)
            .field("status", .string, .required)
            .field("started_at", .datetime, .required)
            .field("finished_at", .datetime)
            .field("next_morning", .string)
            .field("summary_json", .string)
            .create()
        try await database.schema(SetLogRecord.schema)
            .id()
            .field("workout_id", .uuid, .required, .references(WorkoutRecord.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(UserRecord.schema, "id", onDelete: .cascade))
            .field("item_index", .int, .required)
            .field("exercise_id", .string, .required)
            .field("set_number", .int, .required)
            .field("reps", .int)
            .field("seconds", .int)
            .field("load_kg", .double)
            .field("effort", .int)
            .field("pain", .int)
            .field("logged_at", .datetime, .required)
            .create()
        try await database.schema(ExerciseTargetRecord.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserRecord.schema, "id", onDelete: .cascade))
            .field("slot", .string, .required)
            .field("exercise_id", .string, .required)
            .field("dosage_json", .string, .required)
            .field("load_increases", .int, .required)
            .field("reason", .string)
            .field("updated_at", .datetime)
            .unique(on: "user_id", "slot")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX workouts_user_date ON workouts (user_id, scheduled_date)").run()
        try await sql.raw("CREATE INDEX set_logs_workout ON set_logs (workout_id, item_index, set_number)").run()
        try await sql.raw("CREATE INDEX set_logs_user_exercise ON set_logs (user_id, exercise_id, logged_at)").run()
    }

    func revert(on database: any Database) async throws {
        for schema in [
            ExerciseTargetRecord.schema, SetLogRecord.schema, WorkoutRecord.schema,
            TrainingPlanRecord.schema, RoutineRecord.schema,
        ] {
            try await database.schema(schema).delete()
        }
    }
}
