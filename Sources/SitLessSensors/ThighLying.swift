import Foundation

/// Lying versus sitting, and the bed period of each night, from a thigh-worn accelerometer's
/// seconds (`SecondSummary`), by the thigh's **rotation about its long axis**.
///
/// A thigh sensor reads the same inclination whether its wearer sits or lies: the thigh is
/// horizontal in both. What differs is the rotation: seated, the front of the thigh faces up;
/// lying on a side the thigh has rolled about 90° about its long axis, and people turn in bed.
/// Lyden, John, Dall & Granat ("Differentiating sitting and lying using a thigh-worn
/// accelerometer", Med Sci Sports Exerc 2016, doi:10.1249/MSS.0000000000000804) and
/// Hettiarachchi et al. (2021, Sensors 21(3):904, doi:10.3390/s21030904) call a sitting/lying
/// bout lying, whole, when the thigh's rotation angle crosses a threshold. ActiPASS implements
/// both (Ergo-Tools/ActiPASS, `algorithms/lyingAlgA.m`, `lyingAlgB.m`): rotation =
/// |asin(a_y / √(a_y² + a_z²))| of a 20-s moving mean, measured from a face-up sensor, threshold
/// 65°, bouts longer than 30 s, rotations held at least 5 s; the numbers below marked
/// "ActiPASS" are its defaults. activPAL's CREA algorithm (kb.palt.com/articles/crea) then takes
/// the longest container of non-upright time each day as the primary lying (bed) period; see
/// `BedPeriods`.
///
/// What this implements, step by step:
/// 1. **Horizontal seconds.** A second is sedentary (thigh horizontal) when the inclination of
///    the long axis from vertical, arccos(|a_long| / |a|) of the second's mean, exceeds
///    `horizontalInclination` (45°, Acti4 (Skotte et al. 2014) and `ThighClassifier`'s
///    `sittingInclination`, so sedentary bouts here are the classifier's sitting seconds).
/// 2. **Rotation** of a horizontal second: atan2 of the two other axes' means, in degrees
///    (−180…180). ActiPASS's asin form measures from a sensor face pointing straight up; ours is
///    a full circle measured from a **reference learned from the recording**: the circular mode
///    of the rotation over horizontal seconds between `referenceHours` (09:00 to 21:00 local,
///    ours: waking hours, when horizontal is mostly sitting), or over all horizontal seconds
///    when the daytime has fewer than `minimumReferenceSeconds` (30 min). The mode is found on
///    5° bins summed over a 25° window, then refined by the circular mean of the bins within
///    ±15° of it. So a sensor taped on a little to the side, or a person who always sits with
///    the thigh rolled out (crossed legs), reads as sitting, and only a turn away from *their*
///    sitting counts.
/// 3. **Bouts.** Runs of horizontal seconds, bridging upright blips of at most `bridge` (2 s,
///    the minimum upright run of Acti4 and `ThighClassifier`; ours to bridge rather than end).
/// 4. **Lying bouts** (Lyden's rule): a bout of at least `minimumBout` (30 s, ActiPASS) is
///    lying, whole, when for at least `minimumRotated` consecutive seconds its rotation differs
///    from the reference by more than `lyingRotation` (65°, ActiPASS). 10 s is ours: our
///    seconds are 1-s means, not a 20-s moving mean, so a turn must last about half of
///    ActiPASS's window to count (ActiPASS's own 5-s minimum is on the smoothed angle). The
///    whole bout is lying because lying people spend part of the time on their back
///    (Skarpsno et al. 2017, Nat Sci Sleep 9:267: 38% of time in bed) with the thigh barely
///    rolled.
/// 5. **Bed periods**: `BedPeriods.find` over the bouts. A bed period can hold sedentary bouts
///    that are not lying (a supine stretch after a toilet trip): they are in bed all the same,
///    so in bed wins over lying and sitting when the two results are merged.
///
/// The local time (`timeZone`, the recording's zone) places the reference hours and the
/// noon-to-noon windows; it defaults to UTC.
///
/// Limits, chosen and tested: a night spent entirely on the back with the legs never rolled
/// past 65° has no lying bout, so it is sitting and no bed period is found for it
/// (`requireLyingSeed = false` takes CREA's plain rule: the longest sedentary container,
/// rotation or not, which then also finds a long desk day). A sitting bout in which the thigh
/// is rolled past 65° for 10 s (sitting sideways on a sofa, legs up) is lying. The reference
/// assumes that most horizontal time between 09:00 and 21:00 is sitting; someone lying on the
/// side for most of the day (bed-bound) teaches the lying rotation instead.
///
/// Memory: 2 bytes per horizontal second (the rotation in hundredths of a degree) and one
/// record per sedentary bout; a week of 24-h wear is at most 1.2 MB. Seconds must come in time
/// order; a second not after the one before is ignored.
public struct ThighLying {
    public struct Parameters: Sendable {
        public var longAxis: ThighClassifier.LongAxis = .x
        /// Degrees of the long axis from vertical above which the thigh is horizontal.
        public var horizontalInclination = 45.0
        /// Degrees of rotation from the sitting reference beyond which a bout is lying.
        public var lyingRotation = 65.0
        /// Consecutive rotated seconds that make a bout lying.
        public var minimumRotated = 10
        /// Shortest bout that can be lying (s).
        public var minimumBout = 30
        /// Upright seconds a bout can bridge.
        public var bridge = 2
        /// Local hours whose horizontal seconds teach the sitting rotation.
        public var referenceHours = 9..<21
        /// Daytime horizontal seconds needed; fewer, and all horizontal seconds teach it.
        public var minimumReferenceSeconds = 1800
        /// When true (default) only a lying bout can seed a bed period; false is CREA's rule.
        public var requireLyingSeed = true
        public var bed = BedPeriods.Parameters()
        public init() {}
    }

