import Foundation

/// Off-body periods shorter than an hour (a shower, a swim, changing clothes), which van Hees
/// non-wear (`NonWearDetector`: 60-minute windows) cannot see and which would otherwise be
/// counted as whatever posture the sensor was left in, usually sitting.
///
/// A sensor lying on a shelf shows two things a worn one does not:
/// - **variance at the noise floor.** In 10-second windows (`windowSeconds`) the movement is the
///   mean of the three axes' standard deviations. The recording's noise floor is the 2nd
///   percentile of that over the windows at least half full (`floorPercentile`), kept between 1 and 5 mg
///   (`minimumFloor`, `maximumFloor`: quantisation of a ±8 g, 12-bit sensor is 3.9 mg a step, and
///   its noise is of that order; a recording never taken off has its floor at the stillest
///   sitting, which the upper bound keeps from passing for noise). A window is *still* when its
///   movement is at most `floorMargin` (1.5) times the floor. Body tremor and breathing keep a
///   worn thigh above that even in the stillest sitting.
/// - **an orientation never seen while worn.** The gravity direction of every window that is
///   not still (the person is there: it trembles, shifts or moves) is counted on a coarse grid
///   of the sphere: cells of `cellDegrees` (30°) of polar angle from +z by 30° of azimuth (6 × 12
///   cells). A direction is *seen* when a cell with at least `minimumWornWindows` (30 windows,
///   5 minutes over the recording) has its centre within `seenRadius` (30°) of it. Thirty
///   windows keep a minute of handling the sensor in odd positions from teaching it those
///   positions.
///
/// A removal is a run of windows that are both still and in an unseen direction, runs joined
/// across interruptions of up to `maximumInterruption` (30 s, a knock on the shelf), then
/// widened at each end over the burst of handling (windows moving more than `burstSD`, 0.05 g,
/// for at most `maximumTransition`, 60 s), runs that then meet joined. Runs shorter than
/// `minimumMinutes` (10) are dropped; runs of `vanHeesMinutes` (60) or more are returned apart,
/// in `leftToVanHees`, for `NonWearDetector` decides those.
///
/// **What it cannot see.** A sensor taken off and left in the orientation it is worn in (a thigh
/// sensor face up on a table, as in sitting) looks exactly like very still sitting: same
/// direction, and the only difference is tremor a few milli-g above the floor, which is too
/// little to call non-wear on. Those stay sitting; that was the user's error before this, and
/// guessing would trade it for calling still sitting non-wear.
///
/// **Where it can be wrong.** In a recording never taken off, the floor is the stillest wear
/// (capped at 5 mg), so still wear can pass for still; only the direction then stands between
/// it and a removal. Ten minutes or more of very still lying in a direction worn for under five
/// minutes in the whole recording would be called a removal.
///
/// Two passes over compact window summaries (a week is 60,480 windows of 32 bytes, 2 MB).
public struct ShortRemovalDetector {
    public struct Parameters: Sendable {
        public var windowSeconds = 10
        public var floorPercentile = 0.02
        /// g
        public var minimumFloor = 0.001
        /// g
        public var maximumFloor = 0.005
        public var floorMargin = 1.5
        public var cellDegrees = 30.0
        public var seenRadius = 30.0
        public var minimumWornWindows = 30
        /// s
        public var maximumInterruption = 30
        /// g
        public var burstSD = 0.05
        /// s
        public var maximumTransition = 60
        public var minimumMinutes = 10.0
        public var vanHeesMinutes = 60.0
        public init() {}
    }

    public struct Result: Sendable, Equatable {
        /// Removals of at least `minimumMinutes` and under `vanHeesMinutes`.
        public var removals: [DateInterval] = []
        /// Still, unseen runs of `vanHeesMinutes` or more: left to van Hees non-wear.
        public var leftToVanHees: [DateInterval] = []
        /// The learned noise floor and stillness threshold, g.
        public var noiseFloor = 0.0
        public var stillThreshold = 0.0
        /// Grid cells with enough worn windows to count as seen.
        public var seenCells = 0
    }

    struct Window {
        var start: Int
        /// Seconds with data (a window cut by a gap says little about the floor).
        var seconds: UInt8
        var mean: SIMD3<Float>
        var movement: Float
    }

    public let parameters: Parameters
    private var windows: [Window] = []
    private var current: Int?
    private var n = 0.0
    private var sum = SIMD3<Double>.zero
    private var squares = SIMD3<Double>.zero
    private var seconds = 0

    public init(parameters: Parameters = Parameters()) { self.parameters = parameters }

    public mutating func add(_ second: SecondSummary) {
        guard second.n > 0 else { return }
        let w = Int((Double(second.second) / Double(parameters.windowSeconds)).rounded(.down))
        if w != current {
            close()
            current = w
        }
        n += second.n
        sum += second.sum
        squares += second.squares
        seconds += 1
    }

    private mutating func close() {
        guard let w = current, n > 0 else { return }
        let mean = sum / n
        let v = squares / n - mean * mean
        let sd = (max(0, v.x).squareRoot() + max(0, v.y).squareRoot() + max(0, v.z).squareRoot()) / 3
        windows.append(
            Window(
                start: w * parameters.windowSeconds, seconds: UInt8(min(seconds, 255)), mean: SIMD3<Float>(mean),
                movement: Float(sd)))
        current = nil
        n = 0
        sum = .zero
        squares = .zero
        seconds = 0
    }

