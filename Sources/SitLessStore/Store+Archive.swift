import FluentKit
import FluentSQL
import Foundation
import SitLessCore

/// Everything a person has recorded, as one value: their profile and, table by table, every
/// row of their sitting and training data with every column but `user_id` (ids, creation and
/// update times included), so it can be imported elsewhere exactly as it was.
///
/// As JSON (`sitless-export.json`) the keys are the database's column names and every time
/// is ISO-8601 UTC text with as many fractional digits as it takes to read back to the same
/// instant (`ArchiveTime`). Not in it: email, password hash, admin flag, access tokens, web
/// sessions, teams and invitations. `prescriptions` are there for the person to read; they
/// name clinicians on the old server and are not imported.
public struct UserArchive: Codable, Sendable, Equatable {
    /// The format version this SitLess writes and reads.
    public static let currentVersion = 1

    /// The format version (`currentVersion` when written by this SitLess).
    public var version: Int
    /// When the export was made.
    public var exportedAt: Date
    /// Name, time zone, onboarding, safety outcome and clinician role.
    public var profile: Profile
    public var coachSettings: [CoachSettingsRow]
    public var postureBouts: [PostureBoutRow]
    public var breakPrompts: [BreakPromptRow]
    public var routines: [RoutineRow]
    public var trainingPlans: [TrainingPlanRow]
    public var workouts: [WorkoutRow]
    public var setLogs: [SetLogRow]
    public var exerciseTargets: [ExerciseTargetRow]
    public var imports: [ImportRow]
    /// What clinicians prescribed, for reading only: never imported.
    public var prescriptions: [PrescriptionRow]

    enum CodingKeys: String, CodingKey {
        case version, exportedAt = "exported_at", profile
        case coachSettings = "coach_settings", postureBouts = "posture_bouts", breakPrompts = "break_prompts"
        case routines, trainingPlans = "training_plans", workouts, setLogs = "set_logs"
        case exerciseTargets = "exercise_targets", imports, prescriptions
    }

