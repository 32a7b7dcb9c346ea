import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("sitless analyze and import")
struct AnalyzeCLITests {
    /// 2026-12-07 09:00 Berlin: sitting 50 min, standing 5, walking 10, sitting 20.
    static let events =
        "\"Time\",\"Interval (s)\",\"ActivityCode\"\n46363.375,3000,0\n46363.40972222222,300,1\n"
        + "46363.41319444445,600,2\n46363.42013888889,1200,0\n"

    func file(_ text: String, _ name: String) throws -> String {
        let url = try CLI.temporaryDirectory().appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test("analyze gives per-day metrics for several files, as CSV")
    func analyze() throws {
        let a = try file(Self.events, "a.csv")
        let b = try file(Self.events.replacingOccurrences(of: "1200,0\n", with: "1200,1\n"), "b.csv")
        let result = try CLI.runArray(["analyze", a, b, "--tz", "Europe/Berlin", "--work-hours", "9-17", "--csv"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        // 50 + 20 sitting; no time in bed; waking wear 85 min; 1 break
        #expect(lines[1].hasPrefix("\"\(a)\",2026-12-07,70,0,5,10,0,1355,0,85,1,"))
        // the last 20 min standing instead
        #expect(lines[2].hasPrefix("\"\(b)\",2026-12-07,50,0,25,10,0,1355,0,85,1,"))
    }

    @Test("--diary lays the nights over a file: sitting is waking sitting, and a bad diary names its line")
    func diary() throws {
        // Sitting 2026-12-07 21:00 to 2026-12-08 07:00 Berlin (46363.875 is 21:00), then 30 min standing.
        let night = try file("Time,Interval (s),ActivityCode\n46363.875,36000,0\n46364.291666666664,1800,1\n", "n.csv")
        let diary = try file("file,in_bed,out_of_bed\nn.csv,2026-12-07 22:30,2026-12-08 06:45\n", "diary.csv")
        let result = try CLI.runArray(["analyze", night, "--tz", "Europe/Berlin", "--diary", diary, "--csv"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        // Monday: 90 min waking sitting (21:00-22:30), 90 min in bed; Tuesday: 15 min sitting
        // (06:45-07:00), 405 min in bed (00:00-06:45), 30 min standing.
        #expect(lines[1].hasPrefix("\"\(night)\",2026-12-07,90,0,0,0,0,1260,90,90,0,"))
        #expect(lines[2].hasPrefix("\"\(night)\",2026-12-08,15,0,30,0,0,990,405,45,1,"))
        let text = try CLI.runArray(["analyze", night, "--tz", "Europe/Berlin", "--diary", diary])
        #expect(text.stdout.contains("time in bed, 1 period: from the diary; sitting and lying are waking time"))
        #expect(text.stdout.contains("IN BED"))
        // Without the diary the night is detected (21:00-07:00: 10 h in bed, no waking sitting).
        let detected = try CLI.runArray(["analyze", night, "--tz", "Europe/Berlin", "--csv"])
        #expect(detected.stdout.contains(",2026-12-07,0,0,0,0,0,1260,180,0,"))
        let bad = try file("in_bed,out_of_bed\n2026-12-07 22:30,2026-12-07 06:45\n", "bad-diary.csv")
        let refused = try CLI.runArray(["analyze", night, "--diary", bad])
        #expect(refused.status == 1)
        #expect(
            refused.stderr == "Error: \(bad) line 2: out_of_bed 2026-12-07 06:45 is not after in_bed 2026-12-07 22:30\n"
        )
    }

    @Test("import is all or nothing, refuses a second import of the same time, and bad files name the line")
    func importFile() throws {
        let db = try CLI.temporaryDirectory().appendingPathComponent("s.sqlite").path
        let env = ["SITLESS_DB": db, "SITLESS_USER": "ana", "SITLESS_NOW": "2026-12-07T20:00:00+01:00"]
        let good = try file(Self.events, "good.csv")
        #expect(try CLI.runArray(["coach", "--tz", "Europe/Berlin"], environment: env).status == 0)
        let first = try CLI.runArray(["import", good], environment: env)
        #expect(
            first.stdout.hasPrefix(
                "Imported 4 bouts (4 events, activPAL Events) from 2026-12-07 09:00 to 2026-12-07 10:25."),
            "\(first.stderr)")
        let again = try CLI.runArray(["import", good], environment: env)
        #expect(again.status == 1)
        #expect(
            again.stderr.contains(
                "overlaps wearable data already imported (from 2026-12-07T08:00:00Z); nothing was imported"))
        let bad = try file("Time,Interval (s),ActivityCode\n46364.375,60,0\nnever,60,1\n", "bad.csv")
        let refused = try CLI.runArray(["import", bad], environment: env)
        #expect(
            refused.stderr
                == "Error: bad.csv, line 3: 'never' is not a time (an Excel serial date or yyyy-MM-dd HH:mm:ss)\n")
        let today = try CLI.runArray(["today", "--json"], environment: env)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(today.stdout.utf8)) as? [String: Any])
        #expect(json["sittingMinutes"] as? Double == 70)
        #expect(json["breaks"] as? Int == 1)
    }

    @Test("a raw thigh recording (time,x,y,z) is classified into sitting and standing")
    func rawThigh() throws {
        // 2026-12-07 08:00 UTC: 10 min sitting (gravity on z), then 5 min standing (gravity on x), at 25 Hz.
        var text = "time,x,y,z\n"
        let start = 1_796_630_400.0
        for i in 0..<(15 * 60 * 25) {
            let t = start + Double(i) / 25
            text += i < 10 * 60 * 25 ? "\(t),0.05,0.02,0.99\n" : "\(t),0.99,0.03,0.08\n"
        }
        let path = try file(text, "thigh.csv")
        let result = try CLI.runArray(["analyze", path, "--tz", "UTC", "--placement", "thigh", "--csv"])
        #expect(result.status == 0, "\(result.stderr)")
        let row = result.stdout.split(separator: "\n")[1]
        #expect(row.hasPrefix("\"\(path)\",2026-12-07,10,0,5,0,0,1425,0,15,1,"))
        let wrong = try CLI.runArray(["analyze", path, "--placement", "ankle"])
        #expect(wrong.stderr == "Error: unknown placement 'ankle'; choose thigh, wrist or hip\n")
    }

    @Test("--epochs writes one CSV row per minute with the seconds of each posture and ENMO")
    func epochs() throws {
        // 2026-12-07 08:00 UTC (09:00 in Berlin): 10 min sitting, then 5 min standing, at 25 Hz.
        var text = "time,x,y,z\n"
        let start = 1_796_630_400.0
        for i in 0..<(15 * 60 * 25) {
            let t = start + Double(i) / 25
            text += i < 10 * 60 * 25 ? "\(t),0.05,0.02,0.99\n" : "\(t),0.99,0.03,0.08\n"
        }
        let path = try file(text, "epochs-thigh.csv")
        let out = path + ".epochs.csv"
        let result = try CLI.runArray(["analyze", path, "--tz", "Europe/Berlin", "--epochs", out])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 16)
        #expect(
            rows[0]
                == "file,start_utc,start_local,posture,sitting_s,lying_s,standing_s,stepping_s,non_wear_s,in_bed_s,"
                + "enmo_mg,counts_x,counts_y,counts_z"
        )
        // Both postures are still: the norm is just under 1 g, so ENMO is 0.
        #expect(rows[1] == "\"\(path)\",2026-12-07T08:00:00Z,2026-12-07T09:00:00+01:00,sitting,60,0,0,0,0,0,0.00,,,")
        #expect(rows[10] == "\"\(path)\",2026-12-07T08:09:00Z,2026-12-07T09:09:00+01:00,sitting,60,0,0,0,0,0,0.00,,,")
        // The classifier's 2-second windows (one-second steps) see the change one second late.
        #expect(rows[11] == "\"\(path)\",2026-12-07T08:10:00Z,2026-12-07T09:10:00+01:00,standing,1,0,59,0,0,0,0.00,,,")
        #expect(rows.filter { $0.contains(",standing,") }.count == 5)
        // An existing file is never overwritten.
        let again = try CLI.runArray(["analyze", path, "--epochs", out])
        #expect(again.stderr == "Error: \(out) exists; choose a new file for --epochs\n")
    }

    @Test("on the hip, minutes under 100 counts on the vertical axis are sedentary")
    func hipCounts() throws {
        // 30 Hz, gravity on y: 10 min still, then 10 min walking at 1.8 steps a second.
        var text = "time,x,y,z\n"
        let start = 1_796_630_400.0
        for i in 0..<(20 * 60 * 30) {
            let t = Double(i) / 30
            let y = i < 10 * 60 * 30 ? 1.0 : 1.0 + 0.4 * sin(2 * Double.pi * 1.8 * t)
            text += "\(start + t),0.01,\(y),0.02\n"
        }
        let path = try file(text, "hip.csv")
        let result = try CLI.runArray(["analyze", path, "--tz", "UTC", "--placement", "hip", "--csv"])
        #expect(result.status == 0, "\(result.stderr)")
        let row = result.stdout.split(separator: "\n")[1]
        #expect(row.hasPrefix("\"\(path)\",2026-12-07,10,0,0,10,0,1420,0,20,1,"), "\(row)")
        // Intensity: walking's ENMO averages 0.4 g / π = 127 mg, moderate on the hip (69.1 to 258.7 mg,
        // Hildebrand 2014); 10 minutes of it, all in one bout of 10 minutes or more.
        let json = try CLI.runArray(["analyze", path, "--tz", "UTC", "--placement", "hip", "--json"])
        let files = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let day = try #require((files.first?["days"] as? [[String: Any]])?.first)
        let intensity = try #require(day["intensity"] as? [String: Any])
        let levels = try #require(intensity["day"] as? [String: Double])
        #expect(levels["moderateMinutes"] == 10)
        #expect(levels["vigorousMinutes"] == 0)
        #expect(levels["lightMinutes"] == 0)
        #expect(levels["mvpaBout10Minutes"] == 10)
        #expect((intensity["cutPoints"] as? String)?.hasPrefix("ActiGraph hip: Hildebrand et al. 2014") == true)
        #expect(day["steps"] == nil)
    }

    @Test("on the thigh, steps and cadence per day: 3 minutes of walking at 110 steps a minute")
    func thighSteps() throws {
        // 50 Hz, 2026-12-07 08:00 UTC: 2 min sitting, 3 min walking (the thigh swings 15° ± 25° at
        // 110/120 Hz: one stride, two steps, per swing), 2 min standing. Truth: 330 steps.
        var text = "time,x,y,z\n"
        let start = 1_796_630_400.0
        for i in 0..<(7 * 60 * 50) {
            let t = Double(i) / 50
            let (x, z): (Double, Double)
            switch t {
            case ..<120: (x, z) = (0.05, 0.99)
            case ..<300:
                let theta = (15 + 25 * sin(2 * Double.pi * 110 / 120 * (t - 120))) * Double.pi / 180
                (x, z) = (cos(theta), sin(theta))
            default: (x, z) = (0.99, 0.08)
            }
            text += "\(start + t),\(x),0.02,\(z)\n"
        }
        let path = try file(text, "walk.csv")
        let json = try CLI.runArray(["analyze", path, "--tz", "UTC", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let files = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let day = try #require((files.first?["days"] as? [[String: Any]])?.first)
        let steps = try #require(day["steps"] as? [String: Any])
        let counted = try #require(steps["steps"] as? Int)
        #expect(abs(counted - 330) <= 7, "\(counted) steps")  // within 2 %
        let cadence = try #require(steps["cadence"] as? Double)
        #expect(abs(cadence - 110) <= 2.2, "cadence \(cadence)")
        #expect(day["intensity"] == nil)
        let csv = try CLI.runArray(["analyze", path, "--tz", "UTC", "--csv"])
        let lines = csv.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let column = try #require(lines[0].firstIndex(of: "steps"))
        #expect(lines[1][column] == "\(counted)")
    }

    @Test("an Apple Health export gives an hourly upright/sedentary picture per day")
    func appleHealth() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <HealthData locale="en_GB">
             <Record type="HKCategoryTypeIdentifierAppleStandHour" sourceName="Watch"
               startDate="2026-12-07 09:00:00 +0100" endDate="2026-12-07 10:00:00 +0100"
                 value="HKCategoryValueAppleStandHourStood"/>
             <Record type="HKCategoryTypeIdentifierAppleStandHour" sourceName="Watch"
               startDate="2026-12-07 10:00:00 +0100" endDate="2026-12-07 11:00:00 +0100"
                 value="HKCategoryValueAppleStandHourIdle"/>
             <Record type="HKCategoryTypeIdentifierAppleStandHour" sourceName="Watch"
               startDate="2026-12-07 11:00:00 +0100" endDate="2026-12-07 12:00:00 +0100"
                 value="HKCategoryValueAppleStandHourIdle"/>
             <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Phone" unit="count"
               startDate="2026-12-07 11:10:00 +0100" endDate="2026-12-07 11:20:00 +0100" value="900"/>
             <Record type="HKQuantityTypeIdentifierAppleStandTime" sourceName="Watch" unit="min"
               startDate="2026-12-07 09:05:00 +0100" endDate="2026-12-07 09:09:00 +0100" value="4"/>
            </HealthData>
            """
        let path = try file(xml, "export.xml")
        let result = try CLI.runArray(["analyze", path, "--tz", "Europe/Berlin", "--csv"])
        #expect(result.status == 0, "\(result.stderr)")
        // 09:00 stood, 10:00 idle with no steps (sedentary), 11:00 idle but 900 steps (upright).
        #expect(
            result.stdout
                == "file,date,hours_with_data,upright_hours,sedentary_hours,steps,stand_min\n"
                + "\"\(path)\",2026-12-07,3,2,1,900,4\n"
        )
        // Hours are not postures: import says so instead of inventing sitting bouts.
        let db = try CLI.temporaryDirectory().appendingPathComponent("h.sqlite").path
        let imported = try CLI.runArray(["import", path], environment: ["SITLESS_DB": db, "SITLESS_USER": "ana"])
        #expect(imported.status == 1)
        #expect(
            imported.stderr.contains(
                "export.xml: not a supported file: an Apple Health export has hourly stand and step counts, not "
                    + "postures"
            ), "\(imported.stderr)")
    }

    @Test("a folder or a named pipe is refused by analyze, counts and import instead of trapping or blocking")
    func notRegularFiles() throws {
        let dir = try CLI.temporaryDirectory()
        let folder = dir.appendingPathComponent("recordings")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let refused = "Error: recordings: cannot be read: it is a folder, not a file\n"
        let analyzed = try CLI.runArray(["analyze", folder.path])
        #expect(analyzed.status == 1)
        #expect(analyzed.stderr == refused)
        let counted = try CLI.runArray(["counts", folder.path])
        #expect(counted.status == 1)
        #expect(counted.stderr == refused)
        let db = dir.appendingPathComponent("s.sqlite").path
        let imported = try CLI.runArray(
            ["import", folder.path], environment: ["SITLESS_DB": db, "SITLESS_USER": "ana"])
        #expect(imported.status == 1)
        #expect(imported.stderr == refused)
        let fifo = dir.appendingPathComponent("pipe.csv")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let piped = try CLI.runArray(["analyze", fifo.path])
        #expect(piped.status == 1)
        #expect(piped.stderr == "Error: pipe.csv: cannot be read: it is a named pipe (FIFO), not a regular file\n")
    }

    @Test("an event ending at 1e308 is refused by import, with the line and the accepted range; nothing is stored")
    func importFarFuture() throws {
        let db = try CLI.temporaryDirectory().appendingPathComponent("f.sqlite").path
        let env = ["SITLESS_DB": db, "SITLESS_USER": "ana", "SITLESS_NOW": "2026-12-07T20:00:00+01:00"]
        #expect(try CLI.runArray(["coach", "--tz", "Europe/Berlin"], environment: env).status == 0)
        let far = try file("Time,Interval (s),ActivityCode\n46363.375,60,0\n46363.5,1e308,0\n", "far.csv")
        let refused = try CLI.runArray(["import", far], environment: env)
        #expect(refused.status == 1)
        #expect(
            refused.stderr
                == "Error: far.csv, line 3: a duration of '1e308' s ends the event outside the accepted range "
                + "between 2000-01-01 and 2100-01-01\n"
        )
        let today = try CLI.runArray(["today", "--json"], environment: env)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(today.stdout.utf8)) as? [String: Any])
        #expect(json["sittingMinutes"] as? Double == 0)
    }

    @Test("unknown files say what they look like and what SitLess reads; junk is quoted short and escaped")
    func unknownFiles() throws {
        let empty = try file("", "empty.csv")
        let result = try CLI.runArray(["analyze", empty])
        #expect(result.status == 1)
        #expect(
            result.stderr.hasPrefix(
                "Error: empty.csv: not a supported file: the file looks like an empty file, not a wearable export. "
                    + "SitLess reads activPAL"
            ))
        let junk = try file(
            "Time,Interval (s),ActivityCode\n\u{1B}[2J" + String(repeating: "\u{7}", count: 300) + ",60,0\n", "junk.csv"
        )
        let escaped = try CLI.runArray(["analyze", junk])
        #expect(escaped.status == 1)
        #expect(escaped.stderr.hasPrefix("Error: junk.csv, line 2: '\\u{1B}[2J\\u{7}"))
        #expect(!escaped.stderr.dropLast().unicodeScalars.contains { $0.value < 0x20 })
        #expect(escaped.stderr.count < 40 * 8 + 100)  // 40 characters of the line, each escape at most 8 long
    }

    @Test("Apple Health steps of Infinity, NaN or 1e309 are skipped with a warning, not a trap")
    func appleHealthNonFinite() throws {
        let records = ["Infinity", "NaN", "1e309"].enumerated().map { i, value in
            "<Record type=\"HKQuantityTypeIdentifierStepCount\" sourceName=\"Phone\" startDate=\"2026-12-07 "
                + "1\(i):00:00 +0100\" endDate=\"2026-12-07 1\(i):10:00 +0100\" value=\"\(value)\"/>"
        }
        let xml =
            "<?xml version=\"1.0\"?>\n<HealthData>\n" + records.joined(separator: "\n")
            + "\n<Record type=\"HKQuantityTypeIdentifierStepCount\" sourceName=\"Phone\" startDate=\"2026-12-07 "
            + "14:00:00 +0100\" endDate=\"2026-12-07 14:10:00 +0100\" value=\"300\"/>\n</HealthData>\n"
        let path = try file(xml, "steps.xml")
        let result = try CLI.runArray(["analyze", path, "--tz", "Europe/Berlin"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.contains(
                "warning: line 3: a HKQuantityTypeIdentifierStepCount record with the value 'Infinity' (not a number "
                    + "from 0 to 1000000) was skipped"
            ))
        #expect(
            result.stdout.contains(
                "warning: line 5: a HKQuantityTypeIdentifierStepCount record with the value '1e309' (not a number "
                    + "from 0 to 1000000) was skipped"
            ))
        let csv = try CLI.runArray(["analyze", path, "--tz", "Europe/Berlin", "--csv"])
        #expect(
            csv.stdout
                == "file,date,hours_with_data,upright_hours,sedentary_hours,steps,stand_min\n"
                + "\"\(path)\",2026-12-07,1,1,0,300,0\n"
        )
    }

    @Test("each day is summed up from the bouts that touch it: a run across midnight, a quiet day in between")
    func daysFromTheirOwnBouts() throws {
        // 2026-12-07 23:00 UTC sitting 2 h, 2026-12-08 01:00 standing 10 min, 2026-12-10 12:00 sitting 10 min.
        let text =
            "Time,Interval (s),ActivityCode\n46363.958333333333,7200,0\n46364.041666666667,600,1\n46366.5,600,0\n"
        let path = try file(text, "nights.csv")
        let result = try CLI.runArray(["analyze", path, "--tz", "UTC", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let files = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let days = try #require(files.first?["days"] as? [[String: Any]])
        #expect(days.map { $0["date"] as? String } == ["2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10"])
        #expect(days.map { $0["sittingMinutes"] as? Double } == [60, 60, 0, 10])
        #expect(days.map { $0["standingMinutes"] as? Double } == [0, 10, 0, 0])
        #expect(days[0]["posture"] as? String == "sitting")
        #expect((days[0]["postureSince"] as? String)?.hasPrefix("2026-12-07T23:00:00") == true)
        #expect(days[1]["posture"] as? String == "unknown")
        #expect((days[1]["postureSince"] as? String)?.hasPrefix("2026-12-08T01:10:00") == true)
        // The quiet day still knows when the last posture ended.
        #expect((days[2]["postureSince"] as? String)?.hasPrefix("2026-12-08T01:10:00") == true)
    }
}
