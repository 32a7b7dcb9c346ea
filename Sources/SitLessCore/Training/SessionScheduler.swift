import Foundation

/// A session of a program on a calendar day.
public struct ScheduledSession: Hashable, Sendable, Codable {
    /// 1-based across the whole plan.
    public var number: Int
    /// 1-based program week.
    public var week: Int
    public var phase: String
    public var date: LocalDate
    public var weekday: Weekday
    /// Which session template ("A", "B", "Glute program").
    public var template: String
    public var prescriptions: [Prescription]
    /// When a time of day was chosen: the start as an instant (UTC inside), resolved in the plan's time zone.
    public var startsAt: Date?
    /// Estimated length in minutes.
    public var minutes: Int
}

/// How to lay a program out on the calendar.
public struct ScheduleRequest: Sendable, Hashable {
    /// The first day of week 1 (the first session falls on or after it).
    public var start: LocalDate
    public var sessionsPerWeek: Int
    /// Days the person can train; `nil` means any day. The scheduler picks `sessionsPerWeek` of them.
    public var preferredDays: Set<Weekday>?
    public var timeZone: TimeZone
    /// Wall-clock start time (hour, minute), if the person wants one.
    public var timeOfDay: TimeOfDay?

    public init(
        start: LocalDate, sessionsPerWeek: Int, preferredDays: Set<Weekday>? = nil,
        timeZone: TimeZone, timeOfDay: TimeOfDay? = nil
    ) {
        self.start = start
        self.sessionsPerWeek = sessionsPerWeek
        self.preferredDays = preferredDays
        self.timeZone = timeZone
        self.timeOfDay = timeOfDay
    }
}

/// A wall-clock time, `07:30`.
public struct TimeOfDay: Hashable, Sendable, Codable, CustomStringConvertible {
    public var hour: Int
    public var minute: Int

    public init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        self.hour = hour
        self.minute = minute
    }

    /// Parses `7:30`, `07:30`, `19:05`.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
            let h = Int(parts[0]), let m = Int(parts[1])
        else { return nil }
        self.init(hour: h, minute: m)
    }

    public var description: String { zeroPadded(hour, 2) + ":" + zeroPadded(minute, 2) }
}

public enum ScheduleError: Error, Equatable, CustomStringConvertible {
    case sessionsPerWeekOutOfRange(Int)
    case tooFewDays(sessionsPerWeek: Int, days: [Weekday])
    case noRestDay(sessionsPerWeek: Int, days: [Weekday])
    case emptyProgram

    public var description: String {
        switch self {
        case .sessionsPerWeekOutOfRange(let n):
            return "sessions per week must be 1 to 7, got \(n)"
        case .tooFewDays(let n, let days):
            return
                "\(n) sessions a week need at least \(n) training days, but only \(days.count) were given "
                    + "(\(days.map(\.rawValue).joined(separator: ",")))"
        case .noRestDay(let n, let days):
            return
                "the days \(days.map(\.rawValue).joined(separator: ",")) leave no rest day between \(n) sessions a "
                    + "week; choose days that are not next to each other or add more days to choose from"
        case .emptyProgram:
            return "the program has no sessions to schedule"
        }
    }
}

/// Lays a program's weeks out as dated sessions.
///
/// Rules, all deterministic:
/// - Program week *k* covers the seven days from `start + 7(k-1)`; each week holds exactly
///   `sessionsPerWeek` sessions, on the same weekdays every week.
/// - The weekdays are chosen from `preferredDays` (all seven when none are given) so that
///   the rest between sessions is as even as possible, treating the week as a cycle (Sunday
///   is next to the following Monday): first the largest smallest gap, then the fewest
///   back-to-back pairs, then the earliest days counted from the start date's weekday.
/// - With 3 or fewer sessions a week a rest day always fits between sessions, so two
///   sessions never fall on consecutive days; preferred days that cannot give that are an
///   error, not a silent compromise. With 4 or more, back-to-back days are unavoidable and
///   kept to the fewest.
/// - A week with several session templates (A, B) alternates them, continuing across
///   weeks that use the same templates.
/// - Dates step by calendar days, so daylight-saving changes never move a session to
///   another day; a time of day is resolved in the person's time zone for each date.
public enum SessionScheduler {
    public static func schedule(
        _ program: Program, _ request: ScheduleRequest
    ) throws(ScheduleError) -> [ScheduledSession] {
        try schedule(weeks: program.weeks, phaseName: { week in program.week(week)?.phase.name ?? "" }, request)
    }

