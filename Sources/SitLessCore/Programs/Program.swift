import Foundation

/// An exercise at a dosage, with an optional note from whoever prescribed it.
public struct Prescription: Hashable, Sendable, Codable {
    public var exerciseID: String
    public var dosage: Dosage
    public var notes: String?

    public init(exerciseID: String, dosage: Dosage, notes: String? = nil) {
        self.exerciseID = exerciseID
        self.dosage = dosage
        self.notes = notes
    }

    enum CodingKeys: String, CodingKey {
        case exerciseID = "exercise"
        case dosage, notes
    }
}

/// One training session as planned: a name ("A", "Glute program") and its prescriptions in order.
public struct SessionTemplate: Hashable, Sendable, Codable {
    public var name: String
    public var prescriptions: [Prescription]

    public init(name: String, prescriptions: [Prescription]) {
        self.name = name
        self.prescriptions = prescriptions
    }

    enum CodingKeys: String, CodingKey {
        case name
        case prescriptions = "items"
    }

    /// Estimated length: every prescription's work and rest plus a minute to set up each.
    public var estimatedSeconds: Int {
        prescriptions.reduce(0) { $0 + $1.dosage.estimatedSeconds() + 60 }
    }
}

/// One week of a program: the session templates the dated schedule cycles through.
public struct ProgramWeek: Hashable, Sendable, Codable {
    /// 1-based within the whole program.
    public var number: Int
    public var sessions: [SessionTemplate]

    public init(number: Int, sessions: [SessionTemplate]) {
        self.number = number
        self.sessions = sessions
    }
}

/// A stretch of weeks with one focus ("Foundation", "Build", "Strengthen").
public struct ProgramPhase: Hashable, Sendable, Codable {
    public var name: String
    public var focus: String
    public var weeks: [ProgramWeek]

    public init(name: String, focus: String, weeks: [ProgramWeek]) {
        self.name = name
        self.focus = focus
        self.weeks = weeks
    }
}

/// A multi-week program: phases of weeks of sessions of prescriptions, so the dosage and
/// the exercises can change from week to week.
public struct Program: Identifiable, Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    /// Who it is for.
    public var audience: String
    public var goal: String
    /// Default sessions per week.
    public var perWeek: WeeklyFrequency
    public var sourceID: String?
    public var phases: [ProgramPhase]

    public init(
        id: String, name: String, audience: String, goal: String, perWeek: WeeklyFrequency,
        sourceID: String? = nil, phases: [ProgramPhase]
    ) {
        self.id = id
        self.name = name
        self.audience = audience
        self.goal = goal
        self.perWeek = perWeek
        self.sourceID = sourceID
        self.phases = phases
    }

    enum CodingKeys: String, CodingKey {
        case id, name, audience, goal, perWeek
        case sourceID = "source"
        case phases
    }

    /// All weeks in order, numbered from 1.
    public var weeks: [ProgramWeek] { phases.flatMap(\.weeks) }

    public var weekCount: Int { phases.reduce(0) { $0 + $1.weeks.count } }

    /// The week numbered `number` (1-based) and its phase.
    public func week(_ number: Int) -> (phase: ProgramPhase, week: ProgramWeek)? {
        for phase in phases {
            if let week = phase.weeks.first(where: { $0.number == number }) { return (phase, week) }
        }
        return nil
    }

    /// Every exercise the program uses, in order of first appearance.
    public var exerciseIDs: [String] {
        var seen = Set<String>()
        var ordered: [String] = []
        for week in weeks {
            for session in week.sessions {
                for item in session.prescriptions where seen.insert(item.exerciseID).inserted {
                    ordered.append(item.exerciseID)
                }
            }
        }
        return ordered
    }
}

extension WeeklyFrequency: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self.init(number)
            return
        }
        let text = try container.decode(String.self)
        guard let parsed = WeeklyFrequency(parsing: text) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "'\(text)' is not a number of days like 3 or 3-4"))
        }
        self = parsed
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(range)
    }
}
