import Foundation

/// Writes iCalendar (RFC 5545) documents that calendar apps import or subscribe to.
///
/// Timed events are written in UTC (`20261201T063000Z`), so no VTIMEZONE block is needed
/// and every app shows them at the right local time; untimed ones are all-day events.
public enum ICalendar {
    public struct Event: Hashable, Sendable {
        /// Globally unique and stable, so re-importing updates instead of duplicating.
        public var uid: String
        public var summary: String
        public var description: String
        public var when: When

        public enum When: Hashable, Sendable {
            case allDay(LocalDate)
            case timed(start: Date, minutes: Int)
        }

        public init(uid: String, summary: String, description: String, when: When) {
            self.uid = uid
            self.summary = summary
            self.description = description
            self.when = when
        }
    }

    /// The whole document, lines ending in CRLF and folded at 75 octets.
    /// - Parameter stamp: the `DTSTAMP` of every event (the moment the file was made), passed in
    ///   so output is reproducible.
    public static func document(name: String, events: [Event], stamp: Date) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//SitLess//SitLess//EN", "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH", "X-WR-CALNAME:\(escape(name))",
        ]
        for event in events {
            lines.append("BEGIN:VEVENT")
            lines.append("UID:\(escape(event.uid))")
            lines.append("DTSTAMP:\(utc(stamp))")
            switch event.when {
            case .allDay(let date):
                lines.append("DTSTART;VALUE=DATE:\(date.basicFormat)")
                lines.append("DTEND;VALUE=DATE:\(date.adding(days: 1).basicFormat)")
            case .timed(let start, let minutes):
                lines.append("DTSTART:\(utc(start))")
                lines.append("DTEND:\(utc(start.addingTimeInterval(TimeInterval(minutes * 60))))")
            }
            lines.append("SUMMARY:\(escape(event.summary))")
            lines.append("DESCRIPTION:\(escape(event.description))")
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// Events for a dated plan.
    public static func events(
        for sessions: [ScheduledSession], planID: String, title: String,
        catalog: Catalog
    ) -> [Event] {
        sessions.map { session in
            let items = session.prescriptions.map { item in
                "- \(catalog.exercise(item.exerciseID)?.name ?? item.exerciseID): \(item.dosage.volume)"
            }
            let header =
                "Week \(session.week)" + (session.phase.isEmpty ? "" : " (\(session.phase))")
                + ", session \(session.template)"
            let when: Event.When =
                session.startsAt.map { .timed(start: $0, minutes: session.minutes) } ?? .allDay(session.date)
            return Event(
                uid: "\(planID)-\(session.date.basicFormat)-\(session.number)@sitless",
                summary: "\(title): \(session.template)",
                description: ([header] + items).joined(separator: "\n"),
                when: when)
        }
    }

    static func utc(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    /// TEXT escaping of RFC 5545 §3.3.11.
    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\r": continue
            default: out.append(ch)
            }
        }
        return out
    }

    /// Folds a content line to at most 75 octets per line (RFC 5545 §3.1), never splitting a character.
    static func fold(_ line: String) -> String {
        var pieces: [String] = []
        var current = ""
        var octets = 0
        for ch in line {
            let size = String(ch).utf8.count
            let limit = pieces.isEmpty ? 75 : 74  // continuation lines start with a space
            if octets + size > limit {
                pieces.append(current)
                current = ""
                octets = 0
            }
            current.append(ch)
            octets += size
        }
        pieces.append(current)
        return pieces.joined(separator: "\r\n ")
    }
}
