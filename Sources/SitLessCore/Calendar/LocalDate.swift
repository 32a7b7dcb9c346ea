import Foundation

/// A calendar day as a person names it ("2026-12-01"), independent of any time zone.
///
/// Day arithmetic is done on the proleptic Gregorian day number (Howard Hinnant's
/// `days_from_civil` algorithm), never by adding 86,400 seconds, so daylight-saving days
/// of 23 or 25 hours cannot shift a date.
public struct LocalDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date, or `nil` when the day does not exist (2026-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...LocalDate.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` exactly; anything else is `nil`.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Days since 1970-01-01 (negative before).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(dayNumber z0: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    public func days(until other: LocalDate) -> Int { other.dayNumber - dayNumber }

    /// 1970-01-01 was a Thursday.
    public var weekday: Weekday { Weekday.allCases[((dayNumber % 7) + 7 + 3) % 7] }

    /// `YYYY-MM-DD`. Written out by hand: `String(format:)` goes through CoreFoundation's
    /// formatting and showed in the Today page's profile (dates are compared as this text).
    public var description: String { zeroPadded(year, 4) + "-" + zeroPadded(month, 2) + "-" + zeroPadded(day, 2) }

    /// `YYYYMMDD`, as iCalendar writes dates.
    public var basicFormat: String { zeroPadded(year, 4) + zeroPadded(month, 2) + zeroPadded(day, 2) }

    public static func < (a: LocalDate, b: LocalDate) -> Bool { a.dayNumber < b.dayNumber }

    /// The instant at which this day starts in `zone` (midnight, or the first valid time
    /// when a daylight-saving jump skips midnight).
    public func startOfDay(in zone: TimeZone) -> Date {
        instant(hour: 0, minute: 0, in: zone)
    }

    /// The instant of a wall-clock time on this day in `zone`. A time that does not exist
    /// because clocks jump forward resolves to the first valid instant after the jump. An hour
    /// or minute outside the day carries into the days around it, as on a clock (25:00 is
    /// 01:00 the next day, -0:30 is 23:30 the day before); however far it reaches, the result
    /// stays between the first and the last day a `LocalDate` holds (0001-01-01 and 9999-12-31),
    /// so no input traps here.
    public func instant(hour: Int, minute: Int, in zone: TimeZone) -> Date {
        var day = self
        var hour = hour
        var minute = minute
        if !(0..<24).contains(hour) || !(0..<60).contains(minute) {
            // Carried in floating point: hour * 60 may not fit an Int.
            let total = Double(hour) * 60 + Double(minute)
            let carry = (total / 1440).rounded(.down)
            let target = Double(dayNumber) + carry
            if target < Double(LocalDate.first.dayNumber) {
                return LocalDate.first.instant(hour: 0, minute: 0, in: zone)
            }
            if target > Double(LocalDate.last.dayNumber) {
                return LocalDate.last.instant(hour: 23, minute: 59, in: zone)
            }
            day = LocalDate(dayNumber: Int(target))
            let minuteOfDay = min(1439, max(0, Int(total - carry * 1440)))
            hour = minuteOfDay / 60
            minute = minuteOfDay % 60
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute)
        if day.year >= 1583, let date = calendar.date(from: components) { return date }
        // Foundation counts days before the Gregorian reform (1582) as Julian; a LocalDate's
        // are proleptic Gregorian, so those are resolved from the zone's offset instead.
        let naive = Double(day.dayNumber) * 86_400 + Double(hour * 3600 + minute * 60)
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: naive))
        return Date(timeIntervalSince1970: naive - Double(offset))
    }

    /// The calendar day on which `instant` falls in `zone`. An instant outside the days a
    /// `LocalDate` holds (years 1 to 9999), or not a finite time at all, gives the first or
    /// last such day (0001-01-01 for `-inf` and NaN, 9999-12-31 for `+inf`), so no stored or
    /// read value can trap here; callers that must refuse such instants check `TimeBounds`.
    public init(_ instant: Date, in zone: TimeZone) {
        let t = instant.timeIntervalSince1970
        // A day inside the edges, so that no zone offset (at most 26 hours) crosses them.
        guard t.isFinite, t >= Double(LocalDate.first.dayNumber + 2) * 86_400,
            t < Double(LocalDate.last.dayNumber - 1) * 86_400
        else {
            self = t > 0 ? LocalDate.last : LocalDate.first
            return
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day], from: instant)
        if let year = c.year, year >= 1583, let month = c.month, let day = c.day,
            let date = LocalDate(year: year, month: month, day: day)
        {
            self = date
            return
        }
        // Before 1583 Foundation's days are Julian (see `instant(hour:minute:in:)`).
        let local = t + Double(zone.secondsFromGMT(for: instant))
        self.init(dayNumber: Int((local / 86_400).rounded(.down)))
    }

    /// The first and last days a `LocalDate` holds.
    static let first = LocalDate(dayNumber: -719_162)  // 0001-01-01
    static let last = LocalDate(dayNumber: 2_932_896)  // 9999-12-31

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = LocalDate(iso: text) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "'\(text)' is not a date of the form YYYY-MM-DD"))
        }
        self = date
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Days of the week, Monday first (ISO 8601).
public enum Weekday: String, CaseIterable, Codable, Sendable, Comparable {
    case monday = "mon"
    case tuesday = "tue"
    case wednesday = "wed"
    case thursday = "thu"
    case friday = "fri"
    case saturday = "sat"
    case sunday = "sun"

    /// 0 for Monday ... 6 for Sunday.
    public var index: Int { Weekday.allCases.firstIndex(of: self)! }

    public var name: String {
        switch self {
        case .monday: "Monday"
        case .tuesday: "Tuesday"
        case .wednesday: "Wednesday"
        case .thursday: "Thursday"
        case .friday: "Friday"
        case .saturday: "Saturday"
        case .sunday: "Sunday"
        }
    }

    public var shortName: String { String(name.prefix(3)) }

    /// Accepts `mon`, `Mon`, `monday`, `Monday`.
    public init?(parsing text: String) {
        let key = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let match = Weekday.allCases.first(where: { $0.rawValue == key || $0.name.lowercased() == key })
        else { return nil }
        self = match
    }

    public static func < (a: Weekday, b: Weekday) -> Bool { a.index < b.index }
}

/// `value` in decimal with leading zeros up to `width` digits, as `%0*d` writes it.
func zeroPadded(_ value: Int, _ width: Int) -> String {
    let digits = String(value.magnitude)
    let padding = String(repeating: "0", count: max(0, width - digits.count - (value < 0 ? 1 : 0)))
    return (value < 0 ? "-" : "") + padding + digits
}
