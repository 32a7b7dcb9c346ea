import Foundation
import Testing

@testable import SitLessSensors

/// A small CWA writer for the tests (OpenMovement layout, see `AxivityReader`): a 1024-byte
/// "MD" header and 512-byte "AX" blocks with a correct checksum unless told otherwise.
enum CWAWriter {
    struct Block {
        var session: UInt32 = 42
        var sequence: UInt32 = 0
        /// Device clock: year, month, day, hour, minute, second.
        var clock: (Int, Int, Int, Int, Int, Int) = (2024, 3, 1, 12, 0, 0)
        /// Fraction of a second in 1/32768 s; nil writes no fraction.
        var fraction: Int? = nil
        var timestampOffset: Int = 0
        var rateCode: UInt8 = 0x4A  // 100 Hz, ±8 g
        var axes = 3
        var packed = true
        /// AX6 accelerometer scale n (unit 1/2^(8+n) g), in light bits 13-15.
        var scale = 0
        /// Accelerometer samples in device units (1/256 g on an AX3).
        var samples: [(Int, Int, Int)] = []
        /// Gyroscope values written before the accelerometer with 6 or 9 axes.
        var gyro: (Int, Int, Int) = (1000, -1000, 77)
    }

    static func header(
        device: Int = 12345, session: UInt32 = 42, rateCode: UInt8 = 0x4A, hardware: UInt8 = 0x17
    ) -> [UInt8] {
        var h = [UInt8](repeating: 0xFF, count: 1024)
        h[0] = 0x4D
        h[1] = 0x44
        put16(&h, 2, 1020)
        h[4] = hardware
        put16(&h, 5, device & 0xFFFF)
        put32(&h, 7, session)
        put16(&h, 11, device >> 16 == 0 ? 0xFFFF : device >> 16)
        h[36] = rateCode
        return h
    }

    static func packedTime(_ c: (Int, Int, Int, Int, Int, Int)) -> UInt32 {
        UInt32(c.0 - 2000) << 26 | UInt32(c.1) << 22 | UInt32(c.2) << 17 | UInt32(c.3) << 12 | UInt32(c.4) << 6
            | UInt32(c.5)
    }

    /// One packed sample: the smallest exponent that fits each value in 10 signed bits.
    static func pack(_ s: (Int, Int, Int)) -> UInt32 {
        for e in 0...3 {
            let v = [s.0, s.1, s.2]
            if v.allSatisfy({ ($0 >> e) << e == $0 && ($0 >> e) >= -512 && ($0 >> e) <= 511 }) {
                return UInt32(e) << 30
                    | v.enumerated().reduce(UInt32(0)) { word, item in
                        word | (UInt32(bitPattern: Int32(item.element >> e)) & 0x3FF) << (10 * UInt32(item.offset))
                    }
            }
        }
        fatalError("sample \(s) cannot be packed")
    }

    static func block(_ b: Block) -> [UInt8] {
        var d = [UInt8](repeating: 0, count: 512)
        d[0] = 0x41
        d[1] = 0x58
        put16(&d, 2, 508)
        put16(&d, 4, b.fraction.map { 0x8000 | $0 } ?? 0)
        put32(&d, 6, b.session)
        put32(&d, 10, b.sequence)
        put32(&d, 14, packedTime(b.clock))
        put16(&d, 18, b.scale << 13 | 300)
        put16(&d, 20, 500)
        d[23] = 200
        d[24] = b.rateCode
        d[25] = UInt8(b.axes << 4 | (b.packed ? 0 : 2))
        put16(&d, 26, b.timestampOffset & 0xFFFF)
        put16(&d, 28, b.samples.count)
        let size = b.packed ? 4 : 2 * b.axes
        for (i, s) in b.samples.enumerated() {
            let p = 30 + i * size
            if b.packed {
                put32(&d, p, pack(s))
            } else {
                var q = p
                if b.axes >= 6 {
                    for g in [b.gyro.0, b.gyro.1, b.gyro.2] {
                        put16(&d, q, g & 0xFFFF)
                        q += 2
                    }
                }
                for a in [s.0, s.1, s.2] {
                    put16(&d, q, a & 0xFFFF)
                    q += 2
                }
            }
        }
        var sum: UInt16 = 0
        for w in stride(from: 0, to: 510, by: 2) { sum &+= UInt16(d[w]) | UInt16(d[w + 1]) << 8 }
        put16(&d, 510, Int(0 &- sum))
        return d
    }

