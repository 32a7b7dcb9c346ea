import Foundation
import SitLessCore

/// Decodes the records of a `.gt3x` `log.bin`, fed in chunks of any size (see ``GT3XReader``).
///
/// Each record (ActiGraph's "ActiGraph .gt3x File Format", README, "Log Record Format") is a
/// separator `0x1E`, a type byte, a little-endian uint32 Unix timestamp (the device clock, whole
/// seconds), a little-endian uint16 payload size, the payload and a checksum: the one's complement
/// of the XOR of the 8 header bytes and the payload. Zero bytes between records are allowed
/// (README, "Extra bytes with 0's"). Decoded here:
///
/// - **ACTIVITY** (`0x00`): one second of samples packed as signed 12-bit values, y, x, z
///   (`LogRecords/Activity.md`); ⌊size × 8 / 36⌋ samples, a trailing nibble unused. A 1-byte
///   payload is a USB connection event, not samples, and is ignored (as for ACTIVITY2).
/// - **ACTIVITY2** (`0x1A`): one second of little-endian int16 x, y, z (`LogRecords/Activity2.md`).
/// - **ACTIVITY3** (`0x1B`): as ACTIVITY but in x, y, z order (undocumented; pygt3x reads it so).
/// - **PARAMETERS** (`0x15`): 8-byte items (uint16 address space, uint16 id, uint32 value);
///   address 0 id 55 is `ACCEL_SCALE`, a float of a 24-bit two's-complement fraction over 2^23
///   times 2 to a signed 8-bit exponent (`LogRecords/Parameters.md`); it replaces the scale from
///   `info.txt` for the records after it.
/// - **EVENT** (`0x03`) with payload `08` / `09`: the device enters / leaves idle sleep mode
///   (pygt3x, `reader.py`). While asleep it writes no activity records.
///
/// Sample `i` of a record is at `timestamp + i / rate` (`Sample Rate` of `info.txt`), as in
/// pygt3x. **Gaps.** A second without a record is a gap: the block is closed and nothing is
/// invented. With `fillIdleSleep`, an idle-sleep gap (from the second after the last activity
/// record to the second before the wake event, or before the last record of the file when it ends
/// asleep) is filled with the last sample at the nominal rate, exactly as pygt3x and ActiLife do.
///
/// **Problems.** A record with a wrong checksum is skipped (`skippedBlocks`, as pygt3x does); a
/// record whose second is not after the previous activity record's is skipped; a gap outside
/// idle sleep is a `sequenceBreak`; a `log.bin` that ends inside a record is `truncated` (the
/// records before are kept). Each is a warning naming the byte of `log.bin` (the first few of
/// each kind). A byte that is neither a separator nor padding where a record must start means the
/// records cannot be found any more: ``SensorError/badByte(file:offset:reason:)`` with its offset.
struct GT3XLog {
    static let separator: UInt8 = 0x1E
    static let warningsPerKind = 10

    let name: String
    let info: GT3XReader.Info
    let rate: Double
    let fillIdleSleep: Bool
    var report: RecordingReport
    /// Raw units per g; nil until known.
    var scale: Double?
    /// Bytes not yet parsed, and the `log.bin` offset of the first.
    var pending: [UInt8] = []
    var base = 0
    /// Samples waiting to be handed on (a run without gaps).
    var block = SampleBlock()
    /// Second of the last activity record (or filled second), and its last sample in g.
    var lastSecond: Int?
    var lastSample: (x: Double, y: Double, z: Double)?
    /// Timestamp of the last well-formed record of any type.
    var lastStamp: Int?
    /// Idle sleep: the second it began, while asleep; whether the last gap was one.
    var asleepSince: Int?
    var sleptInGap = false
    var sleeps = 0, sleepSeconds = 0, filled = 0
    /// Longest idle sleep filled on request (a longer one is left as a gap, with a warning).
    static let longestFill = 31 * 86_400
    var listed: [String: Int] = [:], unlisted: [String: Int] = [:]

    init(name: String, info: GT3XReader.Info, fillIdleSleep: Bool) {
        self.name = name
        self.info = info
        self.rate = info.sampleRate!
        self.fillIdleSleep = fillIdleSleep
        report = RecordingReport(format: info.describe(fallback: "GT3X"))
        report.sampleRate = rate
        scale = info.accelerationScale.flatMap { GT3XReader.validScales.contains($0) ? $0 : nil } ?? info.serialScale
    }

    mutating func warn(_ kind: String, _ message: @autoclosure () -> String) {
        if listed[kind, default: 0] < Self.warningsPerKind {
            listed[kind, default: 0] += 1
            report.warnings.append(message())
        } else {
            unlisted[kind, default: 0] += 1
        }
    }

