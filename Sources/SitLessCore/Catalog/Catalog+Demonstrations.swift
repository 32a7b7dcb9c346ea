import Foundation

extension CatalogReader {
    // MARK: Demonstrations

    /// `demonstrations/*.json`: a list of demonstrations, each naming its exercise.
    static func demonstrations(_ path: String, _ root: JSONValue, context: Context, log: ProblemLog) -> [Demonstration]
    {
        entries(path, root, log: log).compactMap { entry in
            var label = entry.label
            if case .string(let id)? = entry.object["exercise"], !id.isEmpty { label = "exercise '\(id)'" }
            return demonstration(entry.object, file: path, label: label, context: context, log: log)
        }
    }

    static func demonstration(
        _ object: [String: JSONValue], file: String, label: String?, context: Context, log: ProblemLog
    ) -> Demonstration? {
        let before = log.problems.count
        var r = FieldReader(object, file: file, entry: label, log: log)
        if let format = r.integer("format"), format != Demonstration.format {
            r.report("format", "this version of SitLess reads format \(Demonstration.format), not \(format)")
        }
        let exercise = r.text("exercise")
        if let exercise, !context.exerciseIDs.contains(exercise) {
            r.report("exercise", "'\(exercise)' is not a known exercise")
        }
        let view = r.term("view", FigureView.self)
        var motion: DemonstrationMotion?
        if let movement = r.text("movement") {
            if movement == "cycle" {
                motion = .cycle(seconds: r.number("cycleSeconds") ?? 2)
            } else if let phase = TempoPhase(rawValue: movement) {
                motion = .outAndBack(phase)
                if r.has("cycleSeconds") { r.report("cycleSeconds", "only a cycle has cycle seconds") }
            } else {
                r.report("movement", "'\(movement)' is not one of: lift, lower, cycle")
            }
        }
        var working: BodySide?
        if let side = r.optionalText("working"), side != "both" {
            working = BodySide(rawValue: side)
            if working == nil { r.report("working", "'\(side)' is not one of: right, left, both") }
        }
        let alternates = r.bool("alternates") ?? false
        var props: [PropPlacement] = []
        for (i, item) in r.objects("props", required: false).enumerated() {
            var p = FieldReader(item, file: file, entry: label, prefix: "props[\(i + 1)]", log: log)
            let kind = p.term("prop", PropKind.self)
            let at = p.optionalText("at")
            let inset = p.number("inset")
            let toward = p.optionalText("toward")
            let height = p.number("height")
            let points = p.texts("points", required: false)
            p.finish()
            if let kind {
                props.append(
                    PropPlacement(kind: kind, at: at, inset: inset, toward: toward, height: height, points: points))
            }
        }
        var poses: [Pose] = []
        for (i, item) in r.objects("poses", required: true).enumerated() {
            if let pose = pose(item, file: file, entry: label, prefix: "poses[\(i + 1)]", log: log) {
                poses.append(pose)
            }
        }
        r.finish()
        guard log.problems.count == before, let exercise, let view, let motion else { return nil }
        return Demonstration(
            exerciseID: exercise, view: view, motion: motion, workingSide: working,
            alternates: alternates, props: props, poses: poses)
    }

    static func pose(
        _ object: [String: JSONValue], file: String, entry: String?, prefix: String, log: ProblemLog
    ) -> Pose? {
        let before = log.problems.count
        var named = prefix
        if case .string(let text)? = object["name"], !text.isEmpty { named = "\(prefix) '\(text)'" }
        var r = FieldReader(object, file: file, entry: entry, prefix: named, log: log)
        let name = r.text("name")
        var angles: [BodyAngle: Double] = [:]
        for (key, value) in numbers(&r, "body") {
            switch key {
            case "tilt": angles[.tilt] = value
            case "roll": angles[.roll] = value
            case "turn": angles[.turn] = value
            default: r.report("body.\(key)", "is not one of: tilt, roll, turn")
            }
        }
        var sided: [BodyAngle: Double] = [:]
        for (key, value) in numbers(&r, "joints") {
            guard let targets = Pose.jointNames(key) else {
                let motions = JointMotion.allCases.map(\.rawValue).joined(separator: ", ")
                r.report("joints.\(key)", "is not a joint; use one of \(motions), with right- or left- for one side")
                continue
            }
            if targets.count == 1 {
                sided[targets[0]] = value
            } else {
                for t in targets where angles[t] == nil { angles[t] = value }
            }
        }
        angles.merge(sided) { _, side in side }
        var contacts: [String: String] = [:]
        if let map = r.object("contacts", required: true) {
            for key in map.keys.sorted() {
                guard case .string(let target)? = map[key] else {
                    r.report(
                        "contacts.\(key)", "must name the floor, a prop or a body point, found \(map[key]!.kindName)")
                    continue
                }
                contacts[key] = target
            }
        }
        let slides = Set(r.texts("slides", required: false))
        for point in slides where contacts[point] == nil {
            r.report("slides", "'\(point)' is not one of this pose's contacts")
        }
        let endOfRange = r.bool("endOfRange") ?? false
        let seconds = r.number("seconds")
        let pause = r.number("pause")
        r.finish()
        guard log.problems.count == before, let name else { return nil }
        return Pose(
            name: name, angles: angles, contacts: Pose.expandContacts(contacts, slides: slides),
            endOfRange: endOfRange, seconds: seconds, pause: pause)
    }

    /// An optional object of numbers (`"joints": {"hip-flexion": 90}`).
    static func numbers(_ r: inout FieldReader, _ key: String) -> [(String, Double)] {
        guard let object = r.object(key, required: false) else { return [] }
        var out: [(String, Double)] = []
        for name in object.keys.sorted() {
            switch object[name]! {
            case .int(let i): out.append((name, Double(i)))
            case .double(let d): out.append((name, d))
            case let other: r.report("\(key).\(name)", "must be a number of degrees, found \(other.kindName)")
            }
        }
        return out
    }
}

extension CatalogChecks {
    /// One demonstration per exercise, each with known names and angles within their ranges
    /// as written. Solving the poses (do the contacts touch?) is `Catalog.demonstrationProblems()`.
    static func demonstrations(_ items: [(file: String, demonstration: Demonstration)], log: ProblemLog) {
        var seen: [String: String] = [:]
        for (file, demo) in items {
            let label = "exercise '\(demo.exerciseID)'"
            if let earlier = seen[demo.exerciseID] {
                log.add(file, label, "exercise", "already has a demonstration in \(earlier)")
                continue
            }
            seen[demo.exerciseID] = file
            for problem in FigureAnimation.problemsAsWritten(demo) {
                log.add(file, label, problem.field, problem.message)
            }
        }
    }
}

extension Catalog {
    /// Every demonstration solved against its exercise's dosage: the contacts can touch,
    /// joints stay near what is written and inside their ranges, nothing goes below the
    /// floor. Loading checks only names and ranges as written (it must stay fast); this is
    /// the full check `sitless catalog` and the tests run. Problems name file, exercise and field.
    public func demonstrationProblems(figure: Figure = Figure()) -> [CatalogProblem] {
        var problems: [CatalogProblem] = []
        for demo in demonstrations {
            guard let exercise = exercise(demo.exerciseID) else { continue }
            if case .failure(let failure) = FigureAnimation.make(
                demo, dosage: exercise.dosage, figure: figure, sampling: false)
            {
                let file = demonstrationFiles[demo.exerciseID] ?? "demonstrations"
                problems += failure.problems.map {
                    CatalogProblem(
                        file: file, entry: "exercise '\(demo.exerciseID)'", field: $0.field, message: $0.message)
                }
            }
        }
        return problems
    }
}
