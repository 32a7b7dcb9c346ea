import Foundation

/// A timeline cut into fixed epochs (60 s by default), the layout researchers use to line
/// postures up with other per-epoch signals (ENMO, counts) or their own software.
public struct PostureEpoch: Hashable, Sendable {
    public var start: Date
    /// Seconds of each posture inside the epoch; the rest of the epoch had no data.
    public var seconds: [Posture: TimeInterval]

    /// The posture that filled most of the epoch, or unknown when none did.
    public var main: Posture {
        seconds.filter { $0.value > 0 }.max {
            $0.value < $1.value || ($0.value == $1.value && $0.key.rawValue > $1.key.rawValue)
        }?.key ?? .unknown
    }

    /// Cuts sorted, non-overlapping bouts into epochs aligned to whole multiples of
    /// `epochSeconds` since 1970 (so 60 s epochs start on the minute). Epochs without any
    /// bout are left out; memory grows with the epochs, not with the bouts' source data.
    public static func epochs(of bouts: [PostureBout], epochSeconds: TimeInterval = 60) -> [PostureEpoch] {
        precondition(epochSeconds > 0)
        var result: [PostureEpoch] = []
        for bout in bouts where bout.end > bout.start {
            var t = bout.start.timeIntervalSince1970
            let end = bout.end.timeIntervalSince1970
            while t < end {
                let epochStart = (t / epochSeconds).rounded(.down) * epochSeconds
                let upTo = min(end, epochStart + epochSeconds)
                let start = Date(timeIntervalSince1970: epochStart)
                if result.last?.start != start { result.append(PostureEpoch(start: start, seconds: [:])) }
                result[result.count - 1].seconds[bout.posture, default: 0] += upTo - t
                t = upTo
            }
        }
        return result
    }
}
