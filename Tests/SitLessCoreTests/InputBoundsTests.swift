import Foundation
import Testing

@testable import SitLessCore

/// The bounds every entry follows (issue: one request could stall the server with a bout
/// from 1526; years 0001 and 1900, 2026-02-30 and a 56-year sitting entry were accepted).
@Suite("Input bounds")
struct InputBoundsTests {
    let utc = TimeZone(identifier: "UTC")!

    @Test("RFC 3339 instants are read exactly; days and times that do not exist are refused")
    func strictInstants() {
        // 2026-12-07T09:50:00Z is 1,796,637,000 s after 1970 (20,429 days x 86,400 + 9 h 50 min).
        #expect(InstantParsing.iso8601("2026-12-07T09:50:00Z")?.timeIntervalSince1970 == 1_796_637_000)
        #expect(InstantParsing.iso8601("2026-12-07T10:50:00+01:00")?.timeIntervalSince1970 == 1_796_637_000)
        #expect(InstantParsing.iso8601("2026-12-07T09:50:00.250Z")?.timeIntervalSince1970 == 1_796_637_000.25)
        #expect(InstantParsing.iso8601("2026-12-07 04:20:00-05:30")?.timeIntervalSince1970 == 1_796_637_000)
        // Foundation's formatter reads these as March 2 and the next day; they do not exist.
        #expect(InstantParsing.iso8601("2026-02-30T00:00:00Z") == nil)
        #expect(InstantParsing.iso8601("2026-12-07T24:00:00Z") == nil)
        #expect(InstantParsing.iso8601("2026-12-07T09:60:00Z") == nil)
        #expect(InstantParsing.iso8601("2026-12-07T09:50:00") == nil, "an offset is required")
        #expect(InstantParsing.iso8601("-001-12-07T09:50:00Z") == nil)
        #expect(InstantParsing.iso8601("2026-12-07T09:50:00Zjunk") == nil)
        #expect(InstantParsing.iso8601("2026-12-07T09:50:00.Z") == nil)
    }

