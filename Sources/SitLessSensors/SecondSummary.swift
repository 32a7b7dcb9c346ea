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
    public var eighths: Eighths

    public init(second: Int) {
        self.second = second
        n = 0
        sum = .zero
        squares = .zero
        low = SIMD3(repeating: .infinity)
        high = SIMD3(repeating: -.infinity)
        enmo = 0
        eighths = Eighths()
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
    /// Whether ENMO is summed (a square root per sample): off when nothing reads it (the thigh,
    /// unless epochs are asked for); `enmo` is then 0.
    public let withENMO: Bool
    /// The open second's sums, summed sample by sample.
    struct Sums {
        var n = 0.0
        var sx = 0.0, sy = 0.0, sz = 0.0
        var qx = 0.0, qy = 0.0, qz = 0.0
        var lx = Double.infinity, ly = Double.infinity, lz = Double.infinity
        var hx = -Double.infinity, hy = -Double.infinity, hz = -Double.infinity
        var enmo = 0.0
        /// Per eighth of the second: sums of x, y, z and sample counts.
        var ex = SIMD8<Double>(), ey = SIMD8<Double>(), ez = SIMD8<Double>(), ec = SIMD8<Double>()
        /// The eighth samples go to now (-1: none) and its sums, kept out of the vectors
        /// (stored back when the eighth changes) so a sample adds to scalars.
        var k = -1
        var cx = 0.0, cy = 0.0, cz = 0.0, cc = 0.0

        /// Moves the sums to eighth `k`, storing back those of the one before.
        @inline(__always) mutating func eighth(_ next: Int) {
            flush()
            k = next
            (cx, cy, cz, cc) = (ex[next], ey[next], ez[next], ec[next])
        }

        @inline(__always) mutating func flush() {
            guard k >= 0 else { return }
            (ex[k], ey[k], ez[k], ec[k]) = (cx, cy, cz, cc)
        }
    }
    private var sums = Sums()
    /// The second being summed, when `isOpen`.
    private var openSecond = 0
    private var isOpen = false
    /// Second of the sample before this part's first; samples of that second are skipped
    /// until another second starts.
    private var skipping: Int?
    /// When set, the part stops taking samples at the first sample of a second after this one.
    private var stopAfter: Int?
    public private(set) var isComplete = false
    public private(set) var seconds: [SecondSummary] = []

    public init(calibration: Calibration? = nil, withENMO: Bool = true, after previousTime: Double? = nil) {
        self.calibration = calibration
        self.withENMO = withENMO
        skipping = previousTime.flatMap(SecondReducer.secondOf)
    }

    /// ⌊t⌋, or nil when it is not finite or not below 10^15 in size.
    @inline(__always) static func secondOf(_ t: Double) -> Int? {
        // ⌊t⌋ without a call to floor: truncate, and step down for negative fractions.
        guard t.isFinite, abs(t) < 2e15 else { return nil }
        var s = Int(t)
        if Double(s) > t { s -= 1 }
        guard abs(s) < 1_000_000_000_000_000 else { return nil }
        return s
    }

    /// From now on, a sample of a second other than the current one ends this part.
    public mutating func stopAtNextSecond() {
        if isOpen { stopAfter = openSecond } else { isComplete = true }
    }

    /// Takes the completed seconds so far (the one still open stays).
    public mutating func take() -> [SecondSummary] {
        defer { seconds.removeAll(keepingCapacity: true) }
        return seconds
    }

    public mutating func add(_ block: SampleBlock) {
        guard !isComplete else { return }
        let count = min(block.times.count, block.x.count, block.y.count, block.z.count)
        block.times.withUnsafeBufferPointer { times in
            block.x.withUnsafeBufferPointer { xs in
                block.y.withUnsafeBufferPointer { ys in
                    block.z.withUnsafeBufferPointer { zs in run(count, times, xs, ys, zs) }
                }
            }
        }
    }

    /// The per-sample loop, on locals (no closure captures them), stored back on every exit.
    private mutating func run(
        _ count: Int, _ times: UnsafeBufferPointer<Double>, _ xs: UnsafeBufferPointer<Double>,
        _ ys: UnsafeBufferPointer<Double>, _ zs: UnsafeBufferPointer<Double>
    ) {
        let calibrated = calibration != nil
        let enmo = withENMO
        let (ox, oy, oz) = calibration?.offset ?? (0, 0, 0)
        let (kx, ky, kz) = calibration?.scale ?? (1, 1, 1)
        var a = sums
        var open = isOpen
        var second = openSecond
        // The open second as [lo, hi) and the current eighth as [elo, ehi): a sample inside both
        // needs no ⌊t⌋ and no eighth index. The bounds are exact (a second near 2e9 plus k/8 needs
        // 34 bits), so the fast path decides exactly as `secondOf` and the index would.
        var lo = open ? Double(second) : .infinity
        var hi = open ? lo + 1 : -.infinity
        var elo = Double.infinity
        var ehi = -Double.infinity
        if open, a.k >= 0 {
            elo = lo + Double(a.k) / 8
            ehi = lo + Double(a.k + 1) / 8
        }
        for i in 0..<count {
            let t = times[i]
            let s: Int
            if t >= lo && t < hi && skipping == nil {
                s = second
            } else {
                guard let found = SecondReducer.secondOf(t) else { continue }
                s = found
            }
            if let skip = skipping {
                if s == skip { continue }
                skipping = nil
            }
            if !open || s != second {
                if open {
                    sums = a
                    if let stop = stopAfter, second == stop {
                        close()
                        isComplete = true
                        return
                    }
                    close()
                }
                open = true
                second = s
                isOpen = true
                openSecond = s
                a = Sums()
                lo = Double(s)
                hi = lo + 1
                elo = .infinity
                ehi = -.infinity
            }
            var (x, y, z) = (xs[i], ys[i], zs[i])
            if calibrated {
                x = (x + ox) * kx
                y = (y + oy) * ky
                z = (z + oz) * kz
            }
            a.n += 1
            a.sx += x
            a.sy += y
            a.sz += z
            a.qx += x * x
            a.qy += y * y
            a.qz += z * z
            // As pointwiseMin/Max pick: the new value when it is smaller (larger).
            a.lx = x < a.lx ? x : a.lx
            a.ly = y < a.ly ? y : a.ly
            a.lz = z < a.lz ? z : a.lz
            a.hx = a.hx < x ? x : a.hx
            a.hy = a.hy < y ? y : a.hy
            a.hz = a.hz < z ? z : a.hz
            if enmo { a.enmo += max(0, (x * x + y * y + z * z).squareRoot() - 1) }
            if !(t >= elo && t < ehi) {
                let k = min(7, max(0, Int((t - lo) * 8)))
                if k != a.k { a.eighth(k) }
                elo = lo + Double(k) / 8
                ehi = k == 7 ? hi : lo + Double(k + 1) / 8
            }
            a.cx += x
            a.cy += y
            a.cz += z
            a.cc += 1
        }
        sums = a
    }

    /// Closes the open second.
    public mutating func finish() {
        close()
        isComplete = true
    }

    private mutating func close() {
        guard isOpen else { return }
        isOpen = false
        var a = sums
        a.flush()
        var second = SecondSummary(second: openSecond)
        second.n = a.n
        second.sum = SIMD3(a.sx, a.sy, a.sz)
        second.squares = SIMD3(a.qx, a.qy, a.qz)
        second.low = SIMD3(a.lx, a.ly, a.lz)
        second.high = SIMD3(a.hx, a.hy, a.hz)
        second.enmo = a.enmo
        var eighths = Eighths()
        var last = SIMD3<Float>(second.mean)
        for k in 0..<8 {
            if a.ec[k] > 0 { last = SIMD3<Float>(SIMD3(a.ex[k], a.ey[k], a.ez[k]) / a.ec[k]) }
            eighths[k] = last
        }
        second.eighths = eighths
        sums = Sums()
        seconds.append(second)
    }
}

/// The mean acceleration in each eighth of a second, kept inline (three 8-lane vectors, no
/// allocation per second).
public struct Eighths: Sendable, Equatable, Sequence {
    public var x = SIMD8<Float>()
    public var y = SIMD8<Float>()
    public var z = SIMD8<Float>()

    public init() {}

    /// From 8 vectors (fewer leave the rest zero).
    public init(_ values: [SIMD3<Float>]) {
        for (k, v) in values.prefix(8).enumerated() { self[k] = v }
    }

    public var count: Int { 8 }

    public subscript(k: Int) -> SIMD3<Float> {
        get { SIMD3(x[k], y[k], z[k]) }
        set {
            x[k] = newValue.x
            y[k] = newValue.y
            z[k] = newValue.z
        }
    }

    public func makeIterator() -> AnyIterator<SIMD3<Float>> {
        var k = 0
        return AnyIterator {
            guard k < 8 else { return nil }
            defer { k += 1 }
            return self[k]
        }
    }
}
