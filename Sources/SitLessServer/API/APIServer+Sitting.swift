import Foundation
import SitLessAPI
import SitLessCore
import SitLessStore
import Vapor

/// Sitting (`sitting` tag) and the break coach (`coach` tag).
extension APIServer {
    static func bout(_ r: StoredBout) throws -> S.Bout {
        S.Bout(
            confidence: r.confidence, end: r.end, id: r.id.uuidString,
            posture: try value(r.posture.rawValue), source: try value(r.source.rawValue), start: r.start)
    }

    /// A stored word as the document's enum (a word the document does not list is a bug: 500).
    static func value<E: RawRepresentable>(_ raw: E.RawValue) throws -> E {
        guard let value = E(rawValue: raw) else {
            throw Abort(.internalServerError, reason: "'\(raw)' is not in the API document's \(E.self)")
        }
        return value
    }

    func listBouts(_ input: Operations.ListBouts.Input) async throws -> Operations.ListBouts.Output {
        let req = try Self.request
        let person = try await Self.subject(req, input.path.user, write: false)
        let to = input.query.to?.date ?? req.now.addingTimeInterval(86_400)
        let from = input.query.from?.date ?? to.addingTimeInterval(-7 * 86_400)
        guard from < to else { throw APIError.field("to", "must be after from") }
        let limit = try Self.limit(input.query.limit)
        let rows = try await req.store.boutPage(
            userID: person.id, from: from, to: to, after: try Self.cursor(input.query.cursor), limit: limit)
        let next = rows.count == limit ? rows.last.map { Self.makeCursor($0.start, $0.id) } : nil
        return .ok(.init(body: .json(.init(items: try rows.map(Self.bout), nextCursor: next))))
    }

    /// `walking` is read as `stepping`.
    static func posture(_ raw: String) -> Posture? { Posture(rawValue: raw == "walking" ? "stepping" : raw) }

    func addBout(_ input: Operations.AddBout.Input) async throws -> Operations.AddBout.Output {
        let req = try Self.request
        let person = try await Self.subject(req, input.path.user, write: true)
        guard case .json(let body) = input.body, let posture = Self.posture(body.posture.rawValue) else {
            throw APIError.field("posture", "is not a posture")
        }
        do {
            let record = try await req.store.addManualBout(
                userID: person.id, posture: posture, start: body.start.date, end: body.end.date,
                now: req.now, zone: person.zone)
            return .created(.init(body: .json(try Self.bout(record))))
        } catch let error as StoreError {
            throw APIError.field("end", error.description)
        }
    }

    func deleteBout(_ input: Operations.DeleteBout.Input) async throws -> Operations.DeleteBout.Output {
        let req = try Self.request
        let person = try await Self.subject(req, input.path.user, write: true)
        guard try await req.store.deleteBout(try Self.id(input.path.id), userID: person.id) else {
            throw APIError.notFound
        }
        return .noContent(.init())
    }

    func changePosture(_ input: Operations.ChangePosture.Input) async throws -> Operations.ChangePosture.Output {
        let req = try Self.request
        let person = try await Self.subject(req, input.path.user, write: true)
        guard case .json(let body) = input.body, let posture = Self.posture(body.posture.rawValue) else {
            throw APIError.field("posture", "is not a posture")
        }
        do {
            try await req.store.recordPostureChange(
                userID: person.id, to: posture, at: body.at?.date ?? req.now, now: req.now,
                zone: person.zone)
        } catch let error as StoreError {
            throw APIError.field("at", error.description)
        }
        return .noContent(.init())
    }

    /// The desktop agent's presence bout: created, then extended while the person is at the computer.
    func savePresence(_ input: Operations.SavePresence.Input) async throws -> Operations.SavePresence.Output {
        let req = try Self.request
        let person = try await Self.subject(req, input.path.user, write: true)
        guard case .json(let body) = input.body else { throw APIError.field("body", "send a JSON object") }
        guard body.start.date <= body.end.date else { throw APIError.field("end", "must not be before start") }
        guard body.end.date <= req.now.addingTimeInterval(120) else { throw APIError.field("end", "is in the future") }
        let posture: Posture = body.posture == .standing ? .standing : .sitting
        let bout = PostureBout(
            posture, from: body.start.date, to: body.end.date, source: .desktopPresence, confidence: 0.5)
        let id = try await req.store.savePresence(
            bout, id: body.id.flatMap(UUID.init(uuidString:)), open: body.open, userID: person.id)
        return .ok(.init(body: .json(.init(id: id.uuidString))))
    }

    static func day(_ d: SittingDay) throws -> S.Day {
        S.Day(
            breaks: d.day.breaks, date: d.date.description, goalMinutes: d.goalMinutes,
            inBedMinutes: d.day.inBedSeconds / 60,
            longestBoutMinutes: d.day.longestBoutSeconds.map { $0 / 60 },
            lyingMinutes: d.day.lyingSeconds / 60, nextPromptDue: d.nextPromptDue, posture: d.posture.rawValue,
            prolonged30Count: d.day.prolonged30Count, prolonged60Count: d.day.prolonged60Count,
            prompts: .init(
                additionalProperties: Dictionary(uniqueKeysWithValues: d.prompts.map { ($0.key.rawValue, $0.value) })),
            sittingMinutes: d.day.sittingSeconds / 60, standingMinutes: d.day.standingSeconds / 60,
            steppingMinutes: d.day.steppingSeconds / 60, wakingWearMinutes: d.day.wakingWearSeconds / 60,
            workSittingShare: d.work?.sittingShareOfWindow)
    }

