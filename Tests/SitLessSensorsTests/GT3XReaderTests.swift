import Foundation
import Testing

@testable import SitLessSensors

@Suite("ActiGraph .gt3x reader")
struct GT3XReaderTests {
    static let noon = Double(GT3XWriter.noon)

    func read(_ url: URL, fill: Bool = false) throws -> (RecordingReport, [SampleBlock]) {
        var blocks: [SampleBlock] = []
        let report = try GT3XReader.read(url: url, fillIdleSleep: fill) { blocks.append($0) }
        return (report, blocks)
    }

    /// Raw values over a scale, in g (typed here: array literals of quotients overwhelm the type checker).
    func g(_ raw: [Double], _ scale: Double) -> [Double] { raw.map { $0 / scale } }

    /// Times `offsets` seconds after noon.
    func after(_ offsets: [Double]) -> [Double] { offsets.map { Self.noon + $0 } }

    /// Samples of every block, joined.
    func joined(_ blocks: [SampleBlock]) -> SampleBlock {
        blocks.reduce(into: SampleBlock()) { all, b in
            all.times += b.times
            all.x += b.x
            all.y += b.y
            all.z += b.z
        }
    }

    /// `seconds` one-second records from `start`, sample (i, -i, 2i) + second × 100 in raw units.
    func seconds(_ type: UInt8, _ range: Range<Int>, rate: Int, start: UInt32 = GT3XWriter.noon) -> [UInt8] {
        range.flatMap { s -> [UInt8] in
            let samples = (0..<rate).map { i in (i + s * 100, -i, 2 * i) }
            let payload = type == 0x1A ? GT3XWriter.activity2(samples) : GT3XWriter.activity(samples)
            return GT3XWriter.record(type, start + UInt32(s), payload)
        }
    }

    @Test("ACTIVITY: the format document's 14-byte example gives its 3 samples, y x z order, /341")
    func activityExample() throws {
        let payload: [UInt8] = [0x00, 0x60, 0x08, 0xEB, 0xD0, 0x07, 0x00, 0x9E, 0xBF, 0x00, 0x70, 0x08, 0xEB, 0xF0]
        let url = try GT3XWriter.file(
            info: GT3XWriter.info(serial: "NEO1C16110020", scale: nil),
            log: GT3XWriter.record(0x00, GT3XWriter.noon, payload))
        let (report, blocks) = try read(url)
        #expect(report.samples == 3)
        let b = try #require(blocks.first)
        #expect(b.x == g([8, 9, 8], 341))
        #expect(b.y == g([6, 7, 7], 341))
        #expect(b.z == g([-323, -321, -321], 341))
        #expect(b.times == after([0, 1.0 / 30, 2.0 / 30]))
    }

    @Test("12-bit and 16-bit extremes: 0x7FF, 0x800, 0x7FFF, 0x8000 in g")
    func extremes() throws {
        let log =
            GT3XWriter.record(0x00, GT3XWriter.noon, GT3XWriter.activity([(-2048, 2047, -1), (1, 0, 0)]))
            + GT3XWriter.record(0x1A, GT3XWriter.noon + 1, GT3XWriter.activity2([(32767, -32768, -1)]))
        let url = try GT3XWriter.file(info: GT3XWriter.info(scale: "341"), log: log)
        let b = joined(try read(url).1)
        #expect(b.count == 3)
        #expect(b.y[0] == 6.002932551319648)  // 2047 / 341
        #expect(b.x[0] == -6.005865102639296)  // -2048 / 341
        #expect(b.z[0] == -1.0 / 341)
        #expect([b.x[2], b.y[2]] == g([32767, -32768], 341))
    }

    @Test("ACTIVITY2: the document's samples (48, -52, 322) at 256 LSB/g; PARAMETERS' scale wins over info.txt")
    func activity2Scale() throws {
        let samples = [(0, 0, 0), (48, -52, 322)]
        // info.txt says 341; the PARAMETERS record says 256 and is used from there on.
        let log =
            GT3XWriter.record(0x1A, GT3XWriter.noon, GT3XWriter.activity2(samples))
            + GT3XWriter.record(0x15, GT3XWriter.noon, GT3XWriter.parameters(scale: 256))
            + GT3XWriter.record(0x1A, GT3XWriter.noon + 1, GT3XWriter.activity2(samples))
        #expect(GT3XWriter.encodeParameter(256) == 0x0940_0000)
        #expect(GT3XLog.decodeParameter(0x0940_0000) == 256)
        #expect(GT3XLog.decodeParameter(GT3XWriter.encodeParameter(341)) == 341)
        let url = try GT3XWriter.file(info: GT3XWriter.info(rate: 2, scale: "341.0"), log: log)
        let (report, blocks) = try read(url)
        let b = joined(blocks)
        #expect(report.sampleRate == 2 && report.samples == 4)
        #expect(b.x[1] == 48.0 / 341)
        #expect([b.x[3], b.y[3], b.z[3]] == [0.1875, -0.203125, 1.2578125])
        #expect(b.times == after([0, 0.5, 1, 1.5]))
    }

