import Foundation
import Testing

/// Runs the real `sitless` binary, as a person or a script would.
struct CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let binary: URL = {
        #if os(macOS)
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("sitless")
        }
        #endif
        return Bundle.main.bundleURL.appendingPathComponent("sitless")
    }()

    static func run(_ arguments: String...) throws -> Result { try runArray(arguments) }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sitless-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

@Suite("sitless command line")
struct CLITests {
    @Test("exercises --muscle glutes lists the glute exercises with their dosages")
    func listGlutes() throws {
        let result = try CLI.run("exercises", "--muscle", "glutes")
        #expect(result.status == 0)
        let lines = result.stdout.components(separatedBy: "\n")
        #expect(lines.first?.hasPrefix("ID") == true)
        #expect(lines.contains { $0.hasPrefix("hip-thrust ") && $0.hasSuffix("3 x 15, 3-4 days/week") })
        #expect(lines.contains { $0.hasPrefix("side-lying-clam ") && $0.hasSuffix("3 x 10 each leg, 3-4 days/week") })
        #expect(!lines.contains { $0.hasPrefix("calf-raise ") })
    }

    @Test("--json gives every matching exercise as data; filters combine")
    func listJSON() throws {
        let result = try CLI.run("exercises", "--muscle", "glute-med", "--position", "side-lying", "--json")
        #expect(result.status == 0)
        let items = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let ids = items.compactMap { $0["id"] as? String }
        #expect(ids.contains("side-lying-hip-abduction"))
        #expect(ids.contains("side-plank-hip-abduction"))
        #expect(items.allSatisfy { $0["position"] as? String == "side-lying" })
        let abduction = try #require(items.first { $0["id"] as? String == "side-lying-hip-abduction" })
        let dosage = try #require(abduction["dosage"] as? [String: Any])
        #expect(dosage["sets"] as? Int == 3)
    }

    @Test("exercise hip-thrust shows steps, feel, what to avoid, dosage and links")
    func exerciseDetail() throws {
        let result = try CLI.run("exercise", "hip-thrust")
        #expect(result.status == 0)
        let text = result.stdout
        #expect(text.hasPrefix("Hip thrust  (hip-thrust)"))
        #expect(text.contains("Dosage:    3 x 15, 3-4 days/week"))
        for heading in ["\nHow\n  1. ", "\nFeel\n", "\nAvoid\n  - ", "    Instead: "] {
            #expect(text.contains(heading), "\(heading)")
        }
        #expect(text.contains("Easier:  Glute bridge (glute-bridge), 3 x 12"))
        #expect(text.contains("Harder:  Single-leg hip thrust (single-leg-hip-thrust)"))
    }

