import Foundation

/// The sleep period time (SPT) window of each night from a **wrist** accelerometer, by van Hees
/// et al.'s HDCZA heuristic (2018, "Estimating sleep parameters using an accelerometer without
/// sleep diary", Sci Rep 8:12975), as GGIR implements it (`R/HASPT.R`, `HASPT.algo = "HDCZA"`,
/// and the angle in `R/g.applymetrics.R`):
/// 1. each axis is smoothed by a rolling median over 5 s; the z-angle,
///    atan(a_z / √(a_x² + a_y²)) in degrees, of each smoothed sample is averaged per 5-s epoch;
/// 2. per noon-to-noon window (local time, `NoonDays`), x = the 5-min rolling median (60
///    epochs, centred; GGIR fills the 29 epochs before the first full window and the 30 after
///    the last with 0) of the absolute differences between successive epoch angles;
/// 3. threshold = the 10th percentile of x (R's default quantile, type 7) × 15, clipped to
///    0.13…0.50° (GGIR's bounds in HASPT.R, also in the paper's validation code,
///    wadpac/psg-ncl-acc-spt-detection-eval `calculate_hdzca.R`);
/// 4. epochs with x below the threshold are "no movement"; runs of them longer than 30 min
///    (strictly, as GGIR: more than 360 epochs) are SPT blocks;
/// 5. gaps shorter than 60 min (strictly) between blocks are filled; a gap at the start or
///    end of the window is not;
/// 6. the longest resulting block is the SPT window (among equally long ones, the middle one,
///    GGIR's `ceiling(n / 2)`); no block, no window.
///
/// Differences from GGIR, because this reads per-second means, not samples:
/// - step 1's rolling median in GGIR runs over the samples (thinned to about 10 Hz) of 5 s;
///   here it runs over the five one-second means centred on each second (per
///   axis; shorter at the edges of a run of seconds, where GGIR repeats the nearest value),
///   and the epoch angle is the mean of the five seconds' angles, not of every sample's.
/// - epochs are aligned to multiples of 5 s since 1970 UTC, GGIR's to the recording start.
/// - GGIR imputes non-wear before this step; here a missing epoch repeats the angle before it
///   (no movement), windows are trimmed to the epochs present, and a window with fewer than
///   `minimumCoverage` (50 %, ours) of its trimmed epochs present gives no SPT window.
/// - GGIR re-runs a window from 18:00 to 18:00 when the SPT ends within an hour of noon (day
///   sleepers); this does not (such a night is cut at noon).
/// - GGIR's R ranges (`inspttime[s2:e2] = 1`) mark one epoch past each block; here a block is
///   exactly its epochs, so the ends can differ from GGIR's by one 5-s epoch.
///
/// Memory: one `Float` per 5-s epoch (a week: 120,960 epochs, under 0.5 MB) and five seconds.
/// Seconds must come in time order; a second not after the one before is ignored.
public struct HDCZA {
    public struct Parameters: Sendable {
        /// Epoch length (s); GGIR's `windowsizes[1]`, 5 s by default.
        public var epoch = 5
        /// Seconds of the rolling median before the angle (GGIR: 5 s).
        public var medianSeconds = 5
        /// Rolling median of the angle changes, in epochs (GGIR: 5 min = 60 epochs of 5 s).
        public var rollingEpochs = 60
        /// Percentile and multiplier of the threshold (GGIR's `HDCZA_threshold = c(10, 15)`).
        public var percentile = 10.0
        public var multiplier = 15.0
        /// Bounds of the threshold, degrees (GGIR: 0.13 and 0.50).
        public var thresholdBounds = 0.13...0.50
        /// Blocks must be longer than this (s; GGIR's `sptblocksize`, 30 min).
        public var blockLength = 30 * 60
        /// Gaps shorter than this between blocks are filled (s; GGIR's `spt_max_gap`, 60 min).
        public var maximumGap = 60 * 60
        /// Share of a window's epochs (between the first and last present) that must be present.
        public var minimumCoverage = 0.5
        public init() {}
    }

    public struct Night: Sendable, Equatable {
        /// The noon-to-noon window, trimmed to the epochs present.
        public var window: DateInterval
        /// Degrees; nil when the window had too few epochs.
        public var threshold: Double?
        public var sleepPeriod: DateInterval?
    }

    public struct Result: Sendable, Equatable {
        public var nights: [Night]
        /// The SPT windows found, in time order.
        public var periods: [DateInterval] { nights.compactMap(\.sleepPeriod) }
    }

