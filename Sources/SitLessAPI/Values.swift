import Foundation
import SitLessCore

/// An instant in a request (`Instant` in openapi.yaml): RFC 3339 with `T` between date and
/// time, inside `TimeBounds`. The generator's own date type would throw without naming the
/// field; this one throws a `DecodingError` at its coding path, so the answer names it.
public struct APIInstant: Codable, Hashable, Sendable {
    public var date: Date

    public init(_ date: Date) { self.date = date }

    /// `nil` for text the document's pattern refuses (a space separator, a day that does not
    /// exist, a year outside 2000-2100).
    public init?(text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count > 10, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
            let date = InstantParsing.iso8601(text), TimeBounds.contains(date)
        else { return nil }
        self.date = date
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = APIInstant(text: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription:
                    "must be an RFC 3339 date-time like 2026-12-07T09:00:00Z, \(TimeBounds.instantRangeText)")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(date.formatted(.iso8601))
    }
}

/// A calendar day in a request (`Day` in openapi.yaml): `YYYY-MM-DD` from 2000-01-01 to
/// 2099-12-31. How far ahead a stored or planned day may lie is a rule of the operation
/// (`TimeBounds.latestDay(today:)`), not of the type.
public struct APIDay: Codable, Hashable, Sendable {
    public var day: LocalDate

    public init(_ day: LocalDate) { self.day = day }

    public init?(text: String) {
        guard text.utf8.count == 10, let day = LocalDate(iso: text), day.year >= 2000, day.year <= 2099 else {
            return nil
        }
        self.day = day
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = APIDay(text: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "must be a day like 2026-12-07, from 2000-01-01 to 2099-12-31")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(day.description)
    }
}
