import Foundation
import SitLessCore
import SitLessStore
import Vapor

/// A person's own routines: build from the library, order, set dosages, start, print.
enum RoutinePages {
    struct RoutineRow: Encodable, Sendable {
        var id: String
        var name: String
        var count: Int
    }
    struct ListModel: Encodable, Sendable {
        var routines: [RoutineRow]
        /// The new routine's name as typed, when it comes back with an error.
        var name = ""
    }
    struct ItemRow: Encodable, Sendable {
        var index: Int
        var exerciseID: String
        var name: String
        var dosage: String
        var sets: Int
        var amount: Int
        var unit: String
        var isFirst: Bool
        var isLast: Bool
        var how: [String]
        var feel: String
        var avoid: String
        var figure: Demonstrations.Links?
        var author: String?
        var media: [MediaPages.Item]
    }
    struct Option: Encodable, Sendable {
        var value: String
        var name: String
    }
    struct Model: Encodable, Sendable {
        var id: String
        var name: String
        var items: [ItemRow]
        var exercises: [Option]
        var days: [OnboardingController.DayChoice]
        var start: String
        var perWeek: Int
        /// The start form's fields as typed when it comes back with errors.
        var weeks = "4"
    }

    static func list(_ req: Request) async throws -> Page<ListModel> {
        let rows = try await req.store.routines(userID: try req.userID).map { r in
            RoutineRow(id: r.id.uuidString, name: r.name, count: ((try? r.routine)?.prescriptions.count) ?? 0)
        }
        return Page(template: "routines", title: "Your routines", nav: "programs", model: ListModel(routines: rows))
    }

    static func create(_ req: Request) async throws -> Response {
        var form = FormReader(try req.form())
        guard let name = form.name("name", label: "Name", limit: 80) else {
            let rows = try await req.store.routines(userID: try req.userID).map {
                RoutineRow(id: $0.id.uuidString, name: $0.name, count: 0)
            }
            return try await Page(
                template: "routines", title: "Your routines", nav: "programs",
                model: ListModel(routines: rows, name: form.fields["name"] ?? ""),
                status: .unprocessableEntity, errors: form.errors
            ).encodeResponse(for: req)
        }
        let record = try await req.store.createRoutine(Routine(name: name), userID: try req.userID)
        return req.redirect(
            to: "/routines/\(record.id.uuidString)",
            flash: "Routine created: add exercises from the list below or the library.")
    }

    static func record(_ req: Request) async throws -> SavedRoutine {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
            let record = try await req.store.routine(id, userID: try req.userID)
        else { throw Abort(.notFound) }
        return record
    }

    static func model(_ req: Request, _ record: SavedRoutine) async throws -> Model {
        let routine = record.routine
        let library = try await req.library()
        let media = try await MediaPages.all(req)
        let zone = ((try? req.user.zone) ?? .gmt)
        let items = routine.prescriptions.enumerated().map { i, p -> ItemRow in
            let (amount, unit): (Int, String) =
                switch p.dosage.target {
                case .reps(let n): (n, "reps")
                case .hold(let s): (s, "s hold")
                case .timed(let s): (s, "s")
                }
            let e = library.exercise(p.exerciseID)
            return ItemRow(
                index: i, exerciseID: p.exerciseID, name: e?.name ?? p.exerciseID,
                dosage: p.dosage.volume(in: req.loadUnit), sets: p.dosage.sets, amount: amount, unit: unit,
                isFirst: i == 0, isLast: i == routine.prescriptions.count - 1,
                how: e?.how ?? [], feel: e?.feel ?? "",
                avoid: e?.compensations.first.map { "\($0.fault) \($0.fix)" } ?? "",
                figure: Demonstrations.links(library, exerciseID: p.exerciseID),
                author: library.author(of: p.exerciseID)?.name, media: media[p.exerciseID] ?? [])
        }
        return Model(
            id: record.id.uuidString, name: record.name, items: items,
            exercises: library.catalog.exercises.map { Option(value: $0.id, name: $0.name) },
            days: Weekday.allCases.map {
                OnboardingController.DayChoice(
                    value: $0.rawValue, name: $0.name, checked: [.monday, .wednesday, .friday].contains($0))
            },
            start: LocalDate(req.now, in: zone).description, perWeek: routine.perWeek.lower)
    }

    static func show(_ req: Request) async throws -> Page<Model> {
        let record = try await record(req)
        return Page(template: "routine", title: record.name, nav: "programs", model: try await model(req, record))
    }

    static func handout(_ req: Request) async throws -> Page<Model> {
        let record = try await record(req)
        return Page(
            template: "routine-handout", title: "\(record.name) handout", nav: "programs",
            model: try await model(req, record))
    }

    /// Applies an edit and saves, or re-shows the page with 422 naming what was wrong.
    static func edit(
        _ req: Request, _ change: (inout Routine, [String: String]) throws -> Void
    ) async throws -> Response {
        let record = try await record(req)
        var routine = record.routine
        let fields = try req.form()
        do {
            try change(&routine, fields)
        } catch {
            let problem =
                (error as? FieldError)
                ?? FieldError(field: "Routine", message: (error as? Routine.EditError)?.description ?? "\(error)")
            guard error is FieldError || error is Routine.EditError else { throw error }
            // A dosage that came back keeps what was typed beside its exercise.
            var model = try await model(req, record)
            if let i = req.parameters.get("index").flatMap(Int.init), model.items.indices.contains(i) {
                model.items[i].sets = fields["sets"].flatMap { Int($0) } ?? model.items[i].sets
                model.items[i].amount = fields["amount"].flatMap { Int($0) } ?? model.items[i].amount
            }
            return try await Page(
                template: "routine", title: record.name, nav: "programs", model: model,
                status: .unprocessableEntity, errors: [problem]
            ).encodeResponse(for: req)
        }
        try await req.store.saveRoutine(routine, id: record.id, userID: try req.userID)
        return req.redirect(to: "/routines/\(record.id.uuidString)")
    }

