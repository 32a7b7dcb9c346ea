import Foundation
import SitLessCore
import Testing

@testable import SitLessSensors

enum SampleFiles {
    static func write(_ text: String, name: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sitless-sensors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }
}

@Suite("activPAL reader")
struct ActivPALReaderTests {
    let berlin = TimeZone(identifier: "Europe/Berlin")!

    func clock(_ day: String, _ time: String) -> Date {
        let p = time.split(separator: ":").map { Int($0)! }
        return LocalDate(iso: day)!.instant(hour: p[0], minute: p[1], in: berlin).addingTimeInterval(
            TimeInterval(p.count > 2 ? p[2] : 0))
    }

    /// 46363 is 2026-12-07 (Excel serial days since 1899-12-30); 0.375 is 09:00.
    static let events = """
        "Time","DataCount (samples)","Interval (s)","ActivityCode (0=sedentary 1=standing 2=stepping)",\
        "CumulativeStepCount","Activity Score (MET.h)"
        46363.375,0,3000,0,0,1.25
        46363.40972222222,30000,300,1,0,0.11
        46363.41319444445,33000,600,2,620,0.35
        46363.42013888889,39000,1200,0,620,0.41
        46363.43402777778,51000,300,2.1,620,0.2
        46363.4375,54000,1800,3.1,620,0.5
        46363.45833333334,72000,600,4,620,0
        46363.46527777778,78000,900,5,620,0.3
        """

