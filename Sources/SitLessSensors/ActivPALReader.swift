import Foundation
import SitLessCore

/// Reads activPAL event exports into posture bouts.
///
/// Two layouts are recognised from their header row:
/// - the classic **Events CSV** (comma-separated): `Time` as an Excel serial date (days since
///   1899-12-30, in the device's local time), `Interval (s)`, and `ActivityCode` with
///   0 sedentary, 1 standing, 2 stepping, 2.1 cycling, 3.1 primary lying, 3.2 secondary
///   lying, 4 non-wear, 5 seated transport;
/// - the newer semicolon-separated **EventsEx** export, with `Time(approx)` (an Excel serial
///   or a `yyyy-MM-dd HH:mm:ss` local time), `Event Type` (the same codes) and `Duration (s)`.
/// Sedentary and seated transport become sitting, lying stays lying, cycling and stepping
/// become stepping (upright, active), non-wear is non-wear. Times are read in `zone`, the
/// zone the device was set to. The file is streamed line by line.
///
/// **Time in bed.** An EventsEx "Waking Day" column (0: the event lies in the primary time in
/// bed period activPAL's CREA algorithm identified; 1: in the waking day, PAL Technologies'
/// "Events extended csv" description) gives the time in bed; without that column, primary
/// lying events (3.1, CREA's longest lying container of a day) do. Either is returned as
/// `inBed`, apart from the bouts, so a diary can take its place.
public enum ActivPALReader {
    public struct Result: Sendable {
        public var bouts: [PostureBout]
        public var format: String
        /// Lines that were read as events.
        public var events: Int
        public var warnings: [String]
        /// Time in bed the file itself marks, and by what.
        public var inBed: [DateInterval] = []
        public var inBedMarker: String?
    }

    /// Posture for an activPAL activity code.
    public static func posture(code: Double) -> Posture? {
        switch code {
        case 0, 5: .sitting
        case 1: .standing
        case 2, 2.1: .stepping
        case 3.1, 3.2, 3: .lying
        case 4: .nonWear
        default: nil
        }
    }

    /// Warnings listed before the rest are only counted.
    static let warningLimit = 20

    /// The columns of an activPAL header row, or nil when the line is not one.
    static func header(_ line: String) -> Columns? {
        let separator: Character = line.filter({ $0 == ";" }).count > line.filter({ $0 == "," }).count ? ";" : ","
        let names = split(line, separator).map { $0.lowercased() }
        let time = names.firstIndex { $0.hasPrefix("time") }
        let code = names.firstIndex {
            $0.contains("activitycode") || $0.contains("activity code") || $0.contains("event type")
        }
        let duration = names.firstIndex { $0.contains("interval") || $0.contains("duration") }
        guard let time, let code, let duration else { return nil }
        let waking = names.firstIndex { $0.replacingOccurrences(of: " ", with: "") == "wakingday" }
        return Columns(
            time: time, code: code, duration: duration, waking: waking, separator: separator,
            format: separator == ";" ? "activPAL EventsEx" : "activPAL Events")
    }

    struct Columns {
        var time, code, duration: Int
        /// The "Waking Day" column, when the export has one.
        var waking: Int?
        var separator: Character
        var format: String
    }

