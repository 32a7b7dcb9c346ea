import Foundation

/// ActiGraph activity counts from raw acceleration, following the published ActiGraph
/// algorithm as implemented by the `agcounts` package (Neishabouri et al. 2022, "Quantification
/// of acceleration as activity counts in ActiGraph wearable", Sci Rep 12:11958): per axis,
/// 1. resample to 30 Hz: insert L-1 zeros between samples, for rates other than 30, 60 and 90 Hz
///    apply the one-pole low-pass a·L·(u[n] + u[n-1]) - b·v[n-1] with a = π/(π+2L),
///    b = (π-2L)/(π+2L), keep every M-th value ((L, M) = (3, 4) at 40 Hz, (3, 5) at 50, (1, 2)
///    at 60, (3, 7) at 70, (3, 8) at 80, (1, 3) at 90, (3, 10) at 100) and round to 3 decimals;
/// 2. band-pass with ActiGraph's 8th-order IIR filter (coefficients below), its state started
///    at the steady state for the first value (scipy's `lfilter_zi`), and scale by
///    (3/4096)/(2.6/256)·237.5;
/// 3. dead band: |value| below 4 becomes 0, above 128 becomes 128, then floor;
/// 4. to 10 Hz: the floor of the mean of each run of 3 values;
/// 5. counts: the sum over each whole epoch (incomplete trailing epochs are dropped).
/// Samples arrive block by block; memory holds only the filter state and the current epoch.
public struct ActiGraphCounts {
    /// Band-pass numerator and denominator (ActiGraph, as in agcounts).
    static let b: [Double] = [
        -0.009341062898525, -0.025470289659360, -0.004235264826105, 0.044152415456420,
        0.036493718347760, -0.011893961934740, -0.022917390623150, -0.006788163862310, 0,
    ]
    static let a: [Double] = [
        1, -3.63367395910957, 5.03689812757486, -3.09612247819666,
        0.50620507633883, 0.32421701566682, -0.15685485875559, 0.01949130205890, 0,
    ]

    /// Resampling factors (upsample L, downsample M) per supported rate.
    public static let factors: [Int: (up: Int, down: Int)] = [
        30: (1, 1), 40: (3, 4), 50: (3, 5), 60: (1, 2), 70: (3, 7),
        80: (3, 8), 90: (1, 3), 100: (3, 10),
    ]

    /// Steady-state filter state for a unit step (what scipy's `lfilter_zi` computes): the
    /// solution of (I - Aᵀ) z = b[1...] - a[1...]·b[0] for the companion matrix A of `a`.
    static let steadyState: [Double] = {
        let n = a.count - 1
        // Build I - companion(a)ᵀ, where companion row 0 is -a[1...] and the subdiagonal is 1.
        var m = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            m[i][i] = 1
            m[i][0] += a[i + 1]  // -(−a[i+1]) on the first column of the transpose
            if i + 1 < n { m[i][i + 1] -= 1 }
        }
        var rhs = (0..<n).map { b[$0 + 1] - a[$0 + 1] * b[0] }
        // Gaussian elimination with partial pivoting.
        for col in 0..<n {
            let pivot = (col..<n).max { abs(m[$0][col]) < abs(m[$1][col]) }!
            m.swapAt(col, pivot)
            rhs.swapAt(col, pivot)
            for row in (col + 1)..<n {
                let f = m[row][col] / m[col][col]
                for k in col..<n { m[row][k] -= f * m[col][k] }
                rhs[row] -= f * rhs[col]
            }
        }
        var z = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var s = rhs[row]
            for k in (row + 1)..<n { s -= m[row][k] * z[k] }
            z[row] = s / m[row][row]
        }
        return z
    }()

    struct Axis {
        var previousUp = 0.0  // u[n-1] in the upsampled stream
        var lowPass = 0.0  // v[n-1]
        var upIndex = 0  // position in the upsampled stream
        var filter: [Double]? = nil  // band-pass state, started at the first 30 Hz value
        var triple = (sum: 0.0, count: 0)
        var epoch = (sum: 0.0, count: 0)
    }

    public let rate: Int
    public let epochSeconds: Int
    let up: Int, down: Int
    let lowPassA: Double, lowPassB: Double
    var axes = [Axis](repeating: Axis(), count: 3)
    /// Completed epochs: counts for x, y, z.
    public private(set) var epochs: [[Int]] = []

    /// `rate` must be one of 30, 40, ..., 100 Hz.
    public init?(rate: Int, epochSeconds: Int = 60) {
        guard let f = ActiGraphCounts.factors[rate], epochSeconds > 0 else { return nil }
        self.rate = rate
        self.epochSeconds = epochSeconds
        up = f.up
        down = f.down
        lowPassA = .pi / (.pi + 2 * Double(f.up))
        lowPassB = (.pi - 2 * Double(f.up)) / (.pi + 2 * Double(f.up))
    }

    public mutating func add(_ block: SampleBlock) {
        for i in 0..<block.count {
            let values = [block.x[i], block.y[i], block.z[i]]
            var finished = [Int?](repeating: nil, count: 3)
            for k in 0..<3 { finished[k] = step(axis: k, value: values[k]) }
            if let x = finished[0], let y = finished[1], let z = finished[2] { epochs.append([x, y, z]) }
        }
    }

    /// Feeds one raw sample of one axis; returns that axis's count when an epoch completes.
    mutating func step(axis k: Int, value: Double) -> Int? {
        var result: Int?
        for j in 0..<up {
            let u = j == 0 ? value : 0
            var v: Double
            if rate == 30 || rate == 60 || rate == 90 {
                v = u
            } else {
                v = lowPassA * Double(up) * (u + axes[k].previousUp)
                if axes[k].upIndex > 0 { v -= lowPassB * axes[k].lowPass }
                axes[k].lowPass = v
            }
            axes[k].previousUp = u
            let index = axes[k].upIndex
            axes[k].upIndex += 1
            guard index % down == 0 else { continue }
            let resampled = (v * 1000).rounded(.toNearestOrEven) / 1000
            if let counted = bandPassAndCount(axis: k, resampled) { result = counted }
        }
        return result
    }

    mutating func bandPassAndCount(axis k: Int, _ x: Double) -> Int? {
        let b = ActiGraphCounts.b
        let a = ActiGraphCounts.a
        if axes[k].filter == nil { axes[k].filter = ActiGraphCounts.steadyState.map { $0 * x } }
        var z = axes[k].filter!
        let y = b[0] * x + z[0]
        for i in 0..<(z.count - 1) { z[i] = b[i + 1] * x + z[i + 1] - a[i + 1] * y }
        z[z.count - 1] = b[z.count] * x - a[z.count] * y
        axes[k].filter = z
        var magnitude = abs(y * ((3.0 / 4096.0) / (2.6 / 256.0) * 237.5))
        if !(magnitude >= 4) { magnitude = 0 }  // also NaN, which an overflowing filter can give
        if magnitude > 128 { magnitude = 128 }
        magnitude = magnitude.rounded(.down)
        axes[k].triple.sum += magnitude
        axes[k].triple.count += 1
        guard axes[k].triple.count == 3 else { return nil }
        let tenHz = (axes[k].triple.sum / 3).rounded(.down)
        axes[k].triple = (0, 0)
        axes[k].epoch.sum += tenHz
        axes[k].epoch.count += 1
        guard axes[k].epoch.count == epochSeconds * 10 else { return nil }
        let count = Int(axes[k].epoch.sum.rounded(.down))
        axes[k].epoch = (0, 0)
        return count
    }
}
