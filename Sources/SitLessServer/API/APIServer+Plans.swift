import Foundation
import SitLessAPI
import SitLessCore
import SitLessStore
import Vapor

/// Routines, the plan, the schedule and assignments (`training` and `teams` tags).
extension APIServer {
    static func routine(_ r: SavedRoutine) throws -> S.Routine {
        let routine = r.routine
        let items = routine.prescriptions.map {
            let amount: Int =
                switch $0.dosage.target {
                case .reps(let n): n
                case .hold(let s), .timed(let s): s
                }
            return S.RoutineItem(
                amount: amount, dosage: $0.dosage.volume, exerciseID: $0.exerciseID, sets: $0.dosage.sets)
        }
        return S.Routine(name: r.name, items: items, id: r.id.uuidString, perWeek: routine.perWeek.lower)
    }

    func listRoutines(_ input: Operations.ListRoutines.Input) async throws -> Operations.ListRoutines.Output {
        let req = try Self.request
        let person = try await Self.subject(req, input.path.user, write: false)
        return .ok(
            .init(
                body: .json(
                    .init(items: try await req.store.routines(userID: person.id).map(Self.routine), nextCursor: nil))))
    }

    static func buildRoutine(_ catalog: Catalog, _ body: S.NewRoutine) throws -> SitLessCore.Routine {
        let name = try NameRules.check(body.name, field: "name", limit: 80)
        let perWeek = body.perWeek ?? 3
        guard (1...7).contains(perWeek) else { throw APIError.field("perWeek", "must be from 1 to 7") }
        var routine = SitLessCore.Routine(name: name, perWeek: WeeklyFrequency(perWeek))
        for (i, item) in body.items.enumerated() {
            guard let exercise = catalog.exercise(item.exerciseID) else {
                throw APIError.field("items[\(i)].exerciseID", "no exercise '\(item.exerciseID)' in the library")
            }
            var dosage = exercise.dosage
            if let sets = item.sets { dosage.sets = sets }
            if let amount = item.amount { dosage.target = dosage.target.with(amount: amount) }
            do { try routine.add(exercise.id, dosage: dosage, from: catalog) } catch {
                throw APIError.field("items[\(i)]", error.description)
            }
        }
        return routine
    }

    func createRoutine(_ input: Operations.CreateRoutine.Input) async throws -> Operations.CreateRoutine.Output {
        let req = try Self.request
        let person = try await Self.subject(req, input.path.user, write: true)
        guard case .json(let body) = input.body else { throw APIError.field("body", "send a JSON object") }
        let routine = try Self.buildRoutine(try await req.library().catalog, body)
        let record = try await req.store.createRoutine(routine, userID: person.id)
        return .created(.init(body: .json(try Self.routine(record))))
    }

    static func findRoutine(_ req: Request, _ id: String, _ person: Account) async throws -> SavedRoutine {
        try await owned(id) { try await req.store.routine($0, userID: person.id) }
    }

    func getRoutine(_ input: Operations.GetRoutine.Input) async throws -> Operations.GetRoutine.Output {
        let req = try Self.request
        let person = try await Self.subject(req, input.path.user, write: false)
        return .ok(.init(body: .json(try Self.routine(try await Self.findRoutine(req, input.path.id, person)))))
    }

    func putRoutine(_ input: Operations.PutRoutine.Input) async throws -> Operations.PutRoutine.Output {
        let req = try Self.request
        let person = try await Self.subject(req, input.path.user, write: true)
        var saved = try await Self.findRoutine(req, input.path.id, person)
        guard case .json(let body) = input.body else { throw APIError.field("body", "send a JSON object") }
        saved.routine = try Self.buildRoutine(try await req.library().catalog, body)
        guard try await req.store.saveRoutine(saved.routine, id: saved.id, userID: person.id) else {
            throw APIError.notFound
        }
        return .ok(.init(body: .json(try Self.routine(saved))))
    }

    func deleteRoutine(_ input: Operations.DeleteRoutine.Input) async throws -> Operations.DeleteRoutine.Output {
        let req = try Self.request
        let person = try await Self.subject(req, input.path.user, write: true)
        guard
            try await req.store.deleteRoutine(
                try await Self.findRoutine(req, input.path.id, person).id,
                userID: person.id)
        else { throw APIError.notFound }
        return .noContent(.init())
    }

    static func plan(_ req: Request, _ person: Account) async throws -> S.Plan {
        guard let s = try await PlanSchedule.load(req, user: person) else {
            throw APIError(.notFound, code: "no_plan", field: nil, "no program or routine has been started")
        }
        return S.Plan(
            days: s.plan.days.map(\.rawValue), perWeek: s.plan.perWeek, programID: s.plan.programID,
            routineID: s.plan.routineID?.uuidString, start: s.plan.start.description, title: s.title,
            weeks: s.plan.weeks)
    }

    func getPlan(_ input: Operations.GetPlan.Input) async throws -> Operations.GetPlan.Output {
        let req = try Self.request
        return .ok(
            .init(body: .json(try await Self.plan(req, try await Self.subject(req, input.path.user, write: false)))))
    }

