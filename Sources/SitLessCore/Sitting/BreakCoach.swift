import Foundation

/// A prompt to get up.
public struct BreakPrompt: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// Sitting limit reached: get up and do a short move.
        case moveBreak = "move-break"
        /// Standing-desk cycle: time to stand.
        case stand
        /// Standing-desk cycle: standing time done, move for a moment.
        case move
    }

    /// 1, 2, 3 ... within one coach's life.
    public var number: Int
    public var kind: Kind
    public var issuedAt: Date
    /// Start of the sitting (or standing) stretch that led to the prompt.
    public var since: Date
    /// The 1-2 minute move proposed, with its dosage.
    public var move: Prescription?

    public init(number: Int, kind: Kind, issuedAt: Date, since: Date, move: Prescription?) {
        self.number = number
        self.kind = kind
        self.issuedAt = issuedAt
        self.since = since
        self.move = move
    }

    /// What the person reads.
    public func message(catalog: Catalog?) -> String {
        let minutes = Int(issuedAt.timeIntervalSince(since) / 60)
        let name = move.flatMap { catalog?.exercise($0.exerciseID)?.name } ?? move?.exerciseID
        let what = move.map { "\(name ?? $0.exerciseID), \($0.dosage.volume)" }
        switch kind {
        case .moveBreak:
            return "You have been sitting for \(minutes) min. Time for a 2-minute break"
                + (what.map { ": \($0)." } ?? ".")
        case .stand:
            return "\(minutes) min of sitting: time to raise the desk and stand."
        case .move:
            return "\(minutes) min of standing: move for a moment" + (what.map { ": \($0)." } ?? ".")
        }
    }
}

/// What became of a prompt, or of a break taken without one.
public enum PromptOutcome: String, CaseIterable, Sendable, Codable {
    /// The person took the break the prompt asked for.
    case taken
    /// The person broke their sitting for a break's length before any prompt was due.
    case takenNaturally = "taken-naturally"
    case snoozed
    case skipped
    /// No answer and no break within the response window.
    case ignored
}

/// One outcome, at the moment it was decided.
public struct PromptRecord: Hashable, Sendable, Codable {
    public var outcome: PromptOutcome
    public var at: Date
    /// The prompt; `nil` for a break taken naturally.
    public var prompt: BreakPrompt?

    public init(outcome: PromptOutcome, at: Date, prompt: BreakPrompt?) {
        self.outcome = outcome
        self.at = at
        self.prompt = prompt
    }
}

/// The break coach: a deterministic state machine fed with posture events, answers to
/// prompts and the passing of time (`tick`). It never reads a clock; every event carries
/// its time, so a test can drive a whole day in microseconds.
///
/// Rules:
/// - Only sitting and lying count as sitting. Standing, stepping or being away (`unknown`)
///   for at least the break length (default 2 min) is a **natural break**: the sitting count
///   starts again, without a prompt. Shorter interruptions do not reset the count.
/// - A prompt is due when continuous sitting reaches the limit (default 30 min). It is shown
///   only inside work hours and outside quiet times; a limit reached outside them prompts at
///   the first allowed moment while the person is still sitting.
/// - With a sit/stand cycle, sitting for the cycle's sitting time prompts to stand, and
///   standing for its standing time prompts a short move.
/// - Each prompt proposes the next move of the `BreakMenu` in rotation.
/// - Answers: done -> `taken`; getting up for a break's length after a prompt -> `taken`;
///   snooze -> `snoozed` and a new prompt after the snooze length, at most
///   `maxSnoozesInARow` times in a row (then the snooze is refused); skip -> `skipped`, next
///   prompt after another sitting limit; no answer within the response window -> `ignored`,
///   next prompt a sitting limit after the ignored one.
public struct BreakCoach: Sendable {
    public enum Event: Hashable, Sendable {
        /// The posture changed at this time (events may report a change a little in the past,
        /// as the desktop agent does when it learns of idleness after the fact).
        case posture(Posture, at: Date)
        /// Time has passed.
        case tick(Date)
        case respond(Response, at: Date)
    }

    public enum Response: String, Hashable, Sendable, Codable {
        case done, snooze, skip
    }

    public enum Action: Hashable, Sendable {
        case prompt(BreakPrompt)
        case recorded(PromptRecord)
        case snoozeRefused(BreakPrompt, reason: String)
    }

    public let policy: CoachPolicy
    public let menu: [Prescription]

