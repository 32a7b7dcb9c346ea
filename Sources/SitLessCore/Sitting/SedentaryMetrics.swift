import Foundation

/// Sitting metrics over one window of time (a day, a work period) or several (every work
/// period of a week). All durations are in seconds.
///
/// Definitions:
/// - **Sedentary** time is sitting plus lying while awake (the Sedentary Behaviour Research
///   Network's posture-based definition). Time in bed (`Posture.inBed`, from a diary, the
///   file's own markers or a detector) is not part of the waking day: it is counted on its own
///   and never as sitting or lying, so every sitting figure is waking sitting. Where nothing
///   marks the time in bed, lying is assumed awake. Sitting is also reported on its own.
/// - **Waking wear** time is the window less time in bed, non-wear and unknown time.
/// - A **sedentary bout** is a maximal run of back-to-back sitting or lying bouts. Bouts
///   are cut at window edges (a bout across midnight counts half on each day), as activPAL
///   day-by-day processing does; `longestBoutContinues` says when the longest one goes on
///   across an edge, so its length here is only the part inside the window.
/// - A **break in sitting** is a sitting or lying bout followed directly (no gap) by standing
///   or stepping, counted where the transition falls inside the window (Healy et al. 2008,
///   `healy-2008`). A gap of unknown time is not a break, because nobody saw it.
/// - **Prolonged** bouts last 30 (or 60) minutes or more, the thresholds used in the
///   breaks-in-sitting literature.
/// - Bout-pattern metrics (Chastin & Granat 2010, `chastin-2010`) need at least 10 bouts and
///   are `nil` (undefined, not zero) with fewer:
///   - **alpha** = 1 + n / Σ ln(xᵢ / x_min), the exponent of a power law fitted to bout
///     lengths by maximum likelihood, with x_min the shortest bout; larger alpha means
///     sitting is broken into shorter bouts. Undefined when all bouts are equally long.
///   - **W50** (usual bout duration): the bout length at which half of all sedentary time is
///     accumulated in bouts that long or shorter: with bouts sorted by length and Fₖ the share
///     of time in the k shortest, W50 is interpolated linearly between the two points of the
///     cumulative curve (xₖ, Fₖ) and (xₖ₊₁, Fₖ₊₁) that straddle 0.5.
///   - **Gini index** of bout lengths with the n-1 correction:
///     G = Σᵢ (2i - n - 1) x₍ᵢ₎ / ((n - 1) Σ x), over lengths sorted ascending; 0 when all
///     bouts are equal, towards 1 when one bout holds all the time.
public struct SedentaryMetrics: Hashable, Sendable, Codable {
    /// Length of the window(s).
    public var windowSeconds: TimeInterval
    public var sittingSeconds: TimeInterval
    public var lyingSeconds: TimeInterval
    public var standingSeconds: TimeInterval
    public var steppingSeconds: TimeInterval
    public var nonWearSeconds: TimeInterval
    /// Time in bed (not part of the waking day).
    public var inBedSeconds: TimeInterval
    /// Window time no bout covers.
    public var unknownSeconds: TimeInterval

    public var breaks: Int
    public var sedentaryBoutCount: Int
    public var prolonged30Count: Int
    public var prolonged30Seconds: TimeInterval
    public var prolonged60Count: Int
    public var prolonged60Seconds: TimeInterval
    public var longestBoutSeconds: TimeInterval?
    /// The longest bout began before the window or goes on after it (its length here is the
    /// part inside the window).
    public var longestBoutContinues: Bool
    public var meanBoutSeconds: TimeInterval?
    public var medianBoutSeconds: TimeInterval?
    public var alpha: Double?
    public var w50Seconds: TimeInterval?
    public var gini: Double?

    /// Sitting plus lying.
    public var sedentarySeconds: TimeInterval { sittingSeconds + lyingSeconds }
    /// Waking time with a known posture: not unknown, not non-wear, not in bed.
    public var observedSeconds: TimeInterval { windowSeconds - unknownSeconds - nonWearSeconds - inBedSeconds }
    /// Waking wear time: the same as `observedSeconds`, by its usual name in 24-hour studies.
    public var wakingWearSeconds: TimeInterval { observedSeconds }
    /// Sitting as a share of the whole window: the reference article quotes office workers
    /// sitting 6.29 of 8 work hours (Daneshmandi et al. 2017), a share of 0.786.
    public var sittingShareOfWindow: Double? { windowSeconds > 0 ? sittingSeconds / windowSeconds : nil }
    /// Sitting as a share of the time whose posture is known.
    public var sittingShareOfObserved: Double? { observedSeconds > 0 ? sittingSeconds / observedSeconds : nil }
    /// Breaks per hour of sedentary time.
    public var breaksPerSedentaryHour: Double? {
        sedentarySeconds > 0 ? Double(breaks) / (sedentarySeconds / 3600) : nil
    }

    /// Fewer bouts than this leave the bout-pattern metrics undefined.
    public static let minimumBoutsForPattern = 10

    /// Metrics over one window [from, to).
    public init(timeline: PostureTimeline, from: Date, to: Date) {
        self.init(timeline: timeline, windows: [(from, to)])
    }

