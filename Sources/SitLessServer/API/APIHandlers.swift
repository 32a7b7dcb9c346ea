import Fluent
import Foundation
import SitLessCore
import SitLessStore
import Vapor

/// Handlers of the JSON API. Every personal resource sits under `/users/{user}` where
/// `{user}` is `me` or an id: reading needs `Store.canSee` (yourself, or your clinician),
/// writing needs to be yourself. Anyone else gets 404, as if nothing were there.
enum APIHandlers {
    // MARK: Helpers

    static func json<T: Encodable>(_ value: T, _ status: HTTPStatus = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        let response = Response(status: status, body: .init(data: try encoder.encode(value)))
        response.headers.contentType = .json
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    static func decode<T: Decodable>(_ type: T.Type, _ req: Request) throws -> T {
        guard let buffer = req.body.data else { throw APIError.field("body", "send a JSON object") }
        // A body sent as text/plain or without a type is not read as JSON by guesswork: a
        // cross-site form can send text/plain without asking the browser's permission.
        guard let contentType = req.headers.contentType, contentType.type == "application", contentType.subType == "json" else {
            throw APIError(.unsupportedMediaType, code: "unsupported_media_type", field: "Content-Type",
                           "send the body as application/json, not \(req.headers.contentType?.serialize() ?? "without a Content-Type")")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parseInstant(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO 8601 date \(TimeBounds.instantRangeText)")
            }
            return date
        }
        do {
            return try decoder.decode(T.self, from: Data(buffer.readableBytesView))
        } catch let DecodingError.keyNotFound(key, context) {
            throw APIError.field(path(context.codingPath + [key]), "is required")
        } catch let DecodingError.typeMismatch(type, context) {
            throw APIError.field(path(context.codingPath), "must be \(typeName(type))")
        } catch let DecodingError.valueNotFound(type, context) {
            throw APIError.field(path(context.codingPath), "must be \(typeName(type)), not null")
        } catch let DecodingError.dataCorrupted(context) {
            if context.codingPath.isEmpty { throw APIError(.badRequest, code: "bad_json", field: "body", "the body is not valid JSON") }
            throw APIError.field(path(context.codingPath), context.debugDescription.contains("date") ? "must be an ISO 8601 date-time like 2026-12-07T09:00:00Z, \(TimeBounds.instantRangeText)" : "has an invalid value")
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: "a whole number"
        case is Double.Type: "a number"
        case is String.Type: "text"
        case is Bool.Type: "true or false"
        case is Date.Type: "an ISO 8601 date-time"
        default: "of another type"
        }
    }

    /// The person in the path, when the caller may read (or, with `write`, change) their data.
    static func subject(_ req: Request, write: Bool = false) async throws -> UserRecord {
        let viewer = try req.user
        let text = req.parameters.get("user") ?? "me"
        if text == "me" { return viewer }
        guard let id = UUID(uuidString: text) else { throw APIError.notFound }
        if id == viewer.id { return viewer }
        guard try await req.store.canSee(viewer: try viewer.requireID(), subject: id), let person = try await req.store.user(id: id) else {
            throw APIError.notFound
        }
        if write { throw APIError(.forbidden, code: "forbidden", field: nil, "only \(person.displayName) can change their own data") }
        return person
    }

    static func limit(_ req: Request) throws -> Int {
        guard let text = req.query[String.self, at: "limit"] else { return 50 }
        guard let n = Int(text), (1...200).contains(n) else { throw APIError.field("limit", "must be a whole number from 1 to 200, got '\(text)'") }
        return n
    }

    /// Cursors are opaque to clients: "seconds|uuid" in base64url.
    static func cursor(_ req: Request) throws -> (Date, UUID)? {
        guard let text = req.query[String.self, at: "cursor"] else { return nil }
        var base = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base.count % 4 != 0 { base += "=" }
        guard let data = Data(base64Encoded: base), let raw = String(data: data, encoding: .utf8) else { throw badCursor }
        let parts = raw.split(separator: "|")
        guard parts.count == 2, let seconds = Double(parts[0]), let id = UUID(uuidString: String(parts[1])) else { throw badCursor }
        return (Date(timeIntervalSince1970: seconds), id)
    }

    /// A `true`/`false` query parameter; anything else names the parameter.
    static func boolean(_ req: Request, _ name: String) throws -> Bool? {
        guard let text = req.query[String.self, at: name] else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default: throw APIError.field(name, "must be true or false, got '\(text.prefix(40))'")
        }
    }

