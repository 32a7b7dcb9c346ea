import Foundation

/// Autocalibration against gravity (van Hees et al. 2014, J Appl Physiol 117:738-744, the
/// method GGIR and the UK Biobank pipeline use): when the sensor is still, the measured vector
/// should have length 1 g. Means of still 10-second windows (every axis' standard deviation
/// below 13 mg) are collected; if they cover the sphere (each axis has windows beyond -0.3 g
/// and +0.3 g), an offset and a scale per axis are fitted so the corrected vectors
/// (m + offset) × scale lie on the unit sphere: repeatedly project the corrected points onto
/// the sphere and refit each axis by least squares, until the mean error stops improving.
/// The calibration error is the mean | |v| - 1 g | of the still windows, in milli-g.
public struct Calibration: Sendable, Equatable {
    public var offset: (Double, Double, Double)
    public var scale: (Double, Double, Double)
    /// Mean distance from 1 g of the still windows before and after, milli-g.
    public var errorBefore: Double
    public var errorAfter: Double
    public var stillWindows: Int

    public static func == (a: Calibration, b: Calibration) -> Bool {
        a.offset == b.offset && a.scale == b.scale && a.errorBefore == b.errorBefore && a.errorAfter == b.errorAfter
    }

    public func apply(_ block: inout SampleBlock) {
        for i in 0..<block.count {
            block.x[i] = (block.x[i] + offset.0) * scale.0
            block.y[i] = (block.y[i] + offset.1) * scale.1
            block.z[i] = (block.z[i] + offset.2) * scale.2
        }
    }

    /// Collects still-window means from seconds (or sample blocks, reduced to seconds);
    /// memory holds one window and the means.
    public struct Collector {
        public let windowSeconds: Double
        public let stillSD: Double
        var window: (start: Double, n: Double, s: SIMD3<Double>, q: SIMD3<Double>)?
        public private(set) var means: [(Double, Double, Double)] = []
        /// Turns samples into seconds for callers that hand on sample blocks.
        private var reducer: SecondReducer?

        public init(windowSeconds: Double = 10, stillSD: Double = 0.013) {
            self.windowSeconds = windowSeconds
            self.stillSD = stillSD
        }

        public mutating func add(_ block: SampleBlock) {
            if reducer == nil { reducer = SecondReducer() }
            reducer!.add(block)
            for second in reducer!.take() { add(second) }
        }

        /// Adds one second's sums to its window (`windowSeconds` should be whole seconds).
        public mutating func add(_ second: SecondSummary) {
            guard second.n > 0 else { return }
            let start = (Double(second.second) / windowSeconds).rounded(.down) * windowSeconds
            if window?.start != start {
                close()
                window = (start, 0, .zero, .zero)
            }
            window!.n += second.n
            window!.s += second.sum
            window!.q += second.squares
        }

        mutating func close() {
            if var rest = reducer {
                reducer = nil
                rest.finish()
                for second in rest.take() { add(second) }
            }
            guard let w = window, w.n > 1 else {
                window = nil
                return
            }
            let m = (w.s.x / w.n, w.s.y / w.n, w.s.z / w.n)
            func sd(_ q: Double, _ mean: Double) -> Double { max(0, q / w.n - mean * mean).squareRoot() }
            if sd(w.q.x, m.0) < stillSD && sd(w.q.y, m.1) < stillSD && sd(w.q.z, m.2) < stillSD { means.append(m) }
            window = nil
        }

        /// Fits the calibration, or explains why it cannot.
        public mutating func fit() -> Result<Calibration, CalibrationProblem> {
            close()
            return Calibration.fit(means)
        }
    }

    public enum CalibrationProblem: Error, Equatable, CustomStringConvertible {
        case tooFewStillWindows(Int)
        case sphereNotCovered(axis: String)

        public var description: String {
            switch self {
            case .tooFewStillWindows(let n): "only \(n) still 10-second windows; calibration needs at least 10"
            case .sphereNotCovered(let axis):
                "still windows do not cover the sphere (axis \(axis) never beyond ±0.3 g); not calibrated"
            }
        }
    }

    public static func fit(_ means: [(Double, Double, Double)]) -> Result<Calibration, CalibrationProblem> {
        guard means.count >= 10 else { return .failure(.tooFewStillWindows(means.count)) }
        for (name, values) in [("x", means.map(\.0)), ("y", means.map(\.1)), ("z", means.map(\.2))] {
            guard values.contains(where: { $0 < -0.3 }), values.contains(where: { $0 > 0.3 }) else {
                return .failure(.sphereNotCovered(axis: name))
            }
        }
        func error(_ o: [Double], _ s: [Double]) -> Double {
            means.reduce(0) { sum, m in
                let v = [(m.0 + o[0]) * s[0], (m.1 + o[1]) * s[1], (m.2 + o[2]) * s[2]]
                return sum + abs((v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).squareRoot() - 1)
            } / Double(means.count)
        }
        var offset = [0.0, 0.0, 0.0]
        var scale = [1.0, 1.0, 1.0]
        let before = error(offset, scale)
        var last = before
        for _ in 0..<1000 {
            // Project corrected points onto the sphere; refit each axis: target = a + b * corrected.
            var sums = Array(repeating: (x: 0.0, y: 0.0, xx: 0.0, xy: 0.0), count: 3)
            for m in means {
                let v = [(m.0 + offset[0]) * scale[0], (m.1 + offset[1]) * scale[1], (m.2 + offset[2]) * scale[2]]
                let norm = (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).squareRoot()
                guard norm > 0 else { continue }
                for k in 0..<3 {
                    let target = v[k] / norm
                    sums[k].x += v[k]
                    sums[k].y += target
                    sums[k].xx += v[k] * v[k]
                    sums[k].xy += v[k] * target
                }
            }
            let n = Double(means.count)
            for k in 0..<3 {
                let denominator = n * sums[k].xx - sums[k].x * sums[k].x
                guard denominator != 0 else { continue }
                let b = (n * sums[k].xy - sums[k].x * sums[k].y) / denominator
                let a = (sums[k].y - b * sums[k].x) / n
                // New corrected value a + b·(m + o)·s = (m + o + a/(b·s))·(s·b).
                offset[k] += a / (b * scale[k])
                scale[k] *= b
            }
            let now = error(offset, scale)
            if abs(last - now) < 1e-10 {
                last = now
                break
            }
            last = now
        }
        return .success(
            Calibration(
                offset: (offset[0], offset[1], offset[2]), scale: (scale[0], scale[1], scale[2]),
                errorBefore: before * 1000, errorAfter: last * 1000, stillWindows: means.count))
    }
}