    /// Parses every whole record in `chunk` plus what was left over before it.
    mutating func take(_ chunk: Data, onBlock: (SampleBlock) throws -> Void) throws {
        pending += chunk
        var pos = 0
        let count = pending.count
        let buffer = pending  // no copy: read only while the records below change the rest of self
        try buffer.withUnsafeBytes { raw in
            while pos < count {
                if raw[pos] == 0 {
                    pos += 1
                    continue
                }
                guard raw[pos] == Self.separator else {
                    throw SensorError.badByte(
                        file: "\(name) (log.bin)", offset: base + pos,
                        reason: String(
                            format:
                                "expected a record separator (0x1E) and found 0x%02X: the record before it is corrupt, "
                                + "so the records after it cannot be found", raw[pos]))
                }
                guard count - pos >= 8 else { break }
                let size = Int(raw[pos + 6]) | Int(raw[pos + 7]) << 8
                guard count - pos >= 9 + size else { break }
                let whole = UnsafeRawBufferPointer(rebasing: raw[pos..<(pos + 9 + size)])
                try record(whole, at: base + pos, onBlock: onBlock)
                pos += 9 + size
            }
        }
        pending.removeFirst(pos)
        base += pos
        try flush(onBlock)
    }

    /// Ends the log: a cut-off record, idle sleep still on, the summary warnings.
    mutating func finish(onBlock: (SampleBlock) throws -> Void) throws -> RecordingReport {
        if !pending.isEmpty {
            report.truncated = true
            report.warnings.append(
                "log.bin byte \(base): the last record is cut short (\(pending.count) bytes); "
                    + "the records before it were kept")
        }
        if let since = asleepSince, let end = lastStamp {
            try sleep(from: since, to: end, onBlock: onBlock)
            asleepSince = nil
        }
        try flush(onBlock)
        if sleeps > 0 {
            report.warnings.append(
                fillIdleSleep
                    ? "idle sleep mode: \(sleeps) times, \(filled) samples filled with the last sample before each"
                    : "idle sleep mode: \(sleeps) times, \(sleepSeconds) s without samples (not filled; ask to fill "
                        + "them "
                        + "with the last sample as ActiLife does)")
        }
        for kind in unlisted.keys.sorted() { report.warnings.append("\(unlisted[kind]!) more \(kind) not listed") }
        if report.samples == 0 { report.warnings.append("log.bin holds no activity samples") }
        return report
    }

    mutating func flush(_ onBlock: (SampleBlock) throws -> Void) throws {
        guard block.count > 0 else { return }
        let full = block
        block = SampleBlock()
        report.blocks += 1
        try onBlock(full)
    }

    /// One whole record, `raw` from its separator to its checksum.
    mutating func record(_ raw: UnsafeRawBufferPointer, at offset: Int, onBlock: (SampleBlock) throws -> Void) throws {
        let type = raw[1]
        let stamp = Int(raw[2]) | Int(raw[3]) << 8 | Int(raw[4]) << 16 | Int(raw[5]) << 24
        let size = raw.count - 9
        var check: UInt8 = 0
        for byte in raw.dropLast() { check ^= byte }
        guard ~check == raw[raw.count - 1] else {
            report.skippedBlocks += 1
            warn(
                "skipped records",
                "log.bin byte \(offset): record of type \(type) skipped: its checksum does not match")
            return
        }
        lastStamp = stamp
        let payload = UnsafeRawBufferPointer(rebasing: raw[8..<(8 + size)])
        switch type {
        case 0x15: parameters(payload, at: offset)
        case 0x03 where size == 1 && payload[0] == 0x08:
            if asleepSince == nil { asleepSince = stamp }
        case 0x03 where size == 1 && payload[0] == 0x09:
            if let since = asleepSince { try sleep(from: since, to: stamp, onBlock: onBlock) }
            asleepSince = nil
        case 0x00, 0x1A, 0x1B:
            guard size > 1 else { break }  // a 1-byte payload marks a USB connection, not samples
            try activity(type: type, payload, stamp: stamp, at: offset, onBlock: onBlock)
        default: break
        }
    }

    /// PARAMETERS: the accelerometer scale, when it is a usable one.
    mutating func parameters(_ payload: UnsafeRawBufferPointer, at offset: Int) {
        if payload.count % 8 != 0 {
            warn("odd records", "log.bin byte \(offset): PARAMETERS of \(payload.count) bytes, not whole 8-byte items")
        }
        for item in stride(from: 0, to: payload.count - 7, by: 8) {
            let space = UInt16(payload[item]) | UInt16(payload[item + 1]) << 8
            let id = UInt16(payload[item + 2]) | UInt16(payload[item + 3]) << 8
            guard space == 0, id == 55 else { continue }
            let value =
                UInt32(payload[item + 4]) | UInt32(payload[item + 5]) << 8
                | UInt32(payload[item + 6]) << 16 | UInt32(payload[item + 7]) << 24
            let decoded = Self.decodeParameter(value)
            if GT3XReader.validScales.contains(decoded) {
                scale = decoded
            } else {
                warn("odd records", "log.bin byte \(offset): ACCEL_SCALE \(decoded) is not a usable scale; ignored")
            }
        }
    }

