import Foundation

/// Who set an exercise target.
public enum TargetSource: String, Sendable, Codable {
    /// The progression rules, after a finished session (or the morning after).
    case rules
    /// A clinician's assignment.
    case clinician
}

/// Who set a target, their reason and when.
public struct TargetNote: Hashable, Sendable {
    public var source: TargetSource?
    public var reason: String?
    public var setAt: Date?

    public init(source: TargetSource?, reason: String?, setAt: Date?) {
        self.source = source
        self.reason = reason
        self.setAt = setAt
    }
}

/// What the next session holds, and why: the one rule every page and the API follow.
///
/// **The newest decision counts.** Each exercise of the plan (its slot) has at most one
/// target. A clinician's assignment sets the targets of the plan it gives (the dosages it
/// names, and the plan's own for the rest); the progression rules move a target after every
/// finished session and the morning after. Whichever happened last is what the next session
/// holds; with no target yet, the plan's prescription. So a clinician who prescribes after
/// a painful session overrides the rules' easier step (they have seen the pain in the
/// member's log), and the rules' next decision starts from the clinician's dosage.
public enum NextSession {
    public struct Item: Hashable, Sendable {
        public var item: WorkoutItem
        /// The prescription's own exercise and dosage, when the target differs from it.
        public var prescribed: Prescription?
        public var source: TargetSource?
        /// Why the session holds this, in a person's words.
        public var why: String
    }

    /// The session's items by the rule, each with its reason. `day` formats a date for
    /// "on Mon 7 Dec" (in the person's time zone); `name` names an exercise.
    public static func items(
        for prescriptions: [Prescription], targets: [String: TrainingTarget], notes: [String: TargetNote],
        day: (Date) -> String, name: (String) -> String
    ) -> [Item] {
        let items = WorkoutItem.items(for: prescriptions, targets: targets)
        return zip(prescriptions, items).map { prescription, item in
            let differs = item.exerciseID != prescription.exerciseID || item.dosage != prescription.dosage
            let note = targets[prescription.exerciseID] == nil ? nil : notes[prescription.exerciseID]
            return Item(
                item: item, prescribed: differs ? prescription : nil, source: note?.source,
                why: why(
                    note: note, target: targets[prescription.exerciseID], prescription: prescription, day: day,
                    name: name))
        }
    }

    /// The reason for one slot.
    public static func why(
        note: TargetNote?, target: TrainingTarget?, prescription: Prescription,
        day: (Date) -> String, name: (String) -> String
    ) -> String {
        guard let target else { return "As your plan prescribes." }
        switch note?.source {
        case .clinician:
            let when = note?.setAt.map { " on \(day($0))" } ?? ""
            return (note?.reason ?? "Set by your clinician.").trimmingCharacters(in: CharacterSet(charactersIn: "."))
                + when + "."
        case .rules, nil:
            let reason = note?.reason.flatMap { $0.isEmpty ? nil : $0 }
            if target.exerciseID == prescription.exerciseID && target.dosage == prescription.dosage && reason == nil {
                return "As your plan prescribes."
            }
            let step =
                target.exerciseID == prescription.exerciseID
                ? "" : " \(name(target.exerciseID)) stands in for \(name(prescription.exerciseID))."
            // No date here: the rules act when a session finishes, so "your last session of it" says when.
            return "From your last session of it:" + step + (reason.map { " " + $0 } ?? "")
        }
    }
}