    /// Metrics over several disjoint windows (e.g. each day's work hours), taken together.
    public init(timeline: PostureTimeline, windows: [(from: Date, to: Date)]) {
        var window: TimeInterval = 0
        var totals: [Posture: TimeInterval] = [:]
        var boutLengths: [TimeInterval] = []
        var longest: (length: TimeInterval, continues: Bool)?
        var breaks = 0
        for (from, to) in windows where from < to {
            window += to.timeIntervalSince(from)
            let pieces = timeline.clipped(from: from, to: to)
            for piece in pieces { totals[piece.posture, default: 0] += piece.duration }
            let runs = SedentaryMetrics.sedentaryRuns(pieces)
            boutLengths += runs.map { $0.end.timeIntervalSince($0.start) }
            if let run = runs.max(by: { $0.end.timeIntervalSince($0.start) < $1.end.timeIntervalSince($1.start) }),
                run.end.timeIntervalSince(run.start) > longest?.length ?? 0
            {
                // Does the run go on outside the window? A sedentary bout touching the edge from
                // outside says so.
                let before = timeline.clipped(from: from.addingTimeInterval(-1), to: from).last
                let after = timeline.clipped(from: to, to: to.addingTimeInterval(1)).first
                let continues =
                    (run.start == from && before.map { $0.posture.isSedentary && $0.end == from } == true)
                    || (run.end == to && after.map { $0.posture.isSedentary && $0.start == to } == true)
                longest = (run.end.timeIntervalSince(run.start), continues)
            }
            for (a, b) in zip(pieces, pieces.dropFirst())
            where a.posture.isSedentary && b.posture.isUpright && a.end == b.start {
                breaks += 1
            }
        }
        windowSeconds = window
        sittingSeconds = totals[.sitting] ?? 0
        lyingSeconds = totals[.lying] ?? 0
        standingSeconds = totals[.standing] ?? 0
        steppingSeconds = totals[.stepping] ?? 0
        nonWearSeconds = totals[.nonWear] ?? 0
        inBedSeconds = totals[.inBed] ?? 0
        unknownSeconds = max(0, window - totals.values.reduce(0, +))
        self.breaks = breaks
        (
            sedentaryBoutCount, prolonged30Count, prolonged30Seconds, prolonged60Count, prolonged60Seconds,
            longestBoutSeconds, meanBoutSeconds, medianBoutSeconds
        ) = SedentaryMetrics.boutSummary(boutLengths)
        longestBoutContinues = longest?.continues ?? false
        alpha = SedentaryMetrics.alpha(boutLengths)
        w50Seconds = SedentaryMetrics.w50(boutLengths)
        gini = SedentaryMetrics.gini(boutLengths)
    }

    /// Lengths of maximal runs of adjacent sitting/lying pieces.
    static func sedentaryBouts(_ pieces: [PostureBout]) -> [TimeInterval] {
        sedentaryRuns(pieces).map { $0.end.timeIntervalSince($0.start) }
    }

    /// Maximal runs of adjacent sitting/lying pieces.
    static func sedentaryRuns(_ pieces: [PostureBout]) -> [(start: Date, end: Date)] {
        var runs: [(start: Date, end: Date)] = []
        var runStart: Date?
        var runEnd: Date?
        for piece in pieces {
            if piece.posture.isSedentary {
                if let end = runEnd, end == piece.start {
                    runEnd = piece.end
                } else {
                    if let s = runStart, let e = runEnd { runs.append((s, e)) }
                    runStart = piece.start
                    runEnd = piece.end
                }
            } else if let s = runStart, let e = runEnd {
                runs.append((s, e))
                runStart = nil
                runEnd = nil
            }
        }
        if let s = runStart, let e = runEnd { runs.append((s, e)) }
        return runs
    }

    static func boutSummary(
        _ lengths: [TimeInterval]
    ) -> (Int, Int, TimeInterval, Int, TimeInterval, TimeInterval?, TimeInterval?, TimeInterval?) {
        let over30 = lengths.filter { $0 >= 30 * 60 }
        let over60 = lengths.filter { $0 >= 60 * 60 }
        let sorted = lengths.sorted()
        let median: TimeInterval? =
            sorted.isEmpty
            ? nil
            : sorted.count % 2 == 1
                ? sorted[sorted.count / 2]
                : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        return (
            lengths.count, over30.count, over30.reduce(0, +), over60.count, over60.reduce(0, +),
            sorted.last, lengths.isEmpty ? nil : lengths.reduce(0, +) / Double(lengths.count), median
        )
    }

    /// alpha = 1 + n / Σ ln(xᵢ / x_min) (Chastin & Granat 2010).
    public static func alpha(_ lengths: [TimeInterval]) -> Double? {
        guard lengths.count >= minimumBoutsForPattern, let xmin = lengths.min(), xmin > 0 else { return nil }
        let sum = lengths.reduce(0) { $0 + log($1 / xmin) }
        guard sum > 0 else { return nil }
        return 1 + Double(lengths.count) / sum
    }

    /// The bout length at which half of sedentary time is accumulated (interpolated).
    public static func w50(_ lengths: [TimeInterval]) -> TimeInterval? {
        guard lengths.count >= minimumBoutsForPattern else { return nil }
        let sorted = lengths.sorted()
        let total = sorted.reduce(0, +)
        guard total > 0 else { return nil }
        var cumulative: TimeInterval = 0
        var previous: (x: TimeInterval, f: Double)?
        for x in sorted {
            cumulative += x
            let f = cumulative / total
            if f >= 0.5 {
                guard let (x0, f0) = previous, f > f0 else { return x }
                return x0 + (0.5 - f0) * (x - x0) / (f - f0)
            }
            previous = (x, f)
        }
        return sorted.last
    }

    /// Gini index with the n-1 correction.
    public static func gini(_ lengths: [TimeInterval]) -> Double? {
        guard lengths.count >= minimumBoutsForPattern else { return nil }
        let sorted = lengths.sorted()
        let n = Double(sorted.count)
        let total = sorted.reduce(0, +)
        guard total > 0 else { return nil }
        var weighted = 0.0
        for (i, x) in sorted.enumerated() { weighted += (2 * Double(i + 1) - n - 1) * x }
        return weighted / ((n - 1) * total)
    }
}