    public let parameters: Parameters
    public let days: NoonDays
    /// The current run of consecutive seconds (at most `medianSeconds`) and the next to emit.
    private var recent: [(second: Int, mean: SIMD3<Double>)] = []
    private var nextToEmit = 0
    private var last: Int?
    /// The epoch being summed: index, sum of angles, seconds.
    private var epoch: (index: Int, sum: Double, count: Int)?
    /// Epoch angles in segments (a gap of more than two days starts a new one); NaN = missing.
    private var segments: [(start: Int, angles: [Float])] = []

    public init(parameters: Parameters = Parameters(), timeZone: TimeZone = TimeZone(identifier: "UTC")!) {
        self.parameters = parameters
        days = NoonDays(timeZone: timeZone)
    }

    public mutating func add(_ second: SecondSummary) {
        guard second.n > 0, last.map({ second.second > $0 }) ?? true else { return }
        let s = second.second
        if let previous = last, s != previous + 1 { flushRun() }
        if recent.isEmpty { nextToEmit = s }
        last = s
        recent.append((s, second.mean))
        let half = parameters.medianSeconds / 2
        if recent.count > 2 * half + 1 { recent.removeFirst() }
        while nextToEmit + half <= s { emit(nextToEmit) }
    }

    private mutating func flushRun() {
        guard let end = recent.last?.second else { return }
        while nextToEmit <= end { emit(nextToEmit) }
        recent.removeAll(keepingCapacity: true)
    }

