import Foundation
import SitLessCore
import SitLessStore
import Vapor

/// A clinician's own exercises: list, write, change. The form becomes a catalog entry
/// (JSON in the catalog's format) read by the catalog's own reader, so it needs the same
/// fields and passes the same checks as a built-in exercise; problems come back on the form
/// named by the field they are about. The figure starts from a built-in exercise's poses (or
/// none) and is then set in the pose editor.
enum OwnExercisePages {
    struct Option: Encodable, Sendable {
        var value: String
        var name: String
        var selected: Bool
    }
    struct Row: Encodable, Sendable {
        var id: String
        var name: String
        var dosage: String
        var hasFigure: Bool
        var media: Int
    }
    struct ListModel: Encodable, Sendable { var exercises: [Row] }
    struct Pair: Encodable, Sendable {
        var number: Int
        var fault: String
        var fix: String
    }
    struct FormModel: Encodable, Sendable {
        var id: String?
        var action: String
        var fields: [String: String]
        var kinds: [Option]
        var positions: [Option]
        var levels: [Option]
        var sides: [Option]
        var targets: [Option]
        var equipment: [Option]
        var muscles: [Option]
        var links: [Option]
        var harderLinks: [Option]
        var figures: [Option]
        var mistakes: [Pair]
    }

    static func requireClinician(_ req: Request) throws -> UUID {
        let user = try req.user
        guard user.isClinician else { throw Abort(.forbidden, reason: TeamError.notClinician.description) }
        return user.id
    }

    static func list(_ req: Request) async throws -> Page<ListModel> {
        let owner = try requireClinician(req)
        let library = try await req.library()
        let media = try await MediaPages.all(req)
        let rows = library.own.filter { $0.value.ownerID == owner }.keys.sorted().compactMap { id -> Row? in
            guard let e = library.exercise(id) else { return nil }
            return Row(
                id: id, name: e.name, dosage: e.dosage.volume(in: req.loadUnit),
                hasFigure: library.catalog.demonstration(for: id) != nil,
                media: media[id]?.count ?? 0)
        }.sorted { $0.name < $1.name }
        return Page(template: "own-exercises", title: "Your exercises", nav: "team", model: ListModel(exercises: rows))
    }

    static func newForm(_ req: Request) async throws -> Page<FormModel> {
        _ = try requireClinician(req)
        let defaults = [
            "sets": "3", "amount": "10", "target": "reps", "perWeek": "3", "rest": "60", "kind": "strength",
            "level": "beginner", "position": "standing",
        ]
        return Page(
            template: "own-exercise", title: "New exercise", nav: "team",
            model: try await model(req, id: nil, fields: defaults))
    }

    static func editForm(_ req: Request) async throws -> Page<FormModel> {
        let owner = try requireClinician(req)
        let library = try await req.library()
        guard let id = req.parameters.get("id"), library.author(of: id)?.ownerID == owner, let e = library.exercise(id)
        else {
            throw Abort(.notFound)
        }
        return Page(
            template: "own-exercise", title: "Change \(e.name)", nav: "team",
            model: try await model(req, id: id, fields: OwnExerciseForm.fields(of: e)))
    }

