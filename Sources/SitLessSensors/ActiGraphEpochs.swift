import Foundation
import SitLessCore

/// ActiGraph epoch data (counts per epoch, from ActiLife's epoch CSV export or its `.agd`
/// database) turned into bouts, one epoch at a time, so memory holds the bouts only.
///
/// - Counts: an epoch is active when its vertical-axis counts (axis 1: ActiGraph stores the
///   device's Y axis, vertical on the hip, first) reach `WearableFile.sedentaryCountsPerMinute`
///   (100 per minute, Troiano et al. 2008) scaled to the epoch: 25 counts in a 15 s epoch,
///   100 × e / 60 in an epoch of e seconds. Sedentary epochs are sitting, active ones stepping,
///   as for counts computed from raw samples on the hip.
/// - Inclinometer: where the file has the device's own inclinometer seconds (off, standing,
///   sitting, lying; ActiLife modes with bit 32), the posture is the one with the most seconds in
///   the epoch ("off" is non-wear), and a standing epoch whose counts are active is stepping.
///   The inclinometer is ActiGraph's own classification of the device's angle, so the output
///   says the posture came from it.
public struct ActiGraphEpochs {
    /// One epoch's numbers as the file gives them.
    public struct Row {
        /// Start of the epoch on the device's clock (seconds since 1970, read as UTC).
        public var deviceTime: Double
        public var axis1: Double
        /// Axes 2 and 3 (the device's x and z), when the file has them.
        public var axes23: (Double, Double)?
        /// Seconds off, standing, sitting, lying, when the file has the inclinometer.
        public var inclinometer: [Double]?
        public init(deviceTime: Double, axis1: Double, axes23: (Double, Double)? = nil, inclinometer: [Double]? = nil) {
            self.deviceTime = deviceTime
            self.axis1 = axis1
            self.axes23 = axes23
            self.inclinometer = inclinometer
        }
    }

    /// Largest count or inclinometer value accepted in one epoch: far above what the counts
    /// algorithm can give (at most 128 × 10 per second), small enough for any sum to be exact.
    public static let maximumValue = 1e7
    /// Epoch lengths accepted, in seconds (ActiLife offers 1 s to 60 s; 1 h is a generous edge).
    public static let epochRange = 1.0...3600.0

    public let epochSeconds: Double
    let zone: TimeZone
    public private(set) var bouts: [PostureBout] = []
    public private(set) var epochs = 0
    public private(set) var inclinometerEpochs = 0
    private var previous = -Double.infinity
    /// Counts per 60 s (x, y, z as SitLess orders them: axis 2, axis 1, axis 3), three per
    /// minute from the first epoch's minute, for `analyze --epochs`; kept when the epoch divides
    /// a minute and the recording spans at most `countedMinutes`.
    private var minutes: (start: Double, counts: [Int])?
    /// 400 days: longer than any wear protocol, and 14 MB of counts at most.
    static let countedMinutes = 400 * 1440

    public init(epochSeconds: Double, zone: TimeZone) {
        self.epochSeconds = epochSeconds
        self.zone = zone
    }

    /// Counts below this in one epoch are sedentary (Troiano's 100 per minute, scaled).
    public var sedentaryBelow: Double { Double(WearableFile.sedentaryCountsPerMinute) * epochSeconds / 60 }

    /// The posture of one epoch (see the type's comment), and whether it came from the inclinometer.
    public func posture(axis1: Double, inclinometer: [Double]?) -> (Posture, fromInclinometer: Bool) {
        let active = axis1 >= sedentaryBelow
        if let seconds = inclinometer, seconds.count == 4, seconds.reduce(0, +) > 0 {
            let postures: [Posture] = [.nonWear, .standing, .sitting, .lying]
            // Ties go to the earlier of sitting, lying, standing, off (sedentary first).
            let order = [2, 3, 1, 0]
            let best = order.max { seconds[$0] < seconds[$1] } ?? 2
            let posture = postures[best]
            return (posture == .standing && active ? .stepping : posture, true)
        }
        return (active ? .stepping : .sitting, false)
    }

    /// Adds one epoch; `place` names it in an error ("line 12", "row 3 of the data table").
    public mutating func add(_ row: Row, file: String, place: (String) -> SensorError) throws {
        let axes = row.axes23.map { [$0.0, $0.1] } ?? []
        for value in [row.axis1] + axes + (row.inclinometer ?? []) where !(value >= 0 && value <= Self.maximumValue) {
            throw place("counts and inclinometer seconds must be numbers from 0 to 10^7, found \(value)")
        }
        let naive = row.deviceTime
        guard naive.isFinite, abs(naive) < 1e12 else { throw place("the epoch's time is not a real time") }
        let start = naive - Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: naive)))
        guard TimeBounds.instant(secondsSince1970: start) != nil,
            TimeBounds.instant(secondsSince1970: start + epochSeconds) != nil
        else {
            throw place("the epoch's time is outside the accepted range \(TimeBounds.instantRangeText)")
        }
        guard start >= previous else { throw place("the epoch starts before the previous one ends") }
        previous = start + epochSeconds
        if 60.truncatingRemainder(dividingBy: epochSeconds) == 0 {
            let minute = (start / 60).rounded(.down) * 60
            if minutes == nil { minutes = (minute, []) }
            let index = Int((minute - minutes!.start) / 60)
            if index < Self.countedMinutes {
                if minutes!.counts.count <= 3 * index {
                    minutes!.counts += Array(repeating: 0, count: 3 * index + 3 - minutes!.counts.count)
                }
                let (x, z) = row.axes23 ?? (0, 0)
                minutes!.counts[3 * index] += Int(x)
                minutes!.counts[3 * index + 1] += Int(row.axis1)
                minutes!.counts[3 * index + 2] += Int(z)
            }
        }
        let (posture, fromInclinometer) = posture(axis1: row.axis1, inclinometer: row.inclinometer)
        epochs += 1
        if fromInclinometer { inclinometerEpochs += 1 }
        let from = Date(timeIntervalSince1970: start)
        let to = Date(timeIntervalSince1970: start + epochSeconds)
        if var last = bouts.last, last.posture == posture, last.end == from {
            last.end = to
            bouts[bouts.count - 1] = last
        } else {
            bouts.append(
                PostureBout(posture, from: from, to: to, source: .wearable, confidence: fromInclinometer ? 0.7 : 0.6))
        }
    }

    /// The recording, with a format line that says where the posture came from.
    public func recording(format: String, warnings: [String]) -> WearableRecording {
        let seconds = epochSeconds == epochSeconds.rounded() ? "\(Int(epochSeconds))" : "\(epochSeconds)"
        var text = "\(format), \(seconds) s epochs"
        if inclinometerEpochs > 0 {
            text +=
                "; posture from the device's inclinometer (off/standing/sitting/lying) in \(inclinometerEpochs) "
                + "of \(epochs) epochs"
            if inclinometerEpochs < epochs {
                text += ", from vertical-axis counts (Troiano 2008 cut-point) in the rest"
            }
        } else {
            text +=
                "; sedentary or active from vertical-axis counts (below "
                + "\(WearableFile.sedentaryCountsPerMinute) per minute is "
                + "sedentary, Troiano 2008), not posture"
        }
        var recording = WearableRecording(
            bouts: bouts, format: text, count: epochs, warnings: warnings, report: nil, calibration: nil)
        recording.counts = minutes.map { m in
            (
                Date(timeIntervalSince1970: m.start),
                stride(from: 0, to: m.counts.count, by: 3).map { Array(m.counts[$0..<($0 + 3)]) }
            )
        }
        return recording
    }
}
