import Foundation
import SitLessCore

/// Reads raw accelerometer samples from Axivity AX3 and AX6 `.cwa` files, a block at a time.
///
/// The layout is OpenMovement's CWA format (the `cwa.h` structures in the OpenMovement
/// repository, `github.com/digitalinteraction/openmovement`, "AX3 CWA file format"); all numbers are
/// little-endian:
///
/// - **Header** (1024 bytes): `"MD"` at 0; hardware type at 4 (`0x64` is an AX6, anything else
///   an AX3); device id as uint16 at 5, with its upper 16 bits as uint16 at 11 unless that is
///   `0xFFFF`; session id as uint32 at 7; sampling rate code at 36 (see below).
/// - **Data blocks** (512 bytes each, straight after the header): `"AX"` at 0; packet length
///   508 at 2; device fractional time at 4 (when its top bit is set, the low 15 bits are a
///   fraction of a second in 1/32768 s); session id uint32 at 6; sequence id uint32 at 10;
///   timestamp uint32 at 14, packed as year-2000 in bits 26-31, month 22-25, day 17-21,
///   hour 12-16, minute 6-11, second 0-5 (the device clock, no time zone); light at 18 (the low
///   10 bits are light; on an AX6 bits 13-15 are the accelerometer scale `n`: one unit is
///   1/2^(8+n) g); temperature at 20; events at 22; battery at 23; rate code at 24
///   (frequency 3200 / 2^(15 - (code & 15)) Hz, range 16 >> (code >> 6) g); axes and packing at
///   25 (high nibble: 3, 6 or 9 axes; low nibble: 2 for signed 16-bit values, 0 for the packed
///   4-byte 3-axis samples); timestamp offset int16 at 26 (the index of the sample the
///   timestamp belongs to); sample count uint16 at 28; samples from 30; the 256 16-bit words of
///   the whole block sum to 0 modulo 65536 (the last word is the checksum).
/// - **Packed samples**: a 32-bit word with x in bits 0-9, y in 10-19, z in 20-29 (signed
///   10-bit values) and an exponent `e` in bits 30-31; each value is shifted left by `e` and
///   counts 1/256 g. **16-bit samples**: signed int16 per axis; with 6 or 9 axes the gyroscope
///   comes first (bytes 0-5 of a sample) and the accelerometer follows (bytes 6-11), and only
///   the accelerometer is read. The accelerometer unit is 1/2^(8+n) g with `n` from the light
///   field as above (0 on an AX3, so 1/256 g), the same rule actipy's reader uses.
///
/// **Sample times.** Each block is timed on its own: its timestamp plus the fraction (when the
/// fractional bit is set) is the time of sample `timestampOffset`, and the samples are spaced at
/// the nominal rate, so sample `i` is at `timestamp + fraction + (i - timestampOffset) / rate`.
/// When the fraction is present, firmware lowers the written `timestampOffset` by
/// `(fraction65536 × ⌊rate⌋) >> 16` samples so older readers stay within one sample; that is
/// added back first, as OpenMovement's own readers do. Times are the device clock read as UTC
/// (the file has no time zone); a caller who knows the zone the device was set to converts.
/// Nothing is ever interpolated across a gap: a missing, corrupt or foreign block simply
/// yields no samples.
///
/// **Problems.** A block with a failed checksum, without `"AX"`, or with a layout this reader
/// does not know is skipped (`skippedBlocks`); a block whose sequence id is not the previous
/// good block's plus the number of blocks in between is a `sequenceBreak`; a block of another
/// session than the first good block is skipped (`sessionChanges`); a cut-off last block sets
/// `truncated`. Each is also a warning naming the byte offset (the first few of each kind).
/// A file without the `"MD"` header throws ``SensorError/unsupported(file:reason:)``.
///
/// The file is read in 64 KiB chunks through `FileHandle`; memory does not grow with its length.
public enum AxivityReader {
    static let headerSize = 1024
    static let blockSize = 512
    /// Warnings listed per kind before the rest are only counted.
    static let warningsPerKind = 10

    /// Streams the file block by block; calls `onBlock` with the samples of each good data block
    /// (a few hundred samples each) and returns what was found.
    /// `progress`, when given, hears the bytes read so far after each 64 KiB chunk.
    public static func read(
        url: URL, progress: ((Int) -> Void)? = nil, onBlock: (SampleBlock) throws -> Void
    ) throws -> RecordingReport {
        let name = url.lastPathComponent
        let handle = try SensorFile.open(url)
        defer { try? handle.close() }
        func readChunk(_ count: Int) throws -> [UInt8] {
            do {
                return [UInt8](try handle.read(upToCount: count) ?? Data())
            } catch {
                throw SensorError.unreadable(file: name, reason: error.localizedDescription)
            }
        }

        var state = try readHeader(name: name, readChunk: readChunk)
        guard !state.report.truncated else { return state.report }

        // The data blocks, a chunk of 128 blocks at a time.
        var pending: [UInt8] = []
        var index = 0
        var block = SampleBlock()
        while true {
            let chunk = try readChunk(128 * blockSize)
            if chunk.isEmpty { break }
            pending += chunk
            progress?(offset(index) + pending.count)
            let whole = pending.count / blockSize
            try pending.withUnsafeBytes { raw in
                for b in 0..<whole {
                    let bytes = UnsafeRawBufferPointer(rebasing: raw[(b * blockSize)..<((b + 1) * blockSize)])
                    try state.take(bytes, index: index, into: &block, onBlock: onBlock)
                    index += 1
                }
            }
            pending.removeFirst(whole * blockSize)
        }
        if !pending.isEmpty {
            state.report.truncated = true
            state.report.warnings.append(
                "byte \(offset(index)): the last block is cut short (\(pending.count) of \(blockSize) bytes) and was "
                    + "left out; the data before it was kept"
            )
        }
        state.finish()
        return state.report
    }

