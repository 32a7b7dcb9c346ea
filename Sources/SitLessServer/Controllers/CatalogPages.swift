import Foundation
import Ink
import SitLessCore
import SitLessStore
import Vapor

/// Library, programs (with start and handout) and the learn articles.
enum CatalogPages {
    struct Option: Encodable, Sendable {
        var value: String
        var name: String
        var selected: Bool
    }
    struct ExerciseRow: Encodable, Sendable {
        var id: String
        var name: String
        var summary: String
        var dosage: String
        var level: String
        var tags: [String]
        /// Who wrote it, for a clinician's own exercise.
        var author: String?
        var figure: Demonstrations.Links?
    }
    struct LibraryModel: Encodable, Sendable {
        var search: String
        var muscles: [Option]
        var equipment: [Option]
        var positions: [Option]
        var levels: [Option]
        var exercises: [ExerciseRow]
        var count: Int
    }

    static func options<T: CatalogTerm>(_ type: T.Type, selected: String?) -> [Option] {
        [Option(value: "", name: "any", selected: selected == nil || selected == "")]
            + T.allCases.map { Option(value: $0.rawValue, name: $0.name, selected: $0.rawValue == selected) }
    }

    static func library(_ req: Request) async throws -> Page<LibraryModel> {
        let q = req.query
        let muscle = try? q.get(String.self, at: "muscle")
        let equipment = try? q.get(String.self, at: "equipment")
        let position = try? q.get(String.self, at: "position")
        let level = try? q.get(String.self, at: "level")
        let search = (try? q.get(String.self, at: "q")) ?? ""
        var query = ExerciseQuery(text: search.isEmpty ? nil : search)
        if let muscle, let m = Muscle(rawValue: muscle) { query.muscles = [m] }
        if let equipment, let e = Equipment(rawValue: equipment) { query.equipment = e }
        if let position, let p = BodyPosition(rawValue: position) { query.position = p }
        if let level, let l = ExerciseLevel(rawValue: level) { query.level = l }
        let library = try await req.library()
        let found = library.catalog.exercises(matching: query)
        return Page(
            template: "library", title: "Exercise library", nav: "library",
            model: LibraryModel(
                search: search, muscles: options(Muscle.self, selected: muscle),
                equipment: options(Equipment.self, selected: equipment),
                positions: options(BodyPosition.self, selected: position),
                levels: options(ExerciseLevel.self, selected: level),
                exercises: found.map {
                    ExerciseRow(
                        id: $0.id, name: $0.name, summary: $0.summary, dosage: $0.dosage.description(in: req.loadUnit),
                        level: $0.level.rawValue,
                        tags: ($0.isDeskBreak ? ["desk break"] : []) + $0.primaryMuscles.map(\.name),
                        author: library.author(of: $0.id)?.name,
                        figure: Demonstrations.links(library, exerciseID: $0.id))
                },
                count: found.count))
    }

    struct Link: Encodable, Sendable {
        var id: String
        var name: String
        var dosage: String
    }
    struct ExerciseModel: Encodable, Sendable {
        var id: String
        var name: String
        var aliases: String
        var summary: String
        var muscles: String
        var equipment: String
        var position: String
        var level: String
        var dosage: String
        var how: [String]
        var feel: String
        var compensations: [SessionController.Compensation]
        var cautions: [String]
        var easier: Link?
        var harder: Link?
        var evidence: [String]
        var routines: [Option]
        var author: String?
        /// The viewer wrote it (may change it).
        var mine: Bool
        /// The viewer is a clinician who may add photos and videos to it.
        var canUpload: Bool
        var figure: Demonstrations.Links?
        var media: [MediaPages.Item]
    }

