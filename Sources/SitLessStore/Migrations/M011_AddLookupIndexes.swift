import FluentKit
import FluentSQL

/// Indexes for the lookups every page makes by user: the active plan, the coach settings,
/// the progression targets, routines; and the workout in progress.
struct M011_AddLookupIndexes: AsyncMigration {
    var name: String { "011-add-lookup-indexes" }

    static let indexes = [
        ("training_plans_user_active", "training_plans (user_id, active)"),
        ("coach_settings_user", "coach_settings (user_id)"),
        ("exercise_targets_user_slot", "exercise_targets (user_id, slot)"),
        ("routines_user", "routines (user_id)"),
        ("workouts_user_status", "workouts (user_id, status)"),
    ]

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for (name, on) in Self.indexes {
            try await sql.raw("CREATE INDEX \(unsafeRaw: name) ON \(unsafeRaw: on)").run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for (name, _) in Self.indexes { try await sql.raw("DROP INDEX \(unsafeRaw: name)").run() }
    }
}
