import Foundation

/// A zone's offset from UTC at device-clock times (local time without a zone, read as if it
/// were UTC, as `.cwa`, `.gt3x` and GENEActiv clocks are), remembered between calls: the offset
/// found for a time is reused for later times up to the zone's next transition, so a week of
/// samples asks the zone a handful of times instead of once per sample. The result is the
/// same as `zone.secondsFromGMT(for:)` for every time: a time before the one the offset was
/// found for, or at or after the transition, asks the zone again.
struct UTCOffsets {
    let zone: TimeZone
    /// The offset found, valid for device-clock times in `from..<until`.
    private var cached = 0
    private var from = Double.infinity
    private var until = -Double.infinity

    init(zone: TimeZone) { self.zone = zone }

    /// Seconds east of UTC at device-clock time `naive`, as `zone.secondsFromGMT(for:)` gives it.
    @inline(__always) mutating func offset(at naive: Double) -> Int {
        if naive >= from && naive < until { return cached }
        return lookUp(naive)
    }

    private mutating func lookUp(_ naive: Double) -> Int {
        let date = Date(timeIntervalSince1970: naive)
        cached = zone.secondsFromGMT(for: date)
        guard naive.isFinite else {
            // Not remembered: no range holds a time that is not finite.
            from = .infinity
            until = -.infinity
            return cached
        }
        from = naive
        until = zone.nextDaylightSavingTimeTransition(after: date)?.timeIntervalSince1970 ?? .infinity
        return cached
    }

    /// The one offset of every device-clock time from `first` through `last` (first ≤ last),
    /// or nil when the zone's offset may change between them: the offset `offset(at:)` gives
    /// each of those times.
    mutating func offset(from first: Double, through last: Double) -> Int? {
        let found = offset(at: first)
        return last >= from && last < until ? found : nil
    }

    /// Moves a block's device-clock times to UTC.
    mutating func toUTC(_ times: inout [Double]) {
        times.withUnsafeMutableBufferPointer { t in
            for i in t.indices { t[i] -= Double(offset(at: t[i])) }
        }
    }
}
