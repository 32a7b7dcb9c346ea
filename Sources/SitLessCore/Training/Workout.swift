import Foundation

/// One exercise of a workout as prescribed on the day. `slot` is the exercise the plan
/// names; `exerciseID` is what the person does now (an easier or harder variation once the
/// progression rules have moved them), at `dosage`.
public struct WorkoutItem: Hashable, Sendable, Codable {
    public var slot: String
    public var exerciseID: String
    public var dosage: Dosage
    public var notes: String?
    public var loadIncreases: Int
    /// Left for today (after pain above the limit, or by choice); the player moves on.
    /// Optional so that items stored before it existed read as not skipped.
    public var skipped: Bool?
    /// For an easier step swapped in during the session: the index of the item it stands in
    /// for. It is added at the end (logged sets keep their item numbers) and played next.
    public var replaces: Int?

    public var isSkipped: Bool { skipped == true }

    /// The order a session plays its items: each swapped-in step right after the item it
    /// replaces.
    public static func playOrder(_ items: [WorkoutItem]) -> [Int] {
        items.indices.sorted { a, b in
            let ka = (items[a].replaces ?? a, items[a].replaces == nil ? 0 : 1, a)
            let kb = (items[b].replaces ?? b, items[b].replaces == nil ? 0 : 1, b)
            return ka < kb
        }
    }

    public init(slot: String, exerciseID: String, dosage: Dosage, notes: String? = nil, loadIncreases: Int = 0) {
        self.slot = slot
        self.exerciseID = exerciseID
        self.dosage = dosage
        self.notes = notes
        self.loadIncreases = loadIncreases
    }

    public var target: TrainingTarget {
        TrainingTarget(exerciseID: exerciseID, dosage: dosage, loadIncreases: loadIncreases)
    }

    /// The day's items: each prescription, replaced by the person's current target for its
    /// slot when the rules have moved it.
    public static func items(for prescriptions: [Prescription], targets: [String: TrainingTarget]) -> [WorkoutItem] {
        prescriptions.map { p in
            if let t = targets[p.exerciseID] {
                return WorkoutItem(
                    slot: p.exerciseID, exerciseID: t.exerciseID, dosage: t.dosage, notes: p.notes,
                    loadIncreases: t.loadIncreases)
            }
            return WorkoutItem(slot: p.exerciseID, exerciseID: p.exerciseID, dosage: p.dosage, notes: p.notes)
        }
    }
}

/// What the progression rules decided for one item of a finished workout.
public struct ItemDecision: Hashable, Sendable, Codable {
    public var slot: String
    public var exerciseID: String
    public var action: ProgressionDecision.Action
    public var next: TrainingTarget
    public var reasons: [String]
}

extension ProgressionDecision.Action: CaseIterable {
    public static let allCases: [Self] = [.progress, .hold, .backOff, .regress]
}

/// Applies the progression rules to a finished workout.
public enum WorkoutReview {
    /// - Parameters:
    ///   - sets: the sets logged for each item, by item index.
    ///   - history: earlier logs per exercise id, oldest first (this workout not included).
    public static func review(
        items: [WorkoutItem], sets: [Int: [SetLog]], date: LocalDate,
        nextMorning: NextMorningPain?, history: [String: [ExerciseLog]],
        catalog: Catalog, rules: ProgressionRules = ProgressionRules()
    ) -> [ItemDecision] {
        items.enumerated().map { index, item in
            let log = ExerciseLog(
                exerciseID: item.exerciseID, date: date, prescribed: item.dosage,
                sets: sets[index] ?? [], nextMorning: nextMorning)
            let decision = rules.decide(
                current: item.target, history: (history[item.exerciseID] ?? []) + [log], catalog: catalog)
            return ItemDecision(
                slot: item.slot, exerciseID: item.exerciseID, action: decision.action, next: decision.next,
                reasons: decision.reasons)
        }
    }
}

/// Sessions done against sessions prescribed, per plan week.
public struct WeeklyAdherence: Hashable, Sendable, Codable {
    /// First day of the plan week.
    public var weekStart: LocalDate
    public var done: Int
    public var prescribed: Int

    /// Weeks from the plan's start up to the week containing `today`; a session counts in
    /// the week it was done.
    public static func weeks(
        planStart: LocalDate, perWeek: Int, doneDates: [LocalDate], today: LocalDate
    ) -> [WeeklyAdherence] {
        guard today >= planStart else { return [] }
        let count = planStart.days(until: today) / 7 + 1
        return (0..<count).map { w in
            let start = planStart.adding(days: 7 * w)
            let end = start.adding(days: 7)
            return WeeklyAdherence(
                weekStart: start, done: doneDates.filter { $0 >= start && $0 < end }.count, prescribed: perWeek)
        }
    }
}
