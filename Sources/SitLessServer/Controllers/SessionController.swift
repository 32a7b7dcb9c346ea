import Foundation
import SitLessCore
import SitLessStore
import Vapor

/// The guided session player: start, step through exercises set by set, finish.
enum SessionController {
    struct Compensation: Encodable, Sendable {
        var fault: String
        var fix: String
    }
    struct Current: Encodable, Sendable {
        var index: Int
        var number: Int
        var count: Int
        var exerciseID: String
        var name: String
        var how: [String]
        var feel: String
        var compensations: [Compensation]
        var cautions: [String]
        var dosage: String
        var notes: String?
        var setNumber: Int
        var sets: Int
        var isReps: Bool
        var target: Int
        /// Seconds per side for holds; 0 for reps.
        var holdSeconds: Int
        var sides: [String]
        var firstSide: String
        var restSeconds: Int
        var lastLoad: String
        /// The set form's fields: the target, 6 and 0 at first; what was typed when it comes back.
        var amountValue: String
        var effortValue: Int
        var painValue: Int
        var figure: Demonstrations.Links?
        var author: String?
        var media: [MediaPages.Item]
        /// The last set hurt above the limit: the way forward instead of another set.
        var stop: Stop?
        var stopped: Bool
        /// Equivalent exercises for one that needs equipment the person lacks.
        var swapOffer: EquipmentSwaps.Offer?
        /// Advice from the person's safety check that concerns this exercise.
        var screenCautions: [String]
    }
    struct Stop: Encodable, Sendable {
        var pain: Int
        var easier: CatalogPages.Link?
    }
    struct Done: Encodable, Sendable {
        var name: String
        var sets: [String]
        var left: Bool
    }
    /// The newest set of the session, which the person may undo.
    struct LastSet: Encodable, Sendable {
        var id: String
        var name: String
        var text: String
    }
    struct Model: Encodable, Sendable {
        var id: String
        var title: String
        var current: Current?
        var done: [Done]
        var restAfter: Int
        var painOptions: [Int]
        var effortOptions: [Int]
        /// A new key per shown form: sending the same form twice (a retry after the answer
        /// was lost, a double tap) logs the set once.
        var setKey: String
        /// Finishing was asked with exercises not done: they are named, and finishing asks again.
        var unfinished: [String]
        var lastSet: LastSet?
        /// `kg` or `lb`: the person's unit for the load field.
        var loadUnit: String
    }
    /// Starts today's session (or the next scheduled one), or resumes one in progress.
    static func start(_ req: Request) async throws -> Response {
        let user = try req.user
        let userID = user.id
        if let running = try await req.store.inProgressWorkout(userID: userID) {
            return req.redirect(to: "/sessions/\(running.id.uuidString)")
        }
        guard user.safety != .stop else {
            throw Abort(.forbidden, reason: "Please see a clinician before starting a program.")
        }
        let zone = user.zone
        let today = LocalDate(req.now, in: zone)
        guard let schedule = try await PlanSchedule.load(req, user: user),
            let (session, _) = schedule.session(for: today)
        else {
            return req.redirect(to: "/programs", flash: "Choose a program or routine first.")
        }
        let items = WorkoutItem.items(for: session.prescriptions, targets: try await req.store.targets(userID: userID))
        let workout = try await req.store.startWorkout(
            userID: userID, planID: schedule.plan.id, date: today, week: session.week,
            title: "\(schedule.title): \(session.template)", items: items, at: req.now)
        return req.redirect(to: "/sessions/\(workout.id.uuidString)")
    }

    static func workout(_ req: Request) async throws -> Workout {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
            let workout = try await req.store.workout(id, userID: try req.userID)
        else { throw Abort(.notFound) }
        return workout
    }

    static func player(_ req: Request) async throws -> Response {
        let workout = try await workout(req)
        if workout.status == .done { return req.redirect(to: "/sessions/\(workout.id.uuidString)/summary") }
        return try await playerPage(req, workout: workout, status: .ok, errors: []).encodeResponse(for: req)
    }

