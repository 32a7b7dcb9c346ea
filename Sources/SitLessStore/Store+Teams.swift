import FluentKit
import FluentSQL
import Foundation
import SitLessCore

/// Why a team action was refused, in words for the person.
public enum TeamError: Error, Equatable, CustomStringConvertible {
    case notClinician
    case notYourTeam
    case invalidInvite
    case alreadyInTeam
    case notAMember
    case invalid(field: String, message: String)

    public var description: String {
        switch self {
        case .notClinician: "only clinicians and coaches can do this; turn it on under Settings"
        case .notYourTeam: "you are not a clinician of this team"
        case .invalidInvite: "this invitation code is unknown, already used or expired; ask for a new one"
        case .alreadyInTeam: "you are already in this team"
        case .notAMember: "this person is not a member of your team"
        case .invalid(let field, let message): "\(field): \(message)"
        }
    }
}

extension Store {
    // MARK: Who may see whom

    /// Whether `viewer` may see `subject`'s health data: themselves, or a clinician of a team
    /// the subject is a member of. Admins run the server; they see accounts, not health data.
    public func canSee(viewer: UUID, subject: UUID) async throws -> Bool {
        if viewer == subject { return true }
        return try await sharedTeam(clinician: viewer, member: subject) != nil
    }

    /// A team in which `clinician` is a clinician and `member` a member.
    public func sharedTeam(clinician: UUID, member: UUID) async throws -> UUID? {
        let mine = try await TeamMemberRecord.query(on: database).filter(\.$user.$id == clinician)
            .filter(\.$role == TeamRole.clinician.rawValue).all().map { $0.$team.id }
        guard !mine.isEmpty else { return nil }
        return try await TeamMemberRecord.query(on: database).filter(\.$user.$id == member)
            .filter(\.$role == TeamRole.member.rawValue).filter(\.$team.$id ~~ mine).first()?.$team.id
    }

    /// The people whose data `viewer` sees as a clinician, across their teams.
    public func clinicianCanSee(viewer: UUID, subject: UUID, team: UUID) async throws -> Bool {
        guard try await role(in: team, userID: viewer) == .clinician else { return false }
        return try await role(in: team, userID: subject) == .member
    }

    public func role(in team: UUID, userID: UUID) async throws -> TeamRole? {
        try await TeamMemberRecord.query(on: database).filter(\.$team.$id == team).filter(\.$user.$id == userID).first()
            .flatMap { TeamRole(rawValue: $0.role) }
    }

    // MARK: Teams

    public func setClinician(_ on: Bool, userID: UUID) async throws {
        try await UserRecord.query(on: database).filter(\.$id == userID).set(\.$isClinician, to: on).update()
    }

    public func createTeam(name: String, by user: Account, now: Date) async throws -> Team {
        guard user.isClinician else { throw TeamError.notClinician }
        let trimmed: String
        do { trimmed = try NameRules.check(name, field: "name", limit: 80) } catch {
            throw TeamError.invalid(field: "name", message: error.message)
        }
        let userID = user.id
        return try await transaction { db in
            let team = TeamRecord(name: trimmed, createdBy: userID)
            try await team.create(on: db)
            try await TeamMemberRecord(teamID: try team.requireID(), userID: userID, role: .clinician, joinedAt: now)
                .create(on: db)
            return try Team(team)
        }
    }

    /// The teams a person is in, with their role in each.
    public func teams(userID: UUID) async throws -> [(team: Team, role: TeamRole)] {
        let rows = try await TeamMemberRecord.query(on: database).filter(\.$user.$id == userID).with(\.$team).all()
        return try rows.compactMap { row in try TeamRole(rawValue: row.role).map { (try Team(row.team), $0) } }
            .sorted { $0.team.name < $1.team.name }
    }

    /// A team, for someone in it (nil otherwise).
    public func team(_ id: UUID, userID: UUID) async throws -> (team: Team, role: TeamRole)? {
        guard let role = try await role(in: id, userID: userID),
            let team = try await TeamRecord.find(id, on: database)
        else { return nil }
        return (try Team(team), role)
    }

