import Foundation

/// CatalogReader for programs, articles and references.
extension CatalogReader {
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
        let name = r.text("name")
        let audience = r.text("audience")
        let goal = r.text("goal")
        var perWeek: WeeklyFrequency?
        switch object["perWeek"] {
        case .int(let n)?:
            perWeek = WeeklyFrequency(n)
            _ = r.integer("perWeek")
        default:
            if let text = r.text("perWeek") {
                perWeek = WeeklyFrequency(parsing: text)
                if perWeek == nil { r.report("perWeek", "'\(text)' must look like 3 or 3-4") }
            }
        }
        if let problem = perWeek?.problem { r.report("perWeek", problem) }
        let source = r.optionalText("source")
        if let source, !context.referenceIDs.contains(source) {
            r.report("source", "'\(source)' is not in references.json")
        }
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
                            items.append(
                                Prescription(
                                    exerciseID: exercise, dosage: dosage ?? Self.placeholder,
                                    notes: notes))
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
        return Program(
            id: id, name: name, audience: audience, goal: goal, perWeek: perWeek, sourceID: source,
            phases: phases)
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
        if !id.isEmpty && id != expected {
            log.add(file.path, label, "id", "'\(id)' must match the file name '\(expected)'")
        }
        if !id.isEmpty && !Catalog.isSlug(id) {
            log.add(file.path, label, "id", "'\(id)' must be lower-case words joined by dashes")
        }
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
        return Article(
            id: id, title: header["title"]!, summary: header["summary"]!, referenceIDs: references,
            body: body)
    }

    // MARK: References

    static func references(_ path: String, _ root: JSONValue, log: ProblemLog) -> [Reference] {
        entries(path, root, log: log).compactMap { entry in
            let before = log.problems.count
            var r = FieldReader(
                entry.object, file: path,
                entry: label("reference", entry.object, fallback: entry.label), log: log)
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
