import Foundation
import SitLessCore

/// One of a person's own routines as stored.
public struct SavedRoutine: Sendable, Identifiable {
    public let id: UUID
    public var userID: UUID
    public var routine: Routine
    public var createdAt: Date?
    public var updatedAt: Date?

    public var name: String { routine.name }
}

/// The program or routine a person follows, from a start day on chosen weekdays.
public struct Plan: Sendable, Identifiable {
    public let id: UUID
    public var userID: UUID
    /// A built-in program's id; `nil` when the plan follows a routine.
    public var programID: String?
    public var routineID: UUID?
    public var start: LocalDate
    public var perWeek: Int
    public var days: [Weekday]
    /// Weeks to schedule (a program's own length; a routine's chosen length).
    public var weeks: Int
    public var active: Bool
    public var createdAt: Date?
}

/// One training session as done, or being done: what it prescribes and where it stands.
public struct Workout: Sendable, Identifiable {
    public let id: UUID
    public var userID: UUID
    public var planID: UUID?
    /// The day it was scheduled for.
    public var date: LocalDate
    public var week: Int
    public var title: String
    public var items: [WorkoutItem]
    public var status: WorkoutStatus
    public var startedAt: Date
    public var finishedAt: Date?
    /// How the morning after felt, once told.
    public var nextMorning: NextMorningPain?
    /// The progression decisions taken when it finished (empty before).
    public var decisions: [ItemDecision]

    /// Started and not finished: sets may be logged, items left or swapped.
    public var isInProgress: Bool { status == .inProgress }
}

/// One logged set of a workout's item.
public struct LoggedSet: Sendable, Identifiable, Equatable {
    public let id: UUID
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

    public var setLog: SetLog {
        SetLog(reps: reps, seconds: seconds, loadKilograms: loadKilograms, effort: effort, pain: pain)
    }
}

// MARK: - From rows

extension SavedRoutine {
    init(_ record: RoutineRecord) throws {
        self.init(
            id: try record.requireID(), userID: record.$user.id,
            routine: try Routine(stored: record.name, itemsJSON: record.itemsJSON, perWeek: record.perWeek),
            createdAt: record.createdAt, updatedAt: record.updatedAt)
    }
}

extension Routine {
    /// A routine from its columns.
    init(stored name: String, itemsJSON: String, perWeek: Int) throws {
        self.init(
            name: name, prescriptions: try StoredJSON.decode([Prescription].self, itemsJSON),
            perWeek: WeeklyFrequency(perWeek))
    }
}

extension Plan {
    init(_ record: TrainingPlanRecord) throws {
        try self.init(
            id: record.requireID(), userID: record.$user.id, programID: record.programID,
            routineID: record.$routine.id, startDate: record.startDate, perWeek: record.perWeek,
            days: record.days, weeks: record.weeks, active: record.active, createdAt: record.createdAt)
    }

    /// From the stored text of its start day and its days (`mon,wed,fri`).
    init(
        id: UUID, userID: UUID, programID: String?, routineID: UUID?, startDate: String, perWeek: Int, days: String,
        weeks: Int, active: Bool, createdAt: Date?
    ) throws {
        guard let start = LocalDate(iso: startDate) else {
            throw StoreError.unreadable("training_plans.start_date of \(id) is not a day: \(startDate)")
        }
        self.init(
            id: id, userID: userID, programID: programID, routineID: routineID, start: start, perWeek: perWeek,
            days: days.split(separator: ",").compactMap { Weekday(parsing: String($0)) }, weeks: weeks,
            active: active, createdAt: createdAt)
    }
}

extension Workout {
    init(_ record: WorkoutRecord) throws {
        try self.init(
            id: record.requireID(), userID: record.$user.id, planID: record.$plan.id,
            scheduledDate: record.scheduledDate, week: record.week, title: record.title,
            itemsJSON: record.itemsJSON, status: record.status, startedAt: record.startedAt,
            finishedAt: record.finishedAt, nextMorning: record.nextMorning, summaryJSON: record.summaryJSON)
    }

    /// From the stored columns; a day, status or item list no version wrote is an error naming it.
    init(
        id: UUID, userID: UUID, planID: UUID?, scheduledDate: String, week: Int, title: String, itemsJSON: String,
        status: String, startedAt: Date, finishedAt: Date?, nextMorning: String?, summaryJSON: String?
    ) throws {
        guard let date = LocalDate(iso: scheduledDate) else {
            throw StoreError.unreadable("workouts.scheduled_date of \(id) is not a day: \(scheduledDate)")
        }
        guard let state = WorkoutStatus(rawValue: status) else {
            throw StoreError.unreadable("workouts.status of \(id) is not a status: \(status)")
        }
        let items: [WorkoutItem]
        do {
            items = try Workout.storedItems.value(for: itemsJSON) {
                try StoredJSON.decode([WorkoutItem].self, itemsJSON)
            }
        } catch {
            throw StoreError.unreadable("workouts.items_json of \(id): \(error)")
        }
        let decisions = summaryJSON.map { text in
            Workout.storedDecisions.value(for: text) { (try? StoredJSON.decode([ItemDecision].self, text)) ?? [] }
        }
        self.init(
            id: id, userID: userID, planID: planID, date: date, week: week, title: title, items: items,
            status: state, startedAt: startedAt, finishedAt: finishedAt,
            nextMorning: nextMorning.flatMap(NextMorningPain.init(rawValue:)), decisions: decisions ?? [])
    }

    /// Item lists and decisions by their stored JSON (the text is the key, so a changed list is
    /// decoded afresh): every page that shows a session reads them again, and decoding them was
    /// 6 % of the release server's time under the load benchmark's Today page (`perf record`
    /// during `Benchmarks/run-load.sh`), what made the page slower than before the Store
    /// returned values.
    static let storedItems = MemoCache<String, [WorkoutItem]>(limit: 4096)
    static let storedDecisions = MemoCache<String, [ItemDecision]>(limit: 4096)
}

extension LoggedSet {
    init(_ record: SetLogRecord) throws {
        self.init(
            id: try record.requireID(), workoutID: record.$workout.id, itemIndex: record.itemIndex,
            exerciseID: record.exerciseID, setNumber: record.setNumber, reps: record.reps, seconds: record.seconds,
            loadKilograms: record.loadKilograms, effort: record.effort, pain: record.pain,
            loggedAt: record.loggedAt)
    }
}
