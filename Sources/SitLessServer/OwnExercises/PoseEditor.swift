import Foundation
import SitLessCore
import SitLessStore
import Vapor

/// The figure editor of a clinician's own exercise: the view, the movement and each key
/// pose's angles (a slider per joint, within its normal range), what touches the floor or a
/// prop, a preview, and save. Plain forms do everything (Preview re-draws the page); a small
/// script shows slider values as they move and redraws the preview without a reload. What is
/// saved is solved first, with the same checks as the built-in figures.
///
///   GET  /team/exercises/{id}/poses
///   POST /team/exercises/{id}/poses   action=preview|save|add|remove-N (format=svg: the preview alone)
enum PoseEditor {
    static let maxPoses = 6

    struct Option: Encodable, Sendable {
        var value: String
        var name: String
        var selected: Bool
    }
    struct Slider: Encodable, Sendable {
        var field: String
        var label: String
        var min: Int
        var max: Int
        var value: Int
    }
    struct Group: Encodable, Sendable {
        var title: String
        var sliders: [Slider]
    }
    struct PoseBlock: Encodable, Sendable {
        var number: Int
        var name: String
        var contacts: String
        var endOfRange: Bool
        var groups: [Group]
        var removable: Bool
    }
    struct Model: Encodable, Sendable {
        var id: String
        var name: String
        var views: [Option]
        var movements: [Option]
        var cycleSeconds: String
        var workings: [Option]
        var base: String
        var poses: [PoseBlock]
        var count: Int
        var canAdd: Bool
        var preview: String?
        var points: String
    }

    /// The editable state: the demonstration as catalog JSON, as an object.
    typealias Draft = [String: Any]

    static func owned(_ req: Request) async throws -> (id: String, exercise: Exercise, demonstration: Demonstration?) {
        let owner = try OwnExercisePages.requireClinician(req)
        let library = try await req.library()
        guard let id = req.parameters.get("id"), library.author(of: id)?.ownerID == owner,
            let exercise = library.exercise(id)
        else {
            throw Abort(.notFound)
        }
        return (id, exercise, library.catalog.demonstration(for: id))
    }

    static func page(_ req: Request) async throws -> Page<Model> {
        let (id, exercise, demonstration) = try await owned(req)
        let draft: Draft
        if let demonstration, let data = try? JSONEncoder().encode(demonstration),
            let object = try? JSONSerialization.jsonObject(with: data) as? Draft
        {
            draft = object
        } else {
            draft = neutral
        }
        let preview = demonstration == nil ? nil : try? previewURL(draft, exercise: exercise)
        return Page(
            template: "pose-editor", title: "Figure: \(exercise.name)", nav: "team",
            model: model(id: id, exercise: exercise, draft: draft, preview: preview))
    }

    /// Standing, feet on the floor: where a figure starts when there is none.
    static var neutral: Draft {
        [
            "view": "side", "movement": "lift", "working": "both",
            "poses": [
                ["name": "start", "joints": [String: Any](), "contacts": ["feet": "floor"]],
                ["name": "end", "joints": [String: Any](), "contacts": ["feet": "floor"]],
            ],
        ]
    }

    static func save(_ req: Request) async throws -> Response {
        let (id, exercise, _) = try await owned(req)
        let fields = try req.form()
        var draft = draft(from: fields)
        var poses = draft["poses"] as? [Draft] ?? []
        let action = fields["action"] ?? "preview"
        if action == "add", poses.count < maxPoses, var copy = poses.last {
            copy["name"] = "pose \(poses.count + 1)"
            poses.append(copy)
        } else if action.hasPrefix("remove-"), let n = Int(action.dropFirst(7)), poses.indices.contains(n - 1),
            poses.count > 2
        {
            poses.remove(at: n - 1)
        }
        draft["poses"] = poses
        let json = (try? JSONSerialization.data(withJSONObject: draft, options: [.sortedKeys])) ?? Data()
        let problems: [FieldError]
        switch OwnExercises.demonstration(json: json, for: exercise) {
        case .success(let demonstration):
            problems = []
            if action == "save" {
                let stored = String(decoding: try JSONEncoder().encode(demonstration), as: UTF8.self)
                guard
                    try await req.store.setOwnDemonstration(
                        slug: id, ownerID: try req.userID, json: stored, now: req.now)
                else {
                    throw Abort(.notFound)
                }
                return req.redirect(to: "/library/\(id)", flash: "Saved the figure of \(exercise.name).")
            }
        case .failure(let failure):
            problems = failure.problems.map {
                FieldError(field: "Figure", message: [$0.field, $0.message].compactMap { $0 }.joined(separator: ": "))
            }
        }
        if fields["format"] == "svg" {
            // The script's live preview: the drawing, or the problems as text.
            guard problems.isEmpty, let svg = try drawing(json, exercise: exercise) else {
                let text = problems.map(\.message).joined(separator: "\n")
                return Response(
                    status: .unprocessableEntity, headers: ["Content-Type": "text/plain; charset=utf-8"],
                    body: .init(string: text))
            }
            return Response(
                status: .ok, headers: ["Content-Type": "image/svg+xml; charset=utf-8"], body: .init(string: svg))
        }
        let preview = problems.isEmpty ? try previewURL(draft, exercise: exercise) : nil
        return try await Page(
            template: "pose-editor", title: "Figure: \(exercise.name)", nav: "team",
            model: model(id: id, exercise: exercise, draft: draft, preview: preview),
            status: problems.isEmpty ? .ok : .unprocessableEntity, errors: problems
        ).encodeResponse(for: req)
    }

