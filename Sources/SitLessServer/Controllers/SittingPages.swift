import Foundation
import SitLessCore
import SitLessStore
import Vapor

/// A day's sitting as a timeline, manual corrections, and the coach settings.
enum SittingPages {
    struct BoutRow: Encodable, Sendable {
        var id: String
        var posture: String
        var from: String
        var to: String
        var minutes: String
        var source: String
        var deletable: Bool
        var postureValue: String
        var fromValue: String
        var toValue: String
        /// Its edit form is open: it came back with errors, showing what was typed.
        var open = false
    }
    /// The correction form's fields: empty, or what was typed when it comes back with errors.
    struct Typed: Encodable, Sendable {
        var from = ""
        var to = ""
        var posture = "sitting"
    }
    struct Model: Encodable, Sendable {
        var date: String
        var isoDate: String
        var previous: String
        var next: String?
        var timeline: String
        var summary: String
        var bouts: [BoutRow]
        var sitting: String
        /// Time in bed that day, when there was any (sitting is then waking sitting).
        var inBed: String?
        var breaks: Int
        var longest: String
        var work: String?
        var imports: [ImportRow]
        var add: Typed
    }
    struct ImportRow: Encodable, Sendable {
        var fileName: String
        var when: String
        var state: String
        var bouts: Int
        var firstDay: String?
    }

    static func page(_ req: Request) async throws -> Page<Model> {
        try await render(req, status: .ok, errors: [])
    }

    /// The day's page. `typed`: a correction form as sent, shown again on its day with its
    /// errors; `editing`: the entry whose edit form it was (nil: the form to add one).
    static func render(
        _ req: Request, status: HTTPStatus, errors: [FieldError], typed: [String: String]? = nil,
        editing: UUID? = nil
    ) async throws -> Page<Model> {
        let user = try req.user
        let userID = user.id
        let zone = user.zone
        let today = LocalDate(req.now, in: zone)
        let date =
            (typed?["date"] ?? (try? req.query.get(String.self, at: "date"))).flatMap(LocalDate.init(iso:)) ?? today
        let sent = typed.map { Typed(from: $0["from"] ?? "", to: $0["to"] ?? "", posture: $0["posture"] ?? "sitting") }
        let start = date.startOfDay(in: zone)
        let end = date.adding(days: 1).startOfDay(in: zone)
        let (days, timeline) = try await req.store.sittingDays([date], user: user, now: req.now)
        let day = days[0]
        let length = end.timeIntervalSince(start)
        let pieces = timeline.clipped(from: start, to: min(end, req.now)).map {
            (
                posture: $0.posture.rawValue, start: $0.start.timeIntervalSince(start) / length,
                end: $0.end.timeIntervalSince(start) / length
            )
        }
        let records = try await req.store.storedBouts(userID: userID, from: start, to: end)
        let rows = records.map { r in
            let posture = r.posture == .stepping ? "walking" : r.posture.rawValue
            var row = BoutRow(
                id: r.id.uuidString, posture: r.posture == .inBed ? "in bed" : posture,
                from: Format.clock(r.start, zone),
                to: r.end.map { Format.clock($0, zone) } ?? "now",
                minutes: DurationText.minutes((r.end ?? req.now).timeIntervalSince(r.start)),
                source: r.source == .desktopPresence ? "computer" : r.source.rawValue, deletable: true,
                postureValue: posture, fromValue: Format.clock(max(r.start, start), zone),
                toValue: Format.clock(min(r.end ?? req.now, end.addingTimeInterval(-60)), zone))
            if let sent, let editing, r.id == editing {
                row.fromValue = sent.from
                row.toValue = sent.to
                row.postureValue = sent.posture
                row.open = true
            }
            return row
        }
        let imports = try await req.store.importJobs(userID: userID, limit: 5).map { record in
            let status = WearableImports.status(record, zone: zone)
            let state =
                switch status.state {
                case .failed: "failed: \(status.message ?? "")"
                case .done: "imported"
                case .queued, .running, nil: "\(status.status) \(status.percent) %"
                }
            return ImportRow(
                fileName: record.fileName,
                when: record.createdAt.map { "\(Format.day(LocalDate($0, in: zone))) \(Format.clock($0, zone))" } ?? "",
                state: state, bouts: record.bouts, firstDay: status.firstDay)
        }
        return Page(
            template: "sitting", title: "Sitting", nav: "sitting",
            model: Model(
                date: Format.day(date), isoDate: date.description, previous: date.adding(days: -1).description,
                next: date < today ? date.adding(days: 1).description : nil,
                timeline: Charts.timeline(pieces, title: "Posture through \(Format.day(date)), midnight to midnight"),
                summary: "", bouts: rows, sitting: DurationText.minutes(day.day.sittingSeconds),
                inBed: day.day.inBedSeconds > 0 ? DurationText.minutes(day.day.inBedSeconds) : nil,
                breaks: day.day.breaks,
                longest: day.day.longestBoutSeconds.map {
                    DurationText.minutes($0) + (day.day.longestBoutContinues ? " (part of a bout across midnight)" : "")
                } ?? "none",
                work: day.work.map {
                    "\(DurationText.minutes($0.sittingSeconds)) of \(DurationText.minutes($0.windowSeconds)) work "
                        + "time sitting"
                },
                imports: imports, add: editing == nil ? sent ?? Typed() : Typed()),
            status: status, errors: errors)
    }

