import Foundation

/// One exercise of the library, with everything a person needs to do it well: the steps,
/// where to feel it, the faults to avoid, a default dosage and its easier and harder steps.
public struct Exercise: Identifiable, Hashable, Sendable, Codable {
    /// Stable slug (`hip-thrust`); never changes once published, logs refer to it.
    public var id: String
    public var name: String
    public var aliases: [String]
    public var summary: String
    public var kind: ExerciseKind
    public var primaryMuscles: [Muscle]
    public var secondaryMuscles: [Muscle]
    /// What is needed; `[.none]` when nothing is.
    public var equipment: [Equipment]
    /// The starting position.
    public var position: BodyPosition
    public var level: ExerciseLevel
    /// Offered by break prompts: no equipment beyond furniture, two minutes or less.
    public var isDeskBreak: Bool
    /// Ordered steps.
    public var how: [String]
    /// Where the person should feel the work or the stretch.
    public var feel: String
    public var compensations: [Compensation]
    public var cautions: [String]
    public var dosage: Dosage
    /// The easier step, if any.
    public var regressionID: String?
    /// The harder step, if any.
    public var progressionID: String?
    public var evidence: [Evidence]
    /// The reference the default dosage comes from.
    public var sourceID: String?

    public init(
        id: String, name: String, aliases: [String] = [], summary: String, kind: ExerciseKind,
        primaryMuscles: [Muscle], secondaryMuscles: [Muscle] = [], equipment: [Equipment] = [.none],
        position: BodyPosition, level: ExerciseLevel, isDeskBreak: Bool = false, how: [String],
        feel: String, compensations: [Compensation], cautions: [String] = [], dosage: Dosage,
        regressionID: String? = nil, progressionID: String? = nil, evidence: [Evidence] = [],
        sourceID: String? = nil
    ) {
        self.id = id
        self.name = name
        self.aliases = aliases
        self.summary = summary
        self.kind = kind
        self.primaryMuscles = primaryMuscles
        self.secondaryMuscles = secondaryMuscles
        self.equipment = equipment
        self.position = position
        self.level = level
        self.isDeskBreak = isDeskBreak
        self.how = how
        self.feel = feel
        self.compensations = compensations
        self.cautions = cautions
        self.dosage = dosage
        self.regressionID = regressionID
        self.progressionID = progressionID
        self.evidence = evidence
        self.sourceID = sourceID
    }

    enum CodingKeys: String, CodingKey {
        case id, name, aliases, summary, kind, primaryMuscles, secondaryMuscles, equipment, position, level
        case isDeskBreak = "deskBreak"
        case how, feel, compensations, cautions, dosage
        case regressionID = "regression"
        case progressionID = "progression"
        case evidence
        case sourceID = "source"
    }

    /// All muscles worked, primary first.
    public var muscles: [Muscle] { primaryMuscles + secondaryMuscles.filter { !primaryMuscles.contains($0) } }

    /// Whether load can be added in kilograms (a dumbbell, kettlebell or ankle weight), which
    /// the progression rules use before moving to a harder variation.
    public var isLoadable: Bool {
        !Set(equipment).isDisjoint(with: [.dumbbell, .kettlebell, .ankleWeight]) || dosage.loadNote != nil
    }
}

/// A typical fault and how to correct it.
public struct Compensation: Hashable, Sendable, Codable {
    public var fault: String
    public var fix: String

    public init(fault: String, fix: String) {
        self.fault = fault
        self.fix = fix
    }
}

/// A measured finding about an exercise, e.g. EMG activation as a percentage of a maximal
/// voluntary isometric contraction (% MVIC), with the reference it comes from.
public struct Evidence: Hashable, Sendable, Codable {
    public var muscle: Muscle
    public var measure: String
    public var value: Double
    public var unit: String
    public var note: String?
    public var referenceID: String

    public init(muscle: Muscle, measure: String, value: Double, unit: String, note: String? = nil, referenceID: String)
    {
        self.muscle = muscle
        self.measure = measure
        self.value = value
        self.unit = unit
        self.note = note
        self.referenceID = referenceID
    }

    enum CodingKeys: String, CodingKey {
        case muscle, measure, value, unit, note
        case referenceID = "reference"
    }

