import Foundation
import Testing

/// A person's own database file and a pinned clock for each test.
struct SittingSession {
    let db: String
    var now: String

    init(now: String = "2026-12-07T12:30:00+01:00") throws {
        db = try CLI.temporaryDirectory().appendingPathComponent("sitless.sqlite").path
        self.now = now
    }

    func run(_ arguments: String...) throws -> CLI.Result {
        try CLI.runArray(arguments, environment: ["SITLESS_DB": db, "SITLESS_NOW": now, "SITLESS_USER": "ana"])
    }
}

@Suite("sitless sitting commands")
struct SittingCLITests {
    /// sit 09:00, stand 09:50, sit 09:55, walk 11:30, sit 11:40, stand 12:10 (Berlin, Monday 7 December 2026).
    func scriptedMorning() throws -> SittingSession {
        let session = try SittingSession()
        #expect(try session.run("coach", "--tz", "Europe/Berlin").status == 0)
        for (command, time) in [
            ("sit", "09:00"), ("stand", "09:50"), ("sit", "09:55"), ("walk", "11:30"), ("sit", "11:40"),
            ("stand", "12:10"),
        ] {
            let result = try session.run(command, "--at", time)
            #expect(result.status == 0, "\(command) \(time): \(result.stderr)")
        }
        return session
    }

    @Test("the scripted morning gives exact minutes, breaks and prolonged bouts in today --json")
    func todayJSON() throws {
        let session = try scriptedMorning()
        let result = try session.run("today", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let today = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(today["date"] as? String == "2026-12-07")
        #expect(today["sittingMinutes"] as? Double == 175)  // 50 + 95 + 30
        #expect(today["standingMinutes"] as? Double == 25)  // 5 + 20 (still standing at 12:30)
        #expect(today["steppingMinutes"] as? Double == 10)
        #expect(today["breaks"] as? Int == 3)
        #expect(today["longestBoutMinutes"] as? Double == 95)
        #expect((today["prolonged30"] as? [String: Any])?["count"] as? Int == 3)
        #expect((today["prolonged60"] as? [String: Any])?["minutes"] as? Double == 95)
        #expect(today["posture"] as? String == "standing")
        #expect(today["postureSince"] as? String == "2026-12-07T12:10:00+01:00")
        #expect(today["nextPromptDue"] == nil)  // standing: no prompt is due
        let work = try #require(today["work"] as? [String: Any])
        #expect(work["periodMinutes"] as? Double == 210)  // 09:00 to 12:30
        #expect(work["sittingShare"] as? Double == 0.833)  // 175 / 210
    }

    @Test("sitting again: the next prompt is due 30 minutes later, and the text view says so")
    func nextPrompt() throws {
        var session = try scriptedMorning()
        #expect(try session.run("sit", "--at", "12:20").status == 0)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(try session.run("today", "--json").stdout.utf8))
                as? [String: Any])
        #expect(json["nextPromptDue"] as? String == "2026-12-07T12:50:00+01:00")
        session.now = "2026-12-07T12:45:00+01:00"
        let text = try session.run("today").stdout
        #expect(text.contains("Sitting    3 h 20 min of your 6 h limit"))  // 175 + 25 min since 12:20
        #expect(text.contains("Now        sitting since 12:20"))
        #expect(text.contains("Next break prompt due at 12:50"))
    }

    @Test("report --csv has one row per day with the same figures")
    func reportCSV() throws {
        let session = try scriptedMorning()
        let result = try session.run("report", "--from", "2026-12-06", "--to", "2026-12-07", "--csv")
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let monday = lines[2].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let row = Dictionary(uniqueKeysWithValues: zip(header, monday))
        #expect(row["date"] == "2026-12-07")
        #expect(row["sitting_min"] == "175")
        #expect(row["breaks"] == "3")
        #expect(row["bouts_30_count"] == "3")
        #expect(row["bouts_30_min"] == "175")
        #expect(row["bouts_60_count"] == "1")
        #expect(row["bouts_60_min"] == "95")
        #expect(row["longest_bout_min"] == "95")
        #expect(row["median_bout_min"] == "50")
        #expect(row["alpha"] == "")  // fewer than 10 bouts: undefined
        #expect(row["work_sitting_share"] == "0.833")
        #expect(lines[1].hasPrefix("2026-12-06,0,"))
    }

