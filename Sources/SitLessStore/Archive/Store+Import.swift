import FluentKit
import FluentSQL
import Foundation
import SitLessCore

/// Store: a `UserArchive` imported into an account, checked first, all or nothing.
extension Store {
    /// Rows per INSERT statement (13 columns at most: well under SQLite's 999 parameters).
    static let archiveInsertBatch = 60

    // MARK: Import

    /// Imports an archive into the account `userID`, in one transaction: all or nothing.
    ///
    /// Rows keep their ids and every column (times included) and become the account's. The
    /// archive's coach settings replace the account's; its time zone becomes the account's,
    /// and its onboarding time, safety outcome and clinician role fill in the account's where
    /// the archive has them. The account's name and sign-in stay as they are; prescriptions
    /// are not imported. Refused, with nothing written, when the version is unknown, the
    /// account already has sitting or training data, a row already exists on this server, or
    /// the archive contradicts itself.
    public func importArchive(_ archive: UserArchive, into userID: UUID) async throws {
        guard archive.version == UserArchive.currentVersion else { throw ArchiveError.unknownVersion(archive.version) }
        try Store.checkConsistency(archive)
        try await transaction { db in
            let sql = try Store.sqlDatabase(db)
            guard try await UserRecord.find(userID, on: db) != nil else { throw ArchiveError.noSuchAccount(userID) }
            for table in [
                PostureBoutRecord.schema, BreakPromptRecord.schema, RoutineRecord.schema,
                WorkoutRecord.schema, SetLogRecord.schema, ImportRecord.schema,
            ] {
                let existing = try await sql.select().column(SQLIdentifier("id")).from(table)
                    .where(SQLIdentifier("user_id"), .equal, SQLBind(userID)).limit(1).first()
                if existing != nil { throw ArchiveError.accountHasData }
            }
            // What onboarding made (coach settings, the chosen plan, starting targets) gives
            // way to the archive's: a new account must be onboarded before it can import.
            for table in [CoachSettingsRecord.schema, ExerciseTargetRecord.schema, TrainingPlanRecord.schema] {
                try await sql.delete(from: table).where(SQLIdentifier("user_id"), .equal, SQLBind(userID)).run()
            }

            try await Store.refuseExisting(archive.coachSettings, on: sql)
            try await Store.refuseExisting(archive.postureBouts, on: sql)
            try await Store.refuseExisting(archive.breakPrompts, on: sql)
            try await Store.refuseExisting(archive.routines, on: sql)
            try await Store.refuseExisting(archive.trainingPlans, on: sql)
            try await Store.refuseExisting(archive.workouts, on: sql)
            try await Store.refuseExisting(archive.setLogs, on: sql)
            try await Store.refuseExisting(archive.exerciseTargets, on: sql)
            try await Store.refuseExisting(archive.imports, on: sql)

            let profile = archive.profile
            let update = sql.update(UserRecord.schema).set(SQLIdentifier("time_zone"), to: SQLBind(profile.timeZone))
            if let onboarded = profile.onboardedAt {
                update.set(SQLIdentifier("onboarded_at"), to: Store.sqlTime(onboarded, on: sql))
            }
            if let outcome = profile.safetyOutcome { update.set(SQLIdentifier("safety_outcome"), to: SQLBind(outcome)) }
            if profile.isClinician { update.set(SQLIdentifier("is_clinician"), to: SQLBind(true)) }
            if let name = profile.displayName {
                let checked = try NameRules.check(name, field: "profile.display_name", limit: 80)
                update.set(SQLIdentifier("display_name"), to: SQLBind(checked))
            }
            if let equipment = profile.equipment {
                update.set(
                    SQLIdentifier("equipment"),
                    to: SQLBind(EquipmentChoice.text(EquipmentChoice.parse(equipment))))
            }
            if let cautions = profile.safetyCautions {
                update.set(
                    SQLIdentifier("safety_cautions"),
                    to: SQLBind(SafetyScreen.storedCautions(SafetyScreen.cautions(stored: cautions))))
            }
            if let unit = profile.loadUnit {
                guard LoadUnit(rawValue: unit) != nil else {
                    throw InvalidEntry("profile.load_unit", "must be kg or lb, got '\(unit.prefix(20))'")
                }
                update.set(SQLIdentifier("load_unit"), to: SQLBind(unit))
            }
            try await update.where(SQLIdentifier("id"), .equal, SQLBind(userID)).run()

            // Parents before children: routines, plans, workouts, sets.
            try await Store.insertArchived(archive.coachSettings, userID: userID, on: sql)
            try await Store.insertArchived(archive.postureBouts, userID: userID, on: sql)
            try await Store.insertArchived(archive.breakPrompts, userID: userID, on: sql)
            try await Store.insertArchived(archive.routines, userID: userID, on: sql)
            try await Store.insertArchived(archive.trainingPlans, userID: userID, on: sql)
            try await Store.insertArchived(archive.workouts, userID: userID, on: sql)
            try await Store.insertArchived(archive.setLogs, userID: userID, on: sql)
            try await Store.insertArchived(archive.exerciseTargets, userID: userID, on: sql)
            try await Store.insertArchived(archive.imports, userID: userID, on: sql)
        }
    }

