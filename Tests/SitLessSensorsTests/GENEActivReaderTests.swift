import Foundation
import SitLessCore
import Testing

@testable import SitLessSensors

@Suite("GENEActiv .bin reader")
struct GENEActivReaderTests {
    /// A header of 13 lines: calibration x gain 25600 offset 2560, y gain 25600 offset 0,
    /// z gain 12800 offset -1280. A page starts on line 14; its hex line is line 23.
    static func header(pages: Int = 1) -> [String] {
        [
            "Device Identity", "Device Type:GENEActiv", "Calibration Data", "x gain:25600", "x offset:2560",
            "y gain:25600", "y offset:0", "z gain:12800", "z offset:-1280", "Volts:300", "Lux:800", "Memory Status",
            "Number of Pages:\(pages)",
        ]
    }

    static func page(time: String, rate: String = "100", hex: String) -> [String] {
        [
            "Recorded Data", "Device Unique Serial Code:012345", "Sequence Number:0", "Page Time:\(time)",
            "Unassigned:",
            "Temperature:25.0", "Battery voltage:4.0", "Device Status:Recording", "Measurement Frequency:\(rate)", hex,
        ]
    }

    /// Every sample "100F00080000": x = 0x100 = 256, y = 0xF00 = 3840 - 4096 = -256,
    /// z = 0x080 = 128, then light and button 0.
    static let sameSample = String(repeating: "100F00080000", count: 300)

    func write(_ lines: [String], name: String = "test.bin") throws -> URL {
        try SampleFiles.write(lines.joined(separator: "\r\n") + "\r\n", name: name)
    }

    func read(_ url: URL) throws -> ([SampleBlock], RecordingReport) {
        var blocks: [SampleBlock] = []
        let report = try GENEActivReader.read(url: url) { blocks.append($0) }
        return (blocks, report)
    }

    @Test("a page of known hex gives (raw × 100 − offset) / gain and times page time + i / rate")
    func workedPage() throws {
        let url = try write(Self.header() + Self.page(time: "2024-03-01 12:00:00:500", hex: Self.sameSample))
        #expect(GENEActivReader.isGENEActiv(try SensorFile.head(url)))
        let (blocks, report) = try read(url)
        #expect(report.samples == 300 && report.blocks == 1 && report.sampleRate == 100)
        let b = blocks[0]
        // x: (256 × 100 − 2560) / 25600 = 0.9; y: (−256 × 100 − 0) / 25600 = −1;
        // z: (128 × 100 + 1280) / 12800 = 1.1
        #expect(abs(b.x[0] - 0.9) < 1e-12 && b.y[0] == -1 && abs(b.z[0] - 1.1) < 1e-12)
        // 2024-03-01 12:00:00.500 read as UTC is 1709294400.5 s after 1970.
        #expect(b.times[0] == 1_709_294_400.5)
        #expect(abs(b.times[299] - (1_709_294_400.5 + 2.99)) < 1e-9)
        #expect(report.warnings.isEmpty)
    }

    @Test("lower-case hex and a rate of 85.7 Hz; the next page's time is its own")
    func twoPages() throws {
        let second = String(repeating: "7ff801000000", count: 300)  // x = 2047, y = -2047, z = 0
        let url = try write(
            Self.header(pages: 2) + Self.page(time: "2024-03-01 12:00:00:000", rate: "85.7", hex: Self.sameSample)
                + Self.page(time: "2024-03-01 12:00:03:501", rate: "85.7", hex: second))
        let (blocks, report) = try read(url)
        let times = blocks.flatMap(\.times)
        let x = blocks.flatMap(\.x)
        let y = blocks.flatMap(\.y)
        #expect(report.samples == 600)
        #expect(abs(times[299] - (1_709_294_400 + 299 / 85.7)) < 1e-9)
        #expect(times[300] == 1_709_294_403.501)
        #expect(abs(x[300] - (2047 * 100 - 2560) / 25600.0) < 1e-12 && abs(y[300] - (-2047 * 100) / 25600.0) < 1e-12)
    }

    @Test("a page with a bad hex line is left out and named; a file with no good page is refused")
    func malformed() throws {
        var bad = Self.sameSample
        bad.replaceSubrange(bad.index(bad.startIndex, offsetBy: 5)...bad.index(bad.startIndex, offsetBy: 5), with: "G")
        let url = try write(
            Self.header(pages: 2) + Self.page(time: "2024-03-01 12:00:00:000", hex: bad)
                + Self.page(time: "2024-03-01 12:00:03:000", hex: Self.sameSample))
        let (_, report) = try read(url)
        #expect(report.samples == 300 && report.skippedBlocks == 1)
        #expect(report.warnings.contains { $0.contains("first at line 23: expected 3600 hex digits") })
        let only = try write(Self.header() + Self.page(time: "2024-03-01 12:00:00:000", hex: bad), name: "bad.bin")
        #expect(throws: SensorError.self) { try read(only) }
        do { _ = try read(only) } catch let error as SensorError {
            #expect(error.description.contains("bad.bin") && error.description.contains("line 23"))
        }
    }

    @Test("a missing gain, a page time outside 2000-2100 and a cut-off page are errors or warnings with their line")
    func errors() throws {
        var header = Self.header()
        header.remove(at: 3)  // no "x gain"
        let noGain = try write(
            header + Self.page(time: "2024-03-01 12:00:00:000", hex: Self.sameSample), name: "gain.bin")
        #expect(
            throws: SensorError.badLine(
                file: "gain.bin", line: 13,
                reason: "the header before the first page lacks a 'x gain' of 1 to 10^7 "
                    + "in magnitude and a whole 'x offset' (its Calibration Data)")
        ) { try read(noGain) }
        let old = try write(
            Self.header() + Self.page(time: "1999-12-31 23:59:59:000", hex: Self.sameSample), name: "old.bin")
        #expect(
            throws: SensorError.badLine(
                file: "old.bin", line: 17,
                reason: "the page time '1999-12-31 23:59:59:000' is outside "
                    + "the accepted range between 2000-01-01 and 2100-01-01")
        ) { try read(old) }
        let cut = try write(
            Self.header(pages: 2) + Self.page(time: "2024-03-01 12:00:00:000", hex: Self.sameSample)
                + Array(Self.page(time: "2024-03-01 12:00:03:000", hex: Self.sameSample).prefix(4)), name: "cut.bin")
        let (_, report) = try read(cut)
        #expect(report.samples == 300 && report.truncated)
        #expect(report.warnings.contains("the file ends inside the page at line 24 (4 of 10 lines): it is left out"))
    }

    @Test("the original GENEA (2010) is refused by name")
    func originalGENEA() throws {
        let url = try SampleFiles.write("GENEA/1.00\r\nSerial-Number:01275\r\n", name: "genea.bin")
        #expect(throws: SensorError.unsupported(file: "genea.bin", reason: GENEActivReader.originalGENEAReason)) {
            try WearableFile.read(url: url, zone: TimeZone(identifier: "UTC")!)
        }
    }
}
