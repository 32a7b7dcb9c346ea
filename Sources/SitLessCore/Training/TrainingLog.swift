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

    public init(reps: Int? = nil, seconds: Int? = nil, loadKilograms: Double? = nil, effort: Int? = nil, pain: Int? = nil) {
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

    /// Problems with the numbers, naming the field; empty when fine.
    public var problems: [String] {
        var found: [String] = []
        if let reps, !(0...1000).contains(reps) { found.append("reps must be 0 to 1000, got \(reps)") }
        if let seconds, !(0...7200).contains(seconds) { found.append("seconds must be 0 to 7200, got \(seconds)") }
        if let load = loadKilograms, !Dosage.loadRange.contains(load) { found.append("load must be 0 to 500 kg, got \(load)") }
        if let effort, !(0...10).contains(effort) { found.append("effort must be 0 to 10, got \(effort)") }
        if let pain, !(0...10).contains(pain) { found.append("pain must be 0 to 10, got \(pain)") }
        return found
    }
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

    public init(exerciseID: String, date: LocalDate, prescribed: Dosage, sets: [SetLog], nextMorning: NextMorningPain? = nil) {
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
