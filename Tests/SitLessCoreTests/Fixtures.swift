import Foundation

@testable import SitLessCore

/// Small, hand-built catalog values for tests that must not depend on the shipped data.
enum Fixtures {
    static func exercise(
        _ id: String, dosage: Dosage = .reps(3, 10), equipment: [Equipment] = [.none],
        easier: String? = nil, harder: String? = nil, loadNote: String? = nil
    ) -> Exercise {
        var dosage = dosage
        dosage.loadNote = loadNote
        return Exercise(
            id: id, name: id.replacingOccurrences(of: "-", with: " ").capitalized, summary: "Test exercise.",
            kind: .strength, primaryMuscles: [.gluteusMaximus], equipment: equipment, position: .supine,
            level: .beginner, how: ["Do it."], feel: "Glutes.",
            compensations: [Compensation(fault: "Arching.", fix: "Brace.")], dosage: dosage,
            regressionID: easier, progressionID: harder)
    }

    /// glute-bridge -> hip-thrust -> single-leg-hip-thrust; kettlebell-deadlift is loadable; clam has no links.
    static let catalog = Catalog(exercises: [
        exercise("glute-bridge", dosage: .reps(3, 12), harder: "hip-thrust"),
        exercise(
            "hip-thrust", dosage: .reps(3, 15), equipment: [.bench], easier: "glute-bridge",
            harder: "single-leg-hip-thrust"),
        exercise("single-leg-hip-thrust", dosage: .reps(3, 10, each: .leg), easier: "hip-thrust"),
        exercise(
            "kettlebell-deadlift", dosage: .reps(3, 15), equipment: [.kettlebell],
            harder: "single-leg-kettlebell-deadlift"),
        exercise("single-leg-kettlebell-deadlift", dosage: .reps(3, 8, each: .leg), equipment: [.kettlebell]),
        exercise("seated-glute-stretch", dosage: .hold(3, seconds: 30, each: .side)),
        exercise("side-lying-clam", dosage: .reps(3, 10, each: .leg)),
    ])

    static func program(weeks: [[SessionTemplate]]) -> Program {
        Program(
            id: "test", name: "Test", audience: "Testers", goal: "Testing", perWeek: WeeklyFrequency(3),
            phases: [
                ProgramPhase(
                    name: "Only", focus: "All",
                    weeks: weeks.enumerated().map {
                        ProgramWeek(number: $0.offset + 1, sessions: $0.element)
                    })
            ])
    }

    static func session(_ name: String, _ ids: String...) -> SessionTemplate {
        SessionTemplate(name: name, prescriptions: ids.map { Prescription(exerciseID: $0, dosage: .reps(3, 10)) })
    }

    /// `2026-12-08T07:30:00Z`.
    static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
}
