import Foundation
import SitLessCore

/// Reads GENEActiv `.bin` files (Activinsights), streamed a page at a time. The layout is the
/// one actipy's `GENEActivReader.java` and GGIRread's `readGENEActiv` read, and SitLess gives the
/// same samples as actipy (checked sample by sample in `Tests/Sensors/compare_formats.py`):
///
/// - a text header of "Key:Value" lines in sections ("Device Identity", ..., "Calibration
///   Data" with `x gain`, `x offset`, ..., `Volts`, `Lux`, "Memory Status" with `Number of
///   Pages`), some values padded with NUL bytes, lines ending in CR LF;
/// - then pages of exactly 10 lines: `Recorded Data`, serial, sequence, `Page Time:yyyy-MM-dd
///   HH:mm:ss:SSS`, unassigned, `Temperature`, battery, status, `Measurement Frequency` and
///   one line of 3600 hex digits: 300 samples of 12 digits, x, y and z as 12-bit two's
///   complement, then 10 bits of light, the button bit and a reserved bit (not used here).
///
/// A raw value becomes g as (raw × 100 − offset) / gain (the device's own calibration, as
/// actipy, GGIRread and Activinsights' software apply it). Sample *i* of a page is at
/// page time + i / frequency, on the device's clock, which has no zone (the caller moves it to
/// UTC). actipy keeps whole milliseconds (it truncates); SitLess keeps the exact time.
/// Pages whose header or hex line is malformed are skipped and counted, as actipy skips them;
/// samples whose time is not after the previous sample's are dropped, as actipy's quality
/// control drops them.
public enum GENEActivReader {
    public static let samplesPerPage = 300
    static let pageLines = 10
    /// A header longer than this is not a GENEActiv header (real ones have 59 lines).
    static let maximumHeaderLines = 200
    /// Calibration gains accepted: real devices store about 25 600 (256 units per g, × 100);
    /// the bound keeps every value finite and its square too.
    static let gains = 1.0...1e7
    /// Measurement frequencies accepted (GENEActiv samples at 10 to 100 Hz).
    static let rates = 1.0...1000.0

    /// Whether the first bytes are a GENEActiv `.bin` header.
    public static func isGENEActiv(_ head: Data) -> Bool {
        let text = String(decoding: SensorFile.droppingBOM(head.prefix(1024)), as: UTF8.self)
        return text.hasPrefix("Device Identity") && (text.contains("GENEActiv") || text.contains("Calibration Data"))
    }

    /// Whether the first bytes are a file of the original GENEA (2010), which SitLess refuses.
    public static func isOriginalGENEA(_ head: Data) -> Bool {
        String(decoding: head.prefix(16), as: UTF8.self).hasPrefix("GENEA/")
    }

    /// The refusal for an original GENEA file, in words.
    static let originalGENEAReason =
        "an original GENEA file (2010), not GENEActiv: the GENEA's undocumented binary "
        + "layout predates GENEActiv and actipy does not read it either; GGIRread's readGenea does"

    struct Calibration {
        var gain = [Double](repeating: .nan, count: 3)
        var offset = [Double?](repeating: nil, count: 3)
    }

