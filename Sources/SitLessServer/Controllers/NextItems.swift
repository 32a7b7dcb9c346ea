import Foundation
import SitLessCore
import SitLessStore
import Vapor

/// `NextSession`'s rule for pages and the API: a session's items by the person's targets,
/// each with why, dates in the person's time zone.
enum NextItems {
    static func make(
        _ prescriptions: [Prescription], targets: [String: TrainingTarget], notes: [String: TargetNote],
        catalog: Catalog, zone: TimeZone
    ) -> [NextSession.Item] {
        NextSession.items(
            for: prescriptions, targets: targets, notes: notes,
            day: { Format.day(LocalDate($0, in: zone)) }, name: { catalog.exercise($0)?.name ?? $0 })
    }

    /// What the next session holds for one slot now, and why (the summary's "Next time").
    static func now(
        slot: String, targets: [String: TrainingTarget], notes: [String: TargetNote], fallback: TrainingTarget,
        catalog: Catalog, zone: TimeZone
    ) -> (target: TrainingTarget, why: String, source: TargetSource?, setAt: Date?) {
        let target = targets[slot] ?? fallback
        let prescription = Prescription(exerciseID: slot, dosage: fallback.dosage)
        let why = NextSession.why(
            note: notes[slot], target: targets[slot], prescription: prescription,
            day: { Format.day(LocalDate($0, in: zone)) }, name: { catalog.exercise($0)?.name ?? $0 })
        return (target, why, notes[slot]?.source, notes[slot]?.setAt)
    }
}
