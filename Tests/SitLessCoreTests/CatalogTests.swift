import Foundation
import Testing

@testable import SitLessCore

@Suite("Built-in catalog")
struct BuiltInCatalogTests {
    let catalog: Catalog

    init() throws { catalog = try Catalog.builtIn() }

    @Test("the article's five exercises carry its dosages, 3-4 days a week")
    func articleProgram() throws {
        let expected = [
            "seated-glute-stretch": "3 x 30 s hold each side, 3-4 days/week",
            "hip-thrust": "3 x 15, 3-4 days/week",
            "rear-foot-elevated-squat": "3 x 10 each leg, 3-4 days/week",
            "side-lying-clam": "3 x 10 each leg, 3-4 days/week",
            "kettlebell-deadlift": "3 x 15, 3-4 days/week",
        ]
        for (id, dosage) in expected {
            let exercise = try #require(catalog.exercise(id), "\(id)")
            #expect(exercise.dosage.description == dosage, "\(id)")
            #expect(exercise.sourceID == "prehab-glutes-article", "\(id)")
        }
        #expect(catalog.exercise("rear-foot-elevated-squat")?.equipment == [.suspensionTrainer])
        #expect(catalog.exercise("kettlebell-deadlift")?.equipment == [.kettlebell])
        #expect(catalog.exercise("side-lying-clam")?.dosage.loadNote?.contains("band") == true)

        let program = try #require(catalog.program("glute-wake-up"))
        #expect(program.weekCount == 4)
        #expect(program.perWeek == WeeklyFrequency(3, 4))
        for week in program.weeks {
            #expect(week.sessions.count == 1)
            let items = week.sessions[0].prescriptions
            #expect(
                items.map(\.exerciseID) == [
                    "seated-glute-stretch", "hip-thrust", "rear-foot-elevated-squat",
                    "side-lying-clam", "kettlebell-deadlift",
                ])
            #expect(
                items.map(\.dosage.volume) == [
                    "3 x 30 s hold each side", "3 x 15", "3 x 10 each leg", "3 x 10 each leg", "3 x 15",
                ])
        }
    }

    @Test("the top gluteus medius exercises carry their EMG evidence with its citation")
    func gluteMediusEvidence() throws {
        let expected: [(String, Double, String)] = [
            ("side-plank-hip-abduction", 103, "boren-2011"),
            ("single-leg-squat", 82, "boren-2011"),
            ("side-lying-hip-abduction", 81, "distefano-2009"),
        ]
        for (id, value, reference) in expected {
            let evidence = try #require(catalog.exercise(id)?.evidence.first, "\(id)")
            #expect(evidence.muscle == .gluteusMedius)
            #expect(evidence.value == value)
            #expect(evidence.unit == "% MVIC")
            #expect(evidence.referenceID == reference)
            #expect(catalog.reference(reference) != nil)
        }
    }

    @Test("each of the eight key exercises has an easier and a harder step")
    func ladders() throws {
        for id in [
            "seated-glute-stretch", "hip-thrust", "rear-foot-elevated-squat", "side-lying-clam", "kettlebell-deadlift",
            "side-plank-hip-abduction", "single-leg-squat", "side-lying-hip-abduction",
        ] {
            let exercise = try #require(catalog.exercise(id))
            #expect(exercise.regressionID.flatMap(catalog.exercise) != nil, "\(id) has no easier step")
            #expect(exercise.progressionID.flatMap(catalog.exercise) != nil, "\(id) has no harder step")
        }
        #expect(catalog.exercise("hip-thrust")?.regressionID == "glute-bridge")
    }

    @Test("at least 15 desk-break moves, no equipment beyond furniture, 2 minutes or less")
    func deskBreaks() {
        #expect(catalog.deskBreaks.count >= 15)
        for move in catalog.deskBreaks {
            #expect(Set(move.equipment).isSubset(of: Equipment.deskFriendly), "\(move.id)")
            #expect(move.dosage.estimatedSeconds() <= 120, "\(move.id)")
        }
        for id in [
            "sit-to-stand", "standing-glute-squeeze", "standing-hip-extension", "standing-hip-flexor-stretch",
            "mini-squat", "calf-raise", "short-walk",
        ] {
            #expect(catalog.exercise(id)?.isDeskBreak == true, "\(id)")
        }
    }

    @Test("40 or more exercises, every one complete")
    func completeness() {
        #expect(catalog.exercises.count >= 40)
        for e in catalog.exercises {
            #expect(
                !e.how.isEmpty && !e.feel.isEmpty && !e.compensations.isEmpty && !e.primaryMuscles.isEmpty, "\(e.id)")
            #expect(e.dosage.problems.isEmpty, "\(e.id)")
        }
    }

    @Test("the four programs and the learn articles with their references")
    func programsAndArticles() throws {
        #expect(
            Set(catalog.programs.map(\.id)) == [
                "glute-wake-up", "glute-medius-focus", "desk-break-set", "hip-and-glute-6-week",
            ])
        let sixWeek = try #require(catalog.program("hip-and-glute-6-week"))
        #expect(sixWeek.phases.count == 3)
        #expect(sixWeek.weekCount == 6)
        for id in ["glutes-do-not-switch-off", "what-long-sitting-does", "break-up-your-sitting"] {
            let article = try #require(catalog.article(id))
            #expect(!article.referenceIDs.isEmpty)
            #expect(article.referenceIDs.allSatisfy { catalog.reference($0) != nil })
        }
        #expect(catalog.article("what-long-sitting-does")?.referenceIDs.contains("daneshmandi-2017") == true)
    }
}

