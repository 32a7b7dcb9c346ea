import Foundation
import SitLessCore
import Vapor

/// The own-exercise form as a catalog entry and back, and the catalog reader's problems as
/// the form's words.
enum OwnExerciseForm {
    static let mistakeRows = 4

    /// One line per entry, blank lines dropped.
    static func lines(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
    }

    /// The form as a catalog entry (JSON bytes); what is wrong is left for the reader to name.
    static func entry(_ fields: [String: String], id: String) -> Data {
        func text(_ key: String) -> String { (fields[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        /// A whole number, or the text as typed (the reader then says it is not a number).
        func number(_ key: String) -> Any { Int(text(key)).map { $0 as Any } ?? text(key) }
        var entry: [String: Any] = [
            "id": id, "name": text("name"), "summary": text("summary"), "kind": text("kind"),
            "position": text("position"), "level": text("level"), "feel": text("feel"),
            "how": lines(fields["how"]), "cautions": lines(fields["cautions"]),
        ]
        let muscles = Muscle.allCases.filter { fields["muscle-\($0.rawValue)"] == "on" }.map(\.rawValue)
        if !muscles.isEmpty { entry["primaryMuscles"] = muscles }
        let equipment = Equipment.allCases.filter { fields["equipment-\($0.rawValue)"] == "on" }.map(\.rawValue)
        if !equipment.isEmpty { entry["equipment"] = equipment }
        entry["compensations"] = (1...mistakeRows).compactMap { n -> [String: String]? in
            let fault = text("fault-\(n)")
            let fix = text("fix-\(n)")
            return fault.isEmpty && fix.isEmpty ? nil : ["fault": fault, "fix": fix]
        }
        var dosage: [String: Any] = ["sets": number("sets")]
        let target = ["reps", "hold", "seconds"].contains(text("target")) ? text("target") : "reps"
        dosage[target] = number("amount")
        if !text("each").isEmpty { dosage["each"] = text("each") }
        if !text("rest").isEmpty { dosage["rest"] = number("rest") }
        if !text("tempo").isEmpty { dosage["tempo"] = text("tempo") }
        if !text("perWeek").isEmpty { dosage["perWeek"] = text("perWeek") }
        entry["dosage"] = dosage
        if !text("easier").isEmpty { entry["regression"] = text("easier") }
        if !text("harder").isEmpty { entry["progression"] = text("harder") }
        return (try? JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys])) ?? Data()
    }

    /// The form filled in from an exercise (to change it).
    static func fields(of e: Exercise) -> [String: String] {
        var fields = [
            "name": e.name, "summary": e.summary, "kind": e.kind.rawValue, "position": e.position.rawValue,
            "level": e.level.rawValue, "feel": e.feel, "how": e.how.joined(separator: "\n"),
            "cautions": e.cautions.joined(separator: "\n"), "sets": String(e.dosage.sets),
            "each": e.dosage.each?.rawValue ?? "", "rest": e.dosage.restSeconds.map(String.init) ?? "",
            "tempo": e.dosage.tempo ?? "",
            "perWeek": e.dosage.perWeek.map { $0.lower == $0.upper ? "\($0.lower)" : "\($0.lower)-\($0.upper)" } ?? "",
            "easier": e.regressionID ?? "", "harder": e.progressionID ?? "",
        ]
        switch e.dosage.target {
        case .reps(let n):
            fields["target"] = "reps"
            fields["amount"] = String(n)
        case .hold(let s):
            fields["target"] = "hold"
            fields["amount"] = String(s)
        case .timed(let s):
            fields["target"] = "seconds"
            fields["amount"] = String(s)
        }
        for m in e.primaryMuscles { fields["muscle-\(m.rawValue)"] = "on" }
        for q in e.equipment { fields["equipment-\(q.rawValue)"] = "on" }
        for (i, c) in e.compensations.prefix(mistakeRows).enumerated() {
            fields["fault-\(i + 1)"] = c.fault
            fields["fix-\(i + 1)"] = c.fix
        }
        return fields
    }

    /// The form's name for a field of the catalog entry.
    static func label(_ field: String?) -> String {
        guard let field else { return "Exercise" }
        let head = String(field.prefix { $0 != "." && $0 != "[" })
        switch head {
        case "name": return "Name"
        case "summary": return "Summary"
        case "how": return "Steps"
        case "feel": return "What to feel"
        case "compensations": return "Mistakes and fixes"
        case "cautions": return "Cautions"
        case "kind": return "Kind"
        case "primaryMuscles": return "Muscles worked"
        case "equipment": return "Equipment"
        case "position": return "Starting position"
        case "level": return "Level"
        case "regression": return "Easier step"
        case "progression": return "Harder step"
        case "dosage":
            switch field.dropFirst(head.count + 1) {
            case "sets": return "Sets"
            case "reps", "hold", "seconds": return "Amount"
            case "each": return "Sides"
            case "rest": return "Rest"
            case "tempo": return "Tempo"
            case "perWeek": return "Days a week"
            default: return "Dosage"
            }
        default: return field
        }
    }

    static func error(_ problem: CatalogProblem) -> FieldError {
        var message = problem.message
        // "is missing" reads better in the form's words.
        if message == "is missing" || message == "must not be empty" {
            message =
                [
                    "equipment": "tick at least one ('none' when nothing is needed)",
                    "primaryMuscles": "tick at least one",
                ][problem.field ?? ""] ?? "fill this in"
        }
        return FieldError(field: label(problem.field), message: message)
    }
}