    @Test("both record types round-trip at 30, 60 and 100 Hz with times second + i/rate", arguments: [30, 60, 100])
    func rates(rate: Int) throws {
        for type: UInt8 in [0x00, 0x1A] {
            let url = try GT3XWriter.file(info: GT3XWriter.info(rate: rate), log: seconds(type, 0..<5, rate: rate))
            let (report, blocks) = try read(url)
            #expect(report.samples == 5 * rate && report.sequenceBreaks == 0 && report.warnings.isEmpty)
            let b = joined(blocks)
            #expect(b.count == 5 * rate)
            let k = 3 * rate + 7  // second 3, sample 7
            #expect(b.times[k] == Self.noon + 3 + 7.0 / Double(rate))
            #expect([b.x[k], b.y[k], b.z[k]] == g([307, -7, 14], 256))
        }
    }

    /// Seconds 0-9, asleep at 10 (no records), awake at 20, seconds 20-24.
    func sleepyLog(rate: Int) -> [UInt8] {
        seconds(0x1A, 0..<10, rate: rate) + GT3XWriter.record(0x03, GT3XWriter.noon + 10, [0x08])
            + GT3XWriter.record(0x03, GT3XWriter.noon + 20, [0x09]) + seconds(0x1A, 20..<25, rate: rate)
    }

    @Test("idle sleep is a gap by default: two runs, no sequence break, the sleep counted")
    func idleSleepGap() throws {
        let (report, blocks) = try read(try GT3XWriter.file(log: sleepyLog(rate: 30)))
        #expect(report.samples == 15 * 30)
        #expect(report.sequenceBreaks == 0)
        #expect(blocks.count == 2)
        #expect(blocks[0].times.last == Self.noon + 9 + 29.0 / 30)
        #expect(blocks[1].times.first == Self.noon + 20)
        #expect(report.warnings.contains { $0.hasPrefix("idle sleep mode: 1 times, 10 s without samples") })
    }

    @Test("idle sleep filled on request: seconds 10-19 hold the last sample, as pygt3x fills them")
    func idleSleepFilled() throws {
        let (report, blocks) = try read(try GT3XWriter.file(log: sleepyLog(rate: 30)), fill: true)
        let b = joined(blocks)
        #expect(report.samples == 25 * 30 && b.count == 25 * 30)
        // The last sample of second 9 is (29 + 900, -29, 58) raw.
        for k in [300, 450, 599] {
            #expect([b.x[k], b.y[k], b.z[k]] == g([929, -29, 58], 256))
        }
        #expect(b.times[300] == Self.noon + 10)
        #expect(b.times[599] == Self.noon + 19 + 29.0 / 30)
        #expect(b.x[600] == 2000.0 / 256)
        #expect(b.times[600] == Self.noon + 20)
        #expect(zip(b.times, b.times.dropFirst()).allSatisfy { $1 > $0 })
    }

