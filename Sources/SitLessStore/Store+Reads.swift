import FluentKit
import FluentSQL
import Foundation
import SitLessCore

/// What to read about one person in `Store.read(_:userID:now:)`.
public struct PersonReads: Sendable {
    /// The stored break-coach settings.
    public var coachPolicy = false
    /// Posture bouts overlapping [from, to).
    public var bouts: Span?
    /// Prompt outcomes decided in [from, to).
    public var prompts: Span?
    /// The active training plan and, when it follows one of the person's routines, that routine.
    public var plan = false
    /// The current dosage per exercise slot.
    public var targets = false
    /// Workouts scheduled between two days (inclusive), and any still in progress.
    public var workouts: (from: LocalDate, to: LocalDate)?

    public struct Span: Sendable {
        public var from: Date
        public var to: Date
        public init(from: Date, to: Date) { self.from = from; self.to = to }
    }

    public init(coachPolicy: Bool = false, bouts: Span? = nil, prompts: Span? = nil, plan: Bool = false, targets: Bool = false,
                workouts: (from: LocalDate, to: LocalDate)? = nil) {
        self.coachPolicy = coachPolicy
        self.bouts = bouts
        self.prompts = prompts
        self.plan = plan
        self.targets = targets
        self.workouts = workouts
    }
}

/// What `Store.read(_:userID:now:)` found.
public struct PersonData: Sendable {
    /// The stored coach settings; `nil` when the person never changed the defaults.
    public var storedPolicy: CoachPolicy?
    public var bouts: [PostureBout] = []
    public var prompts: [PromptRecord] = []
    public var plan: Plan?
    public var routine: SavedRoutine?
    public var targets: [String: TrainingTarget] = [:]
    /// Who set each target, why and when (by slot, like `targets`).
    public var targetNotes: [String: TargetNote] = [:]
    /// Oldest first (by start).
    public var workouts: [Workout] = []
}

extension Store {
    /// Coach settings by their stored JSON: decoding them was a tenth of the Today page's
    /// time in the load benchmark's profile, and most people keep theirs for months.
    static let storedPolicies = MemoCache<String, CoachPolicy?>(limit: 4096)

    /// Several of one person's reads in one SQL statement: each part is a scalar subquery
    /// returning its rows as one JSON array. A page needing sitting, prompts, plan, targets
    /// and workouts then costs one trip to the database instead of six (on SQLite each
    /// statement is a hop to SQLiteNIO's thread pool and back, and every row another hop;
    /// see the load benchmark in the README). This is the only place these reads are
    /// written, for both databases.
    public func read(_ parts: PersonReads, userID: UUID, now: Date) async throws -> PersonData {
        var query = SQLQueryString("SELECT 1 AS one")
        query.appendInterpolation(Store.personColumns(parts, of: SQLBind(userID), dialect: sql.dialect.name))
        guard let row = try await sql.raw(query).first() else { return PersonData() }
        return try Store.personData(from: row, parts, userID: userID, now: now)
    }