    static func put16(_ d: inout [UInt8], _ at: Int, _ v: Int) {
        d[at] = UInt8(v & 0xFF)
        d[at + 1] = UInt8(v >> 8 & 0xFF)
    }

    static func put32(_ d: inout [UInt8], _ at: Int, _ v: UInt32) {
        for k in 0..<4 { d[at + k] = UInt8(v >> (8 * UInt32(k)) & 0xFF) }
    }

    static func file(_ bytes: [UInt8], name: String = "test.cwa") throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sitless-cwa-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }
}

@Suite("Axivity CWA reader")
struct AxivityReaderTests {
    /// 2024-03-01 12:00:00 UTC.
    static let noon = 1_709_294_400.0

    /// Reads a file, collecting every block handed over.
    func read(_ bytes: [UInt8]) throws -> (RecordingReport, [SampleBlock]) {
        var blocks: [SampleBlock] = []
        let report = try AxivityReader.read(url: try CWAWriter.file(bytes)) { blocks.append($0) }
        return (report, blocks)
    }

    /// 120 packed samples: x = 1 g, y = i/256 g, z = -0.5 g.
    static let plain: [(Int, Int, Int)] = (0..<120).map { (256, $0, -128) }

    /// Three contiguous 100 Hz packed blocks (1.2 s each) from noon, sample 0 of each stamped.
    func packedBlocks(_ count: Int = 3) -> [CWAWriter.Block] {
        (0..<count).map { k in
            // Block k starts at 1.2 k s: stamp the whole second and point at the sample there.
            let startCentis = 120 * k
            let second = (startCentis + 99) / 100
            return CWAWriter.Block(
                sequence: UInt32(k), clock: (2024, 3, 1, 12 + second / 3600, second / 60 % 60, second % 60),
                timestampOffset: second * 100 - startCentis, samples: Self.plain)
        }
    }

    @Test("packed 3-axis at 100 Hz: values in g, exponents, times of samples 0 and 119")
    func packed() throws {
        var first = CWAWriter.Block(samples: Self.plain)
        // One exponent for all three axes: 2 here (1000 = 250 << 2, -2048 = -512 << 2, 512 = 128 << 2).
        first.samples[1] = (1000, -2048, 512)
        var second = CWAWriter.Block(
            sequence: 1, clock: (2024, 3, 1, 12, 0, 2), timestampOffset: 80, samples: Self.plain)
        second.samples[0] = (-1, -512, 256)
        let bytes = CWAWriter.header() + CWAWriter.block(first) + CWAWriter.block(second)
        let (report, blocks) = try read(bytes)
        #expect(report.format == "Axivity AX3 CWA")
        #expect(report.deviceID == 12345)
        #expect(report.sessionID == 42)
        #expect(report.sampleRate == 100)
        #expect(report.samples == 240)
        #expect(report.blocks == 2)
        #expect(report.skippedBlocks == 0 && report.sequenceBreaks == 0 && report.sessionChanges == 0)
        #expect(!report.truncated)
        #expect(report.warnings.isEmpty)
        #expect(blocks.map(\.count) == [120, 120])
        let a = blocks[0]
        #expect(a.x[0] == 1 && a.y[0] == 0 && a.z[0] == -0.5)
        #expect(a.x[1] == 3.90625 && a.y[1] == -8 && a.z[1] == 2)
        #expect(a.y[119] == 119.0 / 256)
        #expect(a.times[0] == Self.noon)
        #expect(abs(a.times[119] - (Self.noon + 1.19)) < 1e-6)
        // Second block: 12:00:02 is sample 80, so sample 0 is at 1.2 s, right after sample 119.
        let b = blocks[1]
        #expect(abs(b.times[0] - (Self.noon + 1.2)) < 1e-6)
        #expect(abs(b.times[119] - (Self.noon + 2.39)) < 1e-6)
        #expect(b.x[0] == -1.0 / 256 && b.y[0] == -2 && b.z[0] == 1)
    }