    /// Reads the 1024-byte header into the reader's state; a file that ends inside it comes
    /// back `truncated`, with nothing more to read.
    static func readHeader(name: String, readChunk: (Int) throws -> [UInt8]) throws -> State {
        // The header, which may take more than one read.
        var header: [UInt8] = []
        while header.count < headerSize {
            let chunk = try readChunk(headerSize - header.count)
            if chunk.isEmpty { break }
            header += chunk
        }
        guard header.count >= 2, header[0] == 0x4D, header[1] == 0x44 else {
            throw SensorError.unsupported(file: name, reason: "no Axivity CWA header (\"MD\" at byte 0)")
        }
        var state = State(report: RecordingReport(format: "Axivity CWA"))
        guard header.count == headerSize else {
            state.report.truncated = true
            state.report.warnings.append(
                "byte \(header.count): the file ends inside its \(headerSize)-byte header; there are no samples")
            return state
        }
        header.withUnsafeBytes { raw in
            let hardware = raw[4]
            state.report.format = hardware == 0x64 ? "Axivity AX6 CWA" : "Axivity AX3 CWA"
            var device = Int(u16(raw, 5))
            let upper = u16(raw, 11)
            if upper != 0xFFFF { device |= Int(upper) << 16 }
            state.report.deviceID = device
            state.report.sessionID = Int(u32(raw, 7))
            let code = raw[36]
            if code != 0 { state.report.sampleRate = rate(code: code) }
        }
        return state
    }

    /// Byte offset of data block `index`.
    static func offset(_ index: Int) -> Int { headerSize + index * blockSize }

    /// Samples per second for a CWA rate code: 3200 / 2^(15 - (code & 15)).
    static func rate(code: UInt8) -> Double { 3200 / Double(1 << (15 - Int(code & 15))) }

    /// Measuring range in ±g for a CWA rate code: 16 >> (code >> 6).
    static func range(code: UInt8) -> Int { 16 >> Int(code >> 6) }

    /// Whether the 256 little-endian 16-bit words of a block sum to 0 modulo 65536.
    static func checksumOK(_ block: UnsafeRawBufferPointer) -> Bool {
        #if _endian(little)
        // Four 16-bit words at a time: the even and odd words of each 64-bit load summed in 32-bit
        // lanes (64 loads of at most 65,535 cannot overflow them), then folded to 16 bits.
        var even: UInt64 = 0
        var odd: UInt64 = 0
        for i in 0..<(blockSize / 8) {
            let w = block.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
            even &+= w & 0x0000_FFFF_0000_FFFF
            odd &+= (w >> 16) & 0x0000_FFFF_0000_FFFF
        }
        let total = (even & 0xFFFF_FFFF) &+ (even >> 32) &+ (odd & 0xFFFF_FFFF) &+ (odd >> 32)
        return UInt16(truncatingIfNeeded: total) == 0
        #else
        var sum: UInt16 = 0
        for word in stride(from: 0, to: blockSize, by: 2) { sum &+= u16(block, word) }
        return sum == 0
        #endif
    }

    /// Seconds since 1970 of a packed CWA timestamp read as UTC, or nil for an impossible date.
    static func seconds(packed value: UInt32) -> Int? {
        let year = Int(value >> 26 & 0x3F) + 2000
        let month = Int(value >> 22 & 0x0F)
        let day = Int(value >> 17 & 0x1F)
        let hour = Int(value >> 12 & 0x1F)
        let minute = Int(value >> 6 & 0x3F)
        let second = Int(value & 0x3F)
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...12).contains(month), day >= 1, day <= monthDays[month - 1], hour < 24, minute < 60, second < 60
        else { return nil }
        return daysSince1970(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days-from-civil).
    static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func u16(_ raw: UnsafeRawBufferPointer, _ at: Int) -> UInt16 {
        UInt16(raw[at]) | UInt16(raw[at + 1]) << 8
    }

    static func i16(_ raw: UnsafeRawBufferPointer, _ at: Int) -> Int16 { Int16(bitPattern: u16(raw, at)) }

    static func u32(_ raw: UnsafeRawBufferPointer, _ at: Int) -> UInt32 {
        UInt32(raw[at]) | UInt32(raw[at + 1]) << 8 | UInt32(raw[at + 2]) << 16 | UInt32(raw[at + 3]) << 24
    }

    /// A signed 10-bit field of a packed sample.
    @inline(__always) static func signed10(_ bits: UInt32) -> Int32 { Int32(bitPattern: bits << 22) >> 22 }
}
