import Foundation
import Testing

@testable import SitLessSensors

@Suite("UTC offsets remembered between samples")
struct UTCOffsetsTests {
    /// Device-clock times across a year: every 7 minutes, densely (every 0.25 s) for two hours
    /// around each transition, and some that go back.
    func times(in zone: TimeZone, year: Int) -> [Double] {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let start = utc.date(from: DateComponents(year: year, month: 1, day: 1))!.timeIntervalSince1970
        let end = utc.date(from: DateComponents(year: year + 1, month: 1, day: 1))!.timeIntervalSince1970
        var out = Array(stride(from: start, to: end, by: 420))
        var at = Date(timeIntervalSince1970: start)
        var transitions = 0
        while let next = zone.nextDaylightSavingTimeTransition(after: at), next.timeIntervalSince1970 < end {
            transitions += 1
            // The device clock around the transition: its local time, read as UTC.
            let naive = next.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: next))
            out += Array(stride(from: naive - 3600, to: naive + 3600, by: 0.25))
            out += Array(stride(from: naive + 1800, to: naive - 1800, by: -1))  // going back
            at = next
        }
        #expect(transitions == 2)
        return out
    }

    @Test(
        "cached offsets equal secondsFromGMT per sample across DST changes",
        arguments: ["Europe/London", "Australia/Lord_Howe", "America/New_York", "UTC"])
    func sameAsPerSample(identifier: String) throws {
        let zone = try #require(TimeZone(identifier: identifier))
        for year in [2024, 2025] {
            let naive = identifier == "UTC" ? Array(stride(from: 1.7e9, to: 1.7e9 + 86_400, by: 0.5)) : times(
                in: zone, year: year)
            var offsets = UTCOffsets(zone: zone)
            var cached = naive
            offsets.toUTC(&cached)
            let direct = naive.map { $0 - Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: $0))) }
            #expect(cached == direct)
        }
    }

    @Test("Lord Howe's half-hour change is found")
    func halfHour() throws {
        let zone = try #require(TimeZone(identifier: "Australia/Lord_Howe"))
        var offsets = UTCOffsets(zone: zone)
        // 2024-07-01 (winter, +10:30) and 2025-01-01 (summer, +11:00), device clock.
        #expect(offsets.offset(at: 1_719_792_000) == 37_800)
        #expect(offsets.offset(at: 1_735_689_600) == 39_600)
        #expect(offsets.offset(at: 1_719_792_000) == 37_800)
    }

    @Test("one offset for a span of times only when the zone does not change within it")
    func span() throws {
        let london = try #require(TimeZone(identifier: "Europe/London"))
        var offsets = UTCOffsets(zone: london)
        // The clocks go forward at 2024-03-31 01:00 GMT; the device clock reads 01:00 then.
        let change = 1_711_846_800.0
        #expect(offsets.offset(from: change - 3, through: change - 1.8) == 0)
        #expect(offsets.offset(from: change - 1.2, through: change + 0.01) == nil)
        #expect(offsets.offset(from: change + 1, through: change + 2.2) == 3600)
        // A span that starts before the remembered range asks the zone again.
        #expect(offsets.offset(from: change - 10, through: change - 9) == 0)
    }

    @Test("times that are not finite are looked up each time and not remembered")
    func notFinite() {
        var offsets = UTCOffsets(zone: TimeZone(identifier: "Europe/London")!)
        var times = [Double.nan, 1.7e9, .infinity, 1.7e9 + 1]
        offsets.toUTC(&times)
        #expect(times[1] == 1.7e9 && times[3] == 1.7e9 + 1)
        #expect(times[0].isNaN)
    }
}
