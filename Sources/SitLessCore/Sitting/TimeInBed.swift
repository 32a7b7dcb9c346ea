import Foundation

/// Time in bed in 24-hour recordings: where it comes from and how it enters the timeline.
///
/// Sources, in order of trust (a later one is used only where no earlier one speaks):
/// 1. a **diary** the researcher gives (`SleepDiary`);
/// 2. the **file's own markers** (activPAL EventsEx "Waking Day" = 0, or primary lying, 3.1);
/// 3. **detection**: on the thigh from lying (rotation about the thigh's long axis), on the wrist
///    van Hees et al. 2018's HDCZA, and for event files without markers `primarySedentary`.
///
/// An in-bed period becomes an `inBed` bout that outranks the posture measured in the same
/// time, so sitting and lying in bed are not counted as waking sitting or lying.
public enum TimeInBed {
    /// Where a night's time in bed came from.
    public enum Source: String, Sendable, Codable {
        case diary, file, detected
    }

    /// Confidence of in-bed bouts by source (what `PostureTimeline` shows in them).
    public static func confidence(_ source: Source) -> Double {
        switch source {
        case .diary: 0.99
        case .file: 0.97
        case .detected: 0.93
        }
    }

    /// The bouts with the periods laid over them as time in bed: every posture under a period
    /// gives way to it, whatever its confidence, except that detected time in bed does not
    /// replace non-wear (a diary or the file's markers do: a person who took the sensor off in
    /// bed was still in bed).
    public static func apply(_ periods: [DateInterval], source: Source, to bouts: [PostureBout]) -> [PostureBout] {
        let beds = periods.filter { $0.duration > 0 }.sorted { $0.start < $1.start }
        guard !beds.isEmpty else { return bouts }
        var out: [PostureBout] = []
        for bout in bouts {
            if bout.posture == .nonWear && source == .detected || bout.posture == .inBed {
                out.append(bout)
                continue
            }
            // The parts of the bout outside every period.
            var from = bout.start
            for bed in beds where bed.end > from && bed.start < bout.end {
                if bed.start > from, let piece = bout.clipped(from: from, to: bed.start) { out.append(piece) }
                from = max(from, bed.end)
            }
            if from < bout.end, let piece = bout.clipped(from: from, to: bout.end) { out.append(piece) }
        }
        for bed in beds {
            // Where a kept non-wear bout lies inside a detected period, the bed goes around it.
            var pieces = [bed]
            for kept in out where kept.posture == .nonWear && source == .detected {
                pieces = pieces.flatMap { piece -> [DateInterval] in
                    guard kept.start < piece.end && piece.start < kept.end else { return [piece] }
                    var parts: [DateInterval] = []
                    if kept.start > piece.start { parts.append(DateInterval(start: piece.start, end: kept.start)) }
                    if kept.end < piece.end { parts.append(DateInterval(start: kept.end, end: piece.end)) }
                    return parts
                }
            }
            out += pieces.map {
                PostureBout(.inBed, from: $0.start, to: $0.end, source: .wearable, confidence: confidence(source))
            }
        }
        return PostureTimeline(merging: out).bouts
    }

    /// The time in bed a timeline already holds, as periods.
    public static func periods(in bouts: [PostureBout]) -> [DateInterval] {
        var out: [DateInterval] = []
        for bout in bouts where bout.posture == .inBed {
            if let last = out.last, last.end == bout.start {
                out[out.count - 1] = DateInterval(start: last.start, end: bout.end)
            } else {
                out.append(DateInterval(start: bout.start, end: bout.end))
            }
        }
        return out
    }

    /// The time in bed of each night from lying periods (a thigh sensor that tells lying from
    /// sitting): lying periods joined across anything shorter than `joinMinutes` (15: a trip to
    /// the bathroom, sitting up for a drink), and of the groups whose middle falls in one
    /// noon-to-noon window (in `zone`), the longest, if at least `shortestMinutes` long (60:
    /// a night cut by the recording's end still counts; a longer nap loses to the night). Sitting
    /// or standing longer than `joinMinutes` between lying periods ends a group, so the sofa
    /// before bed and breakfast after it stay waking time.
    public static func longestLying(
        _ lying: [DateInterval], zone: TimeZone, joinMinutes: Double = 15, shortestMinutes: Double = 60
    ) -> [DateInterval] {
        var groups: [DateInterval] = []
        for period in lying.sorted(by: { $0.start < $1.start }) where period.duration > 0 {
            if let last = groups.last, period.start.timeIntervalSince(last.end) <= joinMinutes * 60 {
                groups[groups.count - 1] = DateInterval(start: last.start, end: max(last.end, period.end))
            } else {
                groups.append(period)
            }
        }
        return longestPerNight(groups.filter { $0.duration >= shortestMinutes * 60 }, zone: zone)
    }

    /// Of the periods whose middle falls in one noon-to-noon window (in `zone`; the window from
    /// noon of day D to noon of D+1 is keyed by D), the longest, in time order.
    static func longestPerNight(_ periods: [DateInterval], zone: TimeZone) -> [DateInterval] {
        var best: [LocalDate: DateInterval] = [:]
        for period in periods {
            let night = window(of: period, zone: zone)
            if best[night].map({ $0.duration < period.duration }) ?? true { best[night] = period }
        }
        return best.keys.sorted().compactMap { best[$0] }
    }