    /// The z-angle of `second` from the per-axis median of the seconds within `medianSeconds`.
    private mutating func emit(_ second: Int) {
        nextToEmit = second + 1
        let half = parameters.medianSeconds / 2
        // Per-axis medians of the seconds within `half`, sorted in place on the stack.
        let (x, y, z) = withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * recent.count) { buffer in
            var count = 0
            for r in recent where abs(r.second - second) <= half {
                buffer[count] = r.mean.x
                buffer[recent.count + count] = r.mean.y
                buffer[2 * recent.count + count] = r.mean.z
                count += 1
            }
            func median(_ offset: Int) -> Double {
                var slice = UnsafeMutableBufferPointer(rebasing: buffer[offset..<(offset + count)])
                slice.sort()
                return count % 2 == 1 ? slice[count / 2] : (slice[count / 2 - 1] + slice[count / 2]) / 2
            }
            guard count > 0 else { return (Double.nan, Double.nan, Double.nan) }
            return (median(0), median(recent.count), median(2 * recent.count))
        }
        let angle = atan(z / (x * x + y * y).squareRoot()) * 180 / .pi
        guard angle.isFinite else { return }
        let index = Int((Double(second) / Double(parameters.epoch)).rounded(.down))
        if let e = epoch, e.index != index { closeEpoch() }
        if epoch == nil { epoch = (index, 0, 0) }
        epoch!.sum += angle
        epoch!.count += 1
    }

    private mutating func closeEpoch() {
        guard let e = epoch, e.count > 0 else { return }
        epoch = nil
        let angle = Float(e.sum / Double(e.count))
        let maximumFill = 2 * 86_400 / parameters.epoch
        if var seg = segments.last, e.index >= seg.start + seg.angles.count,
            e.index - (seg.start + seg.angles.count) <= maximumFill
        {
            segments.removeLast()
            seg.angles.append(contentsOf: repeatElement(Float.nan, count: e.index - seg.start - seg.angles.count))
            seg.angles.append(angle)
            segments.append(seg)
        } else if segments.last.map({ e.index >= $0.start + $0.angles.count }) ?? true {
            segments.append((e.index, [angle]))
        }
    }

    /// Closes the last seconds and finds the SPT window of each noon-to-noon window.
    public mutating func finish() -> Result {
        flushRun()
        closeEpoch()
        guard let first = segments.first, let lastSeg = segments.last else { return Result(nights: []) }
        let step = parameters.epoch
        let firstSecond = first.start * step
        let lastSecond = (lastSeg.start + lastSeg.angles.count) * step - 1
        var nights: [Night] = []
        for day in days.day(of: firstSecond)...days.day(of: lastSecond) {
            let from = max(firstSecond, days.start(of: day))
            let to = min(lastSecond + 1, days.start(of: day + 1))
            guard from < to else { continue }
            var angles = self.angles(from: from / step, to: (to + step - 1) / step)
            // Trim to the epochs present.
            guard let lo = angles.firstIndex(where: { !$0.isNaN }),
                let hi = angles.lastIndex(where: { !$0.isNaN })
            else { continue }
            angles = Array(angles[lo...hi])
            let start = (from / step + lo) * step
            let window = DateInterval(
                start: Date(timeIntervalSince1970: Double(start)),
                duration: Double(angles.count * step))
            let present = angles.reduce(0) { $0 + ($1.isNaN ? 0 : 1) }
            guard Double(present) >= parameters.minimumCoverage * Double(angles.count) else {
                nights.append(Night(window: window, threshold: nil, sleepPeriod: nil))
                continue
            }
            var held = angles[0]
            let filled = angles.map { a -> Double in
                if !a.isNaN { held = a }
                return Double(held)
            }
            let (threshold, block) = HDCZA.sleepPeriod(angles: filled, parameters: parameters)
            let period = block.map {
                DateInterval(
                    start: Date(timeIntervalSince1970: Double(start + $0.lowerBound * step)),
                    end: Date(timeIntervalSince1970: Double(start + $0.upperBound * step)))
            }
            nights.append(Night(window: window, threshold: threshold, sleepPeriod: period))
        }
        return Result(nights: nights)
    }

    /// Epoch angles [from, to) across segments, NaN where missing.
    private func angles(from: Int, to: Int) -> [Float] {
        var out = [Float](repeating: .nan, count: max(0, to - from))
        for seg in segments where seg.start < to && seg.start + seg.angles.count > from {
            for i in max(from, seg.start)..<min(to, seg.start + seg.angles.count) {
                out[i - from] = seg.angles[i - seg.start]
            }
        }
        return out
    }

    /// R's `quantile(x, p)` (type 7).
    static func quantile(_ values: [Double], _ p: Double) -> Double {
        let s = values.sorted()
        guard !s.isEmpty else { return .nan }
        let h = Double(s.count - 1) * p
        let lo = Int(h.rounded(.down))
        let hi = min(s.count - 1, lo + 1)
        return s[lo] + (h - Double(lo)) * (s[hi] - s[lo])
    }

    /// Steps 2-6 on one window's epoch angles: the threshold and the SPT window as epoch
    /// indices [start, end), or nil.
    static func sleepPeriod(angles: [Double], parameters: Parameters) -> (Double, Range<Int>?) {
        let n = angles.count
        let k = parameters.rollingEpochs
        // x: centred rolling median of |Δangle| over k epochs (k - 1 differences); as zoo's
        // rollapply(width = k, align = "center", fill = 0), the window of epoch i is
        // i - (k - 1) / 2 ... i + k / 2, and epochs without a full window are 0.
        var x = [Double](repeating: 0, count: n)
        if n >= k {
            let diffs = (1..<n).map { abs(angles[$0] - angles[$0 - 1]) }
            // The window's k - 1 differences kept sorted as it slides: one out, one in.
            var window = diffs[0..<(k - 1)].sorted()
            func position(_ v: Double) -> Int {
                var lo = 0
                var hi = window.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if window[mid] < v { lo = mid + 1 } else { hi = mid }
                }
                return lo
            }
            let m = k - 1
            for i in ((k - 1) / 2)..<(n - k / 2) {
                let lo = i - (k - 1) / 2
                if lo > 0 {
                    window.remove(at: position(diffs[lo - 1]))
                    window.insert(diffs[lo + m - 1], at: position(diffs[lo + m - 1]))
                }
                x[i] = m % 2 == 1 ? window[m / 2] : (window[m / 2 - 1] + window[m / 2]) / 2
            }
        }
        var threshold = quantile(x, parameters.percentile / 100) * parameters.multiplier
        threshold = min(parameters.thresholdBounds.upperBound, max(parameters.thresholdBounds.lowerBound, threshold))
        // Blocks of no movement longer than blockLength.
        let minBlock = parameters.blockLength / parameters.epoch
        var inSPT = [Bool](repeating: false, count: n)
        for run in runs(of: x.map { $0 < threshold }) where run.value && run.range.count > minBlock {
            for i in run.range { inSPT[i] = true }
        }
        guard inSPT.contains(true) else { return (threshold, nil) }
        // Fill inner gaps shorter than maximumGap.
        let maxGap = parameters.maximumGap / parameters.epoch
        for run in runs(of: inSPT) where !run.value && run.range.lowerBound > 0 && run.range.upperBound < n {
            if run.range.count < maxGap { for i in run.range { inSPT[i] = true } }
        }
        let blocks = runs(of: inSPT).filter(\.value).map(\.range)
        let longest = blocks.map(\.count).max()!
        let ties = blocks.filter { $0.count == longest }
        return (threshold, ties[(ties.count + 1) / 2 - 1])
    }

    static func runs(of flags: [Bool]) -> [(value: Bool, range: Range<Int>)] {
        var out: [(value: Bool, range: Range<Int>)] = []
        var start = 0
        for i in 0...flags.count where i == flags.count || flags[i] != flags[start] {
            if i > start { out.append((flags[start], start..<i)) }
            start = i
        }
        return out
    }
}