    /// The day, times and posture of a bout form, with an error per bad field.
    static func boutFields(
        _ form: inout FormReader, zone: TimeZone, today: LocalDate
    ) -> (date: LocalDate, from: TimeOfDay?, to: TimeOfDay?, posture: Posture?) {
        let date = form.text("date").flatMap(LocalDate.init(iso:)) ?? today
        let from = form.text("from").flatMap(TimeOfDay.init(parsing:))
        let to = form.text("to").flatMap(TimeOfDay.init(parsing:))
        if from == nil { form.fail("From", "must be a time like 09:30") }
        if to == nil { form.fail("To", "must be a time like 10:15") }
        if let from, let to, to.hour * 60 + to.minute <= from.hour * 60 + from.minute {
            form.fail("To", "must come after the start (\(form.text("from") ?? ""))")
        }
        let posture: Posture? =
            switch form.text("posture") {
            case "sitting": .sitting
            case "standing": .standing
            case "walking", "stepping": .stepping
            case "lying": .lying
            case "in-bed": .inBed
            default: nil
            }
        if posture == nil { form.fail("Posture", "choose sitting, standing, walking, lying or in bed") }
        return (date, from, to, posture)
    }

    static func addBout(_ req: Request) async throws -> Response {
        let user = try req.user
        let zone = user.zone
        var form = FormReader(try req.form())
        let (date, from, to, posture) = boutFields(&form, zone: zone, today: LocalDate(req.now, in: zone))
        if form.errors.isEmpty, let from, let to, let posture {
            do {
                try await req.store.addManualBout(
                    userID: user.id, posture: posture,
                    start: date.instant(hour: from.hour, minute: from.minute, in: zone),
                    end: date.instant(hour: to.hour, minute: to.minute, in: zone), now: req.now, zone: zone)
                return req.redirect(to: "/sitting?date=\(date)", flash: "Added.")
            } catch let error as StoreError {
                form.fail("Bout", error.description)
            } catch let error as InvalidEntry {
                form.fail(error.field == "start" ? "From" : "To", error.message)
            }
        }
        return try await render(req, status: .unprocessableEntity, errors: form.errors, typed: form.fields)
            .encodeResponse(for: req)
    }

    /// Edits a bout's posture and times on its day.
    static func editBout(_ req: Request) async throws -> Response {
        let user = try req.user
        let zone = user.zone
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
        var form = FormReader(try req.form())
        let (date, from, to, posture) = boutFields(&form, zone: zone, today: LocalDate(req.now, in: zone))
        if form.errors.isEmpty, let from, let to, let posture {
            do {
                guard
                    try await req.store.updateBout(
                        id, userID: user.id, posture: posture,
                        start: date.instant(hour: from.hour, minute: from.minute, in: zone),
                        end: date.instant(hour: to.hour, minute: to.minute, in: zone),
                        now: req.now, zone: zone) != nil
                else { throw Abort(.notFound) }
                return req.redirect(to: "/sitting?date=\(date)", flash: "Saved.")
            } catch let error as StoreError {
                form.fail("Bout", error.description)
            } catch let error as InvalidEntry {
                form.fail(error.field == "start" ? "From" : "To", error.message)
            }
        }
        return try await render(req, status: .unprocessableEntity, errors: form.errors, typed: form.fields, editing: id)
            .encodeResponse(for: req)
    }

    static func deleteBout(_ req: Request) async throws -> Response {
        let user = try req.user
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
            let bout = try await req.store.storedBout(id, userID: user.id)
        else { throw Abort(.notFound) }
        let date = ((try? req.form()["date"]) ?? nil).flatMap(LocalDate.init(iso:))
        guard Confirm.given(req) else {
            let zone = user.zone
            let posture = bout.posture == .stepping ? "walking" : bout.posture.rawValue
            let day = Format.day(LocalDate(bout.start, in: zone))
            let span = "\(Format.clock(bout.start, zone)) to \(bout.end.map { Format.clock($0, zone) } ?? "now")"
            return try await Confirm.ask(
                req, title: "Delete this entry?", nav: "sitting",
                question: "Delete \(posture) from \(span) on \(day)?",
                details: [
                    "It goes from your record, and that day's sitting, breaks and bouts are counted without it. This "
                        + "cannot be undone; you can add a correction instead."
                ],
                button: "Delete the entry", cancel: "/sitting" + (date.map { "?date=\($0)" } ?? ""),
                fields: date.map { [Confirm.Field(name: "date", value: $0.description)] } ?? [])
        }
        guard try await req.store.deleteBout(id, userID: user.id) else { throw Abort(.notFound) }
        return req.redirect(to: "/sitting" + (date.map { "?date=\($0)" } ?? ""), flash: "Deleted.")
    }
}
