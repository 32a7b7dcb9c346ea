import Foundation

/// The library SitLess teaches from: exercises, programs, articles and their references.
///
/// The built-in catalog is plain data in `Resources/Catalog` (see its README); `load(files:)`
/// turns data files into a checked catalog or a `CatalogError` listing every problem.
public struct Catalog: Sendable {
    public let exercises: [Exercise]
    public let programs: [Program]
    public let articles: [Article]
    public let references: [Reference]
    /// Key poses drawn as an animated figure, at most one per exercise (see `Figures/`).
    public let demonstrations: [Demonstration]

    private let exerciseByID: [String: Exercise]
    private let programByID: [String: Program]
    private let articleByID: [String: Article]
    private let referenceByID: [String: Reference]
    private let demonstrationByExercise: [String: Demonstration]
    /// The data file each demonstration came from, for messages.
    let demonstrationFiles: [String: String]

    /// Builds a catalog from values already checked (tests use it for small catalogs).
    public init(
        exercises: [Exercise], programs: [Program] = [], articles: [Article] = [], references: [Reference] = [],
        demonstrations: [Demonstration] = [], demonstrationFiles: [String: String] = [:]
    ) {
        self.exercises = exercises
        self.programs = programs
        self.articles = articles
        self.references = references
        self.demonstrations = demonstrations
        self.demonstrationFiles = demonstrationFiles
        demonstrationByExercise = Dictionary(
            demonstrations.map { ($0.exerciseID, $0) }, uniquingKeysWith: { first, _ in first })
        exerciseByID = Dictionary(exercises.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        programByID = Dictionary(programs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        articleByID = Dictionary(articles.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        referenceByID = Dictionary(references.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// This catalog with more exercises and demonstrations (a person's view: the built-in
    /// library and the own exercises of their clinicians). An id already present keeps the
    /// first; callers give own exercises ids no built-in one has.
    public func adding(exercises more: [Exercise], demonstrations moreDemonstrations: [Demonstration]) -> Catalog {
        guard !more.isEmpty || !moreDemonstrations.isEmpty else { return self }
        return Catalog(
            exercises: exercises + more, programs: programs, articles: articles, references: references,
            demonstrations: demonstrations + moreDemonstrations, demonstrationFiles: demonstrationFiles)
    }

    public func exercise(_ id: String) -> Exercise? { exerciseByID[id] }
    public func program(_ id: String) -> Program? { programByID[id] }
    public func article(_ id: String) -> Article? { articleByID[id] }
    public func reference(_ id: String) -> Reference? { referenceByID[id] }
    /// The key poses of an exercise, when it has them.
    public func demonstration(for exerciseID: String) -> Demonstration? { demonstrationByExercise[exerciseID] }

    /// The moves break prompts offer.
    public var deskBreaks: [Exercise] { exercises.filter(\.isDeskBreak) }

    /// Exercises that match every criterion of `query`, in catalog order.
    public func exercises(matching query: ExerciseQuery) -> [Exercise] {
        exercises.filter(query.matches)
    }

    /// Lower-case words of letters and digits joined by single dashes: `side-lying-clam`.
    public static func isSlug(_ text: String) -> Bool {
        !text.isEmpty && !text.hasPrefix("-") && !text.hasSuffix("-") && !text.contains("--")
            && text.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }

    /// Ids close to `id`, for "did you mean" hints: the fewest edits first, then shared words.
    public func exerciseIDs(resembling id: String, limit: Int = 3) -> [String] {
        let key = id.lowercased()
        let words = Set(key.split(separator: "-").map(String.init))
        var scored: [(id: String, distance: Int, shared: Int)] = []
        for exercise in exercises {
            let distance = Catalog.editDistance(key, exercise.id)
            let shared = words.intersection(exercise.id.split(separator: "-").map(String.init)).count
            if distance <= max(2, key.count / 4) || shared > 0 { scored.append((exercise.id, distance, shared)) }
        }
        scored.sort { ($0.distance, -$0.shared, $0.id) < ($1.distance, -$1.shared, $1.id) }
        return scored.prefix(limit).map(\.id)
    }

    /// Levenshtein distance.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// Criteria for searching the library; `nil` means any.
public struct ExerciseQuery: Sendable, Equatable {
    /// Matches when the exercise works any of these (primary or secondary).
    public var muscles: Set<Muscle>?
    /// Matches exercises that use this; `.none` matches those that need nothing.
    public var equipment: Equipment?
    public var position: BodyPosition?
    public var level: ExerciseLevel?
    public var kind: ExerciseKind?
    public var deskBreakOnly: Bool
    /// Every word must appear in the id, name, aliases, summary or muscle names.
    public var text: String?

    public init(
        muscles: Set<Muscle>? = nil, equipment: Equipment? = nil, position: BodyPosition? = nil,
        level: ExerciseLevel? = nil, kind: ExerciseKind? = nil, deskBreakOnly: Bool = false, text: String? = nil
    ) {
        self.muscles = muscles
        self.equipment = equipment
        self.position = position
        self.level = level
        self.kind = kind
        self.deskBreakOnly = deskBreakOnly
        self.text = text
    }

    public func matches(_ exercise: Exercise) -> Bool {
        if let muscles, muscles.isDisjoint(with: exercise.muscles) { return false }
        if let equipment {
            if equipment == .none {
                guard exercise.equipment.allSatisfy({ $0 == .none }) else { return false }
            } else if !exercise.equipment.contains(equipment) {
                return false
            }
        }
        if let position, exercise.position != position { return false }
        if let level, exercise.level != level { return false }
        if let kind, exercise.kind != kind { return false }
        if deskBreakOnly && !exercise.isDeskBreak { return false }
        if let text {
            let haystack =
                ([exercise.id, exercise.name, exercise.summary] + exercise.aliases
                + exercise.muscles.map(\.name)).joined(separator: " ").lowercased()
            let words = text.lowercased().split(whereSeparator: \.isWhitespace)
            guard words.allSatisfy({ haystack.contains($0) }) else { return false }
        }
        return true
    }
}
