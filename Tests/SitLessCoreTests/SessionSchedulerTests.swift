import Foundation
import Testing

@testable import SitLessCore

@Suite("Session scheduler")
struct SessionSchedulerTests {
    let berlin = TimeZone(identifier: "Europe/Berlin")!
    let fourWeeks = Fixtures.program(weeks: Array(repeating: [Fixtures.session("Glutes", "hip-thrust")], count: 4))

    func dates(_ sessions: [ScheduledSession]) -> [String] { sessions.map(\.date.description) }

    @Test("dates and clock times as text, with their leading zeros")
    func textForms() {
        #expect(LocalDate(iso: "2027-01-05")!.description == "2027-01-05")
        #expect(LocalDate(iso: "2026-12-07")!.adding(days: 25).description == "2027-01-01")
        #expect(LocalDate(iso: "0999-03-09")!.basicFormat == "09990309")
        #expect(LocalDate(iso: "2026-12-31")!.basicFormat == "20261231")
        #expect(TimeOfDay(hour: 7, minute: 5)?.description == "07:05")
        #expect(TimeOfDay(parsing: "19:30")?.description == "19:30")
        #expect(zeroPadded(-7, 3) == "-07")
    }

    @Test("3 a week from a Monday: Mon, Wed, Fri, never two days running")
    func threePerWeek() throws {
        // setup
        let request = ScheduleRequest(start: LocalDate(iso: "2026-12-07")!, sessionsPerWeek: 3, timeZone: berlin)
        // MUT
        let sessions = try SessionScheduler.schedule(fourWeeks, request)
        // validate
        #expect(sessions.count == 12)
        #expect(dates(sessions).prefix(4) == ["2026-12-07", "2026-12-09", "2026-12-11", "2026-12-14"])
        #expect(sessions.last?.date == LocalDate(iso: "2027-01-01"))  // week 4 is 28 Dec - 3 Jan
        #expect(sessions.map(\.week) == [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4])
        for (a, b) in zip(sessions, sessions.dropFirst()) { #expect(a.date.days(until: b.date) >= 2) }
    }

    @Test("weeks start on the start date, whatever its weekday")
    func startMidweek() throws {
        let request = ScheduleRequest(start: LocalDate(iso: "2026-12-09")!, sessionsPerWeek: 3, timeZone: berlin)
        let sessions = try SessionScheduler.schedule(fourWeeks, request)
        #expect(dates(sessions).prefix(4) == ["2026-12-09", "2026-12-11", "2026-12-13", "2026-12-16"])
        #expect(sessions.prefix(3).map(\.weekday) == [.wednesday, .friday, .sunday])
    }

    @Test("from Monday-to-Friday the scheduler picks days with rest between them")
    func preferredWorkdays() throws {
        let request = ScheduleRequest(
            start: LocalDate(iso: "2026-12-07")!, sessionsPerWeek: 3,
            preferredDays: [.monday, .tuesday, .wednesday, .thursday, .friday], timeZone: berlin)
        #expect(try SessionScheduler.trainingDays(request) == [.monday, .wednesday, .friday])
        let twice = ScheduleRequest(
            start: LocalDate(iso: "2026-12-07")!, sessionsPerWeek: 2,
            preferredDays: [.tuesday, .wednesday, .saturday], timeZone: berlin)
        // Tue+Sat leaves 3 and 4 days of rest; Tue+Wed or Wed+Sat would not spread as evenly.
        #expect(try SessionScheduler.trainingDays(twice) == [.tuesday, .saturday])
    }

    @Test("days that leave no rest day are refused with the reason")
    func noRestDay() {
        let request = ScheduleRequest(
            start: LocalDate(iso: "2026-12-07")!, sessionsPerWeek: 3,
            preferredDays: [.monday, .tuesday, .wednesday], timeZone: berlin)
        #expect(throws: ScheduleError.noRestDay(sessionsPerWeek: 3, days: [.monday, .tuesday, .wednesday])) {
            try SessionScheduler.schedule(fourWeeks, request)
        }
        let tooFew = ScheduleRequest(
            start: LocalDate(iso: "2026-12-07")!, sessionsPerWeek: 3,
            preferredDays: [.monday, .thursday], timeZone: berlin)
        #expect(throws: ScheduleError.tooFewDays(sessionsPerWeek: 3, days: [.monday, .thursday])) {
            try SessionScheduler.schedule(fourWeeks, tooFew)
        }
        let eight = ScheduleRequest(start: LocalDate(iso: "2026-12-07")!, sessionsPerWeek: 8, timeZone: berlin)
        #expect(throws: ScheduleError.sessionsPerWeekOutOfRange(8)) { try SessionScheduler.schedule(fourWeeks, eight) }
    }

    @Test("4 a week allows exactly one pair of days running per week")
    func fourPerWeek() throws {
        // Gaps of 1, 2, 2, 2 days: one back-to-back pair, the earliest such pattern from Monday.
        let request = ScheduleRequest(start: LocalDate(iso: "2026-12-07")!, sessionsPerWeek: 4, timeZone: berlin)
        #expect(try SessionScheduler.trainingDays(request) == [.monday, .tuesday, .thursday, .saturday])
        let sessions = try SessionScheduler.schedule(fourWeeks, request)
        let gaps = zip(sessions, sessions.dropFirst()).map { $0.date.days(until: $1.date) }
        #expect(gaps.filter { $0 == 1 }.count == 4)  // Monday -> Tuesday in each of the 4 weeks
        #expect(gaps.allSatisfy { $0 <= 2 })
        #expect(sessions.count == 16)
    }

    @Test("session templates A and B alternate and keep alternating across weeks")
    func alternatingTemplates() throws {
        let ab = [Fixtures.session("A", "hip-thrust"), Fixtures.session("B", "kettlebell-deadlift")]
        let program = Fixtures.program(weeks: [[Fixtures.session("Intro", "glute-bridge")], ab, ab])
        let request = ScheduleRequest(start: LocalDate(iso: "2026-12-07")!, sessionsPerWeek: 3, timeZone: berlin)
        let sessions = try SessionScheduler.schedule(program, request)
        #expect(sessions.map(\.template) == ["Intro", "Intro", "Intro", "A", "B", "A", "B", "A", "B"])
    }

    @Test("a time of day stays 07:00 local across the end of daylight-saving time")
    func daylightSaving() throws {
        // Berlin leaves summer time (UTC+2) for winter time (UTC+1) on Sunday 2026-10-25.
        let request = ScheduleRequest(
            start: LocalDate(iso: "2026-10-19")!, sessionsPerWeek: 3, timeZone: berlin,
            timeOfDay: TimeOfDay(hour: 7, minute: 0))
        let sessions = try SessionScheduler.schedule(fourWeeks, request)
        #expect(dates(sessions).prefix(4) == ["2026-10-19", "2026-10-21", "2026-10-23", "2026-10-26"])
        let starts = sessions.prefix(4).compactMap(\.startsAt).map(Fixtures.iso)
        #expect(
            starts == ["2026-10-19T05:00:00Z", "2026-10-21T05:00:00Z", "2026-10-23T05:00:00Z", "2026-10-26T06:00:00Z"])
    }

    @Test("dates are the person's own days at the edges of the UTC day")
    func zoneEdges() throws {
        // 23:30 in Los Angeles (UTC-8) on 7 December is already 8 December in UTC.
        let la = ScheduleRequest(
            start: LocalDate(iso: "2026-12-07")!, sessionsPerWeek: 1,
            timeZone: TimeZone(identifier: "America/Los_Angeles")!, timeOfDay: TimeOfDay(hour: 23, minute: 30))
        let late = try SessionScheduler.schedule(fourWeeks, la)
        #expect(late[0].date == LocalDate(iso: "2026-12-07"))
        #expect(Fixtures.iso(late[0].startsAt!) == "2026-12-08T07:30:00Z")
        // 00:30 in Auckland (UTC+13 in December) on 7 December is still 6 December in UTC.
        let nz = ScheduleRequest(
            start: LocalDate(iso: "2026-12-07")!, sessionsPerWeek: 1,
            timeZone: TimeZone(identifier: "Pacific/Auckland")!, timeOfDay: TimeOfDay(hour: 0, minute: 30))
        let early = try SessionScheduler.schedule(fourWeeks, nz)
        #expect(early[0].date == LocalDate(iso: "2026-12-07"))
        #expect(Fixtures.iso(early[0].startsAt!) == "2026-12-06T11:30:00Z")
    }

    @Test("the same request always gives the same plan")
    func deterministic() throws {
        let request = ScheduleRequest(
            start: LocalDate(iso: "2026-12-07")!, sessionsPerWeek: 2,
            preferredDays: [.monday, .tuesday, .thursday, .saturday], timeZone: berlin)
        let first = try SessionScheduler.schedule(fourWeeks, request)
        for _ in 0..<5 { #expect(try SessionScheduler.schedule(fourWeeks, request) == first) }
    }

    @Test("a routine is scheduled as identical weeks")
    func routine() throws {
        var routine = Routine(name: "My glutes")
        try routine.add("glute-bridge", from: Fixtures.catalog)
        try routine.add("side-lying-clam", from: Fixtures.catalog)
        let request = ScheduleRequest(start: LocalDate(iso: "2026-12-07")!, sessionsPerWeek: 2, timeZone: berlin)
        let sessions = try SessionScheduler.schedule(routine, weeks: 2, request)
        #expect(dates(sessions) == ["2026-12-07", "2026-12-10", "2026-12-14", "2026-12-17"])
        #expect(sessions.allSatisfy { $0.prescriptions.map(\.exerciseID) == ["glute-bridge", "side-lying-clam"] })
    }
}

