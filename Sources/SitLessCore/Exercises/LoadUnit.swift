import Foundation

/// The unit a person reads and types loads in. Loads are stored, computed and sent over the
/// API in kilograms; only what people read and type is converted.
public enum LoadUnit: String, CaseIterable, Codable, Sendable {
    case kilograms = "kg"
    case pounds = "lb"

    /// The international avoirdupois pound (1959), exactly.
    public static let kilogramsPerPound = 0.45359237

    /// `kg` or `lb`.
    public var symbol: String { rawValue }

    public var name: String {
        switch self {
        case .kilograms: "kilograms (kg)"
        case .pounds: "pounds (lb)"
        }
    }

    /// A load typed in this unit, in kilograms to 0.01 kg (10 g, finer than any weight
    /// plate): 20 lb is stored as 9.07 kg.
    public func kilograms(_ value: Double) -> Double {
        let kg = self == .pounds ? value * LoadUnit.kilogramsPerPound : value
        return (kg * 100).rounded() / 100
    }

    /// A stored load in this unit, unrounded.
    public func amount(ofKilograms kg: Double) -> Double {
        self == .pounds ? kg / LoadUnit.kilogramsPerPound : kg
    }

    /// A stored load as people read it, to the nearest 0.5 of this unit: 9.07 kg reads
    /// `20 lb` in pounds and `9 kg` in kilograms; 12.25 kg reads `12.5 kg`.
    public func text(kilograms kg: Double) -> String {
        "\(number(kilograms: kg)) \(symbol)"
    }

    /// The number alone, to the nearest 0.5: `20`, `27.5`.
    public func number(kilograms kg: Double) -> String {
        LoadUnit.halves(amount(ofKilograms: kg))
    }

    /// The heaviest load a person may type, in this unit (`Dosage.loadRange`'s 500 kg).
    public var maximum: Double {
        (amount(ofKilograms: Dosage.loadRange.upperBound) * 2).rounded(.down) / 2
    }

    /// `value` to the nearest half: `20`, `20.5`.
    static func halves(_ value: Double) -> String {
        let twice = (value * 2).rounded()
        let whole = Int(twice) / 2
        return Int(twice) % 2 == 0 ? "\(whole)" : "\(whole).5"
    }
}

extension Dosage {
    /// `volume` with the load in `unit`: `3 x 10 @ 20 lb`.
    public func volume(in unit: LoadUnit) -> String {
        var text = volume(withoutLoad: ())
        if let load = loadKilograms { text += " @ \(unit.text(kilograms: load))" }
        return text
    }

    /// `description` with the load in `unit`.
    public func description(in unit: LoadUnit) -> String {
        [volume(in: unit), perWeek?.description].compactMap { $0 }.joined(separator: ", ")
    }

    /// `details` with the load in `unit`.
    public func details(in unit: LoadUnit) -> String {
        var parts = [description(in: unit)]
        if let rest = restSeconds, rest > 0 { parts.append("rest \(Dosage.formatSeconds(rest))") }
        if let tempo { parts.append("tempo \(tempo)") }
        if let loadNote { parts.append(loadNote) }
        return parts.joined(separator: ", ")
    }
}

extension LoadUnit {
    /// A stored load as the value of a form field in this unit: kilograms as stored (to
    /// 0.01 kg, so saving the form again changes nothing), pounds to the nearest 0.5 lb
    /// (9.07 kg is `20`, which is stored as 9.07 kg again).
    public func fieldValue(kilograms kg: Double) -> String {
        switch self {
        case .pounds: return number(kilograms: kg)
        case .kilograms:
            let hundredths = Int((kg * 100).rounded())
            let whole = hundredths / 100
            let rest = hundredths % 100
            if rest == 0 { return "\(whole)" }
            return rest % 10 == 0 ? "\(whole).\(rest / 10)" : "\(whole).\(rest < 10 ? "0" : "")\(rest)"
        }
    }

    /// The load moved in a session, `reps x load` summed over the sets that carry both,
    /// as people read it: 3 sets of 10 at 9.07 kg are 272.1 kg, `600 lb` (599.9 rounded).
    public func volumeText(_ sets: [(reps: Int, kilograms: Double)]) -> String? {
        guard !sets.isEmpty else { return nil }
        return text(kilograms: sets.reduce(0) { $0 + Double($1.reps) * $1.kilograms })
    }
}