    /// The person's own settings from `users` (not their sign-in details).
    public struct Profile: Codable, Sendable, Equatable {
        public var name: String
        public var timeZone: String
        public var onboardedAt: Date?
        public var safetyOutcome: String?
        public var isClinician: Bool
        /// Archives from before display names have none.
        public var displayName: String?
        /// Archives from before M017 have neither.
        public var equipment: String?
        public var safetyCautions: String?
        /// `kg` or `lb`; archives from before the choice have none (kilograms).
        public var loadUnit: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, timeZone = "time_zone", onboardedAt = "onboarded_at", safetyOutcome = "safety_outcome"
            case isClinician = "is_clinician", displayName = "display_name", equipment, safetyCautions = "safety_cautions"
            case loadUnit = "load_unit"
        }
    }

    /// A row of `coach_settings`.
    public struct CoachSettingsRow: Codable, Sendable, Equatable, ArchivedRow {
        public var id: UUID
        public var policyJSON: String
        public var updatedAt: Date?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case id, policyJSON = "policy_json", updatedAt = "updated_at"
        }
        static let table = CoachSettingsRecord.schema
        static let label = "coach settings"
        static var columns: [String] { CodingKeys.allCases.map(\.rawValue) }
        var sortKey: ArchiveSortKey { ArchiveSortKey(id: id) }
    }

    /// A row of `posture_bouts`.
    public struct PostureBoutRow: Codable, Sendable, Equatable, ArchivedRow {
        public var id: UUID
        public var posture: String
        public var source: String
        public var startAt: Date
        public var endAt: Date?
        public var confidence: Double
        public var createdAt: Date?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case id, posture, source, startAt = "start_at", endAt = "end_at", confidence, createdAt = "created_at"
        }
        static let table = PostureBoutRecord.schema
        static let label = "posture bout"
        static var columns: [String] { CodingKeys.allCases.map(\.rawValue) }
        var sortKey: ArchiveSortKey { ArchiveSortKey(date: startAt, id: id) }
    }

    /// A row of `break_prompts`.
    public struct BreakPromptRow: Codable, Sendable, Equatable, ArchivedRow {
        public var id: UUID
        public var outcome: String
        public var decidedAt: Date
        public var issuedAt: Date?
        public var kind: String?
        public var exerciseID: String?
        public var dosage: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case id, outcome, decidedAt = "decided_at", issuedAt = "issued_at", kind, exerciseID = "exercise_id", dosage
        }
        static let table = BreakPromptRecord.schema
        static let label = "break prompt"
        static var columns: [String] { CodingKeys.allCases.map(\.rawValue) }
        var sortKey: ArchiveSortKey { ArchiveSortKey(date: decidedAt, id: id) }
    }

    /// A row of `routines`.
    public struct RoutineRow: Codable, Sendable, Equatable, ArchivedRow {
        public var id: UUID
        public var name: String
        public var itemsJSON: String
        public var perWeek: Int
        public var createdAt: Date?
        public var updatedAt: Date?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case id, name, itemsJSON = "items_json", perWeek = "per_week", createdAt = "created_at", updatedAt = "updated_at"
        }
        static let table = RoutineRecord.schema
        static let label = "routine"
        static var columns: [String] { CodingKeys.allCases.map(\.rawValue) }
        var sortKey: ArchiveSortKey { ArchiveSortKey(date: createdAt, id: id) }
    }

    /// A row of `training_plans`.
    public struct TrainingPlanRow: Codable, Sendable, Equatable, ArchivedRow {
        public var id: UUID
        public var programID: String?
        public var routineID: UUID?
        public var startDate: String
        public var perWeek: Int
        public var days: String
        public var weeks: Int
        public var active: Bool
        public var createdAt: Date?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case id, programID = "program_id", routineID = "routine_id", startDate = "start_date", perWeek = "per_week"
            case days, weeks, active, createdAt = "created_at"
        }
        static let table = TrainingPlanRecord.schema
        static let label = "training plan"
        static var columns: [String] { CodingKeys.allCases.map(\.rawValue) }
        var sortKey: ArchiveSortKey { ArchiveSortKey(date: createdAt, id: id) }
    }

    /// A row of `workouts`.
    public struct WorkoutRow: Codable, Sendable, Equatable, ArchivedRow {
        public var id: UUID
        public var planID: UUID?
        public var scheduledDate: String
        public var week: Int
        public var title: String
        public var itemsJSON: String
        public var status: String
        public var startedAt: Date
        public var finishedAt: Date?
        public var nextMorning: String?
        public var summaryJSON: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case id, planID = "plan_id", scheduledDate = "scheduled_date", week, title, itemsJSON = "items_json", status
            case startedAt = "started_at", finishedAt = "finished_at", nextMorning = "next_morning", summaryJSON = "summary_json"
        }
        static let table = WorkoutRecord.schema
        static let label = "workout"
        static var columns: [String] { CodingKeys.allCases.map(\.rawValue) }
        var sortKey: ArchiveSortKey { ArchiveSortKey(text: scheduledDate, date: startedAt, id: id) }
    }

    /// A row of `set_logs`.
    public struct SetLogRow: Codable, Sendable, Equatable, ArchivedRow {
        public var id: UUID
        public var workoutID: UUID
        public var itemIndex: Int
        public var exerciseID: String
        public var setNumber: Int
        public var reps: Int?
        public var seconds: Int?
        public var loadKilograms: Double?
        public var effort: Int?
        public var pain: Int?
        public var loggedAt: Date

        enum CodingKeys: String, CodingKey, CaseIterable {
            case id, workoutID = "workout_id", itemIndex = "item_index", exerciseID = "exercise_id", setNumber = "set_number"
            case reps, seconds, loadKilograms = "load_kg", effort, pain, loggedAt = "logged_at"
        }
        static let table = SetLogRecord.schema
        static let label = "logged set"
        static var columns: [String] { CodingKeys.allCases.map(\.rawValue) }
        var sortKey: ArchiveSortKey { ArchiveSortKey(date: loggedAt, id: id) }
    }

    /// A row of `exercise_targets`.
    public struct ExerciseTargetRow: Codable, Sendable, Equatable, ArchivedRow {
        public var id: UUID
        public var slot: String
        public var exerciseID: String
        public var dosageJSON: String
        public var loadIncreases: Int
        public var reason: String?
        /// `rules` or `clinician`; archives from before M017 have none.
        public var source: String?
        public var updatedAt: Date?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case id, slot, exerciseID = "exercise_id", dosageJSON = "dosage_json", loadIncreases = "load_increases", reason
            case source, updatedAt = "updated_at"
        }
        static let table = ExerciseTargetRecord.schema
        static let label = "exercise target"
        static var columns: [String] { CodingKeys.allCases.map(\.rawValue) }
        var sortKey: ArchiveSortKey { ArchiveSortKey(text: slot, id: id) }
    }

    /// A row of `imports` (wearable files imported).
    public struct ImportRow: Codable, Sendable, Equatable, ArchivedRow {
        public var id: UUID
        public var fileName: String
        public var placement: String
        public var bytes: Int64
        public var status: String
        public var progress: Double
        public var format: String?
        public var message: String?
        public var bouts: Int
        public var firstAt: Date?
        public var lastAt: Date?
        public var createdAt: Date?
        public var updatedAt: Date?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case id, fileName = "file_name", placement, bytes, status, progress, format, message, bouts
            case firstAt = "first_at", lastAt = "last_at", createdAt = "created_at", updatedAt = "updated_at"
        }
        static let table = ImportRecord.schema
        static let label = "wearable import"
        static var columns: [String] { CodingKeys.allCases.map(\.rawValue) }
        var sortKey: ArchiveSortKey { ArchiveSortKey(date: createdAt, id: id) }
    }

    /// A prescription from a clinician (`assignments`), as the person saw it.
    public struct PrescriptionRow: Codable, Sendable, Equatable {
        public var title: String
        public var programID: String?
        public var notes: String
        public var dosagesJSON: String
        public var createdAt: Date?
        public var clinicianEmail: String?
        public var teamName: String

        enum CodingKeys: String, CodingKey {
            case title, programID = "program_id", notes, dosagesJSON = "dosages_json", createdAt = "created_at"
            case clinicianEmail = "clinician_email", teamName = "team_name"
        }
    }
}