    static func playerPage(
        _ req: Request, workout: Workout, status: HTTPStatus, errors: [FieldError],
        unfinished: [String] = [], typed: [String: String]? = nil
    ) async throws -> Page<Model> {
        let items = workout.items
        let sets = try await req.store.sets(workoutID: workout.id, userID: try req.userID)
        var done: [Done] = []
        var current: Current?
        let library = try await req.library()
        let media = try await MediaPages.all(req)
        let painLimit = ProgressionPolicy().painLimit
        let unit = req.loadUnit
        // Items left for today do not count; a swapped-in step takes the place of the one it replaces.
        let withSets = Set(sets.map(\.itemIndex))
        let shown = WorkoutItem.playOrder(items).filter { index in !items[index].isSkipped || withSets.contains(index) }
        for (position, index) in shown.enumerated() {
            let item = items[index]
            let exercise = library.exercise(item.exerciseID)
            let logged = sets.filter { $0.itemIndex == index }
            if !logged.isEmpty || item.isSkipped {
                done.append(
                    Done(
                        name: exercise?.name ?? item.exerciseID, sets: logged.map { describe($0, unit) },
                        left: item.isSkipped))
            }
            if current == nil, !item.isSkipped, logged.count < item.dosage.sets, let exercise {
                var stop: Stop?
                if let pain = logged.last?.pain, pain > painLimit {
                    let easier = exercise.regressionID.flatMap(library.exercise)
                    stop = Stop(
                        pain: pain,
                        easier: easier.map {
                            CatalogPages.Link(id: $0.id, name: $0.name, dosage: $0.dosage.volume(in: unit))
                        })
                }
                let (isReps, target): (Bool, Int) =
                    switch item.dosage.target {
                    case .reps(let n): (true, n)
                    case .hold(let s), .timed(let s): (false, s)
                    }
                // This session's last set, else the prescribed load, else what the person last used.
                var load = logged.last?.loadKilograms ?? item.dosage.loadKilograms
                if load == nil { load = try await req.store.lastLoad(userID: try req.userID, exerciseID: exercise.id) }
                let sides =
                    item.dosage.each.map { side in
                        side == .leg
                            ? ["Left leg", "Right leg"]
                            : side == .arm ? ["Left arm", "Right arm"] : ["Left side", "Right side"]
                    } ?? []
                current = Current(
                    index: index, number: position + 1, count: shown.count, exerciseID: exercise.id,
                    name: exercise.name,
                    how: exercise.how, feel: exercise.feel,
                    compensations: exercise.compensations.map { Compensation(fault: $0.fault, fix: $0.fix) },
                    cautions: exercise.cautions, dosage: item.dosage.details(in: unit), notes: item.notes,
                    setNumber: logged.count + 1, sets: item.dosage.sets, isReps: isReps, target: target,
                    holdSeconds: isReps ? 0 : target, sides: sides, firstSide: sides.first ?? "Hold",
                    restSeconds: item.dosage.restSeconds ?? 0,
                    lastLoad: typed?["load"] ?? load.map { unit.fieldValue(kilograms: $0) } ?? "",
                    amountValue: typed?["amount"] ?? "\(target)",
                    effortValue: typed?["effort"].flatMap { Int($0) } ?? 6,
                    painValue: typed?["pain"].flatMap { Int($0) } ?? 0,
                    figure: Demonstrations.links(library, exerciseID: exercise.id),
                    author: library.author(of: exercise.id)?.name, media: media[exercise.id] ?? [], stop: stop,
                    stopped: stop != nil,
                    swapOffer: logged.isEmpty
                        ? EquipmentSwaps.offer(library, exercise: exercise, user: try req.user) : nil,
                    screenCautions: EquipmentSwaps.cautions(for: exercise, user: try req.user))
            }
        }
        let restAfter = Int(req.query[String.self, at: "rest"] ?? "") ?? 0
        let lastSet = Store.newest(sets, items: items).map { set in
            LastSet(
                id: set.id.uuidString, name: library.exercise(set.exerciseID)?.name ?? set.exerciseID,
                text: describe(set, unit))
        }
        return Page(
            template: "player", title: workout.title, nav: "today",
            model: Model(
                id: workout.id.uuidString, title: workout.title, current: current, done: done,
                restAfter: min(max(restAfter, 0), 600), painOptions: Array(SetLog.Limits.pain),
                effortOptions: Array(SetLog.Limits.effort),
                setKey: UUID().uuidString, unfinished: unfinished, lastSet: lastSet, loadUnit: unit.symbol),
            status: status, errors: errors)
    }

    /// The decision in a person's words.
    static func words(for action: ProgressionDecision.Action) -> String {
        switch action {
        case .progress: "a step harder"
        case .hold: "same again"
        case .backOff: "a little lighter"
        case .regress: "an easier step"
        }
    }

    /// "Set 1: 10 reps, 20 lb, effort 5/10, pain 0/10", the load in `unit`.
    static func describe(_ set: LoggedSet, _ unit: LoadUnit) -> String {
        var parts: [String] = []
        if let reps = set.reps { parts.append("\(reps) reps") }
        if let seconds = set.seconds { parts.append("\(seconds) s") }
        if let load = set.loadKilograms { parts.append(unit.text(kilograms: load)) }
        if let effort = set.effort { parts.append("effort \(effort)/10") }
        if let pain = set.pain { parts.append("pain \(pain)/10") }
        return "Set \(set.setNumber): " + parts.joined(separator: ", ")
    }

