import Crypto
import Foundation
import SitLessCore
import SitLessStore
import Vapor

/// Invitation codes: 12 characters from an alphabet without look-alikes, shown once as
/// XXXX-XXXX-XXXX, stored as a SHA-256 hash.
enum InviteCode {
    static let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
    static let lifetime: TimeInterval = 14 * 86_400

    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let raw = String((0..<12).map { _ in alphabet.randomElement(using: &generator)! })
        return [raw.prefix(4), raw.dropFirst(4).prefix(4), raw.suffix(4)].joined(separator: "-")
    }

    /// Case, spaces and dashes do not matter when typing a code in.
    static func hash(_ code: String) -> String {
        let normal = code.uppercased().filter { $0.isLetter || $0.isNumber }
        return TokenHash.hex(normal)
    }
}

/// SHA-256 in hex: how invitation codes, API tokens and calendar secrets are stored.
public enum TokenHash {
    public static func hex(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// The care team pages: a member's clinicians and prescriptions, joining by code, and for
/// clinicians their teams, the overview sorted by who needs attention, one member's report,
/// assigning, and the member's handout.
enum TeamPages {
    // MARK: Access

    /// The team in the path, for one of its clinicians; 404 for anyone else.
    static func clinicianTeam(_ req: Request) async throws -> Team {
        guard let id = req.parameters.get("team").flatMap(UUID.init(uuidString:)),
            let (team, role) = try await req.store.team(id, userID: try req.userID), role == .clinician
        else {
            throw PageError.notFound
        }
        return team
    }

    /// The member in the path, when the signed-in clinician may see them in this team; 404 otherwise.
    static func member(_ req: Request, in team: Team) async throws -> Account {
        guard let id = req.parameters.get("member").flatMap(UUID.init(uuidString:)),
            try await req.store.clinicianCanSee(viewer: try req.userID, subject: id, team: team.id),
            let user = try await req.store.user(id: id)
        else { throw PageError.notFound }
        return user
    }

    // MARK: The person's own care page

    struct ClinicianTeam: Encodable, Sendable {
        var id: String
        var name: String
        var clinicians: [String]
    }
    struct RunTeam: Encodable, Sendable {
        var id: String
        var name: String
    }
    struct CareModel: Encodable, Sendable {
        var isClinician: Bool
        var careTeams: [ClinicianTeam]
        var runTeams: [RunTeam]
        var assignments: [AssignmentRow]
        var code: String?
        /// The join and new-team forms as typed, when one comes back with errors.
        var typedCode = ""
        var typedTeam = ""
    }
    struct AssignmentRow: Encodable, Sendable {
        var title: String
        var by: String
        var team: String
        var notes: String
        var dosages: [String]
        var date: String
    }

    static func care(_ req: Request) async throws -> Page<CareModel> {
        try await careModel(req, status: .ok, errors: [])
    }

    static func careModel(
        _ req: Request, status: HTTPStatus, errors: [FieldError], code: String? = nil,
        typed: [String: String] = [:]
    ) async throws -> Page<CareModel> {
        let user = try req.user
        let userID = user.id
        let zone = user.zone
        let care = try await req.store.clinicians(of: userID).map {
            ClinicianTeam(id: $0.team.id.uuidString, name: $0.team.name, clinicians: $0.clinicians.map(\.displayName))
        }
        let run = try await req.store.teams(userID: userID).filter { $0.role == .clinician }.map {
            RunTeam(id: $0.team.id.uuidString, name: $0.team.name)
        }
        let catalog = try await req.library().catalog
        let assignments = try await req.store.assignments(memberID: userID).map { a in
            AssignmentRow(
                title: a.title, by: a.clinician.displayName, team: a.team.name, notes: a.notes,
                dosages: a.dosages.sorted { $0.key < $1.key }.map {
                    "\(catalog.exercise($0.key)?.name ?? $0.key): \($0.value)"
                },
                date: a.createdAt.map { LocalDate($0, in: zone).description } ?? "")
        }
        return Page(
            template: "care", title: "Care team", nav: "team",
            model: CareModel(
                isClinician: user.isClinician, careTeams: care, runTeams: run, assignments: assignments, code: code,
                typedCode: typed["code"] ?? "", typedTeam: typed["name"] ?? ""),
            status: status, errors: errors)
    }

    /// Turns the clinician role on (or off) for oneself. A clinician sees nobody's data
    /// until that person accepts an invitation, so this needs no one's approval.
    static func setClinician(_ req: Request) async throws -> Response {
        let on = try req.form()["clinician"] == "on"
        try await req.store.setClinician(on, userID: try req.userID)
        return req.redirect(
            to: "/team", flash: on ? "You can now create teams and invite people." : "Clinician tools are off.")
    }

    static func createTeam(_ req: Request) async throws -> Response {
        let name = try req.form()["name"] ?? ""
        do {
            let team = try await req.store.createTeam(name: name, by: try req.user, now: req.now)
            return req.redirect(to: "/teams/\(team.id.uuidString)", flash: "Team created. Invite people with a code.")
        } catch let error as TeamError {
            return try await careModel(
                req, status: error == .notClinician ? .forbidden : .unprocessableEntity,
                errors: [FieldError(field: "Team", message: error.description)], typed: ["name": name]
            ).encodeResponse(for: req)
        }
    }

    // MARK: Joining

    struct JoinModel: Encodable, Sendable {
        var code: String
        var team: String
        var clinicians: [String]
    }

    static func joinPage(_ req: Request) async throws -> Response {
        let code = req.parameters.get("code") ?? ""
        guard let (_, team) = try await req.store.invite(codeHash: InviteCode.hash(code), now: req.now) else {
            return try await careModel(
                req, status: .notFound,
                errors: [FieldError(field: "Invitation", message: TeamError.invalidInvite.description)]
            )
            .encodeResponse(for: req)
        }
        let clinicians = try await req.store.clinicians(ofTeam: team.id).map(\.displayName)
        return try await Page(
            template: "join", title: "Join \(team.name)", nav: "team",
            model: JoinModel(code: code, team: team.name, clinicians: clinicians)
        ).encodeResponse(for: req)
    }

    static func join(_ req: Request) async throws -> Response {
        let code = try req.form()["code"] ?? ""
        do {
            let team = try await req.store.acceptInvite(
                codeHash: InviteCode.hash(code), userID: try req.userID, now: req.now)
            req.logger.info("joined team", metadata: ["team": .string(team.id.uuidString)])
            return req.redirect(
                to: "/team", flash: "You joined \(team.name). You can revoke their access here at any time.")
        } catch let error as TeamError {
            return try await careModel(
                req, status: .unprocessableEntity,
                errors: [FieldError(field: "Invitation code", message: error.description)],
                typed: ["code": code]
            ).encodeResponse(for: req)
        }
    }

    /// A member leaves (revoking the team's clinicians' access at once).
    static func leave(_ req: Request) async throws -> Response {
        guard let id = req.parameters.get("team").flatMap(UUID.init(uuidString:)),
            let (team, role) = try await req.store.team(id, userID: try req.userID)
        else { throw PageError.notFound }
        guard Confirm.given(req) else {
            let clinicians = try await req.store.clinicians(ofTeam: id).map(\.displayName)
            let who =
                role == .clinician
                ? "You will no longer see its members' data or manage the team."
                : "Its clinicians (\(clinicians.joined(separator: ", "))) will no longer see your sessions, sets, "
                    + "pain reports, progression or sitting, and can no longer assign you programs."
            return try await Confirm.ask(
                req, title: "Leave \(team.name)?", nav: "team", question: "Leave \(team.name)?",
                details: [who, "Your data stays yours. To join again you need a new invitation."],
                button: "Leave \(team.name)", cancel: "/team")
        }
        try await req.store.leaveTeam(id, userID: try req.userID, by: try req.userID)
        return req.redirect(to: "/team", flash: "You left \(team.name); its clinicians no longer see your data.")
    }

    // MARK: Clinicians

    struct MemberRow: Encodable, Sendable {
        var id: String
        var name: String
        var plan: String
        var week: String
        var lastSession: String
        var pain: String
        var sitting: String
        var reasons: [String]
        var attention: Int
    }
    struct TeamModel: Encodable, Sendable {
        var id: String
        var name: String
        var members: [MemberRow]
        var clinicians: [String]
        var code: String?
        var link: String?
        /// Each member's sessions this week against those prescribed, as a chart.
        var weekChart: String
    }

    static func teamPage(_ req: Request) async throws -> Page<TeamModel> {
        try await teamModel(req, code: nil)
    }

    static func teamModel(_ req: Request, code: String?) async throws -> Page<TeamModel> {
        let team = try await clinicianTeam(req)
        let people = try await req.store.teamMembers(team.id, viewer: try req.userID)
        var rows: [MemberRow] = []
        var weeks: [(name: String, week: MemberReport.Week?, attention: Int)] = []
        for person in people where person.role == .member {
            let report = try await MemberReport.build(req, member: person.user)
            weeks.append((report.name, report.weeks.last, report.attention))
            let week = report.weeks.last.map { "\($0.done) of \($0.prescribed)" } ?? "no plan"
            rows.append(
                MemberRow(
                    id: report.userID.uuidString, name: report.name, plan: report.plan ?? "none", week: week,
                    lastSession: report.lastSession ?? "none yet",
                    pain: report.pain.map(\.pain).max().map { "\($0)/10" } ?? "none",
                    sitting: report.meanSittingMinutes.map { DurationText.minutes($0 * 60) } ?? "no data",
                    reasons: report.reasons, attention: report.attention))
        }
        rows.sort { ($0.attention, $1.name) > ($1.attention, $0.name) }
        weeks.sort { ($0.attention, $1.name) > ($1.attention, $0.name) }
        let weekChart = Charts.progressBars(
            weeks.map { m in
                (
                    label: m.name, value: Double(m.week?.done ?? 0), of: Double(m.week?.prescribed ?? 0),
                    text: m.week.map { "\($0.done) of \($0.prescribed) sessions" } ?? "no plan"
                )
            }, title: "Sessions done this week against those prescribed, per person")
        let link = code.map { "\(req.baseURL)/join/\($0)" }
        return Page(
            template: "team", title: team.name, nav: "team",
            model: TeamModel(
                id: team.id.uuidString, name: team.name, members: rows,
                clinicians: people.filter { $0.role == .clinician }.map(\.user.displayName), code: code, link: link,
                weekChart: weekChart))
    }

    static func createInvite(_ req: Request) async throws -> Page<TeamModel> {
        let team = try await clinicianTeam(req)
        let code = InviteCode.make()
        _ = try await req.store.createInvite(
            teamID: team.id, by: try req.userID, codeHash: InviteCode.hash(code),
            expires: req.now.addingTimeInterval(InviteCode.lifetime))
        return try await teamModel(req, code: code)
    }
}

extension Request {
    /// Scheme, host and port as the browser used them (for links shown to copy).
    var baseURL: String {
        let host = headers.first(name: .host) ?? "localhost"
        let scheme = headers.first(name: "X-Forwarded-Proto") ?? (application.settings.secureCookies ? "https" : "http")
        return "\(scheme)://\(host)"
    }
}
