import Foundation
import SitLessCore

/// Reads ActiLife's epoch CSV export (counts per epoch), streamed line by line: a 10-line
/// header (line 1 names ActiGraph and the date format, then `Serial Number`, `Start Time
/// HH:mm:ss`, `Start Date`, `Epoch Period (hh:mm:ss)`, download time and date, memory address,
/// `Current Battery Voltage: ... Mode = N`, a line of dashes; every line may trail commas),
/// then, optionally, a line of column names, then one epoch per line.
///
/// Columns: by name when the file has names (`axis1`, `Inclinometer Sitting`, ...; `TimeStamp`
/// or `Date`/`Time` columns are skipped); otherwise from the mode, a bit field as GGIRread and
/// ActiLife read it: axis 1, then axes 2 and 3 (bits 4 and 8), steps (1), heart rate (2), lux
/// (16) and the inclinometer's off, standing, sitting and lying seconds (32). Epoch *i* starts
/// at the header's start + i × epoch, on the device's clock; an ISO `TimeStamp` column, where
/// there is one, gives each epoch's start instead (its trailing `Z` is ignored: ActiLife writes
/// the device's clock, as the header's start shows).
public enum ActiGraphEpochCSV {
    /// Whether the first bytes are an ActiLife epoch CSV: "ActiGraph" on line 1 and an
    /// `Epoch Period (hh:mm:ss)` line in the header.
    public static func isEpochCSV(_ head: Data) -> Bool {
        let text = String(decoding: SensorFile.droppingBOM(head), as: UTF8.self)
        let first = text.prefix { $0 != "\n" && $0 != "\r\n" }.lowercased()
        return first.contains("actigraph") && text.contains("Epoch Period (hh:mm:ss)")
    }

    /// The header's value after `key`, without the trailing commas a spreadsheet adds.
    static func headerValue(_ line: String, _ key: String) -> String? {
        guard line.hasPrefix(key) else { return nil }
        let rest = line.dropFirst(key.count).prefix { $0 != "," }
        return rest.trimmingCharacters(in: CharacterSet(charactersIn: " :"))
    }

    /// Column positions of axis 1 and the four inclinometer columns (nil when absent).
    struct Columns {
        var axis1 = 0
        var axes23: (Int, Int)?
        var inclinometer: [Int]?
        var count = 1
        var timestamp: Int?
    }

    static func columns(mode: Int) -> Columns {
        var c = Columns()
        var index = 1
        if mode & 4 != 0 && mode & 8 != 0 { c.axes23 = (1, 2) }
        if mode & 4 != 0 { index += 1 }
        if mode & 8 != 0 { index += 1 }
        if mode & 1 != 0 { index += 1 }
        if mode & 2 != 0 { index += 1 }
        if mode & 16 != 0 { index += 1 }
        if mode & 32 != 0 {
            c.inclinometer = Array(index..<(index + 4))
            index += 4
        }
        c.count = index
        return c
    }

    static func columns(names: [String]) -> Columns? {
        let lower = names.map { $0.lowercased().replacingOccurrences(of: " ", with: "") }
        guard let axis1 = lower.firstIndex(where: { $0 == "axis1" || $0 == "activity" }) else { return nil }
        var c = Columns(axis1: axis1, count: 1 + axis1)
        let keys = ["inclinometeroff", "inclinometerstanding", "inclinometersitting", "inclinometerlying"]
        let found = keys.map { key in
            lower.firstIndex { $0 == key || $0 == key.replacingOccurrences(of: "inclinometer", with: "incline") }
        }
        if found.allSatisfy({ $0 != nil }) { c.inclinometer = found.map { $0! } }
        c.timestamp = lower.firstIndex { $0 == "timestamp" }
        if let x = lower.firstIndex(of: "axis2"), let z = lower.firstIndex(of: "axis3") { c.axes23 = (x, z) }
        c.count = ([axis1, c.axes23?.0 ?? 0, c.axes23?.1 ?? 0] + (c.inclinometer ?? [])).max()! + 1
        return c
    }

