import Foundation

/// A wall-clock range within one day, `09:00-12:30`; `end` is after `start`.
public struct ClockRange: Hashable, Sendable, Codable, CustomStringConvertible {
    public var start: TimeOfDay
    public var end: TimeOfDay

    public init?(start: TimeOfDay, end: TimeOfDay) {
        guard start.minutes < end.minutes else { return nil }
        self.start = start
        self.end = end
    }

    /// Parses `9-17`, `09:00-12:30`, `13:30-17`.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let a = TimeOfDay(loose: String(parts[0])), let b = TimeOfDay(loose: String(parts[1]))
        else { return nil }
        self.init(start: a, end: b)
    }

    public var description: String { "\(start)-\(end)" }

    /// The instants of this range on `day` in `zone`.
    public func interval(on day: LocalDate, in zone: TimeZone) -> (from: Date, to: Date) {
        (
            day.instant(hour: start.hour, minute: start.minute, in: zone),
            end.minutes == 24 * 60
                ? day.adding(days: 1).startOfDay(in: zone) : day.instant(hour: end.hour, minute: end.minute, in: zone)
        )
    }
}

extension TimeOfDay {
    /// Minutes after midnight.
    public var minutes: Int { hour * 60 + minute }

    /// Like `init(parsing:)` but also takes a bare hour, `9` or `17`, and `24` for the end of the day.
    public init?(loose text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let hour = Int(trimmed), trimmed.count <= 2 {
            guard (0...23).contains(hour) else { return nil }
            self.init(hour: hour, minute: 0)
        } else {
            self.init(parsing: trimmed)
        }
    }
}

/// When a person works, per weekday, possibly in several ranges (`09:00-12:00, 13:00-17:00`).
public struct WorkHours: Hashable, Sendable, Codable, CustomStringConvertible {
    public var ranges: [Weekday: [ClockRange]]

    public init(_ ranges: [Weekday: [ClockRange]]) {
        self.ranges = ranges.mapValues { $0.sorted { $0.start.minutes < $1.start.minutes } }
    }

    /// Monday to Friday, 09:00 to 17:00.
    public static let officeDefault = WorkHours(
        Dictionary(
            uniqueKeysWithValues: [Weekday.monday, .tuesday, .wednesday, .thursday, .friday].map {
                ($0, [ClockRange(parsing: "9-17")!])
            }))

    /// Parses `mon-fri 9-17`, `mon-fri 09:00-12:00,13:00-17:00; sat 10-12`, or just `9-17`
    /// (Monday to Friday). Returns `nil` on anything it cannot read.
    public init?(parsing text: String) {
        var result: [Weekday: [ClockRange]] = [:]
        for clause in text.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !clause.isEmpty
        {
            let words = clause.split(separator: " ", maxSplits: 1).map(String.init)
            let days: [Weekday]
            let rangeText: String
            if words.count == 2, let parsed = WorkHours.days(words[0]) {
                days = parsed
                rangeText = words[1]
            } else if words.count == 1 {
                days = [.monday, .tuesday, .wednesday, .thursday, .friday]
                rangeText = words[0]
            } else {
                return nil
            }
            var clauseRanges: [ClockRange] = []
            for part in rangeText.split(separator: ",") {
                guard let range = ClockRange(parsing: part.trimmingCharacters(in: .whitespaces)) else { return nil }
                clauseRanges.append(range)
            }
            for day in days { result[day, default: []] += clauseRanges }
        }
        guard !result.isEmpty else { return nil }
        let hours = WorkHours(result)
        guard hours.overlaps.isEmpty else { return nil }
        self = hours
    }

