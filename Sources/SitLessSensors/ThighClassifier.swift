import Foundation
import SitLessCore

/// Posture from a thigh-worn accelerometer, in the manner of Acti4 (Skotte et al. 2014):
/// per-second features over 2-second windows (the second itself and the one before):
/// - the **inclination** of the thigh from vertical, arccos(|a_long| / |a|) from the mean
///   acceleration: above `sittingInclination` (45°) the thigh is near horizontal: sitting
///   (or lying; a thigh sensor alone cannot tell them apart);
/// - the **movement intensity**, the mean of the three axes' standard deviations: above
///   `walkingIntensity` (0.1 g) an upright thigh is stepping, below it standing;
/// then runs shorter than the minimum durations (sitting 5 s, standing and stepping 2 s)
/// are merged into the run before them, so a brief wobble does not count as a break.
/// The long axis is the one along the thigh (x on most placements); its sign does not
/// matter, so an upside-down sensor reads the same.
public struct ThighClassifier {
    public enum LongAxis: String, Sendable { case x, y, z }

    public struct Parameters: Sendable {
        /// Degrees from vertical above which the thigh counts as sitting (Acti4: 45°).
        public var sittingInclination = 45.0
        /// g; upright seconds above this movement intensity are stepping (Acti4: 0.1 g).
        public var walkingIntensity = 0.1
        /// Seconds a run must last to stand on its own (Acti4 uses 5 s for sitting, 2 s for
        /// standing and walking).
        public var minimumSitting = 5.0
        public var minimumUpright = 2.0
        public var longAxis: LongAxis = .x
        public init() {}
    }

    public let parameters: Parameters
    /// The previous second's sums, for the 2-second window.
    private var previous: (second: Int, n: Double, sum: SIMD3<Double>, squares: SIMD3<Double>)?
    /// Classified seconds, run-length encoded: (posture, first second, seconds).
    private var runs: [(posture: Posture, start: Int, length: Int)] = []
    /// Turns samples into seconds for callers that hand on sample blocks.
    private var reducer: SecondReducer?

    public init(parameters: Parameters = Parameters()) { self.parameters = parameters }

    /// Samples, a block at a time (reduced to seconds here; `finish` closes the last).
    public mutating func add(_ block: SampleBlock) {
        if reducer == nil { reducer = SecondReducer() }
        reducer!.add(block)
        for second in reducer!.take() { add(second) }
    }

    /// Classifies one second, from its sums and the previous second's (when it is the second
    /// just before). Seconds come in time order, as `SecondReducer` makes them.
    public mutating func add(_ second: SecondSummary) {
        let s = second.second
        guard second.n > 0 else { return }
        var wn = second.n
        var ws = second.sum
        var wq = second.squares
        if let p = previous, p.second == s - 1 {
            wn += p.n
            ws = SIMD3(ws.x + p.sum.x, ws.y + p.sum.y, ws.z + p.sum.z)
            wq = SIMD3(wq.x + p.squares.x, wq.y + p.squares.y, wq.z + p.squares.z)
        }
        let mean = (ws.x / wn, ws.y / wn, ws.z / wn)
        func sd(_ q: Double, _ m: Double) -> Double { max(0, q / wn - m * m).squareRoot() }
        let intensity = (sd(wq.x, mean.0) + sd(wq.y, mean.1) + sd(wq.z, mean.2)) / 3
        let norm = (mean.0 * mean.0 + mean.1 * mean.1 + mean.2 * mean.2).squareRoot()
        let long: Double =
            switch parameters.longAxis {
            case .x: mean.0
            case .y: mean.1
            case .z: mean.2
            }
        let inclination = norm > 0 ? acos(min(1, abs(long) / norm)) * 180 / .pi : 90
        let posture: Posture =
            inclination > parameters.sittingInclination
            ? .sitting
            : intensity > parameters.walkingIntensity ? .stepping : .standing
        if let last = runs.last, last.posture == posture, last.start + last.length == s {
            runs[runs.count - 1].length += 1
        } else {
            runs.append((posture, s, 1))
        }
        previous = (s, second.n, second.sum, second.squares)
    }

    /// Closes the last second and returns the smoothed bouts.
    public mutating func finish() -> [PostureBout] {
        if var rest = reducer {
            rest.finish()
            for second in rest.take() { add(second) }
            reducer = nil
        }
        // Merge runs that are too short into the run before them (or after, at the start).
        var smoothed: [(posture: Posture, start: Int, length: Int)] = []
        for run in runs {
            let minimum = run.posture == .sitting ? parameters.minimumSitting : parameters.minimumUpright
            if Double(run.length) < minimum, let last = smoothed.last, last.start + last.length == run.start {
                smoothed[smoothed.count - 1].length += run.length
            } else if let last = smoothed.last, last.posture == run.posture, last.start + last.length == run.start {
                smoothed[smoothed.count - 1].length += run.length
            } else {
                smoothed.append(run)
            }
        }
        return smoothed.map {
            PostureBout(
                $0.posture, from: Date(timeIntervalSince1970: Double($0.start)),
                to: Date(timeIntervalSince1970: Double($0.start + $0.length)), source: .wearable, confidence: 0.9)
        }
    }
}
