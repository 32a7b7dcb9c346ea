import Foundation
import Testing

@testable import SitLessCore

/// Instants on a fixed day in Berlin, written as people read clocks.
struct Clock {
    let day: LocalDate
    let zone: TimeZone

    init(_ day: String = "2026-12-07", zone: String = "Europe/Berlin") {
        self.day = LocalDate(iso: day)!
        self.zone = TimeZone(identifier: zone)!
    }

    /// `at("09:50")`, `at("09:50:30")`.
    func at(_ text: String) -> Date {
        let parts = text.split(separator: ":").map { Int($0)! }
        return day.instant(hour: parts[0], minute: parts[1], in: zone).addingTimeInterval(
            TimeInterval(parts.count > 2 ? parts[2] : 0))
    }

    func bout(_ posture: Posture, _ from: String, _ to: String, _ source: PostureSource = .manual) -> PostureBout {
        PostureBout(posture, from: at(from), to: at(to), source: source)
    }
}

@Suite("Posture timeline")
struct PostureTimelineTests {
    let c = Clock()

    @Test("where sources overlap the more trusted wins and nothing is counted twice")
    func merging() {
        let timeline = PostureTimeline(merging: [
            c.bout(.sitting, "09:00", "12:00", .desktopPresence),
            c.bout(.standing, "10:00", "10:30", .manual),
            c.bout(.stepping, "10:20", "10:40", .wearable),
        ])
        let pieces = timeline.bouts.map { "\($0.posture.rawValue) \($0.source.rawValue) \(Int($0.duration / 60))" }
        #expect(pieces == ["sitting desktop 60", "standing manual 20", "stepping wearable 20", "sitting desktop 80"])
        #expect(timeline.bouts.reduce(0) { $0 + $1.duration } == 3 * 3600)
    }

    @Test("gaps stay unknown; neighbouring pieces of the same kind join")
    func gaps() {
        let timeline = PostureTimeline(merging: [
            c.bout(.sitting, "09:00", "09:30"), c.bout(.sitting, "09:30", "10:00"), c.bout(.sitting, "11:00", "11:30"),
        ])
        #expect(timeline.bouts.count == 2)
        #expect(timeline.bouts[0].duration == 3600)
        let metrics = SedentaryMetrics(timeline: timeline, from: c.at("09:00"), to: c.at("12:00"))
        #expect(metrics.unknownSeconds == 90 * 60)
    }

    @Test("days split at midnight in the person's zone; the daylight-saving day has 25 hours")
    func daylightSavingDay() {
        // Berlin's clocks went back on Sunday 2026-10-25: that day lasts 25 hours.
        let zone = TimeZone(identifier: "Europe/Berlin")!
        let day = LocalDate(iso: "2026-10-25")!
        let start = day.startOfDay(in: zone)
        let end = day.adding(days: 1).startOfDay(in: zone)
        #expect(end.timeIntervalSince(start) == 25 * 3600)
        // Sitting from 22:00 on the 24th to 02:00 on the 26th (local) is 29 h in all: 2 h on
        // the 24th, 25 h on the 25th, 2 h on the 26th.
        let eve = LocalDate(iso: "2026-10-24")!
        let timeline = PostureTimeline(merging: [
            PostureBout(
                .sitting, from: eve.instant(hour: 22, minute: 0, in: zone),
                to: LocalDate(iso: "2026-10-26")!.instant(hour: 2, minute: 0, in: zone), source: .wearable)
        ])
        let hours = [eve, day, LocalDate(iso: "2026-10-26")!].map { d in
            timeline.bouts(on: d, in: zone).reduce(0) { $0 + $1.duration } / 3600
        }
        #expect(hours == [2, 25, 2])
        // Spring forward (2026-03-29) is 23 hours.
        let spring = LocalDate(iso: "2026-03-29")!
        #expect(spring.adding(days: 1).startOfDay(in: zone).timeIntervalSince(spring.startOfDay(in: zone)) == 23 * 3600)
    }
}

