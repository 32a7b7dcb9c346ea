import Foundation
import SitLessCore

/// Reads raw accelerometer CSV files in g, streamed in blocks of samples:
/// - ActiGraph's CSV export from ActiLife: a 10-line header block whose first line names the
///   sample rate (`... at 30 Hz ...`) and date format (`date format M/d/yyyy`), with `Start Time`
///   and `Start Date` lines, then a column header and one sample per line (`Accelerometer
///   X,Y,Z`, optionally after a `Timestamp` column). Sample *i* is at start + i / rate,
///   read in the device's local time zone;
/// - a plain `time,x,y,z` CSV whose time is an ISO 8601 instant or Unix seconds.
public enum RawCSVReader {
    public static let blockSize = 4096
    /// The largest acceleration accepted, in g: sensors measure up to a few hundred g, and a
    /// bound keeps sums of squares finite.
    public static let maximumG = 1000.0
    /// Sample rates accepted in an ActiGraph header (ActiGraph devices sample at 30 to 100 Hz).
    public static let rates = 1.0...1000.0

    /// `progress`, when given, hears the bytes read so far each time a block is handed on.
    public static func read(
        url: URL, zone: TimeZone, progress: ((Int) -> Void)? = nil,
        onBlock: (SampleBlock) throws -> Void
    ) throws -> RecordingReport {
        let name = url.lastPathComponent
        var lines = try LineReader(url: url)
        guard let first = try lines.next() else {
            throw SensorError.unsupported(file: name, reason: "the file is empty")
        }
        if first.contains("ActiGraph") {
            return try readActiGraph(
                first: first, lines: &lines, name: name, zone: zone, progress: progress, onBlock: onBlock)
        }
        // GGIR and scikit-digital-health write no header: the first line is a sample.
        var pending: String? = TimestampCSV.isSample(first) ? first : nil
        let columns = first.lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let named = columns.count >= 4 && columns[0].hasPrefix("time") && columns[1...3] == ["x", "y", "z"]
        guard pending != nil || named else {
            throw SensorError.unsupported(
                file: name,
                reason:
                    "expected an ActiGraph CSV export or a header time,x,y,z; line 1 is \(SensorFile.excerpt(first))")
        }
        var report = RecordingReport(format: pending == nil ? "time,x,y,z CSV" : "time,x,y,z CSV without header")
        var block = SampleBlock()
        // Made when a first ISO time is met: most files have Unix seconds.
        var formatters: (plain: ISO8601DateFormatter, fraction: ISO8601DateFormatter)?
        func isoTime(_ text: String) -> Double? {
            if formatters == nil {
                let fraction = ISO8601DateFormatter()
                fraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
                formatters = (ISO8601DateFormatter(), fraction)
            }
            if let instant = formatters?.fraction.date(from: text) ?? formatters?.plain.date(from: text) {
                return instant.timeIntervalSince1970
            }
            // No zone (GGIR's "yyyy-MM-dd HH:mm:ss.SSS"): the device's clock, in `zone`.
            return ActiGraphDates.isoSeconds(text).map { naive in
                naive - Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: naive)))
            }
        }
        var previous = -Double.infinity
        while let line = try pending ?? lines.next() {
            pending = nil
            if lines.lineNumber & 0xFFFF == 0 { progress?(lines.bytesRead) }
            if line.isEmpty { continue }
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard f.count >= 4 else {
                throw SensorError.badLine(
                    file: name, line: lines.lineNumber, reason: "expected time,x,y,z, found \(f.count) fields")
            }
            let timeText = f[0].trimmingCharacters(in: .whitespaces)
            guard let seconds = Double(timeText) ?? isoTime(timeText) else {
                throw SensorError.badLine(
                    file: name, line: lines.lineNumber,
                    reason: "\(SensorFile.excerpt(timeText)) is not an ISO 8601 time or Unix seconds")
            }
            guard let t = TimeBounds.instant(secondsSince1970: seconds)?.timeIntervalSince1970 else {
                throw SensorError.badLine(
                    file: name, line: lines.lineNumber,
                    reason:
                        "the time \(SensorFile.excerpt(timeText)) is outside the accepted range "
                            + "\(TimeBounds.instantRangeText)"
                )
            }
            let (x, y, z) = try acceleration(f[1], f[2], f[3], name: name, line: lines.lineNumber)
            guard t > previous else {
                throw SensorError.badLine(file: name, line: lines.lineNumber, reason: "time does not increase")
            }
            previous = t
            try append(&block, t, x, y, z, &report, onBlock)
        }
        try flush(&block, &report, onBlock)
        return report
    }

    static func readActiGraph(
        first: String, lines: inout LineReader, name: String, zone: TimeZone,
        progress: ((Int) -> Void)?, onBlock: (SampleBlock) throws -> Void
    ) throws -> RecordingReport {
        var report = RecordingReport(format: "ActiGraph CSV")
        guard let rateText = first.range(of: #"at (\d+) Hz"#, options: .regularExpression).map({ first[$0] }),
            let rate = Double(rateText.split(separator: " ")[1])
        else {
            throw SensorError.badLine(
                file: name, line: 1, reason: "the header does not give the sample rate (\"at N Hz\")")
        }
        guard rates.contains(rate) else {
            throw SensorError.badLine(
                file: name, line: 1,
                reason:
                    "a sample rate of \(SensorFile.excerpt(rateText.dropFirst(3).dropLast(3))) Hz is outside 1 to "
                        + "1000 Hz"
            )
        }
        report.sampleRate = rate
        let dayFirst = first.contains("date format d/M/yyyy") || first.contains("date format dd/MM/yyyy")
        var startTime: String?
        var startDate: String?
        var headerDone = false
        var hasTimestamp = false
        var index = 0
        var origin = 0.0
        var block = SampleBlock()
        while let line = try lines.next() {
            if lines.lineNumber & 0xFFFF == 0 { progress?(lines.bytesRead) }
            if !headerDone {
                if line.hasPrefix("Start Time") {
                    startTime = String(line.dropFirst("Start Time".count)).trimmingCharacters(in: .whitespaces)
                }
                if line.hasPrefix("Start Date") {
                    startDate = String(line.dropFirst("Start Date".count)).trimmingCharacters(in: .whitespaces)
                }
                if line.lowercased().contains("accelerometer x") {
                    headerDone = true
                    hasTimestamp = line.lowercased().hasPrefix("timestamp")
                    guard let startTime, let startDate,
                        let start = actiGraphStart(date: startDate, time: startTime, dayFirst: dayFirst, zone: zone)
                    else {
                        throw SensorError.badLine(
                            file: name, line: lines.lineNumber,
                            reason: "the header lacks a readable Start Date and Start Time")
                    }
                    guard TimeBounds.contains(start) else {
                        throw SensorError.badLine(
                            file: name, line: lines.lineNumber,
                            reason:
                                "the start \(SensorFile.excerpt(startDate + " " + startTime)) is outside the "
                                    + "accepted range \(TimeBounds.instantRangeText)"
                        )
                    }
                    origin = start.timeIntervalSince1970
                }
                if lines.lineNumber > 20 && !headerDone {
                    throw SensorError.unsupported(
                        file: name, reason: "no 'Accelerometer X,Y,Z' column header in the first 20 lines")
                }
                continue
            }
            if line.isEmpty { continue }
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            let offset = hasTimestamp ? 1 : 0
            guard f.count >= 3 + offset, Double(f[offset]) != nil, Double(f[offset + 1]) != nil,
                Double(f[offset + 2]) != nil
            else {
                throw SensorError.badLine(
                    file: name, line: lines.lineNumber, reason: "expected three numbers (g) for X, Y and Z")
            }
            let (x, y, z) = try acceleration(
                f[offset], f[offset + 1], f[offset + 2], name: name, line: lines.lineNumber)
            let t = origin + Double(index) / rate
            guard t <= TimeBounds.latestFixed.timeIntervalSince1970 else {
                throw SensorError.badLine(
                    file: name, line: lines.lineNumber,
                    reason:
                        "this sample's time is after 2100-01-01, outside the accepted range "
                            + "\(TimeBounds.instantRangeText)"
                )
            }
            try append(&block, t, x, y, z, &report, onBlock)
            index += 1
        }
        if !headerDone {
            throw SensorError.unsupported(file: name, reason: "the ActiGraph header never reaches the sample columns")
        }
        try flush(&block, &report, onBlock)
        return report
    }

    /// x, y and z in g: finite numbers no larger than `maximumG`.
    static func acceleration(
        _ x: Substring, _ y: Substring, _ z: Substring, name: String, line: Int
    ) throws -> (Double, Double, Double) {
        guard let a = Double(x), let b = Double(y), let c = Double(z) else {
            throw SensorError.badLine(file: name, line: line, reason: "x, y and z must be numbers in g")
        }
        guard abs(a) <= maximumG, abs(b) <= maximumG, abs(c) <= maximumG else {
            let bad = [(x, a), (y, b), (z, c)].first { !(abs($0.1) <= maximumG) }?.0 ?? x
            throw SensorError.badLine(
                file: name, line: line,
                reason: "the acceleration \(SensorFile.excerpt(bad)) is not a number of g between -1000 and 1000")
        }
        return (a, b, c)
    }

    /// The start of an ActiGraph recording from its header's date (M/d/yyyy, or d/M/yyyy) and
    /// time (HH:mm:ss); nil when either is not a real date or clock time.
    static func actiGraphStart(date: String, time: String, dayFirst: Bool, zone: TimeZone) -> Date? {
        let dateParts = date.split(separator: "/", omittingEmptySubsequences: false)
        let timeParts = time.split(separator: ":", omittingEmptySubsequences: false)
        guard dateParts.count == 3, timeParts.count == 3,
            (dateParts + timeParts).allSatisfy({ (1...4).contains($0.count) })
        else { return nil }
        let d = dateParts.compactMap { Int($0) }
        let t = timeParts.compactMap { Int($0) }
        guard d.count == 3, t.count == 3, (0..<24).contains(t[0]), (0..<60).contains(t[1]), (0..<60).contains(t[2])
        else { return nil }
        let (month, day) = dayFirst ? (d[1], d[0]) : (d[0], d[1])
        guard let local = LocalDate(year: d[2], month: month, day: day) else { return nil }
        return local.instant(hour: t[0], minute: t[1], in: zone).addingTimeInterval(TimeInterval(t[2]))
    }

    static func append(
        _ block: inout SampleBlock, _ t: Double, _ x: Double, _ y: Double, _ z: Double,
        _ report: inout RecordingReport, _ onBlock: (SampleBlock) throws -> Void
    ) rethrows {
        block.times.append(t)
        block.x.append(x)
        block.y.append(y)
        block.z.append(z)
        if block.count >= blockSize { try flush(&block, &report, onBlock) }
    }

    static func flush(
        _ block: inout SampleBlock, _ report: inout RecordingReport, _ onBlock: (SampleBlock) throws -> Void
    ) rethrows {
        guard block.count > 0 else { return }
        report.samples += block.count
        report.blocks += 1
        try onBlock(block)
        block = SampleBlock()
        block.times.reserveCapacity(blockSize)
        block.x.reserveCapacity(blockSize)
        block.y.reserveCapacity(blockSize)
        block.z.reserveCapacity(blockSize)
    }
}