@Suite("Catalog validation")
struct CatalogValidationTests {
    static let good = """
        [{"id": "glute-bridge", "name": "Glute bridge", "summary": "Lift the hips.", "kind": "strength",
          "primaryMuscles": ["gluteus-maximus"], "equipment": ["mat"], "position": "supine", "level": "beginner",
          "how": ["Lie down.", "Lift."], "feel": "Buttocks.", "compensations": [{"fault": "Arching.", "fix": "Brace."}],
          "dosage": {"sets": 3, "reps": 12, "perWeek": "3-4"}, "progression": "hip-thrust"},
         {"id": "hip-thrust", "name": "Hip thrust", "summary": "Bridge on a bench.", "kind": "strength",
          "primaryMuscles": ["gluteus-maximus"], "equipment": ["bench"], "position": "supine", "level": "intermediate",
          "how": ["Sit.", "Lift."], "feel": "Buttocks.", "compensations": [{"fault": "Arching.", "fix": "Tuck chin."}],
          "dosage": {"sets": 3, "reps": 15, "perWeek": "3-4"}, "regression": "glute-bridge", "source": "article"}]
        """

    static let references = #"[{"id": "article", "citation": "The article."}]"#

    static let program = """
        {"id": "basics", "name": "Basics", "audience": "Everyone", "goal": "Glutes", "perWeek": "3",
         "phases": [{"name": "One", "focus": "Start", "weeks": [{"repeat": 2, "sessions": [{"name": "A",
           "items": [{"exercise": "glute-bridge"}, {"exercise": "hip-thrust", "dosage": {"sets": 2, "reps": 10}}]}]}]}]}
        """

    static let article = """
        ---
        id: why
        title: Why
        summary: Because.
        references: article
        ---
        Glutes do not switch off [article].
        """

    func files(_ changes: [String: String?] = [:]) -> [CatalogSourceFile] {
        var all: [String: String?] = [
            "exercises/glutes.json": Self.good, "references.json": Self.references,
            "programs/basics.json": Self.program, "articles/why.md": Self.article,
        ]
        for (path, text) in changes { all[path] = text }
        return all.compactMap { path, text in text.map { CatalogSourceFile(path: path, text: $0) } }
    }

