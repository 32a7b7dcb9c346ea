import Foundation
import SitLessCore

// The rows `Store.read(_:userID:now:)` brings back as JSON, one type per subquery. Each row is
// a JSON object whose keys are its type's coding keys: `column(_:)` names the SQL column of
// every key (a switch over all of them, so a key without a column does not compile), the
// query is built from those pairs, and the synthesized decoding reads them back by name.

/// A column read into a JSON row: as stored, or a time as seconds since 1970.
enum JSONColumn {
    case plain(String)
    case time(String)
}

protocol JSONRow: Decodable {
    associatedtype CodingKeys: CodingKey, CaseIterable, RawRepresentable<String>
    /// The SQL behind each key.
    static func column(_ key: CodingKeys) -> JSONColumn
}

/// A row read as one of many, aggregated into a JSON array in this SQL order.
protocol JSONRows: JSONRow {
    static var order: String { get }
}

/// A time as both databases give it in JSON: seconds since 1970 (PostgreSQL's `extract`,
/// SQLite's stored REAL), rounded to the microsecond like SQLiteNIO's own decoding.
func jsonTime(_ seconds: Double) -> Date {
    let sinceReference = seconds - Date.timeIntervalBetween1970AndReferenceDate
    return Date(timeIntervalSinceReferenceDate: (sinceReference * 1e6).rounded() / 1e6)
}

struct BoutRow: JSONRows {
    var posture: String, source: String, start: Double, end: Double?, confidence: Double

    enum CodingKeys: String, CodingKey, CaseIterable {
        case posture, source, start, end, confidence
    }

    static func column(_ key: CodingKeys) -> JSONColumn {
        switch key {
        case .posture: .plain("posture")
        case .source: .plain("source")
        case .start: .time("start_at")
        case .end: .time("end_at")
        case .confidence: .plain("confidence")
        }
    }

    static let order = "start_at"

    /// An open bout ends now, and at most as long after it began as its source allows
    /// (`PostureSource.longestBout`: a manual entry 12 hours, the desktop agent's 24).
    func bout(now: Date) -> PostureBout? {
        guard let posture = Posture(rawValue: posture), let source = PostureSource(rawValue: source) else { return nil }
        let start = jsonTime(start)
        let end = end.map(jsonTime) ?? max(start, min(now, start.addingTimeInterval(source.longestBout)))
        return PostureBout(posture, from: start, to: end, source: source, confidence: confidence)
    }
}

struct PromptRow: JSONRows {
    var outcome: String, decided: Double, issued: Double?, kind: String?, exerciseID: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case outcome, decided, issued, kind, exerciseID
    }

    static func column(_ key: CodingKeys) -> JSONColumn {
        switch key {
        case .outcome: .plain("outcome")
        case .decided: .time("decided_at")
        case .issued: .time("issued_at")
        case .kind: .plain("kind")
        case .exerciseID: .plain("exercise_id")
        }
    }

    static let order = "decided_at"

    var record: PromptRecord? {
        guard let outcome = PromptOutcome(rawValue: outcome) else { return nil }
        let prompt = issued.map(jsonTime).map { issued in
            BreakPrompt(
                number: 0, kind: kind.flatMap(BreakPrompt.Kind.init(rawValue:)) ?? .moveBreak, issuedAt: issued,
                since: issued, move: exerciseID.map { Prescription(exerciseID: $0, dosage: .reps(1, 1)) })
        }
        return PromptRecord(outcome: outcome, at: jsonTime(decided), prompt: prompt)
    }
}

/// The active plan (`p`) and, when it follows one of the person's routines, that routine (`r`,
/// its columns null for a program).
struct PlanRow: JSONRow {
    var id: UUID, programID: String?, routineID: UUID?, startDate: String, perWeek: Int, days: String, weeks: Int
    var createdAt: Double?
    var routineName: String?, routineItemsJSON: String?, routinePerWeek: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, programID, routineID, startDate, perWeek, days, weeks, createdAt
        case routineName, routineItemsJSON, routinePerWeek
    }

    static func column(_ key: CodingKeys) -> JSONColumn {
        switch key {
        case .id: .plain("p.id")
        case .programID: .plain("p.program_id")
        case .routineID: .plain("p.routine_id")
        case .startDate: .plain("p.start_date")
        case .perWeek: .plain("p.per_week")
        case .days: .plain("p.days")
        case .weeks: .plain("p.weeks")
        case .createdAt: .time("p.created_at")
        case .routineName: .plain("r.name")
        case .routineItemsJSON: .plain("r.items_json")
        case .routinePerWeek: .plain("r.per_week")
        }
    }

    func value(userID: UUID) throws -> Plan {
        try Plan(
            id: id, userID: userID, programID: programID, routineID: routineID, startDate: startDate,
            perWeek: perWeek, days: days, weeks: weeks, active: true, createdAt: createdAt.map(jsonTime))
    }

    /// The routine the plan follows, when it is one of the person's (the join found it).
    func routine(userID: UUID) throws -> SavedRoutine? {
        guard let routineID, let routineName, let routineItemsJSON, let routinePerWeek else { return nil }
        return SavedRoutine(
            id: routineID, userID: userID,
            routine: try Routine(stored: routineName, itemsJSON: routineItemsJSON, perWeek: routinePerWeek))
    }
}

struct TargetRow: JSONRows {
    var slot: String, exerciseID: String, dosageJSON: String, loadIncreases: Int
    var source: String?, reason: String?, updatedAt: Double?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case slot, exerciseID, dosageJSON, loadIncreases, source, reason, updatedAt
    }

    static func column(_ key: CodingKeys) -> JSONColumn {
        switch key {
        case .slot: .plain("slot")
        case .exerciseID: .plain("exercise_id")
        case .dosageJSON: .plain("dosage_json")
        case .loadIncreases: .plain("load_increases")
        case .source: .plain("source")
        case .reason: .plain("reason")
        case .updatedAt: .time("updated_at")
        }
    }

    static let order = "slot"

    var note: TargetNote {
        TargetNote(source: source.flatMap(TargetSource.init(rawValue:)), reason: reason, setAt: updatedAt.map(jsonTime))
    }
}

struct WorkoutRow: JSONRows {
    var id: UUID, planID: UUID?, scheduledDate: String, week: Int, title: String, itemsJSON: String, status: String
    var startedAt: Double, finishedAt: Double?, nextMorning: String?, summaryJSON: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, planID, scheduledDate, week, title, itemsJSON, status, startedAt, finishedAt, nextMorning, summaryJSON
    }

    static func column(_ key: CodingKeys) -> JSONColumn {
        switch key {
        case .id: .plain("id")
        case .planID: .plain("plan_id")
        case .scheduledDate: .plain("scheduled_date")
        case .week: .plain("week")
        case .title: .plain("title")
        case .itemsJSON: .plain("items_json")
        case .status: .plain("status")
        case .startedAt: .time("started_at")
        case .finishedAt: .time("finished_at")
        case .nextMorning: .plain("next_morning")
        case .summaryJSON: .plain("summary_json")
        }
    }

    static let order = "started_at"

    func value(userID: UUID) throws -> Workout {
        try Workout(
            id: id, userID: userID, planID: planID, scheduledDate: scheduledDate, week: week, title: title,
            itemsJSON: itemsJSON, status: status, startedAt: jsonTime(startedAt),
            finishedAt: finishedAt.map(jsonTime), nextMorning: nextMorning, summaryJSON: summaryJSON)
    }
}
