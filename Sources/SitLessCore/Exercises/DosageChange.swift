import Foundation

/// A clinician's dosage changes as they type them, one per line: `Hip thrust: 3 x 12`
/// (sets x reps, or sets x seconds for a hold or a timed exercise). The one reader of this
/// text, for the web form and the API.
public enum DosageChange {
    /// One change: `sets x amount`, digits only, `x`, `X` or `×` between them and an optional
    /// unit (`reps`, `s`, `sec`, `seconds`) after. Anything else, a sign or a decimal point
    /// included, is refused rather than read as something the clinician did not write.
    public static func amount(_ text: String) -> (sets: Int, amount: Int)? {
        var rest = Substring(text.lowercased().trimmingCharacters(in: .whitespaces))
        for unit in [" reps", "reps", " seconds", "seconds", " sec", "sec", " s", "s"] where rest.hasSuffix(unit) {
            rest = rest.dropLast(unit.count)
            break
        }
        guard let cross = rest.firstIndex(where: { $0 == "x" || $0 == "×" }) else { return nil }
        let left = rest[..<cross].trimmingCharacters(in: .whitespaces)
        let right = rest[rest.index(after: cross)...].trimmingCharacters(in: .whitespaces)
        func number(_ s: String) -> Int? {
            guard !s.isEmpty, s.count <= 4, s.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int(s)
        }
        guard let sets = number(left), let amount = number(right) else { return nil }
        return (sets, amount)
    }

    /// Reads every line of `text` into a dosage per exercise (by id or name, any case), each
    /// the exercise's own dosage with its sets and amount changed and checked by
    /// `Dosage.problems`. Problems name the line; `field` is the form field or JSON key.
    public static func parse(
        _ text: String, catalog: Catalog, field: String
    ) -> (dosages: [String: Dosage], problems: [InvalidEntry]) {
        var out: [String: Dosage] = [:]
        var problems: [InvalidEntry] = []
        for (n, raw) in text.split(whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            guard let colon = line.firstIndex(of: ":") else {
                problems.append(InvalidEntry(field, "line \(n + 1) should look like 'Hip thrust: 3 x 12'"))
                continue
            }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            let dose = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard
                let exercise = catalog.exercise(name)
                    ?? catalog.exercises.first(where: { $0.name.lowercased() == name.lowercased() })
            else {
                problems.append(InvalidEntry(field, "line \(n + 1): no exercise called '\(name.prefix(60))'"))
                continue
            }
            guard let (sets, amount) = amount(dose) else {
                problems.append(
                    InvalidEntry(field, "line \(n + 1): '\(dose.prefix(40))' is not a dosage like 3 x 12 or 3 x 30"))
                continue
            }
            var dosage = exercise.dosage
            dosage.sets = sets
            dosage.target = dosage.target.with(amount: amount)
            let wrong = dosage.problems
            guard wrong.isEmpty else {
                problems.append(InvalidEntry(field, "line \(n + 1): " + wrong.joined(separator: "; ")))
                continue
            }
            out[exercise.id] = dosage
        }
        return (out, problems)
    }
}
