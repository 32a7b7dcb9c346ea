import FluentKit
import FluentSQL
import Foundation
import SitLessCore

/// A person's own routines and the plan they follow.
extension Store {
    // MARK: Routines

    public func routines(userID: UUID) async throws -> [SavedRoutine] {
        try await RoutineRecord.query(on: database).filter(\.$user.$id == userID).sort(\.$createdAt).all()
            .map(SavedRoutine.init)
    }

    /// The routine if it belongs to this person; `nil` otherwise (callers answer 404).
    public func routine(_ id: UUID, userID: UUID) async throws -> SavedRoutine? {
        try await routineRecord(id, userID: userID).map(SavedRoutine.init)
    }

    func routineRecord(_ id: UUID, userID: UUID) async throws -> RoutineRecord? {
        try await RoutineRecord.query(on: database).filter(\.$id == id).filter(\.$user.$id == userID).first()
    }

    public func createRoutine(_ routine: Routine, userID: UUID) async throws -> SavedRoutine {
        let record = RoutineRecord()
        record.$user.id = userID
        record.name = routine.name
        record.itemsJSON = try StoredJSON.encode(routine.prescriptions)
        record.perWeek = routine.perWeek.lower
        try await record.create(on: database)
        return try SavedRoutine(record)
    }

    /// Writes a person's routine as edited; false when it is not theirs.
    @discardableResult
    public func saveRoutine(_ routine: Routine, id: UUID, userID: UUID) async throws -> Bool {
        guard let record = try await routineRecord(id, userID: userID) else { return false }
        record.name = routine.name
        record.itemsJSON = try StoredJSON.encode(routine.prescriptions)
        record.perWeek = routine.perWeek.lower
        try await record.save(on: database)
        return true
    }

    /// Deletes a person's routine; false when it is not theirs.
    @discardableResult
    public func deleteRoutine(_ id: UUID, userID: UUID) async throws -> Bool {
        guard let record = try await routineRecord(id, userID: userID) else { return false }
        try await record.delete(on: database)
        return true
    }

    // MARK: Plans

    public func activePlan(userID: UUID) async throws -> Plan? {
        try await read(PersonReads(plan: true), userID: userID, now: clock()).plan
    }

    /// Starts following a program or routine; any earlier plan stops being active. One transaction.
    /// A safety stop holds here for every path (web, API, CLI): the person retakes the safety
    /// check first; a web account that never answered it (signed up to treat others) answers
    /// it first. `prescribed`: a clinician assigns it after seeing them (their sessions still
    /// wait for the retaken check).
    public func startPlan(
        userID: UUID, programID: String?, routineID: UUID?, start: LocalDate, perWeek: Int,
        days: [Weekday], weeks: Int, prescribed: Bool = false
    ) async throws -> Plan {
        try await transaction { db in
            if !prescribed, let person = try await UserRecord.query(on: db).filter(\.$id == userID).first() {
                if person.safety == .stop { throw StoreError.safetyStop }
                // The CLI's local users (no email) never see the web's check.
                if person.safetyOutcome == nil, person.email != nil { throw StoreError.safetyCheckNeeded }
            }
            for old in try await TrainingPlanRecord.query(on: db).filter(\.$user.$id == userID).filter(
                \.$active == true
            ).all() {
                old.active = false
                try await old.save(on: db)
            }
            let plan = TrainingPlanRecord()
            plan.$user.id = userID
            plan.programID = programID
            plan.$routine.id = routineID
            plan.startDate = start.description
            plan.perWeek = perWeek
            plan.days = days.map(\.rawValue).joined(separator: ",")
            plan.weeks = weeks
            plan.active = true
            try await plan.create(on: db)
            return try Plan(plan)
        }
    }
}
