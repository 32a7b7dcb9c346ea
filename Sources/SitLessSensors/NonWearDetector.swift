import Foundation
import SitLessCore

/// Non-wear from raw acceleration (van Hees et al. 2011, PLoS ONE 6:e22922, as in GGIR): in
/// 60-minute windows moved in 15-minute steps, the device counts as not worn when at least
/// two axes have a standard deviation below 13 mg and a range below 50 mg; the whole window
/// is then non-wear. Nobody wearing a sensor stays that still for an hour. Fed second by second
/// (`SecondSummary`, or sample blocks reduced to seconds); memory holds 15-minute summaries.
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
        var sum = SIMD3<Double>.zero
        var squares = SIMD3<Double>.zero
        var low = SIMD3<Double>(repeating: .infinity)
        var high = SIMD3<Double>(repeating: -.infinity)
    }

    public let parameters: Parameters
    var step: Double { Double(parameters.stepMinutes * 60) }
    /// Step index -> summary, for the steps seen (but the open one).
    var summaries: [Int: Summary] = [:]
    /// The step seconds are being added to.
    var open: (index: Int, summary: Summary)?
    /// Turns samples into seconds for callers that hand on sample blocks.
    private var reducer: SecondReducer?

    public init(parameters: Parameters = Parameters()) { self.parameters = parameters }

    /// Samples, a block at a time (reduced to seconds here).
    public mutating func add(_ block: SampleBlock) {
        if reducer == nil { reducer = SecondReducer() }
        reducer!.add(block)
        for second in reducer!.take() { add(second) }
    }

    /// Adds one second's sums to its 15-minute step.
    public mutating func add(_ second: SecondSummary) {
        guard second.n > 0 else { return }
        let q = (Double(second.second) / step).rounded(.down)
        guard q.isFinite, abs(q) < 1e15 else { return }
        let index = Int(q)
        if open?.index != index {
            if let open { summaries[open.index] = open.summary }
            open = (index, summaries[index] ?? Summary())
        }
        open!.summary.n += second.n
        open!.summary.sum += second.sum
        open!.summary.squares += second.squares
        open!.summary.low = pointwiseMin(open!.summary.low, second.low)
        open!.summary.high = pointwiseMax(open!.summary.high, second.high)
    }

    /// The non-wear periods found, as bouts that outrank the posture classifier's.
    public func bouts() -> [PostureBout] {
        var summaries = self.summaries
        if var reducer {
            // Seconds still open in the block convenience.
            var copy = self
            copy.reducer = nil
            reducer.finish()
            for second in reducer.take() { copy.add(second) }
            summaries = copy.summaries
            if let open = copy.open { summaries[open.index] = open.summary }
        } else if let open {
            summaries[open.index] = open.summary
        }
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
