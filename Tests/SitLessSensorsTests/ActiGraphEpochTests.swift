import Foundation
import SitLessCore
import Testing

@testable import SitLessSensors

@Suite("ActiGraph epoch CSV, timestamped CSV and unknown files")
struct ActiGraphEpochTests {
    let utc = TimeZone(identifier: "UTC")!

    static func header(
        epoch: String = "00:00:15", mode: Int = 13, date: String = "8/26/2013", format: String = "M/d/yyyy"
    ) -> String {
        """
        --- Data File Created By ActiGraph wGT3XPlus ActiLife v6.10.2 date format \(format) Filter Normal ---,,,
        Serial Number: CLE2A2123456,,,
        Start Time 09:00:00,,,
        Start Date \(date),,,
        Epoch Period (hh:mm:ss) \(epoch),,,
        Download Time 12:54:04,,,
        Download Date 9/3/2013,,,
        Current Memory Address: 0,,,
        Current Battery Voltage: 4.03     Mode = \(mode),,,
        --------------------------------------------------,,,

        """
    }

    func minutes(_ recording: WearableRecording, _ posture: Posture) -> Double {
        recording.bouts.filter { $0.posture == posture }.reduce(0) { $0 + $1.duration } / 60
    }

    @Test("15 s epochs of known counts: sedentary below 100 per minute, i.e. below 25 per 15 s (Troiano 2008)")
    func counts() throws {
        // axis1 counts 0, 24 (sedentary), 25, 100 (active), then 10 sedentary:
        // 1.5 min sitting in all, 0.5 min stepping.
        let rows = ["0,5,5,0", "24,0,0,0", "25,0,0,1", "100,3,3,2"] + Array(repeating: "10,0,0,0", count: 4)
        let url = try SampleFiles.write(Self.header() + rows.joined(separator: "\n") + "\n", name: "epochs.csv")
        #expect(ActiGraphEpochCSV.isEpochCSV(try SensorFile.head(url)))
        let recording = try WearableFile.read(url: url, zone: utc)
        #expect(recording.count == 8)
        #expect(minutes(recording, .sitting) == 1.5 && minutes(recording, .stepping) == 0.5)
        // 2013-08-26 09:00:00 UTC
        #expect(recording.bouts.first?.start == Date(timeIntervalSince1970: 1_377_507_600))
        #expect(recording.bouts.map(\.posture) == [.sitting, .stepping, .sitting])
        // Per minute, x y z (axis 2, axis 1, axis 3): 5 + 3 = 8, 0 + 24 + 25 + 100 = 149, 8; then 0, 4 × 10, 0.
        #expect(recording.counts?.epochs == [[8, 149, 8], [0, 40, 0]])
        #expect(recording.format.contains("15 s epochs") && recording.format.contains("Troiano 2008"))
    }

    @Test("mode 61: the inclinometer's seconds give the posture, and the format says so")
    func inclinometer() throws {
        // axis1..3, steps, lux, off, standing, sitting, lying; 5 s epochs (active from 100 × 5 / 60 = 8.33 counts).
        let rows = [
            "0,0,0,0,0,0,0,5,0", "3,0,0,0,0,0,1,4,0", "300,0,0,2,0,0,5,0,0", "0,0,0,0,0,0,5,0,0",
            "0,0,0,0,0,0,0,0,5", "0,0,0,0,0,5,0,0,0",
        ]
        let url = try SampleFiles.write(
            Self.header(epoch: "00:00:05", mode: 61) + rows.joined(separator: "\n") + "\n", name: "m61.csv")
        let recording = try WearableFile.read(url: url, zone: utc)
        #expect(recording.bouts.map(\.posture) == [.sitting, .stepping, .standing, .lying, .nonWear])
        #expect(recording.bouts[0].duration == 10)
        #expect(recording.format.contains("posture from the device's inclinometer"))
    }

