import Foundation

/// Exercises clinicians write for their own teams. They are written in the catalog's own
/// format (`exercises/*.json` entries and `demonstrations/*.json` entries) and read by the
/// catalog's own reader, so they have the same fields and pass the same checks as the
/// built-in ones, plus limits on length that a web form needs and hand-edited data files
/// do not. Their ids start with `own-`, which no built-in exercise may use.
public enum OwnExercises {
    public static let idPrefix = "own-"

    /// Limits on what a person may write (characters, entries).
    public enum Limits {
        public static let name = 80
        public static let text = 600
        public static let steps = 12
        public static let compensations = 6
        public static let cautions = 6
        public static let aliases = 6
    }

    public static func isOwnID(_ id: String) -> Bool { id.hasPrefix(idPrefix) }

    /// A new id: `own-` and 12 random lower-case hex digits.
    public static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        return idPrefix + (0..<12).map { _ in String(Int.random(in: 0..<16, using: &generator), radix: 16) }.joined()
    }

    /// The label problems carry for an own exercise (there is no data file).
    static let file = "exercise"

    /// Reads an exercise written as a catalog entry (JSON bytes). `linkable`: the ids its
    /// easier/harder steps may name (the built-in catalog's and the author's own).
    public static func exercise(json: Data, linkable: Set<String>) -> Result<Exercise, CatalogError> {
        let log = ProblemLog()
        guard let root = decode(json, log: log), case .object(let object) = root else {
            if log.problems.isEmpty { log.add(file, nil, nil, "must be a JSON object") }
            return .failure(CatalogError(problems: log.problems))
        }
        for key in ["evidence", "source"] where object[key] != nil {
            log.add(file, nil, key, "is kept for the built-in catalog, whose claims cite the references")
        }
        if case .string(let id)? = object["id"], !isOwnID(id) {
            log.add(file, nil, "id", "'\(id)' must start with \(idPrefix)")
        }
        checkLengths(object, log: log)
        let context = CatalogReader.Context(exerciseIDs: linkable, referenceIDs: [])
        let exercise = CatalogReader.exercise(object, file: file, label: nil, context: context, log: log)
        guard log.problems.isEmpty, let exercise else { return .failure(CatalogError(problems: log.problems)) }
        return .success(exercise)
    }

    /// Reads a demonstration of `exercise` (JSON bytes, the catalog's format) and solves it at
    /// the exercise's dosage: the same checks `sitless catalog` makes of the built-in ones.
    /// `solve: false` reads a stored demonstration already solved when it was saved.
    public static func demonstration(
        json: Data, for exercise: Exercise, solve: Bool = true
    ) -> Result<Demonstration, CatalogError> {
        let log = ProblemLog()
        guard let root = decode(json, log: log), case .object(var object) = root else {
            if log.problems.isEmpty { log.add(file, nil, nil, "must be a JSON object") }
            return .failure(CatalogError(problems: log.problems))
        }
        object["exercise"] = .string(exercise.id)
        if object["format"] == nil { object["format"] = .int(Demonstration.format) }
        if case .array(let poses)? = object["poses"], poses.count > 6 {
            log.add(file, nil, "poses", "at most 6 key poses; this has \(poses.count)")
        }
        let context = CatalogReader.Context(exerciseIDs: [exercise.id], referenceIDs: [])
        let read = CatalogReader.demonstration(object, file: file, label: nil, context: context, log: log)
        guard log.problems.isEmpty, let demo = read else { return .failure(CatalogError(problems: log.problems)) }
        guard solve else { return .success(demo) }
        for problem in FigureAnimation.problemsAsWritten(demo) { log.add(file, nil, problem.field, problem.message) }
        if log.problems.isEmpty,
            case .failure(let failure) = FigureAnimation.make(demo, dosage: exercise.dosage, sampling: false)
        {
            for problem in failure.problems { log.add(file, nil, problem.field, problem.message) }
        }
        return log.problems.isEmpty ? .success(demo) : .failure(CatalogError(problems: log.problems))
    }

    static func decode(_ json: Data, log: ProblemLog) -> JSONValue? {
        guard json.count <= 256 * 1024 else {
            log.add(file, nil, nil, "is \(json.count) bytes; an exercise is at most 256 KB")
            return nil
        }
        return CatalogReader.json(CatalogSourceFile(path: file, contents: json), log: log)
    }

    /// Text no longer than a page shows well, lists no longer than a person follows.
    static func checkLengths(_ object: [String: JSONValue], log: ProblemLog) {
        func text(_ key: String, _ value: JSONValue?, limit: Int) {
            if case .string(let s)? = value, s.count > limit {
                log.add(file, nil, key, "is \(s.count) characters; at most \(limit)")
            }
            if case .string(let s)? = value,
                s.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" })
            {
                log.add(file, nil, key, "contains control characters")
            }
        }
        func list(_ key: String, limit: Int, each: Int) {
            guard case .array(let items)? = object[key] else { return }
            if items.count > limit { log.add(file, nil, key, "has \(items.count) entries; at most \(limit)") }
            for (i, item) in items.enumerated() {
                if case .object(let pair) = item {
                    for (name, value) in pair.sorted(by: { $0.key < $1.key }) {
                        text("\(key)[\(i + 1)].\(name)", value, limit: each)
                    }
                } else {
                    text("\(key)[\(i + 1)]", item, limit: each)
                }
            }
        }
        text("name", object["name"], limit: Limits.name)
        for key in ["summary", "feel"] { text(key, object[key], limit: Limits.text) }
        list("how", limit: Limits.steps, each: Limits.text)
        list("compensations", limit: Limits.compensations, each: Limits.text)
        list("cautions", limit: Limits.cautions, each: Limits.text)
        list("aliases", limit: Limits.aliases, each: Limits.name)
    }
}