    /// The PARAMETERS float: 24-bit two's-complement fraction / 2^23 × 2^(signed 8-bit exponent).
    static func decodeParameter(_ value: UInt32) -> Double {
        if value == 0x007F_FFFF { return .greatestFiniteMagnitude }
        if value == 0x0080_0000 { return -.greatestFiniteMagnitude }
        let exponent = Int(Int8(bitPattern: UInt8(value >> 24)))
        let fraction = Int32(bitPattern: value << 8) >> 8
        return Double(fraction) / 8_388_608 * pow(2, Double(exponent))
    }

    /// An activity record: its samples join the block, after any gap closes it.
    mutating func activity(
        type: UInt8, _ payload: UnsafeRawBufferPointer, stamp: Int, at offset: Int,
        onBlock: (SampleBlock) throws -> Void
    ) throws {
        guard let scale else {
            throw SensorError.unsupported(
                file: name,
                reason: "log.bin byte \(offset): activity before any "
                    + "acceleration scale: info.txt has no usable Acceleration Scale, no PARAMETERS record gave "
                    + "ACCEL_SCALE, and the serial number \(SensorFile.excerpt(info.serialNumber ?? "")) is not one "
                    + "the format documents give a scale for")
        }
        asleepSince = nil  // data again: a missed wake event must not keep the device asleep (as pygt3x)
        if let last = lastSecond, stamp <= last {
            report.skippedBlocks += 1
            warn(
                "out-of-order records",
                "log.bin byte \(offset): activity for second \(stamp) after second \(last); skipped")
            return
        }
        let count = type == 0x1A ? payload.count / 6 : payload.count * 8 / 36
        if type == 0x1A, payload.count % 6 != 0 {
            warn(
                "odd records",
                "log.bin byte \(offset): ACTIVITY2 of \(payload.count) bytes; the last \(payload.count % 6) ignored")
        }
        guard count > 0 else { return }
        let first = Double(stamp)
        let end = first + Double(count - 1) / rate
        guard TimeBounds.instant(secondsSince1970: first) != nil,
            TimeBounds.instant(secondsSince1970: end) != nil
        else {
            report.skippedBlocks += 1
            warn(
                "skipped records",
                "log.bin byte \(offset): record skipped: its times lie outside the accepted range "
                    + TimeBounds.instantRangeText)
            return
        }
        if let last = lastSecond, stamp != last + 1 {
            if !sleptInGap {
                report.sequenceBreaks += 1
                warn(
                    "gaps",
                    "log.bin byte \(offset): no samples from second \(last + 1) to \(stamp - 1) "
                        + "(\(stamp - last - 1) s)")
            }
            try flush(onBlock)
        }
        sleptInGap = false
        block.times.reserveCapacity(block.count + count)
        for i in 0..<count {
            block.times.append(first + Double(i) / rate)
            switch type {
            case 0x1A:
                let p = 6 * i
                block.x.append(Double(Int16(bitPattern: UInt16(payload[p]) | UInt16(payload[p + 1]) << 8)) / scale)
                block.y.append(Double(Int16(bitPattern: UInt16(payload[p + 2]) | UInt16(payload[p + 3]) << 8)) / scale)
                block.z.append(Double(Int16(bitPattern: UInt16(payload[p + 4]) | UInt16(payload[p + 5]) << 8)) / scale)
            case 0x00:
                block.y.append(Double(GT3XReader.packed12(payload, 0, 3 * i)) / scale)
                block.x.append(Double(GT3XReader.packed12(payload, 0, 3 * i + 1)) / scale)
                block.z.append(Double(GT3XReader.packed12(payload, 0, 3 * i + 2)) / scale)
            default:
                block.x.append(Double(GT3XReader.packed12(payload, 0, 3 * i)) / scale)
                block.y.append(Double(GT3XReader.packed12(payload, 0, 3 * i + 1)) / scale)
                block.z.append(Double(GT3XReader.packed12(payload, 0, 3 * i + 2)) / scale)
            }
        }
        let n = block.count - 1
        lastSample = (block.x[n], block.y[n], block.z[n])
        lastSecond = stamp
        report.samples += count
    }

    /// Idle sleep from `since` until `end`: counted, and filled when asked (pygt3x's `_fill_ism`:
    /// the seconds after the last activity up to the one before `end`, `rate` samples each).
    mutating func sleep(from since: Int, to end: Int, onBlock: (SampleBlock) throws -> Void) throws {
        sleeps += 1
        guard let last = lastSecond, let sample = lastSample, end > last + 1 else { return }
        sleepSeconds += end - last - 1
        sleptInGap = true
        guard fillIdleSleep else { return }
        guard end - last - 1 <= Self.longestFill else {
            warn("gaps", "idle sleep from second \(last + 1) to \(end - 1) is longer than 31 days; not filled")
            return
        }
        let perSecond = Int(rate.rounded())
        for second in (last + 1)..<end {
            let first = Double(second)
            guard TimeBounds.instant(secondsSince1970: first + 1) != nil else { break }
            for i in 0..<perSecond {
                block.times.append(first + Double(i) / rate)
                block.x.append(sample.x)
                block.y.append(sample.y)
                block.z.append(sample.z)
            }
            filled += perSecond
            report.samples += perSecond
            lastSecond = second
            if block.count >= 8192 { try flush(onBlock) }
        }
    }
}
