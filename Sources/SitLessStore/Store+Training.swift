import FluentKit
import FluentSQL
import Foundation
import SitLessCore

/// JSON for the columns that hold Core values.
enum StoredJSON {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}

extension Store {
    // MARK: Workouts

    public func workout(_ id: UUID, userID: UUID) async throws -> Workout? {
        try await WorkoutRecord.query(on: database).filter(\.$id == id).filter(\.$user.$id == userID).first()
            .map(Workout.init)
    }

    /// The workout in progress (if any) and the workouts scheduled in [from, to], in one query.
    public func recentWorkouts(
        userID: UUID, from: LocalDate, to: LocalDate
    ) async throws
        -> (inProgress: Workout?, recent: [Workout])
    {
        let data = try await read(PersonReads(workouts: (from, to)), userID: userID, now: clock())
        return Store.recent(data.workouts, from: from, to: to)
    }

    /// Splits `PersonData.workouts` into the latest one in progress and those scheduled in [from, to].
    public static func recent(
        _ workouts: [Workout], from: LocalDate, to: LocalDate
    )
        -> (inProgress: Workout?, recent: [Workout])
    {
        let recent = workouts.filter { $0.date >= from && $0.date <= to }
        return (workouts.last { $0.isInProgress }, recent)
    }

    public func inProgressWorkout(userID: UUID) async throws -> Workout? {
        try await WorkoutRecord.query(on: database).filter(\.$user.$id == userID)
            .filter(\.$status == WorkoutStatus.inProgress.rawValue)
            .sort(\.$startedAt, .descending).first().map(Workout.init)
    }

    public func workouts(userID: UUID, from: LocalDate, to: LocalDate) async throws -> [Workout] {
        try await WorkoutRecord.query(on: database).filter(\.$user.$id == userID)
            .filter(\.$scheduledDate >= from.description).filter(\.$scheduledDate <= to.description)
            .sort(\.$scheduledDate).sort(\.$startedAt).all().map(Workout.init)
    }

    /// Every finished workout of the person with its sets, in the order they were started:
    /// the progress charts over all time.
    public func finishedWorkouts(userID: UUID) async throws -> [(workout: Workout, sets: [LoggedSet])] {
        try await WorkoutRecord.query(on: database).filter(\.$user.$id == userID)
            .filter(\.$status == WorkoutStatus.done.rawValue)
            .sort(\.$startedAt).with(\.$sets).all()
            .map { (try Workout($0), try $0.sets.map(LoggedSet.init)) }
    }

    public func startWorkout(
        userID: UUID, planID: UUID?, date: LocalDate, week: Int, title: String,
        items: [WorkoutItem], at: Date
    ) async throws -> Workout {
        let record = WorkoutRecord()
        record.$user.id = userID
        record.$plan.id = planID
        record.scheduledDate = date.description
        record.week = week
        record.title = title
        record.itemsJSON = try StoredJSON.encode(items)
        record.status = WorkoutStatus.inProgress.rawValue
        record.startedAt = at
        try await record.create(on: database)
        return try Workout(record)
    }

    /// Leaves item `index` of a running session for today; with `easier`, the easier step is
    /// added (at the end, so logged sets keep their item numbers; `replaces` makes the player
    /// take it next) in the same slot at its own default dosage. The workout as it is now comes
    /// back; `nil` when the session is not running, the item does not exist or is already left.
    public func leaveItem(_ workout: Workout, index: Int, easier: Exercise?, note: String) async throws -> Workout? {
        try await transaction { db in
            guard
                let fresh = try await WorkoutRecord.query(on: db).filter(\.$id == workout.id)
                    .filter(\.$user.$id == workout.userID).first(),
                fresh.isInProgress
            else { return nil }
            var items = try Workout(fresh).items
            guard items.indices.contains(index), !items[index].isSkipped else { return nil }
            items[index].skipped = true
            if let easier {
                guard items.count < Routine.maxExercises * 2 else { return nil }
                var swapped = WorkoutItem(
                    slot: items[index].slot, exerciseID: easier.id, dosage: easier.dosage, notes: note)
                swapped.replaces = index
                items.append(swapped)
            }
            fresh.itemsJSON = try StoredJSON.encode(items)
            try await fresh.save(on: db)
            return try Workout(fresh)
        }
    }