/// A table of a person's data as the archive holds it: its rows' coding keys are the columns.
protocol ArchivedRow: Codable, Sendable, Equatable {
    static var table: String { get }
    /// The row's kind in words, for messages.
    static var label: String { get }
    /// Every column but `user_id`.
    static var columns: [String] { get }
    var id: UUID { get }
    /// The order rows are exported in (the same on every database).
    var sortKey: ArchiveSortKey { get }
}

/// Text first, then time (missing first), then id: an order both databases agree on.
struct ArchiveSortKey: Comparable {
    var text = ""
    var date: Date?
    var id: UUID

    static func < (a: ArchiveSortKey, b: ArchiveSortKey) -> Bool {
        if a.text != b.text { return a.text < b.text }
        if a.date != b.date {
            guard let x = a.date else { return true }
            guard let y = b.date else { return false }
            return x < y
        }
        return a.id.uuidString < b.id.uuidString
    }
}

/// Why an export could not be read or imported, said so a person can act on it.
public enum ArchiveError: Error, Equatable, CustomStringConvertible {
    /// The export was written by a SitLess whose format this one does not know.
    case unknownVersion(Int)
    /// The account to import into (or export) does not exist.
    case noSuchAccount(UUID)
    /// Importing would mix the export with data the account already has.
    case accountHasData
    /// A row of the export already exists on this server (imported before).
    case alreadyOnServer(what: String, id: UUID)
    /// The export contradicts itself (a set of a workout it does not contain, ...).
    case inconsistent(String)
    /// The archive has no `sitless-export.json`.
    case missingExport
    /// `sitless-export.json` is not valid JSON or not in the export's format.
    case unreadableExport(String)

    public var description: String {
        switch self {
        case .unknownVersion(let version):
            return "this export has format version \(version), but this SitLess reads version \(UserArchive.currentVersion); nothing was imported"
        case .noSuchAccount(let id):
            return "there is no account with id \(id)"
        case .accountHasData:
            return "this account already has sitting or training data; an export can only be imported into an account without any, so nothing was imported"
        case .alreadyOnServer(let what, let id):
            return "this export has already been imported on this server (its \(what) \(id) is here already); nothing was imported"
        case .inconsistent(let problem):
            return "the export does not hang together: \(problem); nothing was imported"
        case .missingExport:
            return "the archive has no \(Store.archiveJSONName), so it is not a SitLess export"
        case .unreadableExport(let problem):
            return "\(Store.archiveJSONName) cannot be read: \(problem)"
        }
    }
}

extension Store {
    /// The name of the archive's main file.
    public static let archiveJSONName = "sitless-export.json"

    /// Rows per INSERT statement (13 columns at most: well under SQLite's 999 parameters).
    static let archiveInsertBatch = 60

    // MARK: Export