    static func index(_ req: Request) throws -> Int {
        guard let text = req.parameters.get("index"), let i = Int(text) else { throw Abort(.notFound) }
        return i
    }

    static func addItem(_ req: Request) async throws -> Response {
        let catalog = try await req.library().catalog
        return try await edit(req) { routine, fields in
            guard let id = fields["exercise"], !id.isEmpty else {
                throw FieldError(field: "Exercise", message: "choose an exercise")
            }
            try routine.add(id, from: catalog)
        }
    }

    /// From an exercise page: the routine is chosen in the form.
    static func addFromLibrary(_ req: Request) async throws -> Response {
        let fields = try req.form()
        guard let id = fields["routine"].flatMap(UUID.init(uuidString:)),
            let record = try await req.store.routine(id, userID: try req.userID)
        else { throw Abort(.notFound) }
        var routine = record.routine
        let catalog = try await req.library().catalog
        do {
            try routine.add(fields["exercise"] ?? "", from: catalog)
        } catch {
            throw Abort(.unprocessableEntity, reason: error.description)
        }
        try await req.store.saveRoutine(routine, id: record.id, userID: try req.userID)
        return req.redirect(to: "/routines/\(id.uuidString)", flash: "Added.")
    }

    static func moveItem(_ req: Request) async throws -> Response {
        let i = try index(req)
        return try await edit(req) { routine, fields in
            try routine.move(from: i, to: fields["direction"] == "up" ? i - 1 : i + 1)
        }
    }

    static func deleteItem(_ req: Request) async throws -> Response {
        let i = try index(req)
        guard Confirm.given(req) else {
            let record = try await record(req)
            let routine = record.routine
            guard routine.prescriptions.indices.contains(i) else { throw Abort(.notFound) }
            let id = routine.prescriptions[i].exerciseID
            let name = try await req.library().exercise(id)?.name ?? id
            return try await Confirm.ask(
                req, title: "Remove \(name)?", nav: "programs",
                question: "Remove \(name) from \(record.name)?",
                details: [
                    "Its place and dosage in this routine go; the exercise stays in the library and sessions you did "
                        + "stay in your history."
                ],
                button: "Remove \(name)", cancel: "/routines/\(record.id.uuidString)")
        }
        return try await edit(req) { routine, _ in try routine.remove(at: i) }
    }

    static func setDosage(_ req: Request) async throws -> Response {
        let i = try index(req)
        return try await edit(req) { routine, fields in
            guard routine.prescriptions.indices.contains(i) else {
                throw Routine.EditError.noSuchPosition(i, count: routine.prescriptions.count)
            }
            guard let sets = fields["sets"].flatMap({ Int($0) }) else {
                throw FieldError(field: "Sets", message: "must be a whole number, got '\(fields["sets"] ?? "")'")
            }
            guard let amount = fields["amount"].flatMap({ Int($0) }) else {
                throw FieldError(field: "Amount", message: "must be a whole number, got '\(fields["amount"] ?? "")'")
            }
            var dosage = routine.prescriptions[i].dosage
            dosage.sets = sets
            dosage.target = dosage.target.with(amount: amount)
            try routine.setDosage(dosage, at: i)
        }
    }

    static func start(_ req: Request) async throws -> Response {
        let record = try await record(req)
        let routine = record.routine
        let user = try req.user
        var form = FormReader(try req.form())
        let weeks = form.integer("weeks", label: "Weeks", in: 1...52, required: true)
        if routine.prescriptions.isEmpty { form.fail("Routine", "add at least one exercise first") }
        let plan = PlanForm.read(&form, zone: user.zone, now: req.now)
        guard form.errors.isEmpty, let weeks, let (perWeek, start, days) = plan else {
            var model = try await model(req, record)
            model.days = PlanForm.days(form.fields)
            model.start = form.fields["start"] ?? model.start
            model.perWeek = form.fields["perWeek"].flatMap { Int($0) } ?? model.perWeek
            model.weeks = form.fields["weeks"] ?? model.weeks
            return try await Page(
                template: "routine", title: record.name, nav: "programs", model: model,
                status: .unprocessableEntity, errors: form.errors
            ).encodeResponse(for: req)
        }
        do {
            _ = try await req.store.startPlan(
                userID: user.id, programID: nil, routineID: record.id, start: start,
                perWeek: perWeek, days: days, weeks: weeks)
        } catch let error as StoreError where error.isSafety {
            return req.redirect(to: "/settings/safety", flash: "Not started: " + error.description + ".")
        }
        return req.redirect(to: "/", flash: "Started your routine \(record.name): \(perWeek) sessions a week.")
    }

    static func delete(_ req: Request) async throws -> Response {
        let record = try await record(req)
        guard Confirm.given(req) else {
            let count = record.routine.prescriptions.count
            return try await Confirm.ask(
                req, title: "Delete \(record.name)?", nav: "programs",
                question: "Delete the routine \(record.name)?",
                details: [
                    "Its \(count == 1 ? "exercise" : "\(count) exercises") and their dosages go. Sessions you did "
                        + "with it stay in your history. This cannot be undone."
                ],
                button: "Delete \(record.name)", cancel: "/routines/\(record.id.uuidString)")
        }
        try await req.store.deleteRoutine(record.id, userID: try req.userID)
        return req.redirect(to: "/routines", flash: "Routine deleted.")
    }
}

extension FieldError: Error {}
