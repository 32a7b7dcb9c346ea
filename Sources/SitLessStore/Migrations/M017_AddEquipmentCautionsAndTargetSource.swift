import FluentKit
import FluentSQL

/// What a person has to train with (`users.equipment`, `EquipmentChoice` words), which
/// cautions their safety check raised (`users.safety_cautions`, question ids, so the advice
/// stays where it applies), and who set each exercise target (`exercise_targets.source`:
/// `rules` or `clinician`), so every page can say why the next session holds what it does.
struct M017_AddEquipmentCautionsAndTargetSource: AsyncMigration {
    var name: String { "017-add-equipment-cautions-target-source" }

    func prepare(on database: any Database) async throws {
        try await database.schema(UserRecord.schema).field("equipment", .string).update()
        try await database.schema(UserRecord.schema).field("safety_cautions", .string).update()
        try await database.schema(ExerciseTargetRecord.schema).field("source", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ExerciseTargetRecord.schema).deleteField("source").update()
        try await database.schema(UserRecord.schema).deleteField("safety_cautions").update()
        try await database.schema(UserRecord.schema).deleteField("equipment").update()
    }
}