    /// The person's data as an archive, as the database holds it now, read in one
    /// transaction so the tables agree. Times are whole microseconds, the resolution both
    /// databases keep, so an export reads the same from SQLite and from PostgreSQL.
    public func exportArchive(userID: UUID, now: Date) async throws -> UserArchive {
        let ownTransaction = !database.inTransaction
        return try await transaction { db in
            let sql = try Store.sqlDatabase(db)
            if ownTransaction && sql.dialect.name == "postgresql" {
                // One snapshot for every table (PostgreSQL's default gives each statement its own).
                try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY").run()
            }
            guard let user = try await UserRecord.find(userID, on: db) else { throw ArchiveError.noSuchAccount(userID) }
            let time = { (date: Date?) in date.map(ArchiveTime.wholeMicroseconds) }
            let prescriptions = try await self.on(db).assignments(memberID: userID).map { assignment in
                UserArchive.PrescriptionRow(title: assignment.title, programID: assignment.programID, notes: assignment.notes,
                                            dosagesJSON: try StoredJSON.encode(assignment.dosages), createdAt: time(assignment.createdAt),
                                            clinicianEmail: assignment.clinician.email, teamName: assignment.team.name)
            }
            return UserArchive(
                version: UserArchive.currentVersion, exportedAt: now,
                profile: UserArchive.Profile(name: user.name, timeZone: user.timeZone, onboardedAt: time(user.onboardedAt),
                                             safetyOutcome: user.safetyOutcome, isClinician: user.isClinician,
                                             displayName: user.chosenName, equipment: user.equipment,
                                             safetyCautions: user.safetyCautions, loadUnit: user.loadUnit),
                coachSettings: try await Store.archivedRows(userID: userID, on: sql),
                postureBouts: try await Store.archivedRows(userID: userID, on: sql),
                breakPrompts: try await Store.archivedRows(userID: userID, on: sql),
                routines: try await Store.archivedRows(userID: userID, on: sql),
                trainingPlans: try await Store.archivedRows(userID: userID, on: sql),
                workouts: try await Store.archivedRows(userID: userID, on: sql),
                setLogs: try await Store.archivedRows(userID: userID, on: sql),
                exerciseTargets: try await Store.archivedRows(userID: userID, on: sql),
                imports: try await Store.archivedRows(userID: userID, on: sql),
                prescriptions: prescriptions)
        }
    }