    public func sets(workoutID: UUID, userID: UUID) async throws -> [LoggedSet] {
        try await SetLogRecord.query(on: database).filter(\.$workout.$id == workoutID).filter(\.$user.$id == userID)
            .sort(\.$itemIndex).sort(\.$setNumber).all().map(LoggedSet.init)
    }

    /// Logs one set of an item of an in-progress workout.
    public func logSet(
        _ set: SetLog, workout: Workout, itemIndex: Int, at: Date,
        idempotencyKey: String? = nil
    ) async throws -> LoggedSet {
        let items = workout.items
        guard items.indices.contains(itemIndex) else {
            throw StoreError.invalidSet("item \(itemIndex + 1) is not part of this session")
        }
        guard !items[itemIndex].isSkipped else {
            throw StoreError.invalidSet("item \(itemIndex + 1) was left for today")
        }
        let problems = set.problems
        guard problems.isEmpty else { throw StoreError.invalidSet(problems.map(\.description).joined(separator: "; ")) }
        let workoutID = workout.id
        // One statement that numbers the set after the ones already logged for this item:
        // atomic without a read-then-write transaction (which SQLite would refuse under load).
        // With a key, nothing is inserted when a set with that key exists in this workout
        // (a retry), and the unique index settles two retries racing each other. Nothing is
        // inserted into a session that is no longer in progress (it may have finished since
        // the caller read it): sets go only where `WorkoutStatus` allows.
        let id = UUID()
        let userID = workout.userID
        let exerciseID = items[itemIndex].exerciseID
        var query: SQLQueryString = """
            INSERT INTO set_logs (id, workout_id, user_id, item_index, exercise_id, set_number, reps, seconds, load_kg,
                                  effort, pain, logged_at, idempotency_key)
            SELECT \(bind: id), \(bind: workoutID), \(bind: userID), \(bind: itemIndex), \(bind: exerciseID), next.n,
                   \(bind: set.reps), \(bind: set.seconds), \(bind: set.loadKilograms), \(bind: set.effort),
                   \(bind: set.pain), \(bind: at),
                   \(bind: idempotencyKey)
            FROM (SELECT COALESCE(MAX(set_number), 0) + 1 AS n FROM set_logs
                  WHERE workout_id = \(bind: workoutID) AND item_index = \(bind: itemIndex)) AS next
            WHERE EXISTS (SELECT 1 FROM workouts WHERE id = \(bind: workoutID)
                          AND status = \(bind: WorkoutStatus.inProgress.rawValue))
            """
        if let idempotencyKey {
            query.appendInterpolation(unsafeRaw: " AND NOT EXISTS (SELECT 1 FROM set_logs WHERE workout_id = ")
            query.appendInterpolation(bind: workoutID)
            query.appendInterpolation(unsafeRaw: " AND idempotency_key = ")
            query.appendInterpolation(bind: idempotencyKey)
            query.appendInterpolation(unsafeRaw: ")")
        }
        func existing(_ key: String) async throws -> SetLogRecord? {
            try await SetLogRecord.query(on: database).filter(\.$workout.$id == workoutID).filter(
                \.$idempotencyKey == key
            ).first()
        }
        do {
            try await sql.raw(query).run()
        } catch {
            // A retry that raced the first request to the unique index: the first one's set stands.
            guard let idempotencyKey, let first = try await existing(idempotencyKey) else { throw error }
            return try LoggedSet(first)
        }
        let saved =
            if let idempotencyKey { try await existing(idempotencyKey) } else {
                try await SetLogRecord.find(id, on: database)
            }
        if let record = saved { return try LoggedSet(record) }
        let state = try await WorkoutRecord.find(workoutID, on: database)?.state
        guard let state, state != .inProgress else { throw StoreError.setNotSaved }
        throw StoreError.sessionFinished
    }

    /// The newest of these sets: the latest logged; sets logged at one instant (a clock that
    /// did not move) go by the player's order, the later item and the higher set number last.
    public static func newest(_ sets: [LoggedSet], items: [WorkoutItem]) -> LoggedSet? {
        let order = WorkoutItem.playOrder(items)
        func position(_ index: Int) -> Int { order.firstIndex(of: index) ?? index }
        return sets.max { a, b in
            (a.loggedAt, position(a.itemIndex), a.setNumber) < (b.loggedAt, position(b.itemIndex), b.setNumber)
        }
    }