    static func exercise(_ req: Request) async throws -> Page<ExerciseModel> {
        let library = try await req.library()
        guard let id = req.parameters.get("id"), let e = library.exercise(id) else { throw Abort(.notFound) }
        let user = try req.user
        let mine = library.author(of: e.id)?.ownerID == user.id
        let routines = try await req.store.routines(userID: try req.userID).map {
            Option(value: $0.id.uuidString, name: $0.name, selected: false)
        }
        func link(_ id: String?) -> Link? {
            id.flatMap(library.exercise).map {
                Link(id: $0.id, name: $0.name, dosage: $0.dosage.volume(in: req.loadUnit))
            }
        }
        return Page(
            template: "exercise", title: e.name, nav: "library",
            model: ExerciseModel(
                id: e.id, name: e.name, aliases: e.aliases.joined(separator: ", "), summary: e.summary,
                muscles: e.muscles.map(\.name).joined(separator: ", "),
                equipment: e.equipment.map(\.name).joined(separator: ", "),
                position: e.position.name, level: e.level.name, dosage: e.dosage.details(in: req.loadUnit), how: e.how,
                feel: e.feel,
                compensations: e.compensations.map { SessionController.Compensation(fault: $0.fault, fix: $0.fix) },
                cautions: e.cautions,
                easier: link(e.regressionID), harder: link(e.progressionID),
                evidence: e.evidence.map { ev in
                    ev.headline + (ev.note.map { ". \($0)" } ?? "")
                        + (req.catalog.reference(ev.referenceID).map { " (\($0.citation))" } ?? "")
                },
                routines: routines, author: library.author(of: e.id)?.name, mine: mine,
                canUpload: user.isClinician && (library.author(of: e.id) == nil || mine),
                figure: Demonstrations.links(library, exerciseID: e.id),
                media: try await MediaPages.items(req, exerciseID: e.id)))
    }

    struct ProgramRow: Encodable, Sendable {
        var id: String
        var name: String
        var goal: String
        var weeks: String
        var perWeek: String
    }
    struct ProgramsModel: Encodable, Sendable { var programs: [ProgramRow] }

    static func programs(_ req: Request) async throws -> Page<ProgramsModel> {
        Page(
            template: "programs", title: "Programs", nav: "programs",
            model: ProgramsModel(
                programs: req.catalog.programs.map {
                    ProgramRow(
                        id: $0.id, name: $0.name, goal: $0.goal,
                        weeks: $0.weekCount == 1 ? "1 week" : "\($0.weekCount) weeks",
                        perWeek: $0.perWeek.description)
                }))
    }

    /// One exercise of a handout: what to do, with its key poses drawn.
    struct ItemRow: Encodable, Sendable {
        var id: String
        var name: String
        var dosage: String
        var notes: String?
        var how: [String]
        var feel: String
        var avoid: String
        var author: String?
        var figure: Demonstrations.Links?
        var media: [MediaPages.Item] = []

        static func make(
            _ library: ExerciseLibrary, exerciseID: String, dosage: Dosage, notes: String?,
            media: [MediaPages.Item] = [], unit: LoadUnit
        ) -> ItemRow {
            let e = library.exercise(exerciseID)
            return ItemRow(
                id: exerciseID, name: e?.name ?? exerciseID, dosage: dosage.volume(in: unit), notes: notes,
                how: e?.how ?? [], feel: e?.feel ?? "",
                avoid: e?.compensations.first.map { "\($0.fault) \($0.fix)" } ?? "",
                author: library.author(of: exerciseID)?.name,
                figure: Demonstrations.links(library, exerciseID: exerciseID), media: media)
        }
    }
    struct SessionBlock: Encodable, Sendable {
        var name: String
        var minutes: Int
        var items: [ItemRow]
    }
    struct WeekBlock: Encodable, Sendable {
        var label: String
        var sessions: [SessionBlock]
    }
    struct PhaseBlock: Encodable, Sendable {
        var name: String
        var focus: String
        var weeks: [WeekBlock]
    }
    struct ProgramModel: Encodable, Sendable {
        var id: String
        var name: String
        var audience: String
        var goal: String
        var perWeek: Int
        var weeks: Int
        var phases: [PhaseBlock]
        var days: [OnboardingController.DayChoice]
        var start: String
    }

