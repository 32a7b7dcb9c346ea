import FluentKit
import Foundation
import SitLessCore

/// A person's own routine: prescriptions stored as JSON.
final class RoutineRecord: Model, @unchecked Sendable {
    public static let schema = "routines"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: UserRecord
    @Field(key: "name") public var name: String
    @Field(key: "items_json") public var itemsJSON: String
    @Field(key: "per_week") public var perWeek: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    public init() {}
}

/// The program or routine a person follows, with its start date and training days.
final class TrainingPlanRecord: Model, @unchecked Sendable {
    public static let schema = "training_plans"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: UserRecord
    @OptionalField(key: "program_id") public var programID: String?
    @OptionalParent(key: "routine_id") public var routine: RoutineRecord?
    @Field(key: "start_date") public var startDate: String
    @Field(key: "per_week") public var perWeek: Int
    /// `mon,wed,fri`
    @Field(key: "days") public var days: String
    /// Weeks to schedule (a program's own length; a routine's chosen length).
    @Field(key: "weeks") public var weeks: Int
    @Field(key: "active") public var active: Bool
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public init() {}
}

/// One training session as done (or being done): the prescriptions snapshot and its status.
final class WorkoutRecord: Model, @unchecked Sendable {
    public static let schema = "workouts"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: UserRecord
    @OptionalParent(key: "plan_id") public var plan: TrainingPlanRecord?
    @Field(key: "scheduled_date") public var scheduledDate: String
    @Field(key: "week") public var week: Int
    @Field(key: "title") public var title: String
    /// `[WorkoutItem]` as JSON.
    @Field(key: "items_json") public var itemsJSON: String
    /// `WorkoutStatus`'s raw text (`in-progress` or `done`); read it as `state`.
    @Field(key: "status") public var status: String
    @Field(key: "started_at") public var startedAt: Date
    @OptionalField(key: "finished_at") public var finishedAt: Date?
    /// `better`, `same` or `worse`: pain the next morning.
    @OptionalField(key: "next_morning") public var nextMorning: String?
    /// The progression decisions taken when it finished, as JSON.
    @OptionalField(key: "summary_json") public var summaryJSON: String?
    @Children(for: \.$workout) public var sets: [SetLogRecord]
    public init() {}

    /// The stored status (nil for text no version wrote).
    public var state: WorkoutStatus? { WorkoutStatus(rawValue: status) }
    /// Started and not finished: sets may be logged, items left or swapped.
    public var isInProgress: Bool { state == .inProgress }
}

/// One logged set.
final class SetLogRecord: Model, @unchecked Sendable {
    public static let schema = "set_logs"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "workout_id") public var workout: WorkoutRecord
    @Parent(key: "user_id") public var user: UserRecord
    @Field(key: "item_index") public var itemIndex: Int
    @Field(key: "exercise_id") public var exerciseID: String
    @Field(key: "set_number") public var setNumber: Int
    @OptionalField(key: "reps") public var reps: Int?
    @OptionalField(key: "seconds") public var seconds: Int?
    @OptionalField(key: "load_kg") public var loadKilograms: Double?
    @OptionalField(key: "effort") public var effort: Int?
    @OptionalField(key: "pain") public var pain: Int?
    @Field(key: "logged_at") public var loggedAt: Date
    /// The client's key for this set, when it sent one (a retry returns this set).
    @OptionalField(key: "idempotency_key") public var idempotencyKey: String?
    public init() {}

    public var setLog: SetLog {
        SetLog(reps: reps, seconds: seconds, loadKilograms: loadKilograms, effort: effort, pain: pain)
    }
}

/// Where the progression rules have taken one exercise slot of a person's plan.
final class ExerciseTargetRecord: Model, @unchecked Sendable {
    public static let schema = "exercise_targets"
    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: UserRecord
    /// The exercise the plan prescribes (stable while the target moves to variations).
    @Field(key: "slot") public var slot: String
    @Field(key: "exercise_id") public var exerciseID: String
    @Field(key: "dosage_json") public var dosageJSON: String
    @Field(key: "load_increases") public var loadIncreases: Int
    @OptionalField(key: "reason") public var reason: String?
    /// Who set it: `rules` (after a session) or `clinician` (an assignment); `nil` before M017.
    @OptionalField(key: "source") public var source: String?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    public init() {}
}
