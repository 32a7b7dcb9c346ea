import Foundation
import SitLessAPI
import SitLessCore
import SitLessStore
import Vapor

/// Teams, invitations and assignments (`teams` tag).
extension APIServer {
    static func teamError(_ error: TeamError) -> APIError {
        switch error {
        case .notClinician, .notYourTeam: APIError(.forbidden, code: "forbidden", field: nil, error.description)
        case .invalidInvite: APIError.field("code", error.description)
        case .alreadyInTeam: APIError(.conflict, code: "conflict", field: "code", error.description)
        case .notAMember: APIError.notFound
        case .invalid(let field, let message): APIError.field(field, message)
        }
    }

    func listTeams(_ input: Operations.ListTeams.Input) async throws -> Operations.ListTeams.Output {
        let req = try Self.request
        let teams = try await req.store.teams(userID: try req.userID)
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: try teams.map {
                            S.Team(
                                name: $0.team.name, id: $0.team.id.uuidString, role: try Self.value($0.role.rawValue))
                        }, nextCursor: nil))))
    }

    func createTeam(_ input: Operations.CreateTeam.Input) async throws -> Operations.CreateTeam.Output {
        let req = try Self.request
        guard case .json(let body) = input.body else { throw APIError.field("body", "send a JSON object") }
        do {
            let team = try await req.store.createTeam(name: body.name, by: try req.user, now: req.now)
            return .created(.init(body: .json(S.Team(name: team.name, id: team.id.uuidString, role: .clinician))))
        } catch let error as TeamError { throw Self.teamError(error) }
    }

    static func team(_ req: Request, _ id: String) async throws -> (Team, TeamRole) {
        guard let found = try await req.store.team(try self.id(id), userID: try req.userID) else {
            throw APIError.notFound
        }
        return found
    }

    func getTeam(_ input: Operations.GetTeam.Input) async throws -> Operations.GetTeam.Output {
        let req = try Self.request
        let (team, role) = try await Self.team(req, input.path.team)
        let teamID = team.id
        guard role == .clinician else {
            return .ok(.init(body: .json(.init(name: team.name, id: teamID.uuidString, members: []))))
        }
        var members: [S.TeamDetail.MembersPayloadPayload] = []
        for person in try await req.store.teamMembers(teamID, viewer: try req.userID) {
            var report: MemberReport?
            if person.role == .member { report = try await MemberReport.build(req, member: person.user) }
            members.append(
                .init(
                    name: person.user.displayName, attention: report?.attention, id: person.user.id.uuidString,
                    joinedAt: person.joinedAt, reasons: report?.reasons, role: person.role.rawValue))
        }
        members.sort { ($0.attention ?? -1, $1.name) > ($1.attention ?? -1, $0.name) }
        return .ok(.init(body: .json(.init(name: team.name, id: teamID.uuidString, members: members))))
    }

    func createInvite(_ input: Operations.CreateInvite.Input) async throws -> Operations.CreateInvite.Output {
        let req = try Self.request
        let (team, role) = try await Self.team(req, input.path.team)
        guard role == .clinician else { throw Self.teamError(.notYourTeam) }
        let code = InviteCode.make()
        let invite = try await req.store.createInvite(
            teamID: team.id, by: try req.userID, codeHash: InviteCode.hash(code),
            expires: req.now.addingTimeInterval(InviteCode.lifetime))
        return .created(
            .init(body: .json(.init(code: code, expiresAt: invite.expiresAt, link: "\(req.baseURL)/join/\(code)"))))
    }

    func acceptInvite(_ input: Operations.AcceptInvite.Input) async throws -> Operations.AcceptInvite.Output {
        let req = try Self.request
        guard case .json(let body) = input.body else { throw APIError.field("body", "send a JSON object") }
        do {
            let team = try await req.store.acceptInvite(
                codeHash: InviteCode.hash(body.code), userID: try req.userID, now: req.now)
            return .created(.init(body: .json(S.Team(name: team.name, id: team.id.uuidString, role: .member))))
        } catch let error as TeamError { throw Self.teamError(error) }
    }

    func leaveTeam(_ input: Operations.LeaveTeam.Input) async throws -> Operations.LeaveTeam.Output {
        let req = try Self.request
        let (team, _) = try await Self.team(req, input.path.team)
        try await req.store.leaveTeam(team.id, userID: try req.userID, by: try req.userID)
        return .noContent(.init())
    }

    /// The same checks as the team pages: a clinician of the team, a member of it; else 404.
    static func teamMember(_ req: Request, team: String, member: String) async throws -> (Team, Account) {
        // The route's parameters are the document's (`{team}`, `{member}`), as the pages' are.
        let team = try await TeamPages.clinicianTeam(req)
        return (team, try await TeamPages.member(req, in: team))
    }

    func removeMember(_ input: Operations.RemoveMember.Input) async throws -> Operations.RemoveMember.Output {
        let req = try Self.request
        let (team, member) = try await Self.teamMember(req, team: input.path.team, member: input.path.member)
        try await req.store.leaveTeam(team.id, userID: member.id, by: try req.userID)
        return .noContent(.init())
    }

    func assign(_ input: Operations.Assign.Input) async throws -> Operations.Assign.Output {
        let req = try Self.request
        let (team, member) = try await Self.teamMember(req, team: input.path.team, member: input.path.member)
        guard case .json(let body) = input.body else { throw APIError.field("body", "send a JSON object") }
        let (start, perWeek, days) = try Self.schedule(
            body.start, body.perWeek, body.days.map(\.rawValue), zone: member.zone, now: req.now)
        if let weeks = body.weeks, !(1...52).contains(weeks) {
            throw APIError.field("weeks", "must be from 1 to 52, got \(weeks)")
        }
        if let text = body.routineID, UUID(uuidString: text) == nil {
            throw APIError.field("routineID", "must be a routine's id (a UUID), got '\(text.prefix(40))'")
        }
        var title = ""
        var programID: String?
        var routine: SitLessCore.Routine?
        var weeks = body.weeks ?? 4
        if let id = body.programID?.rawValue {
            guard let p = req.catalog.program(id) else { throw APIError.field("programID", "no program '\(id)'") }
            title = p.name
            programID = p.id
            weeks = p.weekCount
        } else if let text = body.routineID {
            guard let id = UUID(uuidString: text), let r = try await req.store.routine(id, userID: try req.userID)
            else {
                throw APIError.field("routineID", "no routine of yours with id \(text)")
            }
            routine = r.routine
            title = r.name
        } else {
            throw APIError.field("programID", "send programID or routineID")
        }
        var dosages: [String: Dosage] = [:]
        for (id, text) in (body.dosages?.additionalProperties ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard !(id + text).contains(where: \.isNewline) else {
                throw APIError.field("dosages.\(id)", "must be one line")
            }
            let (one, problems) = DosageChange.parse(
                "\(id): \(text)", catalog: try await req.library().catalog, field: "dosages.\(id)")
            if let first = problems.first { throw first }
            dosages.merge(one) { $1 }
        }
        let notes = body.notes ?? ""
        guard notes.count <= 2000 else { throw APIError.field("notes", "keep notes under 2000 characters") }
        let a = try await req.store.assign(
            .init(
                title: title, programID: programID, routine: routine, dosages: dosages, notes: notes,
                start: start, perWeek: perWeek, days: days, weeks: weeks),
            teamID: team.id, memberID: member.id, clinicianID: try req.userID)
        let prescribed = MemberReport.Prescribed(
            a, by: try req.user.displayName, team: team.name, date: start.description)
        return .created(.init(body: .json(Components.Schemas.Assignment(prescribed))))
    }

    // MARK: Wearable imports

    func listImports(_ input: Operations.ListImports.Input) async throws -> Operations.ListImports.Output {
        let req = try Self.request
        let person = try await Self.subject(req, input.path.user, write: false)
        let records = try await req.store.importJobs(userID: person.id, limit: 50)
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: try records.map {
                            try Components.Schemas.Import(WearableImports.status($0, zone: person.zone))
                        },
                        nextCursor: nil))))
    }

    func uploadImport(_ input: Operations.UploadImport.Input) async throws -> Operations.UploadImport.Output {
        let req = try Self.request
        _ = try await Self.subject(req, input.path.user, write: true)
        // The body is read from the request as it streams in (to a file, with its own limit).
        let status = try await WearableImports.start(
            req, name: input.query.name, placement: input.query.placement?.rawValue, tz: input.query.tz)
        return .accepted(
            .init(
                headers: .init(location: "/api/v1/users/me/imports/" + status.id.uuidString),
                body: .json(try Components.Schemas.Import(status))))
    }

    func getImport(_ input: Operations.GetImport.Input) async throws -> Operations.GetImport.Output {
        let req = try Self.request
        let person = try await Self.subject(req, input.path.user, write: false)
        guard let record = try await req.store.importJob(try Self.id(input.path.id), userID: person.id) else {
            throw APIError.notFound
        }
        return .ok(.init(body: .json(try Components.Schemas.Import(WearableImports.status(record, zone: person.zone)))))
    }
}