    /// The references an import relies on: unique ids, plans' routines, workouts' plans and
    /// sets' workouts all in the archive, one coach settings row, one target per slot.
    static func checkConsistency(_ archive: UserArchive) throws {
        func unique<Row: ArchivedRow>(_ rows: [Row]) throws -> Set<UUID> {
            var seen = Set<UUID>()
            for row in rows where !seen.insert(row.id).inserted {
                throw ArchiveError.inconsistent("the \(Row.label) \(row.id) appears twice")
            }
            return seen
        }
        guard TimeZone(identifier: archive.profile.timeZone) != nil else {
            throw ArchiveError.inconsistent("the time zone '\(archive.profile.timeZone)' is not an IANA time zone")
        }
        guard archive.coachSettings.count <= 1 else {
            throw ArchiveError.inconsistent("it has \(archive.coachSettings.count) coach settings rows, not one")
        }
        _ = try unique(archive.coachSettings)
        _ = try unique(archive.postureBouts)
        _ = try unique(archive.breakPrompts)
        _ = try unique(archive.exerciseTargets)
        _ = try unique(archive.imports)
        let routines = try unique(archive.routines)
        let plans = try unique(archive.trainingPlans)
        let workouts = try unique(archive.workouts)
        _ = try unique(archive.setLogs)
        for plan in archive.trainingPlans {
            if let routine = plan.routineID, !routines.contains(routine) {
                throw ArchiveError.inconsistent(
                    "the training plan \(plan.id) follows routine \(routine), which is not in it")
            }
        }
        for workout in archive.workouts {
            if let plan = workout.planID, !plans.contains(plan) {
                throw ArchiveError.inconsistent(
                    "the workout \(workout.id) belongs to training plan \(plan), which is not in it")
            }
        }
        // Statuses are the text of their machines (`SitLessCore/States`), as every write stores them.
        if let workout = archive.workouts.first(where: { WorkoutStatus(rawValue: $0.status) == nil }) {
            throw ArchiveError.inconsistent("the workout \(workout.id) has the unknown status '\(workout.status)'")
        }
        if let job = archive.imports.first(where: { ImportStatus(rawValue: $0.status) == nil }) {
            throw ArchiveError.inconsistent("the import \(job.id) has the unknown status '\(job.status)'")
        }
        if let outcome = archive.profile.safetyOutcome, SafetyStatus(rawValue: outcome) == nil {
            throw ArchiveError.inconsistent("the profile has the unknown safety outcome '\(outcome)'")
        }
        if let prompt = archive.breakPrompts.first(where: { PromptOutcome(rawValue: $0.outcome) == nil }) {
            throw ArchiveError.inconsistent("the break prompt \(prompt.id) has the unknown outcome '\(prompt.outcome)'")
        }
        for set in archive.setLogs where !workouts.contains(set.workoutID) {
            throw ArchiveError.inconsistent(
                "the logged set \(set.id) belongs to workout \(set.workoutID), which is not in it")
        }
        // Bouts follow the same rule as every other way in (`PostureBout.check`); an open one
        // (no end) is checked as if it ended at its start.
        for (i, bout) in archive.postureBouts.enumerated() {
            guard let source = PostureSource(rawValue: bout.source), Posture(rawValue: bout.posture) != nil else {
                throw ArchiveError.inconsistent(
                    "the posture bout \(bout.id) has posture '\(bout.posture)' from '\(bout.source)'")
            }
            do {
                try PostureBout.check(
                    start: bout.startAt, end: bout.endAt ?? bout.startAt, source: source,
                    open: bout.endAt == nil,
                    fields: ("postureBouts[\(i)].start_at", "postureBouts[\(i)].end_at"))
            } catch {
                throw ArchiveError.inconsistent("the posture bout \(bout.id): \(error)")
            }
        }
        var slots = Set<String>()
        for target in archive.exerciseTargets where !slots.insert(target.slot).inserted {
            throw ArchiveError.inconsistent("there are two exercise targets for '\(target.slot)'")
        }
    }

    /// Throws `alreadyOnServer` when any of these rows' ids exists in their table.
    static func refuseExisting<Row: ArchivedRow>(_ rows: [Row], on sql: any SQLDatabase) async throws {
        for start in stride(from: 0, to: rows.count, by: 500) {
            let ids = rows[start..<min(start + 500, rows.count)].map(\.id)
            if let row = try await sql.select().column(SQLIdentifier("id")).from(Row.table)
                .where(SQLIdentifier("id"), .in, SQLBind.group(ids.map { $0 as any Encodable & Sendable }))
                .limit(1).first()
            {
                throw ArchiveError.alreadyOnServer(what: Row.label, id: try row.decode(column: "id", as: UUID.self))
            }
        }
    }

    /// Inserts rows with SQL (not Fluent's `create`, which would stamp new times), every
    /// column as archived plus `user_id`.
    static func insertArchived<Row: ArchivedRow>(_ rows: [Row], userID: UUID, on sql: any SQLDatabase) async throws {
        for start in stride(from: 0, to: rows.count, by: archiveInsertBatch) {
            let insert = sql.insert(into: Row.table).columns(Row.columns + ["user_id"])
            for row in rows[start..<min(start + archiveInsertBatch, rows.count)] {
                insert.values(try ArchiveRowWriter.values(of: row, on: sql) + [SQLBind(userID)])
            }
            try await insert.run()
        }
    }

    /// A time as an SQL value the database stores exactly. PostgreSQL's driver truncates a
    /// `Date` to whole microseconds after floating-point arithmetic, so a time read back and
    /// written again can come out a microsecond early; PostgreSQL parses the exact text
    /// instead. SQLite takes the `Date` itself (and its driver reads it back rounded to the
    /// microsecond).
    static func sqlTime(_ date: Date, on sql: any SQLDatabase) -> any SQLExpression {
        guard sql.dialect.name == "postgresql" else { return SQLBind(date) }
        return SQLQueryString("CAST(\(bind: ArchiveTime.text(date)) AS TIMESTAMPTZ)")
    }
}
