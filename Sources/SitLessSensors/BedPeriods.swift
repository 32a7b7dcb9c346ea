import Foundation

/// Noon-to-noon days in local time: the unit in which both bed detectors pick one period per
/// night. A night crosses midnight, so a calendar day would cut it in two; GGIR's HDCZA (van
/// Hees et al. 2018) and this package's thigh bed periods both look for the night of each
/// noon-to-noon window instead.
public struct NoonDays: Sendable {
    public let timeZone: TimeZone

    public init(timeZone: TimeZone) { self.timeZone = timeZone }

    /// Seconds east of UTC at `second` (daylight saving included).
    public func offset(at second: Int) -> Int {
        timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(second)))
    }

    /// Index of the noon-to-noon window holding `second`: window d runs from local noon of day d
    /// (days counted from 1970-01-01 local) to local noon of day d + 1.
    public func day(of second: Int) -> Int {
        let local = second + offset(at: second) - 12 * 3600
        return Int((Double(local) / 86_400).rounded(.down))
    }

    /// The UTC second at which window `day` starts (local noon).
    public func start(of day: Int) -> Int {
        let guess = day * 86_400 + 12 * 3600
        // The offset at the guess can differ from the one at the true instant only within hours
        // of a clock change; a second pass settles it.
        let first = guess - offset(at: guess)
        return guess - offset(at: first)
    }

    /// Local hour (0..<24) of `second`.
    public func hour(of second: Int) -> Int {
        let local = second + offset(at: second)
        let inDay = ((local % 86_400) + 86_400) % 86_400
        return inDay / 3600
    }
}

/// The bed (primary lying) period of each night from a thigh sensor's sedentary bouts, in the
/// manner of activPAL's CREA "primary lying" step (PAL Technologies knowledge base,
/// kb.palt.com/articles/crea): non-upright events longer than an hour are the seeds; each is
/// expanded to adjacent non-upright events across short interruptions (bathroom breaks); the
/// longest such container of the day is the primary lying period.
///
/// What is CREA's and what is ours:
/// - seeds: CREA takes every non-upright event longer than an hour. A thigh sensor's
///   non-upright time is sitting as well as lying, and a desk day joined across short breaks
///   is as long as a night, so here a seed must also be **lying** by thigh rotation
///   (`ThighLying`'s bout rule): a lying bout of at least `minimumSeed` (60 min, CREA's hour).
/// - interruptions: up to `maximumInterruption` (15 min, ours: a toilet trip or a drink of
///   water at night takes a few minutes; CREA names "bathroom breaks" but publishes no number)
///   of upright or missing time between two sedentary bouts keep them in one container.
///   Sitting bouts are joined as well as lying ones (a supine stretch of the night after a
///   bathroom trip reads as sitting), as CREA joins all non-upright events; so an evening's
///   sitting that ends within 15 min of lying down is counted in bed too.
/// - per day: CREA uses the calendar day; we use noon-to-noon local windows (`NoonDays`), as a
///   night crosses midnight. A container belongs to the window holding its midpoint; the
///   longest in each window is that night's bed period if it lasts at least `minimumBed`
///   (2 h, ours: longer than most naps, which rarely exceed one 90-min sleep cycle, shorter
///   than any main sleep; a shift worker's day sleep still counts).
public struct BedPeriods: Sendable {
    public struct Parameters: Sendable {
        /// Longest run of upright or missing seconds inside one bed period (s).
        public var maximumInterruption = 15 * 60
        /// Shortest lying bout that can seed a bed period (s); CREA's seed is an hour.
        public var minimumSeed = 60 * 60
        /// Shortest bed period (s).
        public var minimumBed = 2 * 3600
        public init() {}
    }

    /// A sedentary (thigh horizontal) bout, seconds [start, end), and whether it is lying.
    public struct Bout: Sendable, Equatable {
        public var start: Int
        public var end: Int
        public var lying: Bool
        public init(start: Int, end: Int, lying: Bool) {
            self.start = start
            self.end = end
            self.lying = lying
        }
    }

    /// Bed periods from bouts in time order: one at most per noon-to-noon window.
    public static func find(
        in bouts: [Bout], days: NoonDays, parameters: Parameters = Parameters()
    )
        -> [DateInterval]
    {
        // 1. Containers: bouts joined across interruptions of at most `maximumInterruption`.
        var containers: [(start: Int, end: Int, seeded: Bool)] = []
        for bout in bouts {
            let seed = bout.lying && bout.end - bout.start >= parameters.minimumSeed
            if var last = containers.last, bout.start - last.end <= parameters.maximumInterruption {
                last.end = max(last.end, bout.end)
                last.seeded = last.seeded || seed
                containers[containers.count - 1] = last
            } else {
                containers.append((bout.start, bout.end, seed))
            }
        }
        // 2. The longest seeded container of each noon-to-noon window (by its midpoint).
        var best: [Int: (start: Int, end: Int)] = [:]
        for c in containers where c.seeded && c.end - c.start >= parameters.minimumBed {
            let day = days.day(of: c.start + (c.end - c.start) / 2)
            if let b = best[day], b.end - b.start >= c.end - c.start { continue }
            best[day] = (c.start, c.end)
        }
        return best.keys.sorted().map { day in
            let b = best[day]!
            return DateInterval(
                start: Date(timeIntervalSince1970: Double(b.start)), end: Date(timeIntervalSince1970: Double(b.end)))
        }
    }
}