    /// The select-list part of `read`: `, (subquery) AS name` per part, about the person whose
    /// id is `user`: a bound id, or a column of the outer statement's row (the session read
    /// brings a page's reads along this way, `webSession(key:now:readingAhead:)`).
    static func personColumns(_ parts: PersonReads, of user: any SQLExpression, dialect: String) -> SQLQueryString {
        let pg = dialect == "postgresql"
        func array(_ columns: String) -> String { pg ? "json_build_array(\(columns))" : "json_array(\(columns))" }
        func aggregate(_ element: String, orderBy: String) -> String {
            pg ? "json_agg(\(element) ORDER BY \(orderBy))::text" : "json_group_array(\(element) ORDER BY \(orderBy))"
        }
        func time(_ column: String) -> String { pg ? "extract(epoch from \(column))" : column }
        func one(_ element: String) -> String { pg ? "(\(element))::text" : element }

        var query = SQLQueryString("")
        func add(_ name: String, _ subquery: SQLQueryString) {
            query.appendInterpolation(unsafeRaw: ", (")
            query.appendInterpolation(subquery)
            query.appendInterpolation(unsafeRaw: ") AS \(name)")
        }
        if parts.coachPolicy {
            add("policy", "SELECT policy_json FROM coach_settings WHERE user_id = \(user)")
        }
        if let span = parts.bouts {
            let rows = aggregate(array("posture, source, \(time("start_at")), \(time("end_at")), confidence"), orderBy: "start_at")
            add("bouts", """
                SELECT \(unsafeRaw: rows) FROM posture_bouts WHERE user_id = \(user)
                AND start_at < \(bind: span.to) AND (end_at > \(bind: span.from) OR end_at IS NULL)
                """)
        }
        if let span = parts.prompts {
            let rows = aggregate(array("outcome, \(time("decided_at")), \(time("issued_at")), kind, exercise_id"), orderBy: "decided_at")
            add("prompts", """
                SELECT \(unsafeRaw: rows) FROM break_prompts WHERE user_id = \(user)
                AND decided_at >= \(bind: span.from) AND decided_at < \(bind: span.to)
                """)
        }
        if parts.plan {
            // `active = TRUE`, not a bound true: SQLite re-prepares a whole statement when a
            // parameter compared with `=` is bound to 0 or 1 (its planner guesses differ).
            let row = one(array("p.id, p.program_id, p.routine_id, p.start_date, p.per_week, p.days, p.weeks, \(time("p.created_at")), "
                                + "r.id, r.name, r.items_json, r.per_week"))
            add("plan", """
                SELECT \(unsafeRaw: row) FROM training_plans p LEFT JOIN routines r ON r.id = p.routine_id AND r.user_id = p.user_id
                WHERE p.user_id = \(user) AND p.active = TRUE ORDER BY p.created_at DESC LIMIT 1
                """)
        }
        if parts.targets {
            let rows = aggregate(array("slot, exercise_id, dosage_json, load_increases, source, reason, \(time("updated_at"))"), orderBy: "slot")
            add("targets", "SELECT \(unsafeRaw: rows) FROM exercise_targets WHERE user_id = \(user)")
        }
        if let (from, to) = parts.workouts {
            let rows = aggregate(array("id, plan_id, scheduled_date, week, title, items_json, status, \(time("started_at")), "
                                       + "\(time("finished_at")), next_morning, summary_json"), orderBy: "started_at")
            add("workouts", """
                SELECT \(unsafeRaw: rows) FROM workouts WHERE user_id = \(user)
                AND (status = \(bind: WorkoutStatus.inProgress.rawValue)
                     OR (scheduled_date >= \(bind: from.description) AND scheduled_date <= \(bind: to.description)))
                """)
        }
        return query
    }

    /// What a row with `personColumns` for `read` says, keeping only what lies inside `parts`'
    /// spans and days: the same rows `read(parts)` selects, also from a row read with wider
    /// ones (`PersonReads.covers`).
    static func personData(from row: any SQLRow, _ parts: PersonReads, userID: UUID, now: Date) throws -> PersonData {
        let decoder = JSONDecoder()
        func json<T: Decodable>(_ column: String, as type: T.Type) throws -> T? {
            guard let text = try row.decode(column: column, as: String?.self) else { return nil }
            do {
                return try decoder.decode(type, from: Data(text.utf8))
            } catch {
                throw StoreError.unreadable("\(column): \(error)")
            }
        }

        var data = PersonData()
        if parts.coachPolicy, let text = try row.decode(column: "policy", as: String?.self) {
            data.storedPolicy = Store.storedPolicies.value(for: text) { try? decoder.decode(CoachPolicy.self, from: Data(text.utf8)) }
        }
        if let span = parts.bouts {
            let from = span.from.timeIntervalSince1970, to = span.to.timeIntervalSince1970
            data.bouts = (try json("bouts", as: [BoutRow].self) ?? [])
                .filter { $0.start < to && ($0.end.map { $0 > from } ?? true) }
                .compactMap { $0.bout(now: now)?.clipped(from: span.from, to: span.to) }
        }
        if let span = parts.prompts {
            let from = span.from.timeIntervalSince1970, to = span.to.timeIntervalSince1970
            data.prompts = (try json("prompts", as: [PromptRow].self) ?? []).filter { $0.decided >= from && $0.decided < to }.compactMap(\.record)
        }
        if parts.plan {
            let plan = try json("plan", as: PlanRow.self)
            data.plan = try plan?.value(userID: userID)
            data.routine = try plan?.routine?.value(userID: userID)
        }
        if parts.targets {
            for target in try json("targets", as: [TargetRow].self) ?? [] {
                guard let dosage = try? StoredJSON.decode(Dosage.self, target.dosageJSON) else { continue }
                data.targets[target.slot] = TrainingTarget(exerciseID: target.exerciseID, dosage: dosage, loadIncreases: target.loadIncreases)
                data.targetNotes[target.slot] = TargetNote(source: target.source.flatMap(TargetSource.init(rawValue:)),
                                                           reason: target.reason, setAt: target.updatedAt.map(time))
            }
        }
        if let (from, to) = parts.workouts {
            let first = from.description, last = to.description
            data.workouts = try (try json("workouts", as: [WorkoutRow].self) ?? [])
                .filter { WorkoutStatus(rawValue: $0.status) == .inProgress
                          || ($0.scheduledDate >= first && $0.scheduledDate <= last) }
                .map { try $0.value(userID: userID) }
        }
        return data
    }
}

