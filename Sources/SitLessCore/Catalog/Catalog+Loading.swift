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
                    demonstrations += CatalogReader.demonstrations(path, root, context: context, log: log).map { (path, $0) }
                }
            } else if path.hasPrefix("articles/") && path.hasSuffix(".md") {
                if let a = CatalogReader.article(file, context: context, log: log) { articles.append((path, a)) }
            } else {
                log.add(path, nil, nil, "is not a catalog file (expected exercises/*.json, programs/*.json, articles/*.md, demonstrations/*.json or references.json)")
            }
        }

        CatalogChecks.uniqueIDs(exercises.map { ($0.file, "exercise", $0.exercise.id) }, log: log)
        CatalogChecks.uniqueIDs(programs.map { ($0.file, "program", $0.program.id) }, log: log)
        CatalogChecks.uniqueIDs(articles.map { ($0.file, "article", $0.article.id) }, log: log)
        CatalogChecks.uniqueIDs(references.map { ($0.file, "reference", $0.reference.id) }, log: log)
        CatalogChecks.ladderLoops(exercises, log: log)
        CatalogChecks.demonstrations(demonstrations, log: log)

        guard log.problems.isEmpty else { throw CatalogError(problems: log.problems) }
        let defaults = Dictionary(exercises.map { ($0.exercise.id, $0.exercise.dosage) }, uniquingKeysWith: { a, _ in a })
        let filled = programs.map { CatalogChecks.fillingDefaultDosages($0.program, from: defaults) }
        return Catalog(exercises: exercises.map(\.exercise), programs: filled,
                       articles: articles.map(\.article), references: references.map(\.reference),
                       demonstrations: demonstrations.map(\.demonstration),
                       demonstrationFiles: Dictionary(demonstrations.map { ($0.demonstration.exerciseID, $0.file) }, uniquingKeysWith: { a, _ in a }))
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
            throw CatalogError(problems: [CatalogProblem(file: "Catalog", message: "the built-in catalog folder is missing from the bundle")])
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
                  !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
            files.append(CatalogSourceFile(path: relative, contents: try Data(contentsOf: URL(fileURLWithPath: full))))
        }
        return files
    }
}

/// Turns one data file into domain values, logging what is wrong.
enum CatalogReader {
    /// The ids entries may link to.
    struct Context {
        var exerciseIDs: Set<String>
        var referenceIDs: Set<String>
    }

