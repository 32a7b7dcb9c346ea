import Foundation

/// What a person says they have to train with, in the words onboarding asks it. Each answer
/// stands for a set of catalog equipment; the floor is always there (a towel or rug does as a
/// mat), so "nothing" still allows lying and kneeling exercises.
public enum EquipmentChoice: String, CaseIterable, Codable, Sendable {
    case household, band, weights, gym

    public var title: String {
        switch self {
        case .household: "Things at home or work: a sturdy chair, a wall, a desk or table, a stair, a broom handle"
        case .band: "An exercise band or mini band"
        case .weights: "Dumbbells or a kettlebell"
        case .gym: "A gym (bench, box, suspension trainer and the rest)"
        }
    }

    public var equipment: Set<Equipment> {
        switch self {
        case .household: [.chair, .wall, .desk, .step, .dowel]
        case .band: [.miniBand, .resistanceBand]
        case .weights: [.dumbbell, .kettlebell, .ankleWeight]
        case .gym: Set(Equipment.allCases)
        }
    }

    /// Equipment anyone has: their body and a floor.
    public static let always: Set<Equipment> = [.none, .mat]

    /// Everything the answers allow, with the floor.
    public static func available(_ choices: Set<EquipmentChoice>) -> Set<Equipment> {
        choices.reduce(always) { $0.union($1.equipment) }
    }

    /// Answers stored as text (`household,band`); unknown words are ignored.
    public static func parse(_ text: String?) -> Set<EquipmentChoice> {
        Set(
            (text ?? "").split(separator: ",").compactMap {
                EquipmentChoice(rawValue: String($0).trimmingCharacters(in: .whitespaces))
            })
    }

    public static func text(_ choices: Set<EquipmentChoice>) -> String {
        allCases.filter(choices.contains).map(\.rawValue).joined(separator: ",")
    }
}

extension Exercise {
    /// Whether every piece of equipment the exercise needs is at hand.
    public func canBeDone(with available: Set<Equipment>) -> Bool {
        equipment.allSatisfy(available.contains)
    }

    /// What it needs that is not at hand.
    public func missing(from available: Set<Equipment>) -> [Equipment] {
        equipment.filter { !available.contains($0) }
    }
}

extension Catalog {
    /// Exercises that can stand in for `exerciseID` with the equipment at hand, best first
    /// (at most `limit`). Candidates share a primary muscle and are not desk-break moves
    /// unless the exercise is one. Order: first the catalog's own links (its easier and harder
    /// steps, nearest first, easier before harder at the same distance), then the rest of the
    /// library of the same kind (strength, stretch, ...): same level first, then more primary
    /// muscles shared, then the same main muscle, then easier before harder.
    public func equivalents(of exerciseID: String, with available: Set<Equipment>, limit: Int = 3) -> [Exercise] {
        guard let original = exercise(exerciseID) else { return [] }
        let muscles = Set(original.primaryMuscles)
        func suits(_ candidate: Exercise) -> Bool {
            candidate.id != original.id && candidate.canBeDone(with: available)
                && !muscles.isDisjoint(with: candidate.primaryMuscles)
                && (original.isDeskBreak || !candidate.isDeskBreak)
        }
        func shared(_ e: Exercise) -> Int { -muscles.intersection(e.primaryMuscles).count }
        var chosen: [Exercise] = []
        var seen: Set<String> = [original.id]
        // The links, walked outwards one step at a time in both directions.
        var easier = original.regressionID
        var harder = original.progressionID
        while easier != nil || harder != nil {
            for id in [easier, harder].compactMap({ $0 }) where seen.insert(id).inserted {
                if let step = exercise(id), suits(step) { chosen.append(step) }
            }
            easier = easier.flatMap { exercise($0)?.regressionID }
            harder = harder.flatMap { exercise($0)?.progressionID }
        }
        func leads(_ e: Exercise) -> Int { e.primaryMuscles.first == original.primaryMuscles.first ? 0 : 1 }
        let rest = exercises.filter { !seen.contains($0.id) && $0.kind == original.kind && suits($0) }.sorted { a, b in
            (a.level == original.level ? 0 : 1, shared(a), leads(a), a.level.rank) < (
                b.level == original.level ? 0 : 1, shared(b), leads(b), b.level.rank
            )
        }
        return Array((chosen + rest).prefix(limit))
    }

    /// How well a program suits the equipment at hand.
    public func fit(of program: Program, with available: Set<Equipment>) -> ProgramFit {
        var fit = ProgramFit(programID: program.id)
        for id in program.exerciseIDs {
            guard let exercise = exercise(id), !exercise.canBeDone(with: available) else { continue }
            if let swap = equivalents(of: id, with: available, limit: 1).first {
                fit.swaps.append(.init(exerciseID: id, missing: exercise.missing(from: available), swapID: swap.id))
            } else {
                fit.cannot.append(.init(exerciseID: id, missing: exercise.missing(from: available), swapID: nil))
            }
        }
        return fit
    }

    /// The program to suggest for the equipment at hand, among `candidates` (in the order
    /// given, which breaks ties): fewest exercises that cannot be done or swapped, then
    /// fewest swaps.
    public func recommendedProgram(among candidates: [Program], with available: Set<Equipment>) -> Program? {
        let ranked = candidates.enumerated().map { offset, program in
            let fit = fit(of: program, with: available)
            return (key: (fit.cannot.count, fit.swaps.count, offset), program: program)
        }
        return ranked.min { $0.key < $1.key }?.program
    }
}

/// A program against the equipment at hand: which exercises need a swap (and the first
/// equivalent), and which have none.
public struct ProgramFit: Hashable, Sendable {
    public struct Gap: Hashable, Sendable {
        public var exerciseID: String
        public var missing: [Equipment]
        public var swapID: String?
    }

    public var programID: String
    public var swaps: [Gap] = []
    public var cannot: [Gap] = []

    public var fitsAsIs: Bool { swaps.isEmpty && cannot.isEmpty }
}
