import Foundation
import SitLessCore
import SitLessStore
import Vapor

// Finishing a session and its summary.
extension SessionController {
    struct SummaryItem: Encodable, Sendable {
        var name: String
        var sets: [String]
        var next: String
        var reasons: [String]
        var action: String
        /// This session's own decision, when a later one has replaced it.
        var thisSession: String?
    }
    struct Summary: Encodable, Sendable {
        var title: String
        var items: [SummaryItem]
        var setCount: Int
        /// Reps times load over the sets with a load, in the person's unit ("600 lb"); nil without loads.
        var loadMoved: String?
    }

    static func finish(_ req: Request) async throws -> Response {
        let workout = try await workout(req)
        if workout.isInProgress, (try? req.form())?["confirm"] != "yes" {
            // Exercises not done (and not left for today): ask before finishing.
            let items = workout.items
            let logged = Dictionary(
                grouping: try await req.store.sets(workoutID: workout.id, userID: try req.userID), by: \.itemIndex)
            let library = try await req.library()
            let open = items.indices.filter { !items[$0].isSkipped && (logged[$0]?.count ?? 0) < items[$0].dosage.sets }
            if !open.isEmpty {
                let names = open.map { library.exercise(items[$0].exerciseID)?.name ?? items[$0].exerciseID }
                return try await playerPage(req, workout: workout, status: .ok, errors: [], unfinished: names)
                    .encodeResponse(for: req)
            }
        }
        if workout.isInProgress {
            _ = try await req.store.finishWorkout(workout, at: req.now, catalog: try await req.library().catalog)
        }
        return req.redirect(to: "/sessions/\(workout.id.uuidString)/summary")
    }

    /// The summary: what was done, what this session's rules decided, and what the next
    /// session holds now for each exercise by `NextSession`'s rule (the same answer as Today,
    /// the handout and the API), saying so when a later decision has replaced this one.
    static func summary(_ req: Request) async throws -> Page<Summary> {
        let workout = try await workout(req)
        guard workout.status == .done else { throw Abort(.conflict, reason: "Finish the session first.") }
        let user = try req.user
        let zone = user.zone
        let items = workout.items
        let sets = try await req.store.sets(workoutID: workout.id, userID: try req.userID)
        let decisions = workout.decisions
        let catalog = try await req.library().catalog
        let unit = req.loadUnit
        let (targets, notes) = try await req.store.targetsWithNotes(userID: try req.userID)
        func named(_ target: TrainingTarget) -> String {
            "\(catalog.exercise(target.exerciseID)?.name ?? target.exerciseID), \(target.dosage.volume(in: unit))"
        }
        let summaryItems = items.enumerated().map { index, item -> SummaryItem in
            let name = catalog.exercise(item.exerciseID)?.name ?? item.exerciseID
            let decision = decisions.indices.contains(index) ? decisions[index] : nil
            let now = NextItems.now(
                slot: item.slot, targets: targets, notes: notes, fallback: decision?.next ?? item.target,
                catalog: catalog, zone: zone)
            // Decided again since this session (a clinician's dosage, or a later session): the
            // slot's target is no longer what this session's last decision for it set.
            let replaced = decisions.last { $0.slot == item.slot }.map { now.target != $0.next } ?? false
            return SummaryItem(
                name: name, sets: sets.filter { $0.itemIndex == index }.map { describe($0, unit) },
                next: named(now.target),
                reasons: replaced ? [now.why] : decision?.reasons ?? [],
                action: replaced
                    ? (now.source == .clinician ? "set by your clinician" : "changed since")
                    : SessionController.words(for: decision?.action ?? .hold),
                thisSession: replaced
                    ? decision.map {
                        "This session's result was \(named($0.next)) (\(words(for: $0.action))): "
                            + $0.reasons.joined(separator: " ")
                    } : nil)
        }
        return Page(
            template: "summary", title: "Session done", nav: "today",
            model: Summary(
                title: workout.title, items: summaryItems, setCount: sets.count,
                loadMoved: unit.volumeText(
                    sets.compactMap { set in set.loadKilograms.flatMap { kg in set.reps.map { ($0, kg) } } })))
    }
}