    public static func read(url: URL, zone: TimeZone) throws -> Result {
        let name = url.lastPathComponent
        var lines = try LineReader(url: url)
        var header: Columns?
        var bouts: [PostureBout] = []
        var inBed: [DateInterval] = []
        func addInBed(_ start: Date, _ end: Date) {
            if let last = inBed.last, abs(last.end.timeIntervalSince(start)) < 1 {
                inBed[inBed.count - 1] = DateInterval(start: last.start, end: max(last.end, end))
            } else {
                inBed.append(DateInterval(start: start, end: end))
            }
        }
        var warnings: [String] = []
        var unlistedWarnings = 0
        var events = 0
        func noHeader() -> SensorError {
            let looks = (try? SensorFile.head(url)).map(SensorFile.describe) ?? "unreadable"
            return SensorError.unsupported(
                file: name,
                reason: "no activPAL header (Time, ActivityCode or Event Type, Interval or Duration) "
                    + "in the first 5 lines; the file looks like \(looks). \(SensorFile.supportedFormats)")
        }
        while let raw = try lines.next() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.lowercased().hasPrefix("sep=") { continue }
            guard let columns = header else {
                // Look for the header row among the first lines.
                if let found = Self.header(line) {
                    header = found
                } else if lines.lineNumber >= 5 {
                    throw noHeader()
                }
                continue
            }
            let fields = split(line, columns.separator)
            let needed = max(columns.time, columns.code, columns.duration, columns.waking ?? 0)
            guard fields.count > needed else {
                throw SensorError.badLine(
                    file: name, line: lines.lineNumber,
                    reason: "expected at least \(needed + 1) fields, found \(fields.count)")
            }
            let timeText = fields[columns.time]
            guard let start = instant(timeText, zone: zone) else {
                throw SensorError.badLine(
                    file: name, line: lines.lineNumber,
                    reason:
                        "\(SensorFile.excerpt(timeText)) is not a time (an Excel serial date or yyyy-MM-dd HH:mm:ss)")
            }
            guard TimeBounds.contains(start) else {
                throw SensorError.badLine(
                    file: name, line: lines.lineNumber,
                    reason:
                        "the time \(SensorFile.excerpt(timeText)) is outside the accepted range "
                        + "\(TimeBounds.instantRangeText)"
                )
            }
            let codeText = fields[columns.code]
            guard let code = Double(codeText.replacingOccurrences(of: ",", with: ".")) else {
                throw SensorError.badLine(
                    file: name, line: lines.lineNumber,
                    reason: "activity code \(SensorFile.excerpt(codeText)) is not a number")
            }
            let durationText = fields[columns.duration]
            guard let seconds = Double(durationText.replacingOccurrences(of: ",", with: ".")), seconds.isFinite,
                seconds >= 0
            else {
                throw SensorError.badLine(
                    file: name, line: lines.lineNumber,
                    reason: "duration \(SensorFile.excerpt(durationText)) is not a number of seconds")
            }
            let end = start.addingTimeInterval(seconds)
            guard TimeBounds.contains(end) else {
                throw SensorError.badLine(
                    file: name, line: lines.lineNumber,
                    reason:
                        "a duration of \(SensorFile.excerpt(durationText)) s ends the event outside the accepted "
                        + "range \(TimeBounds.instantRangeText)"
                )
            }
            events += 1
            if let waking = columns.waking {
                let text = fields[waking]
                guard let flag = Double(text), flag == 0 || flag == 1 else {
                    throw SensorError.badLine(
                        file: name, line: lines.lineNumber,
                        reason: "Waking Day \(SensorFile.excerpt(text)) is not 0 (in bed) or 1 (waking day)")
                }
                if flag == 0, seconds > 0 { addInBed(start, end) }
            } else if code == 3.1, seconds > 0 {
                addInBed(start, end)
            }
            guard let posture = posture(code: code) else {
                if warnings.count < warningLimit {
                    warnings.append(
                        "line \(lines.lineNumber): unknown activity code "
                            + "\(SensorFile.excerpt(codeText).dropFirst().dropLast()), counted as unknown time"
                    )
                } else {
                    unlistedWarnings += 1
                }
                continue
            }
            guard seconds > 0 else { continue }
            if let last = bouts.last, start < last.end.addingTimeInterval(-1) {
                throw SensorError.badLine(
                    file: name, line: lines.lineNumber,
                    reason: "event starts before the previous one ends; events must be in time order")
            }
            // Back-to-back events of the same posture are one bout.
            if var last = bouts.last, last.posture == posture, abs(last.end.timeIntervalSince(start)) < 1 {
                last.end = end
                bouts[bouts.count - 1] = last
            } else {
                bouts.append(PostureBout(posture, from: start, to: end, source: .wearable, confidence: 0.95))
            }
        }
        guard let columns = header else { throw noHeader() }
        if unlistedWarnings > 0 {
            warnings.append("\(unlistedWarnings) more lines with unknown activity codes not listed")
        }
        if events == 0 { warnings.append("the file has a header but no events") }
        let marker: String? =
            inBed.isEmpty
            ? nil : columns.waking != nil ? "the file's Waking Day column" : "the file's primary lying events"
        return Result(
            bouts: bouts, format: columns.format, events: events, warnings: warnings, inBed: inBed, inBedMarker: marker)
    }

    /// Splits a delimited line, honouring double quotes.
    static func split(_ line: String, _ separator: Character) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        for ch in line {
            if ch == "\"" {
                quoted.toggle()
                continue
            }
            if ch == separator && !quoted {
                fields.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(ch)
            }
        }
        fields.append(current.trimmingCharacters(in: .whitespaces))
        return fields
    }

    /// Excel serial date (days since 1899-12-30, local time) or `yyyy-MM-dd HH:mm:ss[.SSS]`;
    /// nil when the text is not one or names a clock time that does not exist (25:00). The
    /// caller checks the result against `TimeBounds`.
    static func instant(_ text: String, zone: TimeZone) -> Date? {
        if let serial = Double(text.replacingOccurrences(of: ",", with: ".")) {
            // 1900-01-01 to 9999-12-31: any other number is not a date (and 1e300 or inf
            // would not fit a day count).
            guard serial.isFinite, serial > 0 && serial < 2_958_466 else { return nil }
            let days = serial.rounded(.down)
            let seconds = ((serial - days) * 86_400 * 1000).rounded() / 1000
            let date = LocalDate(year: 1899, month: 12, day: 30)!.adding(days: Int(days))
            return date.startOfDay(in: zone).addingTimeInterval(
                seconds + offsetCorrection(date: date, seconds: seconds, zone: zone))
        }
        let parts = text.split(separator: " ")
        guard parts.count == 2, let date = LocalDate(iso: String(parts[0])) else { return nil }
        let clock = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 2 || clock.count == 3, clock[0].count <= 2, clock[1].count == 2,
            let h = Int(clock[0]), let m = Int(clock[1]), (0..<24).contains(h), (0..<60).contains(m)
        else { return nil }
        var s = 0.0
        if clock.count == 3 {
            guard clock[2].count <= 12, let value = Double(clock[2]), value.isFinite, value >= 0, value < 61 else {
                return nil
            }
            s = value
        }
        return date.instant(hour: h, minute: m, in: zone).addingTimeInterval(s)
    }

    /// Wall-clock seconds after midnight are not always elapsed seconds (on a daylight-saving
    /// day); this corrects the difference so `seconds` is read as the wall clock.
    static func offsetCorrection(date: LocalDate, seconds: Double, zone: TimeZone) -> TimeInterval {
        let midnight = date.startOfDay(in: zone)
        let naive = midnight.addingTimeInterval(seconds)
        return TimeInterval(zone.secondsFromGMT(for: midnight) - zone.secondsFromGMT(for: naive))
    }
}
