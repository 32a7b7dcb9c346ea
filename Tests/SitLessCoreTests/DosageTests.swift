import Foundation
import Testing

@testable import SitLessCore

@Suite("Dosage")
struct DosageTests {
    @Test("renders the way people write dosages")
    func rendering() {
        #expect(Dosage.reps(3, 15).volume == "3 x 15")
        #expect(Dosage.reps(3, 15, perWeek: WeeklyFrequency(3, 4)).description == "3 x 15, 3-4 days/week")
        #expect(Dosage.hold(3, seconds: 30, each: .side).volume == "3 x 30 s hold each side")
        #expect(Dosage.reps(3, 10, each: .leg).volume == "3 x 10 each leg")
        #expect(WeeklyFrequency(3, 4).description == "3-4 days/week")
        #expect(WeeklyFrequency(3).description == "3 days/week")
        #expect(Dosage(sets: 1, target: .timed(seconds: 120)).volume == "1 x 2 min")
        #expect(Dosage(sets: 1, target: .timed(seconds: 60)).volume == "1 x 60 s")
        #expect(Dosage(sets: 1, target: .timed(seconds: 150)).volume == "1 x 2 min 30 s")
        #expect(Dosage(sets: 3, target: .reps(8), loadKilograms: 12.5).volume == "3 x 8 @ 12.5 kg")
        #expect(Dosage(sets: 3, target: .reps(8), loadKilograms: 16).volume == "3 x 8 @ 16 kg")
    }

    @Test("details add rest, tempo and the load note")
    func details() {
        let dosage = Dosage(
            sets: 3, target: .reps(10), each: .leg, restSeconds: 60, tempo: "2-0-1-0",
            perWeek: WeeklyFrequency(3, 4), loadNote: "hold a dumbbell to progress")
        #expect(
            dosage.details == "3 x 10 each leg, 3-4 days/week, rest 60 s, tempo 2-0-1-0, hold a dumbbell to progress")
    }

    @Test("estimated time counts every set, both sides and the rest between sets")
    func estimatedTime() {
        // 3 sets x 30 s x 2 sides = 180 s, plus 2 rests of 15 s = 210 s.
        #expect(Dosage(sets: 3, target: .hold(seconds: 30), each: .side, restSeconds: 15).estimatedSeconds() == 210)
        // 3 x 15 reps at 3 s each = 135 s, plus 2 rests of 60 s = 255 s.
        #expect(Dosage(sets: 3, target: .reps(15), restSeconds: 60).estimatedSeconds() == 255)
        // A tempo of 2-0-1-3 makes one repetition 6 s: 1 x 10 = 60 s.
        #expect(Dosage(sets: 1, target: .reps(10), tempo: "2-0-1-3").estimatedSeconds() == 60)
    }

    @Test("impossible dosages are named field by field")
    func problems() {
        #expect(Dosage.reps(3, 15).problems.isEmpty)
        #expect(Dosage.reps(0, 15).problems == ["sets must be 1 to 10, got 0"])
        #expect(Dosage.reps(3, 0).problems == ["reps must be 1 to 100, got 0"])
        #expect(Dosage.hold(3, seconds: 900).problems == ["hold must be 1 to 600 seconds, got 900"])
        #expect(
            Dosage(sets: 3, target: .reps(10), tempo: "slow").problems == [
                "tempo must be four numbers like 3-1-1-0, got 'slow'"
            ])
        #expect(Dosage.reps(3, 10, perWeek: WeeklyFrequency(4, 3)).problems == ["perWeek range 4-3 runs backwards"])
        #expect(
            Dosage.reps(3, 10, perWeek: WeeklyFrequency(8)).problems == ["perWeek must be between 1 and 7 days, got 8"])
    }

    @Test("JSON uses the catalog's field names and round-trips")
    func codable() throws {
        let dosage = Dosage(
            sets: 3, target: .hold(seconds: 30), each: .side, restSeconds: 15, perWeek: WeeklyFrequency(3, 4))
        let data = try JSONEncoder().encode(dosage)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(object?["hold"] as? Int == 30)
        #expect(object?["each"] as? String == "side")
        #expect(object?["perWeek"] as? String == "3-4")
        #expect(try JSONDecoder().decode(Dosage.self, from: data) == dosage)

        let both = Data(#"{"sets": 3, "reps": 10, "hold": 30}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Dosage.self, from: both) }
    }

    @Test("weekly frequency parses 3 and 3-4 and rejects the rest")
    func frequencyParsing() {
        #expect(WeeklyFrequency(parsing: "3") == WeeklyFrequency(3))
        #expect(WeeklyFrequency(parsing: "3-4") == WeeklyFrequency(3, 4))
        #expect(WeeklyFrequency(parsing: "three") == nil)
        #expect(WeeklyFrequency(parsing: "3-") == nil)
    }
}

@Suite("LocalDate")
struct LocalDateTests {
    @Test("day numbers and weekdays match the calendar")
    func dayNumbers() throws {
        #expect(LocalDate(year: 1970, month: 1, day: 1)!.dayNumber == 0)
        #expect(LocalDate(year: 1970, month: 1, day: 1)!.weekday == .thursday)
        #expect(LocalDate(iso: "2026-11-24")!.weekday == .tuesday)
        #expect(LocalDate(iso: "2000-02-29")!.adding(days: 1) == LocalDate(iso: "2000-03-01"))
        #expect(LocalDate(iso: "2026-12-31")!.adding(days: 1) == LocalDate(iso: "2027-01-01"))
        #expect(LocalDate(iso: "2026-03-01")!.days(until: LocalDate(iso: "2026-04-01")!) == 31)
        for n in [-1000, -1, 0, 1, 20_000, 24_000] {
            #expect(LocalDate(dayNumber: n).dayNumber == n)
        }
    }

    @Test("only real dates in YYYY-MM-DD parse")
    func parsing() {
        #expect(LocalDate(iso: "2026-02-30") == nil)
        #expect(LocalDate(iso: "2026-13-01") == nil)
        #expect(LocalDate(iso: "2026-1-5") == nil)
        #expect(LocalDate(iso: "tomorrow") == nil)
        #expect(LocalDate(iso: "2028-02-29") != nil)
        #expect(LocalDate(iso: "2100-02-29") == nil)
    }

    @Test("an instant falls on the day of the person's zone")
    func zoneDay() {
        // 2026-12-08 07:30 UTC is still the evening of 7 December in Los Angeles (UTC-8).
        let instant = Date(timeIntervalSince1970: 1_796_715_000)  // 2026-12-08T07:30:00Z
        #expect(LocalDate(instant, in: TimeZone(identifier: "UTC")!) == LocalDate(iso: "2026-12-08"))
        #expect(LocalDate(instant, in: TimeZone(identifier: "America/Los_Angeles")!) == LocalDate(iso: "2026-12-07"))
    }
}
