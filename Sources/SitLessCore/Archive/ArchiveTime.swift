import Foundation

/// Instants as ISO-8601 UTC text that reads back to exactly the same `Date`
/// (`2026-12-07T08:00:00.000Z`, `2026-12-07T08:12:03.123456Z`).
///
/// `ISO8601DateFormatter` keeps milliseconds; the databases keep microseconds (and a `Date`
/// a binary fraction). So the text carries as many fractional digits as it takes for the
/// `Date` to come back bit for bit: 3 or 6 for whole milli- or microseconds
/// (`wholeMicroseconds`), up to 17 for any other `Date`.
public enum ArchiveTime {
    /// Seconds from 1970-01-01 to 2001-01-01, where `Date` counts from.
    static let referenceOffset: Int64 = 978_307_200

    /// The instant as `YYYY-MM-DDTHH:MM:SS.fffZ` with the fewest digits (3 or more) that read back exactly.
    public static func text(_ date: Date) -> String {
        let interval = date.timeIntervalSinceReferenceDate
        guard interval.isFinite, abs(interval) < 2.5e11 else { return ISO8601DateFormatter().string(from: date) }
        let whole = interval.rounded(.down)
        let fraction = interval - whole
        var best = ""
        for digits in [3, 6, 9] + Array(10...17) {
            best = text(seconds: Int64(whole) + referenceOffset, fraction: fraction, digits: digits)
            if self.date(best) == date { return best }
        }
        return best
    }

    /// The instant rounded to the microsecond, as SQLite's driver reads times back (and
    /// PostgreSQL stores them): whole microseconds since 2001, divided once.
    public static func wholeMicroseconds(_ date: Date) -> Date {
        let micros = (date.timeIntervalSinceReferenceDate * 1e6).rounded()
        guard micros.isFinite, abs(micros) < 9e15 else { return date }
        return Date(timeIntervalSinceReferenceDate: micros / 1e6)
    }

    static func text(seconds: Int64, fraction: Double, digits: Int) -> String {
        var seconds = seconds
        var decimals = String(format: "%.\(digits)f", fraction)
        if decimals.hasPrefix("1") {
            // 0.9999... rounded up to the next second.
            seconds += 1
            decimals = "0." + String(repeating: "0", count: digits)
        }
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let inDay = Int(seconds - Int64(days) * 86_400)
        let day = LocalDate(dayNumber: days)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d", day.year, day.month, day.day,
            inDay / 3600, inDay / 60 % 60, inDay % 60) + decimals.dropFirst() + "Z"
    }

    /// Reads `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; `nil` for anything else.
    public static func date(_ text: String) -> Date? {
        let chars = Array(text.utf8)
        guard chars.count >= 20 else { return nil }
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= chars.count else { return nil }
            var value = 0
            for c in chars[start..<start + count] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) else { return nil }
                value = value * 10 + Int(c - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0, 4), chars[4] == UInt8(ascii: "-"), let month = number(5, 2),
            chars[7] == UInt8(ascii: "-"),
            let dayOfMonth = number(8, 2), chars[10] == UInt8(ascii: "T"), let hour = number(11, 2),
            chars[13] == UInt8(ascii: ":"), let minute = number(14, 2), chars[16] == UInt8(ascii: ":"),
            let second = number(17, 2), hour < 24, minute < 60, second < 60,
            let day = LocalDate(year: year, month: month, day: dayOfMonth)
        else { return nil }
        var index = 19
        var fraction: [UInt8] = []
        if chars[index] == UInt8(ascii: ".") {
            let start = index + 1
            index = start
            while index < chars.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(chars[index]) { index += 1 }
            guard index > start else { return nil }
            fraction = Array(chars[start..<index])
        }
        var offsetSeconds = 0
        guard index < chars.count else { return nil }
        if chars[index] == UInt8(ascii: "Z") && index + 1 == chars.count {
            offsetSeconds = 0
        } else if chars[index] == UInt8(ascii: "+") || chars[index] == UInt8(ascii: "-"), index + 6 == chars.count,
            let h = number(index + 1, 2), chars[index + 3] == UInt8(ascii: ":"), let m = number(index + 4, 2), h < 24,
            m < 60
        {
            offsetSeconds = (h * 3600 + m * 60) * (chars[index] == UInt8(ascii: "+") ? 1 : -1)
        } else {
            return nil
        }
        let seconds =
            Int64(day.dayNumber) * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds) - referenceOffset
        if fraction.count <= 6 {
            // Whole microseconds: the same arithmetic as `wholeMicroseconds`, so those come back exactly.
            var micros: Int64 = 0
            for digit in fraction + Array(repeating: UInt8(ascii: "0"), count: 6 - fraction.count) {
                micros = micros * 10 + Int64(digit - UInt8(ascii: "0"))
            }
            micros += seconds * 1_000_000
            return Date(timeIntervalSinceReferenceDate: Double(micros) / 1e6)
        }
        guard let value = Double("0." + String(decoding: fraction, as: UTF8.self)) else { return nil }
        return Date(timeIntervalSinceReferenceDate: Double(seconds) + value)
    }
}