    static func programModel(_ req: Request, _ p: Program) async throws -> ProgramModel {
        let library = try await req.library()
        let zone = ((try? req.user.zone) ?? .gmt)
        let phases = p.phases.map { phase -> PhaseBlock in
            var weeks: [WeekBlock] = []
            var i = 0
            while i < phase.weeks.count {
                var j = i
                while j + 1 < phase.weeks.count && phase.weeks[j + 1].sessions == phase.weeks[i].sessions { j += 1 }
                let label =
                    i == j ? "Week \(phase.weeks[i].number)" : "Weeks \(phase.weeks[i].number)-\(phase.weeks[j].number)"
                weeks.append(
                    WeekBlock(
                        label: label,
                        sessions: phase.weeks[i].sessions.map { s in
                            SessionBlock(
                                name: s.name, minutes: Int((Double(s.estimatedSeconds) / 60).rounded(.up)),
                                items: s.prescriptions.map { item in
                                    ItemRow.make(
                                        library, exerciseID: item.exerciseID, dosage: item.dosage, notes: item.notes,
                                        unit: req.loadUnit)
                                })
                        }))
                i = j + 1
            }
            return PhaseBlock(name: phase.name, focus: phase.focus, weeks: weeks)
        }
        return ProgramModel(
            id: p.id, name: p.name, audience: p.audience, goal: p.goal, perWeek: p.perWeek.lower, weeks: p.weekCount,
            phases: phases,
            days: Weekday.allCases.map {
                OnboardingController.DayChoice(
                    value: $0.rawValue, name: $0.name, checked: [.monday, .wednesday, .friday].contains($0))
            },
            start: LocalDate(req.now, in: zone).description)
    }

    static func program(_ req: Request) async throws -> Page<ProgramModel> {
        guard let id = req.parameters.get("id"), let p = req.catalog.program(id) else { throw Abort(.notFound) }
        return Page(template: "program", title: p.name, nav: "programs", model: try await programModel(req, p))
    }

    static func handout(_ req: Request) async throws -> Page<ProgramModel> {
        guard let id = req.parameters.get("id"), let p = req.catalog.program(id) else { throw Abort(.notFound) }
        return Page(
            template: "handout", title: "\(p.name) handout", nav: "programs", model: try await programModel(req, p))
    }

    /// Starts following a program from the chosen date on the chosen days.
    static func start(_ req: Request) async throws -> Response {
        guard let id = req.parameters.get("id"), let p = req.catalog.program(id) else { throw Abort(.notFound) }
        let user = try req.user
        var form = FormReader(try req.form())
        guard let (perWeek, start, days) = PlanForm.read(&form, zone: user.zone, now: req.now) else {
            var model = try await programModel(req, p)
            model.days = PlanForm.days(form.fields)
            model.start = form.fields["start"] ?? model.start
            model.perWeek = form.fields["perWeek"].flatMap { Int($0) } ?? model.perWeek
            return try await Page(
                template: "program", title: p.name, nav: "programs", model: model,
                status: .unprocessableEntity, errors: form.errors
            ).encodeResponse(for: req)
        }
        do {
            _ = try await req.store.startPlan(
                userID: user.id, programID: p.id, routineID: nil, start: start,
                perWeek: perWeek, days: days, weeks: p.weekCount)
        } catch let error as StoreError where error.isSafety {
            return req.redirect(to: "/settings/safety", flash: "Not started: " + error.description + ".")
        }
        return req.redirect(to: "/", flash: "Started \(p.name): \(perWeek) sessions a week from \(start).")
    }

    struct ArticleRow: Encodable, Sendable {
        var id: String
        var title: String
        var summary: String
    }
    struct LearnModel: Encodable, Sendable { var articles: [ArticleRow] }
    struct Citation: Encodable, Sendable {
        var number: Int
        var text: String
    }
    struct ArticleModel: Encodable, Sendable {
        var title: String
        var html: String
        var references: [Citation]
    }

    static func learn(_ req: Request) async throws -> Page<LearnModel> {
        Page(
            template: "learn", title: "Learn", nav: "learn",
            model: LearnModel(
                articles: req.catalog.articles.map { ArticleRow(id: $0.id, title: $0.title, summary: $0.summary) }))
    }

    static func article(_ req: Request) async throws -> Page<ArticleModel> {
        guard let id = req.parameters.get("id"), let a = req.catalog.article(id) else { throw Abort(.notFound) }
        // Catalog text is ours; citations [id] become numbered links to the reference list.
        var body = a.body
        for (n, ref) in a.referenceIDs.enumerated() {
            body = body.replacingOccurrences(of: "[\(ref)]", with: "<sup><a href=\"#ref-\(n + 1)\">\(n + 1)</a></sup>")
        }
        let html = MarkdownParser().html(from: body)
        let references = a.referenceIDs.compactMap { req.catalog.reference($0) }.enumerated().map {
            Citation(number: $0.offset + 1, text: $0.element.citation + ($0.element.doi.map { " doi:\($0)" } ?? ""))
        }
        return Page(
            template: "article", title: a.title, nav: "learn",
            model: ArticleModel(title: a.title, html: html, references: references))
    }
}