    @Test("classic Events CSV: codes map to postures, Excel times to local clock times")
    func classic() throws {
        let url = try SampleFiles.write(Self.events, name: "events.csv")
        let result = try ActivPALReader.read(url: url, zone: berlin)
        #expect(result.format == "activPAL Events")
        #expect(result.events == 8)
        let summary = result.bouts.map { "\($0.posture.rawValue) \(Int($0.duration / 60))" }
        // 09:00 sitting 50 min, standing 5, stepping 10, sitting 20, cycling 5 (stepping), lying 30, non-wear
        // 10, transport 15 (sitting)
        #expect(
            summary == [
                "sitting 50", "standing 5", "stepping 10", "sitting 20", "stepping 5", "lying 30", "non-wear 10",
                "sitting 15",
            ])
        #expect(result.bouts[0].start == clock("2026-12-07", "09:00"))
        #expect(result.bouts[1].start == clock("2026-12-07", "09:50"))
        #expect(result.bouts.allSatisfy { $0.source == .wearable })
        // Through the metrics: 85 min sitting, 2 breaks (09:50 to standing, 10:20 to cycling), 30 min lying.
        let m = SedentaryMetrics(
            timeline: PostureTimeline(merging: result.bouts), from: clock("2026-12-07", "00:00"),
            to: clock("2026-12-07", "23:59"))
        #expect(m.sittingSeconds == 85 * 60)
        #expect(m.lyingSeconds == 30 * 60)
        #expect(m.breaks == 2)
        #expect(m.nonWearSeconds == 10 * 60)
    }

    @Test("EventsEx: semicolons, text times, and back-to-back events of one posture join")
    func eventsEx() throws {
        let text = """
            sep=;
            Time(approx);Data Count;Event Type;Duration (s);Waking Day;Cumulative Step Count
            2026-12-07 08:00:00;0;0;1200;1;0
            2026-12-07 08:20:00;12000;0;600;1;0
            2026-12-07 08:30:00;18000;1;60.5;1;0
            2026-12-07 08:31:00.5;18605;2;120;1;180
            """
        let result = try ActivPALReader.read(url: try SampleFiles.write(text, name: "eventsex.csv"), zone: berlin)
        #expect(result.format == "activPAL EventsEx")
        #expect(result.bouts.map(\.posture) == [.sitting, .standing, .stepping])
        #expect(result.bouts[0].duration == 1800)
        #expect(result.bouts[1].duration == 60.5)
    }

    @Test("EventsEx Waking Day: events marked 0 are the time in bed, and the day's sitting is waking sitting")
    func wakingDay() throws {
        let text = """
            sep=;
            Time(approx);Data Count;Event Type;Duration (s);Waking Day;Cumulative Step Count
            2026-12-07 21:00:00;0;0;5400;1;0
            2026-12-07 22:30:00;54000;1;120;1;0
            2026-12-07 22:32:00;55200;0;1680;0;0
            2026-12-07 23:00:00;72000;3.1;25200;0;0
            2026-12-08 06:00:00;324000;2;60;0;40
            2026-12-08 06:01:00;324600;3.2;1740;0;40
            2026-12-08 06:30:00;342000;1;600;1;40
            2026-12-08 06:40:00;348000;0;1200;1;40
            """
        let url = try SampleFiles.write(text, name: "waking.csv")
        let result = try ActivPALReader.read(url: url, zone: berlin)
        // In bed from 22:32 (sitting up in bed, then lying) to 06:30, across a 1-minute trip at 06:00.
        #expect(result.inBed == [DateInterval(start: clock("2026-12-07", "22:32"), end: clock("2026-12-08", "06:30"))])
        #expect(result.inBedMarker == "the file's Waking Day column")
        let recording = try WearableFile.read(url: url, zone: berlin)
        #expect(recording.inBedSource == .file)
        let timeline = PostureTimeline(merging: recording.bouts)
        let monday = SedentaryMetrics(
            timeline: timeline, from: clock("2026-12-07", "00:00"), to: clock("2026-12-08", "00:00"))
        // Monday: 90 min sitting before bed is waking sitting; 22:32-24:00 (88 min) is in bed.
        #expect(monday.sittingSeconds == 90 * 60)
        #expect(monday.inBedSeconds == 88 * 60)
        #expect(monday.lyingSeconds == 0)
        let tuesday = SedentaryMetrics(
            timeline: timeline, from: clock("2026-12-08", "00:00"), to: clock("2026-12-09", "00:00"))
        #expect(tuesday.inBedSeconds == 390 * 60)  // 00:00-06:30
        #expect(tuesday.sittingSeconds == 20 * 60)
        #expect(tuesday.standingSeconds == 10 * 60)
        #expect(tuesday.steppingSeconds == 0)  // the 06:00 step was in bed
        // A Waking Day that is neither 0 nor 1 names its line.
        let bad = text.replacingOccurrences(of: "1680;0;0", with: "1680;x;0")
        #expect(
            throws: SensorError.badLine(
                file: "bad.csv", line: 5, reason: "Waking Day 'x' is not 0 (in bed) or 1 (waking day)")
        ) { try ActivPALReader.read(url: try SampleFiles.write(bad, name: "bad.csv"), zone: berlin) }
    }

    @Test("without markers, the longest sedentary stretch of each night is found as the time in bed")
    func detectedNight() throws {
        // Classic Events: sitting 21:00-23:00, a 10-minute walk, sitting 23:10-07:00, standing 07:00-07:30.
        // 46363 is 2026-12-07; 0.875 is 21:00.
        let text = """
            Time,Interval (s),ActivityCode
            46363.875,7200,0
            46363.958333333336,600,2
            46363.96527777778,28200,0
            46364.291666666664,1800,1
            """
        let recording = try WearableFile.read(url: try SampleFiles.write(text, name: "night.csv"), zone: berlin)
        // One container from 21:00 to 07:00 (the 10-minute walk is a short interruption): 10 h in bed.
        #expect(
            recording.inBed == [DateInterval(start: clock("2026-12-07", "21:00"), end: clock("2026-12-08", "07:00"))])
        #expect(recording.inBedSource == .detected)
        #expect(recording.postureBouts.map(\.posture) == [.sitting, .stepping, .sitting, .standing])
    }

    @Test("a daylight-saving day: 02:00 wall clock after the clocks go back is read as the wall clock")
    func dstDay() throws {
        // 2026-10-25 is serial 46320; 0.125 is 03:00 local (CET, after the change at 03:00 CEST -> 02:00 CET).
        let text = "Time,Interval (s),ActivityCode\n46320.125,3600,0\n"
        let result = try ActivPALReader.read(url: try SampleFiles.write(text, name: "dst.csv"), zone: berlin)
        #expect(result.bouts.first?.start == LocalDate(iso: "2026-10-25")!.instant(hour: 3, minute: 0, in: berlin))
    }

    @Test("bad input names the line; unknown codes are warned about; not activPAL is refused")
    func badInput() throws {
        let badTime = "Time,Interval (s),ActivityCode\n46363.375,60,0\nyesterday,60,1\n"
        #expect(
            throws: SensorError.badLine(
                file: "bad.csv", line: 3,
                reason: "'yesterday' is not a time (an Excel serial date or yyyy-MM-dd HH:mm:ss)")
        ) {
            try ActivPALReader.read(url: try SampleFiles.write(badTime, name: "bad.csv"), zone: berlin)
        }
        let backwards = "Time,Interval (s),ActivityCode\n46363.5,600,0\n46363.375,60,1\n"
        #expect(
            throws: SensorError.badLine(
                file: "order.csv", line: 3,
                reason: "event starts before the previous one ends; events must be in time order")
        ) {
            try ActivPALReader.read(url: try SampleFiles.write(backwards, name: "order.csv"), zone: berlin)
        }
        let unknown = "Time,Interval (s),ActivityCode\n46363.375,60,9\n"
        let result = try ActivPALReader.read(url: try SampleFiles.write(unknown, name: "unknown.csv"), zone: berlin)
        #expect(result.bouts.isEmpty)
        #expect(result.warnings == ["line 2: unknown activity code 9, counted as unknown time"])
        #expect(
            throws: SensorError.unsupported(
                file: "notes.txt",
                reason:
                    "no activPAL header (Time, ActivityCode or Event Type, Interval or Duration) in the first 5 "
                    + "lines; the file looks like text starting 'a'. \(SensorFile.supportedFormats)"
            )
        ) {
            try ActivPALReader.read(url: try SampleFiles.write("a\nb\nc\nd\ne\nf\n", name: "notes.txt"), zone: berlin)
        }
    }
}
