import Foundation

/// Reads the times people type: `09:50` (today, in their zone), `2026-12-07 09:50`,
/// `2026-12-07T09:50`, or a full ISO 8601 instant with an offset (`2026-12-07T09:50:00+01:00`, `...Z`).
public enum InstantParsing {
    public static let accepted = "HH:MM, YYYY-MM-DD HH:MM or an ISO 8601 time such as 2026-12-07T09:50:00+01:00"

    public static func parse(_ text: String, now: Date, zone: TimeZone) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let time = TimeOfDay(parsing: trimmed) {
            return LocalDate(now, in: zone).instant(hour: time.hour, minute: time.minute, in: zone)
        }
        let separators: [Character] = [" ", "T"]
        for separator in separators {
            let parts = trimmed.split(separator: separator, maxSplits: 1).map(String.init)
            if parts.count == 2, let date = LocalDate(iso: parts[0]), let time = TimeOfDay(parsing: parts[1]) {
                return date.instant(hour: time.hour, minute: time.minute, in: zone)
            }
        }
        return iso8601(trimmed)
    }

    /// An RFC 3339 instant, exactly: `YYYY-MM-DDTHH:MM:SS`, optional fraction, then `Z` or
    /// `+HH:MM`/`-HH:MM` (a space or lower-case `t`/`z` also accepted, as RFC 3339 allows).
    /// Unlike Foundation's `ISO8601DateFormatter`, which rolls `2026-02-30` over to March 2
    /// and `25:00` to the next day, a day or time that does not exist is `nil`. Leap seconds
    /// (`:60`) are not accepted.
    public static func iso8601(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count >= 20, b.count <= 40 else { return nil }
        func digits(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var value = 0
            for i in from..<(from + count) {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                value = value * 10 + Int(b[i] - 0x30)
            }
            return value
        }
        guard let year = digits(0, 4), b[4] == 0x2D, let month = digits(5, 2), b[7] == 0x2D, let day = digits(8, 2),
            [0x54, 0x74, 0x20].contains(b[10]),
            let hour = digits(11, 2), b[13] == 0x3A, let minute = digits(14, 2), b[16] == 0x3A,
            let second = digits(17, 2),
            let date = LocalDate(year: year, month: month, day: day), hour < 24, minute < 60, second < 60
        else { return nil }
        var i = 19
        var fraction = 0.0
        if b[i] == 0x2E {
            i += 1
            var scale = 0.1
            let first = i
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39, i - first < 9 {
                fraction += Double(b[i] - 0x30) * scale
                scale /= 10
                i += 1
            }
            guard i > first else { return nil }
        }
        guard i < b.count else { return nil }
        var offset = 0
        switch b[i] {
        case 0x5A, 0x7A:
            i += 1
        case 0x2B, 0x2D:
            guard let h = digits(i + 1, 2), i + 3 < b.count, b[i + 3] == 0x3A, let m = digits(i + 4, 2), h < 24, m < 60
            else { return nil }
            offset = (h * 3600 + m * 60) * (b[i] == 0x2D ? -1 : 1)
            i += 6
        default:
            return nil
        }
        guard i == b.count else { return nil }
        let seconds = Double(date.dayNumber * 86_400 + hour * 3600 + minute * 60 + second - offset) + fraction
        return Date(timeIntervalSince1970: seconds)
    }
}
