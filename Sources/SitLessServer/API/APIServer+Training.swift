import Foundation
import SitLessAPI
import SitLessCore
import SitLessStore
import Vapor

/// Sessions: start, log, undo, skip or swap, finish (`training` tag).
extension APIServer {
    static func items(_ catalog: Catalog, _ items: [SitLessCore.WorkoutItem]) -> [S.WorkoutItem] {
        items.enumerated().map { i, item in
            let (reps, seconds): (Int?, Int?) =
                switch item.dosage.target {
                case .reps(let n): (n, nil)
                case .hold(let s), .timed(let s): (nil, s)
                }
            return S.WorkoutItem(
                name: catalog.exercise(item.exerciseID)?.name ?? item.exerciseID, dosage: item.dosage.volume,
                exerciseID: item.exerciseID, index: i, left: item.isSkipped ? true : nil, replaces: item.replaces,
                reps: reps, seconds: seconds, sets: item.dosage.sets)
        }
    }

    static func set(_ s: LoggedSet) throws -> S.SetLog {
        S.SetLog(
            effort: s.effort, exerciseID: s.exerciseID, id: s.id.uuidString, item: s.itemIndex, loadKg: s.loadKilograms,
            loggedAt: s.loggedAt, pain: s.pain, reps: s.reps, seconds: s.seconds, set: s.setNumber)
    }

    static func workout(_ catalog: Catalog, _ w: Workout, sets: [LoggedSet]) throws -> S.Workout {
        S.Workout(
            items: items(catalog, w.items), date: w.date.description,
            decisions: w.decisions.map {
                .init(
                    action: $0.action.rawValue, exerciseID: $0.exerciseID,
                    next:
                        "\(catalog.exercise($0.next.exerciseID)?.name ?? $0.next.exerciseID) \($0.next.dosage.volume)",
                    reasons: $0.reasons)
            }, finishedAt: w.finishedAt, id: w.id.uuidString, nextMorning: w.nextMorning?.rawValue,
            sets: try sets.map(set),
            startedAt: w.startedAt, status: try value(w.status.rawValue), title: w.title, week: w.week)
    }

    /// The session as the API shows it, read afresh with its sets.
    static func workoutBody(_ req: Request, _ w: Workout, userID: UUID) async throws -> S.Workout {
        try workout(try await req.library().catalog, w, sets: try await req.store.sets(workoutID: w.id, userID: userID))
    }