/// ENMO per epoch: the Euclidean norm of each sample minus one gravity, negative values
/// set to zero, averaged over the epoch (van Hees et al. 2013, as GGIR and the UK Biobank
/// pipeline compute it), in milli-g. Fed second by second (`SecondSummary`, or sample blocks
/// reduced to seconds); memory holds one epoch.
public struct ENMOEpochs {
    public struct Epoch: Hashable, Sendable {
        public var start: Double
        public var milliG: Double
        public var samples: Int
    }

    public let epochSeconds: Double
    private var current: (start: Double, sum: Double, count: Int)?
    public private(set) var epochs: [Epoch] = []
    /// Turns samples into seconds for callers that hand on sample blocks.
    private var reducer: SecondReducer?

    public init(epochSeconds: Double = 60) { self.epochSeconds = epochSeconds }

    /// Samples, a block at a time (reduced to seconds here; `close` closes the last).
    public mutating func add(_ block: SampleBlock) {
        if reducer == nil { reducer = SecondReducer() }
        reducer!.add(block)
        for second in reducer!.take() { add(second) }
    }

    /// Adds one second's ENMO sum to its epoch (`epochSeconds` should be whole seconds).
    public mutating func add(_ second: SecondSummary) {
        guard second.n > 0 else { return }
        let start = (Double(second.second) / epochSeconds).rounded(.down) * epochSeconds
        if current?.start != start {
            closeEpoch()
            current = (start, 0, 0)
        }
        current!.sum += second.enmo
        current!.count += Int(second.n)
    }

    public mutating func close() {
        if var rest = reducer {
            reducer = nil
            rest.finish()
            for second in rest.take() { add(second) }
        }
        closeEpoch()
    }

    private mutating func closeEpoch() {
        if let c = current, c.count > 0 {
            epochs.append(Epoch(start: c.start, milliG: c.sum / Double(c.count) * 1000, samples: c.count))
        }
        current = nil
    }
}
