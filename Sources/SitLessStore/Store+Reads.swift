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
        public init(from: Date, to: Date) {
            self.from = from
            self.to = to
        }
    }

    public init(
        coachPolicy: Bool = false, bouts: Span? = nil, prompts: Span? = nil, plan: Bool = false, targets: Bool = false,
        workouts: (from: LocalDate, to: LocalDate)? = nil
    ) {
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
        /// One row as a JSON object keyed by the names its row type decodes (`JSONRow`).
        func object<Row: JSONRow>(_: Row.Type) -> String {
            let pairs = Row.CodingKeys.allCases.map { key in
                switch Row.column(key) {
                case .plain(let column): "'\(key.rawValue)', \(column)"
                case .time(let column): "'\(key.rawValue)', \(pg ? "extract(epoch from \(column))" : column)"
                }
            }
            return pg
                ? "json_build_object(\(pairs.joined(separator: ", ")))"
                : "json_object(\(pairs.joined(separator: ", ")))"
        }
        func aggregate<Row: JSONRows>(_ row: Row.Type) -> String {
            pg
                ? "json_agg(\(object(row)) ORDER BY \(Row.order))::text"
                : "json_group_array(\(object(row)) ORDER BY \(Row.order))"
        }
        func one<Row: JSONRow>(_ row: Row.Type) -> String { pg ? "(\(object(row)))::text" : object(row) }

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
            let rows = aggregate(BoutRow.self)
            add(
                "bouts",
                """
                SELECT \(unsafeRaw: rows) FROM posture_bouts WHERE user_id = \(user)
                AND start_at < \(bind: span.to) AND (end_at > \(bind: span.from) OR end_at IS NULL)
                """)
        }
        if let span = parts.prompts {
            let rows = aggregate(PromptRow.self)
            add(
                "prompts",
                """
                SELECT \(unsafeRaw: rows) FROM break_prompts WHERE user_id = \(user)
                AND decided_at >= \(bind: span.from) AND decided_at < \(bind: span.to)
                """)
        }
        if parts.plan {
            // `active = TRUE`, not a bound true: SQLite re-prepares a whole statement when a
            // parameter compared with `=` is bound to 0 or 1 (its planner guesses differ).
            let row = one(PlanRow.self)
            add(
                "plan",
                """
                SELECT \(unsafeRaw: row) FROM training_plans p
                LEFT JOIN routines r ON r.id = p.routine_id AND r.user_id = p.user_id
                WHERE p.user_id = \(user) AND p.active = TRUE ORDER BY p.created_at DESC LIMIT 1
                """)
        }
        if parts.targets {
            let rows = aggregate(TargetRow.self)
            add("targets", "SELECT \(unsafeRaw: rows) FROM exercise_targets WHERE user_id = \(user)")
        }
        if let (from, to) = parts.workouts {
            let rows = aggregate(WorkoutRow.self)
            add(
                "workouts",
                """
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
            data.storedPolicy = Store.storedPolicies.value(for: text) {
                try? decoder.decode(CoachPolicy.self, from: Data(text.utf8))
            }
        }
        if let span = parts.bouts {
            let from = span.from.timeIntervalSince1970
            let to = span.to.timeIntervalSince1970
            data.bouts = (try json("bouts", as: [BoutRow].self) ?? [])
                .filter { $0.start < to && ($0.end.map { $0 > from } ?? true) }
                .compactMap { $0.bout(now: now)?.clipped(from: span.from, to: span.to) }
        }
        if let span = parts.prompts {
            let from = span.from.timeIntervalSince1970
            let to = span.to.timeIntervalSince1970
            data.prompts = (try json("prompts", as: [PromptRow].self) ?? []).filter {
                $0.decided >= from && $0.decided < to
            }.compactMap(\.record)
        }
        if parts.plan {
            let plan = try json("plan", as: PlanRow.self)
            data.plan = try plan?.value(userID: userID)
            data.routine = try plan?.routine(userID: userID)
        }
        if parts.targets {
            for target in try json("targets", as: [TargetRow].self) ?? [] {
                guard let dosage = try? StoredJSON.decode(Dosage.self, target.dosageJSON) else { continue }
                data.targets[target.slot] = TrainingTarget(
                    exerciseID: target.exerciseID, dosage: dosage, loadIncreases: target.loadIncreases)
                data.targetNotes[target.slot] = target.note
            }
        }
        if let (from, to) = parts.workouts {
            let first = from.description
            let last = to.description
            data.workouts = try (try json("workouts", as: [WorkoutRow].self) ?? [])
                .filter {
                    WorkoutStatus(rawValue: $0.status) == .inProgress
                        || ($0.scheduledDate >= first && $0.scheduledDate <= last)
                }
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