    /// `mon-fri`, `sat`, `mon,wed,fri`.
    static func days(_ text: String) -> [Weekday]? {
        var out: [Weekday] = []
        for part in text.split(separator: ",") {
            let ends = part.split(separator: "-")
            if ends.count == 2, let a = Weekday(parsing: String(ends[0])), let b = Weekday(parsing: String(ends[1])),
                a.index <= b.index
            {
                out += Weekday.allCases[a.index...b.index]
            } else if ends.count == 1, let d = Weekday(parsing: String(ends[0])) {
                out.append(d)
            } else {
                return nil
            }
        }
        return out
    }

    /// Days whose ranges overlap each other.
    public var overlaps: [Weekday] {
        ranges.filter { _, list in zip(list, list.dropFirst()).contains { $0.end.minutes > $1.start.minutes } }.keys
            .sorted()
    }

    /// The work periods of `day` as instants in `zone`.
    public func windows(on day: LocalDate, in zone: TimeZone) -> [(from: Date, to: Date)] {
        (ranges[day.weekday] ?? []).map { $0.interval(on: day, in: zone) }
    }

    public func contains(_ instant: Date, in zone: TimeZone) -> Bool {
        windows(on: LocalDate(instant, in: zone), in: zone).contains { $0.from <= instant && instant < $0.to }
    }

    /// `mon-fri 09:00-17:00` style, one clause per distinct set of ranges.
    public var description: String {
        var groups: [[ClockRange]: [Weekday]] = [:]
        for (day, list) in ranges where !list.isEmpty { groups[list, default: []].append(day) }
        return groups.sorted { $0.value.min()! < $1.value.min()! }.map { list, days in
            WorkHours.describe(days.sorted()) + " " + list.map(\.description).joined(separator: ",")
        }.joined(separator: "; ")
    }

    static func describe(_ days: [Weekday]) -> String {
        var parts: [String] = []
        var i = 0
        while i < days.count {
            var j = i
            while j + 1 < days.count && days[j + 1].index == days[j].index + 1 { j += 1 }
            parts.append(
                j - i >= 2
                    ? "\(days[i].rawValue)-\(days[j].rawValue)" : days[i...j].map(\.rawValue).joined(separator: ","))
            i = j + 1
        }
        return parts.joined(separator: ",")
    }
}

/// A standing-desk rhythm: sit, stand, move, repeat (e.g. 20 min sitting, 8 standing, 2 moving).
public struct SitStandCycle: Hashable, Sendable, Codable {
    public var sitMinutes: Int
    public var standMinutes: Int
    public var moveMinutes: Int

    public init(sitMinutes: Int = 20, standMinutes: Int = 8, moveMinutes: Int = 2) {
        self.sitMinutes = sitMinutes
        self.standMinutes = standMinutes
        self.moveMinutes = moveMinutes
    }
}

/// How the break coach behaves for one person.
public struct CoachPolicy: Hashable, Sendable, Codable {
    /// The person's IANA time zone; work hours and days are read in it.
    public var timeZone: String
    public var workHours: WorkHours
    /// Longest continuous sitting before a prompt (default 30 min).
    public var maxSittingMinutes: Int
    /// How long standing or being away counts as a break (default 2 min).
    public var breakMinutes: Int
    /// Standing-desk rhythm instead of the plain sitting limit.
    public var cycle: SitStandCycle?
    public var snoozeMinutes: Int
    /// Snoozes allowed one after another before the coach insists.
    public var maxSnoozesInARow: Int
    /// Daily ranges without prompts (lunch, a standing meeting).
    public var quietTimes: [ClockRange]
    /// A prompt nobody answers for this long is recorded as ignored.
    public var responseWindowMinutes: Int
    /// Daily sitting goal shown next to today's sitting.
    public var dailySittingGoalMinutes: Int

