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
/// pass, each summed in the same runs (a run also ends where a block ends, and the parts are
/// given the same blocks as one pass), so the numbers are identical to the bit. Blocks cut at
/// other places give the same seconds to rounding (`SecondReducerTests`).
public struct SecondReducer {
    public let calibration: Calibration?
    /// Whether ENMO is summed (a square root per sample): off when nothing reads it (the thigh,
    /// unless epochs are asked for); `enmo` is then 0.
    public let withENMO: Bool
    /// The open second's sums, added run by run.
    struct Sums {
        var n = 0.0
        var sx = 0.0, sy = 0.0, sz = 0.0
        var qx = 0.0, qy = 0.0, qz = 0.0
        var lx = Double.infinity, ly = Double.infinity, lz = Double.infinity
        var hx = -Double.infinity, hy = -Double.infinity, hz = -Double.infinity
        var enmo = 0.0
        /// Per eighth of the second: sums of x, y, z and sample counts.
        var ex = SIMD8<Double>(), ey = SIMD8<Double>(), ez = SIMD8<Double>(), ec = SIMD8<Double>()

        @inline(__always) mutating func add(_ run: RunSums, eighth k: Int) {
            n += run.n
            sx += run.sx
            sy += run.sy
            sz += run.sz
            qx += run.qx
            qy += run.qy
            qz += run.qz
            // As pointwiseMin/Max pick: the new value when it is smaller (larger).
            lx = run.lx < lx ? run.lx : lx
            ly = run.ly < ly ? run.ly : ly
            lz = run.lz < lz ? run.lz : lz
            hx = hx < run.hx ? run.hx : hx
            hy = hy < run.hy ? run.hy : hy
            hz = hz < run.hz ? run.hz : hz
            enmo += run.enmo
            ex[k] += run.sx
            ey[k] += run.sy
            ez[k] += run.sz
            ec[k] += run.n
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

    /// The samples in runs: each run is the samples that follow one another within one eighth of
    /// one second (`elo ..< ehi`), found by one comparison per sample and summed two samples at a
    /// time (`RunSums`), so the decisions a sample needs (⌊t⌋, the eighth, skipping, stopping, a
    /// new second) are made once per run. The open second's sums are added to in place (copying
    /// them in and out of locals costs more than it saves, at a run at a time).
    private mutating func run(
        _ count: Int, _ times: UnsafeBufferPointer<Double>, _ xs: UnsafeBufferPointer<Double>,
        _ ys: UnsafeBufferPointer<Double>, _ zs: UnsafeBufferPointer<Double>
    ) {
        let map = RunSums.Map(calibration)
        let enmo = withENMO
        var i = 0
        while i < count {
            let t = times[i]
            guard let s = SecondReducer.secondOf(t) else {
                i += 1
                continue
            }
            if let skip = skipping {
                if s == skip {
                    i += 1
                    continue
                }
                skipping = nil
            }
            if !isOpen || s != openSecond {
                if isOpen {
                    if let stop = stopAfter, openSecond == stop {
                        close()
                        isComplete = true
                        return
                    }
                    close()
                }
                isOpen = true
                openSecond = s
            }
            // The eighth of the second `t` falls in, as [elo, ehi): bounds exact to the bit (a
            // second near 2e9 plus k/8 needs 34 bits), so every sample of the run lies in the
            // same second and eighth as ⌊t⌋ and ⌊8 × (t − s)⌋ would put it.
            let lo = Double(s)
            let k = min(7, max(0, Int((t - lo) * 8)))
            let elo = lo + Double(k) / 8
            let ehi = k == 7 ? lo + 1 : lo + Double(k + 1) / 8
            var j = i + 1
            while j < count {
                let u = times[j]
                guard u >= elo && u < ehi else { break }
                j += 1
            }
            let run = RunSums(i..<j, xs, ys, zs, map, enmo: enmo)
            sums.add(run, eighth: k)
            i = j
        }
    }

    /// Closes the open second.
    public mutating func finish() {
        close()
        isComplete = true
    }

    private mutating func close() {
        guard isOpen else { return }
        isOpen = false
        let a = sums
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

/// The sums of one run of samples (`SecondReducer.run`): the samples are taken two at a time
/// in the lanes of `SIMD2` vectors (one instruction for two samples on every 64-bit CPU Swift
/// runs on), the lanes added at the end, and an odd last sample on its own. The order of the
/// additions depends only on the run, so a second comes out the same to the bit however a
/// file was split into parts.
struct RunSums {
    /// The calibration as vectors: x' = (x + offset) × scale.
    struct Map {
        let calibrated: Bool
        let ox, oy, oz, kx, ky, kz: SIMD2<Double>

        init(_ calibration: Calibration?) {
            calibrated = calibration != nil
            let (ox, oy, oz) = calibration?.offset ?? (0, 0, 0)
            let (kx, ky, kz) = calibration?.scale ?? (1, 1, 1)
            (self.ox, self.oy, self.oz) = (SIMD2(repeating: ox), SIMD2(repeating: oy), SIMD2(repeating: oz))
            (self.kx, self.ky, self.kz) = (SIMD2(repeating: kx), SIMD2(repeating: ky), SIMD2(repeating: kz))
        }
    }

    var n: Double
    var sx = 0.0, sy = 0.0, sz = 0.0
    var qx = 0.0, qy = 0.0, qz = 0.0
    var lx = Double.infinity, ly = Double.infinity, lz = Double.infinity
    var hx = -Double.infinity, hy = -Double.infinity, hz = -Double.infinity
    var enmo = 0.0

    @inline(__always) init(
        _ range: Range<Int>, _ xs: UnsafeBufferPointer<Double>, _ ys: UnsafeBufferPointer<Double>,
        _ zs: UnsafeBufferPointer<Double>, _ map: Map, enmo withENMO: Bool
    ) {
        n = Double(range.count)
        let x0 = xs.baseAddress! + range.lowerBound
        let y0 = ys.baseAddress! + range.lowerBound
        let z0 = zs.baseAddress! + range.lowerBound
        let pairs = range.count / 2
        var sx = SIMD2<Double>(), sy = SIMD2<Double>(), sz = SIMD2<Double>()
        var qx = SIMD2<Double>(), qy = SIMD2<Double>(), qz = SIMD2<Double>()
        var lx = SIMD2<Double>(repeating: .infinity), ly = lx, lz = lx
        var hx = SIMD2<Double>(repeating: -.infinity), hy = hx, hz = hx
        var e = SIMD2<Double>()
        let one = SIMD2<Double>(repeating: 1)
        for p in 0..<pairs {
            var x = UnsafeRawPointer(x0 + 2 * p).loadUnaligned(as: SIMD2<Double>.self)
            var y = UnsafeRawPointer(y0 + 2 * p).loadUnaligned(as: SIMD2<Double>.self)
            var z = UnsafeRawPointer(z0 + 2 * p).loadUnaligned(as: SIMD2<Double>.self)
            if map.calibrated {
                x = (x + map.ox) * map.kx
                y = (y + map.oy) * map.ky
                z = (z + map.oz) * map.kz
            }
            sx += x
            sy += y
            sz += z
            let xx = x * x, yy = y * y, zz = z * z
            qx += xx
            qy += yy
            qz += zz
            lx = lx.replacing(with: x, where: x .< lx)
            ly = ly.replacing(with: y, where: y .< ly)
            lz = lz.replacing(with: z, where: z .< lz)
            hx = hx.replacing(with: x, where: hx .< x)
            hy = hy.replacing(with: y, where: hy .< y)
            hz = hz.replacing(with: z, where: hz .< z)
            if withENMO {
                let over = (xx + yy + zz).squareRoot() - one
                e += over.replacing(with: 0, where: .zero .> over)
            }
        }
        self.sx = sx[0] + sx[1]
        self.sy = sy[0] + sy[1]
        self.sz = sz[0] + sz[1]
        self.qx = qx[0] + qx[1]
        self.qy = qy[0] + qy[1]
        self.qz = qz[0] + qz[1]
        self.lx = lx[1] < lx[0] ? lx[1] : lx[0]
        self.ly = ly[1] < ly[0] ? ly[1] : ly[0]
        self.lz = lz[1] < lz[0] ? lz[1] : lz[0]
        self.hx = hx[0] < hx[1] ? hx[1] : hx[0]
        self.hy = hy[0] < hy[1] ? hy[1] : hy[0]
        self.hz = hz[0] < hz[1] ? hz[1] : hz[0]
        enmo = e[0] + e[1]
        if range.count % 2 == 1 {
            let last = 2 * pairs
            var (x, y, z) = (x0[last], y0[last], z0[last])
            if map.calibrated {
                x = (x + map.ox[0]) * map.kx[0]
                y = (y + map.oy[0]) * map.ky[0]
                z = (z + map.oz[0]) * map.kz[0]
            }
            self.sx += x
            self.sy += y
            self.sz += z
            self.qx += x * x
            self.qy += y * y
            self.qz += z * z
            self.lx = x < self.lx ? x : self.lx
            self.ly = y < self.ly ? y : self.ly
            self.lz = z < self.lz ? z : self.lz
            self.hx = self.hx < x ? x : self.hx
            self.hy = self.hy < y ? y : self.hy
            self.hz = self.hz < z ? z : self.hz
            if withENMO { enmo += max(0, (x * x + y * y + z * z).squareRoot() - 1) }
        }
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
