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
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime]
        if let date = iso.date(from: trimmed) { return date }
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return iso.date(from: trimmed)
    }
}