    /// Checks start, sessions per week and days, as the web forms do.
    static func schedule(
        _ start: APIDay, _ perWeek: Int, _ days: [String], zone: TimeZone, now: Date
    ) throws -> (LocalDate, Int, [Weekday]) {
        if let problem = PlanForm.startProblem(start.day, now: now, zone: zone) {
            throw APIError.field("start", problem)
        }
        guard (1...7).contains(perWeek) else { throw APIError.field("perWeek", "must be from 1 to 7, got \(perWeek)") }
        var weekdays: [Weekday] = []
        for (i, d) in days.enumerated() {
            guard let w = Weekday(parsing: d) else {
                throw APIError.field("days[\(i)]", "must be mon, tue, wed, thu, fri, sat or sun, got '\(d)'")
            }
            weekdays.append(w)
        }
        guard !weekdays.isEmpty else { throw APIError.field("days", "choose at least one day") }
        if let problem = PlanForm.problem(start: start.day, perWeek: perWeek, days: weekdays, zone: zone) {
            throw APIError.field("days", problem)
        }
        return (start.day, perWeek, weekdays)
    }

    /// A safety stop answers 403 naming the way out (retake the check under Settings).
    static func safetyChecked(_ body: () async throws -> Void) async throws {
        do { try await body() } catch StoreError.safetyStop {
            throw APIError(.forbidden, code: "safety_stop", field: nil, StoreError.safetyStop.description)
        } catch StoreError.safetyCheckNeeded {
            throw APIError(
                .forbidden, code: "safety_check_needed", field: nil, StoreError.safetyCheckNeeded.description)
        }
    }

    func putPlan(_ input: Operations.PutPlan.Input) async throws -> Operations.PutPlan.Output {
        let req = try Self.request
        let person = try await Self.subject(req, input.path.user, write: true)
        let personID = person.id
        guard case .json(let body) = input.body else { throw APIError.field("body", "send a JSON object") }
        let (start, perWeek, days) = try Self.schedule(
            body.start, body.perWeek, body.days.map(\.rawValue), zone: person.zone, now: req.now)
        // `weeks` is checked whenever it is sent, also where a program's own length wins.
        if let weeks = body.weeks, !(1...52).contains(weeks) {
            throw APIError.field("weeks", "must be from 1 to 52, got \(weeks)")
        }
        if let text = body.routineID, UUID(uuidString: text) == nil {
            throw APIError.field("routineID", "must be a routine's id (a UUID), got '\(text.prefix(40))'")
        }
        if let id = body.programID?.rawValue {
            guard let p = req.catalog.program(id) else { throw APIError.field("programID", "no program '\(id)'") }
            try await Self.safetyChecked {
                _ = try await req.store.startPlan(
                    userID: personID, programID: p.id, routineID: nil, start: start, perWeek: perWeek, days: days,
                    weeks: p.weekCount)
            }
        } else if let text = body.routineID {
            guard let id = UUID(uuidString: text), try await req.store.routine(id, userID: personID) != nil else {
                throw APIError.field("routineID", "no routine of yours with id \(text)")
            }
            let weeks = body.weeks ?? 4
            try await Self.safetyChecked {
                _ = try await req.store.startPlan(
                    userID: personID, programID: nil, routineID: id, start: start, perWeek: perWeek, days: days,
                    weeks: weeks)
            }
        } else {
            throw APIError.field("programID", "send programID or routineID")
        }
        return .ok(.init(body: .json(try await Self.plan(req, person))))
    }

    func listSchedule(_ input: Operations.ListSchedule.Input) async throws -> Operations.ListSchedule.Output {
        let req = try Self.request
        let person = try await Self.subject(req, input.path.user, write: false)
        let today = LocalDate(req.now, in: person.zone)
        let from = try Self.day(input.query.from, field: "from", today: today)
        let to = try Self.day(input.query.to, field: "to", today: today)
        guard let s = try await PlanSchedule.load(req, user: person) else {
            return .ok(.init(body: .json(.init(items: [], nextCursor: nil))))
        }
        let (targets, notes) = try await req.store.targetsWithNotes(userID: person.id)
        let sessions = s.sessions.filter { (from == nil || $0.date >= from!) && (to == nil || $0.date <= to!) }
        let catalog = try await req.library().catalog
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: sessions.map {
                            let next = NextItems.make(
                                $0.prescriptions, targets: targets, notes: notes, catalog: catalog, zone: person.zone)
                            var list = Self.items(catalog, next.map(\.item))
                            for i in list.indices { list[i].why = next[i].why }
                            return S.Session(
                                items: list, date: $0.date.description, minutes: $0.minutes,
                                title: "\(s.title): \($0.template)", week: $0.week)
                        }, nextCursor: nil))))
    }

    func listAssignments(_ input: Operations.ListAssignments.Input) async throws -> Operations.ListAssignments.Output {
        let req = try Self.request
        let person = try await Self.subject(req, input.path.user, write: false)
        let zone = person.zone
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: try await req.store.assignments(memberID: person.id).map {
                            Components.Schemas.Assignment(MemberReport.Prescribed($0, zone: zone))
                        }, nextCursor: nil))))
    }
}
