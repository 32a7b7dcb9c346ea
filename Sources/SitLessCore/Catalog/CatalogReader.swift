import Foundation

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

    static func entries(
        _ path: String, _ root: JSONValue,
        log: ProblemLog
    ) -> [(label: String, object: [String: JSONValue])] {
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
            exercise(
                entry.object, file: path, label: label("exercise", entry.object, fallback: entry.label),
                context: context, log: log)
        }
    }

    static func exercise(
        _ object: [String: JSONValue], file: String, label: String?, context: Context,
        log: ProblemLog
    ) -> Exercise? {
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
            let fault = c.text("fault")
            let fix = c.text("fix")
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
                evidence.append(
                    Evidence(
                        muscle: muscle, measure: measure, value: value, unit: unit, note: note,
                        referenceID: reference))
            }
        }
        let source = r.optionalText("source")
        r.finish()

        if let id {
            if regression == id { r.report("regression", "an exercise cannot be its own easier step") }
            if progression == id { r.report("progression", "an exercise cannot be its own harder step") }
        }
        for (field, link) in [("regression", regression), ("progression", progression)] {
            if let link, link != id, !context.exerciseIDs.contains(link) {
                r.report(field, "'\(link)' is not a known exercise")
            }
        }
        if let source, !context.referenceIDs.contains(source) {
            r.report("source", "'\(source)' is not in references.json")
        }
        for (i, item) in evidence.enumerated() where !context.referenceIDs.contains(item.referenceID) {
            r.report("evidence[\(i + 1)].reference", "'\(item.referenceID)' is not in references.json")
        }
        if deskBreak {
            let extra = Set(equipment).subtracting(Equipment.deskFriendly)
            if !extra.isEmpty {
                let others = extra.map(\.rawValue).sorted().joined(separator: ", ")
                r.report("equipment", "a desk-break move may only use none, chair, desk or wall, not \(others)")
            }
            if let dosage, dosage.estimatedSeconds() > 120 {
                let takes = Dosage.formatSeconds(dosage.estimatedSeconds())
                r.report(
                    "dosage",
                    "a desk-break move must take 2 minutes or less; \(dosage.volume) takes about \(takes)")
            }
        }
        guard log.problems.count == before, let id, let name, let summary, let kind, let position, let level,
            let feel, let dosage
        else { return nil }
        return Exercise(
            id: id, name: name, aliases: aliases, summary: summary, kind: kind, primaryMuscles: primary,
            secondaryMuscles: secondary, equipment: equipment, position: position, level: level,
            isDeskBreak: deskBreak, how: how, feel: feel, compensations: compensations, cautions: cautions,
            dosage: dosage, regressionID: regression, progressionID: progression, evidence: evidence,
            sourceID: source)
    }

    /// `{ "sets": 3, "reps": 15, "each": "leg", "rest": 60, "tempo": "2-0-1-0", "perWeek": "3-4",
    /// "load": "...", "loadKg": 8 }`
    static func dosage(
        _ object: [String: JSONValue], file: String, entry: String?, prefix: String,
        log: ProblemLog
    ) -> Dosage? {
        let before = log.problems.count
        var r = FieldReader(object, file: file, entry: entry, prefix: prefix, log: log)
        let sets = r.integer("sets")
        let given = ["reps", "hold", "seconds"].filter { r.has($0) }
        var target: Dosage.Target?
        if given.count != 1 {
            r.report(
                nil,
                given.isEmpty
                    ? "needs one of reps, hold or seconds"
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
            case .int(let n)?:
                perWeek = WeeklyFrequency(n)
                _ = r.integer("perWeek", required: false)
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
        let dosage = Dosage(
            sets: sets, target: target, each: each, restSeconds: rest, tempo: tempo, perWeek: perWeek,
            loadKilograms: loadKg, loadNote: loadNote)
        for problem in dosage.problems { log.add(file, entry, prefix, problem) }
        return log.problems.count == before ? dosage : nil
    }
}
