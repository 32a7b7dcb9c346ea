import Foundation
import SitLessCore
import ZIPFoundation

/// Reads raw accelerometer samples from ActiGraph `.gt3x` files, a block at a time.
///
/// A `.gt3x` is a zip archive (read with ZIPFoundation; its entries are unpacked in 64 KiB chunks
/// and never held whole, so memory does not grow with the recording). Two layouts exist:
///
/// - **Current** (GT3X+ firmware 3.0 and later, wGT3X+, wGT3X-BT, GT9X Link): `info.txt` and
///   `log.bin`, a sequence of records, decoded by ``GT3XLog`` (ActiGraph's "ActiGraph .gt3x File
///   Format", `github.com/actigraph/GT3X-File-Format`: README, `LogRecords/Activity.md`,
///   `Activity2.md`, `Parameters.md`, `info.txt.md`; and ActiGraph's own Python reader `pygt3x`
///   0.7.1, `reader.py`, for idle sleep mode and what the documents leave open).
/// - **NHANES** (GT3X+ and ActiSleep+ with firmware 2.5.0 or earlier): `info.txt` and
///   `activity.bin`, one continuous run of 36-bit samples (three signed 12-bit values, most
///   significant bit first, in y, x, z order) from the `Start Date` of `info.txt` at the
///   `Sample Rate`; a trailing part-sample is ignored, so there are ⌊bits / 36⌋ samples
///   (`github.com/actigraph/NHANES-GT3X-File-Format`, `fileformats/activity.bin.md` and its
///   `Gt3xFile.cs`).
///
/// **Values.** A raw value divided by the acceleration scale is g. The scale is, first to last:
/// `ACCEL_SCALE` in a PARAMETERS record (current layout), `Acceleration Scale` in `info.txt`,
/// then the one the documents give by serial number: 341 for NEO, CLE and MRA (GT3X+, wGT3X+,
/// ActiSleep+; the NHANES factor), 256 for MOS (wGT3X-BT). A scale outside 16...32768 counts as
/// absent (actipy's rule). Values are not rounded: the documents round to 0.001 g for display
/// (ActiLife's exports), which throws away a fifth of a 1/341 g step; pygt3x does not round
/// current-layout values either.
///
/// **Times** are the device clock, read as UTC: the device keeps local time, so the caller moves
/// them (``WearableFile/readGT3X(url:zone:progress:onBlock:)`` does, with the `TimeZone` of
/// `info.txt` when it has one). Every sample time is checked against ``TimeBounds``;
/// a record (or NHANES chunk) with times outside is skipped with a warning.
public enum GT3XReader {
    /// What `info.txt` says, as far as reading the samples needs.
    public struct Info: Sendable, Equatable {
        public var serialNumber: String?
        public var deviceType: String?
        public var sampleRate: Double?
        /// `Start Date` in seconds since 1970 of the device clock.
        public var start: Double?
        public var accelerationScale: Double?
        /// `TimeZone` (e.g. `-05:00:00`) in seconds east of UTC.
        public var utcOffset: Int?

        /// "ActiGraph <device type> .gt3x, serial <serial>" with file text escaped, for the report.
        func describe(fallback: String) -> String {
            let device = deviceType.map { SensorFile.excerpt($0, quoted: false) } ?? fallback
            let serial = serialNumber.map { ", serial " + SensorFile.excerpt($0, quoted: false) } ?? ""
            return "ActiGraph \(device) .gt3x" + serial
        }

        /// The scale the documents give by serial number when nothing else does.
        var serialScale: Double? {
            guard let serial = serialNumber?.uppercased() else { return nil }
            if serial.hasPrefix("NEO") || serial.hasPrefix("CLE") || serial.hasPrefix("MRA") { return 341 }
            if serial.hasPrefix("MOS") { return 256 }
            return nil
        }
    }

    /// Chunk size for unpacking an entry.
    static let chunkSize = 64 * 1024
    /// `.NET` ticks (100 ns since 0001-01-01) at 1970-01-01.
    static let ticksAt1970: Int64 = 621_355_968_000_000_000
    /// Scales outside this range are treated as absent.
    static let validScales = 16.0...32768.0

