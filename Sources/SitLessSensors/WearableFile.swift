import Foundation
import SitLessCore

/// Where the sensor was worn, which decides how raw acceleration becomes posture.
public enum Placement: String, Sendable, CaseIterable {
    case thigh, wrist, hip
}

/// One wearable file turned into posture bouts, whatever its format.
public struct WearableRecording: Sendable {
    public var bouts: [PostureBout]
    public var format: String
    /// Events (activPAL) or raw samples read.
    public var count: Int
    public var warnings: [String]
    public var report: RecordingReport?
    /// Autocalibration result in words (raw files only).
    public var calibration: String?
    /// ENMO per 60 s epoch (raw files on the wrist or hip, and on the thigh when asked for).
    public var enmo: [ENMOEpochs.Epoch] = []
    /// ActiGraph counts per 60 s epoch and axis (hip), with the first epoch's start.
    public var counts: (start: Date, epochs: [[Int]])?
    /// Time in bed (already laid over `bouts` as `inBed` bouts), where it came from, and a
    /// sentence saying so; `postureBouts` are the bouts without it, for a diary to replace it.
    public var inBed: [DateInterval] = []
    public var inBedSource: TimeInBed.Source?
    public var inBedNote: String?
    public var postureBouts: [PostureBout] = []
    /// Steps and cadence (raw thigh data), and intensity epochs (raw wrist or hip data), for
    /// per-day summaries.
    public var steps: ThighSteps?
    public var intensity: IntensityEpochs?
}