@Suite("Routine editing")
struct RoutineTests {
    @Test("add, reorder, change dosage and remove, with errors naming what is wrong")
    func editing() throws {
        var routine = Routine(name: "Mine")
        try routine.add("glute-bridge", from: Fixtures.catalog)
        try routine.add("side-lying-clam", dosage: .reps(2, 12, each: .leg), from: Fixtures.catalog)
        try routine.move(from: 1, to: 0)
        #expect(routine.prescriptions.map(\.exerciseID) == ["side-lying-clam", "glute-bridge"])
        #expect(routine.prescriptions[1].dosage == .reps(3, 12))  // the exercise's own
        try routine.setDosage(.reps(3, 15), at: 1)
        #expect(routine.prescriptions[1].dosage.volume == "3 x 15")
        #expect(throws: Routine.EditError.unknownExercise("moonwalk")) {
            try routine.add("moonwalk", from: Fixtures.catalog)
        }
        #expect(
            throws: Routine.EditError.invalidDosage(
                exerciseID: "glute-bridge", problems: ["sets must be 1 to 10, got 0"])
        ) {
            try routine.setDosage(.reps(0, 15), at: 1)
        }
        #expect(throws: Routine.EditError.noSuchPosition(5, count: 2)) { try routine.remove(at: 5) }
        try routine.remove(at: 0)
        #expect(routine.prescriptions.map(\.exerciseID) == ["glute-bridge"])
    }
}
