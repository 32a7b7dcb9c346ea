import Foundation
import SitLessCore

/// Non-wear from raw acceleration (van Hees et al. 2011, PLoS ONE 6:e22922, as in GGIR): in
/// 60-minute windows moved in 15-minute steps, the device counts as not worn when at least
/// two axes have a standard deviation below 13 mg and a range below 50 mg; the whole window
/// is then non-wear. Nobody wearing a sensor stays that still for an hour. Fed block by block;
/// memory holds 15-minute summaries.
public struct NonWearDetector {
    public struct Parameters: Sendable {
        public var windowMinutes = 60
        public var stepMinutes = 15
        /// g
        public var maximumSD = 0.013
        /// g
        public var maximumRange = 0.050
        /// Axes that must be that still.
        public var stillAxes = 2
        public init() {}
    }

    struct Summary {
        var n = 0.0
        var sum = [0.0, 0.0, 0.0]
        var squares = [0.0, 0.0, 0.0]
        var low = [Double.infinity, .infinity, .infinity]
        var high = [-Double.infinity, -.infinity, -.infinity]
    }

    public let parameters: Parameters
    var step: Double { Double(parameters.stepMinutes * 60) }
    /// Step index -> summary, for the steps seen.
    var summaries: [Int: Summary] = [:]

    public init(parameters: Parameters = Parameters()) { self.parameters = parameters }

    public mutating func add(_ block: SampleBlock) {
        var index = Int.min
        var current = Summary()
        // Scalar accumulators: this runs for every sample of a week-long recording.
        var n = 0.0
        var sx = 0.0
        var sy = 0.0
        var sz = 0.0
        var qx = 0.0
        var qy = 0.0
        var qz = 0.0
        var lx = Double.infinity
        var ly = Double.infinity
        var lz = Double.infinity
        var hx = -Double.infinity
        var hy = -Double.infinity
        var hz = -Double.infinity
        func store(_ summary: inout Summary) {
            summary.n += n
            summary.sum[0] += sx
            summary.sum[1] += sy
            summary.sum[2] += sz
            summary.squares[0] += qx
            summary.squares[1] += qy
            summary.squares[2] += qz
            summary.low[0] = min(summary.low[0], lx)
            summary.low[1] = min(summary.low[1], ly)
            summary.low[2] = min(summary.low[2], lz)
            summary.high[0] = max(summary.high[0], hx)
            summary.high[1] = max(summary.high[1], hy)
            summary.high[2] = max(summary.high[2], hz)
        }
        let x = block.x
        let y = block.y
        let z = block.z
        let times = block.times
        for i in 0..<block.count {
            // Readers hand on finite times in `TimeBounds`; anything else is passed over here
            // rather than trapping on the conversion to a step index.
            let q = (times[i] / step).rounded(.down)
            guard q.isFinite, abs(q) < 1e15 else { continue }
            let s = Int(q)
            if s != index {
                if index != Int.min {
                    store(&current)
                    summaries[index] = current
                }
                index = s
                current = summaries[s] ?? Summary()
                n = 0
                sx = 0
                sy = 0
                sz = 0
                qx = 0
                qy = 0
                qz = 0
                lx = .infinity
                ly = .infinity
                lz = .infinity
                hx = -.infinity
                hy = -.infinity
                hz = -.infinity
            }
            let a = x[i]
            let b = y[i]
            let c = z[i]
            n += 1
            sx += a
            sy += b
            sz += c
            qx += a * a
            qy += b * b
            qz += c * c
            lx = min(lx, a)
            ly = min(ly, b)
            lz = min(lz, c)
            hx = max(hx, a)
            hy = max(hy, b)
            hz = max(hz, c)
        }
        if index != Int.min {
            store(&current)
            summaries[index] = current
        }
    }

    /// The non-wear periods found, as bouts that outrank the posture classifier's.
    public func bouts() -> [PostureBout] {
        let perWindow = parameters.windowMinutes / parameters.stepMinutes
        var flagged = Set<Int>()
        // Only windows whose every step has data can be flagged, so only the steps with data
        // are tried as starts: the work follows the data, not the span between its first and
        // last sample (which a damaged file can make a century).
        for start in summaries.keys.sorted() {
            let parts = (start..<(start + perWindow)).compactMap { summaries[$0] }
            if parts.count == perWindow {
                var still = 0
                for k in 0..<3 {
                    let n = parts.reduce(0) { $0 + $1.n }
                    let mean = parts.reduce(0) { $0 + $1.sum[k] } / n
                    let sd = max(0, parts.reduce(0) { $0 + $1.squares[k] } / n - mean * mean).squareRoot()
                    let range = (parts.map { $0.high[k] }.max() ?? 0) - (parts.map { $0.low[k] }.min() ?? 0)
                    if sd < parameters.maximumSD && range < parameters.maximumRange { still += 1 }
                }
                if still >= parameters.stillAxes { flagged.formUnion(start..<(start + perWindow)) }
            }
        }
        var out: [PostureBout] = []
        for s in flagged.sorted() {
            let from = Date(timeIntervalSince1970: Double(s) * step)
            let to = from.addingTimeInterval(step)
            if var lastBout = out.last, lastBout.end == from {
                lastBout.end = to
                out[out.count - 1] = lastBout
            } else {
                out.append(PostureBout(.nonWear, from: from, to: to, source: .wearable, confidence: 0.95))
            }
        }
        return out
    }
}