    @Test("exercise --json resolves links and references")
    func exerciseJSON() throws {
        let result = try CLI.run("exercise", "side-plank-hip-abduction", "--json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((object["regression"] as? [String: Any])?["id"] as? String == "side-lying-hip-abduction")
        #expect((object["references"] as? [[String: Any]])?.first?["id"] as? String == "boren-2011")
        #expect((object["exercise"] as? [String: Any])?["id"] as? String == "side-plank-hip-abduction")
    }

    @Test("unknown ids and options: one line on stderr, exit code 1, nothing on stdout")
    func errors() throws {
        let cases: [([String], String)] = [
            (["exercise", "hip-thrsut"], "Error: no exercise with id 'hip-thrsut'; did you mean hip-thrust"),
            (
                ["exercises", "--muscle", "elbows"],
                "Error: unknown muscle 'elbows'; choose from: glutes, gluteus-maximus"
            ),
            (["program", "nope"], "Error: no program with id 'nope'; choose from: "),
            (
                ["program", "glute-wake-up", "--week", "9"],
                "Error: week 9 does not exist; glute-wake-up has weeks 1 to 4"
            ),
            (
                ["plan", "glute-wake-up", "--start", "2026-02-30"],
                "Error: start date '2026-02-30' is not a real date of the form YYYY-MM-DD"
            ),
            (
                ["plan", "glute-wake-up", "--start", "2026-12-07", "--tz", "Mars/Olympus"],
                "Error: unknown time zone 'Mars/Olympus'"
            ),
            (
                ["plan", "glute-wake-up", "--start", "2026-12-07", "--days", "mon,funday"],
                "Error: 'funday' in --days is not a weekday"
            ),
            (
                ["plan", "glute-wake-up", "--start", "2026-12-07", "--per-week", "3", "--days", "mon,tue,wed"],
                "Error: the days mon,tue,wed leave no rest day between 3 sessions a week"
            ),
            (
                ["plan", "glute-wake-up", "--start", "2026-12-07", "--per-week", "9"],
                "Error: sessions per week must be 1 to 7, got 9"
            ),
        ]
        for (arguments, expected) in cases {
            let process = try CLI.runArray(arguments)
            #expect(process.status == 1, "\(arguments)")
            #expect(process.stdout.isEmpty, "\(arguments)")
            let lines = process.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(arguments): \(process.stderr)")
            #expect(process.stderr.hasPrefix(expected), "\(arguments): \(process.stderr)")
        }
    }

    @Test("exercise hip-thrust --svg writes the animation; --stills - prints the key poses for print")
    func demonstrationDrawings() throws {
        let folder = try CLI.temporaryDirectory()
        let file = folder.appendingPathComponent("hip-thrust.svg").path
        let result = try CLI.run("exercise", "hip-thrust", "--svg", file)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let svg = try String(contentsOfFile: file, encoding: .utf8)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\""))
        #expect(svg.contains("<title id=\"t\">Hip thrust: 3 x 15</title>"))
        #expect(svg.contains("type=\"rotate\"") && svg.contains("prefers-reduced-motion"))
        #expect(svg.utf8.count < 30_000)
        let stills = try CLI.run("exercise", "side-lying-clam", "--stills", "-")
        #expect(stills.status == 0)
        #expect(stills.stdout.contains("1. knees together") && stills.stdout.contains("2. top knee open"))
        #expect(!stills.stdout.contains("<animate"))
        let unwritable = try CLI.run("exercise", "hip-thrust", "--svg", "/nonexistent-folder/x.svg")
        #expect(unwritable.status == 1)
        #expect(unwritable.stderr.hasPrefix("Error: cannot write '/nonexistent-folder/x.svg'"))
    }

    @Test("programs and program --week show the structure")
    func programs() throws {
        let list = try CLI.run("programs")
        for id in ["glute-wake-up", "glute-medius-focus", "desk-break-set", "hip-and-glute-6-week"] {
            #expect(list.stdout.contains(id))
        }
        let week = try CLI.run("program", "hip-and-glute-6-week", "--week", "3")
        #expect(week.status == 0)
        #expect(week.stdout.contains("  Week 3\n    Session A"))
        #expect(week.stdout.contains("    Session B"))
        #expect(!week.stdout.contains("Week 1"))
        let whole = try CLI.run("program", "glute-wake-up")
        #expect(whole.stdout.contains("  Weeks 1-4\n"))
    }

    @Test("plan: 4 weeks of the article's program, Mon/Wed/Fri, and an .ics file calendar apps import")
    func plan() throws {
        let folder = try CLI.temporaryDirectory()
        let ics = folder.appendingPathComponent("glutes.ics").path
        let result = try CLI.run(
            "plan", "glute-wake-up", "--start", "2026-12-07", "--per-week", "3", "--days", "mon,wed,fri",
            "--tz", "Europe/Berlin", "--ics", ics)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Glute wake-up: 12 sessions over 4 weeks on Mon, Wed, Fri (Europe/Berlin)"))
        #expect(result.stdout.contains("  Mon 2026-12-07  Glute program, about "))
        #expect(result.stdout.contains("  Fri 2027-01-01  Glute program, about "))
        let calendar = try String(contentsOfFile: ics, encoding: .utf8)
        let lines = calendar.components(separatedBy: "\r\n")
        #expect(lines.first == "BEGIN:VCALENDAR")
        #expect(lines.filter { $0 == "BEGIN:VEVENT" }.count == 12)
        let starts = lines.filter { $0.hasPrefix("DTSTART") }
        #expect(
            starts.prefix(3) == [
                "DTSTART;VALUE=DATE:20261207", "DTSTART;VALUE=DATE:20261209", "DTSTART;VALUE=DATE:20261211",
            ])
        #expect(starts.last == "DTSTART;VALUE=DATE:20270101")
    }

    @Test("plan --time writes timed events in UTC; --json gives the sessions as data")
    func timedPlan() throws {
        let folder = try CLI.temporaryDirectory()
        let ics = folder.appendingPathComponent("timed.ics").path
        let result = try CLI.run(
            "plan", "glute-wake-up", "--start", "2026-10-19", "--per-week", "3", "--tz", "Europe/Berlin",
            "--time", "07:00", "--ics", ics, "--json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let sessions = try #require(object["sessions"] as? [[String: Any]])
        #expect(sessions.count == 12)
        #expect(sessions[3]["date"] as? String == "2026-10-26")
        #expect(sessions[3]["startsAt"] as? String == "2026-10-26T06:00:00Z")  // after the clocks went back
        let calendar = try String(contentsOfFile: ics, encoding: .utf8)
        #expect(calendar.contains("\r\nDTSTART:20261019T050000Z\r\n"))
        #expect(calendar.contains("\r\nDTSTART:20261026T060000Z\r\n"))
    }

    @Test("catalog check reports a broken edited catalog with file, entry and field")
    func catalogCheck() throws {
        let folder = try CLI.temporaryDirectory()
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("exercises"), withIntermediateDirectories: true)
        try Data(
            """
            [{"id": "wall-sit", "name": "Wall sit", "summary": "Sit on air.", "kind": "strength", "primaryMuscles":
              ["quadriceps"],
              "equipment": ["wall"], "position": "standing", "level": "beginner", "how": ["Slide down."], "feel":
                "Thighs.",
              "compensations": [{"fault": "Knees in.", "fix": "Knees out."}], "dosage": {"sets": 3, "hold": 0},
                "progression": "wall-sitt"}]
            """.utf8
        ).write(to: folder.appendingPathComponent("exercises/mine.json"))
        let result = try CLI.run("catalog", folder.path)
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "exercises/mine.json: exercise 'wall-sit': dosage: hold must be 1 to 600 seconds, got 0"))
        #expect(
            result.stderr.contains(
                "exercises/mine.json: exercise 'wall-sit': progression: 'wall-sitt' is not a known exercise"))
        let builtIn = try CLI.run("catalog")
        #expect(builtIn.status == 0)
        #expect(builtIn.stdout.hasPrefix("The catalog is fine: "))
    }
}