extension PersonData {
    /// What a read with `parts` would have found, from data read with parts that cover them
    /// (`PersonReads.covers`): the same spans and days filter the rows, and a bout clipped to
    /// the wider span clips to the narrower one the same. Parts not asked for are left empty.
    public func narrowed(to parts: PersonReads) -> PersonData {
        var data = PersonData()
        if parts.coachPolicy { data.storedPolicy = storedPolicy }
        if let span = parts.bouts {
            data.bouts = bouts.filter { $0.start < span.to && $0.end > span.from }
                .compactMap { $0.clipped(from: span.from, to: span.to) }
        }
        if let span = parts.prompts {
            data.prompts = prompts.filter { $0.at >= span.from && $0.at < span.to }
        }
        if parts.plan {
            data.plan = plan
            data.routine = routine
        }
        if parts.targets {
            data.targets = targets
            data.targetNotes = targetNotes
        }
        if let (from, to) = parts.workouts {
            data.workouts = workouts.filter { $0.isInProgress || ($0.date >= from && $0.date <= to) }
        }
        return data
    }
}

extension PersonReads {
    /// Whether a read with these parts holds everything a read with `other` would: each of
    /// its parts, over spans and days at least as wide.
    public func covers(_ other: PersonReads) -> Bool {
        func spans(_ mine: Span?, _ theirs: Span?) -> Bool {
            guard let theirs else { return true }
            guard let mine else { return false }
            return mine.from <= theirs.from && theirs.to <= mine.to
        }
        func days(_ mine: (from: LocalDate, to: LocalDate)?, _ theirs: (from: LocalDate, to: LocalDate)?) -> Bool {
            guard let theirs else { return true }
            guard let mine else { return false }
            return mine.from <= theirs.from && theirs.to <= mine.to
        }
        return (coachPolicy || !other.coachPolicy) && (plan || !other.plan) && (targets || !other.targets)
            && spans(bouts, other.bouts) && spans(prompts, other.prompts) && days(workouts, other.workouts)
    }
}

// MARK: - Rows as JSON arrays, in the column order of the subqueries above

/// A time as both databases give it in JSON: seconds since 1970 (PostgreSQL's `extract`,
/// SQLite's stored REAL), rounded to the microsecond like SQLiteNIO's own decoding.
private func time(_ seconds: Double) -> Date {
    let sinceReference = seconds - Date.timeIntervalBetween1970AndReferenceDate
    return Date(timeIntervalSinceReferenceDate: (sinceReference * 1e6).rounded() / 1e6)
}

private func uuid(_ text: String, _ column: String, in container: UnkeyedDecodingContainer) throws -> UUID {
    guard let id = UUID(uuidString: text) else {
        throw DecodingError.dataCorrupted(.init(codingPath: container.codingPath, debugDescription: "\(column) is not a UUID: \(text)"))
    }
    return id
}

private struct BoutRow: Decodable {
    var posture: String, source: String, start: Double, end: Double?, confidence: Double
    init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        posture = try c.decode(String.self)
        source = try c.decode(String.self)
        start = try c.decode(Double.self)
        end = try c.decodeIfPresent(Double.self)
        confidence = try c.decode(Double.self)
    }

    /// An open bout ends now, and at most as long after it began as its source allows
    /// (`PostureSource.longestBout`: a manual entry 12 hours, the desktop agent's 24).
    func bout(now: Date) -> PostureBout? {
        guard let posture = Posture(rawValue: posture), let source = PostureSource(rawValue: source) else { return nil }
        let start = time(start)
        let end = end.map(time) ?? max(start, min(now, start.addingTimeInterval(source.longestBout)))
        return PostureBout(posture, from: start, to: end, source: source, confidence: confidence)
    }
}