    public struct Result: Sendable, Equatable {
        /// Sedentary bouts that are lying, in time order.
        public var lying: [DateInterval]
        /// The bed period of each night (at most one per noon-to-noon window).
        public var bed: [DateInterval]
        /// The learned sitting rotation in degrees (−180…180), nil without horizontal seconds.
        public var referenceRotation: Double?
    }

    public let parameters: Parameters
    public let days: NoonDays
    private struct Run {
        var start: Int
        var end: Int
        var offset: Int
    }
    private var runs: [Run] = []
    /// Rotation of each second of each run, hundredths of a degree; `bridged` for an upright
    /// second inside a run.
    private var rotations: [Int16] = []
    private static let bridged = Int16.min
    private var last: Int?
    private static let bins = 72
    private var daytime = [Int](repeating: 0, count: ThighLying.bins)
    private var allTime = [Int](repeating: 0, count: ThighLying.bins)
    private var hourCache = (quarter: Int.min, hour: 0)

    public init(parameters: Parameters = Parameters(), timeZone: TimeZone = TimeZone(identifier: "UTC")!) {
        self.parameters = parameters
        days = NoonDays(timeZone: timeZone)
    }

    public mutating func add(_ second: SecondSummary) {
        guard second.n > 0, last.map({ second.second > $0 }) ?? true else { return }
        last = second.second
        let m = second.mean
        let (long, a, b): (Double, Double, Double) =
            switch parameters.longAxis {
            case .x: (m.x, m.y, m.z)
            case .y: (m.y, m.z, m.x)
            case .z: (m.z, m.x, m.y)
            }
        let norm = (m * m).sum().squareRoot()
        guard norm > 0, norm.isFinite else { return }
        let inclination = acos(min(1, abs(long) / norm)) * 180 / .pi
        guard inclination > parameters.horizontalInclination else { return }
        let rotation = atan2(a, b) * 180 / .pi
        let bin = min(ThighLying.bins - 1, Int((rotation + 180) / 5))
        allTime[bin] += 1
        // Offsets are whole quarter hours, so the local hour is constant within a UTC quarter.
        let quarter = Int((Double(second.second) / 900).rounded(.down))
        if quarter != hourCache.quarter { hourCache = (quarter, days.hour(of: quarter * 900)) }
        if parameters.referenceHours.contains(hourCache.hour) { daytime[bin] += 1 }
        let s = second.second
        if let run = runs.last, s - run.end <= parameters.bridge {
            for _ in run.end..<s { rotations.append(ThighLying.bridged) }
            rotations.append(Int16((rotation * 100).rounded()))
            runs[runs.count - 1].end = s + 1
        } else {
            runs.append(Run(start: s, end: s + 1, offset: rotations.count))
            rotations.append(Int16((rotation * 100).rounded()))
        }
    }

    /// The circular mode of a 5° histogram (see the type's comment), in degrees.
    static func circularMode(_ histogram: [Int]) -> Double? {
        let n = histogram.count
        guard histogram.contains(where: { $0 > 0 }) else { return nil }
        func window(_ i: Int, _ half: Int) -> [Int] { (-half...half).map { ((i + $0) % n + n) % n } }
        var best = 0
        var bestCount = -1
        for i in 0..<n {
            let c = window(i, 2).reduce(0) { $0 + histogram[$1] }
            if c > bestCount { (best, bestCount) = (i, c) }
        }
        var sx = 0.0
        var sy = 0.0
        for j in window(best, 3) {
            let centre = (Double(j) * 5 + 2.5 - 180) * .pi / 180
            sx += Double(histogram[j]) * cos(centre)
            sy += Double(histogram[j]) * sin(centre)
        }
        return atan2(sy, sx) * 180 / .pi
    }

    /// Degrees between two rotations, 0…180.
    static func separation(_ a: Double, _ b: Double) -> Double {
        let d = abs((a - b).truncatingRemainder(dividingBy: 360))
        return d > 180 ? 360 - d : d
    }

    public func finish() -> Result {
        let daySeconds = daytime.reduce(0, +)
        let histogram = daySeconds >= parameters.minimumReferenceSeconds ? daytime : allTime
        guard let reference = ThighLying.circularMode(histogram) else {
            return Result(lying: [], bed: [], referenceRotation: nil)
        }
        var bouts: [BedPeriods.Bout] = []
        for run in runs {
            var streak = 0
            var longest = 0
            for i in run.offset..<(run.offset + run.end - run.start) {
                let r = rotations[i]
                if r != ThighLying.bridged,
                    ThighLying.separation(Double(r) / 100, reference) > parameters.lyingRotation
                {
                    streak += 1
                    longest = max(longest, streak)
                } else {
                    streak = 0
                }
            }
            let lying = run.end - run.start >= parameters.minimumBout && longest >= parameters.minimumRotated
            bouts.append(BedPeriods.Bout(start: run.start, end: run.end, lying: lying))
        }
        let lying = bouts.filter(\.lying).map {
            DateInterval(
                start: Date(timeIntervalSince1970: Double($0.start)), end: Date(timeIntervalSince1970: Double($0.end)))
        }
        let seeds =
            parameters.requireLyingSeed
            ? bouts : bouts.map { BedPeriods.Bout(start: $0.start, end: $0.end, lying: true) }
        let bed = BedPeriods.find(in: seeds, days: days, parameters: parameters.bed)
        return Result(lying: lying, bed: bed, referenceRotation: reference)
    }
}
