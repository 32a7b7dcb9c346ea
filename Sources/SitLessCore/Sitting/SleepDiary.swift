import Foundation

/// A researcher's diary of time in bed, given to `sitless analyze --diary FILE`.
///
/// A CSV file (comma-separated, `#` starts a comment line, blank lines skipped) whose header
/// names one of two layouts:
/// - `in_bed,out_of_bed`: one row per night, when the person went to bed and got up;
/// - `wear_from,wear_until`: one row per day, the waking wear window; the time between one
///   day's window and the next day's is taken as the night (time in bed), as in the diary
///   method of 24-hour activPAL studies (Winkler et al. 2016, Physiol Meas 37:1653).
/// An optional `file` column names the recording a row belongs to (its file name, without
/// folders); rows without it apply to every file. Times are local, in the recording's time
/// zone: `2026-03-02 23:10`, with optional seconds, `T` allowed between date and time.
///
/// Each row is checked: a time that is not a real time, an end not after its start, a night
/// or window longer than 24 hours, or rows of one file that overlap are refused with the line
/// number and what was wrong.
public struct SleepDiary: Sendable, Equatable {
    public enum Layout: String, Sendable {
        case inBed = "in_bed,out_of_bed"
        case wearWindows = "wear_from,wear_until"
    }

    public struct Row: Sendable, Equatable {
        public var line: Int
        /// File name the row is for, or nil for every file.
        public var file: String?
        public var from: Date
        public var to: Date
    }

    public var layout: Layout
    public var rows: [Row]

    /// The longest one row may cover.
    public static let longestRow: TimeInterval = 24 * 3600

    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    public init(text: String, zone: TimeZone) throws(Problem) {
        var layout: Layout?
        var columns: (file: Int?, from: Int, to: Int) = (nil, 0, 1)
        var rows: [Row] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, raw) in lines.enumerated() {
            let number = index + 1
            var line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if index == 0, line.hasPrefix("\u{FEFF}") { line.removeFirst() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"")).lowercased()
            }
            guard layout != nil else {
                let file = fields.firstIndex(of: "file")
                if let a = fields.firstIndex(of: "in_bed"), let b = fields.firstIndex(of: "out_of_bed") {
                    layout = .inBed
                    columns = (file, a, b)
                } else if let a = fields.firstIndex(of: "wear_from"), let b = fields.firstIndex(of: "wear_until") {
                    layout = .wearWindows
                    columns = (file, a, b)
                } else {
                    throw Problem(
                        line: number,
                        message: "the header must name in_bed and out_of_bed (nights) or wear_from and "
                            + "wear_until (waking wear windows); found '\(line.prefix(80))'")
                }
                continue
            }
            let names = layout == .inBed ? ("in_bed", "out_of_bed") : ("wear_from", "wear_until")
            let needed = max(columns.from, columns.to, columns.file ?? 0) + 1
            guard fields.count >= needed else {
                throw Problem(line: number, message: "expected \(needed) fields, found \(fields.count)")
            }
            let original = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: CharacterSet(charactersIn: " \""))
            }
            guard let from = SleepDiary.time(original[columns.from], zone: zone) else {
                throw Problem(
                    line: number,
                    message: "\(names.0) '\(original[columns.from])' is not a local time like 2026-03-02 23:10")
            }
            guard let to = SleepDiary.time(original[columns.to], zone: zone) else {
                throw Problem(
                    line: number,
                    message: "\(names.1) '\(original[columns.to])' is not a local time like 2026-03-03 06:45")
            }
            guard to > from else {
                throw Problem(
                    line: number,
                    message: "\(names.1) \(original[columns.to]) is not after \(names.0) "
                        + "\(original[columns.from])")
            }
            guard to.timeIntervalSince(from) <= SleepDiary.longestRow else {
                throw Problem(
                    line: number,
                    message: "\(names.0) to \(names.1) is \(DurationText.minutes(to.timeIntervalSince(from))); "
                        + "one row may cover at most 24 h")
            }
            let file = columns.file.map { original[$0] }.flatMap { $0.isEmpty ? nil : $0 }
            if let clash = rows.first(where: {
                ($0.file == nil || file == nil || $0.file == file) && $0.from < to
                    && from < $0.to
            }) {
                throw Problem(line: number, message: "overlaps the row on line \(clash.line)")
            }
            rows.append(Row(line: number, file: file, from: from, to: to))
        }
        guard let layout else { throw Problem(line: max(1, lines.count), message: "the diary has no header row") }
        self.layout = layout
        self.rows = rows.sorted { $0.from < $1.from }
    }

    /// The time in bed the diary gives for a file (by name): the nights themselves, or the
    /// time between consecutive wear windows.
    public func inBed(forFile name: String) -> [DateInterval] {
        let mine = rows.filter { $0.file == nil || $0.file == name }
        switch layout {
        case .inBed:
            return mine.map { DateInterval(start: $0.from, end: $0.to) }
        case .wearWindows:
            return zip(mine, mine.dropFirst()).compactMap { a, b in
                b.from > a.to ? DateInterval(start: a.to, end: b.from) : nil
            }
        }
    }

    /// Whether any row is for this file (or for every file).
    public func covers(file name: String) -> Bool { rows.contains { $0.file == nil || $0.file == name } }

    /// A local time `yyyy-MM-dd HH:mm[:ss]` (or with `T`) in `zone`, checked field by field.
    static func time(_ text: String, zone: TimeZone) -> Date? {
        let parts = text.replacingOccurrences(of: "T", with: " ").split(separator: " ")
        guard parts.count == 2, let day = LocalDate(iso: String(parts[0])) else { return nil }
        let clock = parts[1].split(separator: ":").map { Int($0) }
        guard clock.count == 2 || clock.count == 3, clock.allSatisfy({ $0 != nil }) else { return nil }
        let (h, m, s) = (clock[0]!, clock[1]!, clock.count == 3 ? clock[2]! : 0)
        guard (0...23).contains(h), (0...59).contains(m), (0...59).contains(s) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        var components = DateComponents()
        components.year = day.year
        components.month = day.month
        components.day = day.day
        components.hour = h
        components.minute = m
        components.second = s
        return calendar.date(from: components)
    }
}
