import Foundation

extension Catalog {
    /// Reads and checks catalog data files (paths relative to the catalog folder:
    /// `exercises/*.json`, `programs/*.json`, `articles/*.md`, `references.json`,
    /// `demonstrations/*.json`).
    ///
    /// Checks: JSON syntax, required and known fields, closed vocabularies, dosage limits,
    /// unique ids, links to exercises and references that exist, no self-links or loops in
    /// the easier/harder ladder, desk-break moves that need no equipment and take 2 minutes
    /// or less, program and article ids that match their file names, and inline citations
    /// that the article's header lists, and demonstrations (one per exercise, known joints and
    /// body points, angles within their normal ranges; `demonstrationProblems()` solves them).
    /// Every problem found is reported, not only the first.
    public static func load(files: [CatalogSourceFile]) throws(CatalogError) -> Catalog {
        let log = ProblemLog()
        let sorted = files.sorted(by: { $0.path < $1.path })
        // First pass: the ids every entry claims, so links can be checked entry by entry even
        // when the entry they point to has problems of its own (no cascades of false alarms).
        var parsed: [String: JSONValue] = [:]
        for file in sorted where file.path.hasSuffix(".json") {
            if let value = CatalogReader.json(file, log: log) { parsed[file.path] = value }
        }
        func claimedIDs(_ predicate: (String) -> Bool) -> Set<String> {
            var ids = Set<String>()
            for (path, value) in parsed where predicate(path) {
                let objects: [JSONValue]
                if case .array(let items) = value { objects = items } else { objects = [value] }
                for case .object(let object) in objects {
                    if case .string(let id)? = object["id"] { ids.insert(id) }
                }
            }
            return ids
        }
        let context = CatalogReader.Context(
            exerciseIDs: claimedIDs { $0.hasPrefix("exercises/") },
            referenceIDs: claimedIDs { $0 == "references.json" })

        var exercises: [(file: String, exercise: Exercise)] = []
        var programs: [(file: String, program: Program)] = []
        var articles: [(file: String, article: Article)] = []
        var references: [(file: String, reference: Reference)] = []
        var demonstrations: [(file: String, demonstration: Demonstration)] = []
        for file in sorted {
            let path = file.path
            if path == "README.md" { continue }
            if path == "references.json" {
                if let root = parsed[path] {
                    references += CatalogReader.references(path, root, log: log).map { (path, $0) }
                }
            } else if path.hasPrefix("exercises/") && path.hasSuffix(".json") {
                if let root = parsed[path] {
                    exercises += CatalogReader.exercises(path, root, context: context, log: log).map { (path, $0) }
                }
            } else if path.hasPrefix("programs/") && path.hasSuffix(".json") {
                if let root = parsed[path], let p = CatalogReader.program(path, root, context: context, log: log) {
                    programs.append((path, p))
                }
            } else if path.hasPrefix("demonstrations/") && path.hasSuffix(".json") {
                if let root = parsed[path] {
                    demonstrations += CatalogReader.demonstrations(path, root, context: context, log: log)
                        .map { (path, $0) }
                }
            } else if path.hasPrefix("articles/") && path.hasSuffix(".md") {
                if let a = CatalogReader.article(file, context: context, log: log) { articles.append((path, a)) }
            } else {
                log.add(
                    path, nil, nil,
                    "is not a catalog file (expected exercises/*.json, programs/*.json, "
                        + "articles/*.md, demonstrations/*.json or references.json)")
            }
        }

        CatalogChecks.uniqueIDs(exercises.map { ($0.file, "exercise", $0.exercise.id) }, log: log)
        CatalogChecks.uniqueIDs(programs.map { ($0.file, "program", $0.program.id) }, log: log)
        CatalogChecks.uniqueIDs(articles.map { ($0.file, "article", $0.article.id) }, log: log)
        CatalogChecks.uniqueIDs(references.map { ($0.file, "reference", $0.reference.id) }, log: log)
        CatalogChecks.ladderLoops(exercises, log: log)
        CatalogChecks.demonstrations(demonstrations, log: log)

        guard log.problems.isEmpty else { throw CatalogError(problems: log.problems) }
        let defaults = Dictionary(
            exercises.map { ($0.exercise.id, $0.exercise.dosage) },
            uniquingKeysWith: { a, _ in a })
        let filled = programs.map { CatalogChecks.fillingDefaultDosages($0.program, from: defaults) }
        return Catalog(
            exercises: exercises.map(\.exercise), programs: filled,
            articles: articles.map(\.article), references: references.map(\.reference),
            demonstrations: demonstrations.map(\.demonstration),
            demonstrationFiles: Dictionary(
                demonstrations.map { ($0.demonstration.exerciseID, $0.file) },
                uniquingKeysWith: { a, _ in a }))
    }