    @Test("unpacked 16-bit 3-axis at 50 Hz, with a fractional timestamp")
    func unpacked() throws {
        let samples: [(Int, Int, Int)] = (0..<80).map { ($0 * 100 - 4000, 12345, -32768) }
        // 0x4000/0x8000 = 0.5 s past 12:00:00 is sample 10; the firmware writes the offset
        // lowered by (0.5 × 65536 × 50) >> 16 = 25 samples, so -15 is stored.
        let block = CWAWriter.Block(
            clock: (2024, 3, 1, 12, 0, 0), fraction: 0x4000, timestampOffset: -15,
            rateCode: 0x49, packed: false, samples: samples)
        let (report, blocks) = try read(CWAWriter.header(rateCode: 0x49) + CWAWriter.block(block))
        #expect(report.sampleRate == 50)
        #expect(report.samples == 80)
        let b = try #require(blocks.first)
        #expect(b.x[0] == -4000.0 / 256 && b.y[0] == 48.22265625 && b.z[0] == -128)
        #expect(b.x[79] == 3900.0 / 256)
        // Sample 0 is 10 samples (0.2 s) before 12:00:00.5.
        #expect(abs(b.times[0] - (Self.noon + 0.3)) < 1e-6)
        #expect(abs(b.times[79] - (Self.noon + 0.3 + 79 * 0.02)) < 1e-6)
    }

    @Test("6-axis AX6: the accelerometer after the gyroscope, scaled by the light field")
    func sixAxes() throws {
        // Scale n = 3: one unit is 1/2048 g.
        let samples: [(Int, Int, Int)] = (0..<40).map { (2048, 0, -1024 + $0) }
        let block = CWAWriter.Block(axes: 6, packed: false, scale: 3, samples: samples)
        let (report, blocks) = try read(CWAWriter.header(hardware: 0x64) + CWAWriter.block(block))
        #expect(report.format == "Axivity AX6 CWA")
        #expect(report.samples == 40)
        let b = try #require(blocks.first)
        #expect(b.x[0] == 1 && b.y[0] == 0 && b.z[0] == -0.5)
        #expect(b.z[39] == (-1024.0 + 39) / 2048)
        #expect(abs(b.times[39] - (Self.noon + 0.39)) < 1e-6)
    }

    @Test("9 axes: only the accelerometer, still after the gyroscope")
    func nineAxes() throws {
        let block = CWAWriter.Block(axes: 9, packed: false, samples: Array(repeating: (256, -256, 128), count: 26))
        let (report, blocks) = try read(CWAWriter.header() + CWAWriter.block(block))
        #expect(report.samples == 26)
        #expect(blocks.first?.x.first == 1 && blocks.first?.y.first == -1 && blocks.first?.z.first == 0.5)
    }

    @Test("a block with a bad checksum is skipped and named by its byte offset")
    func corrupt() throws {
        var blocks = packedBlocks().map(CWAWriter.block)
        blocks[1][100] ^= 0x01
        let (report, got) = try read(CWAWriter.header() + blocks.flatMap { $0 })
        #expect(report.skippedBlocks == 1)
        #expect(report.sequenceBreaks == 0)  // the skipped block accounts for its sequence number
        #expect(report.samples == 240 && report.blocks == 2)
        #expect(report.warnings == ["byte 1536: block skipped: checksum does not match"])
        // No samples are made up for the missing 1.2 s.
        #expect(abs(got[1].times[0] - (Self.noon + 2.4)) < 1e-6)
    }

