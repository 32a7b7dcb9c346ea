import Foundation
import SitLessCore
import SitLessStore
import Vapor

extension TeamPages {
    // MARK: Handouts

    static func memberHandout(_ req: Request) async throws -> Page<PlanHandout.Model> {
        let team = try await clinicianTeam(req)
        let member = try await member(req, in: team)
        return try await PlanHandout.page(req, for: member)
    }

    static func ownHandout(_ req: Request) async throws -> Page<PlanHandout.Model> {
        try await PlanHandout.page(req, for: try req.user)
    }
}

/// A person's own plan on paper: who prescribed it and their notes, the next two weeks of
/// sessions with the person's current dosages, and each exercise's cues.
enum PlanHandout {
    struct Session: Encodable, Sendable {
        var date: String
        var title: String
        var items: [CatalogPages.ItemRow]
    }
    struct Model: Encodable, Sendable {
        var name: String
        var plan: String
        var perWeek: Int
        var prescribedBy: String?
        var notes: String?
        var sessions: [Session]
    }

    static func page(_ req: Request, for person: Account) async throws -> Page<Model> {
        let personID = person.id
        let zone = person.zone
        let today = LocalDate(req.now, in: zone)
        guard let schedule = try await PlanSchedule.load(req, user: person) else {
            throw PageError(.notFound, heading: "No plan yet", "\(person.displayName) has no program or routine yet")
        }
        let (targets, targetNotes) = try await req.store.targetsWithNotes(userID: personID)
        let assignment = try await req.store.assignments(memberID: personID).first { $0.planID == schedule.plan.id }
        let library = try await req.library()
        let media = try await MediaPages.all(req)
        let sessions = schedule.sessions.filter { $0.date >= today && $0.date < today.adding(days: 14) }.map { s in
            Session(
                date: Format.day(s.date), title: s.template,
                items: NextItems.make(
                    s.prescriptions, targets: targets, notes: targetNotes, catalog: library.catalog, zone: zone
                ).map { next in
                    // Where the person's dosage differs from the plan's, the handout says why (NextSession's rule).
                    CatalogPages.ItemRow.make(
                        library, exerciseID: next.item.exerciseID, dosage: next.item.dosage,
                        notes: next.prescribed == nil ? nil : next.why, media: media[next.item.exerciseID] ?? [],
                        unit: req.loadUnit)
                })
        }
        return Page(
            template: "plan-handout", title: "\(schedule.title) handout", nav: "team",
            model: Model(
                name: person.displayName, plan: schedule.title, perWeek: schedule.plan.perWeek,
                prescribedBy: assignment?.clinician.displayName, notes: assignment?.notes, sessions: sessions))
    }
}