    /// Streams the samples in g with times in seconds since 1970 on the device's clock read as
    /// UTC. `progress` hears the bytes read now and then.
    public static func read(
        url: URL, progress: ((Int) -> Void)? = nil,
        onBlock: (SampleBlock) throws -> Void
    ) throws -> RecordingReport {
        let name = url.lastPathComponent
        var lines = try LineReader(url: url)
        var report = RecordingReport(format: "GENEActiv .bin")
        let (calibration, expectedPages) = try readHeader(&lines, name: name, report: &report)
        var block = SampleBlock()
        var previous = -Double.infinity
        var pages = 0
        var dropped = 0
        var lastShort = false
        var firstProblem: String?
        var raw = [Int](repeating: 0, count: samplesPerPage * 3)
        // The header ends at the first page's marker, which readHeader consumed.
        var marker: String? = "Recorded Data"
        while let first = try marker ?? lines.next() {
            marker = nil
            let startLine = lines.lineNumber
            var page = [first]
            while page.count < pageLines, let line = try lines.next() { page.append(line) }
            pages += 1
            if pages & 0xFF == 0 { progress?(lines.bytesRead) }
            guard page.count == pageLines else {
                report.truncated = true
                report.warnings.append(
                    "the file ends inside the page at line \(startLine) (\(page.count) of 10 lines): it is left out")
                break
            }
            let header: (start: Double, rate: Double)
            switch pageHeader(page) {
            case .failure(let problem):
                report.skippedBlocks += 1
                if firstProblem == nil { firstProblem = "line \(startLine): \(problem)" }
                continue
            case .success(let h): header = h
            }
            lastShort = false
            guard decode(page[9], into: &raw) else {
                report.skippedBlocks += 1
                lastShort = page[9].utf8.count < samplesPerPage * 12
                if firstProblem == nil {
                    firstProblem =
                        "line \(startLine + 9): expected \(samplesPerPage * 12) hex digits, found "
                        + "\(SensorFile.excerpt(page[9].prefix(24)))... (\(page[9].utf8.count) characters)"
                }
                continue
            }
            let last = header.start + Double(samplesPerPage - 1) / header.rate
            guard TimeBounds.instant(secondsSince1970: header.start) != nil,
                TimeBounds.instant(secondsSince1970: last) != nil
            else {
                throw SensorError.badLine(
                    file: name, line: startLine + 3,
                    reason:
                        "the page time \(SensorFile.excerpt(page[3].dropFirst(10))) is outside the accepted range "
                        + TimeBounds.instantRangeText
                )
            }
            report.sampleRate = report.sampleRate ?? header.rate
            report.blocks += 1
            for i in 0..<samplesPerPage {
                let t = header.start + Double(i) / header.rate
                guard t > previous else {
                    dropped += 1
                    continue
                }
                previous = t
                block.times.append(t)
                block.x.append((Double(raw[3 * i]) * 100 - calibration.offset[0]!) / calibration.gain[0])
                block.y.append((Double(raw[3 * i + 1]) * 100 - calibration.offset[1]!) / calibration.gain[1])
                block.z.append((Double(raw[3 * i + 2]) * 100 - calibration.offset[2]!) / calibration.gain[2])
            }
            if block.count >= 4096 {
                report.samples += block.count
                try onBlock(block)
                block = SampleBlock()
            }
        }
        if block.count > 0 {
            report.samples += block.count
            try onBlock(block)
        }
        // A short hex line on the last page: the file was cut (GGIRread's test file is).
        if lastShort { report.truncated = true }
        if let expectedPages, expectedPages != pages {
            report.warnings.append("the header announces \(expectedPages) pages; the file has \(pages)")
        }
        guard report.samples > 0 else {
            throw SensorError.unsupported(
                file: name,
                reason: firstProblem.map { "no readable GENEActiv page; the first problem is at \($0)" }
                    ?? "the GENEActiv file has a header but no pages")
        }
        if let firstProblem {
            report.warnings.append("\(report.skippedBlocks) malformed pages left out (first at \(firstProblem))")
        }
        if dropped > 0 {
            report.warnings.append(
                "\(dropped) samples left out: their time is not after the previous sample's (pages overlap)")
        }
        return report
    }