private struct PromptRow: Decodable {
    var outcome: String, decided: Double, issued: Double?, kind: String?, exerciseID: String?
    init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        outcome = try c.decode(String.self)
        decided = try c.decode(Double.self)
        issued = try c.decodeIfPresent(Double.self)
        kind = try c.decodeIfPresent(String.self)
        exerciseID = try c.decodeIfPresent(String.self)
    }

    var record: PromptRecord? {
        guard let outcome = PromptOutcome(rawValue: outcome) else { return nil }
        let prompt = issued.map(time).map { issued in
            BreakPrompt(number: 0, kind: kind.flatMap(BreakPrompt.Kind.init(rawValue:)) ?? .moveBreak, issuedAt: issued, since: issued,
                        move: exerciseID.map { Prescription(exerciseID: $0, dosage: .reps(1, 1)) })
        }
        return PromptRecord(outcome: outcome, at: time(decided), prompt: prompt)
    }
}

/// The plan, then its routine's columns (null for a program).
private struct PlanRow: Decodable {
    var id: UUID, programID: String?, routineID: UUID?, startDate: String, perWeek: Int, days: String, weeks: Int, createdAt: Double?
    var routine: RoutineRow?
    init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        id = try uuid(try c.decode(String.self), "training_plans.id", in: c)
        programID = try c.decodeIfPresent(String.self)
        routineID = try c.decodeIfPresent(String.self).map { try uuid($0, "training_plans.routine_id", in: c) }
        startDate = try c.decode(String.self)
        perWeek = try c.decode(Int.self)
        days = try c.decode(String.self)
        weeks = try c.decode(Int.self)
        createdAt = try c.decodeIfPresent(Double.self)
        if let id = try c.decodeIfPresent(String.self) {
            routine = RoutineRow(id: try uuid(id, "routines.id", in: c), name: try c.decode(String.self),
                                 itemsJSON: try c.decode(String.self), perWeek: try c.decode(Int.self))
        }
    }

    func value(userID: UUID) throws -> Plan {
        try Plan(id: id, userID: userID, programID: programID, routineID: routineID, startDate: startDate,
                 perWeek: perWeek, days: days, weeks: weeks, active: true, createdAt: createdAt.map(time))
    }
}

private struct RoutineRow {
    var id: UUID, name: String, itemsJSON: String, perWeek: Int

    func value(userID: UUID) throws -> SavedRoutine {
        SavedRoutine(id: id, userID: userID, routine: try Routine(stored: name, itemsJSON: itemsJSON, perWeek: perWeek))
    }
}

private struct TargetRow: Decodable {
    var slot: String, exerciseID: String, dosageJSON: String, loadIncreases: Int
    var source: String?, reason: String?, updatedAt: Double?
    init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        slot = try c.decode(String.self)
        exerciseID = try c.decode(String.self)
        dosageJSON = try c.decode(String.self)
        loadIncreases = try c.decode(Int.self)
        source = try c.decodeIfPresent(String.self)
        reason = try c.decodeIfPresent(String.self)
        updatedAt = try c.decodeIfPresent(Double.self)
    }
}

private struct WorkoutRow: Decodable {
    var id: UUID, planID: UUID?, scheduledDate: String, week: Int, title: String, itemsJSON: String, status: String
    var startedAt: Double, finishedAt: Double?, nextMorning: String?, summaryJSON: String?
    init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        id = try uuid(try c.decode(String.self), "workouts.id", in: c)
        planID = try c.decodeIfPresent(String.self).map { try uuid($0, "workouts.plan_id", in: c) }
        scheduledDate = try c.decode(String.self)
        week = try c.decode(Int.self)
        title = try c.decode(String.self)
        itemsJSON = try c.decode(String.self)
        status = try c.decode(String.self)
        startedAt = try c.decode(Double.self)
        finishedAt = try c.decodeIfPresent(Double.self)
        nextMorning = try c.decodeIfPresent(String.self)
        summaryJSON = try c.decodeIfPresent(String.self)
    }

    func value(userID: UUID) throws -> Workout {
        try Workout(id: id, userID: userID, planID: planID, scheduledDate: scheduledDate, week: week, title: title,
                    itemsJSON: itemsJSON, status: status, startedAt: time(startedAt), finishedAt: finishedAt.map(time),
                    nextMorning: nextMorning, summaryJSON: summaryJSON)
    }
}