    func listWorkouts(_ input: Operations.ListWorkouts.Input) async throws -> Operations.ListWorkouts.Output {
        let req = try Self.request
        let personID = try await Self.subject(req, input.path.user, write: false).id
        let limit = try Self.limit(input.query.limit)
        let rows = try await req.store.workoutPage(
            userID: personID, before: try Self.cursor(input.query.cursor), limit: limit)
        let sets = try await req.store.sets(workoutIDs: rows.map(\.id), userID: personID)
        let next = rows.count == limit ? rows.last.map { Self.makeCursor($0.startedAt, $0.id) } : nil
        let catalog = try await req.library().catalog
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: try rows.map { try Self.workout(catalog, $0, sets: sets[$0.id] ?? []) },
                        nextCursor: next))))
    }

    static func findWorkout(_ req: Request, _ id: String, _ person: Account) async throws -> Workout {
        try await owned(id) { try await req.store.workout($0, userID: person.id) }
    }

    func getWorkout(_ input: Operations.GetWorkout.Input) async throws -> Operations.GetWorkout.Output {
        let req = try Self.request
        let person = try await Self.subject(req, input.path.user, write: false)
        let w = try await Self.findWorkout(req, input.path.id, person)
        return .ok(.init(body: .json(try await Self.workoutBody(req, w, userID: person.id))))
    }

    /// Starts today's session (or the next scheduled one); resumes one in progress.
    func startWorkout(_ input: Operations.StartWorkout.Input) async throws -> Operations.StartWorkout.Output {
        let req = try Self.request
        let person = try await Self.subject(req, input.path.user, write: true)
        let personID = person.id
        if let running = try await req.store.inProgressWorkout(userID: personID) {
            return .ok(.init(body: .json(try await Self.workoutBody(req, running, userID: personID))))
        }
        guard person.safety != .stop else {
            throw APIError(
                .forbidden, code: "safety_stop", field: nil,
                "the safety questions advise seeing a clinician before starting a program")
        }
        let today = LocalDate(req.now, in: person.zone)
        guard let schedule = try await PlanSchedule.load(req, user: person),
            let (session, _) = schedule.session(for: today)
        else {
            throw APIError(
                .conflict, code: "no_plan", field: nil, "choose a program or routine first (PUT /api/v1/users/me/plan)")
        }
        let list = SitLessCore.WorkoutItem.items(
            for: session.prescriptions, targets: try await req.store.targets(userID: personID))
        let w = try await req.store.startWorkout(
            userID: personID, planID: schedule.plan.id, date: today, week: session.week,
            title: "\(schedule.title): \(session.template)", items: list, at: req.now)
        return .created(.init(body: .json(try Self.workout(try await req.library().catalog, w, sets: []))))
    }

    func logSet(_ input: Operations.LogSet.Input) async throws -> Operations.LogSet.Output {
        let req = try Self.request
        let person = try await Self.subject(req, input.path.user, write: true)
        let w = try await Self.findWorkout(req, input.path.id, person)
        guard w.isInProgress else {
            throw APIError(.conflict, code: "finished", field: nil, "this session is already finished")
        }
        guard case .json(let body) = input.body else { throw APIError.field("body", "send a JSON object") }
        let list = w.items
        guard list.indices.contains(body.item) else {
            throw APIError.field("item", "must be from 0 to \(list.count - 1), got \(body.item)")
        }
        let item = list[body.item]
        guard !item.isSkipped else {
            throw APIError.field("item", "item \(body.item) was left for today; log sets of the items still to do")
        }
        let log: SitLessCore.SetLog
        do {
            log = try SitLessCore.SetLog.done(
                item.dosage.target.isReps ? body.reps : body.seconds, of: item.dosage.target,
                loadKilograms: body.loadKg, effort: body.effort, pain: body.pain)
        } catch {
            throw APIError.field(error.field == .loadKilograms ? "loadKg" : error.field.rawValue, error.message)
        }
        let saved = try await req.store.logSet(
            log, workout: w, itemIndex: body.item, at: req.now, idempotencyKey: try Self.idempotencyKey(req))
        return .created(.init(body: .json(try Self.set(saved))))
    }

    /// Deletes the newest set of a session in progress, named by its id so a retried request
    /// undoes nothing more.
    func undoSet(_ input: Operations.UndoSet.Input) async throws -> Operations.UndoSet.Output {
        let req = try Self.request
        let person = try await Self.subject(req, input.path.user, write: true)
        let w = try await Self.findWorkout(req, input.path.id, person)
        let setID = try Self.id(input.path.set)
        guard try await req.store.sets(workoutID: w.id, userID: person.id).contains(where: { $0.id == setID }) else {
            throw APIError.notFound
        }
        switch try await req.store.undoNewestSet(of: w, setID: setID) {
        case .undone: return .noContent(.init())
        case .finished:
            throw APIError(
                .conflict, code: "finished", field: nil, "this session is finished; its sets can no longer be undone")
        case .notNewest, .nothingLogged:
            throw APIError(
                .conflict, code: "not_newest", field: nil,
                "only the session's newest set can be undone, and a set was logged after this one")
        }
    }

    /// Leaves an item for today; with `swap`, its easier step is played next (the web
    /// player's way on after pain, through the same store call).
    static func leaveItem(user: String, id: String, index: Int, swap: Bool) async throws -> S.Workout {
        let req = try request
        let person = try await subject(req, user, write: true)
        let w = try await findWorkout(req, id, person)
        let list = w.items
        guard list.indices.contains(index) else { throw APIError.notFound }
        guard w.isInProgress else {
            throw APIError(.conflict, code: "finished", field: nil, "this session is already finished")
        }
        guard !list[index].isSkipped else {
            throw APIError(.conflict, code: "already_left", field: nil, "item \(index) was already left for today")
        }
        let library = try await req.library()
        let name = library.exercise(list[index].exerciseID)?.name ?? list[index].exerciseID
        var easier: SitLessCore.Exercise?
        if swap {
            guard let id = library.exercise(list[index].exerciseID)?.regressionID, let step = library.exercise(id)
            else {
                throw APIError.field("index", "\(name) has no easier step; skip it instead")
            }
            easier = step
        }
        guard try await req.store.leaveItem(w, index: index, easier: easier, note: "Instead of \(name) today.") != nil
        else {
            throw APIError(
                .conflict, code: "already_left", field: nil,
                "item \(index) was already left for today, or the session was finished meanwhile")
        }
        return try await workoutBody(req, try await findWorkout(req, id, person), userID: person.id)
    }

    func skipItem(_ input: Operations.SkipItem.Input) async throws -> Operations.SkipItem.Output {
        .ok(
            .init(
                body: .json(
                    try await Self.leaveItem(
                        user: input.path.user, id: input.path.id, index: input.path.index, swap: false))))
    }

    func swapItem(_ input: Operations.SwapItem.Input) async throws -> Operations.SwapItem.Output {
        .ok(
            .init(
                body: .json(
                    try await Self.leaveItem(
                        user: input.path.user, id: input.path.id, index: input.path.index, swap: true))))
    }

    func finishWorkout(_ input: Operations.FinishWorkout.Input) async throws -> Operations.FinishWorkout.Output {
        let req = try Self.request
        let person = try await Self.subject(req, input.path.user, write: true)
        let w = try await Self.findWorkout(req, input.path.id, person)
        if w.isInProgress {
            _ = try await req.store.finishWorkout(w, at: req.now, catalog: try await req.library().catalog)
        }
        return .ok(
            .init(
                body: .json(
                    try await Self.workoutBody(
                        req, try await Self.findWorkout(req, input.path.id, person),
                        userID: person.id))))
    }
}
