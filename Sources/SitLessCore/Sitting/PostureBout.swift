import Foundation

/// What the body is doing.
public enum Posture: String, CaseIterable, Codable, Sendable {
    case sitting, lying, standing, stepping
    /// The sensor was not worn.
    case nonWear = "non-wear"
    /// In bed for the night (time in bed, from a sleep diary, the file's own markers or a
    /// detector): not part of the waking day, so neither sitting nor lying is counted in it.
    case inBed = "in-bed"
    /// Nothing is known (away from the desk, no data).
    case unknown

    /// Sitting or lying while awake (outside the time in bed): sedentary behaviour.
    public var isSedentary: Bool { self == .sitting || self == .lying }
    /// Standing or stepping.
    public var isUpright: Bool { self == .standing || self == .stepping }
}

/// Where a bout came from. When sources overlap, the more trustworthy one wins:
/// a worn sensor measures posture, a person's own log states it, and presence at a
/// computer only suggests it.
public enum PostureSource: String, CaseIterable, Codable, Sendable, Comparable {
    case desktopPresence = "desktop"
    case manual
    case wearable

    /// Higher wins.
    public var trust: Int {
        switch self {
        case .desktopPresence: 1
        case .manual: 2
        case .wearable: 3
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.trust < b.trust }
}

extension PostureSource {
    /// The longest one entry from this source may be. A person's own entry covers at most
    /// 12 hours (a forgotten `sit` in the evening must not become a night of sitting; an
    /// open one is read as ending there too); the desktop agent's presence at most 24 hours
    /// (it starts a new bout after an absence, so a longer one is a broken agent); a wearable
    /// bout at most a year (a recording's whole non-wear stretch can be one bout).
    public var longestBout: TimeInterval {
        switch self {
        case .manual: 12 * 3600
        case .desktopPresence: 24 * 3600
        case .wearable: 366 * 86_400
        }
    }
}

/// A stretch of time in one posture: [start, end).
public struct PostureBout: Hashable, Sendable, Codable {
    public var posture: Posture
    public var start: Date
    public var end: Date
    public var source: PostureSource
    /// 0...1; how sure the source is (1 for a person's own log).
    public var confidence: Double

    public init(_ posture: Posture, from start: Date, to end: Date, source: PostureSource, confidence: Double = 1) {
        self.posture = posture
        self.start = start
        self.end = end
        self.source = source
        self.confidence = confidence
    }

    public var duration: TimeInterval { end.timeIntervalSince(start) }

    /// The rule every stored bout follows, whoever enters it (web form, API, CLI, agent,
    /// wearable import): both ends inside `TimeBounds`, the end after the start (or equal,
    /// when `open` because it is still going on), and no longer than its source allows.
    /// `fields` names the start and end as the caller calls them.
    public static func check(
        start: Date, end: Date, source: PostureSource, open: Bool = false,
        fields: (start: String, end: String) = ("start", "end")
    ) throws(InvalidEntry) {
        try TimeBounds.check(start, field: fields.start)
        try TimeBounds.check(end, field: fields.end)
        guard open ? start <= end : start < end else {
            throw InvalidEntry(fields.end, "must come after the start")
        }
        guard end.timeIntervalSince(start) <= source.longestBout else {
            throw InvalidEntry(
                fields.end,
                "is \(DurationText.minutes(end.timeIntervalSince(start))) after the start; "
                    + "one entry may cover at most \(DurationText.minutes(source.longestBout))")
        }
    }

    /// The part of this bout inside [from, to), if any.
    public func clipped(from: Date, to: Date) -> PostureBout? {
        let s = max(start, from)
        let e = min(end, to)
        guard s < e else { return nil }
        var copy = self
        copy.start = s
        copy.end = e
        return copy
    }
}

/// Bouts in time order with no overlaps; time not covered is unknown.
public struct PostureTimeline: Hashable, Sendable {
    public private(set) var bouts: [PostureBout]

    /// Merges bouts from any sources. Where bouts overlap, the most trusted source wins
    /// (wearable > manual > desktop presence; on a tie the higher confidence, then the bout
    /// that started later, i.e. the newer statement). Each instant is counted once; pieces
    /// next to each other with the same posture and source are joined; gaps stay gaps.
    public init(merging input: [PostureBout]) {
        let valid = input.filter { $0.start < $0.end && $0.posture != .unknown }
        guard !valid.isEmpty else {
            bouts = []
            return
        }
        var edges = Set<Date>()
        for bout in valid {
            edges.insert(bout.start)
            edges.insert(bout.end)
        }
        let points = edges.sorted()
        // Sweep: bouts sorted by start; `active` holds those covering the current piece.
        let byStart = valid.sorted { $0.start < $1.start }
        var next = 0
        var active: [PostureBout] = []
        var out: [PostureBout] = []
        for (a, b) in zip(points, points.dropFirst()) {
            while next < byStart.count && byStart[next].start <= a {
                active.append(byStart[next])
                next += 1
            }
            active.removeAll { $0.end <= a }
            guard let winner = active.max(by: PostureTimeline.losesTo) else { continue }
            if var last = out.last, last.end == a, last.posture == winner.posture, last.source == winner.source,
                last.confidence == winner.confidence
            {
                last.end = b
                out[out.count - 1] = last
            } else {
                out.append(
                    PostureBout(winner.posture, from: a, to: b, source: winner.source, confidence: winner.confidence))
            }
        }
        bouts = out
    }

    /// Already ordered, non-overlapping bouts (checked).
    public init(ordered: [PostureBout]) {
        precondition(
            zip(ordered, ordered.dropFirst()).allSatisfy { $0.end <= $1.start }, "bouts overlap or are out of order")
        bouts = ordered
    }

    static func losesTo(_ a: PostureBout, _ b: PostureBout) -> Bool {
        if a.source.trust != b.source.trust { return a.source.trust < b.source.trust }
        if a.confidence != b.confidence { return a.confidence < b.confidence }
        return a.start < b.start
    }

    /// The bouts inside [from, to), cut at its edges.
    public func clipped(from: Date, to: Date) -> [PostureBout] {
        // Binary search for the first bout ending after `from`.
        var low = 0
        var high = bouts.count
        while low < high {
            let mid = (low + high) / 2
            if bouts[mid].end <= from { low = mid + 1 } else { high = mid }
        }
        var out: [PostureBout] = []
        var i = low
        while i < bouts.count && bouts[i].start < to {
            if let piece = bouts[i].clipped(from: from, to: to) { out.append(piece) }
            i += 1
        }
        return out
    }

    /// The bouts of one calendar day in `zone`: from its midnight to the next, so a
    /// daylight-saving day is 23 or 25 hours long.
    public func bouts(on day: LocalDate, in zone: TimeZone) -> [PostureBout] {
        clipped(from: day.startOfDay(in: zone), to: day.adding(days: 1).startOfDay(in: zone))
    }
}
