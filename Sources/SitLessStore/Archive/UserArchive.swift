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
        case version
        case exportedAt = "exported_at"
        case profile
        case coachSettings = "coach_settings"
        case postureBouts = "posture_bouts"
        case breakPrompts = "break_prompts"
        case routines
        case trainingPlans = "training_plans"
        case workouts
        case setLogs = "set_logs"
        case exerciseTargets = "exercise_targets"
        case imports, prescriptions
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
            case name
            case timeZone = "time_zone"
            case onboardedAt = "onboarded_at"
            case safetyOutcome = "safety_outcome"
            case isClinician = "is_clinician"
            case displayName = "display_name"
            case equipment
            case safetyCautions = "safety_cautions"
            case loadUnit = "load_unit"
        }
    }

    /// A row of `coach_settings`.
    public struct CoachSettingsRow: Codable, Sendable, Equatable, ArchivedRow {
        public var id: UUID
        public var policyJSON: String
        public var updatedAt: Date?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case id
            case policyJSON = "policy_json"
            case updatedAt = "updated_at"
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
            case id, posture, source
            case startAt = "start_at"
            case endAt = "end_at"
            case confidence
            case createdAt = "created_at"
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
            case id, outcome
            case decidedAt = "decided_at"
            case issuedAt = "issued_at"
            case kind
            case exerciseID = "exercise_id"
            case dosage
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
            case id, name
            case itemsJSON = "items_json"
            case perWeek = "per_week"
            case createdAt = "created_at"
            case updatedAt = "updated_at"
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
            case id
            case programID = "program_id"
            case routineID = "routine_id"
            case startDate = "start_date"
            case perWeek = "per_week"
            case days, weeks, active
            case createdAt = "created_at"
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
            case id
            case planID = "plan_id"
            case scheduledDate = "scheduled_date"
            case week, title
            case itemsJSON = "items_json"
            case status
            case startedAt = "started_at"
            case finishedAt = "finished_at"
            case nextMorning = "next_morning"
            case summaryJSON = "summary_json"
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
            case id
            case workoutID = "workout_id"
            case itemIndex = "item_index"
            case exerciseID = "exercise_id"
            case setNumber = "set_number"
            case reps, seconds
            case loadKilograms = "load_kg"
            case effort, pain
            case loggedAt = "logged_at"
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
            case id, slot
            case exerciseID = "exercise_id"
            case dosageJSON = "dosage_json"
            case loadIncreases = "load_increases"
            case reason
            case source
            case updatedAt = "updated_at"
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
            case id
            case fileName = "file_name"
            case placement, bytes, status, progress, format, message, bouts
            case firstAt = "first_at"
            case lastAt = "last_at"
            case createdAt = "created_at"
            case updatedAt = "updated_at"
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
            case title
            case programID = "program_id"
            case notes
            case dosagesJSON = "dosages_json"
            case createdAt = "created_at"
            case clinicianEmail = "clinician_email"
            case teamName = "team_name"
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
