import Foundation

/// Durations as people read them: `35 min`, `2 h`, `2 h 35 min` (rounded to the minute).
public enum DurationText {
    public static func minutes(_ seconds: TimeInterval) -> String {
        let total = Int((seconds / 60).rounded())
        if total < 60 { return "\(total) min" }
        return total % 60 == 0 ? "\(total / 60) h" : "\(total / 60) h \(total % 60) min"
    }
}