    static func drawing(_ json: Data, exercise: Exercise) throws -> String? {
        guard case .success(let demonstration) = OwnExercises.demonstration(json: json, for: exercise, solve: false),
            case .success(let drawings) = ExerciseDrawings.make(
                demonstration, name: exercise.name, dosage: exercise.dosage,
                muscles: exercise.primaryMuscles)
        else { return nil }
        return drawings.animated
    }

    /// The animation as a `data:` address (the page's policy allows those for images).
    static func previewURL(_ draft: Draft, exercise: Exercise) throws -> String? {
        let json = try JSONSerialization.data(withJSONObject: draft, options: [.sortedKeys])
        return try drawing(json, exercise: exercise).map {
            "data:image/svg+xml;base64," + Data($0.utf8).base64EncodedString()
        }
    }

    // MARK: Form <-> draft

    /// The form as a demonstration in the catalog's format; the hidden `base` keeps the props.
    static func draft(from fields: [String: String]) -> Draft {
        var draft: Draft =
            (fields["base"].flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) } as? Draft) ?? [:]
        draft = draft.filter { ["props", "alternates"].contains($0.key) }
        draft["view"] = fields["view"] ?? "side"
        draft["movement"] = fields["movement"] ?? "lift"
        draft["working"] = fields["working"] ?? "both"
        if draft["movement"] as? String == "cycle" { draft["cycleSeconds"] = Double(fields["cycleSeconds"] ?? "") ?? 2 }
        var poses: [Draft] = []
        for n in 1...maxPoses {
            guard let name = fields["pose-\(n)-name"] else { break }
            var body: [String: Double] = [:]
            var joints: [String: Double] = [:]
            for control in PoseControl.all {
                guard let value = fields["pose-\(n)-\(control.key)"].flatMap(Double.init), value != 0 else { continue }
                if control.isBody { body[control.key] = value } else { joints[control.key] = value }
            }
            // "right-heel: floor", or "right-heel: floor sliding" when it may slide along it.
            var contacts: [String: String] = [:]
            var slides: [String] = []
            for line in OwnExerciseForm.lines(fields["pose-\(n)-contacts"]) {
                let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                var target = parts.count == 2 ? parts[1] : ""
                if target.hasSuffix(" sliding") {
                    target = String(target.dropLast(" sliding".count)).trimmingCharacters(in: .whitespaces)
                    slides.append(parts[0])
                }
                contacts[parts[0]] = target
            }
            var pose: Draft = ["name": name, "joints": joints, "contacts": contacts]
            if !slides.isEmpty { pose["slides"] = slides }
            if !body.isEmpty { pose["body"] = body }
            if fields["pose-\(n)-endOfRange"] == "on" { pose["endOfRange"] = true }
            poses.append(pose)
        }
        draft["poses"] = poses
        return draft
    }

    static func model(id: String, exercise: Exercise, draft: Draft, preview: String?) -> Model {
        func options(_ values: [(String, String)], _ key: String, _ fallback: String) -> [Option] {
            values.map { Option(value: $0.0, name: $0.1, selected: (draft[key] as? String ?? fallback) == $0.0) }
        }
        let drafted = draft["poses"] as? [Draft] ?? []
        let poses = drafted.enumerated().map { i, pose -> PoseBlock in
            let body = pose["body"] as? [String: Any] ?? [:]
            let joints = pose["joints"] as? [String: Any] ?? [:]
            let groups = PoseControl.Group.allCases.map { group in
                Group(
                    title: [
                        "body": "Whole body", "trunk": "Spine and neck", "right": "Right side", "left": "Left side",
                    ][group.rawValue]!,
                    sliders: PoseControl.all.filter { $0.group == group }.map { control in
                        let value = ((control.isBody ? body : joints)[control.key] as? NSNumber)?.doubleValue ?? 0
                        return Slider(
                            field: "pose-\(i + 1)-\(control.key)", label: control.label,
                            min: Int(control.range.lowerBound),
                            max: Int(control.range.upperBound), value: Int(value.rounded()))
                    })
            }
            let sliding = Set(pose["slides"] as? [String] ?? [])
            let contacts = (pose["contacts"] as? [String: String] ?? [:]).sorted { $0.key < $1.key }
                .map { "\($0.key): \($0.value)" + (sliding.contains($0.key) ? " sliding" : "") }
            return PoseBlock(
                number: i + 1, name: pose["name"] as? String ?? "pose \(i + 1)",
                contacts: contacts.joined(separator: "\n"),
                endOfRange: pose["endOfRange"] as? Bool ?? false, groups: groups, removable: drafted.count > 2)
        }
        let base =
            (try? JSONSerialization.data(
                withJSONObject: draft.filter { ["props", "alternates"].contains($0.key) }, options: [.sortedKeys]))
            .map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return Model(
            id: id, name: exercise.name,
            views: options(
                [("side", "from the side"), ("front", "from the front"), ("top", "from above")], "view", "side"),
            movements: options(
                [
                    ("lift", "lift (first pose to last is the effort)"),
                    ("lower", "lower (first to last is the lowering)"),
                    ("cycle", "cycle (walking, circles)"),
                ], "movement", "lift"),
            cycleSeconds: (draft["cycleSeconds"] as? NSNumber).map { "\($0.doubleValue)" } ?? "2",
            workings: options(
                [("both", "both sides"), ("right", "the right side"), ("left", "the left side")], "working", "both"),
            base: base, poses: poses, count: poses.count, canAdd: poses.count < maxPoses, preview: preview,
            points: PoseControl.contactPoints.joined(separator: ", "))
    }
}