    /// Reads every catalog file below `directory`.
    public static func load(directory: URL) throws -> Catalog {
        let files = try CatalogSourceFile.all(in: directory)
        return try load(files: files)
    }

    /// The catalog that ships with SitLess (`Resources/Catalog`).
    public static func builtIn() throws -> Catalog {
        try builtInResult.get()
    }

    private static let builtInResult: Result<Catalog, Error> = Result {
        guard let url = Bundle.module.url(forResource: "Catalog", withExtension: nil) else {
            let missing = CatalogProblem(
                file: "Catalog",
                message: "the built-in catalog folder is missing from the bundle")
            throw CatalogError(problems: [missing])
        }
        return try load(directory: url)
    }
}

extension CatalogSourceFile {
    /// Every regular file below `directory`, with paths relative to it.
    public static func all(in directory: URL) throws -> [CatalogSourceFile] {
        let manager = FileManager.default
        let root = directory.standardizedFileURL.path
        guard let enumerator = manager.enumerator(atPath: root) else {
            throw CatalogError(problems: [CatalogProblem(file: root, message: "cannot be read as a folder")])
        }
        var files: [CatalogSourceFile] = []
        while let relative = enumerator.nextObject() as? String {
            let full = root + "/" + relative
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
                !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") })
            else { continue }
            files.append(CatalogSourceFile(path: relative, contents: try Data(contentsOf: URL(fileURLWithPath: full))))
        }
        return files
    }
}

/// Checks across entries and files.
enum CatalogChecks {
    static func uniqueIDs(_ items: [(file: String, kind: String, id: String)], log: ProblemLog) {
        var first: [String: String] = [:]
        for item in items {
            if let earlier = first[item.id] {
                log.add(item.file, "\(item.kind) '\(item.id)'", "id", "is also used in \(earlier); ids must be unique")
            } else {
                first[item.id] = item.file
            }
        }
    }

    /// Following "harder" (or "easier") links must never come back to where it started.
    static func ladderLoops(_ exercises: [(file: String, exercise: Exercise)], log: ProblemLog) {
        let byID = Dictionary(exercises.map { ($0.exercise.id, $0) }, uniquingKeysWith: { a, _ in a })
        for (name, link) in [("progression", \Exercise.progressionID), ("regression", \Exercise.regressionID)] {
            for (file, start) in exercises {
                var seen: Set<String> = [start.id]
                var current = start[keyPath: link]
                while let id = current, let next = byID[id]?.exercise {
                    if id == start.id {
                        log.add(
                            file, "exercise '\(start.id)'", name,
                            "following \(name) links leads back to '\(start.id)'")
                        break
                    }
                    guard seen.insert(id).inserted else { break }
                    current = next[keyPath: link]
                }
            }
        }
    }

    /// Items written without a dosage take their exercise's default dosage.
    static func fillingDefaultDosages(_ program: Program, from defaults: [String: Dosage]) -> Program {
        var program = program
        for p in program.phases.indices {
            for w in program.phases[p].weeks.indices {
                for s in program.phases[p].weeks[w].sessions.indices {
                    for i in program.phases[p].weeks[w].sessions[s].prescriptions.indices {
                        let item = program.phases[p].weeks[w].sessions[s].prescriptions[i]
                        if item.dosage == CatalogReader.placeholder, let dosage = defaults[item.exerciseID] {
                            program.phases[p].weeks[w].sessions[s].prescriptions[i].dosage = dosage
                        }
                    }
                }
            }
        }
        return program
    }
}