    @Test("instants between 2000 and 2100 only, days from 2000 to ten years ahead")
    func window() throws {
        #expect(TimeBounds.contains(InstantParsing.iso8601("2000-01-01T00:00:00Z")!))
        #expect(!TimeBounds.contains(InstantParsing.iso8601("1999-12-31T23:59:59Z")!))
        #expect(!TimeBounds.contains(InstantParsing.iso8601("1526-12-01T00:00:00Z")!))
        #expect(!TimeBounds.contains(InstantParsing.iso8601("0001-01-01T00:00:00Z")!))
        #expect(!TimeBounds.contains(InstantParsing.iso8601("2100-01-01T00:00:01Z")!))
        #expect(TimeBounds.instant(secondsSince1970: .infinity) == nil)
        #expect(TimeBounds.instant(secondsSince1970: .nan) == nil)
        #expect(TimeBounds.instant(secondsSince1970: 1e308) == nil)
        #expect(TimeBounds.instant(secondsSince1970: 3e11) == nil)
        #expect(TimeBounds.instant(secondsSince1970: 1_796_637_000) != nil)

        let today = LocalDate(iso: "2026-12-07")!
        // Ten years are 3,652 days here (2028, 2032 and 2036 are leap years): 2036-12-06.
        #expect(TimeBounds.latestDay(today: today).description == "2036-12-06")
        #expect(throws: InvalidEntry("start", "must be a date from 2000-01-01 to 2036-12-06, got 9999-01-01")) {
            try TimeBounds.check(LocalDate(iso: "9999-01-01")!, today: today, field: "start")
        }
        #expect(throws: InvalidEntry.self) {
            try TimeBounds.check(LocalDate(iso: "0001-01-01")!, today: today, field: "start")
        }
        try TimeBounds.check(LocalDate(iso: "2026-12-14")!, today: today, field: "start")
    }

    @Test("a bout is inside the window, ends after it starts and no longer than its source allows")
    func bouts() throws {
        let nine = InstantParsing.iso8601("2026-12-07T09:00:00Z")!
        try PostureBout.check(start: nine, end: nine.addingTimeInterval(12 * 3600), source: .manual)
        #expect(throws: InvalidEntry("end", "is 12 h 1 min after the start; one entry may cover at most 12 h")) {
            try PostureBout.check(start: nine, end: nine.addingTimeInterval(12 * 3600 + 60), source: .manual)
        }
        // The desktop agent's presence: 24 hours; an open one may have start == end.
        try PostureBout.check(start: nine, end: nine, source: .desktopPresence, open: true)
        #expect(throws: InvalidEntry.self) { try PostureBout.check(start: nine, end: nine, source: .desktopPresence) }
        #expect(throws: InvalidEntry.self) {
            try PostureBout.check(
                start: nine, end: nine.addingTimeInterval(25 * 3600), source: .desktopPresence, open: true)
        }
        // The stall from the report: an open presence from 1526.
        let old = InstantParsing.iso8601("1526-12-01T00:00:00Z")!
        #expect(throws: InvalidEntry.self) {
            try PostureBout.check(start: old, end: old.addingTimeInterval(60), source: .desktopPresence, open: true)
        }
        // A 56-year sitting entry, and a wearable bout ending at 1e308 s.
        let fifties = InstantParsing.iso8601("1970-01-01T00:00:00Z")!
        #expect(throws: InvalidEntry.self) { try PostureBout.check(start: fifties, end: nine, source: .manual) }
        #expect(throws: InvalidEntry("end", "must be between 2000-01-01 and 2100-01-01, got 1e+308 s after 1970")) {
            try PostureBout.check(start: nine, end: Date(timeIntervalSince1970: 1e308), source: .wearable)
        }
    }

    @Test("the coach is replayed over at most 36 hours, however old the bout it is given")
    func boundedReplay() {
        let c = Clock()
        let policy = CoachPolicy(timeZone: "Europe/Berlin", workHours: WorkHours(parsing: "mon-sun 00:00-23:59")!)
        // 500 years of sitting up to 10:00: a prompt every 30 min would be 8.8 million timers.
        let ancient = PostureBout(
            .sitting, from: InstantParsing.iso8601("1526-12-01T00:00:00Z")!, to: c.at("10:00"), source: .desktopPresence
        )
        let long = SittingDay.replay(
            timeline: PostureTimeline(merging: [ancient]), policy: policy, menu: [], outcomes: [], until: c.at("10:00"))
        // The same sitting from 36 hours before: the same answer and the same work.
        let recent = PostureBout(
            .sitting, from: c.at("10:00").addingTimeInterval(-36 * 3600), to: c.at("10:00"), source: .desktopPresence)
        let short = SittingDay.replay(
            timeline: PostureTimeline(merging: [recent]), policy: policy, menu: [], outcomes: [], until: c.at("10:00"))
        #expect(long.due == short.due)
        #expect(long.deadlines == short.deadlines)
        // 36 h of sitting: a prompt due every 30 min, then ignored after its response window
        // and held off; a few timers per hour, never thousands.
        #expect(long.deadlines > 0 && long.deadlines < 36 * 6)
    }

    @Test("names: trimmed, bounded, no control or invisible formatting characters")
    func names() throws {
        #expect(try NameRules.check("  Physio Nord  ", field: "name") == "Physio Nord")
        #expect(try NameRules.check("Praxis Müller 👩‍⚕️", field: "name") == "Praxis Müller 👩‍⚕️")
        #expect(throws: InvalidEntry("name", "is required")) { try NameRules.check(" \n ", field: "name") }
        #expect(
            throws: InvalidEntry("name", "must not contain control or invisible formatting characters (found U+0000)")
        ) {
            try NameRules.check("Team\u{0}A", field: "name")
        }
        #expect(
            throws: InvalidEntry("name", "must not contain control or invisible formatting characters (found U+202E)")
        ) {
            try NameRules.check("\u{202E}\u{202E}", field: "name")
        }
        #expect(throws: InvalidEntry("name", "must be at most 255 characters, got 5000")) {
            try NameRules.check(String(repeating: "a", count: 5000), field: "name", limit: 255)
        }
    }

    @Test("dosage changes: digits only, checked against the dosage limits")
    func dosageChanges() throws {
        let catalog = try Catalog.builtIn()
        #expect(DosageChange.amount("3 x 12")! == (3, 12))
        #expect(DosageChange.amount("3×30 s")! == (3, 30))
        #expect(DosageChange.amount("-3 x -10") == nil)
        #expect(DosageChange.amount("3 x 1.5") == nil)
        #expect(DosageChange.amount("3 x 12 x 4") == nil)
        let (good, none) = DosageChange.parse("Hip thrust: 3 x 10", catalog: catalog, field: "dosages")
        #expect(none.isEmpty)
        #expect(good["hip-thrust"]?.volume == "3 x 10")
        let (_, problems) = DosageChange.parse(
            "Hip thrust: -3 x -10\nhip-thrust: 3 x 500", catalog: catalog, field: "dosages")
        #expect(
            problems == [
                InvalidEntry("dosages", "line 1: '-3 x -10' is not a dosage like 3 x 12 or 3 x 30"),
                InvalidEntry("dosages", "line 2: reps must be 1 to 100, got 500"),
            ])
    }

    @Test("a routine holds at most 30 exercises")
    func routineSize() throws {
        let catalog = try Catalog.builtIn()
        var routine = Routine(name: "Long")
        for _ in 0..<Routine.maxExercises { try routine.add("hip-thrust", from: catalog) }
        #expect(throws: Routine.EditError.tooManyExercises(limit: 30)) { try routine.add("hip-thrust", from: catalog) }
    }

    @Test("durations no one could mean are written as seconds, not trapped on")
    func hugeDurations() {
        #expect(DurationText.minutes(1e12) == "1000000000000.0 s")
        #expect(DurationText.minutes(.infinity) == "inf s")
        #expect(DurationText.minutes(2 * 3600 + 35 * 60) == "2 h 35 min")
    }
}