    private var rings: Int { max(1, Int((180 / parameters.cellDegrees).rounded())) }
    private var sectors: Int { max(1, Int((360 / parameters.cellDegrees).rounded())) }

    /// Polar angle from +z and azimuth from +x, degrees.
    private func angles(_ v: SIMD3<Float>) -> (polar: Double, azimuth: Double)? {
        let d = SIMD3<Double>(v)
        let norm = (d * d).sum().squareRoot()
        guard norm > 0.5 else { return nil }  // far from 1 g: in free fall or broken, no direction
        let polar = acos(max(-1, min(1, d.z / norm))) * 180 / .pi
        var azimuth = atan2(d.y, d.x) * 180 / .pi
        if azimuth < 0 { azimuth += 360 }
        return (polar, azimuth)
    }

    private func cell(_ v: SIMD3<Float>) -> Int? {
        guard let a = angles(v) else { return nil }
        let ring = min(rings - 1, Int(a.polar / (180 / Double(rings))))
        let sector = min(sectors - 1, Int(a.azimuth / (360 / Double(sectors))))
        return ring * sectors + sector
    }

    private func centre(_ cell: Int) -> SIMD3<Double> {
        let polar = (Double(cell / sectors) + 0.5) * (180 / Double(rings)) * .pi / 180
        let azimuth = (Double(cell % sectors) + 0.5) * (360 / Double(sectors)) * .pi / 180
        return SIMD3(sin(polar) * cos(azimuth), sin(polar) * sin(azimuth), cos(polar))
    }

    /// Closes the last window and finds the removals.
    public mutating func finish() -> Result {
        close()
        var result = Result()
        guard !windows.isEmpty else { return result }
        // Pass 1: the floor, then the directions seen while worn.
        // Windows at least half full only: a sample or two before a gap has no spread at all.
        var sorted = windows.filter { Int($0.seconds) * 2 >= parameters.windowSeconds }.map(\.movement).sorted()
        if sorted.isEmpty { sorted = windows.map(\.movement).sorted() }
        let rank = min(sorted.count - 1, Int(Double(sorted.count - 1) * parameters.floorPercentile))
        let floor = min(parameters.maximumFloor, max(parameters.minimumFloor, Double(sorted[rank])))
        let threshold = floor * parameters.floorMargin
        result.noiseFloor = floor
        result.stillThreshold = threshold
        var counts = [Int](repeating: 0, count: rings * sectors)
        for w in windows where Double(w.movement) > threshold {
            if let c = cell(w.mean) { counts[c] += 1 }
        }
        let seen = counts.indices.filter { counts[$0] >= parameters.minimumWornWindows }.map(centre)
        result.seenCells = seen.count
        // Without a single orientation seen while moving, nothing was learned about how the sensor
        // is worn (a recording that never moves, a short or synthetic one): every still window would
        // look unseen, so nothing is called a removal.
        guard !seen.isEmpty else { return result }
        let cosRadius = cos(parameters.seenRadius * .pi / 180)
        func unseen(_ v: SIMD3<Float>) -> Bool {
            let d = SIMD3<Double>(v)
            let norm = (d * d).sum().squareRoot()
            guard norm > 0.5 else { return false }
            return !seen.contains { ($0 * d).sum() / norm >= cosRadius }
        }
        // Pass 2: runs of still, unseen windows.
        var runs: [(first: Int, last: Int)] = []
        for i in windows.indices where Double(windows[i].movement) <= threshold && unseen(windows[i].mean) {
            if let r = runs.last,
                windows[i].start - (windows[r.last].start + parameters.windowSeconds)
                    <= parameters.maximumInterruption
            {
                runs[runs.count - 1].last = i
            } else {
                runs.append((i, i))
            }
        }
        let width = parameters.windowSeconds
        var widened: [(start: Int, end: Int)] = []
        for r in runs {
            // Widen over the handling at each end: contiguous windows moving more than a burst.
            var first = r.first
            while first > 0, Double(windows[first - 1].movement) > parameters.burstSD,
                windows[first - 1].start + width == windows[first].start,
                windows[r.first].start - windows[first - 1].start <= parameters.maximumTransition
            {
                first -= 1
            }
            var last = r.last
            let coreEnd = windows[r.last].start + width
            while last + 1 < windows.count, Double(windows[last + 1].movement) > parameters.burstSD,
                windows[last].start + width == windows[last + 1].start,
                windows[last + 1].start + width - coreEnd <= parameters.maximumTransition
            {
                last += 1
            }
            let start = windows[first].start
            let end = windows[last].start + width
            // Two runs widened into the same burst between them (a knock on the shelf) join.
            if let previous = widened.last, start <= previous.end {
                widened[widened.count - 1].end = max(previous.end, end)
            } else {
                widened.append((start, end))
            }
        }
        // Times that go back (a clock set back, a daylight-saving change read in UTC) can leave a run
        // whose end is not after its start: nothing is reported for it.
        for (start, end) in widened where end > start {
            let minutes = Double(end - start) / 60
            let interval = DateInterval(
                start: Date(timeIntervalSince1970: Double(start)), end: Date(timeIntervalSince1970: Double(end)))
            if minutes >= parameters.vanHeesMinutes {
                result.leftToVanHees.append(interval)
            } else if minutes >= parameters.minimumMinutes {
                result.removals.append(interval)
            }
        }
        return result
    }
}
