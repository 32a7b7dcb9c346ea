import Foundation

/// How much of an exercise to do: sets of repetitions, of a held position or of timed
/// movement, per side or not, with rest, tempo, load and how many days a week.
///
/// It renders the way people write it: `3 x 15`, `3 x 30 s hold each side`,
/// `3 x 10 each leg`, `3-4 days/week`.
public struct Dosage: Hashable, Sendable {
    /// What one set asks for.
    public enum Target: Hashable, Sendable {
        /// The same kind of target with another amount: repetitions, or seconds for a hold
        /// or a timed exercise (the one place "set the amount" is decided).
        public func with(amount: Int) -> Target {
            switch self {
            case .reps: .reps(amount)
            case .hold: .hold(seconds: amount)
            case .timed: .timed(seconds: amount)
            }
        }

        /// Repetitions per set.
        case reps(Int)
        /// A static position held for this many seconds (stretches, planks).
        case hold(seconds: Int)
        /// Continuous movement for this many seconds (marching, walking).
        case timed(seconds: Int)
    }

    /// The dosage is done on each side ("each leg"), so the work doubles.
    public enum Side: String, Codable, Sendable, CaseIterable {
        case side, leg, arm
    }

    public var sets: Int
    public var target: Target
    public var each: Side?
    /// Rest between sets, in seconds.
    public var restSeconds: Int?
    /// Seconds for lowering-pause-lifting-pause, e.g. `3-1-1-0`.
    public var tempo: String?
    /// Sessions per week.
    public var perWeek: WeeklyFrequency?
    /// External load in kilograms, when one is prescribed.
    public var loadKilograms: Double?
    /// Free note on load ("hold a dumbbell or kettlebell to progress").
    public var loadNote: String?

    public init(
        sets: Int, target: Target, each: Side? = nil, restSeconds: Int? = nil, tempo: String? = nil,
        perWeek: WeeklyFrequency? = nil, loadKilograms: Double? = nil, loadNote: String? = nil
    ) {
        self.sets = sets
        self.target = target
        self.each = each
        self.restSeconds = restSeconds
        self.tempo = tempo
        self.perWeek = perWeek
        self.loadKilograms = loadKilograms
        self.loadNote = loadNote
    }

    public static func reps(_ sets: Int, _ reps: Int, each: Side? = nil, perWeek: WeeklyFrequency? = nil) -> Dosage {
        Dosage(sets: sets, target: .reps(reps), each: each, perWeek: perWeek)
    }

    public static func hold(_ sets: Int, seconds: Int, each: Side? = nil, perWeek: WeeklyFrequency? = nil) -> Dosage {
        Dosage(sets: sets, target: .hold(seconds: seconds), each: each, perWeek: perWeek)
    }

    // MARK: - Limits

    public static let setRange = 1...10
    public static let repRange = 1...100
    public static let holdRange = 1...600
    public static let timedRange = 1...1800
    public static let restRange = 0...600
    public static let loadRange = 0.0...500.0

    /// What is impossible about this dosage, as sentences naming the field; empty when fine.
    public var problems: [String] {
        var found: [String] = []
        if !Dosage.setRange.contains(sets) { found.append("sets must be 1 to 10, got \(sets)") }
        switch target {
        case .reps(let n) where !Dosage.repRange.contains(n):
            found.append("reps must be 1 to 100, got \(n)")
        case .hold(let s) where !Dosage.holdRange.contains(s):
            found.append("hold must be 1 to 600 seconds, got \(s)")
        case .timed(let s) where !Dosage.timedRange.contains(s):
            found.append("seconds must be 1 to 1800, got \(s)")
        default: break
        }
        if let rest = restSeconds, !Dosage.restRange.contains(rest) {
            found.append("rest must be 0 to 600 seconds, got \(rest)")
        }
        if let tempo, !Dosage.isValidTempo(tempo) {
            found.append("tempo must be four numbers like 3-1-1-0, got '\(tempo)'")
        }
        if let load = loadKilograms, !Dosage.loadRange.contains(load) {
            found.append("load must be 0 to 500 kg, got \(load)")
        }
        if let perWeek, let problem = perWeek.problem { found.append(problem) }
        return found
    }

    static func isValidTempo(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 4
            && parts.allSatisfy { part in
                part == "X" || part == "x" || (part.count <= 2 && !part.isEmpty && part.allSatisfy(\.isNumber))
            }
    }

    // MARK: - Time

    /// How long the dosage takes, in seconds: every set's work (each side counted), plus
    /// rest between sets. A repetition is taken as `secondsPerRep` (3 s: about one second
    /// up, a short pause, about one second down) unless a tempo says otherwise.
    public func estimatedSeconds(secondsPerRep: Int = 3) -> Int {
        let perRep = tempoSeconds ?? secondsPerRep
        let perSet: Int
        switch target {
        case .reps(let n): perSet = n * perRep
        case .hold(let s), .timed(let s): perSet = s
        }
        let sides = each == nil ? 1 : 2
        return sets * perSet * sides + max(0, sets - 1) * (restSeconds ?? 0)
    }

    /// Seconds of one repetition when the tempo gives them (`X`, explosive, counts as 1).
    var tempoSeconds: Int? {
        guard let tempo, Dosage.isValidTempo(tempo) else { return nil }
        let total = tempo.split(separator: "-").reduce(0) { $0 + (Int($1) ?? 1) }
        return total > 0 ? total : nil
    }
}