    func listDays(_ input: Operations.ListDays.Input) async throws -> Operations.ListDays.Output {
        let req = try Self.request
        let person = try await Self.subject(req, input.path.user, write: false)
        let today = LocalDate(req.now, in: person.zone)
        let to = try Self.day(input.query.to, field: "to", today: today) ?? today
        let from = try Self.day(input.query.from, field: "from", today: today) ?? to.adding(days: -6)
        guard from <= to else { throw APIError.field("to", "must not be before from") }
        guard from.days(until: to) < 92 else { throw APIError.field("from", "ask for at most 92 days at a time") }
        let dates = (0...from.days(until: to)).map { from.adding(days: $0) }
        let (days, _) = try await req.store.sittingDays(dates, user: person, now: req.now)
        return .ok(.init(body: .json(.init(items: try days.map(Self.day), nextCursor: nil))))
    }

    static func coach(_ p: CoachPolicy) -> S.Coach {
        S.Coach(
            breakMinutes: p.breakMinutes,
            cycle: p.cycle.map {
                .init(moveMinutes: $0.moveMinutes, sitMinutes: $0.sitMinutes, standMinutes: $0.standMinutes)
            },
            dailySittingGoalMinutes: p.dailySittingGoalMinutes, maxSittingMinutes: p.maxSittingMinutes,
            maxSnoozesInARow: p.maxSnoozesInARow,
            quietTimes: p.quietTimes.map(\.description), responseWindowMinutes: p.responseWindowMinutes,
            snoozeMinutes: p.snoozeMinutes,
            timeZone: p.timeZone, workHours: p.workHours.description)
    }

    func getCoach(_ input: Operations.GetCoach.Input) async throws -> Operations.GetCoach.Output {
        let req = try Self.request
        return .ok(
            .init(
                body: .json(
                    Self.coach(
                        try await req.store.coachPolicy(for: try await Self.subject(req, input.path.user, write: false))
                    ))))
    }

    func putCoach(_ input: Operations.PutCoach.Input) async throws -> Operations.PutCoach.Output {
        let req = try Self.request
        let person = try await Self.subject(req, input.path.user, write: true)
        guard case .json(let body) = input.body else { throw APIError.field("body", "send a JSON object") }
        guard TimeZone(identifier: body.timeZone) != nil else {
            throw APIError.field("timeZone", "must be an IANA time zone like Europe/London, got '\(body.timeZone)'")
        }
        guard let hours = WorkHours(parsing: body.workHours) else {
            throw APIError.field("workHours", "must look like \"mon-fri 09:00-17:00\", got '\(body.workHours)'")
        }
        var quiet: [ClockRange] = []
        for (i, text) in body.quietTimes.enumerated() {
            guard let range = ClockRange(parsing: text) else {
                throw APIError.field("quietTimes[\(i)]", "must look like 12:00-13:00, got '\(text)'")
            }
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
        policy.cycle = body.cycle.map {
            SitStandCycle(sitMinutes: $0.sitMinutes, standMinutes: $0.standMinutes, moveMinutes: $0.moveMinutes)
        }
        do {
            try await req.store.saveCoachPolicy(policy, for: person)
        } catch let error as StoreError {
            throw APIError.field("body", error.description)
        }
        return .ok(.init(body: .json(Self.coach(try await req.store.coachPolicy(for: person)))))
    }

    func listPrompts(_ input: Operations.ListPrompts.Input) async throws -> Operations.ListPrompts.Output {
        let req = try Self.request
        let person = try await Self.subject(req, input.path.user, write: false)
        let to = input.query.to?.date ?? req.now.addingTimeInterval(60)
        let from = input.query.from?.date ?? to.addingTimeInterval(-7 * 86_400)
        let records = try await req.store.promptOutcomes(userID: person.id, from: from, to: to)
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: try records.map {
                            S.Prompt(
                                at: $0.at, dosage: $0.prompt?.move?.dosage.volume,
                                exerciseID: $0.prompt?.move?.exerciseID, issuedAt: $0.prompt?.issuedAt,
                                kind: $0.prompt?.kind.rawValue, outcome: try Self.value($0.outcome.rawValue))
                        }, nextCursor: nil))))
    }

    func addPrompt(_ input: Operations.AddPrompt.Input) async throws -> Operations.AddPrompt.Output {
        let req = try Self.request
        let person = try await Self.subject(req, input.path.user, write: true)
        guard case .json(let body) = input.body, let outcome = PromptOutcome(rawValue: body.outcome.rawValue) else {
            throw APIError.field(
                "outcome", "must be one of \(PromptOutcome.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        try await req.store.recordPromptOutcome(
            userID: person.id, outcome: outcome, at: body.at.date, issuedAt: body.issuedAt?.date,
            kind: body.kind, exerciseID: body.exerciseID, dosage: body.dosage)
        return .created(.init())
    }
}