    /// Whether the first bytes are a zip local file header, as every `.gt3x` starts.
    public static func isZip(_ head: Data) -> Bool { head.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

    /// Streams the samples of a `.gt3x`; `onBlock` hears runs of samples without gaps, in time
    /// order. `fillIdleSleep` fills idle-sleep gaps with the last sample, as ActiLife and pygt3x do
    /// (off by default: no movement was measured there). `progress` hears an estimate of the file
    /// bytes read so far.
    public static func read(
        url: URL, fillIdleSleep: Bool = false, progress: ((Int) -> Void)? = nil,
        onBlock: (SampleBlock) throws -> Void
    ) throws -> RecordingReport {
        let name = url.lastPathComponent
        let (archive, info) = try open(url)
        if let entry = archive["log.bin"], entry.type == .file {
            var log = GT3XLog(name: name, info: info, fillIdleSleep: fillIdleSleep)
            try extract(entry, of: archive, name: name, progress: progress) { chunk in
                try log.take(chunk, onBlock: onBlock)
            }
            return try log.finish(onBlock: onBlock)
        }
        guard let entry = archive["activity.bin"], entry.type == .file else {
            throw SensorError.unsupported(
                file: name,
                reason: "a zip archive without log.bin or activity.bin, "
                    + "so not an ActiGraph .gt3x; it holds \(contents(of: archive))")
        }
        return try readNHANES(entry, of: archive, name: name, info: info, progress: progress, onBlock: onBlock)
    }

    /// Reads only `info.txt` (for the time zone and rate before the samples).
    public static func readInfo(url: URL) throws -> Info { try open(url).1 }

    /// Opens the archive after the same checks as every reader (a regular, readable file) and
    /// reads `info.txt`, which both layouts need.
    static func open(_ url: URL) throws -> (Archive, Info) {
        let name = url.lastPathComponent
        let head = try SensorFile.head(url, count: 4)
        guard isZip(head) else {
            throw SensorError.unsupported(
                file: name,
                reason: "not a .gt3x: it does not start with a zip header "
                    + "(the file looks like \(SensorFile.describe(head)))")
        }
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw SensorError.unsupported(
                file: name,
                reason: "the file looks like a zip archive that cannot be opened "
                    + "(damaged or cut short: \(error)), not a wearable export. "
                    + SensorFile.supportedFormats)
        }
        guard let entry = archive["info.txt"], entry.type == .file else {
            let what =
                archive["log.bin"] != nil || archive["activity.bin"] != nil
                ? "an ActiGraph .gt3x without its info.txt (sample rate, start, scale)"
                : "a zip archive without log.bin or activity.bin, so not an ActiGraph .gt3x"
            throw SensorError.unsupported(file: name, reason: "\(what); it holds \(contents(of: archive))")
        }
        guard entry.uncompressedSize <= 64 * 1024 else {
            throw SensorError.unsupported(
                file: name,
                reason: "info.txt is \(entry.uncompressedSize) bytes; "
                    + "an ActiGraph info.txt is well under 64 KiB")
        }
        var text = Data()
        try extract(entry, of: archive, name: name, progress: nil) { chunk in
            text.append(chunk)
            if text.count > 64 * 1024 {
                throw SensorError.unsupported(file: name, reason: "info.txt is longer than 64 KiB")
            }
        }
        return (archive, try parseInfo(text, name: name))
    }

    /// The entry names of an archive, for messages (the first five, quoted and escaped).
    static func contents(of archive: Archive) -> String {
        var names: [String] = []
        var more = 0
        for entry in archive {
            if names.count < 5 { names.append(SensorFile.excerpt(entry.path, limit: 40)) } else { more += 1 }
        }
        if names.isEmpty { return "no files" }
        let health =
            names.contains { $0.hasSuffix("export.xml'") }
            ? " (an Apple Health export: unzip it and give export.xml)" : ""
        return names.joined(separator: ", ") + (more > 0 ? " and \(more) more" : "") + health
    }

    /// Unpacks an entry chunk by chunk; ZIPFoundation's errors (damaged data, CRC mismatch)
    /// become a ``SensorError`` naming the entry.
    static func extract(
        _ entry: Entry, of archive: Archive, name: String, progress: ((Int) -> Void)?,
        consumer: (Data) throws -> Void
    ) throws {
        let ratio = entry.uncompressedSize > 0 ? Double(entry.compressedSize) / Double(entry.uncompressedSize) : 0
        var done = 0
        do {
            _ = try archive.extract(entry, bufferSize: chunkSize, skipCRC32: false) { chunk in
                try consumer(chunk)
                done += chunk.count
                progress?(Int(Double(done) * ratio))
            }
        } catch let error as SensorError {
            throw error
        } catch {
            throw SensorError.unreadable(
                file: name,
                reason: "\(entry.path) cannot be unpacked after \(done) bytes: "
                    + "the zip archive is damaged (\(error))")
        }
    }