// MARK: - Rendering

extension Dosage: CustomStringConvertible {
    /// Sets and target as people write them: `3 x 15`, `3 x 30 s hold each side`, `1 x 2 min`.
    public var volume: String {
        var text = volume(withoutLoad: ())
        if let load = loadKilograms { text += " @ \(Dosage.formatKilograms(load))" }
        return text
    }

    /// Sets, target and side, without the load (each unit adds its own).
    func volume(withoutLoad: Void) -> String {
        var text = "\(sets) x "
        switch target {
        case .reps(let n): text += "\(n)"
        case .hold(let s): text += "\(Dosage.formatSeconds(s)) hold"
        case .timed(let s): text += Dosage.formatSeconds(s)
        }
        if let each { text += " each \(each.rawValue)" }
        return text
    }

    /// `3 x 15, 3-4 days/week`.
    public var description: String {
        [volume, perWeek?.description].compactMap { $0 }.joined(separator: ", ")
    }

    /// Every detail on one line: `3 x 15, 3-4 days/week, rest 60 s, tempo 2-1-1-0`.
    public var details: String {
        var parts = [description]
        if let rest = restSeconds, rest > 0 { parts.append("rest \(Dosage.formatSeconds(rest))") }
        if let tempo { parts.append("tempo \(tempo)") }
        if let loadNote { parts.append(loadNote) }
        return parts.joined(separator: ", ")
    }

    /// `30 s`, `60 s`, `90 s`, `2 min`, `2 min 30 s`: seconds below two minutes, as people count them.
    public static func formatSeconds(_ seconds: Int) -> String {
        guard seconds >= 120 else { return "\(seconds) s" }
        let minutes = seconds / 60
        let rest = seconds % 60
        return rest == 0 ? "\(minutes) min" : "\(minutes) min \(rest) s"
    }

    static func formatKilograms(_ kg: Double) -> String {
        kg == kg.rounded() ? "\(Int(kg)) kg" : String(format: "%.1f kg", kg)
    }
}

/// Sessions per week as a range, `3-4 days/week`, or a single number, `3 days/week`.
public struct WeeklyFrequency: Hashable, Sendable, CustomStringConvertible {
    public var lower: Int
    public var upper: Int

    public init(_ lower: Int, _ upper: Int? = nil) {
        self.lower = lower
        self.upper = upper ?? lower
    }

    /// Parses `3`, `3-4`.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard (1...2).contains(parts.count), let low = Int(parts[0]) else { return nil }
        if parts.count == 2 {
            guard let high = Int(parts[1]) else { return nil }
            self.init(low, high)
        } else {
            self.init(low)
        }
    }

    public var problem: String? {
        guard (1...7).contains(lower), (1...7).contains(upper) else {
            return "perWeek must be between 1 and 7 days, got \(self.range)"
        }
        guard lower <= upper else { return "perWeek range \(self.range) runs backwards" }
        return nil
    }

    var range: String { lower == upper ? "\(lower)" : "\(lower)-\(upper)" }

    public var description: String { "\(range) days/week" }
}

// MARK: - Codable, in the catalog's own words

extension Dosage: Codable {
    enum CodingKeys: String, CodingKey {
        case sets, reps, hold, seconds, each, rest, tempo, perWeek, loadKg, load
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sets = try c.decode(Int.self, forKey: .sets)
        let reps = try c.decodeIfPresent(Int.self, forKey: .reps)
        let hold = try c.decodeIfPresent(Int.self, forKey: .hold)
        let seconds = try c.decodeIfPresent(Int.self, forKey: .seconds)
        switch (reps, hold, seconds) {
        case (let r?, nil, nil): target = .reps(r)
        case (nil, let h?, nil): target = .hold(seconds: h)
        case (nil, nil, let s?): target = .timed(seconds: s)
        default:
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: c.codingPath,
                    debugDescription: "a dosage needs exactly one of reps, hold and seconds"))
        }
        each = try c.decodeIfPresent(Side.self, forKey: .each)
        restSeconds = try c.decodeIfPresent(Int.self, forKey: .rest)
        tempo = try c.decodeIfPresent(String.self, forKey: .tempo)
        if let text = try c.decodeIfPresent(String.self, forKey: .perWeek) {
            guard let frequency = WeeklyFrequency(parsing: text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .perWeek, in: c,
                    debugDescription: "perWeek must look like 3 or 3-4")
            }
            perWeek = frequency
        }
        loadKilograms = try c.decodeIfPresent(Double.self, forKey: .loadKg)
        loadNote = try c.decodeIfPresent(String.self, forKey: .load)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sets, forKey: .sets)
        switch target {
        case .reps(let n): try c.encode(n, forKey: .reps)
        case .hold(let s): try c.encode(s, forKey: .hold)
        case .timed(let s): try c.encode(s, forKey: .seconds)
        }
        try c.encodeIfPresent(each, forKey: .each)
        try c.encodeIfPresent(restSeconds, forKey: .rest)
        try c.encodeIfPresent(tempo, forKey: .tempo)
        try c.encodeIfPresent(perWeek?.range, forKey: .perWeek)
        try c.encodeIfPresent(loadKilograms, forKey: .loadKg)
        try c.encodeIfPresent(loadNote, forKey: .load)
    }
}