    public static func schedule(
        _ routine: Routine, weeks: Int, _ request: ScheduleRequest
    ) throws(ScheduleError) -> [ScheduledSession] {
        try schedule(weeks: routine.weeks(weeks), phaseName: { _ in routine.name }, request)
    }

    static func schedule(
        weeks: [ProgramWeek], phaseName: (Int) -> String,
        _ request: ScheduleRequest
    ) throws(ScheduleError) -> [ScheduledSession] {
        guard weeks.contains(where: { !$0.sessions.isEmpty }) else { throw .emptyProgram }
        let days = try trainingDays(request)
        let startIndex = request.start.weekday.index
        // Offsets within a program week, 0...6 from the start date.
        let offsets = days.map { ($0.index - startIndex + 7) % 7 }.sorted()

        var sessions: [ScheduledSession] = []
        var cycle = 0
        var previousTemplates: [SessionTemplate]?
        for week in weeks where !week.sessions.isEmpty {
            if week.sessions != previousTemplates { cycle = 0 }
            previousTemplates = week.sessions
            for offset in offsets {
                let date = request.start.adding(days: (week.number - 1) * 7 + offset)
                let template = week.sessions[cycle % week.sessions.count]
                cycle += 1
                let startsAt = request.timeOfDay.map {
                    date.instant(hour: $0.hour, minute: $0.minute, in: request.timeZone)
                }
                sessions.append(
                    ScheduledSession(
                        number: sessions.count + 1, week: week.number, phase: phaseName(week.number), date: date,
                        weekday: date.weekday, template: template.name, prescriptions: template.prescriptions,
                        startsAt: startsAt, minutes: Int((Double(template.estimatedSeconds) / 60).rounded(.up))))
            }
        }
        return sessions
    }

    /// The weekdays sessions fall on, by the rules above.
    public static func trainingDays(_ request: ScheduleRequest) throws(ScheduleError) -> [Weekday] {
        let n = request.sessionsPerWeek
        guard (1...7).contains(n) else { throw .sessionsPerWeekOutOfRange(n) }
        let candidates = (request.preferredDays ?? Set(Weekday.allCases)).sorted()
        guard candidates.count >= n else { throw .tooFewDays(sessionsPerWeek: n, days: candidates) }
        let startIndex = request.start.weekday.index
        let offsets = candidates.map { ($0.index - startIndex + 7) % 7 }.sorted()

        var best: (score: Score, offsets: [Int])?
        for combination in combinations(of: offsets, choose: n) {
            let score = Score(combination)
            if best == nil || score < best!.score { best = (score, combination) }
        }
        let chosen = best!
        if n <= 3 && chosen.score.smallestGap < 2 {
            throw .noRestDay(sessionsPerWeek: n, days: candidates)
        }
        return chosen.offsets.map { Weekday.allCases[($0 + startIndex) % 7] }.sorted()
    }

    /// Lower is better: a larger smallest gap, then fewer back-to-back pairs, then earlier days.
    struct Score: Comparable {
        let smallestGap: Int
        let backToBack: Int
        let offsets: [Int]

        init(_ offsets: [Int]) {
            var gaps: [Int] = []
            for (i, o) in offsets.enumerated() {
                let next = i + 1 < offsets.count ? offsets[i + 1] : offsets[0] + 7
                gaps.append(next - o)
            }
            smallestGap = offsets.count == 1 ? 7 : gaps.min()!
            backToBack = gaps.filter { $0 == 1 }.count
            self.offsets = offsets
        }

        static func < (a: Score, b: Score) -> Bool {
            if a.smallestGap != b.smallestGap { return a.smallestGap > b.smallestGap }
            if a.backToBack != b.backToBack { return a.backToBack < b.backToBack }
            return a.offsets.lexicographicallyPrecedes(b.offsets)
        }
    }

    static func combinations(of items: [Int], choose k: Int) -> [[Int]] {
        guard k > 0 else { return [[]] }
        guard items.count >= k else { return [] }
        var result: [[Int]] = []
        for (i, item) in items.enumerated() {
            for rest in combinations(of: Array(items[(i + 1)...]), choose: k - 1) {
                result.append([item] + rest)
            }
        }
        return result
    }
}