    /// Everyone in the team; only its clinicians may list it.
    public func teamMembers(_ teamID: UUID, viewer: UUID) async throws -> [TeamMember] {
        guard try await role(in: teamID, userID: viewer) == .clinician else { throw TeamError.notYourTeam }
        return try await TeamMemberRecord.query(on: database).filter(\.$team.$id == teamID).with(\.$user).all()
            .compactMap { row in
                try TeamRole(rawValue: row.role).map {
                    TeamMember(user: try Account(row.user), role: $0, joinedAt: row.joinedAt)
                }
            }
    }

    /// The clinicians of the teams a member is in (who can see their data).
    public func clinicians(of memberID: UUID) async throws -> [(team: Team, clinicians: [Account])] {
        var out: [(Team, [Account])] = []
        for (team, role) in try await teams(userID: memberID) where role == .member {
            let staff = try await clinicians(ofTeam: team.id)
            out.append((team, staff))
        }
        return out
    }

    /// A team's clinicians.
    public func clinicians(ofTeam teamID: UUID) async throws -> [Account] {
        try await TeamMemberRecord.query(on: database).filter(\.$team.$id == teamID)
            .filter(\.$role == TeamRole.clinician.rawValue).with(\.$user).all().map { try Account($0.user) }
    }

    // MARK: Invitations

    /// Stores a new single-use invitation (its code's hash); clinicians of the team only.
    public func createInvite(teamID: UUID, by clinician: UUID, codeHash: String, expires: Date) async throws -> Invite {
        guard try await role(in: teamID, userID: clinician) == .clinician else { throw TeamError.notYourTeam }
        let invite = InviteRecord()
        invite.$team.id = teamID
        invite.$createdBy.id = clinician
        invite.codeHash = codeHash
        invite.expiresAt = expires
        try await invite.create(on: database)
        return try Invite(invite)
    }

    /// The team an unused, unexpired invitation leads to.
    public func invite(codeHash: String, now: Date) async throws -> (invite: Invite, team: Team)? {
        guard
            let invite = try await InviteRecord.query(on: database).filter(\.$codeHash == codeHash).with(\.$team)
                .first(),
            invite.$usedBy.id == nil, invite.status(now: now).canMove(to: .used)
        else { return nil }
        return (try Invite(invite), try Team(invite.team))
    }

    /// Joins the invitation's team as a member and uses the code up, in one transaction (so
    /// two people racing for one code cannot both join).
    public func acceptInvite(codeHash: String, userID: UUID, now: Date) async throws -> Team {
        try await transaction { db in
            guard
                let invite = try await InviteRecord.query(on: db).filter(\.$codeHash == codeHash).with(\.$team).first(),
                invite.status(now: now).canMove(to: .used)
            else { throw TeamError.invalidInvite }
            let teamID = invite.$team.id
            if try await TeamMemberRecord.query(on: db).filter(\.$team.$id == teamID).filter(\.$user.$id == userID)
                .first() != nil
            {
                throw TeamError.alreadyInTeam
            }
            // Conditional update: only one of two racing transactions marks the code used.
            try await InviteRecord.query(on: db).filter(\.$id == invite.requireID()).filter(\.$usedAt == nil)
                .set(\.$usedAt, to: now).set(\.$usedBy.$id, to: userID).update()
            guard let check = try await InviteRecord.find(invite.id, on: db), check.$usedBy.id == userID else {
                throw TeamError.invalidInvite
            }
            try await TeamMemberRecord(teamID: teamID, userID: userID, role: .member, joinedAt: now).create(on: db)
            return try Team(invite.team)
        }
    }

    /// The person leaves the team: their clinicians there lose access at once. A clinician
    /// may also remove a member.
    public func leaveTeam(_ teamID: UUID, userID: UUID, by actor: UUID) async throws {
        if actor != userID {
            guard try await role(in: teamID, userID: actor) == .clinician else { throw TeamError.notYourTeam }
            guard try await role(in: teamID, userID: userID) == .member else { throw TeamError.notAMember }
        }
        try await TeamMemberRecord.query(on: database).filter(\.$team.$id == teamID).filter(\.$user.$id == userID)
            .delete()
    }

