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

    /// `progress`, when given, hears the bytes read so far each time a block is handed on.
    public static func read(url: URL, zone: TimeZone, progress: ((Int) -> Void)? = nil,
                            onBlock: (SampleBlock) throws -> Void) throws -> RecordingReport {
        let name = url.lastPathComponent
        var lines: LineReader
        do { lines = try LineReader(url: url) } catch { throw SensorError.unreadable(file: name, reason: error.localizedDescription) }
        guard let first = lines.next() else { throw SensorError.unsupported(file: name, reason: "the file is empty") }
        if first.contains("ActiGraph") {
            return try readActiGraph(first: first, lines: &lines, name: name, zone: zone, progress: progress, onBlock: onBlock)
        }
        let columns = first.lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard columns.count >= 4, columns[0].hasPrefix("time"), columns[1] == "x", columns[2] == "y", columns[3] == "z" else {
            throw SensorError.unsupported(file: name, reason: "expected an ActiGraph CSV export or a header time,x,y,z; line 1 is '\(first.prefix(60))'")
        }
        var report = RecordingReport(format: "time,x,y,z CSV")
        var block = SampleBlock()
        let iso = ISO8601DateFormatter()
        let isoFraction = ISO8601DateFormatter()
        isoFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var previous = -Double.infinity
        while let line = lines.next() {
            if lines.lineNumber & 0xFFFF == 0 { progress?(lines.bytesRead) }
            if line.isEmpty { continue }
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard f.count >= 4 else { throw SensorError.badLine(file: name, line: lines.lineNumber, reason: "expected time,x,y,z, found \(f.count) fields") }
            let timeText = f[0].trimmingCharacters(in: .whitespaces)
            guard let t = Double(timeText) ?? (isoFraction.date(from: timeText) ?? iso.date(from: timeText))?.timeIntervalSince1970 else {
                throw SensorError.badLine(file: name, line: lines.lineNumber, reason: "'\(timeText)' is not an ISO 8601 time or Unix seconds")
            }
            guard let x = Double(f[1]), let y = Double(f[2]), let z = Double(f[3]) else {
                throw SensorError.badLine(file: name, line: lines.lineNumber, reason: "x, y and z must be numbers in g")
            }
            guard t > previous else { throw SensorError.badLine(file: name, line: lines.lineNumber, reason: "time does not increase") }
            previous = t
            try append(&block, t, x, y, z, &report, onBlock)
        }
        try flush(&block, &report, onBlock)
        return report
    }

    static func readActiGraph(first: String, lines: inout LineReader, name: String, zone: TimeZone,
                              progress: ((Int) -> Void)?, onBlock: (SampleBlock) throws -> Void) throws -> RecordingReport {
        var report = RecordingReport(format: "ActiGraph CSV")
        guard let rateText = first.range(of: #"at (\d+) Hz"#, options: .regularExpression).map({ first[$0] }),
              let rate = Double(rateText.split(separator: " ")[1]), rate > 0 else {
            throw SensorError.badLine(file: name, line: 1, reason: "the header does not give the sample rate (\"at N Hz\")")
        }
        report.sampleRate = rate
        let dayFirst = first.contains("date format d/M/yyyy") || first.contains("date format dd/MM/yyyy")
        var startTime: String?, startDate: String?
        var headerDone = false
        var hasTimestamp = false
        var index = 0
        var origin = 0.0
        var block = SampleBlock()
        while let line = lines.next() {
            if lines.lineNumber & 0xFFFF == 0 { progress?(lines.bytesRead) }
            if !headerDone {
                if line.hasPrefix("Start Time") { startTime = String(line.dropFirst("Start Time".count)).trimmingCharacters(in: .whitespaces) }
                if line.hasPrefix("Start Date") { startDate = String(line.dropFirst("Start Date".count)).trimmingCharacters(in: .whitespaces) }
                if line.lowercased().contains("accelerometer x") {
                    headerDone = true
                    hasTimestamp = line.lowercased().hasPrefix("timestamp")
                    guard let startTime, let startDate, let start = actiGraphStart(date: startDate, time: startTime, dayFirst: dayFirst, zone: zone) else {
                        throw SensorError.badLine(file: name, line: lines.lineNumber, reason: "the header lacks a readable Start Date and Start Time")
                    }
                    origin = start.timeIntervalSince1970
                }
                if lines.lineNumber > 20 && !headerDone {
                    throw SensorError.unsupported(file: name, reason: "no 'Accelerometer X,Y,Z' column header in the first 20 lines")
                }
                continue
            }
            if line.isEmpty { continue }
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            let offset = hasTimestamp ? 1 : 0
            guard f.count >= 3 + offset, let x = Double(f[offset]), let y = Double(f[offset + 1]), let z = Double(f[offset + 2]) else {
                throw SensorError.badLine(file: name, line: lines.lineNumber, reason: "expected three numbers (g) for X, Y and Z")
            }
            try append(&block, origin + Double(index) / rate, x, y, z, &report, onBlock)
            index += 1
        }
        if !headerDone { throw SensorError.unsupported(file: name, reason: "the ActiGraph header never reaches the sample columns") }
        try flush(&block, &report, onBlock)
        return report
    }

    static func actiGraphStart(date: String, time: String, dayFirst: Bool, zone: TimeZone) -> Date? {
        let d = date.split(separator: "/").compactMap { Int($0) }
        let t = time.split(separator: ":").compactMap { Int($0) }
        guard d.count == 3, t.count == 3 else { return nil }
        let (month, day) = dayFirst ? (d[1], d[0]) : (d[0], d[1])
        guard let local = LocalDate(year: d[2], month: month, day: day) else { return nil }
        return local.instant(hour: t[0], minute: t[1], in: zone).addingTimeInterval(TimeInterval(t[2]))
    }

    static func append(_ block: inout SampleBlock, _ t: Double, _ x: Double, _ y: Double, _ z: Double,
                       _ report: inout RecordingReport, _ onBlock: (SampleBlock) throws -> Void) rethrows {
        block.times.append(t); block.x.append(x); block.y.append(y); block.z.append(z)
        if block.count >= blockSize { try flush(&block, &report, onBlock) }
    }

    static func flush(_ block: inout SampleBlock, _ report: inout RecordingReport, _ onBlock: (SampleBlock) throws -> Void) rethrows {
        guard block.count > 0 else { return }
        report.samples += block.count
        report.blocks += 1
        try onBlock(block)
        block = SampleBlock()
        block.times.reserveCapacity(blockSize); block.x.reserveCapacity(blockSize)
        block.y.reserveCapacity(blockSize); block.z.reserveCapacity(blockSize)
    }
}

