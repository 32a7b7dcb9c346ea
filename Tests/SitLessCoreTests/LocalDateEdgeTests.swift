import Foundation
import Testing

@testable import SitLessCore

/// `LocalDate(_:in:)` and `instant(hour:minute:in:)` once force-unwrapped Foundation's answer
/// and trapped on instants outside years 1 to 9999, on NaN and infinities, and on hours
/// Foundation cannot place (issue 12: a wearable file with an hour of 99999999999 or a duration
/// of 1e12 s crashed `analyze`). They now stay between the first and last day a LocalDate holds.
@Suite("LocalDate at its edges")
struct LocalDateEdgeTests {
    let utc = TimeZone(identifier: "UTC")!
    let berlin = TimeZone(identifier: "Europe/Berlin")!

    @Test("an instant beyond the years 1 to 9999, or not finite, gives the first or last day")
    func outOfRangeInstants() {
        let first = LocalDate(year: 1, month: 1, day: 1)!
        let last = LocalDate(year: 9999, month: 12, day: 31)!
        #expect(LocalDate(Date(timeIntervalSince1970: 1e12), in: utc) == last)  // year 33658
        #expect(LocalDate(Date(timeIntervalSince1970: 1e308), in: berlin) == last)
        #expect(LocalDate(Date(timeIntervalSince1970: .infinity), in: utc) == last)
        #expect(LocalDate(Date(timeIntervalSince1970: -1e12), in: utc) == first)
        #expect(LocalDate(Date(timeIntervalSince1970: -.infinity), in: utc) == first)
        #expect(LocalDate(Date(timeIntervalSince1970: .nan), in: utc) == first)
        // Inside the range nothing changes, in any zone.
        // 2026-12-07T00:00:00Z is 1,796,601,600 s after 1970.
        // 22:00 UTC = 23:00 Berlin
        #expect(LocalDate(Date(timeIntervalSince1970: 1_796_680_800), in: berlin) == LocalDate(iso: "2026-12-07"))
        // 23:00 UTC = 00:00 Berlin
        #expect(LocalDate(Date(timeIntervalSince1970: 1_796_684_400), in: berlin) == LocalDate(iso: "2026-12-08"))
        #expect(LocalDate(Date(timeIntervalSince1970: 1_796_684_400), in: utc) == LocalDate(iso: "2026-12-07"))
        #expect(
            LocalDate(Date(timeIntervalSince1970: 253_402_214_400 - 86_400 * 2), in: utc)
                == LocalDate(iso: "9999-12-29"))
    }

    @Test("days before the Gregorian reform are proleptic Gregorian, as day numbers are")
    func beforeTheReform() {
        // Foundation counts these days as Julian; 1500-02-29 exists there and not here.
        for text in ["1500-03-01", "1000-06-15", "0001-01-03"] {
            let day = LocalDate(iso: text)!
            #expect(LocalDate(day.startOfDay(in: utc), in: utc) == day)
            #expect(day.startOfDay(in: utc).timeIntervalSince1970 == Double(day.dayNumber) * 86_400)
            #expect(LocalDate(day.instant(hour: 23, minute: 59, in: utc), in: utc) == day)
        }
    }

    @Test("hours and minutes outside the day carry like a clock; any Int is safe")
    func hoursCarry() {
        let day = LocalDate(iso: "2026-12-07")!
        #expect(
            day.instant(hour: 25, minute: 0, in: berlin)
                == LocalDate(iso: "2026-12-08")!.instant(hour: 1, minute: 0, in: berlin))
        #expect(
            day.instant(hour: 0, minute: -30, in: berlin)
                == LocalDate(iso: "2026-12-06")!.instant(hour: 23, minute: 30, in: berlin))
        #expect(day.instant(hour: 9, minute: 90, in: utc) == day.instant(hour: 10, minute: 30, in: utc))
        #expect(day.instant(hour: -48, minute: 0, in: utc) == LocalDate(iso: "2026-12-05")!.startOfDay(in: utc))
        let last = LocalDate(year: 9999, month: 12, day: 31)!.instant(hour: 23, minute: 59, in: utc)
        #expect(day.instant(hour: Int.max, minute: Int.max, in: utc) == last)
        #expect(
            day.instant(hour: 99_999_999_999, minute: 0, in: berlin)
                == LocalDate(year: 9999, month: 12, day: 31)!.instant(hour: 23, minute: 59, in: berlin))
        #expect(
            day.instant(hour: Int.min, minute: 0, in: utc) == LocalDate(year: 1, month: 1, day: 1)!.startOfDay(in: utc))
    }
}