@Suite("Sedentary metrics")
struct SedentaryMetricsTests {
    let c = Clock()

    /// sit 09:00, stand 09:50, sit 09:55, walk 11:30, sit 11:40, stand 12:10, away 12:30.
    var morning: PostureTimeline {
        PostureTimeline(merging: [
            c.bout(.sitting, "09:00", "09:50"), c.bout(.standing, "09:50", "09:55"), c.bout(.sitting, "09:55", "11:30"),
            c.bout(.stepping, "11:30", "11:40"), c.bout(.sitting, "11:40", "12:10"),
            c.bout(.standing, "12:10", "12:30"),
        ])
    }

    @Test("the scripted morning over an 8-hour work period, by hand")
    func workedMorning() throws {
        let m = SedentaryMetrics(timeline: morning, from: c.at("09:00"), to: c.at("17:00"))
        #expect(m.windowSeconds == 480 * 60)
        #expect(m.sittingSeconds == 175 * 60)  // 50 + 95 + 30
        #expect(m.standingSeconds == 25 * 60)  // 5 + 20
        #expect(m.steppingSeconds == 10 * 60)
        #expect(m.unknownSeconds == 270 * 60)  // 480 - 210
        #expect(m.breaks == 3)  // 09:50, 11:30, 12:10
        #expect(m.sedentaryBoutCount == 3)
        #expect(m.prolonged30Count == 3)  // 50, 95 and 30 are all 30 min or more
        #expect(m.prolonged30Seconds == 175 * 60)
        #expect(m.prolonged60Count == 1)  // 95
        #expect(m.prolonged60Seconds == 95 * 60)
        #expect(m.longestBoutSeconds == 95.0 * 60)
        #expect(m.medianBoutSeconds == 50.0 * 60)
        #expect(abs(try #require(m.meanBoutSeconds) - 3500) < 1e-9)  // 175 min / 3 = 58 min 20 s
        #expect(abs(try #require(m.breaksPerSedentaryHour) - 3 / (175.0 / 60)) < 1e-12)  // 1.029
        #expect(abs(try #require(m.sittingShareOfWindow) - 175.0 / 480) < 1e-12)  // 0.365
        #expect(abs(try #require(m.sittingShareOfObserved) - 175.0 / 210) < 1e-12)  // 0.833
        // Three bouts are too few for bout-pattern metrics: undefined, not zero.
        #expect(m.alpha == nil && m.w50Seconds == nil && m.gini == nil)
    }

    @Test("the article's office worker: 6.29 of 8 hours is a 0.786 share")
    func articleShare() throws {
        let end = c.at("09:00").addingTimeInterval(6.29 * 3600)
        let timeline = PostureTimeline(merging: [
            PostureBout(.sitting, from: c.at("09:00"), to: end, source: .wearable),
            PostureBout(.standing, from: end, to: c.at("17:00"), source: .wearable),
        ])
        let m = SedentaryMetrics(timeline: timeline, from: c.at("09:00"), to: c.at("17:00"))
        #expect(abs(try #require(m.sittingShareOfWindow) - 0.78625) < 1e-9)
    }

    @Test("lying is sedentary but not sitting; sitting to lying is not a break; a gap is not a break")
    func lyingAndGaps() {
        let timeline = PostureTimeline(merging: [
            c.bout(.sitting, "20:00", "20:30"), c.bout(.lying, "20:30", "21:00"), c.bout(.standing, "21:00", "21:05"),
            c.bout(.sitting, "21:05", "21:20"), c.bout(.standing, "21:30", "21:40"),
        ])
        let m = SedentaryMetrics(timeline: timeline, from: c.at("20:00"), to: c.at("22:00"))
        #expect(m.sittingSeconds == 45 * 60)
        #expect(m.lyingSeconds == 30 * 60)
        #expect(m.sedentarySeconds == 75 * 60)
        #expect(m.breaks == 1)  // lying -> standing at 21:00; 21:20 -> gap is not seen
        #expect(m.sedentaryBoutCount == 2)  // sitting+lying 60 min, then 15 min
        #expect(m.longestBoutSeconds == 60.0 * 60)
    }