    func problems(_ changes: [String: String?]) -> [String] {
        do {
            _ = try Catalog.load(files: files(changes))
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    @Test("a well-formed catalog loads, and items without a dosage take the exercise's")
    func loads() throws {
        let catalog = try Catalog.load(files: files())
        #expect(catalog.exercises.map(\.id) == ["glute-bridge", "hip-thrust"])
        let program = try #require(catalog.program("basics"))
        #expect(program.weekCount == 2)
        #expect(program.weeks[1].sessions[0].prescriptions.map(\.dosage.volume) == ["3 x 12", "2 x 10"])
        #expect(catalog.article("why")?.citedIDs == ["article"])
    }

    @Test("a broken catalog names the file, entry and field of every problem")
    func brokenCatalog() {
        let broken = """
            [{"id": "glute-bridge", "name": "Glute bridge", "summary": "Lift the hips.", "kind": "strength",
              "primaryMuscles": ["glutes"], "equipment": ["mat"], "position": "supine", "level": "beginner",
              "how": ["Lie down.", " "], "feel": "Buttocks.", "compensations": [{"fault": "Arching.", "fix": ""}],
              "dosage": {"sets": 0, "reps": 12, "hold": 30}, "progresion": "hip-thrust", "progression": "hip-thrst"},
             {"id": "hip-thrust", "name": "Hip thrust", "summary": "Bridge on a bench.", "kind": "strength",
              "primaryMuscles": ["gluteus-maximus"], "equipment": ["bench"], "position": "supine", "level":
                "intermediate",
              "how": ["Sit."], "feel": "Buttocks.", "compensations": [{"fault": "Arching.", "fix": "Tuck chin."}],
              "dosage": {"sets": 12, "reps": 15}, "regression": "hip-thrust", "source": "nowhere"}]
            """
        let found = problems(["exercises/glutes.json": broken])
        let expected = [
            "exercises/glutes.json: exercise 'glute-bridge': primaryMuscles: 'glutes' is not one of: "
                + "gluteus-maximus, gluteus-medius, gluteus-minimus, hip-rotators, hamstrings, quadriceps, "
                + "adductors, hip-flexors, core, lower-back, calves, upper-back, chest, shoulders",
            "exercises/glutes.json: exercise 'glute-bridge': how[2]: must not be empty",
            "exercises/glutes.json: exercise 'glute-bridge': compensations[1].fix: must not be empty",
            "exercises/glutes.json: exercise 'glute-bridge': dosage: gives reps and hold; give exactly one of reps, "
                + "hold or seconds",
            "exercises/glutes.json: exercise 'glute-bridge': progresion: is not a known field",
            "exercises/glutes.json: exercise 'glute-bridge': progression: 'hip-thrst' is not a known exercise",
            "exercises/glutes.json: exercise 'hip-thrust': dosage: sets must be 1 to 10, got 12",
            "exercises/glutes.json: exercise 'hip-thrust': regression: an exercise cannot be its own easier step",
            "exercises/glutes.json: exercise 'hip-thrust': source: 'nowhere' is not in references.json",
        ]
        for line in expected {
            #expect(found.contains(line), "missing: \(line)\nfound:\n\(found.joined(separator: "\n"))")
        }
        #expect(found.count == expected.count, "\(found.joined(separator: "\n"))")
    }

    @Test("links to unknown exercises and ladder loops are caught")
    func links() {
        let loop = Self.good.replacingOccurrences(
            of: #""regression": "glute-bridge""#, with: #""progression": "glute-bridge""#)
        let found = problems(["exercises/glutes.json": loop])
        #expect(
            found.contains(
                "exercises/glutes.json: exercise 'glute-bridge': progression: following progression links leads back "
                    + "to 'glute-bridge'"
            ))
        let unknown = Self.good.replacingOccurrences(
            of: #""progression": "hip-thrust""#, with: #""progression": "hip-thrst""#)
        #expect(
            problems(["exercises/glutes.json": unknown]) == [
                "exercises/glutes.json: exercise 'glute-bridge': progression: 'hip-thrst' is not a known exercise"
            ])
        let program = Self.program.replacingOccurrences(
            of: #"{"exercise": "glute-bridge"}"#, with: #"{"exercise": "glute-brige"}"#)
        #expect(
            problems(["programs/basics.json": program]) == [
                "programs/basics.json: program 'basics': phases[1].weeks[1].sessions[1].items[1].exercise: "
                    + "'glute-brige' is not a known exercise"
            ])
    }

    @Test("desk-break moves must need no equipment and take 2 minutes or less")
    func deskBreakRules() {
        let move = """
            [{"id": "long-walk", "name": "Long walk", "summary": "Walk.", "kind": "movement", "primaryMuscles":
              ["calves"],
              "equipment": ["kettlebell"], "position": "standing", "level": "beginner", "deskBreak": true,
              "how": ["Walk."], "feel": "Legs.", "compensations": [{"fault": "Shuffling.", "fix": "Stride."}],
              "dosage": {"sets": 1, "seconds": 300}}]
            """
        let found = problems(["exercises/moves.json": move])
        #expect(
            found == [
                "exercises/moves.json: exercise 'long-walk': equipment: a desk-break move may only use none, chair, "
                    + "desk or wall, not kettlebell",
                "exercises/moves.json: exercise 'long-walk': dosage: a desk-break move must take 2 minutes or less; "
                    + "1 x 5 min takes about 5 min",
            ])
    }

    @Test("duplicate ids, bad JSON, mismatched file names and uncited references are reported")
    func otherFiles() {
        #expect(
            problems(["exercises/copy.json": Self.good]).contains(
                "exercises/glutes.json: exercise 'glute-bridge': id: is also used in exercises/copy.json; ids must "
                    + "be unique"
            ))
        let json = problems(["exercises/bad.json": "[{\"id\": \"x\",}"])
        #expect(json.count == 1 && json[0].hasPrefix("exercises/bad.json: is not valid JSON"))
        #expect(
            problems(["programs/basics.json": Self.program.replacingOccurrences(of: "\"basics\"", with: "\"basic\"")])
                == ["programs/basics.json: program 'basic': id: 'basic' must match the file name 'basics'"])
        let uncited = Self.article.replacingOccurrences(of: "[article].", with: "[article] and [mcgill-2016].")
        #expect(
            problems(["articles/why.md": uncited]) == [
                "articles/why.md: article 'why': body: cites [mcgill-2016] but the header's references do not list it"
            ])
        #expect(
            problems(["articles/why.md": "No header here."]) == [
                "articles/why.md: must start with a header block between two '---' lines"
            ])
        #expect(problems(["notes.txt": "hello"]).first?.hasPrefix("notes.txt: is not a catalog file") == true)
    }
}