    @Test("blocks that are not data or have an unknown layout are skipped")
    func unknownBlocks() throws {
        var odd = CWAWriter.Block(sequence: 1, samples: Self.plain)
        odd.axes = 4
        let zeros = [UInt8](repeating: 0, count: 512)
        let bytes = CWAWriter.header() + CWAWriter.block(packedBlocks(1)[0]) + CWAWriter.block(odd) + zeros
        let (report, _) = try read(bytes)
        #expect(report.skippedBlocks == 2)
        #expect(report.samples == 120)
        #expect(
            report.warnings == [
                "byte 1536: block skipped: unknown layout (4 axes, packing 0)",
                "byte 2048: block skipped: not a data block (no \"AX\")",
            ])
    }

    @Test("a truncated last block is reported with its offset; the rest is kept")
    func truncated() throws {
        let blocks = packedBlocks().map(CWAWriter.block)
        let bytes = CWAWriter.header() + blocks[0] + blocks[1] + blocks[2].prefix(100)
        let (report, got) = try read(bytes)
        #expect(report.truncated)
        #expect(report.samples == 240)
        #expect(got.count == 2)
        #expect(
            report.warnings == [
                "byte 2048: the last block is cut short (100 of 512 bytes) and was left out; the data before it was "
                    + "kept"
            ])
        // A file cut inside its header has no samples but is still a CWA file.
        let (short, none) = try read(Array(CWAWriter.header().prefix(700)))
        #expect(short.truncated && none.isEmpty && short.samples == 0)
        #expect(short.warnings == ["byte 700: the file ends inside its 1024-byte header; there are no samples"])
    }

    @Test("a block of another session is skipped and counted")
    func sessionChange() throws {
        var list = packedBlocks()
        list[1].session = 43
        let (report, got) = try read(CWAWriter.header() + list.map(CWAWriter.block).flatMap { $0 })
        #expect(report.sessionChanges == 1)
        #expect(report.skippedBlocks == 0 && report.sequenceBreaks == 0)
        #expect(report.samples == 240 && got.count == 2)
        #expect(report.warnings == ["byte 1536: block of session 43, not 42 like the first; skipped"])
    }

    @Test("a jump in the sequence id is a break; each side keeps its own times")
    func sequenceBreak() throws {
        var list = packedBlocks()
        // The third block comes 3 blocks late: sequence 5, at 12:00:06 + 0.
        list[2] = CWAWriter.Block(sequence: 5, clock: (2024, 3, 1, 12, 0, 6), samples: Self.plain)
        let (report, got) = try read(CWAWriter.header() + list.map(CWAWriter.block).flatMap { $0 })
        #expect(report.sequenceBreaks == 1)
        #expect(report.skippedBlocks == 0)
        #expect(report.samples == 360)
        #expect(report.warnings == ["byte 2048: block sequence jumps from 1 to 5; no samples for the missing span"])
        #expect(abs(got[1].times[119] - (Self.noon + 2.39)) < 1e-6)
        #expect(got[2].times[0] == Self.noon + 6)
    }

    @Test("a file that is not CWA is refused, naming the file")
    func notCWA() throws {
        let url = try CWAWriter.file(Array("Time,Interval (s),ActivityCode\n".utf8), name: "events.csv")
        #expect(throws: SensorError.unsupported(file: "events.csv", reason: "no Axivity CWA header (\"MD\" at byte 0)"))
        {
            try AxivityReader.read(url: url) { _ in }
        }
        let empty = try CWAWriter.file([], name: "empty.cwa")
        #expect(throws: SensorError.unsupported(file: "empty.cwa", reason: "no Axivity CWA header (\"MD\" at byte 0)"))
        {
            try AxivityReader.read(url: empty) { _ in }
        }
    }

    @Test("a long file arrives block by block with times continuing across chunks")
    func streaming() throws {
        // 300 blocks cross two 128-block read chunks; blocks come one at a time.
        var bytes = CWAWriter.header(device: 0x12345, session: 7)
        for var block in packedBlocks(300) {
            block.session = 7
            bytes += CWAWriter.block(block)
        }
        var largest = 0
        var last: Double?
        var steps: Set<Int> = []
        let report = try AxivityReader.read(url: try CWAWriter.file(bytes)) { block in
            largest = max(largest, block.count)
            for t in block.times {
                if let last { steps.insert(Int(((t - last) * 1000).rounded())) }
                last = t
            }
        }
        #expect(report.samples == 36_000 && report.blocks == 300)
        #expect(report.deviceID == 0x12345 && report.sessionID == 7)
        #expect(report.warnings.isEmpty)
        #expect(largest == 120)
        #expect(steps == [10])  // every step 10 ms
        #expect(abs((last ?? 0) - (Self.noon + 359.99)) < 1e-6)
    }

    @Test("format rules: rate codes, packed time, checksum, signed 10-bit fields")
    func rules() {
        #expect(AxivityReader.rate(code: 0x4A) == 100)
        #expect(AxivityReader.rate(code: 0x49) == 50)
        #expect(AxivityReader.rate(code: 0x47) == 12.5)
        #expect(AxivityReader.range(code: 0x4A) == 8)
        #expect(AxivityReader.range(code: 0x0A) == 16)
        #expect(AxivityReader.range(code: 0xCA) == 2)
        #expect(AxivityReader.seconds(packed: CWAWriter.packedTime((2024, 3, 1, 12, 0, 0))) == Int(Self.noon))
        #expect(AxivityReader.seconds(packed: CWAWriter.packedTime((2000, 1, 1, 0, 0, 0))) == 946_684_800)
        #expect(AxivityReader.seconds(packed: CWAWriter.packedTime((2023, 2, 29, 0, 0, 0))) == nil)
        #expect(AxivityReader.signed10(0x3FF) == -1)
        #expect(AxivityReader.signed10(0x200) == -512)
        #expect(AxivityReader.signed10(0x1FF) == 511)
        let good = CWAWriter.block(CWAWriter.Block(samples: Self.plain))
        var bad = good
        bad[511] &+= 1
        #expect(good.withUnsafeBytes(AxivityReader.checksumOK))
        #expect(!bad.withUnsafeBytes(AxivityReader.checksumOK))
    }
}