    @Test("bad input gets one clear line and changes nothing")
    func badInput() throws {
        let session = try scriptedMorning()
        let before = try session.run("today", "--json").stdout
        let cases: [([String], String)] = [
            (["sit", "--at", "half past nine"], "Error: unknown time format 'half past nine'; use HH:MM"),
            (
                ["sit", "--at", "09:30"],
                "Error: 2026-12-07 09:30 is before your current standing entry, which started at 2026-12-07 12:10"
            ),
            (["walk", "--at", "13:00"], "Error: 2026-12-07 13:00 is in the future (it is now 2026-12-07 12:30)"),
            (["coach", "--max-sitting", "0"], "Error: max sitting must be 5 to 240 minutes, got 0"),
            (["coach", "--work-hours", "9-17,16-18"], "Error: work hours '9-17,16-18' are not like"),
            (
                ["report", "--from", "2026-12-07", "--to", "2026-12-01"],
                "Error: --to 2026-12-01 is before --from 2026-12-07"
            ),
        ]
        for (arguments, expected) in cases {
            let result = try CLI.runArray(
                arguments, environment: ["SITLESS_DB": session.db, "SITLESS_NOW": session.now, "SITLESS_USER": "ana"])
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stderr.hasPrefix(expected), "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
        }
        #expect(try session.run("today", "--json").stdout == before)
        #expect(try session.run("coach", "--json").stdout.contains("\"maxSittingMinutes\" : 30"))
    }

    @Test("a corrupt database path is refused and the file is left as it was")
    func corruptDatabase() throws {
        let folder = try CLI.temporaryDirectory()
        let notes = folder.appendingPathComponent("notes.txt")
        let text = String(repeating: "not a database\n", count: 100)
        try Data(text.utf8).write(to: notes)
        let result = try CLI.runArray(
            ["sit", "--db", notes.path], environment: ["SITLESS_NOW": "2026-12-07T12:30:00+01:00"])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "Error: cannot open the database (SQLite file \(notes.path)): the file is not a SitLess database "
                    + "(not SQLite)\n"
        )
        #expect(try String(contentsOf: notes, encoding: .utf8) == text)
        let dir = try CLI.runArray(["today", "--db", folder.path])
        #expect(
            dir.stderr.hasPrefix(
                "Error: cannot open the database (SQLite file \(folder.path)): it is a folder, not a file"))
    }

    @Test("coach shows and changes the policy; people are kept apart by --user")
    func coachAndUsers() throws {
        let session = try scriptedMorning()
        let changed = try session.run("coach", "--max-sitting", "45", "--quiet", "12:00-13:00", "--cycle", "20/8/2")
        #expect(changed.status == 0)
        #expect(changed.stdout.contains("Standing desk   sit 20 min, stand 8 min, move 2 min"))
        #expect(changed.stdout.contains("Quiet times     12:00-13:00"))
        let ben = try CLI.runArray(
            ["today", "--json", "--user", "ben"], environment: ["SITLESS_DB": session.db, "SITLESS_NOW": session.now])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ben.stdout.utf8)) as? [String: Any])
        #expect(json["sittingMinutes"] as? Double == 0)
    }
}

@Suite("sitless backup")
struct BackupCLITests {
    @Test("a backup is a consistent copy that the CLI can read; an existing file is not overwritten")
    func backup() throws {
        let session = try SittingSession()
        #expect(try session.run("coach", "--tz", "Europe/Berlin").status == 0)
        #expect(try session.run("sit", "--at", "09:00").status == 0)
        #expect(try session.run("stand", "--at", "09:45").status == 0)
        let copy = try CLI.temporaryDirectory().appendingPathComponent("copy.sqlite").path
        let made = try CLI.runArray(["backup", copy, "--db", session.db])
        #expect(made.status == 0, "\(made.stderr)")
        let today = try CLI.runArray(
            ["today", "--json"], environment: ["SITLESS_DB": copy, "SITLESS_NOW": session.now, "SITLESS_USER": "ana"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(today.stdout.utf8)) as? [String: Any])
        #expect(json["sittingMinutes"] as? Double == 45)
        let again = try CLI.runArray(["backup", copy, "--db", session.db])
        #expect(again.status == 1)
        #expect(again.stderr.contains("already exists; choose a new file name"))
    }
}

@Suite("sitless user create")
struct UserCreateCLITests {
    @Test("creates an administrator with the password from standard input; refuses duplicates and short passwords")
    func create() throws {
        let db = try CLI.temporaryDirectory().appendingPathComponent("u.sqlite").path
        let made = try CLI.runArray(
            ["user", "create", "Admin@Example.com", "--admin", "--db", db, "--tz", "Europe/Berlin"],
            input: "correct-horse-1\n")
        #expect(made.stdout == "Created administrator admin@example.com.\n", "\(made.stderr)")
        let again = try CLI.runArray(["user", "create", "admin@example.com", "--db", db], input: "correct-horse-1\n")
        #expect(again.stderr == "Error: an account with the email admin@example.com already exists\n")
        let short = try CLI.runArray(["user", "create", "ben@example.com", "--db", db], input: "short\n")
        #expect(short.stderr == "Error: the password must be at least 10 characters\n")
        let none = try CLI.runArray(["user", "create", "cy@example.com", "--db", db], input: "")
        #expect(none.stderr == "Error: give the password on standard input\n")
    }
}