    @Test("a gap without idle sleep is a sequence break naming the byte and the seconds")
    func plainGap() throws {
        let log = seconds(0x1A, 0..<2, rate: 10) + seconds(0x1A, 5..<6, rate: 10)
        let (report, blocks) = try read(try GT3XWriter.file(info: GT3XWriter.info(rate: 10), log: log), fill: true)
        #expect(report.sequenceBreaks == 1 && report.samples == 30 && blocks.count == 2)
        // Two records of 8 + 60 + 1 bytes come first.
        #expect(
            report.warnings.contains(
                "log.bin byte 138: no samples from second \(GT3XWriter.noon + 2) to "
                    + "\(GT3XWriter.noon + 4) (3 s)"))
    }

    @Test("a record with a bad checksum is skipped; zero padding between records is not an error")
    func badChecksum() throws {
        var log = seconds(0x1A, 0..<3, rate: 10)
        log[69 + 8] ^= 0x01  // first payload byte of the second record
        log = Array(log[0..<69]) + [0, 0, 0] + Array(log[69...])
        let (report, blocks) = try read(try GT3XWriter.file(info: GT3XWriter.info(rate: 10), log: log))
        #expect(report.skippedBlocks == 1 && report.samples == 20 && report.sequenceBreaks == 1)
        #expect(report.warnings.first == "log.bin byte 72: record of type 26 skipped: its checksum does not match")
        #expect(blocks.count == 2)
    }

    @Test("a byte where a record must start is a SensorError with its log.bin offset")
    func lostFraming() throws {
        var log = seconds(0x1A, 0..<3, rate: 10)
        log[138] = 0x55
        let reason =
            "expected a record separator (0x1E) and found 0x55: the record before it is corrupt, "
            + "so the records after it cannot be found"
        #expect(throws: SensorError.badByte(file: "test.gt3x (log.bin)", offset: 138, reason: reason)) {
            _ = try read(try GT3XWriter.file(info: GT3XWriter.info(rate: 10), log: log))
        }
    }

    @Test("log.bin cut inside a record: the records before it, truncated, the offset in the warning")
    func truncatedLog() throws {
        let log = seconds(0x1A, 0..<3, rate: 10)
        let (report, _) = try read(try GT3XWriter.file(info: GT3XWriter.info(rate: 10), log: Array(log.dropLast(20))))
        #expect(report.truncated && report.samples == 20)
        #expect(
            report.warnings.first == "log.bin byte 138: the last record is cut short (49 bytes); "
                + "the records before it were kept")
    }

    @Test("a zip without log.bin or activity.bin is refused naming what it holds")
    func foreignZip() throws {
        let url = try GT3XWriter.zip(
            [("export.xml", Array("<HealthData/>".utf8)), ("notes.txt", [65])],
            name: "export.zip")
        #expect(
            throws: SensorError.unsupported(
                file: "export.zip",
                reason: "a zip archive without log.bin or "
                    + "activity.bin, so not an ActiGraph .gt3x; it holds 'export.xml', 'notes.txt' (an Apple Health "
                    + "export: "
                    + "unzip it and give export.xml)")
        ) { _ = try read(url) }
        let damaged = try GT3XWriter.file(log: seconds(0x1A, 0..<3, rate: 30))
        let bytes = try Data(contentsOf: damaged)
        try bytes.prefix(bytes.count - 30).write(to: damaged)
        #expect(throws: SensorError.self) { _ = try read(damaged) }
    }

    @Test("info.txt problems name the line; a missing scale is refused at the first activity record")
    func infoProblems() throws {
        let badRate = GT3XWriter.info().replacingOccurrences(of: "Sample Rate: 30", with: "Sample Rate: fast")
        #expect(
            throws: SensorError.badLine(
                file: "test.gt3x (info.txt)", line: 5,
                reason: "Sample Rate 'fast' is not a sample rate in Hz (1 to 10000)")
        ) {
            _ = try read(try GT3XWriter.file(info: badRate, log: []))
        }
        let unknown = try GT3XWriter.file(
            info: GT3XWriter.info(serial: "XYZ123", scale: nil),
            log: seconds(0x1A, 0..<1, rate: 30))
        #expect(throws: SensorError.self) { _ = try read(unknown) }
    }

    @Test("NHANES layout: activity.bin from Start Date, y x z, a trailing half sample ignored")
    func nhanes() throws {
        // 3 samples = 108 bits = 13.5 bytes, written as 14: the last nibble is padding.
        let samples = [(1, 2, 3), (-1, -2047, 2047), (341, -341, 0)]
        let info = GT3XWriter.info(rate: 40, serial: "NEO1B34100019", scale: nil, timeZone: nil)
        let url = try GT3XWriter.zip([
            ("info.txt", Array(info.utf8)), ("activity.bin", GT3XWriter.activity(samples)),
            ("lux.bin", [0, 0]),
        ])
        let (report, blocks) = try read(url)
        let b = joined(blocks)
        #expect(report.format == "ActiGraph wGT3XBT .gt3x, serial NEO1B34100019 (NHANES layout)")
        #expect(report.samples == 3)
        #expect(b.x == g([1, -1, 341], 341))
        #expect(b.y == g([2, -2047, -341], 341))
        #expect(b.z == g([3, 2047, 0], 341))
        #expect(b.times == after([0, 1.0 / 40, 2.0 / 40]))
    }

    @Test("WearableFile: a .gt3x moves to UTC with info.txt's TimeZone, else with the given zone")
    func utc() throws {
        let log = seconds(0x1A, 0..<1, rate: 30)
        let summer = try #require(TimeZone(identifier: "Europe/Berlin"))
        var times: [Double] = []
        let withZone = try GT3XWriter.file(info: GT3XWriter.info(timeZone: "-05:00:00"), log: log)
        let report = try WearableFile.readSamples(url: withZone, zone: summer) { times += $0.times }
        #expect(times.first == Self.noon + 5 * 3600)
        #expect(report.warnings.contains("times moved to UTC with the device's time zone from info.txt (UTC-05:00)"))
        times = []
        let without = try GT3XWriter.file(info: GT3XWriter.info(timeZone: nil), log: log)
        _ = try WearableFile.readSamples(url: without, zone: summer) { times += $0.times }
        #expect(times.first == Self.noon - 3600)  // 1 March: Berlin is UTC+1
        #expect(WearableFile.isRaw(try SensorFile.head(without)))
        #expect(GT3XReader.utcOffset("02:00:00") == 7200 && GT3XReader.utcOffset("+05:30") == 19800)
        #expect(GT3XReader.utcOffset("25:00:00") == nil && GT3XReader.utcOffset("-5") == nil)
    }
}
