import Foundation

/// One day of sitting as a person sees it: the day so far, their work hours, where they
/// are now and when the next prompt is due.
public struct SittingDay: Hashable, Sendable, Codable {
    public var date: LocalDate
    public var timeZone: String
    /// The end of what is counted: `now` for today, midnight for a past day.
    public var until: Date
    /// From midnight to `until`.
    public var day: SedentaryMetrics
    /// The work periods of the day, up to `until`; `nil` on a day without work hours.
    public var work: SedentaryMetrics?
    public var goalMinutes: Int
    public var posture: Posture
    public var postureSince: Date?
    public var nextPromptDue: Date?
    public var prompts: [PromptOutcome: Int]

    /// - Parameters:
    ///   - timeline: bouts covering at least the day (and the hours before it, so sitting that
    ///     began before midnight is known to the coach).
    ///   - now: the present; a day in the past is counted whole, a future day not at all.
    public init(
        date: LocalDate, timeline: PostureTimeline, policy: CoachPolicy, menu: [Prescription] = [],
        outcomes: [PromptRecord] = [], now: Date
    ) {
        let zone = policy.zone
        let start = date.startOfDay(in: zone)
        let end = date.adding(days: 1).startOfDay(in: zone)
        let until = min(max(now, start), end)
        self.date = date
        timeZone = policy.timeZone
        self.until = until
        day = SedentaryMetrics(timeline: timeline, from: start, to: until)
        let windows = policy.workHours.windows(on: date, in: zone)
            .map { (from: $0.from, to: min($0.to, until)) }
        work = windows.isEmpty ? nil : SedentaryMetrics(timeline: timeline, windows: windows)
        goalMinutes = policy.dailySittingGoalMinutes
        let current = timeline.bouts.last { $0.start < until }
        if let current, current.end >= until {
            posture = current.posture
            // The posture began where an unbroken run of the same posture began.
            var since = current.start
            for bout in timeline.bouts.reversed() where bout.end == since && bout.posture == current.posture {
                since = bout.start
            }
            postureSince = since
        } else {
            posture = .unknown
            postureSince = current?.end
        }
        var counts: [PromptOutcome: Int] = [:]
        for record in outcomes where record.at >= start && record.at < end { counts[record.outcome, default: 0] += 1 }
        prompts = counts
        nextPromptDue =
            now >= start && now < end
            ? SittingDay.replayCoach(timeline: timeline, policy: policy, menu: menu, outcomes: outcomes, until: now)
            : nil
    }

    /// Runs the coach over the timeline's posture changes and the person's recorded answers
    /// up to `until`, and asks it when the next prompt is due if the person carries on as
    /// they are (a prompt still unanswered is due already: its time is returned).
    static func replayCoach(
        timeline: PostureTimeline, policy: CoachPolicy, menu: [Prescription],
        outcomes: [PromptRecord], until: Date
    ) -> Date? {
        replay(timeline: timeline, policy: policy, menu: menu, outcomes: outcomes, until: until).due
    }

    /// How far back the coach is replayed: what happened more than 36 hours ago cannot change
    /// when the next prompt is due (a sitting stretch that long is capped at its source's
    /// longest bout), and the replay's work stays bounded whatever is stored.
    public static let replayWindow: TimeInterval = 36 * 3600

    /// `replayCoach`, with the number of coach timers that fired (the replay's work).
    static func replay(
        timeline: PostureTimeline, policy: CoachPolicy, menu: [Prescription],
        outcomes: [PromptRecord], until: Date
    ) -> (due: Date?, deadlines: Int) {
        let relevant = timeline.clipped(from: until.addingTimeInterval(-replayWindow), to: until)
        guard let first = relevant.first else { return (nil, 0) }
        var events: [(Date, Int, BreakCoach.Event)] = []
        var lastEnd: Date?
        for bout in relevant {
            if let end = lastEnd, end < bout.start { events.append((end, 0, .posture(.unknown, at: end))) }
            events.append((bout.start, 0, .posture(bout.posture, at: bout.start)))
            lastEnd = bout.end
        }
        if let end = lastEnd, end < until { events.append((end, 0, .posture(.unknown, at: end))) }
        for record in outcomes where record.at >= first.start && record.at <= until {
            let response: BreakCoach.Response? =
                switch record.outcome {
                case .taken: .done
                case .snoozed: .snooze
                case .skipped: .skip
                case .takenNaturally, .ignored: nil  // the coach decides these itself
                }
            if let response { events.append((record.at, 1, .respond(response, at: record.at))) }
        }
        var coach = BreakCoach(policy: policy, menu: menu, start: first.start)
        for (_, _, event) in events.sorted(by: { ($0.0, $0.1) < ($1.0, $1.1) }) { _ = coach.handle(event) }
        _ = coach.handle(.tick(until))
        return (coach.pending?.issuedAt ?? coach.nextPromptDue, coach.deadlinesPassed)
    }

    public var sittingMinutes: Double { day.sittingSeconds / 60 }
}