    /// What undoing a set came to.
    public enum UndoOutcome: Equatable, Sendable {
        /// The set was deleted: the player shows it again.
        case undone(UUID)
        /// The workout is finished: its sets have been reviewed and stay.
        case finished
        /// No set is logged in this workout.
        case nothingLogged
        /// The set asked for is not the newest (another was logged after it, or it was undone already).
        case notNewest
    }

    /// Deletes the newest set of an in-progress workout, and only that one: with `setID`, only
    /// when that set is still the newest (a second tap on Undo undoes nothing more).
    public func undoNewestSet(of workout: Workout, setID: UUID?) async throws -> UndoOutcome {
        let workoutID = workout.id
        let userID = workout.userID
        return try await transaction { db in
            guard
                let fresh = try await WorkoutRecord.query(on: db).filter(\.$id == workoutID).filter(
                    \.$user.$id == userID
                ).first()
            else {
                return .nothingLogged
            }
            guard fresh.isInProgress else { return .finished }
            let sets = try await SetLogRecord.query(on: db).filter(\.$workout.$id == workoutID)
                .filter(\.$user.$id == userID).all().map(LoggedSet.init)
            guard let newest = Store.newest(sets, items: try Workout(fresh).items) else { return .nothingLogged }
            let newestID = newest.id
            if let setID, setID != newestID { return .notNewest }
            try await SetLogRecord.query(on: db).filter(\.$id == newestID).filter(\.$workout.$id == workoutID).delete()
            return .undone(newestID)
        }
    }

    /// The load of the newest set of this exercise done with one, in any of the person's
    /// sessions: the player's default for the next set (one row read).
    public func lastLoad(userID: UUID, exerciseID: String) async throws -> Double? {
        try await SetLogRecord.query(on: database).filter(\.$user.$id == userID).filter(\.$exerciseID == exerciseID)
            .filter(\.$loadKilograms != nil).sort(\.$loggedAt, .descending).sort(\.$setNumber, .descending).first()?
            .loadKilograms
    }

    /// Earlier logs of these exercises from finished workouts, oldest first, for the rules.
    public func exerciseHistory(
        userID: UUID, exerciseIDs: Set<String>, excluding workoutID: UUID?
    ) async throws -> [String: [ExerciseLog]] {
        let workouts = try await WorkoutRecord.query(on: database).filter(\.$user.$id == userID)
            .filter(\.$status == WorkoutStatus.done.rawValue).sort(\.$startedAt).with(\.$sets).all()
        var history: [String: [ExerciseLog]] = [:]
        for workout in workouts where workout.id != workoutID {
            guard let items = try? StoredJSON.decode([WorkoutItem].self, workout.itemsJSON),
                let date = LocalDate(iso: workout.scheduledDate)
            else { continue }
            let morning = workout.nextMorning.flatMap(NextMorningPain.init(rawValue:))
            for (index, item) in items.enumerated() where exerciseIDs.contains(item.exerciseID) {
                let sets = workout.sets.filter { $0.itemIndex == index }.sorted { $0.setNumber < $1.setNumber }.map(
                    \.setLog)
                history[item.exerciseID, default: []].append(
                    ExerciseLog(
                        exerciseID: item.exerciseID, date: date, prescribed: item.dosage, sets: sets,
                        nextMorning: morning))
            }
        }
        return history
    }