public enum WearableFile {
    /// Sedentary below this ENMO on the wrist, in milli-g (about 45 mg: Hildebrand et al.
    /// 2014's sedentary cut-point for the wrist, used by GGIR).
    public static let sedentaryENMO = 45.0
    /// Sedentary below this many counts per minute on the hip's vertical axis (Troiano et al.
    /// 2008, the NHANES cut-point).
    public static let sedentaryCountsPerMinute = 100
    /// Cores a `.cwa` is read on unless told otherwise: those the machine has, at most 8.
    public static let defaultWorkers = max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))

    /// Reads the file, choosing the reader from its content: Axivity `.cwa` (binary "MD"
    /// header), activPAL event exports, ActiGraph CSV or `time,x,y,z` CSV. Raw data becomes
    /// posture through the thigh classifier; on the wrist, sedentary (sitting) versus active
    /// (stepping) minutes from ENMO; on the hip, from ActiGraph counts on the vertical axis
    /// (the axis that carries gravity), or from ENMO when the rate is not one counts support.
    /// `withENMO` also computes ENMO epochs on the thigh, where posture does not need them.
    /// `progress`, when given, hears the share of the work done (0...1) now and then.
    /// `workers`: cores reducing a `.cwa` to seconds (`readSeconds`).
    public static func read(
        url: URL, zone: TimeZone, placement: Placement = .thigh, withENMO: Bool = false,
        workers: Int = defaultWorkers, progress: ((Double) -> Void)? = nil
    ) throws -> WearableRecording {
        let name = url.lastPathComponent
        let head = try SensorFile.head(url)
        if isAppleHealth(head) {
            throw SensorError.unsupported(
                file: name,
                reason:
                    "an Apple Health export has hourly stand and step counts, not postures, so it cannot become "
                    + "sitting bouts; `sitless analyze` shows its hourly picture"
            )
        }
        if let epochs = try readEpochs(url: url, head: head, zone: zone) { return epochs }
        if isRaw(head) {
            // Wrist and hip read the file twice (calibration first), the thigh once.
            let size = Double((try? SensorFile.open(url)).flatMap(SensorFile.size) ?? 0)
            let passes = placement == .thigh ? 1.0 : 2.0
            var pass = -1.0
            func bytesRead() -> ((Int) -> Void)? {
                pass += 1
                let done = pass
                return progress.map { report in
                    { bytes in report(size > 0 ? min(1, (done + Double(bytes) / size) / passes) : 0) }
                }
            }
            return try rawRecording(
                name: name, placement: placement, withENMO: withENMO, zone: zone,
                // Hildebrand's cut-points exist for ActiGraph and GENEActiv; other devices use ActiGraph's.
                device: GENEActivReader.isGENEActiv(head) ? .geneActiv : .actiGraph,
                seconds: { calibration, withENMO, onSeconds in
                    try readSeconds(
                        url: url, zone: zone, calibration: calibration, withENMO: withENMO, workers: workers,
                        progress: bytesRead(),
                        onSeconds: onSeconds)
                },
                samples: { onBlock in try readSamples(url: url, zone: zone, progress: bytesRead(), onBlock: onBlock) })
        }
        guard mayBeActivPAL(head) else {
            throw SensorError.unsupported(
                file: name,
                reason:
                    "the file looks like \(SensorFile.describe(head)), not a wearable export. "
                    + "\(SensorFile.supportedFormats)"
            )
        }
        let result = try ActivPALReader.read(url: url, zone: zone)
        var recording = WearableRecording(
            bouts: result.bouts, format: result.format, count: result.events, warnings: result.warnings,
            report: nil, calibration: nil)
        recording.findTimeInBed(marked: result.inBed, by: result.inBedMarker, zone: zone)
        return recording
    }

    /// Whether the first bytes (after a UTF-8 byte-order mark) are an Apple Health `export.xml`,
    /// or an excerpt of one that starts at `<HealthData>` (no prolog, no DOCTYPE).
    public static func isAppleHealth(_ head: Data) -> Bool {
        let text = String(decoding: SensorFile.droppingBOM(head.prefix(4096)), as: UTF8.self)
        let start = text.drop { $0.isWhitespace }
        return (text.hasPrefix("<?xml") && text.contains("HealthData")) || start.hasPrefix("<HealthData")
    }

    /// Whether the file at `url` is an Apple Health export (false when it cannot be read:
    /// the reader that is used instead says why).
    public static func isAppleHealth(url: URL) -> Bool {
        (try? SensorFile.head(url)).map { isAppleHealth($0) } ?? false
    }

    /// Whether the first bytes are a raw-sample format: a `.cwa` "MD" header, an ActiGraph
    /// CSV export or a `time,x,y,z` CSV (after a UTF-8 byte-order mark).
    static func isRaw(_ head: Data) -> Bool {
        if head.starts(with: [0x4D, 0x44]) { return true }
        if GT3XReader.isZip(head) { return true }  // ActiGraph .gt3x; another zip is refused by name there
        let body = SensorFile.droppingBOM(head)
        let firstLine = String(decoding: body.prefix { $0 != 0x0A }, as: UTF8.self).lowercased()
        return firstLine.contains("actigraph") || firstLine.hasPrefix("time,x,y,z")
            || firstLine.hasPrefix("timestamp,x,y,z")
            || isOtherRaw(head)
    }

    /// Whether the first bytes can be an activPAL export: an activPAL header row in the first
    /// 5 lines, or text whose lines are too long to tell from the first bytes (the reader
    /// decides, reading on).
    static func mayBeActivPAL(_ head: Data) -> Bool {
        let body = SensorFile.droppingBOM(head)
        let lines = body.split(separator: 0x0A, omittingEmptySubsequences: false)
        for line in lines.prefix(5) {
            let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)
            if ActivPALReader.header(text) != nil { return true }
        }
        guard !body.isEmpty, SensorFile.isText(body) else { return false }
        // Fewer than 5 whole lines in a full head: the header may come later.
        return lines.count <= 5 && head.count >= 4096
    }

    /// Streams the raw samples of a `.cwa` or raw CSV file. The `.cwa` device clock has no
    /// zone: it was set to the local time of `zone`, so its times are moved to UTC here.
    public static func readSamples(
        url: URL, zone: TimeZone, progress: ((Int) -> Void)? = nil,
        onBlock: (SampleBlock) throws -> Void
    ) throws -> RecordingReport {
        let head = try SensorFile.head(url)
        if GT3XReader.isZip(head) { return try readGT3X(url: url, zone: zone, progress: progress, onBlock: onBlock) }
        if let other = try readOtherSamples(url: url, head: head, zone: zone, progress: progress, onBlock: onBlock) {
            return other
        }
        guard head.starts(with: [0x4D, 0x44]) else {
            let body = SensorFile.droppingBOM(head)
            guard !body.isEmpty, SensorFile.isText(body), !head.starts(with: [0xFF, 0xFE]),
                !head.starts(with: [0xFE, 0xFF])
            else {
                throw SensorError.unsupported(
                    file: url.lastPathComponent,
                    reason: "expected raw samples (an Axivity .cwa, an ActiGraph CSV or a time,x,y,z CSV); "
                        + "the file looks like \(SensorFile.describe(head))")
            }
            return try RawCSVReader.read(url: url, zone: zone, progress: progress, onBlock: onBlock)
        }
        return try inUTC(zone: zone, onBlock: onBlock) { utc in
            try AxivityReader.read(url: url, progress: progress, onBlock: utc)
        }
    }

    /// Reads a recording kept on a device clock (local time without a zone: `.cwa`, `.gt3x`,
    /// GENEActiv `.bin`) through `read`, moving each block's times to UTC: by the fixed offset
    /// the file names (seconds east of UTC), else by `zone`'s offset at each sample's local time.
    /// The readers keep the device clock inside `TimeBounds`; moved to UTC a block may cross an
    /// edge, and is then left out, counted and reported.
    static func inUTC(
        zone: TimeZone, fixedOffset: Int? = nil, onBlock: (SampleBlock) throws -> Void,
        read: ((SampleBlock) throws -> Void) throws -> RecordingReport
    ) throws -> RecordingReport {
        var outside = 0
        var offsets = UTCOffsets(zone: zone)
        // `read` and `onBlock` are both non-escaping; the compiler cannot see that `read` does not
        // call back into `onBlock` re-entrantly, so the closure is handed over as escaping (it is
        // not kept: `read` returns before this function does).
        var report = try withoutActuallyEscaping(onBlock) { onBlock in
            try read { block in
                var utc = block
                if let fixedOffset {
                    for i in 0..<utc.count { utc.times[i] -= Double(fixedOffset) }
                } else {
                    offsets.toUTC(&utc.times)
                }
                guard let first = utc.times.first, let last = utc.times.last,
                    TimeBounds.instant(secondsSince1970: first) != nil,
                    TimeBounds.instant(secondsSince1970: last) != nil
                else {
                    outside += 1
                    return
                }
                try onBlock(utc)
            }
        }
        report.leftOutsideUTC(outside)
        return report
    }

    /// Samples per second of a block, from its first and last times (0 when it cannot be
    /// told: fewer than two samples, or times that do not increase).
    public static func sampleRate(of block: SampleBlock) -> Int {
        guard block.count > 1 else { return 0 }
        let rate = (Double(block.count - 1) / (block.times[block.count - 1] - block.times[0])).rounded()
        guard rate.isFinite, rate > 0, rate < 1e9 else { return 0 }
        return Int(rate)
    }
}
