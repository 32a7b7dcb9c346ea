import FluentKit
import Foundation
import SitLessCore

extension Store {
    /// The person's coach policy (the defaults until they change it), in their time zone.
    public func coachPolicy(for user: UserRecord) async throws -> CoachPolicy {
        let userID = try user.requireID()
        var policy = CoachPolicy(timeZone: user.timeZone)
        if let row = try await sql.raw("SELECT policy_json FROM coach_settings WHERE user_id = \(bind: userID)").first(),
           let json = try? row.decode(column: "policy_json", as: String.self),
           let decoded = try? JSONDecoder().decode(CoachPolicy.self, from: Data(json.utf8)) {
            policy = decoded
        }
        policy.timeZone = user.timeZone
        return policy
    }

    /// Saves a policy after checking it; an invalid one changes nothing.
    public func saveCoachPolicy(_ policy: CoachPolicy, for user: UserRecord) async throws {
        let problems = policy.problems
        guard problems.isEmpty else { throw StoreError.invalidPolicy(problems) }
        let userID = try user.requireID()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(policy), as: UTF8.self)
        try await transaction { db in
            if let record = try await CoachSettingsRecord.query(on: db).filter(\.$user.$id == userID).first() {
                record.policyJSON = json
                try await record.save(on: db)
            } else {
                try await CoachSettingsRecord(userID: userID, policyJSON: json).create(on: db)
            }
            if user.timeZone != policy.timeZone {
                user.timeZone = policy.timeZone
                try await user.save(on: db)
            }
        }
    }

    /// Stores what became of a prompt.
    public func recordPromptOutcome(_ record: PromptRecord, userID: UUID) async throws {
        try await BreakPromptRecord(userID: userID, outcome: record.outcome.rawValue, decidedAt: record.at,
                                    issuedAt: record.prompt?.issuedAt, kind: record.prompt?.kind.rawValue,
                                    exerciseID: record.prompt?.move?.exerciseID,
                                    dosage: record.prompt?.move?.dosage.volume).create(on: database)
    }

    /// Stores a prompt's outcome from its parts (as the API receives them).
    public func recordPromptOutcome(userID: UUID, outcome: PromptOutcome, at: Date, issuedAt: Date?, kind: String?,
                                    exerciseID: String?, dosage: String?) async throws {
        try await BreakPromptRecord(userID: userID, outcome: outcome.rawValue, decidedAt: at, issuedAt: issuedAt, kind: kind,
                                    exerciseID: exerciseID, dosage: dosage).create(on: database)
    }

    /// Outcomes decided in [from, to), oldest first.
    public func promptOutcomes(userID: UUID, from: Date, to: Date) async throws -> [PromptRecord] {
        let rows = try await sql.raw("""
            SELECT outcome, decided_at, issued_at, kind, exercise_id FROM break_prompts
            WHERE user_id = \(bind: userID) AND decided_at >= \(bind: from) AND decided_at < \(bind: to)
            ORDER BY decided_at
            """).all()
        return try rows.compactMap { row -> PromptRecord? in
            guard let outcome = PromptOutcome(rawValue: try row.decode(column: "outcome", as: String.self)) else { return nil }
            let kind = try row.decode(column: "kind", as: String?.self)
            let exerciseID = try row.decode(column: "exercise_id", as: String?.self)
            let prompt = try row.decode(column: "issued_at", as: Date?.self).map { issued in
                BreakPrompt(number: 0, kind: kind.flatMap(BreakPrompt.Kind.init(rawValue:)) ?? .moveBreak,
                            issuedAt: issued, since: issued,
                            move: exerciseID.map { Prescription(exerciseID: $0, dosage: .reps(1, 1)) })
            }
            return PromptRecord(outcome: outcome, at: try row.decode(column: "decided_at", as: Date.self), prompt: prompt)
        }
    }
}