    static func archivedRows<Row: ArchivedRow>(userID: UUID, on sql: any SQLDatabase) async throws -> [Row] {
        let decoder = SQLRowDecoder()
        return try await sql.select().columns(Row.columns).from(Row.table)
            .where(SQLIdentifier("user_id"), .equal, SQLBind(userID))
            .all()
            .map { try decoder.decode(Row.self, from: MicrosecondRow(row: $0)) }
            .sorted { $0.sortKey < $1.sortKey }
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

    static func sqlDatabase(_ database: any Database) throws -> any SQLDatabase {
        guard let sql = database as? any SQLDatabase else {
            throw StoreError.cannotOpen("database", reason: "it does not speak SQL")
        }
        return sql
    }

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
            for table in [PostureBoutRecord.schema, BreakPromptRecord.schema, RoutineRecord.schema,
                          WorkoutRecord.schema, SetLogRecord.schema, ImportRecord.schema] {
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
            if let onboarded = profile.onboardedAt { update.set(SQLIdentifier("onboarded_at"), to: Store.sqlTime(onboarded, on: sql)) }
            if let outcome = profile.safetyOutcome { update.set(SQLIdentifier("safety_outcome"), to: SQLBind(outcome)) }
            if profile.isClinician { update.set(SQLIdentifier("is_clinician"), to: SQLBind(true)) }
            if let name = profile.displayName {
                update.set(SQLIdentifier("display_name"), to: SQLBind(try NameRules.check(name, field: "profile.display_name", limit: 80)))
            }
            if let equipment = profile.equipment {
                update.set(SQLIdentifier("equipment"), to: SQLBind(EquipmentChoice.text(EquipmentChoice.parse(equipment))))
            }
            if let cautions = profile.safetyCautions {
                update.set(SQLIdentifier("safety_cautions"), to: SQLBind(SafetyScreen.storedCautions(SafetyScreen.cautions(stored: cautions))))
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
        guard archive.coachSettings.count <= 1 else { throw ArchiveError.inconsistent("it has \(archive.coachSettings.count) coach settings rows, not one") }
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
                throw ArchiveError.inconsistent("the training plan \(plan.id) follows routine \(routine), which is not in it")
            }
        }
        for workout in archive.workouts {
            if let plan = workout.planID, !plans.contains(plan) {
                throw ArchiveError.inconsistent("the workout \(workout.id) belongs to training plan \(plan), which is not in it")
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
            throw ArchiveError.inconsistent("the logged set \(set.id) belongs to workout \(set.workoutID), which is not in it")
        }
        // Bouts follow the same rule as every other way in (`PostureBout.check`); an open one
        // (no end) is checked as if it ended at its start.
        for (i, bout) in archive.postureBouts.enumerated() {
            guard let source = PostureSource(rawValue: bout.source), Posture(rawValue: bout.posture) != nil else {
                throw ArchiveError.inconsistent("the posture bout \(bout.id) has posture '\(bout.posture)' from '\(bout.source)'")
            }
            do {
                try PostureBout.check(start: bout.startAt, end: bout.endAt ?? bout.startAt, source: source, open: bout.endAt == nil,
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
                .where(SQLIdentifier("id"), .in, SQLBind.group(ids.map { $0 as any Encodable & Sendable })).limit(1).first() {
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

    // MARK: Files

    /// The files of an export: `sitless-export.json` (everything, for importing) and, for
    /// spreadsheets, `sessions.csv`, `sets.csv` and `bouts.csv` (RFC 4180, UTC times).
    public func archiveFiles(_ archive: UserArchive) throws -> [(name: String, data: Data)] {
        let workouts = Dictionary(archive.workouts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let order = Dictionary(archive.workouts.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let time: (Date?) -> String = { $0.map(ArchiveTime.text) ?? "" }
        let number: (Int?) -> String = { $0.map(String.init) ?? "" }
        let sessions = archive.workouts.map {
            [$0.id.uuidString, $0.scheduledDate, $0.title, $0.status, time($0.startedAt), time($0.finishedAt), $0.nextMorning ?? ""]
        }
        let sets = archive.setLogs
            .sorted { (order[$0.workoutID] ?? -1, $0.itemIndex, $0.setNumber) < (order[$1.workoutID] ?? -1, $1.itemIndex, $1.setNumber) }
            .map {
                [$0.workoutID.uuidString, workouts[$0.workoutID]?.scheduledDate ?? "", $0.exerciseID, String($0.setNumber),
                 number($0.reps), number($0.seconds), $0.loadKilograms.map { String($0) } ?? "", number($0.effort),
                 number($0.pain), time($0.loggedAt)]
            }
        let bouts = archive.postureBouts.map {
            [$0.id.uuidString, $0.posture, $0.source, time($0.startAt), time($0.endAt), String($0.confidence)]
        }
        return [
            (Store.archiveJSONName, try UserArchive.encoder().encode(archive)),
            ("sessions.csv", Store.csv(["workout_id", "scheduled_date", "title", "status", "started_at", "finished_at", "next_morning"], sessions)),
            ("sets.csv", Store.csv(["workout_id", "scheduled_date", "exercise_id", "set_number", "reps", "seconds", "load_kg",
                                    "effort", "pain", "logged_at"], sets)),
            ("bouts.csv", Store.csv(["id", "posture", "source", "start_at", "end_at", "confidence"], bouts)),
        ]
    }

    /// RFC 4180: CRLF line ends; a field with a comma, quote or line break in double quotes,
    /// its quotes doubled.
    static func csv(_ header: [String], _ rows: [[String]]) -> Data {
        func field(_ text: String) -> String {
            guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        let lines = ([header] + rows).map { $0.map(field).joined(separator: ",") + "\r\n" }
        return Data(lines.joined().utf8)
    }

    /// The archive in a tar file made of `archiveFiles`: its `sitless-export.json` (at the
    /// top, or in one folder when someone unpacked and packed the export again).
    public static func archive(fromTar data: Data) throws -> UserArchive {
        let files = try TarArchive.read(data)
        guard let file = files.first(where: { $0.name == archiveJSONName })
                ?? files.first(where: { $0.name.hasSuffix("/" + archiveJSONName) }) else {
            throw ArchiveError.missingExport
        }
        return try UserArchive.decode(file.data)
    }
}

/// Turns an archived row into SQL values in `columns` order: times through `Store.sqlTime`
/// (exact on both databases), ids, text, numbers and flags bound as they are, `nil` as NULL.
final class ArchiveRowWriter: Encoder {
    let sql: any SQLDatabase
    var values: [String: any SQLExpression] = [:]
    /// The first value that is not a plain column (a list, a nested object).
    var unsupported: String?
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(sql: any SQLDatabase) { self.sql = sql }

    static func values<Row: ArchivedRow>(of row: Row, on sql: any SQLDatabase) throws -> [any SQLExpression] {
        let writer = ArchiveRowWriter(sql: sql)
        try row.encode(to: writer)
        if let unsupported = writer.unsupported {
            throw EncodingError.invalidValue(row, .init(codingPath: [], debugDescription: "\(Row.table).\(unsupported) is not a plain column"))
        }
        return Row.columns.map { writer.values[$0] ?? SQLLiteral.null }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(Columns<Key>(writer: self))
    }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { Refused(writer: self, what: "a list") }
    func singleValueContainer() -> any SingleValueEncodingContainer { Refused(writer: self, what: "a single value") }

    struct Columns<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let writer: ArchiveRowWriter
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) throws { writer.values[key.stringValue] = SQLLiteral.null }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            let column = key.stringValue
            switch value {
            case let date as Date: writer.values[column] = Store.sqlTime(date, on: writer.sql)
            case let id as UUID: writer.values[column] = SQLBind(id)
            case let text as String: writer.values[column] = SQLBind(text)
            case let number as Int: writer.values[column] = SQLBind(number)
            case let number as Int64: writer.values[column] = SQLBind(number)
            case let number as Double: writer.values[column] = SQLBind(number)
            case let flag as Bool: writer.values[column] = SQLBind(flag)
            default: writer.unsupported = writer.unsupported ?? column
            }
        }

        mutating func nestedContainer<N: CodingKey>(keyedBy type: N.Type, forKey key: Key) -> KeyedEncodingContainer<N> {
            writer.unsupported = writer.unsupported ?? key.stringValue
            return KeyedEncodingContainer(Columns<N>(writer: ArchiveRowWriter(sql: writer.sql)))
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            Refused(writer: writer, what: key.stringValue)
        }
        mutating func superEncoder() -> any Encoder { writer }
        mutating func superEncoder(forKey key: Key) -> any Encoder { writer }
    }

    /// What rows never ask for: noted, so `values(of:on:)` throws.
    struct Refused: UnkeyedEncodingContainer, SingleValueEncodingContainer {
        let writer: ArchiveRowWriter
        let what: String
        var codingPath: [any CodingKey] { [] }
        var count: Int { 0 }

        init(writer: ArchiveRowWriter, what: String) {
            self.writer = writer
            self.what = what
            writer.unsupported = writer.unsupported ?? what
        }
        mutating func encodeNil() throws {}
        mutating func encode<T: Encodable>(_ value: T) throws {}
        mutating func nestedContainer<N: CodingKey>(keyedBy type: N.Type) -> KeyedEncodingContainer<N> {
            KeyedEncodingContainer(Columns<N>(writer: ArchiveRowWriter(sql: writer.sql)))
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { self }
        mutating func superEncoder() -> any Encoder { writer }
    }
}

/// A row whose times read as whole microseconds, the resolution both databases keep, so
/// an export says the same whichever database it comes from.
struct MicrosecondRow: SQLRow {
    let row: any SQLRow
    var allColumns: [String] { row.allColumns }
    func contains(column: String) -> Bool { row.contains(column: column) }
    func decodeNil(column: String) throws -> Bool { try row.decodeNil(column: column) }
    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        let value = try row.decode(column: column, as: D.self)
        if let date = value as? Date, let whole = ArchiveTime.wholeMicroseconds(date) as? D { return whole }
        return value
    }
}

extension UserArchive {
    /// Pretty-printed, sorted keys, exact ISO-8601 times.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ArchiveTime.text(date))
        }
        return encoder
    }

    /// Reads `sitless-export.json`; every problem is an `ArchiveError` naming what is wrong and where.
    public static func decode(_ data: Data) throws -> UserArchive {
        struct Header: Decodable { var version: Int }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = ArchiveTime.date(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not an ISO-8601 time such as 2026-12-07T08:00:00.000Z")
            }
            return date
        }
        do {
            let header = try decoder.decode(Header.self, from: data)
            guard header.version == currentVersion else { throw ArchiveError.unknownVersion(header.version) }
            return try decoder.decode(UserArchive.self, from: data)
        } catch let error as DecodingError {
            throw ArchiveError.unreadableExport(describe(error))
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
            }
            return text.isEmpty ? "the top level" : "'\(text)'"
        }
        switch error {
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                let detail = context.underlyingError.map { " (\(String(describing: $0)))" } ?? ""
                return "it is not valid JSON\(detail)"
            }
            return "\(path(context.codingPath)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])) is missing"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)) should be \(describeType(type))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) is empty but should be \(describeType(type))"
        @unknown default:
            return String(describing: error)
        }
    }

    static func describeType(_ type: Any.Type) -> String {
        switch type {
        case is String.Type, is UUID.Type, is Date.Type: return "text"
        case is Int.Type, is Int64.Type, is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        default: return type is any Collection.Type ? "a list" : "an object"
        }
    }
}