    /// `gluteus medius 103 % MVIC (EMG)`.
    public var headline: String {
        let number = value == value.rounded() ? "\(Int(value))" : "\(value)"
        return "\(muscle.name) \(number) \(unit) (\(measure))"
    }
}

public enum ExerciseKind: String, CaseIterable, Codable, Sendable, CatalogTerm {
    case strength, stretch, mobility, movement
    public var name: String { rawValue }
}

public enum ExerciseLevel: String, CaseIterable, Codable, Sendable, Comparable, CatalogTerm {
    case beginner, intermediate, advanced
    public var name: String { rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
    var rank: Int { Self.allCases.firstIndex(of: self)! }
}

public enum BodyPosition: String, CaseIterable, Codable, Sendable, CatalogTerm {
    case seated, standing, supine
    case sideLying = "side-lying"
    case prone, quadruped, kneeling
    public var name: String { rawValue.replacingOccurrences(of: "-", with: " ") }
}

public enum Muscle: String, CaseIterable, Codable, Sendable, CatalogTerm {
    case gluteusMaximus = "gluteus-maximus"
    case gluteusMedius = "gluteus-medius"
    case gluteusMinimus = "gluteus-minimus"
    case hipRotators = "hip-rotators"
    case hamstrings, quadriceps, adductors
    case hipFlexors = "hip-flexors"
    case core
    case lowerBack = "lower-back"
    case calves
    case upperBack = "upper-back"
    case chest, shoulders

    public var name: String { rawValue.replacingOccurrences(of: "-", with: " ") }

    /// The three gluteal muscles, which `--muscle glutes` selects.
    public static let glutes: Set<Muscle> = [.gluteusMaximus, .gluteusMedius, .gluteusMinimus]

    /// Short names people type: `glute-max`, `glute-med`, `glute-min`, `glutes`, `hips`.
    public static func matching(_ text: String) -> Set<Muscle>? {
        let key = text.lowercased().trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "-")
        switch key {
        case "glutes", "glute", "gluteal", "buttocks": return glutes
        case "glute-max", "gluteus-max", "glute-maximus": return [.gluteusMaximus]
        case "glute-med", "gluteus-med", "glute-medius": return [.gluteusMedius]
        case "glute-min", "gluteus-min", "glute-minimus": return [.gluteusMinimus]
        case "quads": return [.quadriceps]
        case "hams": return [.hamstrings]
        default: return Muscle(term: key).map { [$0] }
        }
    }
}

public enum Equipment: String, CaseIterable, Codable, Sendable, CatalogTerm {
    case none, chair, desk, wall, bench, step, box, mat, dowel
    case miniBand = "mini-band"
    case resistanceBand = "resistance-band"
    case dumbbell, kettlebell
    case ankleWeight = "ankle-weight"
    case suspensionTrainer = "suspension-trainer"

    public var name: String {
        switch self {
        case .none: "no equipment"
        case .suspensionTrainer: "suspension trainer (TRX)"
        default: rawValue.replacingOccurrences(of: "-", with: " ")
        }
    }

    /// What an office already has; desk-break moves may use only these.
    public static let deskFriendly: Set<Equipment> = [.none, .chair, .desk, .wall]

    /// `trx` is what most people call a suspension trainer.
    public static func matching(_ text: String) -> Equipment? {
        let key = text.lowercased().trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "-")
        switch key {
        case "trx", "suspension": return .suspensionTrainer
        case "kb": return .kettlebell
        case "db": return .dumbbell
        case "band": return .resistanceBand
        default: return Equipment(term: key)
        }
    }
}

/// A closed vocabulary of the catalog (muscles, equipment, positions ...), written in
/// kebab case in the data files and accepted case-insensitively from people.
public protocol CatalogTerm: RawRepresentable, CaseIterable where RawValue == String {
    var name: String { get }
}

extension CatalogTerm {
    /// Accepts the raw value or the name, ignoring case, spaces or dashes.
    public init?(term: String) {
        let key = term.lowercased().trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "-")
        guard
            let match = Self.allCases.first(where: {
                $0.rawValue == key || $0.name.lowercased().replacingOccurrences(of: " ", with: "-") == key
            })
        else { return nil }
        self = match
    }

    /// `gluteus-maximus, gluteus-medius, ...` for error messages.
    public static var allowedValues: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