    @Test("alpha, W50 and Gini on ten bouts of 1, 1, 2, 2, 3, 5, 8, 10, 20 and 48 minutes")
    func boutPattern() throws {
        let minutes: [Double] = [1, 1, 2, 2, 3, 5, 8, 10, 20, 48]
        let lengths = minutes.map { $0 * 60 }
        // alpha = 1 + 10 / (ln 2 + ln 2 + ln 3 + ln 5 + ln 8 + ln 10 + ln 20 + ln 48) = 1 + 10 / 15.343 = 1.6518
        #expect(abs(try #require(SedentaryMetrics.alpha(lengths)) - 1.651750085) < 1e-8)
        // Cumulative share after 10 min is 32/100, after 20 min 52/100: W50 = 10 + (0.50-0.32)/(0.52-0.32) x
        // 10 = 19 min.
        #expect(abs(try #require(SedentaryMetrics.w50(lengths)) - 19 * 60) < 1e-9)
        // Gini = (-9-7-10-6-3+5+24+50+140+432) / (9 x 100) = 616 / 900 = 0.6844
        #expect(abs(try #require(SedentaryMetrics.gini(lengths)) - 616.0 / 900) < 1e-12)
        // Nine bouts: undefined.
        #expect(SedentaryMetrics.alpha(Array(lengths.dropLast())) == nil)
        #expect(SedentaryMetrics.w50(Array(lengths.dropLast())) == nil)
        #expect(SedentaryMetrics.gini(Array(lengths.dropLast())) == nil)
        // Ten equal bouts: Gini 0, alpha undefined (no spread to fit).
        let equal = Array(repeating: 600.0, count: 10)
        #expect(SedentaryMetrics.gini(equal) == 0)
        #expect(SedentaryMetrics.alpha(equal) == nil)
    }

    @Test("the same bouts through a timeline give the same pattern metrics")
    func patternThroughTimeline() throws {
        var bouts: [PostureBout] = []
        var t = c.at("08:00")
        for minutes in [1.0, 1, 2, 2, 3, 5, 8, 10, 20, 48] {
            bouts.append(PostureBout(.sitting, from: t, to: t.addingTimeInterval(minutes * 60), source: .wearable))
            t = t.addingTimeInterval(minutes * 60)
            bouts.append(PostureBout(.standing, from: t, to: t.addingTimeInterval(60), source: .wearable))
            t = t.addingTimeInterval(60)
        }
        let m = SedentaryMetrics(timeline: PostureTimeline(merging: bouts), from: c.at("00:00"), to: c.at("23:59"))
        #expect(m.sedentaryBoutCount == 10)
        #expect(m.breaks == 10)
        #expect(abs(try #require(m.w50Seconds) - 19 * 60) < 1e-6)
    }

    @Test("work periods: only the hours inside them count, bouts are cut at their edges")
    func workPeriods() throws {
        let hours = try #require(WorkHours(parsing: "mon-fri 09:00-12:00,13:00-17:00"))
        let windows = hours.windows(on: c.day, in: c.zone)
        #expect(windows.count == 2)
        let timeline = PostureTimeline(merging: [c.bout(.sitting, "11:00", "14:00")])
        let m = SedentaryMetrics(timeline: timeline, windows: windows)
        #expect(m.windowSeconds == 7 * 3600)
        #expect(m.sittingSeconds == 2 * 3600)  // 11-12 and 13-14; the lunch hour is outside
        #expect(m.sedentaryBoutCount == 2)
        // Sunday has no work hours.
        #expect(hours.windows(on: LocalDate(iso: "2026-12-06")!, in: c.zone).isEmpty)
    }
}