extension CLI {
    static func runArray(
        _ arguments: [String], environment extra: [String: String] = [:], input: String? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        // The built-in catalog and no stray database settings unless a test says otherwise.
        for key in ["SITLESS_CATALOG", "SITLESS_DB", "DATABASE_URL", "SITLESS_NOW", "SITLESS_USER"] {
            environment[key] = nil
        }
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        let inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try? inPipe.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}

@Suite("sitless export and import-archive")
struct ExportCLITests {
    @Test("an export from one database imports into another; a second import is refused")
    func roundTrip() throws {
        let dir = try CLI.temporaryDirectory()
        let a = [
            "SITLESS_DB": dir.appendingPathComponent("a.sqlite").path, "SITLESS_USER": "ana",
            "SITLESS_NOW": "2026-12-07T12:00:00+01:00",
        ]
        let b = [
            "SITLESS_DB": dir.appendingPathComponent("b.sqlite").path, "SITLESS_USER": "ana",
            "SITLESS_NOW": "2026-12-07T12:00:00+01:00",
        ]
        #expect(try CLI.runArray(["sit", "--at", "09:00"], environment: a).status == 0)
        #expect(try CLI.runArray(["stand", "--at", "10:30"], environment: a).status == 0)
        let file = dir.appendingPathComponent("export.tar").path
        let exported = try CLI.runArray(["export", file], environment: a)
        #expect(exported.stdout == "Exported 0 sessions, 0 sets and 2 bouts to \(file).\n", "\(exported.stderr)")
        let imported = try CLI.runArray(["import-archive", file], environment: b)
        #expect(imported.stdout == "Imported 0 sessions, 0 sets and 2 bouts from \(file).\n", "\(imported.stderr)")
        let today = try CLI.runArray(["today", "--json"], environment: b)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(today.stdout.utf8)) as? [String: Any])
        #expect(json["sittingMinutes"] as? Double == 90)
        let again = try CLI.runArray(["import-archive", file], environment: b)
        #expect(again.status == 1)
        #expect(again.stderr.contains("nothing was imported"))
    }
}