    static func model(_ req: Request, id: String?, fields: [String: String]) async throws -> FormModel {
        let library = try await req.library()
        func options<T: CatalogTerm>(_ type: T.Type, _ key: String) -> [Option] {
            T.allCases.map { Option(value: $0.rawValue, name: $0.name, selected: fields[key] == $0.rawValue) }
        }
        func checks<T: CatalogTerm>(_ type: T.Type, _ prefix: String) -> [Option] {
            T.allCases.map {
                Option(value: $0.rawValue, name: $0.name, selected: fields["\(prefix)-\($0.rawValue)"] == "on")
            }
        }
        let others = library.catalog.exercises.filter { $0.id != id }.sorted { $0.name < $1.name }
        func links(_ key: String) -> [Option] {
            [Option(value: "", name: "none", selected: (fields[key] ?? "").isEmpty)]
                + others.map { Option(value: $0.id, name: $0.name, selected: fields[key] == $0.id) }
        }
        let figures =
            [Option(value: "", name: id == nil ? "no figure yet" : "keep the figure as it is", selected: true)]
            + library.catalog.exercises.filter { library.catalog.demonstration(for: $0.id) != nil && $0.id != id }
            .sorted { $0.name < $1.name }.map {
                Option(value: $0.id, name: $0.name, selected: fields["figure"] == $0.id)
            }
        let sides =
            [Option(value: "", name: "both sides together", selected: (fields["each"] ?? "").isEmpty)]
            + Dosage.Side.allCases.map {
                Option(value: $0.rawValue, name: "each \($0.rawValue)", selected: fields["each"] == $0.rawValue)
            }
        let targets = [("reps", "repetitions"), ("hold", "seconds held"), ("seconds", "seconds of movement")]
            .map { Option(value: $0.0, name: $0.1, selected: (fields["target"] ?? "reps") == $0.0) }
        let mistakes = (1...OwnExerciseForm.mistakeRows).map {
            Pair(number: $0, fault: fields["fault-\($0)"] ?? "", fix: fields["fix-\($0)"] ?? "")
        }
        return FormModel(
            id: id, action: id.map { "/team/exercises/\($0)" } ?? "/team/exercises", fields: fields,
            kinds: options(ExerciseKind.self, "kind"), positions: options(BodyPosition.self, "position"),
            levels: options(ExerciseLevel.self, "level"), sides: sides, targets: targets,
            equipment: checks(Equipment.self, "equipment"), muscles: checks(Muscle.self, "muscle"),
            links: links("easier"), harderLinks: links("harder"), figures: figures, mistakes: mistakes)
    }

    /// `POST /team/exercises` (new) and `POST /team/exercises/{id}` (change).
    static func save(_ req: Request) async throws -> Response {
        let owner = try requireClinician(req)
        let library = try await req.library()
        let fields = try req.form()
        let existing = req.parameters.get("id")
        if let existing, library.author(of: existing)?.ownerID != owner { throw Abort(.notFound) }
        let id = existing ?? OwnExercises.newID()
        let entry = OwnExerciseForm.entry(fields, id: id)
        let linkable = Set(library.catalog.exercises.map(\.id)).union([id])
        var errors: [FieldError] = []
        var exercise: Exercise?
        switch OwnExercises.exercise(json: entry, linkable: linkable) {
        case .success(let read): exercise = read
        case .failure(let failure): errors = failure.problems.map { OwnExerciseForm.error($0) }
        }
        // The figure: a built-in's poses to start from, solved at this exercise's dosage.
        var demonstrationJSON: String?
        let figure = fields["figure"] ?? ""
        if let exercise, !figure.isEmpty {
            if let source = library.catalog.demonstration(for: figure) {
                var copy = source
                copy.exerciseID = exercise.id
                let json = try JSONEncoder().encode(copy)
                switch OwnExercises.demonstration(json: json, for: exercise) {
                case .success: demonstrationJSON = String(decoding: json, as: UTF8.self)
                case .failure(let failure):
                    errors += failure.problems.map { FieldError(field: "Figure", message: $0.description) }
                }
            } else {
                errors.append(FieldError(field: "Figure", message: "'\(figure)' has no figure to start from"))
            }
        }
        guard errors.isEmpty, let exercise else {
            return try await Page(
                template: "own-exercise", title: existing == nil ? "New exercise" : "Change exercise", nav: "team",
                model: try await model(req, id: existing, fields: fields), status: .unprocessableEntity,
                errors: errors
            ).encodeResponse(for: req)
        }
        guard
            try await req.store.saveOwnExercise(
                slug: id, ownerID: owner, name: exercise.name,
                exerciseJSON: String(decoding: entry, as: UTF8.self),
                demonstrationJSON: demonstrationJSON, keepDemonstration: demonstrationJSON == nil && existing != nil,
                now: req.now) != nil
        else { throw Abort(.notFound) }
        return req.redirect(
            to: "/library/\(id)",
            flash: existing == nil ? "Added \(exercise.name) for your teams." : "Saved \(exercise.name).")
    }
}
