import Foundation

/// The instants and spans SitLess accepts from anyone: a person typing, the API, the CLI,
/// a wearable file. Written once here so the web forms, the API, the CLI and the readers
/// agree, and so no stored value can make a later read expensive (a 500-year bout would be
/// split into 180,000 days on every page that shows it).
///
/// The window is wide enough for every real recording (wearables that SitLess reads were
/// first sold in the 2000s) and for planning ahead, and narrow enough that a read's cost is
/// bounded by the range it asks for.
public enum TimeBounds {
    /// 2000-01-01T00:00:00Z: nothing SitLess reads or stores is older.
    public static let earliest = Date(timeIntervalSince1970: 946_684_800)
    /// 2100-01-01T00:00:00Z: the fixed upper edge for data that carries no clock of its own
    /// to compare with (a wearable file); stored entries also have `latest(now:)`.
    public static let latestFixed = Date(timeIntervalSince1970: 4_102_444_800)
    /// The first calendar day accepted anywhere (dates typed, plan starts, report ranges).
    public static let earliestDay = LocalDate(year: 2000, month: 1, day: 1)!

    /// The last calendar day accepted for a plan or a range asked for: ten years (3,652
    /// days) after `today`.
    public static func latestDay(today: LocalDate) -> LocalDate {
        today.adding(days: 3_652)
    }

    /// True when `instant` lies in [earliest, latestFixed] and is a finite time.
    public static func contains(_ instant: Date) -> Bool {
        let t = instant.timeIntervalSince1970
        return t.isFinite && instant >= earliest && instant <= latestFixed
    }

    /// True when `day` lies in [earliestDay, latestDay(today:)].
    public static func contains(_ day: LocalDate, today: LocalDate) -> Bool {
        day >= earliestDay && day <= latestDay(today: today)
    }

    /// A human-readable statement of the accepted instants, for error messages.
    public static let instantRangeText = "between 2000-01-01 and 2100-01-01"

    /// The instant `seconds` after 1970 as a `Date`, or `nil` when it is not finite or lies
    /// outside the window. Readers convert file times through this, so `1e308`, `inf` or
    /// `NaN` never become a `Date` that later arithmetic overflows on.
    public static func instant(secondsSince1970 seconds: Double) -> Date? {
        guard seconds.isFinite else { return nil }
        let date = Date(timeIntervalSince1970: seconds)
        return contains(date) ? date : nil
    }

    /// `instant` itself when it lies in the window, or an `InvalidEntry` naming `field`.
    public static func check(_ instant: Date, field: String) throws(InvalidEntry) {
        guard contains(instant) else {
            throw InvalidEntry(field, "must be \(instantRangeText), got \(describe(instant))")
        }
    }

    /// `day` when it lies between 2000-01-01 and ten years after `today`, or an `InvalidEntry`.
    public static func check(_ day: LocalDate, today: LocalDate, field: String) throws(InvalidEntry) {
        guard contains(day, today: today) else {
            throw InvalidEntry(field, "must be a date from \(earliestDay) to \(latestDay(today: today)), got \(day)")
        }
    }

    /// An instant as ISO text when Foundation can write it, else its seconds since 1970.
    static func describe(_ instant: Date) -> String {
        let t = instant.timeIntervalSince1970
        guard t.isFinite, abs(t) < 1e13 else { return "\(t) s after 1970" }
        return instant.formatted(.iso8601)
    }
}