@Suite("Work hours")
struct WorkHoursTests {
    @Test("parses the ways people write their hours, and refuses overlaps and nonsense")
    func parsing() {
        #expect(WorkHours(parsing: "9-17")?.description == "mon-fri 09:00-17:00")
        #expect(
            WorkHours(parsing: "mon-thu 08:30-12:00,12:30-16:30; fri 8-12")?.description
                == "mon-thu 08:30-12:00,12:30-16:30; fri 08:00-12:00")
        #expect(WorkHours(parsing: "mon,wed 9-13")?.ranges.keys.sorted() == [.monday, .wednesday])
        #expect(WorkHours(parsing: "9-17,16-18") == nil)
        #expect(WorkHours(parsing: "17-9") == nil)
        #expect(WorkHours(parsing: "someday 9-17") == nil)
        #expect(WorkHours(parsing: "9:75-17") == nil)
    }
}

@Suite("Sitting day")
struct SittingDayTests {
    let c = Clock()

    @Test("the next prompt: 30 min after sitting down, after a taken break, or overdue when unanswered")
    func nextPrompt() {
        let policy = CoachPolicy(timeZone: "Europe/Berlin")
        let timeline = PostureTimeline(merging: [c.bout(.sitting, "09:00", "10:00")])
        let sitting = SittingDay(date: c.day, timeline: timeline, policy: policy, now: c.at("09:10"))
        #expect(sitting.nextPromptDue == c.at("09:30"))
        #expect(sitting.posture == .sitting)
        #expect(sitting.postureSince == c.at("09:00"))

        // Unanswered since 09:30: due (overdue) at 09:30.
        #expect(
            SittingDay(date: c.day, timeline: timeline, policy: policy, now: c.at("09:35")).nextPromptDue
                == c.at("09:30"))

        // Answered "done" at 09:31 while staying seated: the next one is 30 min after that.
        let done = [PromptRecord(outcome: .taken, at: c.at("09:31"), prompt: nil)]
        #expect(
            SittingDay(date: c.day, timeline: timeline, policy: policy, outcomes: done, now: c.at("09:35"))
                .nextPromptDue == c.at("10:01"))

        // Snoozed at 09:30: 5 min later.
        let snoozed = [PromptRecord(outcome: .snoozed, at: c.at("09:30"), prompt: nil)]
        #expect(
            SittingDay(date: c.day, timeline: timeline, policy: policy, outcomes: snoozed, now: c.at("09:32"))
                .nextPromptDue == c.at("09:35"))

        // Standing: nothing due. A past day: nothing due.
        let standing = PostureTimeline(merging: [
            c.bout(.sitting, "09:00", "09:20"), c.bout(.standing, "09:20", "10:00"),
        ])
        #expect(SittingDay(date: c.day, timeline: standing, policy: policy, now: c.at("09:25")).nextPromptDue == nil)
        #expect(
            SittingDay(date: c.day, timeline: timeline, policy: policy, now: c.at("09:10").addingTimeInterval(86_400))
                .nextPromptDue == nil)
    }
}

@Suite("Posture epochs")
struct PostureEpochTests {
    @Test("bouts are cut into minutes on the minute, with the seconds of each posture")
    func minutes() {
        let t0 = Date(timeIntervalSince1970: 1_764_000_000)  // 2025-11-24 16:00:00 UTC, on the minute
        let bouts = [
            PostureBout(.sitting, from: t0, to: t0 + 90, source: .wearable),
            PostureBout(.standing, from: t0 + 90, to: t0 + 180, source: .wearable),
            PostureBout(.stepping, from: t0 + 300, to: t0 + 310, source: .wearable),
        ]
        let epochs = PostureEpoch.epochs(of: bouts)
        #expect(epochs.map(\.start) == [t0, t0 + 60, t0 + 120, t0 + 300])
        #expect(epochs[0].seconds == [.sitting: 60])
        #expect(epochs[1].seconds == [.sitting: 30, .standing: 30])
        #expect(epochs[2].seconds == [.standing: 60])
        #expect(epochs[3].seconds == [.stepping: 10])
        #expect(epochs.map(\.main) == [.sitting, .sitting, .standing, .stepping])  // a 30/30 tie goes to the first name
    }
}
