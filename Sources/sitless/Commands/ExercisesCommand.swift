import ArgumentParser
import Foundation
import SitLessCore

struct ExercisesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exercises",
        abstract: "List and search the exercise library.",
        discussion: "Filters combine: `sitless exercises --muscle glutes --equipment none --level beginner`."
    )

    @Option(
        help: ArgumentHelp(
            "Muscle worked: glutes, gluteus-medius (glute-med), hamstrings, quadriceps, core ...", valueName: "muscle"))
    var muscle: String?

    @Option(help: ArgumentHelp("Equipment used, or `none` for exercises that need nothing.", valueName: "equipment"))
    var equipment: String?

    @Option(
        help: ArgumentHelp(
            "Starting position: seated, standing, supine, side-lying, prone, quadruped, kneeling.",
            valueName: "position"))
    var position: String?

    @Option(help: ArgumentHelp("beginner, intermediate or advanced.", valueName: "level"))
    var level: String?

    @Option(help: ArgumentHelp("strength, stretch, mobility or movement.", valueName: "kind"))
    var kind: String?

    @Flag(help: "Only moves for a 2-minute desk break.")
    var deskBreak = false

    @Option(help: ArgumentHelp("Words to find in the name, aliases or summary.", valueName: "text"))
    var search: String?

    @OptionGroup var catalogOptions: CatalogOptions

    func run() throws {
        let query = try makeQuery()
        let catalog = try catalogOptions.load()
        let found = catalog.exercises(matching: query)
        if catalogOptions.json {
            try Output.json(found)
        } else {
            print(TextReport.exerciseList(found))
        }
    }

    func makeQuery() throws -> ExerciseQuery {
        var query = ExerciseQuery(deskBreakOnly: deskBreak, text: search)
        if let muscle {
            guard let muscles = Muscle.matching(muscle) else {
                throw CLIError("unknown muscle '\(muscle)'; choose from: glutes, \(Muscle.allowedValues)")
            }
            query.muscles = muscles
        }
        if let equipment {
            guard let value = Equipment.matching(equipment) else {
                throw CLIError("unknown equipment '\(equipment)'; choose from: \(Equipment.allowedValues)")
            }
            query.equipment = value
        }
        if let position {
            guard let value = BodyPosition(term: position) else {
                throw CLIError("unknown position '\(position)'; choose from: \(BodyPosition.allowedValues)")
            }
            query.position = value
        }
        if let level {
            guard let value = ExerciseLevel(term: level) else {
                throw CLIError("unknown level '\(level)'; choose from: \(ExerciseLevel.allowedValues)")
            }
            query.level = value
        }
        if let kind {
            guard let value = ExerciseKind(term: kind) else {
                throw CLIError("unknown kind '\(kind)'; choose from: \(ExerciseKind.allowedValues)")
            }
            query.kind = value
        }
        return query
    }
}

struct ExerciseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exercise",
        abstract: "Show one exercise: steps, what to feel, what to avoid, dosage and its easier and harder steps."
    )

    @Argument(help: ArgumentHelp("The exercise id, e.g. hip-thrust.", valueName: "id"))
    var id: String

    @Option(
        help: ArgumentHelp("Write the animated demonstration to this SVG file (`-` for stdout).", valueName: "file"))
    var svg: String?

    @Option(
        help: ArgumentHelp(
            "Write the key poses side by side as still frames, for print, to this SVG file (`-` for stdout).",
            valueName: "file"))
    var stills: String?

    @OptionGroup var catalogOptions: CatalogOptions

    func run() throws {
        let catalog = try catalogOptions.load()
        let exercise = try catalog.requireExercise(id)
        if svg != nil || stills != nil {
            try writeDemonstration(exercise, catalog: catalog)
            return
        }
        if catalogOptions.json {
            try Output.json(ExerciseDetail(exercise: exercise, catalog: catalog))
        } else {
            print(TextReport.exercise(exercise, catalog: catalog))
        }
    }
}

extension ExerciseCommand {
    /// `--svg` and `--stills`: the drawings of the exercise's key poses.
    func writeDemonstration(_ exercise: Exercise, catalog: Catalog) throws {
        guard let demonstration = catalog.demonstration(for: exercise.id) else {
            throw CLIError("'\(exercise.id)' has no demonstration yet; its steps are text only")
        }
        let animation: FigureAnimation
        switch FigureAnimation.make(demonstration, dosage: exercise.dosage) {
        case .success(let made): animation = made
        case .failure(let failure):
            throw CLIError(
                "the demonstration of '\(exercise.id)' cannot be drawn: "
                    + "\(failure.problems.map(\.description).joined(separator: "; "))"
            )
        }
        let drawing = FigureSVG(
            animation: animation, title: "\(exercise.name): \(exercise.dosage.volume)", muscles: exercise.primaryMuscles
        )
        for (path, text) in [(svg, { drawing.animated() }), (stills, { drawing.stillFrames() })] {
            guard let path else { continue }
            let content = text() + "\n"
            if path == "-" {
                FileHandle.standardOutput.write(Data(content.utf8))
            } else {
                do {
                    try Data(content.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
                } catch {
                    throw CLIError("cannot write '\(path)': \(error.localizedDescription)")
                }
            }
        }
    }
}

/// The JSON of `sitless exercise ID --json`: the exercise plus its rendered dosage and resolved links.
struct ExerciseDetail: Encodable {
    var exercise: Exercise
    var dosageText: String
    var regression: Link?
    var progression: Link?
    var references: [Reference]

    struct Link: Encodable {
        var id: String
        var name: String
    }

    init(exercise: Exercise, catalog: Catalog) {
        self.exercise = exercise
        dosageText = exercise.dosage.details
        regression = exercise.regressionID.flatMap { catalog.exercise($0) }.map { Link(id: $0.id, name: $0.name) }
        progression = exercise.progressionID.flatMap { catalog.exercise($0) }.map { Link(id: $0.id, name: $0.name) }
        let ids = ([exercise.sourceID].compactMap { $0 } + exercise.evidence.map(\.referenceID))
        var seen = Set<String>()
        references = ids.filter { seen.insert($0).inserted }.compactMap { catalog.reference($0) }
    }
}
