import Foundation
import SitLessCore
import Testing

@testable import SitLessSensors

@Suite("Raw accelerometer CSV")
struct RawCSVReaderTests {
    let berlin = TimeZone(identifier: "Europe/Berlin")!

    @Test("ActiGraph export: rate and start from the header, samples at start + i / rate")
    func actigraph() throws {
        var text = """
            ------------ Data File Created By ActiGraph GT3X+ ActiLife v6.13.3 Firmware v2.5.0 \
            date format M/d/yyyy at 30 Hz  Filter Normal -----------
            Serial Number: NEO1F18120387
            Start Time 09:00:00
            Start Date 12/7/2026
            Epoch Period (hh:mm:ss) 00:00:00
            Download Time 10:12:45
            Download Date 12/8/2026
            Current Memory Address: 0
            Current Battery Voltage: 4.07     Mode = 12
            --------------------------------------------------
            Accelerometer X,Accelerometer Y,Accelerometer Z

            """
        for i in 0..<90 { text += "0.0,\(i % 2 == 0 ? "0.0" : "0.5"),1.0\n" }
        var blocks: [SampleBlock] = []
        let report = try RawCSVReader.read(url: try SampleFiles.write(text, name: "agd.csv"), zone: berlin) {
            blocks.append($0)
        }
        #expect(report.format == "ActiGraph CSV")
        #expect(report.sampleRate == 30)
        #expect(report.samples == 90)
        let start = LocalDate(iso: "2026-12-07")!.instant(hour: 9, minute: 0, in: berlin).timeIntervalSince1970
        #expect(blocks[0].times[0] == start)
        #expect(abs(blocks[0].times[89] - (start + 89.0 / 30)) < 1e-9)
        #expect(blocks[0].y[1] == 0.5)
    }

    @Test("time,x,y,z: ISO or Unix times; bad lines are named")
    func plain() throws {
        let text = "time,x,y,z\n2026-12-07T08:00:00Z,0,0,1\n1796630400.01,0,0,1.2\n"
        var samples = 0
        let report = try RawCSVReader.read(url: try SampleFiles.write(text, name: "p.csv"), zone: berlin) {
            samples += $0.count
        }
        #expect(report.samples == 2 && samples == 2)
        #expect(throws: SensorError.badLine(file: "q.csv", line: 3, reason: "x, y and z must be numbers in g")) {
            try RawCSVReader.read(
                url: try SampleFiles.write("time,x,y,z\n1796630401,0,0,1\n1796630402,0,zero,1\n", name: "q.csv"),
                zone: berlin
            ) { _ in }
        }
        #expect(throws: SensorError.badLine(file: "r.csv", line: 3, reason: "time does not increase")) {
            try RawCSVReader.read(
                url: try SampleFiles.write("time,x,y,z\n1796630402,0,0,1\n1796630401,0,0,1\n", name: "r.csv"),
                zone: berlin
            ) { _ in }
        }
    }

    @Test("ENMO: |a| - 1 g, negatives to zero, averaged per epoch in milli-g")
    func enmo() {
        var enmo = ENMOEpochs(epochSeconds: 1)
        // Second 0: (0,0,1) -> 0; (0,0,1.1) -> 100 mg; (0,0,0.9) -> -100 -> 0  => mean 33.3 mg
        // Second 1: (0.6,0,0.8) -> |a| = 1 -> 0; (0,0,1.3) -> 300 mg     => mean 150 mg
        enmo.add(
            SampleBlock(
                times: [0, 0.3, 0.6, 1.0, 1.5], x: [0, 0, 0, 0.6, 0], y: [0, 0, 0, 0, 0], z: [1, 1.1, 0.9, 0.8, 1.3]))
        enmo.close()
        #expect(enmo.epochs.count == 2)
        #expect(abs(enmo.epochs[0].milliG - 100.0 / 3) < 1e-9)
        #expect(abs(enmo.epochs[1].milliG - 150) < 1e-9)
    }
}
