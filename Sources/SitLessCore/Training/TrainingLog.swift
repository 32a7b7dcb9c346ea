import Foundation

/// One set as it was done.
public struct SetLog: Hashable, Sendable, Codable {
    /// Repetitions done (for rep-based dosages).
    public var reps: Int?
    /// Seconds held or moved (for hold and timed dosages).
    public var seconds: Int?
    public var loadKilograms: Double?
    /// Rating of perceived exertion, 0 (rest) to 10 (maximal): Borg CR10 scale.
    public var effort: Int?
    /// Pain during the set, 0 (none) to 10 (worst imaginable): numeric rating scale.
    public var pain: Int?

    public init(
        reps: Int? = nil, seconds: Int? = nil, loadKilograms: Double? = nil, effort: Int? = nil, pain: Int? = nil
    ) {
        self.reps = reps
        self.seconds = seconds
        self.loadKilograms = loadKilograms
        self.effort = effort
        self.pain = pain
    }

    /// Whether this set met the prescribed target.
    public func meets(_ target: Dosage.Target) -> Bool {
        switch target {
        case .reps(let n): (reps ?? 0) >= n
        case .hold(let s), .timed(let s): (seconds ?? 0) >= s
        }
    }

    /// What a logged set may hold: the one rule the web player, the API and the Store apply.
    public enum Limits {
        public static let reps = 0...1000
        /// Two hours: the longest hold or timed set anyone logs.
        public static let seconds = 0...7200
        /// Borg CR10.
        public static let effort = 0...10
        /// Numeric rating scale.
        public static let pain = 0...10
        public static var loadKilograms: ClosedRange<Double> { Dosage.loadRange }

        /// Reps or seconds, as the item's target counts.
        public static func amount(for target: Dosage.Target) -> ClosedRange<Int> { target.isReps ? reps : seconds }
    }

    /// A number outside `Limits`, naming its field.
    public struct Problem: Error, Equatable, Sendable, CustomStringConvertible {
        public enum Field: String, Sendable {
            case reps, seconds
            case loadKilograms = "load"
            case effort, pain
        }
        public var field: Field
        /// What is wrong, without the field's name ("must be from 0 to 10, got 11").
        public var message: String
        public var description: String { "\(field.rawValue) \(message)" }

        public init(field: Field, message: String) {
            self.field = field
            self.message = message
        }
    }

    /// The set done of an item whose target is `target`: `amount` counts its reps or its
    /// seconds. The first number outside `Limits` is the error; a missing amount is one too.
    public static func done(
        _ amount: Int?, of target: Dosage.Target, loadKilograms: Double?, effort: Int,
        pain: Int
    ) throws(Problem) -> SetLog {
        let field: Problem.Field = target.isReps ? .reps : .seconds
        let range = Limits.amount(for: target)
        guard let amount, range.contains(amount) else {
            let counts = target.isReps ? "this exercise counts repetitions" : "this exercise is timed"
            throw Problem(
                field: field,
                message: "\(counts): send \(field.rawValue) from \(range.lowerBound) to \(range.upperBound)"
                    + (amount.map { ", got \($0)" } ?? ""))
        }
        let set =
            target.isReps
            ? SetLog(reps: amount, loadKilograms: loadKilograms, effort: effort, pain: pain)
            : SetLog(seconds: amount, loadKilograms: loadKilograms, effort: effort, pain: pain)
        if let problem = set.problems.first { throw problem }
        return set
    }

    /// The numbers outside `Limits`, each naming its field; empty when fine.
    public var problems: [Problem] {
        func check<T: Comparable>(
            _ value: T?, _ range: ClosedRange<T>, _ field: Problem.Field, unit: String = ""
        ) -> Problem? {
            guard let value, !range.contains(value) else { return nil }
            return Problem(
                field: field, message: "must be from \(range.lowerBound) to \(range.upperBound)\(unit), got \(value)")
        }
        return [
            check(reps, Limits.reps, .reps), check(seconds, Limits.seconds, .seconds),
            check(loadKilograms, Limits.loadKilograms, .loadKilograms, unit: " kg"),
            check(effort, Limits.effort, .effort), check(pain, Limits.pain, .pain),
        ].compactMap { $0 }
    }
}

extension Dosage.Target {
    /// Counted in repetitions (a hold or a timed set counts seconds).
    public var isReps: Bool { if case .reps = self { true } else { false } }
}

/// How pain the morning after a session compares with before it.
public enum NextMorningPain: String, Codable, Sendable, CaseIterable {
    case better, same, worse
}

/// One exercise of one logged session: what was prescribed and what was done.
public struct ExerciseLog: Hashable, Sendable, Codable {
    public var exerciseID: String
    public var date: LocalDate
    public var prescribed: Dosage
    public var sets: [SetLog]
    /// Pain the next morning compared with before the session; `nil` until the person says.
    public var nextMorning: NextMorningPain?

    public init(
        exerciseID: String, date: LocalDate, prescribed: Dosage, sets: [SetLog], nextMorning: NextMorningPain? = nil
    ) {
        self.exerciseID = exerciseID
        self.date = date
        self.prescribed = prescribed
        self.sets = sets
        self.nextMorning = nextMorning
    }

    /// Highest pain reported in any set, if any was reported.
    public var peakPain: Int? { sets.compactMap(\.pain).max() }

    /// Highest effort reported in any set, if any was reported.
    public var peakEffort: Int? { sets.compactMap(\.effort).max() }

    /// Sets that met the prescribed target.
    public var completedSets: Int { sets.filter { $0.meets(prescribed.target) }.count }

    /// Every prescribed set done in full.
    public var allSetsDone: Bool { completedSets >= prescribed.sets }

    /// Heaviest load used, if any was logged.
    public var heaviestLoad: Double? { sets.compactMap(\.loadKilograms).max() }
}