    public static func read(url: URL, zone: TimeZone) throws -> WearableRecording {
        let name = url.lastPathComponent
        var lines = try LineReader(url: url)
        var header: [String] = []
        while header.count < 10, let line = try lines.next() { header.append(line) }
        guard header.count == 10 else {
            throw SensorError.unsupported(file: name, reason: "the ActiGraph header has fewer than 10 lines")
        }
        func find(_ key: String) -> (String, Int)? {
            for (i, line) in header.enumerated() { if let v = headerValue(line, key) { return (v, i + 1) } }
            return nil
        }
        guard let (period, periodLine) = find("Epoch Period (hh:mm:ss)") else {
            throw SensorError.unsupported(file: name, reason: "no 'Epoch Period (hh:mm:ss)' line in the 10-line header")
        }
        let parts = period.split(separator: ":").map { Int($0) }
        guard parts.count == 3, parts.allSatisfy({ $0 != nil && $0! >= 0 && $0! < 100 }),
            case let seconds = Double(parts[0]! * 3600 + parts[1]! * 60 + parts[2]!),
            ActiGraphEpochs.epochRange.contains(seconds)
        else {
            throw SensorError.badLine(
                file: name, line: periodLine,
                reason: "the epoch period \(SensorFile.excerpt(period)) is not hh:mm:ss from 1 s to 1 h")
        }
        var warnings: [String] = []
        let dayFirst = header[0].contains("date format d/") || header[0].contains("date format dd/")
        guard let (time, _) = find("Start Time"), let (date, _) = find("Start Date"),
            let start = ActiGraphDates.start(date: date, time: time, dayFirst: dayFirst, warnings: &warnings)
        else {
            throw SensorError.badLine(
                file: name, line: find("Start Time")?.1 ?? 3,
                reason: "the header lacks a readable Start Date and Start Time")
        }
        let modeNumber = header.lazy.compactMap { line -> Int? in
            guard let r = line.range(of: #"Mode = (\d+)"#, options: .regularExpression) else { return nil }
            return Int(line[r].dropFirst("Mode = ".count))
        }.first
        var epochs = ActiGraphEpochs(epochSeconds: seconds, zone: zone)
        var columns: Columns?
        var index = 0
        while let line = try lines.next() {
            if line.isEmpty { continue }
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            if columns == nil {
                let names = ["axis", "activity", "vector", "vm", "steps", "lux", "timestamp", "date", "time", "inclin"]
                if f.contains(where: { field in names.contains { field.lowercased().hasPrefix($0) } }) {
                    guard let named = Self.columns(names: f) else {
                        throw SensorError.badLine(
                            file: name, line: lines.lineNumber,
                            reason:
                                "the column names \(SensorFile.excerpt(line, limit: 60)) "
                                + "have no axis1 (vertical counts)"
                        )
                    }
                    columns = named
                    continue
                }
                columns = Self.columns(mode: modeNumber ?? 0)
                if modeNumber == nil {
                    warnings.append("the header gives no mode: the first column is read as vertical-axis counts")
                }
            }
            guard let c = columns, f.count >= c.count else {
                throw SensorError.badLine(
                    file: name, line: lines.lineNumber,
                    reason: "expected at least \(columns?.count ?? 1) fields, found \(f.count)")
            }
            guard let axis1 = Double(f[c.axis1]) else {
                throw SensorError.badLine(
                    file: name, line: lines.lineNumber,
                    reason: "the axis 1 count \(SensorFile.excerpt(f[c.axis1])) is not a number")
            }
            var axes23: (Double, Double)?
            if let (x, z) = c.axes23 {
                guard let a = Double(f[x]), let b = Double(f[z]) else {
                    throw SensorError.badLine(
                        file: name, line: lines.lineNumber, reason: "the axis 2 and 3 counts must be numbers")
                }
                axes23 = (a, b)
            }
            var incline: [Double]?
            if let positions = c.inclinometer {
                let values = positions.compactMap { Double(f[$0]) }
                guard values.count == 4 else {
                    throw SensorError.badLine(
                        file: name, line: lines.lineNumber, reason: "the inclinometer seconds must be numbers")
                }
                incline = values
            }
            var t = start + Double(index) * seconds
            if let ts = c.timestamp {
                guard let stamped = ActiGraphDates.isoSeconds(f[ts]) else {
                    throw SensorError.badLine(
                        file: name, line: lines.lineNumber,
                        reason: "the time stamp \(SensorFile.excerpt(f[ts])) is not yyyy-MM-ddTHH:mm:ss")
                }
                if index == 0, stamped != start {
                    warnings.append("the header's start differs from the first time stamp; the time stamps are used")
                }
                t = stamped
            }
            let lineNumber = lines.lineNumber
            try epochs.add(
                ActiGraphEpochs.Row(deviceTime: t, axis1: axis1, axes23: axes23, inclinometer: incline), file: name
            ) {
                SensorError.badLine(file: name, line: lineNumber, reason: $0)
            }
            index += 1
        }
        guard epochs.epochs > 0 else {
            throw SensorError.unsupported(file: name, reason: "the ActiGraph epoch file has a header but no epochs")
        }
        return epochs.recording(format: "ActiGraph epoch CSV", warnings: warnings)
    }
}

/// Dates and times as ActiLife writes them, on the device's clock (seconds since 1970 read as UTC).
enum ActiGraphDates {
    /// Seconds since 1970 of a civil date and time read as UTC; nil when not a real one.
    static func seconds(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Double) -> Double?
    {
        guard let date = LocalDate(year: year, month: month, day: day), (0..<24).contains(hour),
            (0..<60).contains(minute),
            second >= 0, second < 61
        else { return nil }
        let days = -date.days(until: LocalDate(year: 1970, month: 1, day: 1)!)
        return Double(days * 86_400 + hour * 3600 + minute * 60) + second
    }