    /// The `Idempotency-Key` header: a retried request with the same key returns what the
    /// first one made instead of making it again. 1 to 255 visible ASCII characters (a UUID,
    /// say).
    static func idempotencyKey(_ req: Request) throws -> String? {
        guard let key = req.headers.first(name: "Idempotency-Key") else { return nil }
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw APIError.field("Idempotency-Key", "must be 1 to 255 visible ASCII characters, such as a UUID")
        }
        return key
    }

    static let badCursor = APIError.field("cursor", "is not a cursor this API gave out; start again without it")

    static func makeCursor(_ date: Date, _ id: UUID) -> String {
        Data("\(date.timeIntervalSince1970)|\(id.uuidString)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func instant(_ req: Request, _ name: String) throws -> Date? {
        guard let text = req.query[String.self, at: name] else { return nil }
        if let date = parseInstant(text) { return date }
        throw APIError.field(name, "must be an ISO 8601 date-time like 2026-12-07T09:00:00Z, \(TimeBounds.instantRangeText), got '\(text)'")
    }

    /// An RFC 3339 date-time (with or without fractional seconds) inside `TimeBounds`: a day
    /// that does not exist or a year outside 2000-2100 is `nil`.
    static func parseInstant(_ text: String) -> Date? {
        InstantParsing.iso8601(text).flatMap { TimeBounds.contains($0) ? $0 : nil }
    }

    /// A `YYYY-MM-DD` query parameter between 2000-01-01 and ten years after `today`.
    static func localDate(_ req: Request, _ name: String, today: LocalDate) throws -> LocalDate? {
        guard let text = req.query[String.self, at: name] else { return nil }
        guard let date = LocalDate(iso: text) else { throw APIError.field(name, "must be a date like 2026-12-07, got '\(text)'") }
        try TimeBounds.check(date, today: today, field: name)
        return date
    }

    static func zone(_ user: UserRecord) -> TimeZone { TimeZone(identifier: user.timeZone) ?? .current }

    // MARK: Me, catalog

    static func user(_ u: UserRecord) -> APIModels.User {
        APIModels.User(id: u.id!, email: u.email, timeZone: u.timeZone, isClinician: u.isClinician, isAdmin: u.isAdmin, onboarded: u.onboardedAt != nil)
    }

    static func getUser(_ req: Request) async throws -> Response { try json(user(try await subject(req))) }

    static func exercise(_ e: SitLessCore.Exercise, _ library: ExerciseLibrary) -> APIModels.Exercise {
        let demonstration = Demonstrations.links(library, exerciseID: e.id).map {
            APIModels.Demonstration(animation: $0.animation, stills: $0.stills, thumbnail: $0.thumbnail, description: $0.description)
        }
        return APIModels.Exercise(id: e.id, name: e.name, position: e.position.name, level: e.level.name, dosage: e.dosage.details,
                                  how: e.how, feel: e.feel, deskBreak: e.isDeskBreak, demonstration: demonstration,
                                  author: library.author(of: e.id)?.name)
    }

    /// Static lists page by offset (the catalog does not change while the server runs).
    static func offsetPage<T, Item: Content>(_ req: Request, _ all: [T], _ map: (T) -> Item) throws -> Response {
        let limit = try limit(req)
        var start = 0
        if let text = req.query[String.self, at: "cursor"] {
            guard let n = Int(text), n >= 0, n <= all.count else { throw badCursor }
            start = n
        }
        let slice = all[start..<min(all.count, start + limit)]
        let next = start + limit < all.count ? String(start + limit) : nil
        return try json(APIModels.List(items: slice.map(map), nextCursor: next))
    }

    static func listExercises(_ req: Request) async throws -> Response {
        let library = try await req.library()
        var all = library.catalog.exercises
        if let q = req.query[String.self, at: "q"]?.lowercased(), !q.isEmpty { all = all.filter { $0.name.lowercased().contains(q) } }
        if try boolean(req, "deskBreak") == true { all = all.filter(\.isDeskBreak) }
        return try offsetPage(req, all) { exercise($0, library) }
    }

    static func getExercise(_ req: Request) async throws -> Response {
        let library = try await req.library()
        guard let e = req.parameters.get("id").flatMap(library.exercise) else { throw APIError.notFound }
        return try json(exercise(e, library))
    }

    static func program(_ p: SitLessCore.Program) -> APIModels.Program {
        APIModels.Program(id: p.id, name: p.name, goal: p.goal, weeks: p.weekCount, perWeek: p.perWeek.description,
                          sessions: p.weeks.reduce(0) { $0 + $1.sessions.count })
    }

    static func listPrograms(_ req: Request) async throws -> Response { try offsetPage(req, req.catalog.programs, program) }

    static func getProgram(_ req: Request) async throws -> Response {
        guard let p = req.parameters.get("id").flatMap(req.catalog.program) else { throw APIError.notFound }
        return try json(program(p))
    }

    // MARK: Sitting

    static func bout(_ r: PostureBoutRecord) -> APIModels.Bout {
        APIModels.Bout(id: r.id!, posture: r.posture, source: r.source, start: r.start, end: r.end, confidence: r.confidence)
    }

    static func listBouts(_ req: Request) async throws -> Response {
        let person = try await subject(req)
        let to = try instant(req, "to") ?? req.now.addingTimeInterval(86_400)
        let from = try instant(req, "from") ?? to.addingTimeInterval(-7 * 86_400)
        guard from < to else { throw APIError.field("to", "must be after from") }
        let limit = try limit(req)
        let rows = try await req.store.boutPage(userID: try person.requireID(), from: from, to: to, after: try cursor(req), limit: limit)
        let next = rows.count == limit ? rows.last.map { makeCursor($0.start, $0.id!) } : nil
        return try json(APIModels.List(items: rows.map(bout), nextCursor: next))
    }

    static func storeError(_ error: StoreError, field: String) -> APIError {
        APIError.field(field, error.description)
    }

    static func addBout(_ req: Request) async throws -> Response {
        let person = try await subject(req, write: true)
        let body = try decode(APIModels.NewBout.self, req)
        guard let posture = Posture(rawValue: body.posture == "walking" ? "stepping" : body.posture) else {
            throw APIError.field("posture", "must be sitting, lying, standing or stepping, got '\(body.posture)'")
        }
        do {
            let record = try await req.store.addManualBout(userID: try person.requireID(), posture: posture, start: body.start, end: body.end,
                                                           now: req.now, zone: zone(person))
            return try json(bout(record), .created)
        } catch let error as StoreError {
            throw storeError(error, field: "end")
        }
    }

    static func deleteBout(_ req: Request) async throws -> Response {
        let person = try await subject(req, write: true)
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
              try await req.store.deleteBout(id, userID: try person.requireID()) else { throw APIError.notFound }
        return Response(status: .noContent)
    }

    static func changePosture(_ req: Request) async throws -> Response {
        let person = try await subject(req, write: true)
        let body = try decode(APIModels.PostureChange.self, req)
        guard let posture = Posture(rawValue: body.posture == "walking" ? "stepping" : body.posture) else {
            throw APIError.field("posture", "must be sitting, lying, standing, stepping or unknown, got '\(body.posture)'")
        }
        do {
            try await req.store.recordPostureChange(userID: try person.requireID(), to: posture, at: body.at ?? req.now, now: req.now, zone: zone(person))
        } catch let error as StoreError {
            throw storeError(error, field: "at")
        }
        return Response(status: .noContent)
    }

    /// The desktop agent's presence bout: created, then extended while the person is at the computer.
    static func savePresence(_ req: Request) async throws -> Response {
        let person = try await subject(req, write: true)
        let body = try decode(APIModels.Presence.self, req)
        guard body.start <= body.end else { throw APIError.field("end", "must not be before start") }
        guard body.end <= req.now.addingTimeInterval(120) else { throw APIError.field("end", "is in the future") }
        let posture: Posture = body.posture == "standing" ? .standing : .sitting
        if let p = body.posture, p != "sitting", p != "standing" { throw APIError.field("posture", "must be sitting or standing, got '\(p)'") }
        let id = try await req.store.savePresence(PostureBout(posture, from: body.start, to: body.end, source: .desktopPresence, confidence: 0.5),
                                                  id: body.id, open: body.open, userID: try person.requireID())
        return try json(APIModels.PresenceSaved(id: id))
    }

    static func day(_ d: SittingDay) -> APIModels.Day {
        APIModels.Day(date: d.date.description, sittingMinutes: d.day.sittingSeconds / 60, standingMinutes: d.day.standingSeconds / 60,
                      steppingMinutes: d.day.steppingSeconds / 60, lyingMinutes: d.day.lyingSeconds / 60, breaks: d.day.breaks,
                      prolonged30Count: d.day.prolonged30Count, prolonged60Count: d.day.prolonged60Count,
                      longestBoutMinutes: d.day.longestBoutSeconds.map { $0 / 60 }, workSittingShare: d.work?.sittingShareOfWindow,
                      goalMinutes: d.goalMinutes, posture: d.posture.rawValue, nextPromptDue: d.nextPromptDue,
                      prompts: Dictionary(uniqueKeysWithValues: d.prompts.map { ($0.key.rawValue, $0.value) }))
    }

    static func listDays(_ req: Request) async throws -> Response {
        let person = try await subject(req)
        let today = LocalDate(req.now, in: zone(person))
        let to = try localDate(req, "to", today: today) ?? today
        let from = try localDate(req, "from", today: today) ?? to.adding(days: -6)
        guard from <= to else { throw APIError.field("to", "must not be before from") }
        guard from.days(until: to) < 92 else { throw APIError.field("from", "ask for at most 92 days at a time") }
        let dates = (0...from.days(until: to)).map { from.adding(days: $0) }
        let (days, _) = try await req.store.sittingDays(dates, user: person, now: req.now)
        return try json(APIModels.List(items: days.map(day), nextCursor: nil))
    }

    static func coach(_ p: CoachPolicy) -> APIModels.Coach {
        APIModels.Coach(timeZone: p.timeZone, workHours: p.workHours.description, maxSittingMinutes: p.maxSittingMinutes, breakMinutes: p.breakMinutes,
                        snoozeMinutes: p.snoozeMinutes, maxSnoozesInARow: p.maxSnoozesInARow, quietTimes: p.quietTimes.map(\.description),
                        responseWindowMinutes: p.responseWindowMinutes, dailySittingGoalMinutes: p.dailySittingGoalMinutes,
                        cycle: p.cycle.map { .init(sitMinutes: $0.sitMinutes, standMinutes: $0.standMinutes, moveMinutes: $0.moveMinutes) })
    }

    static func getCoach(_ req: Request) async throws -> Response {
        try json(coach(try await req.store.coachPolicy(for: try await subject(req))))
    }

    static func putCoach(_ req: Request) async throws -> Response {
        let person = try await subject(req, write: true)
        let body = try decode(APIModels.Coach.self, req)
        guard TimeZone(identifier: body.timeZone) != nil else { throw APIError.field("timeZone", "must be an IANA time zone like Europe/London, got '\(body.timeZone)'") }
        guard let hours = WorkHours(parsing: body.workHours) else { throw APIError.field("workHours", "must look like \"mon-fri 09:00-17:00\", got '\(body.workHours)'") }
        var quiet: [ClockRange] = []
        for (i, text) in body.quietTimes.enumerated() {
            guard let range = ClockRange(parsing: text) else { throw APIError.field("quietTimes[\(i)]", "must look like 12:00-13:00, got '\(text)'") }
            quiet.append(range)
        }
        var policy = CoachPolicy(timeZone: body.timeZone, workHours: hours)
        policy.maxSittingMinutes = body.maxSittingMinutes
        policy.breakMinutes = body.breakMinutes
        policy.snoozeMinutes = body.snoozeMinutes
        policy.maxSnoozesInARow = body.maxSnoozesInARow
        policy.quietTimes = quiet
        policy.responseWindowMinutes = body.responseWindowMinutes
        policy.dailySittingGoalMinutes = body.dailySittingGoalMinutes
        policy.cycle = body.cycle.map { SitStandCycle(sitMinutes: $0.sitMinutes, standMinutes: $0.standMinutes, moveMinutes: $0.moveMinutes) }
        do {
            try await req.store.saveCoachPolicy(policy, for: person)
        } catch let error as StoreError {
            throw APIError.field("body", error.description)
        }
        return try json(coach(try await req.store.coachPolicy(for: person)))
    }

    static func listPrompts(_ req: Request) async throws -> Response {
        let person = try await subject(req)
        let to = try instant(req, "to") ?? req.now.addingTimeInterval(60)
        let from = try instant(req, "from") ?? to.addingTimeInterval(-7 * 86_400)
        let records = try await req.store.promptOutcomes(userID: try person.requireID(), from: from, to: to)
        return try json(APIModels.List(items: records.map {
            APIModels.Prompt(outcome: $0.outcome.rawValue, at: $0.at, issuedAt: $0.prompt?.issuedAt, kind: $0.prompt?.kind.rawValue,
                             exerciseID: $0.prompt?.move?.exerciseID, dosage: $0.prompt?.move?.dosage.volume)
        }, nextCursor: nil))
    }

    static func addPrompt(_ req: Request) async throws -> Response {
        let person = try await subject(req, write: true)
        let body = try decode(APIModels.NewPrompt.self, req)
        guard let outcome = PromptOutcome(rawValue: body.outcome) else {
            throw APIError.field("outcome", "must be one of \(PromptOutcome.allCases.map(\.rawValue).joined(separator: ", ")), got '\(body.outcome)'")
        }
        try await req.store.recordPromptOutcome(userID: try person.requireID(), outcome: outcome, at: body.at, issuedAt: body.issuedAt,
                                                kind: body.kind, exerciseID: body.exerciseID, dosage: body.dosage)
        return Response(status: .created)
    }

    // MARK: Training

    static func items(_ catalog: Catalog, _ items: [SitLessCore.WorkoutItem]) -> [APIModels.WorkoutItem] {
        items.enumerated().map { i, item in
            let (reps, seconds): (Int?, Int?) = switch item.dosage.target {
            case .reps(let n): (n, nil)
            case .hold(let s), .timed(let s): (nil, s)
            }
            return APIModels.WorkoutItem(index: i, exerciseID: item.exerciseID, name: catalog.exercise(item.exerciseID)?.name ?? item.exerciseID,
                                         dosage: item.dosage.volume, sets: item.dosage.sets, reps: reps, seconds: seconds,
                                         left: item.isSkipped ? true : nil, replaces: item.replaces)
        }
    }

    static func set(_ s: SetLogRecord) -> APIModels.SetLog {
        APIModels.SetLog(id: s.id!, item: s.itemIndex, exerciseID: s.exerciseID, set: s.setNumber, reps: s.reps, seconds: s.seconds,
                         loadKg: s.loadKilograms, effort: s.effort, pain: s.pain, loggedAt: s.loggedAt)
    }

    static func workout(_ catalog: Catalog, _ w: WorkoutRecord, sets: [SetLogRecord]) throws -> APIModels.Workout {
        APIModels.Workout(id: w.id!, date: w.scheduledDate, week: w.week, title: w.title, status: w.status, startedAt: w.startedAt,
                          finishedAt: w.finishedAt, nextMorning: w.nextMorning, items: items(catalog, try Store.items(of: w)), sets: sets.map(set),
                          decisions: Store.decisions(of: w).map {
                              APIModels.Decision(exerciseID: $0.exerciseID, action: $0.action.rawValue,
                                                 next: "\(catalog.exercise($0.next.exerciseID)?.name ?? $0.next.exerciseID) \($0.next.dosage.volume)", reasons: $0.reasons)
                          })
    }

    static func listWorkouts(_ req: Request) async throws -> Response {
        let person = try await subject(req)
        let personID = try person.requireID()
        let limit = try limit(req)
        let rows = try await req.store.workoutPage(userID: personID, before: try cursor(req), limit: limit)
        let sets = try await req.store.sets(workoutIDs: rows.compactMap(\.id), userID: personID)
        let next = rows.count == limit ? rows.last.map { makeCursor($0.startedAt, $0.id!) } : nil
        let catalog = try await req.library().catalog
        return try json(APIModels.List(items: try rows.map { try workout(catalog, $0, sets: sets[$0.id!] ?? []) }, nextCursor: next))
    }

    static func findWorkout(_ req: Request, _ person: UserRecord) async throws -> WorkoutRecord {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let w = try await req.store.workout(id, userID: try person.requireID()) else { throw APIError.notFound }
        return w
    }

    static func getWorkout(_ req: Request) async throws -> Response {
        let person = try await subject(req)
        let w = try await findWorkout(req, person)
        return try json(try workout(try await req.library().catalog, w, sets: try await req.store.sets(workoutID: w.id!, userID: try person.requireID())))
    }

    /// Starts today's session (or the next scheduled one); resumes one in progress.
    static func startWorkout(_ req: Request) async throws -> Response {
        let person = try await subject(req, write: true)
        let personID = try person.requireID()
        if let running = try await req.store.inProgressWorkout(userID: personID) {
            return try json(try workout(try await req.library().catalog, running, sets: try await req.store.sets(workoutID: running.id!, userID: personID)))
        }
        guard person.safetyOutcome != "stop" else {
            throw APIError(.forbidden, code: "safety_stop", field: nil, "the safety questions advise seeing a clinician before starting a program")
        }
        let today = LocalDate(req.now, in: zone(person))
        guard let schedule = try await PlanSchedule.load(req, user: person), let (session, _) = schedule.session(for: today) else {
            throw APIError(.conflict, code: "no_plan", field: nil, "choose a program or routine first (PUT /api/v1/users/me/plan)")
        }
        let list = SitLessCore.WorkoutItem.items(for: session.prescriptions, targets: try await req.store.targets(userID: personID))
        let w = try await req.store.startWorkout(userID: personID, planID: schedule.plan.id, date: today, week: session.week,
                                                 title: "\(schedule.title): \(session.template)", items: list, at: req.now)
        return try json(try workout(try await req.library().catalog, w, sets: []), .created)
    }

    static func logSet(_ req: Request) async throws -> Response {
        let person = try await subject(req, write: true)
        let w = try await findWorkout(req, person)
        guard w.status == "in-progress" else { throw APIError(.conflict, code: "finished", field: nil, "this session is already finished") }
        let list = try Store.items(of: w)
        let body = try decode(APIModels.NewSet.self, req)
        guard list.indices.contains(body.item) else { throw APIError.field("item", "must be from 0 to \(list.count - 1), got \(body.item)") }
        let item = list[body.item]
        guard !item.isSkipped else { throw APIError.field("item", "item \(body.item) was left for today; log sets of the items still to do") }
        guard (0...10).contains(body.effort) else { throw APIError.field("effort", "must be from 0 to 10, got \(body.effort)") }
        guard (0...10).contains(body.pain) else { throw APIError.field("pain", "must be from 0 to 10, got \(body.pain)") }
        if let load = body.loadKg, !(0...500).contains(load) { throw APIError.field("loadKg", "must be from 0 to 500, got \(load)") }
        let log: SitLessCore.SetLog
        if item.dosage.target.isReps {
            guard let reps = body.reps, (0...1000).contains(reps) else { throw APIError.field("reps", "this exercise counts repetitions: send reps from 0 to 1000") }
            log = SitLessCore.SetLog(reps: reps, loadKilograms: body.loadKg, effort: body.effort, pain: body.pain)
        } else {
            guard let seconds = body.seconds, (0...7200).contains(seconds) else { throw APIError.field("seconds", "this exercise is timed: send seconds from 0 to 7200") }
            log = SitLessCore.SetLog(seconds: seconds, loadKilograms: body.loadKg, effort: body.effort, pain: body.pain)
        }
        let saved = try await req.store.logSet(log, workout: w, itemIndex: body.item, at: req.now, idempotencyKey: try idempotencyKey(req))
        return try json(set(saved), .created)
    }

    /// Deletes the newest set of a session in progress, named by its id so a retried request
    /// undoes nothing more.
    static func undoSet(_ req: Request) async throws -> Response {
        let person = try await subject(req, write: true)
        let w = try await findWorkout(req, person)
        guard let setID = req.parameters.get("set").flatMap(UUID.init(uuidString:)),
              try await req.store.sets(workoutID: w.id!, userID: try person.requireID()).contains(where: { $0.id == setID }) else {
            throw APIError.notFound
        }
        switch try await req.store.undoNewestSet(of: w, setID: setID) {
        case .undone: return Response(status: .noContent)
        case .finished: throw APIError(.conflict, code: "finished", field: nil, "this session is finished; its sets can no longer be undone")
        case .notNewest, .nothingLogged:
            throw APIError(.conflict, code: "not_newest", field: nil, "only the session's newest set can be undone, and a set was logged after this one")
        }
    }

    /// `skip`: leaves an item for today; `swap`: the same, with its easier step played next
    /// (the web player's way on after pain, through the same store call).
    static func skipItem(_ req: Request) async throws -> Response { try await leaveItem(req, swap: false) }
    static func swapItem(_ req: Request) async throws -> Response { try await leaveItem(req, swap: true) }

    static func leaveItem(_ req: Request, swap: Bool) async throws -> Response {
        let person = try await subject(req, write: true)
        let w = try await findWorkout(req, person)
        let list = try Store.items(of: w)
        guard let index = req.parameters.get("index").flatMap(Int.init), list.indices.contains(index) else { throw APIError.notFound }
        guard w.status == "in-progress" else { throw APIError(.conflict, code: "finished", field: nil, "this session is already finished") }
        guard !list[index].isSkipped else { throw APIError(.conflict, code: "already_left", field: nil, "item \(index) was already left for today") }
        let library = try await req.library()
        let name = library.exercise(list[index].exerciseID)?.name ?? list[index].exerciseID
        var easier: SitLessCore.Exercise?
        if swap {
            guard let id = library.exercise(list[index].exerciseID)?.regressionID, let step = library.exercise(id) else {
                throw APIError.field("index", "\(name) has no easier step; skip it instead")
            }
            easier = step
        }
        guard try await req.store.leaveItem(w, index: index, easier: easier, note: "Instead of \(name) today.") else {
            throw APIError(.conflict, code: "already_left", field: nil, "item \(index) was already left for today, or the session was finished meanwhile")
        }
        let fresh = try await findWorkout(req, person)
        return try json(try workout(library.catalog, fresh, sets: try await req.store.sets(workoutID: fresh.id!, userID: try person.requireID())))
    }

    static func finishWorkout(_ req: Request) async throws -> Response {
        let person = try await subject(req, write: true)
        let w = try await findWorkout(req, person)
        if w.status == "in-progress" { _ = try await req.store.finishWorkout(w, at: req.now, catalog: try await req.library().catalog) }
        let fresh = try await findWorkout(req, person)
        return try json(try workout(try await req.library().catalog, fresh, sets: try await req.store.sets(workoutID: fresh.id!, userID: try person.requireID())))
    }

    static func routine(_ r: RoutineRecord) throws -> APIModels.Routine {
        let routine = try Store.routine(from: r)
        return APIModels.Routine(id: r.id!, name: r.name, perWeek: r.perWeek, items: routine.prescriptions.map {
            let amount: Int = switch $0.dosage.target { case .reps(let n): n; case .hold(let s), .timed(let s): s }
            return APIModels.RoutineItem(exerciseID: $0.exerciseID, sets: $0.dosage.sets, amount: amount, dosage: $0.dosage.volume)
        })
    }

    static func listRoutines(_ req: Request) async throws -> Response {
        let person = try await subject(req)
        return try json(APIModels.List(items: try await req.store.routines(userID: try person.requireID()).map(routine), nextCursor: nil))
    }

    static func buildRoutine(_ catalog: Catalog, _ body: APIModels.NewRoutine) throws -> SitLessCore.Routine {
        let name = try NameRules.check(body.name, field: "name", limit: 80)
        let perWeek = body.perWeek ?? 3
        guard (1...7).contains(perWeek) else { throw APIError.field("perWeek", "must be from 1 to 7") }
        var routine = SitLessCore.Routine(name: name, perWeek: WeeklyFrequency(perWeek))
        for (i, item) in body.items.enumerated() {
            guard let exercise = catalog.exercise(item.exerciseID) else { throw APIError.field("items[\(i)].exerciseID", "no exercise '\(item.exerciseID)' in the library") }
            var dosage = exercise.dosage
            if let sets = item.sets { dosage.sets = sets }
            if let amount = item.amount {
                switch dosage.target {
                case .reps: dosage.target = .reps(amount)
                case .hold: dosage.target = .hold(seconds: amount)
                case .timed: dosage.target = .timed(seconds: amount)
                }
            }
            do { try routine.add(exercise.id, dosage: dosage, from: catalog) } catch {
                throw APIError.field("items[\(i)]", error.description)
            }
        }
        return routine
    }

    static func createRoutine(_ req: Request) async throws -> Response {
        let person = try await subject(req, write: true)
        let routine = try buildRoutine(try await req.library().catalog, try decode(APIModels.NewRoutine.self, req))
        let record = try await req.store.createRoutine(routine, userID: try person.requireID())
        return try json(try self.routine(record), .created)
    }

    static func findRoutine(_ req: Request, _ person: UserRecord) async throws -> RoutineRecord {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let r = try await req.store.routine(id, userID: try person.requireID()) else { throw APIError.notFound }
        return r
    }

    static func getRoutine(_ req: Request) async throws -> Response {
        try json(try routine(try await findRoutine(req, try await subject(req))))
    }

    static func putRoutine(_ req: Request) async throws -> Response {
        let person = try await subject(req, write: true)
        let record = try await findRoutine(req, person)
        let routine = try buildRoutine(try await req.library().catalog, try decode(APIModels.NewRoutine.self, req))
        record.name = routine.name
        record.perWeek = routine.perWeek.lower
        try await req.store.saveRoutine(routine, record: record)
        return try json(try self.routine(record))
    }

    static func deleteRoutine(_ req: Request) async throws -> Response {
        let person = try await subject(req, write: true)
        try await req.store.deleteRoutine(try await findRoutine(req, person))
        return Response(status: .noContent)
    }

    static func getPlan(_ req: Request) async throws -> Response {
        let person = try await subject(req)
        guard let s = try await PlanSchedule.load(req, user: person) else {
            throw APIError(.notFound, code: "no_plan", field: nil, "no program or routine has been started")
        }
        return try json(APIModels.Plan(title: s.title, programID: s.plan.programID, routineID: s.plan.$routine.id, start: s.plan.startDate,
                                       perWeek: s.plan.perWeek, days: s.plan.days.split(separator: ",").map(String.init), weeks: s.plan.weeks))
    }

    /// Reads and checks start, sessions per week and days, as the web forms do.
    static func schedule(_ start: String, _ perWeek: Int, _ days: [String], zone: TimeZone, now: Date) throws -> (LocalDate, Int, [Weekday]) {
        guard let date = LocalDate(iso: start) else { throw APIError.field("start", "must be a date like 2026-12-07, got '\(start)'") }
        if let problem = PlanForm.startProblem(date, now: now, zone: zone) { throw APIError.field("start", problem) }
        guard (1...7).contains(perWeek) else { throw APIError.field("perWeek", "must be from 1 to 7, got \(perWeek)") }
        var weekdays: [Weekday] = []
        for (i, d) in days.enumerated() {
            guard let w = Weekday(parsing: d) else { throw APIError.field("days[\(i)]", "must be mon, tue, wed, thu, fri, sat or sun, got '\(d)'") }
            weekdays.append(w)
        }
        guard !weekdays.isEmpty else { throw APIError.field("days", "choose at least one day") }
        if let problem = PlanForm.problem(start: date, perWeek: perWeek, days: weekdays, zone: zone) { throw APIError.field("days", problem) }
        return (date, perWeek, weekdays)
    }

    /// A safety stop answers 403 naming the way out (retake the check under Settings).
    static func safetyChecked(_ body: () async throws -> Void) async throws {
        do { try await body() } catch StoreError.safetyStop {
            throw APIError(.forbidden, code: "safety_stop", field: nil, StoreError.safetyStop.description)
        } catch StoreError.safetyCheckNeeded {
            throw APIError(.forbidden, code: "safety_check_needed", field: nil, StoreError.safetyCheckNeeded.description)
        }
    }

    static func putPlan(_ req: Request) async throws -> Response {
        let person = try await subject(req, write: true)
        let personID = try person.requireID()
        let body = try decode(APIModels.NewPlan.self, req)
        let (start, perWeek, days) = try schedule(body.start, body.perWeek, body.days, zone: zone(person), now: req.now)
        // `weeks` is checked whenever it is sent, also where a program's own length wins.
        if let weeks = body.weeks, !(1...52).contains(weeks) { throw APIError.field("weeks", "must be from 1 to 52, got \(weeks)") }
        if let id = body.programID {
            guard let p = req.catalog.program(id) else { throw APIError.field("programID", "no program '\(id)'") }
            try await safetyChecked { _ = try await req.store.startPlan(userID: personID, programID: p.id, routineID: nil, start: start, perWeek: perWeek, days: days, weeks: p.weekCount) }
        } else if let id = body.routineID {
            guard try await req.store.routine(id, userID: personID) != nil else { throw APIError.field("routineID", "no routine of yours with id \(id)") }
            let weeks = body.weeks ?? 4
            guard (1...52).contains(weeks) else { throw APIError.field("weeks", "must be from 1 to 52") }
            try await safetyChecked { _ = try await req.store.startPlan(userID: personID, programID: nil, routineID: id, start: start, perWeek: perWeek, days: days, weeks: weeks) }
        } else {
            throw APIError.field("programID", "send programID or routineID")
        }
        return try await getPlan(req)
    }

    static func listSchedule(_ req: Request) async throws -> Response {
        let person = try await subject(req)
        guard let s = try await PlanSchedule.load(req, user: person) else { return try json(APIModels.List<APIModels.Session>(items: [], nextCursor: nil)) }
        let (targets, notes) = try await req.store.targetsWithNotes(userID: try person.requireID())
        let today = LocalDate(req.now, in: zone(person))
        let from = try localDate(req, "from", today: today), to = try localDate(req, "to", today: today)
        let sessions = s.sessions.filter { (from == nil || $0.date >= from!) && (to == nil || $0.date <= to!) }
        let catalog = try await req.library().catalog
        return try json(APIModels.List(items: sessions.map {
            let next = NextItems.make($0.prescriptions, targets: targets, notes: notes, catalog: catalog, zone: zone(person))
            var list = items(catalog, next.map(\.item))
            for i in list.indices { list[i].why = next[i].why }
            return APIModels.Session(date: $0.date.description, week: $0.week, title: "\(s.title): \($0.template)", minutes: $0.minutes, items: list)
        }, nextCursor: nil))
    }

    static func listAssignments(_ req: Request) async throws -> Response {
        let person = try await subject(req)
        let zone = zone(person)
        return try json(APIModels.List(items: try await req.store.assignments(memberID: try person.requireID()).map {
            APIModels.Assignment($0, zone: zone)
        }, nextCursor: nil))
    }

    static func getReport(_ req: Request) async throws -> Response {
        try json(try await MemberReport.build(req, member: try await subject(req)))
    }

    // MARK: Imports

    static func listImports(_ req: Request) async throws -> Response {
        let person = try await subject(req)
        let records = try await req.store.importJobs(userID: try person.requireID(), limit: 50)
        return try json(APIModels.List(items: records.map { WearableImports.status($0, zone: zone(person)) }, nextCursor: nil))
    }

    static func uploadImport(_ req: Request) async throws -> Response {
        _ = try await subject(req, write: true)
        return try await WearableImports.upload(req)
    }

    static func getImport(_ req: Request) async throws -> Response {
        let person = try await subject(req)
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let record = try await req.store.importJob(id, userID: try person.requireID()) else { throw APIError.notFound }
        return try json(WearableImports.status(record, zone: zone(person)))
    }

    // MARK: Teams

    static func teamError(_ error: TeamError) -> APIError {
        switch error {
        case .notClinician, .notYourTeam: APIError(.forbidden, code: "forbidden", field: nil, error.description)
        case .invalidInvite: APIError.field("code", error.description)
        case .alreadyInTeam: APIError(.conflict, code: "conflict", field: "code", error.description)
        case .notAMember: APIError.notFound
        case .invalid(let field, let message): APIError.field(field, message)
        }
    }

    static func listTeams(_ req: Request) async throws -> Response {
        let teams = try await req.store.teams(userID: try req.userID)
        return try json(APIModels.List(items: teams.map { APIModels.Team(id: $0.team.id!, name: $0.team.name, role: $0.role.rawValue) }, nextCursor: nil))
    }

    static func createTeam(_ req: Request) async throws -> Response {
        let body = try decode(APIModels.NewTeam.self, req)
        do {
            let team = try await req.store.createTeam(name: body.name, by: try req.user, now: req.now)
            return try json(APIModels.Team(id: team.id!, name: team.name, role: "clinician"), .created)
        } catch let error as TeamError { throw teamError(error) }
    }

    static func team(_ req: Request) async throws -> (TeamRecord, TeamMemberRecord.Role) {
        guard let id = req.parameters.get("team").flatMap(UUID.init(uuidString:)),
              let found = try await req.store.team(id, userID: try req.userID) else { throw APIError.notFound }
        return found
    }

    static func getTeam(_ req: Request) async throws -> Response {
        let (team, role) = try await team(req)
        guard role == .clinician else { return try json(APIModels.TeamDetail(id: team.id!, name: team.name, members: [])) }
        var members: [APIModels.TeamMember] = []
        for person in try await req.store.teamMembers(team.id!, viewer: try req.userID) {
            var report: MemberReport?
            if person.role == .member { report = try await MemberReport.build(req, member: person.user) }
            members.append(APIModels.TeamMember(id: person.user.id!, name: person.user.displayName, role: person.role.rawValue, joinedAt: person.joinedAt,
                                                attention: report?.attention, reasons: report?.reasons))
        }
        members.sort { ($0.attention ?? -1, $1.name) > ($1.attention ?? -1, $0.name) }
        return try json(APIModels.TeamDetail(id: team.id!, name: team.name, members: members))
    }

    static func createInvite(_ req: Request) async throws -> Response {
        let (team, role) = try await team(req)
        guard role == .clinician else { throw teamError(.notYourTeam) }
        let code = InviteCode.make()
        let invite = try await req.store.createInvite(teamID: team.id!, by: try req.userID, codeHash: InviteCode.hash(code),
                                                      expires: req.now.addingTimeInterval(InviteCode.lifetime))
        return try json(APIModels.Invite(code: code, link: "\(req.baseURL)/join/\(code)", expiresAt: invite.expiresAt), .created)
    }

    static func acceptInvite(_ req: Request) async throws -> Response {
        let body = try decode(APIModels.AcceptInvite.self, req)
        do {
            let team = try await req.store.acceptInvite(codeHash: InviteCode.hash(body.code), userID: try req.userID, now: req.now)
            return try json(APIModels.Team(id: team.id!, name: team.name, role: "member"), .created)
        } catch let error as TeamError { throw teamError(error) }
    }

    static func leaveTeam(_ req: Request) async throws -> Response {
        let (team, _) = try await team(req)
        try await req.store.leaveTeam(team.id!, userID: try req.userID, by: try req.userID)
        return Response(status: .noContent)
    }

    /// The same checks as the team pages: a clinician of the team, a member of it; else 404.
    static func teamMember(_ req: Request) async throws -> (TeamRecord, UserRecord) {
        let team = try await TeamPages.clinicianTeam(req)
        return (team, try await TeamPages.member(req, in: team))
    }

    static func removeMember(_ req: Request) async throws -> Response {
        let (team, member) = try await teamMember(req)
        try await req.store.leaveTeam(team.id!, userID: member.id!, by: try req.userID)
        return Response(status: .noContent)
    }

    static func assign(_ req: Request) async throws -> Response {
        let (team, member) = try await teamMember(req)
        let body = try decode(APIModels.NewAssignment.self, req)
        let (start, perWeek, days) = try schedule(body.start, body.perWeek, body.days, zone: zone(member), now: req.now)
        if let weeks = body.weeks, !(1...52).contains(weeks) { throw APIError.field("weeks", "must be from 1 to 52, got \(weeks)") }
        var title = "", programID: String?, routine: SitLessCore.Routine?, weeks = body.weeks ?? 4
        if let id = body.programID {
            guard let p = req.catalog.program(id) else { throw APIError.field("programID", "no program '\(id)'") }
            title = p.name; programID = p.id; weeks = p.weekCount
        } else if let id = body.routineID {
            guard let r = try await req.store.routine(id, userID: try req.userID) else { throw APIError.field("routineID", "no routine of yours with id \(id)") }
            routine = try Store.routine(from: r); title = r.name
        } else {
            throw APIError.field("programID", "send programID or routineID")
        }
        guard (1...52).contains(weeks) else { throw APIError.field("weeks", "must be from 1 to 52, got \(weeks)") }
        var dosages: [String: Dosage] = [:]
        for (id, text) in (body.dosages ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard !(id + text).contains(where: \.isNewline) else { throw APIError.field("dosages.\(id)", "must be one line") }
            let (one, problems) = DosageChange.parse("\(id): \(text)", catalog: try await req.library().catalog, field: "dosages.\(id)")
            if let first = problems.first { throw first }
            dosages.merge(one) { $1 }
        }
        let notes = body.notes ?? ""
        guard notes.count <= 2000 else { throw APIError.field("notes", "keep notes under 2000 characters") }
        let a = try await req.store.assign(.init(title: title, programID: programID, routine: routine, dosages: dosages, notes: notes,
                                                 start: start, perWeek: perWeek, days: days, weeks: weeks),
                                           teamID: team.id!, memberID: member.id!, clinicianID: try req.userID)
        return try json(APIModels.Assignment(a, by: try req.user.displayName, team: team.name, date: start.description), .created)
    }

    // MARK: Document

    static func openAPI(_ req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(data: APIv1.document))
        response.headers.contentType = .json
        return response
    }
}