@Suite("Exercise search")
struct ExerciseQueryTests {
    let catalog: Catalog
    init() throws { catalog = try Catalog.builtIn() }

    @Test("filters combine: glute exercises that need no equipment, from the desk")
    func filters() {
        let found = catalog.exercises(matching: ExerciseQuery(muscles: Muscle.glutes, equipment: Equipment.none))
        #expect(!found.isEmpty)
        #expect(found.allSatisfy { $0.equipment == [.none] && !Muscle.glutes.isDisjoint(with: $0.muscles) })
        #expect(found.contains { $0.id == "standing-glute-squeeze" })
        #expect(!found.contains { $0.id == "hip-thrust" })
    }

    @Test("text search looks at names and aliases, every word must match")
    func text() {
        #expect(catalog.exercises(matching: ExerciseQuery(text: "hip thrust")).map(\.id).contains("hip-thrust"))
        #expect(catalog.exercises(matching: ExerciseQuery(text: "clamshell")).map(\.id).contains("side-lying-clam"))
        #expect(catalog.exercises(matching: ExerciseQuery(text: "zebra crossing")).isEmpty)
    }

    @Test("short muscle names people type")
    func muscleNames() {
        #expect(Muscle.matching("glutes") == Muscle.glutes)
        #expect(Muscle.matching("glute-med") == [.gluteusMedius])
        #expect(Muscle.matching("Gluteus Medius") == [.gluteusMedius])
        #expect(Muscle.matching("elbows") == nil)
        #expect(Equipment.matching("TRX") == .suspensionTrainer)
    }

    @Test("did-you-mean suggests the closest ids first")
    func suggestions() {
        #expect(catalog.exerciseIDs(resembling: "hip-thrsut").first == "hip-thrust")
        #expect(catalog.exerciseIDs(resembling: "clam").contains("side-lying-clam"))
    }
}

@Suite("iCalendar")
struct ICalendarTests {
    @Test("all-day and timed events, escaped text, CRLF lines of at most 75 octets")
    func document() {
        let stamp = Date(timeIntervalSince1970: 1_796_715_000)  // 2026-12-08T07:30:00Z
        let events = [
            ICalendar.Event(
                uid: "a@sitless", summary: "Glutes; hips, and more", description: "Line one\nLine two",
                when: .allDay(LocalDate(iso: "2026-12-07")!)),
            ICalendar.Event(
                uid: "b@sitless", summary: String(repeating: "é", count: 60), description: "",
                when: .timed(start: stamp, minutes: 30)),
        ]
        let text = ICalendar.document(name: "Plan", events: events, stamp: stamp)
        let lines = text.components(separatedBy: "\r\n")
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(lines.contains("DTSTART;VALUE=DATE:20261207"))
        #expect(lines.contains("DTEND;VALUE=DATE:20261208"))
        #expect(lines.contains("SUMMARY:Glutes\\; hips\\, and more"))
        #expect(lines.contains("DESCRIPTION:Line one\\nLine two"))
        #expect(lines.contains("DTSTART:20261208T073000Z"))
        #expect(lines.contains("DTEND:20261208T080000Z"))
        #expect(lines.contains("DTSTAMP:20261208T073000Z"))
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        // Unfolding (removing CRLF + space) gives back the 60 two-byte characters intact.
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("SUMMARY:" + String(repeating: "é", count: 60) + "\r\n"))
        #expect(lines.filter { $0 == "BEGIN:VEVENT" }.count == 2)
    }
}