    public init(
        timeZone: String, workHours: WorkHours = .officeDefault, maxSittingMinutes: Int = 30, breakMinutes: Int = 2,
        cycle: SitStandCycle? = nil, snoozeMinutes: Int = 5, maxSnoozesInARow: Int = 2, quietTimes: [ClockRange] = [],
        responseWindowMinutes: Int = 10, dailySittingGoalMinutes: Int = 360
    ) {
        self.timeZone = timeZone
        self.workHours = workHours
        self.maxSittingMinutes = maxSittingMinutes
        self.breakMinutes = breakMinutes
        self.cycle = cycle
        self.snoozeMinutes = snoozeMinutes
        self.maxSnoozesInARow = maxSnoozesInARow
        self.quietTimes = quietTimes
        self.responseWindowMinutes = responseWindowMinutes
        self.dailySittingGoalMinutes = dailySittingGoalMinutes
    }

    public var zone: TimeZone { TimeZone(identifier: timeZone) ?? .gmt }

    /// What is wrong with the settings, naming the setting; empty when fine.
    public var problems: [String] {
        var found: [String] = []
        if TimeZone(identifier: timeZone) == nil {
            found.append("time zone '\(timeZone)' is not an IANA zone such as Europe/Berlin")
        }
        if !(5...240).contains(maxSittingMinutes) {
            found.append("max sitting must be 5 to 240 minutes, got \(maxSittingMinutes)")
        }
        if !(1...30).contains(breakMinutes) {
            found.append("break length must be 1 to 30 minutes, got \(breakMinutes)")
        }
        if !(1...60).contains(snoozeMinutes) { found.append("snooze must be 1 to 60 minutes, got \(snoozeMinutes)") }
        if !(0...10).contains(maxSnoozesInARow) {
            found.append("snoozes in a row must be 0 to 10, got \(maxSnoozesInARow)")
        }
        if !(1...120).contains(responseWindowMinutes) {
            found.append("response window must be 1 to 120 minutes, got \(responseWindowMinutes)")
        }
        if !(0...1440).contains(dailySittingGoalMinutes) {
            found.append("daily sitting goal must be 0 to 1440 minutes, got \(dailySittingGoalMinutes)")
        }
        if let cycle {
            if !(5...240).contains(cycle.sitMinutes) {
                found.append("cycle sitting must be 5 to 240 minutes, got \(cycle.sitMinutes)")
            }
            if !(1...120).contains(cycle.standMinutes) {
                found.append("cycle standing must be 1 to 120 minutes, got \(cycle.standMinutes)")
            }
            if !(1...30).contains(cycle.moveMinutes) {
                found.append("cycle moving must be 1 to 30 minutes, got \(cycle.moveMinutes)")
            }
        }
        if !workHours.overlaps.isEmpty {
            found.append("work hours overlap on \(workHours.overlaps.map(\.rawValue).joined(separator: ", "))")
        }
        return found
    }

    /// Whether a prompt may be shown at `instant`: inside work hours and outside quiet times.
    public func allowsPrompt(at instant: Date) -> Bool {
        let zone = self.zone
        guard workHours.contains(instant, in: zone) else { return false }
        let day = LocalDate(instant, in: zone)
        return !quietTimes.contains { range in
            let w = range.interval(on: day, in: zone)
            return w.from <= instant && instant < w.to
        }
    }

    /// The first instant at or after `instant` when a prompt may be shown, looking up to 8 days ahead.
    public func firstPromptTime(onOrAfter instant: Date) -> Date? {
        if allowsPrompt(at: instant) { return instant }
        let zone = self.zone
        let firstDay = LocalDate(instant, in: zone)
        var candidates: [Date] = []
        for offset in 0...8 {
            let day = firstDay.adding(days: offset)
            for window in workHours.windows(on: day, in: zone) where window.to > instant {
                candidates.append(max(window.from, instant))
                // A quiet time inside the window: its end is a candidate too.
                for quiet in quietTimes {
                    let q = quiet.interval(on: day, in: zone)
                    if q.to > instant && q.to > window.from && q.to < window.to { candidates.append(q.to) }
                }
            }
            if let first = candidates.sorted().first(where: allowsPrompt) { return first }
        }
        return nil
    }
}
