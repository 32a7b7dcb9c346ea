import Foundation

/// One second of raw samples reduced to what every detector downstream reads: the classifier,
/// non-wear, calibration's still windows, ENMO, lying and bed detection, short removals,
/// intensity and steps. Readers hand on sample blocks; `SecondReducer` turns them into these,
/// in time order, so detectors see seconds, not samples, and a recording can be split into
/// parts reduced on different cores: a second is always reduced whole by one part (see
/// `SecondReducer`), so the seconds are the same however the file was split.
public struct SecondSummary: Sendable, Equatable {
    /// ⌊t⌋ of the samples, seconds since 1970 (UTC).
    public var second: Int
    /// Samples in the second.
    public var n: Double
    /// Σx, Σy, Σz in g.
    public var sum: SIMD3<Double>
    /// Σx², Σy², Σz².
    public var squares: SIMD3<Double>
    /// Smallest and largest value of each axis.
    public var low: SIMD3<Double>
    public var high: SIMD3<Double>
    /// Σ max(0, |a| − 1) in g: ENMO summed over the samples (divide by `n` for the mean).
    public var enmo: Double
    /// Mean acceleration in each eighth of the second (by the sample's fraction of a second),
    /// for the detectors that need the shape of a movement within the second (steps); an
    /// eighth without samples repeats the one before (or the second's mean).
    public var eighths: [SIMD3<Float>]

    public init(second: Int) {
        self.second = second
        n = 0
        sum = .zero
        squares = .zero
        low = SIMD3(repeating: .infinity)
        high = SIMD3(repeating: -.infinity)
        enmo = 0
        eighths = []
    }

    public var mean: SIMD3<Double> { n > 0 ? sum / n : .zero }
    /// Standard deviation of each axis (population).
    public var sd: SIMD3<Double> {
        guard n > 0 else { return .zero }
        let m = sum / n
        let v = squares / n - m * m
        return SIMD3(max(0, v.x).squareRoot(), max(0, v.y).squareRoot(), max(0, v.z).squareRoot())
    }
    public var range: SIMD3<Double> { high - low }
    /// Mean ENMO of the second in milli-g.
    public var enmoMilliG: Double { n > 0 ? enmo / n * 1000 : 0 }
}

/// Turns sample blocks into `SecondSummary`s. A second closes when a sample of another second
/// arrives (or at `finish`), exactly as the samples come: times that go back start a new
/// record too. `calibration`, when given, is applied to each sample first.
///
/// **Parts.** To reduce a file in parts (one per core), each part is given the time of the
/// sample just before its first (`after`): it skips the samples that still belong to that
/// sample's second (the part before completes it), and it reads on past its own end until
/// its last second is complete (`isComplete`). Together the parts give the seconds of a single
/// pass, each summed in the same sample order, so the numbers are identical to the bit.
public struct SecondReducer {
    public let calibration: Calibration?
    private var current: SecondSummary?
    private var eighthSums: [SIMD3<Double>] = Array(repeating: .zero, count: 8)
    private var eighthCounts: [Double] = Array(repeating: 0, count: 8)
    /// Second of the sample before this part's first; samples of that second are skipped
    /// until another second starts.
    private var skipping: Int?
    /// When set, the part stops taking samples at the first sample of a second after this one.
    private var stopAfter: Int?
    public private(set) var isComplete = false
    public private(set) var seconds: [SecondSummary] = []

    public init(calibration: Calibration? = nil, after previousTime: Double? = nil) {
        self.calibration = calibration
        skipping = previousTime.flatMap(SecondReducer.secondOf)
    }

    static func secondOf(_ t: Double) -> Int? {
        let s = t.rounded(.down)
        guard s.isFinite, abs(s) < 1e15 else { return nil }
        return Int(s)
    }

    /// From now on, a sample of a second other than the current one ends this part.
    public mutating func stopAtNextSecond() {
        if let current { stopAfter = current.second } else { isComplete = true }
    }

    /// Takes the completed seconds so far (the one still open stays).
    public mutating func take() -> [SecondSummary] {
        defer { seconds.removeAll(keepingCapacity: true) }
        return seconds
    }

    public mutating func add(_ block: SampleBlock) {
        guard !isComplete else { return }
        let offset = calibration?.offset ?? (0, 0, 0)
        let scale = calibration?.scale ?? (1, 1, 1)
        for i in 0..<block.count {
            let t = block.times[i]
            guard let s = SecondReducer.secondOf(t) else { continue }
            if let skip = skipping {
                if s == skip { continue }
                skipping = nil
            }
            if s != current?.second {
                if let stop = stopAfter, current?.second == stop {
                    close()
                    isComplete = true
                    return
                }
                close()
                current = SecondSummary(second: s)
            }
            let x = (block.x[i] + offset.0) * scale.0
            let y = (block.y[i] + offset.1) * scale.1
            let z = (block.z[i] + offset.2) * scale.2
            let a = SIMD3(x, y, z)
            current!.n += 1
            current!.sum += a
            current!.squares += a * a
            current!.low = pointwiseMin(current!.low, a)
            current!.high = pointwiseMax(current!.high, a)
            current!.enmo += max(0, (x * x + y * y + z * z).squareRoot() - 1)
            let k = min(7, max(0, Int((t - Double(s)) * 8)))
            eighthSums[k] += a
            eighthCounts[k] += 1
        }
    }

    /// Closes the open second.
    public mutating func finish() {
        close()
        isComplete = true
    }

    private mutating func close() {
        guard var second = current else { return }
        current = nil
        var eighths: [SIMD3<Float>] = []
        eighths.reserveCapacity(8)
        var last = SIMD3<Float>(second.mean)
        for k in 0..<8 {
            if eighthCounts[k] > 0 { last = SIMD3<Float>(eighthSums[k] / eighthCounts[k]) }
            eighths.append(last)
            eighthSums[k] = .zero
            eighthCounts[k] = 0
        }
        second.eighths = eighths
        seconds.append(second)
    }
}
