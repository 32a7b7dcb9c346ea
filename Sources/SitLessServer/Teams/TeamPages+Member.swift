import Foundation
import SitLessCore
import SitLessStore
import Vapor

// The clinician's page of one member: their report, charts, the assignment form and removal.
extension TeamPages {
    struct MemberModel: Encodable, Sendable {
        var teamID: String
        var teamName: String
        var report: MemberReport
        var programs: [Choice]
        var routines: [Choice]
        var days: [OnboardingController.DayChoice]
        var start: String
        /// The assignment form's fields: the defaults, or what was typed when it comes back with errors.
        var weeks: String
        var perWeek: String
        var dosages: String
        var notes: String
        /// The member's sitting per day and sessions per week, drawn as on their own Progress page.
        var sittingChart: String
        var weeksChart: String
    }
    struct Choice: Encodable, Sendable {
        var value: String
        var name: String
        var selected = false
    }

    static func memberPage(_ req: Request) async throws -> Page<MemberModel> {
        try await memberModel(req, status: .ok, errors: [])
    }

    /// The member's page; `typed`: the assignment form as sent, shown again with its errors.
    static func memberModel(
        _ req: Request, status: HTTPStatus, errors: [FieldError], typed: [String: String]? = nil
    ) async throws -> Page<MemberModel> {
        let team = try await clinicianTeam(req)
        let member = try await member(req, in: team)
        let report = try await MemberReport.build(req, member: member)
        let chosen = typed?["plan"]
        let routines = try await req.store.routines(userID: try req.userID).map {
            Choice(
                value: "routine:\($0.id.uuidString)", name: $0.name, selected: chosen == "routine:\($0.id.uuidString)")
        }
        let zone = member.zone
        return Page(
            template: "member", title: report.name, nav: "team",
            model: MemberModel(
                teamID: team.id.uuidString, teamName: team.name, report: report,
                programs: req.catalog.programs.map {
                    Choice(value: "program:\($0.id)", name: $0.name, selected: chosen == "program:\($0.id)")
                },
                routines: routines,
                days: Weekday.allCases.map { day in
                    OnboardingController.DayChoice(
                        value: day.rawValue, name: day.name,
                        checked: typed.map { $0["day-\(day.rawValue)"] != nil }
                            ?? [.monday, .wednesday, .friday].contains(day))
                },
                start: typed?["start"] ?? LocalDate(req.now, in: zone).description,
                weeks: typed?["weeks"] ?? "4", perWeek: typed?["perWeek"] ?? "3",
                dosages: typed?["dosages"] ?? "", notes: typed?["notes"] ?? "",
                sittingChart: sittingChart(report), weeksChart: weeksChart(report)), status: status, errors: errors)
    }

    static func sittingChart(_ report: MemberReport) -> String {
        let points = report.sitting.map { d in
            Charts.Point(
                label: LocalDate(iso: d.date).map { "\($0.day)/\($0.month)" } ?? d.date,
                value: d.hasData ? (Double(d.sittingMinutes) / 6).rounded() / 10 : 0)
        }
        return Charts.bars(
            points, title: "\(report.name)'s daily sitting in hours, last 7 days", unit: "h",
            goal: Double(report.sittingGoalMinutes) / 60, tone: .sitting)
    }

    static func weeksChart(_ report: MemberReport) -> String {
        func label(_ week: MemberReport.Week) -> String {
            "from " + (LocalDate(iso: week.weekStart).map { "\($0.day)/\($0.month)" } ?? week.weekStart)
        }
        let done = report.weeks.map { Charts.Point(label: label($0), value: Double($0.done)) }
        let prescribed = report.weeks.map {
            Charts.Point(label: label($0) + " prescribed", value: Double($0.prescribed))
        }
        return Charts.bars(
            done, title: "Sessions done (dark) and prescribed (light) per week", unit: "sessions", secondary: prescribed
        )
    }

    /// Reads "Exercise name or id: 3 x 10" lines into per-exercise dosages (Core's `DosageChange`).
    static func dosages(_ text: String, catalog: Catalog) -> (dosages: [String: Dosage], errors: [FieldError]) {
        let (dosages, problems) = DosageChange.parse(text, catalog: catalog, field: "Dosage changes")
        return (dosages, problems.map { FieldError(field: $0.field, message: $0.message) })
    }

    static func assign(_ req: Request) async throws -> Response {
        let team = try await clinicianTeam(req)
        let member = try await member(req, in: team)
        var form = FormReader(try req.form())
        let zone = member.zone
        let what = form.text("plan") ?? ""
        var title = ""
        var programID: String?
        var routine: Routine?
        var weeks = 4
        if what.hasPrefix("program:"), let p = req.catalog.program(String(what.dropFirst(8))) {
            title = p.name
            programID = p.id
            weeks = p.weekCount
        } else if what.hasPrefix("routine:"), let id = UUID(uuidString: String(what.dropFirst(8))),
            let record = try await req.store.routine(id, userID: try req.userID)
        {
            routine = record.routine
            title = record.name
            weeks = form.integer("weeks", label: "Weeks", in: 1...52) ?? 4
        } else {
            form.fail("Program or routine", "choose one")
        }
        let (dosages, dosageErrors) = dosages(form.fields["dosages"] ?? "", catalog: try await req.library().catalog)
        let notes = form.text("notes") ?? ""
        if notes.count > 2000 { form.fail("Notes", "keep notes under 2000 characters") }
        let plan = PlanForm.read(&form, zone: zone, now: req.now)
        let errors = form.errors + dosageErrors
        guard errors.isEmpty, let (perWeek, start, days) = plan else {
            return try await memberModel(req, status: .unprocessableEntity, errors: errors, typed: form.fields)
                .encodeResponse(for: req)
        }
        _ = try await req.store.assign(
            .init(
                title: title, programID: programID, routine: routine, dosages: dosages, notes: notes,
                start: start, perWeek: perWeek, days: days, weeks: weeks),
            teamID: team.id, memberID: member.id, clinicianID: try req.userID)
        return req.redirect(
            to: "/teams/\(team.id.uuidString)/members/\(member.id.uuidString)",
            flash: "Assigned \(title) to \(member.displayName), \(perWeek) sessions a week from \(start).")
    }

    static func removeMember(_ req: Request) async throws -> Response {
        let team = try await clinicianTeam(req)
        let member = try await member(req, in: team)
        guard Confirm.given(req) else {
            return try await Confirm.ask(
                req, title: "Remove \(member.displayName)?", nav: "team",
                question: "Remove \(member.displayName) from \(team.name)?",
                details: [
                    "They keep their data and their program; you and the team's other clinicians no longer see it or "
                        + "assign to them.",
                    "To come back they need a new invitation.",
                ],
                button: "Remove \(member.displayName)",
                cancel: "/teams/\(team.id.uuidString)/members/\(member.id.uuidString)")
        }
        try await req.store.leaveTeam(team.id, userID: member.id, by: try req.userID)
        return req.redirect(
            to: "/teams/\(team.id.uuidString)", flash: "\(member.displayName) is no longer in \(team.name).")
    }
}
