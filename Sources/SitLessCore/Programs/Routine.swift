import Foundation

/// A person's own list of exercises from the library, each at a dosage they chose.
/// Unlike a `Program` it has one session that repeats every time.
public struct Routine: Hashable, Sendable, Codable {
    public var name: String
    public var prescriptions: [Prescription]
    public var perWeek: WeeklyFrequency

    public init(name: String, prescriptions: [Prescription] = [], perWeek: WeeklyFrequency = WeeklyFrequency(3)) {
        self.name = name
        self.prescriptions = prescriptions
        self.perWeek = perWeek
    }

    public enum EditError: Error, Equatable, CustomStringConvertible {
        case unknownExercise(String)
        case invalidDosage(exerciseID: String, problems: [String])
        case noSuchPosition(Int, count: Int)
        case emptyName
        case tooManyExercises(limit: Int)

        public var description: String {
            switch self {
            case .unknownExercise(let id): "'\(id)' is not an exercise in the library"
            case .invalidDosage(let id, let problems): "dosage for '\(id)': " + problems.joined(separator: "; ")
            case .noSuchPosition(let index, let count):
                "position \(index + 1) does not exist; the routine has \(count) exercises"
            case .emptyName: "a routine needs a name"
            case .tooManyExercises(let limit): "a routine holds at most \(limit) exercises"
            }
        }
    }

    /// The most exercises one routine holds: a long session is 10 to 15 exercises; 30 leaves
    /// room and keeps a routine's pages and handouts small.
    public static let maxExercises = 30

    /// Appends an exercise, at `dosage` or at the exercise's own.
    public mutating func add(
        _ exerciseID: String, dosage: Dosage? = nil, notes: String? = nil,
        from catalog: Catalog
    ) throws(EditError) {
        guard prescriptions.count < Routine.maxExercises else { throw .tooManyExercises(limit: Routine.maxExercises) }
        guard let exercise = catalog.exercise(exerciseID) else { throw .unknownExercise(exerciseID) }
        let chosen = dosage ?? exercise.dosage
        let problems = chosen.problems
        guard problems.isEmpty else { throw .invalidDosage(exerciseID: exerciseID, problems: problems) }
        prescriptions.append(Prescription(exerciseID: exerciseID, dosage: chosen, notes: notes))
    }

    /// Moves the exercise at `from` to position `to` (both 0-based).
    public mutating func move(from: Int, to: Int) throws(EditError) {
        guard prescriptions.indices.contains(from) else { throw .noSuchPosition(from, count: prescriptions.count) }
        guard prescriptions.indices.contains(to) else { throw .noSuchPosition(to, count: prescriptions.count) }
        let item = prescriptions.remove(at: from)
        prescriptions.insert(item, at: to)
    }

    public mutating func remove(at index: Int) throws(EditError) {
        guard prescriptions.indices.contains(index) else { throw .noSuchPosition(index, count: prescriptions.count) }
        prescriptions.remove(at: index)
    }

    public mutating func setDosage(_ dosage: Dosage, at index: Int) throws(EditError) {
        guard prescriptions.indices.contains(index) else { throw .noSuchPosition(index, count: prescriptions.count) }
        let problems = dosage.problems
        guard problems.isEmpty else {
            throw .invalidDosage(exerciseID: prescriptions[index].exerciseID, problems: problems)
        }
        prescriptions[index].dosage = dosage
    }

    /// The routine as `count` identical weeks, so the scheduler can date it like a program.
    public func weeks(_ count: Int) -> [ProgramWeek] {
        (1...max(1, count)).map {
            ProgramWeek(number: $0, sessions: [SessionTemplate(name: name, prescriptions: prescriptions)])
        }
    }
}