    public private(set) var now: Date
    public private(set) var posture: Posture = .unknown
    /// When the current posture began.
    public private(set) var postureSince: Date
    /// Start of the current continuous sitting stretch (kept through short interruptions).
    public private(set) var sittingSince: Date?
    /// Start of the current time away from sitting.
    public private(set) var upSince: Date?
    public private(set) var pending: BreakPrompt?
    public private(set) var snoozesInARow = 0
    /// No prompt before this (after a snooze, skip or ignored prompt).
    public private(set) var holdOffUntil: Date?
    public private(set) var promptsIssued = 0
    /// Timers that fired so far (prompts due, answers missed, natural breaks): the coach's
    /// work, which `SittingDay` keeps bounded by replaying a limited window.
    public private(set) var deadlinesPassed = 0
    /// Standing-desk cycle: a move prompt was already given for this standing stretch.
    private var movePromptedThisStand = false

    public init(policy: CoachPolicy, menu: [Prescription], start: Date) {
        self.policy = policy
        self.menu = menu
        now = start
        postureSince = start
    }

    var breakSeconds: TimeInterval { TimeInterval(policy.breakMinutes * 60) }
    var sittingLimit: TimeInterval { TimeInterval((policy.cycle?.sitMinutes ?? policy.maxSittingMinutes) * 60) }

    /// Feeds one event; returns what the coach did, in time order.
    public mutating func handle(_ event: Event) -> [Action] {
        var actions: [Action] = []
        switch event {
        case .tick(let t):
            advance(to: t, &actions)
        case .posture(let p, let at):
            advance(to: at, &actions)
            change(to: p, at: min(at, now), &actions)
            advance(to: max(at, now), &actions)
        case .respond(let response, let at):
            advance(to: at, &actions)
            respond(response, &actions)
        }
        return actions
    }

    /// When the next prompt is due if the person keeps doing what they are doing.
    public var nextPromptDue: Date? {
        if pending != nil { return nil }
        return dueTime()
    }

    // MARK: Time

    private mutating func advance(to t: Date, _ actions: inout [Action]) {
        while let (deadline, step) = nextDeadline(), deadline <= t {
            now = max(now, deadline)
            deadlinesPassed += 1
            step(&self, &actions)
        }
        now = max(now, t)
    }

    /// The earliest pending timer and what happens then.
    private func nextDeadline() -> (Date, (inout BreakCoach, inout [Action]) -> Void)? {
        var timers: [(Date, (inout BreakCoach, inout [Action]) -> Void)] = []
        if let up = upSince, sittingSince != nil || pending != nil {
            timers.append((up.addingTimeInterval(breakSeconds), { coach, actions in coach.naturalBreak(&actions) }))
        }
        if let prompt = pending {
            let window = TimeInterval(policy.responseWindowMinutes * 60)
            timers.append((prompt.issuedAt.addingTimeInterval(window), { coach, actions in coach.ignore(&actions) }))
        } else if let due = dueTime() {
            timers.append((due, { coach, actions in coach.issuePrompt(&actions) }))
        }
        return timers.min { $0.0 < $1.0 }
    }

    /// When a prompt becomes due in the current state, if one will.
    private func dueTime() -> Date? {
        var base: Date
        var kindStandingMove = false
        if posture.isSedentary, let since = sittingSince, upSince == nil {
            base = since.addingTimeInterval(sittingLimit)
        } else if let cycle = policy.cycle, posture == .standing, !movePromptedThisStand {
            base = postureSince.addingTimeInterval(TimeInterval(cycle.standMinutes * 60))
            kindStandingMove = true
        } else {
            return nil
        }
        if let hold = holdOffUntil, !kindStandingMove { base = max(base, hold) }
        return policy.firstPromptTime(onOrAfter: max(base, now))
    }

    // MARK: Transitions

    private mutating func change(to p: Posture, at t: Date, _ actions: inout [Action]) {
        guard p != posture else { return }
        posture = p
        postureSince = t
        if p.isSedentary {
            // Back to sitting before the break length: the stretch continues.
            upSince = nil
            if sittingSince == nil { sittingSince = t }
            movePromptedThisStand = false
        } else {
            if upSince == nil { upSince = t }
            if p == .standing { movePromptedThisStand = false }
            if p == .stepping, let prompt = pending, prompt.kind == .move {
                // Walking answers a move prompt.
                record(.taken, prompt: prompt, &actions)
                pending = nil
                movePromptedThisStand = true
            }
        }
    }

    private mutating func naturalBreak(_ actions: inout [Action]) {
        if let prompt = pending {
            record(.taken, prompt: prompt, &actions)
            pending = nil
        } else if sittingSince != nil {
            record(.takenNaturally, prompt: nil, &actions)
        }
        sittingSince = nil
        upSince = nil
        snoozesInARow = 0
        holdOffUntil = nil
    }