    /// Finishes a workout: applies the progression rules and moves the targets, in one transaction.
    public func finishWorkout(_ workout: Workout, at: Date, catalog: Catalog) async throws -> [ItemDecision] {
        let workoutID = workout.id
        let userID = workout.userID
        let items = workout.items
        let logged = try await sets(workoutID: workoutID, userID: userID)
        let byItem = Dictionary(grouping: logged, by: \.itemIndex).mapValues { $0.map(\.setLog) }
        let history = try await exerciseHistory(
            userID: userID, exerciseIDs: Set(items.map(\.exerciseID)), excluding: workoutID)
        let decisions = WorkoutReview.review(
            items: items, sets: byItem, date: workout.date, nextMorning: nil, history: history, catalog: catalog)
        let summary = try StoredJSON.encode(decisions)
        // In progress -> done once: a second finish (another tab, a retried request) finds it
        // done and gets what was decided then; the targets move only once.
        let earlier: [ItemDecision]? = try await transaction { db in
            let fresh = try await WorkoutRecord.query(on: db).filter(\.$id == workoutID).first()
            guard let fresh, let state = fresh.state else {
                throw StoreError.unreadable("workouts.status of \(workoutID)")
            }
            guard state.canMove(to: .done) else {
                return try fresh.summaryJSON.map { try StoredJSON.decode([ItemDecision].self, $0) } ?? []
            }
            try await WorkoutRecord.query(on: db).filter(\.$id == workoutID)
                .filter(\.$status ~~ WorkoutStatus.states(movingTo: .done).map(\.rawValue))
                .set(\.$status, to: WorkoutStatus.done.rawValue).set(\.$finishedAt, to: at)
                .set(\.$summaryJSON, to: summary).update()
            try await Store.saveTargets(decisions, userID: userID, on: db)
            return nil
        }
        return earlier ?? decisions
    }

    /// Records how the morning after felt; when worse, the rules back off from that
    /// workout's dosages and the targets move accordingly.
    public func recordNextMorning(
        _ answer: NextMorningPain, workout: Workout, catalog: Catalog
    ) async throws
        -> [ItemDecision]?
    {
        let workoutID = workout.id
        let userID = workout.userID
        @Sendable func setMorning(on db: any Database) async throws {
            try await WorkoutRecord.query(on: db).filter(\.$id == workoutID).filter(\.$user.$id == userID)
                .set(\.$nextMorning, to: answer.rawValue).update()
        }
        guard answer == .worse else {
            try await setMorning(on: database)
            return nil
        }
        let items = workout.items
        let logged = try await sets(workoutID: workoutID, userID: userID)
        let byItem = Dictionary(grouping: logged, by: \.itemIndex).mapValues { $0.map(\.setLog) }
        let history = try await exerciseHistory(
            userID: userID, exerciseIDs: Set(items.map(\.exerciseID)), excluding: workoutID)
        let decisions = WorkoutReview.review(
            items: items, sets: byItem, date: workout.date, nextMorning: .worse,
            history: history, catalog: catalog)
        let summary = try StoredJSON.encode(decisions)
        try await transaction { db in
            try await setMorning(on: db)
            try await WorkoutRecord.query(on: db).filter(\.$id == workoutID).set(\.$summaryJSON, to: summary).update()
            try await Store.saveTargets(decisions, userID: userID, on: db)
        }
        return decisions
    }

    static func saveTargets(_ decisions: [ItemDecision], userID: UUID, on db: any Database) async throws {
        for decision in decisions {
            let record =
                try await ExerciseTargetRecord.query(on: db).filter(\.$user.$id == userID)
                .filter(\.$slot == decision.slot).first()
                ?? {
                    let r = ExerciseTargetRecord()
                    r.$user.id = userID
                    r.slot = decision.slot
                    return r
                }()
            record.exerciseID = decision.next.exerciseID
            record.dosageJSON = try StoredJSON.encode(decision.next.dosage)
            record.loadIncreases = decision.next.loadIncreases
            record.reason = decision.reasons.joined(separator: " ")
            record.source = TargetSource.rules.rawValue
            try await record.save(on: db)
        }
    }

    /// The person's current targets by slot.
    public func targets(userID: UUID) async throws -> [String: TrainingTarget] {
        try await read(PersonReads(targets: true), userID: userID, now: clock()).targets
    }

    /// The person's current targets by slot, with who set each, why and when.
    public func targetsWithNotes(
        userID: UUID
    ) async throws -> (targets: [String: TrainingTarget], notes: [String: TargetNote]) {
        let data = try await read(PersonReads(targets: true), userID: userID, now: clock())
        return (data.targets, data.targetNotes)
    }
}

extension Store {
    /// A person's logged sets with pain above 0 since `since`, newest first, with their day.
    public func painReports(userID: UUID, since: Date) async throws -> [(set: LoggedSet, date: String)] {
        let sets = try await SetLogRecord.query(on: database).filter(\.$user.$id == userID)
            .filter(\.$loggedAt >= since).filter(\.$pain > 0).with(\.$workout).sort(\.$loggedAt, .descending).all()
        return try sets.map { (try LoggedSet($0), $0.workout.scheduledDate) }
    }
}