    /// Parameters of `primarySedentary`.
    public struct Parameters: Sendable {
        /// A container starts from a non-upright bout at least this long (CREA: "all
        /// non-upright events longer than an hour").
        public var seedMinutes = 60.0
        /// Upright time between two non-upright bouts that still joins them (a trip to the
        /// bathroom); longer means the person got up. Ours: 15 minutes.
        public var interruptionMinutes = 15.0
        /// A container shorter than this is not a night (an evening on the sofa, a long
        /// meeting). Ours: 3 hours; a shorter night stays counted as sitting or lying.
        public var shortestNightMinutes = 180.0
        /// When set, only a non-upright bout that starts in these local hours joins the
        /// container before it: a bath after the sofa, or breakfast after getting up, is not
        /// more of the night. Nil (CREA's rule): any bout joins.
        public var joiningHours: Range<Int>?
        /// When set, a container is a night only if it holds at least `minutes` of the local
        /// hours `hours` (on the morning of its noon-to-noon window). Nil: any container.
        public var night: (hours: Range<Int>, minutes: Double)?
        public init() {}

        /// The rule for nights a thigh sensor sees no lying in (`stillNights`): bouts join only
        /// between midnight and 06:00, and a night holds at least 2 of those hours (ours).
        public static var still: Parameters {
            var p = Parameters()
            p.joiningHours = 0..<6
            p.night = (0..<6, 120)
            return p
        }
    }

    /// The primary sedentary period of each night in bouts that carry no in-bed marker, in the
    /// manner of activPAL's CREA "primary lying" (PAL Technologies, kb.palt.com/articles/crea):
    /// non-upright (sitting or lying) bouts of an hour or more are seeds; each grows over the
    /// non-upright bouts next to it, across upright interruptions of at most
    /// `interruptionMinutes`; of the containers whose middle falls in one noon-to-noon window
    /// (in `zone`), the longest, if at least `shortestNightMinutes`, is that night's time in
    /// bed. A gap without data or non-wear ends a container. What CREA does beyond this
    /// (its own interruption rule, lying orientation) is not published; these are ours.
    public static func primarySedentary(
        in bouts: [PostureBout], zone: TimeZone, parameters: Parameters = Parameters()
    ) -> [DateInterval] {
        let sorted = bouts.sorted { $0.start < $1.start }
        // Containers: runs of non-upright bouts joined across short upright interruptions.
        var containers: [(start: Date, end: Date, seeded: Bool)] = []
        var current: (start: Date, end: Date, seeded: Bool)?
        // The end of the bout before, to see gaps; whether only upright time lies between the
        // container's end and now.
        var previousEnd: Date?
        var onlyUprightSince = true
        for bout in sorted {
            let contiguous = previousEnd == bout.start
            previousEnd = bout.end
            if !contiguous { onlyUprightSince = false }
            if bout.posture.isSedentary {
                let seed = bout.duration >= parameters.seedMinutes * 60
                let joins = parameters.joiningHours.map { $0.contains(localHour(bout.start, zone)) } ?? true
                if var c = current, onlyUprightSince, joins,
                    bout.start.timeIntervalSince(c.end) <= parameters.interruptionMinutes * 60
                {
                    c.end = bout.end
                    c.seeded = c.seeded || seed
                    current = c
                } else {
                    if let c = current { containers.append(c) }
                    current = (bout.start, bout.end, seed)
                }
                onlyUprightSince = true
            } else if !bout.posture.isUpright {
                onlyUprightSince = false
            }
        }
        if let c = current { containers.append(c) }
        // The longest seeded container per noon-to-noon window.
        let nights = containers.filter {
            $0.seeded && $0.end.timeIntervalSince($0.start) >= parameters.shortestNightMinutes * 60
        }.map { DateInterval(start: $0.start, end: $0.end) }.filter { period in
            guard let night = parameters.night else { return true }
            return nightSeconds(of: period, hours: night.hours, zone: zone) >= night.minutes * 60
        }
        return longestPerNight(nights, zone: zone)
    }

    /// The noon-to-noon window (in `zone`) that holds the middle of `period`: the window from
    /// noon of day D to noon of D+1 is keyed by D.
    static func window(of period: DateInterval, zone: TimeZone) -> LocalDate {
        LocalDate(period.start.addingTimeInterval(period.duration / 2 - 12 * 3600), in: zone)
    }

    /// Seconds of `period` within local hours `hours` of the morning of its noon-to-noon window.
    static func nightSeconds(of period: DateInterval, hours: Range<Int>, zone: TimeZone) -> TimeInterval {
        let morning = window(of: period, zone: zone).adding(days: 1)
        let from = morning.instant(hour: hours.lowerBound, minute: 0, in: zone)
        let to = morning.instant(hour: hours.upperBound, minute: 0, in: zone)
        guard from < to, let overlap = period.intersection(with: DateInterval(start: from, end: to)) else { return 0 }
        return overlap.duration
    }

    /// The local hour (0-23) of an instant in `zone`.
    static func localHour(_ date: Date, _ zone: TimeZone) -> Int {
        let local = date.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: date))
        let hour = Int((local / 3600).rounded(.down)) % 24
        return hour < 0 ? hour + 24 : hour
    }

    /// Nights a thigh sensor saw no lying in: someone who sleeps on the back with the thigh
    /// never rolled past the lying threshold reads as sitting all night. For each noon-to-noon
    /// window (in `zone`) that `found` has no period in, the primary sedentary period by the
    /// `Parameters.still` rule: what joins across short breaks is only the small hours, so an
    /// evening of sitting with short breaks before bed, or breakfast after it, stays waking
    /// time; and the night must lie mostly in the small hours, so a long day is not one.
    public static func stillNights(
        in bouts: [PostureBout], besides found: [DateInterval], zone: TimeZone
    ) -> [DateInterval] {
        let covered = Set(found.map { window(of: $0, zone: zone) })
        return primarySedentary(in: bouts, zone: zone, parameters: .still).filter {
            !covered.contains(window(of: $0, zone: zone))
        }
    }
}