/// ENMO per epoch: the Euclidean norm of each sample minus one gravity, negative values
/// set to zero, averaged over the epoch (van Hees et al. 2013, as GGIR and the UK Biobank
/// pipeline compute it), in milli-g. Fed block by block; memory holds one epoch.
public struct ENMOEpochs {
    public struct Epoch: Hashable, Sendable { public var start: Double; public var milliG: Double; public var samples: Int }

    public let epochSeconds: Double
    private var current: (start: Double, sum: Double, count: Int)?
    public private(set) var epochs: [Epoch] = []

    public init(epochSeconds: Double = 60) { self.epochSeconds = epochSeconds }

    public mutating func add(_ block: SampleBlock) {
        for i in 0..<block.count {
            let t = block.times[i]
            let start = (t / epochSeconds).rounded(.down) * epochSeconds
            if current?.start != start {
                close()
                current = (start, 0, 0)
            }
            let norm = (block.x[i] * block.x[i] + block.y[i] * block.y[i] + block.z[i] * block.z[i]).squareRoot()
            current!.sum += max(0, norm - 1)
            current!.count += 1
        }
    }

    public mutating func close() {
        if let c = current, c.count > 0 { epochs.append(Epoch(start: c.start, milliG: c.sum / Double(c.count) * 1000, samples: c.count)) }
        current = nil
    }
}