extension Store {
    // MARK: Deleting an account

    /// Deletes the person and everything that is theirs, in one transaction: their sitting
    /// and training data, access tokens, web sessions, team memberships, prescriptions they
    /// received or wrote, invitations they made, and the teams they created (with those teams'
    /// members, invitations and prescriptions), and the sign-in attempts counted against their
    /// email. Invitations they used forget who used them.
    /// An account that does not exist changes nothing.
    public func deleteAccount(userID: UUID) async throws {
        try await transaction { db in
            let sql = try Store.sqlDatabase(db)
            let user = SQLBind(userID)
            let ownTeams = try await sql.select().column(SQLIdentifier("id")).from(TeamRecord.schema)
                .where(SQLIdentifier("created_by"), .equal, user).all(decodingColumn: "id", as: UUID.self)
            func inOwnTeams(_ query: SQLDeleteBuilder) -> SQLDeleteBuilder {
                ownTeams.isEmpty ? query : query.orWhere(SQLIdentifier("team_id"), .in, SQLBind.group(ownTeams.map { $0 as any Encodable & Sendable }))
            }
            try await inOwnTeams(sql.delete(from: AssignmentRecord.schema).where(SQLIdentifier("member_id"), .equal, user)
                .orWhere(SQLIdentifier("clinician_id"), .equal, user)).run()
            try await inOwnTeams(sql.delete(from: InviteRecord.schema).where(SQLIdentifier("created_by"), .equal, user)).run()
            try await sql.update(InviteRecord.schema).set(SQLIdentifier("used_by"), to: SQLLiteral.null)
                .where(SQLIdentifier("used_by"), .equal, user).run()
            try await inOwnTeams(sql.delete(from: TeamMemberRecord.schema).where(SQLIdentifier("user_id"), .equal, user)).run()
            try await sql.delete(from: TeamRecord.schema).where(SQLIdentifier("created_by"), .equal, user).run()

            // Their own exercises and media (members' routines keep the ids; pages then show the id).
            let media = SQLSubquery.select { $0.column(SQLIdentifier("id")).from(MediaRecord.schema)
                .where(SQLIdentifier("owner_id"), .equal, user) }
            try await sql.delete(from: MediaChunkRecord.schema).where(SQLIdentifier("media_id"), .in, media).run()
            for table in [MediaRecord.schema, OwnExerciseRecord.schema] {
                try await sql.delete(from: table).where(SQLIdentifier("owner_id"), .equal, user).run()
            }
            // Children before parents.
            for table in [SetLogRecord.schema, WorkoutRecord.schema, ExerciseTargetRecord.schema, TrainingPlanRecord.schema,
                          RoutineRecord.schema, PostureBoutRecord.schema, BreakPromptRecord.schema, CoachSettingsRecord.schema,
                          ImportRecord.schema, AccessTokenRecord.schema, "_fluent_sessions"] {
                try await sql.delete(from: table).where(SQLIdentifier("user_id"), .equal, user).run()
            }
            // Sign-in attempts name the account's email: they go too.
            if let email = try await sql.select().column(SQLIdentifier("email")).from(UserRecord.schema)
                .where(SQLIdentifier("id"), .equal, user).first(decodingColumn: "email", as: String?.self) ?? nil {
                try await sql.delete(from: SignInAttempt.schema).where(SQLIdentifier("key"), .equal, SQLBind(Store.signInKey(email: email))).run()
            }
            try await sql.delete(from: UserRecord.schema).where(SQLIdentifier("id"), .equal, user).run()
        }
    }
}
