import FluentKit
import FluentSQL
import Foundation
import SitLessCore

extension Store {
    /// The person's coach policy (the defaults until they change it), in their time zone.
    public func coachPolicy(for user: Account) async throws -> CoachPolicy {
        let data = try await read(PersonReads(coachPolicy: true), userID: user.id, now: clock())
        return Store.coachPolicy(stored: data.storedPolicy, for: user)
    }

    /// The stored settings or the defaults, always in the account's time zone.
    public static func coachPolicy(stored: CoachPolicy?, for user: Account) -> CoachPolicy {
        var policy = stored ?? CoachPolicy(timeZone: user.timeZone)
        policy.timeZone = user.timeZone
        return policy
    }

    /// Saves a policy after checking it; an invalid one changes nothing. The policy's time zone
    /// becomes the account's: the account as it is now comes back.
    @discardableResult
    public func saveCoachPolicy(_ policy: CoachPolicy, for user: Account) async throws -> Account {
        let problems = policy.problems
        guard problems.isEmpty else { throw StoreError.invalidPolicy(problems) }
        let userID = user.id
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
                try await (db as! any SQLDatabase).update(UserRecord.schema)
                    .set(SQLIdentifier("time_zone"), to: SQLBind(policy.timeZone))
                    .where(SQLIdentifier("id"), .equal, SQLBind(userID)).run()
            }
        }
        var saved = user
        saved.timeZone = policy.timeZone
        return saved
    }

    /// Stores what became of a prompt.
    public func recordPromptOutcome(_ record: PromptRecord, userID: UUID) async throws {
        try await BreakPromptRecord(
            userID: userID, outcome: record.outcome, decidedAt: record.at,
            issuedAt: record.prompt?.issuedAt, kind: record.prompt?.kind.rawValue,
            exerciseID: record.prompt?.move?.exerciseID,
            dosage: record.prompt?.move?.dosage.volume
        ).create(on: database)
    }

    /// Stores a prompt's outcome from its parts (as the API receives them).
    public func recordPromptOutcome(
        userID: UUID, outcome: PromptOutcome, at: Date, issuedAt: Date?, kind: String?,
        exerciseID: String?, dosage: String?
    ) async throws {
        try await BreakPromptRecord(
            userID: userID, outcome: outcome, decidedAt: at, issuedAt: issuedAt, kind: kind,
            exerciseID: exerciseID, dosage: dosage
        ).create(on: database)
    }

    /// Outcomes decided in [from, to), oldest first.
    public func promptOutcomes(userID: UUID, from: Date, to: Date) async throws -> [PromptRecord] {
        try await read(PersonReads(prompts: .init(from: from, to: to)), userID: userID, now: to).prompts
    }
}