    private mutating func issuePrompt(_ actions: inout [Action]) {
        let kind: BreakPrompt.Kind
        let since: Date
        if posture.isSedentary {
            kind = policy.cycle == nil ? .moveBreak : .stand
            since = sittingSince ?? now
        } else {
            kind = .move
            since = postureSince
            movePromptedThisStand = true
        }
        promptsIssued += 1
        let move: Prescription? = kind == .stand || menu.isEmpty ? nil : menu[(promptsIssued - 1) % menu.count]
        let prompt = BreakPrompt(number: promptsIssued, kind: kind, issuedAt: now, since: since, move: move)
        pending = prompt
        actions.append(.prompt(prompt))
    }

    private mutating func ignore(_ actions: inout [Action]) {
        guard let prompt = pending else { return }
        record(.ignored, prompt: prompt, &actions)
        pending = nil
        holdOffUntil = max(now, prompt.issuedAt.addingTimeInterval(sittingLimit))
    }

    private mutating func respond(_ response: Response, _ actions: inout [Action]) {
        guard let prompt = pending else { return }
        switch response {
        case .done:
            record(.taken, prompt: prompt, &actions)
            pending = nil
            snoozesInARow = 0
            holdOffUntil = nil
            upSince = nil
            sittingSince = posture.isSedentary ? now : nil
        case .snooze:
            guard snoozesInARow < policy.maxSnoozesInARow else {
                actions.append(
                    .snoozeRefused(
                        prompt,
                        reason:
                            "You have snoozed \(snoozesInARow) times in a row; it is time to get up."))
                return
            }
            snoozesInARow += 1
            record(.snoozed, prompt: prompt, &actions)
            pending = nil
            holdOffUntil = now.addingTimeInterval(TimeInterval(policy.snoozeMinutes * 60))
        case .skip:
            record(.skipped, prompt: prompt, &actions)
            pending = nil
            holdOffUntil = now.addingTimeInterval(sittingLimit)
        }
    }

    private func record(_ outcome: PromptOutcome, prompt: BreakPrompt?, _ actions: inout [Action]) {
        actions.append(.recorded(PromptRecord(outcome: outcome, at: now, prompt: prompt)))
    }
}

/// Counts of outcomes per day.
public struct PromptStatistics: Hashable, Sendable, Codable {
    public var date: LocalDate
    public var counts: [PromptOutcome: Int]

    public func count(_ outcome: PromptOutcome) -> Int { counts[outcome] ?? 0 }

    /// Prompts shown (every outcome but breaks taken naturally, and each snooze counts once).
    public var prompts: Int { counts.filter { $0.key != .takenNaturally }.values.reduce(0, +) }

    /// Groups records by the day (in `zone`) on which each was decided.
    public static func daily(_ records: [PromptRecord], in zone: TimeZone) -> [PromptStatistics] {
        var byDay: [LocalDate: [PromptOutcome: Int]] = [:]
        for record in records { byDay[LocalDate(record.at, in: zone), default: [:]][record.outcome, default: 0] += 1 }
        return byDay.keys.sorted().map { PromptStatistics(date: $0, counts: byDay[$0]!) }
    }
}

/// The moves break prompts rotate through: the desk-break moves, interleaved with the
/// exercises of the person's own program that can be done at a desk in 2 minutes or less
/// (no equipment beyond chair, desk or wall; standing or seated; one set).
public enum BreakMenu {
    public static func make(catalog: Catalog, programExerciseIDs: [String] = []) -> [Prescription] {
        let desk = catalog.deskBreaks.map { Prescription(exerciseID: $0.id, dosage: oneSet($0.dosage)) }
        let deskIDs = Set(desk.map(\.exerciseID))
        let own = programExerciseIDs.compactMap(catalog.exercise).filter { exercise in
            !deskIDs.contains(exercise.id)
                && Set(exercise.equipment).isSubset(of: Equipment.deskFriendly)
                && [.standing, .seated].contains(exercise.position)
                && oneSet(exercise.dosage).estimatedSeconds() <= 120
        }.map { Prescription(exerciseID: $0.id, dosage: oneSet($0.dosage), notes: "from your program") }
        var out: [Prescription] = []
        for i in 0..<max(desk.count, own.count) {
            if i < desk.count { out.append(desk[i]) }
            if i < own.count { out.append(own[i]) }
        }
        return out
    }

    static func oneSet(_ dosage: Dosage) -> Dosage {
        var d = dosage
        d.sets = 1
        d.restSeconds = nil
        d.perWeek = nil
        return d
    }
}