    // MARK: Assignments

    /// What a clinician prescribes.
    public struct Assignment: Sendable {
        public var title: String
        public var programID: String?
        /// A routine of the clinician's, copied to the member.
        public var routine: Routine?
        public var dosages: [String: Dosage]
        public var notes: String
        public var start: LocalDate
        public var perWeek: Int
        public var days: [Weekday]
        public var weeks: Int

        public init(
            title: String, programID: String?, routine: Routine?, dosages: [String: Dosage], notes: String,
            start: LocalDate, perWeek: Int, days: [Weekday], weeks: Int
        ) {
            self.title = title
            self.programID = programID
            self.routine = routine
            self.dosages = dosages
            self.notes = notes
            self.start = start
            self.perWeek = perWeek
            self.days = days
            self.weeks = weeks
        }
    }

    /// Gives a member a program or routine: it becomes their active plan, the dosages their
    /// starting targets, and the assignment records who prescribed it, all in one transaction.
    public func assign(
        _ prescription: Assignment, teamID: UUID, memberID: UUID, clinicianID: UUID
    ) async throws -> AssignedPrescription {
        guard try await clinicianCanSee(viewer: clinicianID, subject: memberID, team: teamID) else {
            throw TeamError.notAMember
        }
        let id = try await transaction { db in
            let store = self.on(db)
            var routineID: UUID?
            if let routine = prescription.routine {
                routineID = try await store.createRoutine(routine, userID: memberID).id
            }
            let plan = try await store.startPlan(
                userID: memberID, programID: prescription.programID, routineID: routineID,
                start: prescription.start, perWeek: prescription.perWeek, days: prescription.days,
                weeks: prescription.weeks, prescribed: true)
            let clinician = try await UserRecord.find(clinicianID, on: db)
            let byWhom = clinician.map { ", " + ($0.chosenName ?? $0.email ?? $0.name) } ?? ""
            for (slot, dosage) in prescription.dosages {
                let record =
                    try await ExerciseTargetRecord.query(on: db).filter(\.$user.$id == memberID).filter(\.$slot == slot)
                    .first()
                    ?? ExerciseTargetRecord()
                record.$user.id = memberID
                record.slot = slot
                record.exerciseID = slot
                record.dosageJSON = try StoredJSON.encode(dosage)
                record.loadIncreases = 0
                record.reason = "Set by your clinician\(byWhom)."
                record.source = TargetSource.clinician.rawValue
                try await record.save(on: db)
            }
            let assignment = AssignmentRecord()
            assignment.$team.id = teamID
            assignment.$member.id = memberID
            assignment.$clinician.id = clinicianID
            assignment.$plan.id = plan.id
            assignment.title = prescription.title
            assignment.programID = prescription.programID
            assignment.$routine.id = routineID
            assignment.dosagesJSON = try StoredJSON.encode(prescription.dosages.mapValues(\.volume))
            assignment.notes = prescription.notes
            try await assignment.create(on: db)
            return try assignment.requireID()
        }
        guard let made = try await assignments(memberID: memberID).first(where: { $0.id == id }) else {
            throw StoreError.unreadable("the assignment just made (\(id)) could not be read back")
        }
        return made
    }

    /// A member's assignments, newest first, with who prescribed them.
    public func assignments(memberID: UUID) async throws -> [AssignedPrescription] {
        try await AssignmentRecord.query(on: database).filter(\.$member.$id == memberID)
            .with(\.$clinician).with(\.$team).sort(\.$createdAt, .descending).all()
            .map { record in
                AssignedPrescription(
                    id: try record.requireID(), team: try Team(record.team), memberID: record.$member.id,
                    clinician: try Account(record.clinician), planID: record.$plan.id, title: record.title,
                    programID: record.programID, routineID: record.$routine.id,
                    dosages: (try? StoredJSON.decode([String: String].self, record.dosagesJSON)) ?? [:],
                    notes: record.notes, createdAt: record.createdAt)
            }
    }
}