    /// Reads the header up to and including the first page's `Recorded Data` line.
    static func readHeader(
        _ lines: inout LineReader, name: String,
        report: inout RecordingReport
    ) throws -> (Calibration, expectedPages: Int?) {
        var calibration = Calibration()
        var expectedPages: Int?
        while let line = try lines.next() {
            let text = line.trimmingCharacters(in: CharacterSet(charactersIn: "\0 \t"))
            if text == "Recorded Data" {
                for axis in 0..<3 where calibration.offset[axis] == nil || !gains.contains(abs(calibration.gain[axis]))
                {
                    let key = ["x", "y", "z"][axis]
                    throw SensorError.badLine(
                        file: name, line: lines.lineNumber,
                        reason: "the header before the first page lacks a '\(key) gain' of 1 to 10^7 in magnitude "
                            + "and a whole '\(key) offset' (its Calibration Data)")
                }
                return (calibration, expectedPages)
            }
            guard lines.lineNumber <= maximumHeaderLines else { break }
            guard let colon = text.firstIndex(of: ":") else { continue }
            let key = text[..<colon].trimmingCharacters(in: .whitespaces)
            let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "x gain", "y gain", "z gain":
                calibration.gain[["x gain", "y gain", "z gain"].firstIndex(of: key)!] = Double(value) ?? .nan
            case "x offset", "y offset", "z offset":
                calibration.offset[["x offset", "y offset", "z offset"].firstIndex(of: key)!] = Int(value).map(
                    Double.init)
            case "Number of Pages": expectedPages = Int(value)
            case "Device Unique Serial Code": report.deviceID = Int(value)
            default: break
            }
        }
        throw SensorError.unsupported(
            file: name,
            reason: "no 'Recorded Data' page in the first \(maximumHeaderLines) lines of the GENEActiv header")
    }

    /// The start (device clock, seconds since 1970) and rate of a page, or what is wrong with it.
    static func pageHeader(_ page: [String]) -> Result<(start: Double, rate: Double), PageProblem> {
        guard page[0] == "Recorded Data" else {
            return .failure(PageProblem("expected 'Recorded Data', found \(SensorFile.excerpt(page[0]))"))
        }
        guard let time = value(page[3], "Page Time"), let start = pageTime(time) else {
            return .failure(
                PageProblem("expected 'Page Time:yyyy-MM-dd HH:mm:ss:SSS', found \(SensorFile.excerpt(page[3]))"))
        }
        guard let temperature = value(page[5], "Temperature").flatMap(Double.init), temperature.isFinite else {
            return .failure(PageProblem("expected a 'Temperature' in degrees, found \(SensorFile.excerpt(page[5]))"))
        }
        guard let rate = value(page[8], "Measurement Frequency").flatMap(Double.init), rates.contains(rate) else {
            return .failure(
                PageProblem("expected a 'Measurement Frequency' of 1 to 1000 Hz, found \(SensorFile.excerpt(page[8]))"))
        }
        return .success((start, rate))
    }

    struct PageProblem: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// The value after the first colon when the key before it is `key` (spaces trimmed).
    static func value(_ line: String, _ key: String) -> String? {
        guard let colon = line.firstIndex(of: ":"), line[..<colon].trimmingCharacters(in: .whitespaces) == key else {
            return nil
        }
        return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }

    /// "yyyy-MM-dd HH:mm:ss:SSS" (exactly 23 characters, as actipy requires) as seconds since
    /// 1970, the clock read as UTC; nil when it is not a real date and time.
    static func pageTime(_ text: String) -> Double? {
        let c = Array(text.utf8)
        guard c.count == 23, c[4] == 0x2D, c[7] == 0x2D, c[10] == 0x20, c[13] == 0x3A, c[16] == 0x3A, c[19] == 0x3A
        else { return nil }
        func number(_ from: Int, _ length: Int) -> Int? {
            var n = 0
            for k in from..<(from + length) {
                guard (0x30...0x39).contains(c[k]) else { return nil }
                n = n * 10 + Int(c[k] - 0x30)
            }
            return n
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
            let minute = number(14, 2), let second = number(17, 2), let millis = number(20, 3),
            hour < 24, minute < 60, second < 60, let date = LocalDate(year: year, month: month, day: day)
        else { return nil }
        let days = date.days(until: LocalDate(year: 1970, month: 1, day: 1)!) * -1
        return Double(days * 86_400 + hour * 3600 + minute * 60 + second) + Double(millis) / 1000
    }

    /// Decodes 300 samples of x, y, z (12-bit two's complement) from a hex line into `raw`;
    /// false when the line is not 3600 hex digits.
    static func decode(_ line: String, into raw: inout [Int]) -> Bool {
        var line = line
        return line.withUTF8 { bytes in
            guard bytes.count == samplesPerPage * 12 else { return false }
            var k = 0
            for sample in 0..<samplesPerPage {
                for component in 0..<4 {
                    var value = 0
                    for digit in 0..<3 {
                        let byte = bytes[sample * 12 + component * 3 + digit]
                        let nibble: Int
                        switch byte {
                        case 0x30...0x39: nibble = Int(byte) - 0x30
                        case 0x41...0x46: nibble = Int(byte) - 0x41 + 10
                        case 0x61...0x66: nibble = Int(byte) - 0x61 + 10
                        default: return false
                        }
                        value = value << 4 | nibble
                    }
                    if component < 3 {
                        raw[k] = value >= 2048 ? value - 4096 : value
                        k += 1
                    }
                }
            }
            return true
        }
    }
}