    /// Logs one set. A bad field re-shows the player with 422, naming it, and saves nothing.
    static func logSet(_ req: Request) async throws -> Response {
        let workout = try await workout(req)
        guard workout.isInProgress else { throw Abort(.conflict, reason: "This session is already finished.") }
        let items = workout.items
        var form = FormReader(try req.form())
        let index = form.integer("item", label: "Exercise", in: 0...max(0, items.count - 1), required: true)
        let target = index.map { items[$0].dosage.target }
        let amount = form.integer(
            "amount", label: target.map { $0.isReps ? "Reps" : "Seconds" } ?? "Amount",
            in: target.map(SetLog.Limits.amount(for:)) ?? SetLog.Limits.reps, required: true)
        // Typed in the person's unit, stored in kilograms (20 lb -> 9.07 kg).
        let unit = req.loadUnit
        let load = form.decimal("load", label: "Load (\(unit.symbol))", in: 0...unit.maximum).map(unit.kilograms)
        let effort = form.integer("effort", label: "Effort", in: SetLog.Limits.effort, required: true)
        let pain = form.integer("pain", label: "Pain", in: SetLog.Limits.pain, required: true)
        let key = form.text("key")
        if let key, !(1...255).contains(key.utf8.count) || !key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) {
            form.fail("Form", "was changed; reload the page and log the set again")
        }
        guard form.errors.isEmpty, let index, let amount, let effort, let pain else {
            return try await playerPage(
                req, workout: workout, status: .unprocessableEntity, errors: form.errors, typed: form.fields
            )
            .encodeResponse(for: req)
        }
        let item = items[index]
        guard !item.isSkipped else {
            return req.redirect(to: "/sessions/\(workout.id.uuidString)", flash: "That exercise was left for today.")
        }
        let set = try SetLog.done(amount, of: item.dosage.target, loadKilograms: load, effort: effort, pain: pain)
        let saved = try await req.store.logSet(
            set, workout: workout, itemIndex: index, at: req.now, idempotencyKey: key)
        // Above the pain limit there is no rest before the next set: the player offers the way on instead.
        let rest = pain > ProgressionPolicy().painLimit ? 0 : item.dosage.restSeconds ?? 0
        // Above the limit the player's warning says what matters; "Set logged." would read as all well.
        if pain <= ProgressionPolicy().painLimit { req.session.data["flash"] = "Set \(saved.setNumber) logged." }
        return req.redirect(to: "/sessions/\(workout.id.uuidString)\(rest > 0 ? "?rest=\(rest)" : "")")
    }

    /// `POST /sessions/{id}/sets/last/undo`: deletes the session's newest set, so the player
    /// shows it again. The form names the set it shows (`set`): when that is no longer the
    /// newest (a second tap, another tab), nothing more is undone.
    static func undo(_ req: Request) async throws -> Response {
        let workout = try await workout(req)
        let path = "/sessions/\(workout.id.uuidString)"
        let text = (try? req.form())?["set"] ?? ""
        let setID = UUID(uuidString: text)
        if !text.isEmpty, setID == nil { return req.redirect(to: path, flash: "That set was already undone.") }
        let sets = try await req.store.sets(workoutID: workout.id, userID: try req.userID)
        switch try await req.store.undoNewestSet(of: workout, setID: setID) {
        case .finished: throw Abort(.conflict, reason: "This session is finished; its sets can no longer be undone.")
        case .nothingLogged: return req.redirect(to: path, flash: "There is no set to undo.")
        case .notNewest: return req.redirect(to: path, flash: "That set was already undone.")
        case .undone(let id):
            guard let set = sets.first(where: { $0.id == id }) else {
                return req.redirect(to: path, flash: "Set undone.")
            }
            let name = try await req.library().exercise(set.exerciseID)?.name ?? set.exerciseID
            return req.redirect(to: path, flash: "Undone: set \(set.setNumber) of \(name). Log it again when ready.")
        }
    }

    /// `POST /sessions/{id}/items/{index}/skip` and `…/swap`: leave an exercise for today, or
    /// swap it for its easier step now (at that step's default dosage).
    static func skip(_ req: Request) async throws -> Response { try await leave(req, swap: false) }
    static func swap(_ req: Request) async throws -> Response { try await leave(req, swap: true) }

    static func leave(_ req: Request, swap: Bool) async throws -> Response {
        let workout = try await workout(req)
        guard workout.isInProgress else { throw Abort(.conflict, reason: "This session is already finished.") }
        let items = workout.items
        guard let index = req.parameters.get("index").flatMap(Int.init), items.indices.contains(index) else {
            throw Abort(.notFound)
        }
        let library = try await req.library()
        let name = library.exercise(items[index].exerciseID)?.name ?? items[index].exerciseID
        var easier: Exercise?
        if swap {
            guard let id = library.exercise(items[index].exerciseID)?.regressionID, let step = library.exercise(id)
            else {
                throw Abort(.unprocessableEntity, reason: "\(name) has no easier step; skip it instead.")
            }
            easier = step
        }
        let left = try await req.store.leaveItem(
            workout, index: index, easier: easier, note: "Instead of \(name) today.")
        let path = "/sessions/\(workout.id.uuidString)"
        guard left != nil else { return req.redirect(to: path, flash: "\(name) was already left for today.") }
        return req.redirect(
            to: path, flash: easier.map { "Swapped to \($0.name) for today." } ?? "Left \(name) for today.")
    }
}