    @Test("column names and ISO time stamps; a bad count is named by its line")
    func named() throws {
        let text =
            Self.header(epoch: "00:00:01", date: "09-12-2013", format: "dd/MM/yyyy")
            + "TimeStamp,axis1,axis2,axis3,steps,vm\n2013-09-12T15:00:00Z,0,0,0,0,0\n2013-09-12T15:00:01Z,44,9,0,0,45\n"
        let recording = try WearableFile.read(url: try SampleFiles.write(text, name: "named.csv"), zone: utc)
        #expect(recording.bouts.first?.start == Date(timeIntervalSince1970: 1_378_998_000))
        #expect(recording.bouts.map(\.posture) == [.sitting, .stepping])
        let bad = Self.header() + "0,0,0,0\nmany,0,0,0\n"
        #expect(
            throws: SensorError.badLine(file: "bad.csv", line: 12, reason: "the axis 1 count 'many' is not a number")
        ) {
            try WearableFile.read(url: try SampleFiles.write(bad, name: "bad.csv"), zone: utc)
        }
    }

    @Test("header-less time,x,y,z: Unix seconds, and GGIR's zone-less times read in the device's zone")
    func headerless() throws {
        var times: [Double] = []
        let unix = try SampleFiles.write(
            "1551178506.0000,0.328125,0.984375,0.203125\r\n1551178506.0100,0.8,-0.3,-0.3\r\n", name: "u.csv")
        let report = try WearableFile.readSamples(url: unix, zone: utc) { times += $0.times }
        #expect(report.samples == 2 && times == [1_551_178_506, 1_551_178_506.01])
        times = []
        let naive = try SampleFiles.write(
            "2019-12-23 21:04:06.690,0.007324,0.071289,0.008789,0.27,-0.50,15.7\n", name: "n.csv")
        _ = try WearableFile.readSamples(url: naive, zone: TimeZone(identifier: "Europe/Berlin")!) { times += $0.times }
        // 21:04:06.690 in Berlin (UTC+1 in December) is 20:04:06.690 UTC.
        #expect(abs(times[0] - 1_577_131_446.69) < 1e-6)
    }

    @Test("Apple Health excerpts without a prolog are recognised; unknown files say what they look like")
    func recognition() throws {
        #expect(WearableFile.isAppleHealth(Data("<HealthData locale=\"en_US\">\n <ExportDate".utf8)))
        var zip = Data([0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 22) + [8, 0, 0, 0])
        zip.append(Data("info.txt".utf8))
        #expect(
            SensorFile.describe(zip)
                == "a zip archive with info.txt but no log.bin or activity.bin (an ActiGraph .gt3x holds both)")
        let url = try SampleFiles.write("participant,minutes\nP1,30\n", name: "other.csv")
        do {
            _ = try WearableFile.read(url: url, zone: utc)
            Issue.record("an unknown CSV was read")
        } catch let error as SensorError {
            #expect(
                error.description.contains("a CSV with columns participant,minutes")
                    && error.description.contains("GENEActiv .bin"))
        }
    }
}

@Suite("ActiLife .agd reader")
struct AGDReaderTests {
    /// Fuzz/corpus/agd/incline-5s.agd, written by Fuzz/make_seeds.py: 5 s epochs from
    /// 2023-06-13 08:34:00 (.NET ticks 638222420400000000); rows (axis1, axis2, axis3, ..., off,
    /// standing, sitting, lying) = (171, 92, 261, ..., 0, 5, 0, 0), (0, ..., 0, 0, 5, 0), (0, ..., 5, 0, 0, 0).
    static let seed = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Fuzz/corpus/agd/incline-5s.agd").standardized

    @Test("inclinometer rows become stepping (standing with 171 counts), sitting and non-wear; counts per minute")
    func seedFile() throws {
        let recording = try WearableFile.read(url: Self.seed, zone: TimeZone(identifier: "UTC")!)
        #expect(recording.bouts.map(\.posture) == [.stepping, .sitting, .nonWear])
        // 2023-06-13 08:34:00 UTC
        #expect(recording.bouts.first?.start == Date(timeIntervalSince1970: 1_686_645_240))
        #expect(recording.bouts.last?.end == Date(timeIntervalSince1970: 1_686_645_255))
        #expect(recording.counts?.epochs == [[92, 171, 261]])
        #expect(recording.format.hasPrefix("ActiGraph .agd, 5 s epochs; posture from the device's inclinometer"))
    }

    @Test("an SQLite header over junk is a SensorError naming the file, not a crash")
    func notAGD() throws {
        var junk = Data("SQLite format 3\0".utf8)
        junk.append(Data(repeating: 0x41, count: 600))
        let url = try SampleFiles.write("", name: "junk.agd")
        try junk.write(to: url)
        do {
            _ = try WearableFile.read(url: url, zone: TimeZone(identifier: "UTC")!)
            Issue.record("junk was read as an .agd")
        } catch let error as SensorError {
            #expect(error.description.hasPrefix("junk.agd"))
        }
    }
}