    /// The header's start: `date` as M/d/yyyy (or d/M/yyyy when `dayFirst`; `-` or `.` may
    /// separate) and `time` as H:mm:ss. When the declared order gives no real date and the other
    /// does (ActiLife has written dd/MM headers with month-first dates), the other is used, with a warning.
    static func start(date: String, time: String, dayFirst: Bool, warnings: inout [String]) -> Double? {
        let d = date.split(whereSeparator: { "/-.".contains($0) }).map { Int($0) }
        let t = time.split(separator: ":").map { Int($0) }
        guard d.count == 3, t.count == 3, d.allSatisfy({ $0 != nil }), t.allSatisfy({ $0 != nil }) else { return nil }
        let (a, b, year) = (d[0]!, d[1]!, d[2]!)
        let declared = dayFirst ? (b, a) : (a, b)
        if let s = seconds(year, declared.0, declared.1, t[0]!, t[1]!, Double(t[2]!)) { return s }
        guard let s = seconds(year, declared.1, declared.0, t[0]!, t[1]!, Double(t[2]!)) else { return nil }
        warnings.append(
            "the start date \(SensorFile.excerpt(date)) is not a date in the declared order; "
                + "it is read the other way round"
        )
        return s
    }

    /// "yyyy-MM-ddTHH:mm:ss[.fff][Z]" (or a space for the T) as device-clock seconds.
    static func isoSeconds(_ text: String) -> Double? {
        var s = Substring(text)
        if s.hasSuffix("Z") { s = s.dropLast() }
        let parts = s.split(whereSeparator: { $0 == "T" || $0 == " " })
        guard parts.count == 2 else { return nil }
        let d = parts[0].split(separator: "-").map { Int($0) }
        let t = parts[1].split(separator: ":")
        guard d.count == 3, d.allSatisfy({ $0 != nil }), t.count == 3, let h = Int(t[0]), let m = Int(t[1]),
            let sec = Double(t[2]), sec.isFinite
        else { return nil }
        return seconds(d[0]!, d[1]!, d[2]!, h, m, sec)
    }
}