    /// Parses `info.txt`: `Key: Value` lines (a UTF-8 byte-order mark allowed). Only the keys the
    /// reader uses are checked; each must parse when present.
    static func parseInfo(_ data: Data, name: String) throws -> Info {
        var info = Info()
        let text = String(decoding: SensorFile.droppingBOM(data), as: UTF8.self)
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            guard let colon = raw.firstIndex(of: ":") else { continue }
            let key = raw[..<colon].trimmingCharacters(in: .whitespaces)
            let value = raw[raw.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            func bad(_ what: String) -> SensorError {
                .badLine(
                    file: "\(name) (info.txt)", line: index + 1,
                    reason: "\(key) \(SensorFile.excerpt(value)) is not \(what)")
            }
            switch key {
            case "Serial Number": info.serialNumber = value
            case "Device Type": info.deviceType = value
            case "Sample Rate":
                guard let rate = Double(value), rate.isFinite, rate >= 1, rate <= 10_000 else {
                    throw bad("a sample rate in Hz (1 to 10000)")
                }
                info.sampleRate = rate
            case "Start Date":
                guard let ticks = Int64(value), ticks >= 0 else { throw bad("a date in .NET ticks") }
                info.start = Double(ticks - ticksAt1970) / 10_000_000
            case "Acceleration Scale":
                // Decimal commas occur (ActiLife writes the local format in some fields).
                guard let scale = Double(value.replacingOccurrences(of: ",", with: ".")), scale.isFinite else {
                    throw bad("a number")
                }
                info.accelerationScale = scale
            case "TimeZone":
                guard let offset = utcOffset(value) else { throw bad("a time zone offset like -05:00:00") }
                info.utcOffset = offset
            default: continue
            }
        }
        guard info.sampleRate != nil else {
            throw SensorError.unsupported(file: name, reason: "info.txt gives no Sample Rate")
        }
        return info
    }

    /// Seconds east of UTC for `-05:00:00`, `02:00:00`, `+05:30` or `-05:00`; nil otherwise.
    static func utcOffset(_ text: String) -> Int? {
        var body = Substring(text)
        var sign = 1
        if body.first == "-" {
            sign = -1
            body = body.dropFirst()
        } else if body.first == "+" {
            body = body.dropFirst()
        }
        let parts = body.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard (2...3).contains(parts.count), parts.allSatisfy({ $0 != nil }) else { return nil }
        let h = parts[0]!
        let m = parts[1]!
        let s = parts.count == 3 ? parts[2]! : 0
        guard (0...14).contains(h), (0..<60).contains(m), (0..<60).contains(s) else { return nil }
        return sign * (h * 3600 + m * 60 + s)
    }

    /// One signed 12-bit value, `index` counting 12-bit groups from `start` (most significant bit
    /// first: even groups are a byte and the high nibble of the next, odd ones a low nibble and
    /// the next byte). The caller makes sure both bytes exist.
    @inline(__always)
    static func packed12(_ raw: UnsafeRawBufferPointer, _ start: Int, _ index: Int) -> Int16 {
        let at = start + index * 3 / 2
        let bits =
            index & 1 == 0
            ? UInt16(raw[at]) << 4 | UInt16(raw[at + 1]) >> 4
            : UInt16(raw[at] & 0x0F) << 8 | UInt16(raw[at + 1])
        return Int16(bitPattern: bits << 4) >> 4
    }

    /// The NHANES layout: one run of packed y, x, z samples from `Start Date`.
    static func readNHANES(
        _ entry: Entry, of archive: Archive, name: String, info: Info, progress: ((Int) -> Void)?,
        onBlock: (SampleBlock) throws -> Void
    ) throws -> RecordingReport {
        var report = RecordingReport(format: info.describe(fallback: "GT3X+") + " (NHANES layout)")
        let rate = info.sampleRate!
        report.sampleRate = rate
        guard let start = info.start else {
            throw SensorError.unsupported(
                file: name,
                reason: "info.txt gives no Start Date, which times the samples "
                    + "of activity.bin")
        }
        let scale = info.accelerationScale.flatMap { validScales.contains($0) ? $0 : nil } ?? 341
        var pending: [UInt8] = []
        var index = 0
        var outside = 0
        func emit(_ count: Int, from raw: UnsafeRawBufferPointer) throws {
            var block = SampleBlock()
            block.times.reserveCapacity(count)
            block.x.reserveCapacity(count)
            block.y.reserveCapacity(count)
            block.z.reserveCapacity(count)
            for i in 0..<count {
                block.times.append(start + Double(index + i) / rate)
                block.y.append(Double(packed12(raw, 0, 3 * i)) / scale)
                block.x.append(Double(packed12(raw, 0, 3 * i + 1)) / scale)
                block.z.append(Double(packed12(raw, 0, 3 * i + 2)) / scale)
            }
            index += count
            guard TimeBounds.instant(secondsSince1970: block.times[0]) != nil,
                TimeBounds.instant(secondsSince1970: block.times[count - 1]) != nil
            else {
                outside += count
                return
            }
            report.blocks += 1
            report.samples += count
            try onBlock(block)
        }
        try extract(entry, of: archive, name: name, progress: progress) { chunk in
            pending += chunk
            let pairs = pending.count / 9
            guard pairs > 0 else { return }
            try pending.withUnsafeBytes { try emit(2 * pairs, from: $0) }
            pending.removeFirst(pairs * 9)
        }
        // 4.5 bytes make one more sample; fewer are a cut-off part of one.
        if pending.count >= 5 { try pending.withUnsafeBytes { try emit(1, from: $0) } }
        if outside > 0 {
            report.skippedBlocks += 1
            report.warnings.append(
                "\(outside) samples left out: their times lie outside the accepted range "
                    + TimeBounds.instantRangeText)
        }
        if report.samples == 0 && outside == 0 { report.warnings.append("activity.bin holds no samples") }
        return report
    }
}
