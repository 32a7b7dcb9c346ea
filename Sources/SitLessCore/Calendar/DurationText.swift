import Foundation

/// Durations as people read them: `35 min`, `2 h`, `2 h 35 min` (rounded to the minute).
public enum DurationText {
    public static func minutes(_ seconds: TimeInterval) -> String {
        // A duration no one could mean (not finite, or more than a thousand years) is not
        // converted to Int, which would trap.
        guard seconds.isFinite, abs(seconds) < 3.2e10 else { return "\(seconds) s" }
        let total = Int((seconds / 60).rounded())
        if total < 60 { return "\(total) min" }
        return total % 60 == 0 ? "\(total / 60) h" : "\(total / 60) h \(total % 60) min"
    }
}