    static func json(_ file: CatalogSourceFile, log: ProblemLog) -> JSONValue? {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: file.contents)
        } catch let DecodingError.dataCorrupted(context) {
            let detail = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            log.add(file.path, nil, nil, "is not valid JSON: \(detail ?? context.debugDescription)")
        } catch {
            log.add(file.path, nil, nil, "is not valid JSON: \(error)")
        }
        return nil
    }

    static func entries(_ path: String, _ root: JSONValue, log: ProblemLog) -> [(label: String, object: [String: JSONValue])] {
        guard case .array(let items) = root else {
            log.add(path, nil, nil, "must be a JSON list of entries, found \(root.kindName)")
            return []
        }
        var out: [(String, [String: JSONValue])] = []
        for (i, item) in items.enumerated() {
            guard case .object(let object) = item else {
                log.add(path, "entry \(i + 1)", nil, "must be an object, found \(item.kindName)")
                continue
            }
            out.append(("entry \(i + 1)", object))
        }
        return out
    }

    /// The entry's label: its id when it has a usable one, else its position.
    static func label(_ kind: String, _ object: [String: JSONValue], fallback: String) -> String {
        if case .string(let id)? = object["id"], !id.isEmpty { return "\(kind) '\(id)'" }
        return fallback
    }

    static func slug(_ reader: inout FieldReader) -> String? {
        guard let id = reader.text("id") else { return nil }
        guard Catalog.isSlug(id) else {
            reader.report("id", "'\(id)' must be lower-case words joined by single dashes, like side-lying-clam")
            return nil
        }
        return id
    }

    // MARK: Exercises

    static func exercises(_ path: String, _ root: JSONValue, context: Context, log: ProblemLog) -> [Exercise] {
        entries(path, root, log: log).compactMap { entry in
            exercise(entry.object, file: path, label: label("exercise", entry.object, fallback: entry.label), context: context, log: log)
        }
    }

    static func exercise(_ object: [String: JSONValue], file: String, label: String?, context: Context, log: ProblemLog) -> Exercise? {
        let before = log.problems.count
        var r = FieldReader(object, file: file, entry: label, log: log)
        let id = slug(&r)
        let name = r.text("name")
        let aliases = r.texts("aliases", required: false)
        let summary = r.text("summary")
        let kind = r.term("kind", ExerciseKind.self)
        let primary = r.terms("primaryMuscles", Muscle.self, required: true)
        let secondary = r.terms("secondaryMuscles", Muscle.self, required: false)
        let equipment = r.terms("equipment", Equipment.self, required: true)
        if equipment.contains(.none) && equipment.count > 1 {
            r.report("equipment", "'none' cannot be listed together with other equipment")
        }
        let position = r.term("position", BodyPosition.self)
        let level = r.term("level", ExerciseLevel.self)
        let deskBreak = r.bool("deskBreak") ?? false
        let how = r.texts("how", required: true, nonEmpty: true)
        let feel = r.text("feel")
        var compensations: [Compensation] = []
        for (i, item) in r.objects("compensations", required: true).enumerated() {
            var c = FieldReader(item, file: file, entry: label, prefix: "compensations[\(i + 1)]", log: log)
            let fault = c.text("fault"), fix = c.text("fix")
            c.finish()
            if let fault, let fix { compensations.append(Compensation(fault: fault, fix: fix)) }
        }
        let cautions = r.texts("cautions", required: false)
        let dosageObject = r.object("dosage", required: true)
        let dosage = dosageObject.flatMap { Self.dosage($0, file: file, entry: label, prefix: "dosage", log: log) }
        let regression = r.optionalText("regression")
        let progression = r.optionalText("progression")
        var evidence: [Evidence] = []
        for (i, item) in r.objects("evidence", required: false).enumerated() {
            var e = FieldReader(item, file: file, entry: label, prefix: "evidence[\(i + 1)]", log: log)
            let muscle = e.term("muscle", Muscle.self)
            let measure = e.text("measure")
            let value = e.requiredNumber("value")
            let unit = e.text("unit")
            let note = e.optionalText("note")
            let reference = e.text("reference")
            e.finish()
            if let muscle, let measure, let value, let unit, let reference {
                evidence.append(Evidence(muscle: muscle, measure: measure, value: value, unit: unit, note: note, referenceID: reference))
            }
        }
        let source = r.optionalText("source")
        r.finish()

        if let id {
            if regression == id { r.report("regression", "an exercise cannot be its own easier step") }
            if progression == id { r.report("progression", "an exercise cannot be its own harder step") }
        }
        for (field, link) in [("regression", regression), ("progression", progression)] {
            if let link, link != id, !context.exerciseIDs.contains(link) { r.report(field, "'\(link)' is not a known exercise") }
        }
        if let source, !context.referenceIDs.contains(source) { r.report("source", "'\(source)' is not in references.json") }
        for (i, item) in evidence.enumerated() where !context.referenceIDs.contains(item.referenceID) {
            r.report("evidence[\(i + 1)].reference", "'\(item.referenceID)' is not in references.json")
        }
        if deskBreak {
            let extra = Set(equipment).subtracting(Equipment.deskFriendly)
            if !extra.isEmpty {
                r.report("equipment", "a desk-break move may only use none, chair, desk or wall, not \(extra.map(\.rawValue).sorted().joined(separator: ", "))")
            }
            if let dosage, dosage.estimatedSeconds() > 120 {
                r.report("dosage", "a desk-break move must take 2 minutes or less; \(dosage.volume) takes about \(Dosage.formatSeconds(dosage.estimatedSeconds()))")
            }
        }
        guard log.problems.count == before, let id, let name, let summary, let kind, let position, let level,
              let feel, let dosage else { return nil }
        return Exercise(id: id, name: name, aliases: aliases, summary: summary, kind: kind, primaryMuscles: primary,
                        secondaryMuscles: secondary, equipment: equipment, position: position, level: level,
                        isDeskBreak: deskBreak, how: how, feel: feel, compensations: compensations, cautions: cautions,
                        dosage: dosage, regressionID: regression, progressionID: progression, evidence: evidence,
                        sourceID: source)
    }

    /// `{ "sets": 3, "reps": 15, "each": "leg", "rest": 60, "tempo": "2-0-1-0", "perWeek": "3-4", "load": "...", "loadKg": 8 }`
    static func dosage(_ object: [String: JSONValue], file: String, entry: String?, prefix: String, log: ProblemLog) -> Dosage? {
        let before = log.problems.count
        var r = FieldReader(object, file: file, entry: entry, prefix: prefix, log: log)
        let sets = r.integer("sets")
        let given = ["reps", "hold", "seconds"].filter { r.has($0) }
        var target: Dosage.Target?
        if given.count != 1 {
            r.report(nil, given.isEmpty ? "needs one of reps, hold or seconds"
                          : "gives \(given.joined(separator: " and ")); give exactly one of reps, hold or seconds")
            for key in given { _ = r.integer(key, required: false) }
        } else if let n = r.integer(given[0]) {
            switch given[0] {
            case "reps": target = .reps(n)
            case "hold": target = .hold(seconds: n)
            default: target = .timed(seconds: n)
            }
        }
        var each: Dosage.Side?
        if let side = r.optionalText("each") {
            each = Dosage.Side(rawValue: side)
            if each == nil { r.report("each", "'\(side)' is not one of: side, leg, arm") }
        }
        let rest = r.integer("rest", required: false)
        let tempo = r.optionalText("tempo")
        var perWeek: WeeklyFrequency?
        if r.has("perWeek") {
            switch object["perWeek"] {
            case .int(let n)?: perWeek = WeeklyFrequency(n); _ = r.integer("perWeek", required: false)
            default:
                if let text = r.optionalText("perWeek") {
                    perWeek = WeeklyFrequency(parsing: text)
                    if perWeek == nil { r.report("perWeek", "'\(text)' must look like 3 or 3-4") }
                }
            }
        }
        let loadNote = r.optionalText("load")
        let loadKg = r.number("loadKg")
        r.finish()
        guard let sets, let target else { return nil }
        let dosage = Dosage(sets: sets, target: target, each: each, restSeconds: rest, tempo: tempo, perWeek: perWeek,
                            loadKilograms: loadKg, loadNote: loadNote)
        for problem in dosage.problems { log.add(file, entry, prefix, problem) }
        return log.problems.count == before ? dosage : nil
    }

    // MARK: Programs

    static func program(_ path: String, _ root: JSONValue, context: Context, log: ProblemLog) -> Program? {
        let file = CatalogSourceFile(path: path, contents: Data())
        guard case .object(let object) = root else {
            log.add(path, nil, nil, "must be one JSON object (a program), found \(root.kindName)")
            return nil
        }
        let before = log.problems.count
        let label = label("program", object, fallback: "program")
        var r = FieldReader(object, file: file.path, entry: label, log: log)
        let id = slug(&r)
        let expected = String(file.path.dropFirst("programs/".count).dropLast(".json".count))
        if let id, id != expected { r.report("id", "'\(id)' must match the file name '\(expected)'") }
        let name = r.text("name"), audience = r.text("audience"), goal = r.text("goal")
        var perWeek: WeeklyFrequency?
        switch object["perWeek"] {
        case .int(let n)?: perWeek = WeeklyFrequency(n); _ = r.integer("perWeek")
        default:
            if let text = r.text("perWeek") {
                perWeek = WeeklyFrequency(parsing: text)
                if perWeek == nil { r.report("perWeek", "'\(text)' must look like 3 or 3-4") }
            }
        }
        if let problem = perWeek?.problem { r.report("perWeek", problem) }
        let source = r.optionalText("source")
        if let source, !context.referenceIDs.contains(source) { r.report("source", "'\(source)' is not in references.json") }
        var phases: [ProgramPhase] = []
        var weekNumber = 0
        for (p, phaseObject) in r.objects("phases", required: true).enumerated() {
            let phasePath = "phases[\(p + 1)]"
            var pr = FieldReader(phaseObject, file: file.path, entry: label, prefix: phasePath, log: log)
            let phaseName = pr.text("name")
            let focus = pr.text("focus")
            var weeks: [ProgramWeek] = []
            for (w, weekObject) in pr.objects("weeks", required: true).enumerated() {
                let weekPath = "\(phasePath).weeks[\(w + 1)]"
                var wr = FieldReader(weekObject, file: file.path, entry: label, prefix: weekPath, log: log)
                let repeatCount = wr.integer("repeat", required: false) ?? 1
                if !(1...52).contains(repeatCount) { wr.report("repeat", "must be 1 to 52 weeks, got \(repeatCount)") }
                var sessions: [SessionTemplate] = []
                for (s, sessionObject) in wr.objects("sessions", required: true).enumerated() {
                    let sessionPath = "\(weekPath).sessions[\(s + 1)]"
                    var sr = FieldReader(sessionObject, file: file.path, entry: label, prefix: sessionPath, log: log)
                    let sessionName = sr.text("name")
                    var items: [Prescription] = []
                    for (i, itemObject) in sr.objects("items", required: true).enumerated() {
                        let itemPath = "\(sessionPath).items[\(i + 1)]"
                        var ir = FieldReader(itemObject, file: file.path, entry: label, prefix: itemPath, log: log)
                        let exercise = ir.text("exercise")
                        if let exercise, !context.exerciseIDs.contains(exercise) {
                            ir.report("exercise", "'\(exercise)' is not a known exercise")
                        }
                        let dosage = ir.object("dosage", required: false).flatMap {
                            Self.dosage($0, file: file.path, entry: label, prefix: "\(itemPath).dosage", log: log)
                        }
                        let notes = ir.optionalText("notes")
                        ir.finish()
                        // A missing dosage is filled from the exercise after all exercises are known.
                        if let exercise {
                            items.append(Prescription(exerciseID: exercise, dosage: dosage ?? Self.placeholder, notes: notes))
                        }
                    }
                    sr.finish()
                    if let sessionName { sessions.append(SessionTemplate(name: sessionName, prescriptions: items)) }
                }
                wr.finish()
                for _ in 0..<max(1, min(repeatCount, 52)) {
                    weekNumber += 1
                    weeks.append(ProgramWeek(number: weekNumber, sessions: sessions))
                }
            }
            pr.finish()
            if let phaseName, let focus { phases.append(ProgramPhase(name: phaseName, focus: focus, weeks: weeks)) }
        }
        r.finish()
        guard log.problems.count == before, let id, let name, let audience, let goal, let perWeek else { return nil }
        return Program(id: id, name: name, audience: audience, goal: goal, perWeek: perWeek, sourceID: source, phases: phases)
    }

    /// Marks a program item whose dosage comes from its exercise; replaced in `programLinks`.
    static let placeholder = Dosage(sets: 0, target: .reps(0))

    // MARK: Articles

    static func article(_ file: CatalogSourceFile, context: Context, log: ProblemLog) -> Article? {
        guard let text = String(data: file.contents, encoding: .utf8) else {
            log.add(file.path, nil, nil, "is not UTF-8 text")
            return nil
        }
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        guard lines.first == "---", let end = lines.dropFirst().firstIndex(of: "---") else {
            log.add(file.path, nil, nil, "must start with a header block between two '---' lines")
            return nil
        }
        var header: [String: String] = [:]
        for (offset, line) in lines[1..<end].enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let colon = line.firstIndex(of: ":") else {
                log.add(file.path, "line \(offset + 2)", nil, "header lines look like 'title: ...'")
                continue
            }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            header[key] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let before = log.problems.count
        let expected = String(file.path.dropFirst("articles/".count).dropLast(".md".count))
        let id = header["id"] ?? ""
        let label = "article '\(id.isEmpty ? expected : id)'"
        for key in ["id", "title", "summary"] where (header[key] ?? "").isEmpty {
            log.add(file.path, label, key, "is missing from the header")
        }
        for key in header.keys.sorted() where !["id", "title", "summary", "references"].contains(key) {
            log.add(file.path, label, key, "is not a known header field")
        }
        if !id.isEmpty && id != expected { log.add(file.path, label, "id", "'\(id)' must match the file name '\(expected)'") }
        if !id.isEmpty && !Catalog.isSlug(id) { log.add(file.path, label, "id", "'\(id)' must be lower-case words joined by dashes") }
        let references = (header["references"] ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let body = lines[(end + 1)...].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if body.isEmpty { log.add(file.path, label, "body", "the article has no text") }
        for id in references where !context.referenceIDs.contains(id) {
            log.add(file.path, label, "references", "'\(id)' is not in references.json")
        }
        let cited = Article(id: id, title: "", summary: "", referenceIDs: [], body: body).citedIDs
        for id in Set(cited).subtracting(references).sorted() {
            log.add(file.path, label, "body", "cites [\(id)] but the header's references do not list it")
        }
        guard log.problems.count == before else { return nil }
        return Article(id: id, title: header["title"]!, summary: header["summary"]!, referenceIDs: references, body: body)
    }

    // MARK: References

    static func references(_ path: String, _ root: JSONValue, log: ProblemLog) -> [Reference] {
        entries(path, root, log: log).compactMap { entry in
            let before = log.problems.count
            var r = FieldReader(entry.object, file: path, entry: label("reference", entry.object, fallback: entry.label), log: log)
            let id = slug(&r)
            let citation = r.text("citation")
            let doi = r.optionalText("doi")
            let url = r.optionalText("url")
            r.finish()
            guard log.problems.count == before, let id, let citation else { return nil }
            return Reference(id: id, citation: citation, doi: doi, url: url)
        }
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
                        log.add(file, "exercise '\(start.id)'", name, "following \(name) links leads back to '\(start.id)'")
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
