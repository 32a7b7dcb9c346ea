import Foundation
import Testing

@testable import SitLessCore

@Suite("Break coach")
struct BreakCoachTests {
    let c = Clock()  // Monday 2026-12-07, Berlin
    let menu = [
        Prescription(exerciseID: "sit-to-stand", dosage: .reps(1, 10)),
        Prescription(exerciseID: "calf-raise", dosage: .reps(1, 15)),
    ]

    func coach(_ configure: (inout CoachPolicy) -> Void = { _ in }, start: String = "08:00") -> BreakCoach {
        var policy = CoachPolicy(timeZone: "Europe/Berlin")
        configure(&policy)
        return BreakCoach(policy: policy, menu: menu, start: c.at(start))
    }

    func prompts(_ actions: [BreakCoach.Action]) -> [BreakPrompt] {
        actions.compactMap { if case .prompt(let p) = $0 { p } else { nil } }
    }

    func outcomes(_ actions: [BreakCoach.Action]) -> [PromptOutcome] {
        actions.compactMap { if case .recorded(let r) = $0 { r.outcome } else { nil } }
    }

    @Test("prompt exactly when 30 minutes of sitting are reached, with the first move")
    func promptAtLimit() {
        var coach = self.coach()
        #expect(coach.handle(.posture(.sitting, at: c.at("09:00"))).isEmpty)
        #expect(coach.nextPromptDue == c.at("09:30"))
        #expect(coach.handle(.tick(c.at("09:29:59"))).isEmpty)
        let due = prompts(coach.handle(.tick(c.at("09:30"))))
        #expect(due.count == 1)
        #expect(due.first?.issuedAt == c.at("09:30"))
        #expect(due.first?.kind == .moveBreak)
        #expect(due.first?.since == c.at("09:00"))
        #expect(due.first?.move?.exerciseID == "sit-to-stand")
        #expect(
            due.first?.message(catalog: nil)
                == "You have been sitting for 30 min. Time for a 2-minute break: sit-to-stand, 1 x 10.")
    }

    @Test("no prompt outside work hours; sitting since before work prompts at 09:00")
    func workHoursOnly() {
        var coach = self.coach(start: "06:00")
        _ = coach.handle(.posture(.sitting, at: c.at("07:00")))
        #expect(coach.handle(.tick(c.at("08:59:59"))).isEmpty)
        #expect(prompts(coach.handle(.tick(c.at("09:00")))).first?.issuedAt == c.at("09:00"))

        // Sunday: no work hours, no prompts all day.
        let sunday = Clock("2026-12-06")
        var weekend = BreakCoach(policy: CoachPolicy(timeZone: "Europe/Berlin"), menu: menu, start: sunday.at("08:00"))
        _ = weekend.handle(.posture(.sitting, at: sunday.at("09:00")))
        #expect(prompts(weekend.handle(.tick(sunday.at("23:59")))).isEmpty)
        // ... until Monday 09:00, if they sat all night.
        #expect(weekend.nextPromptDue == c.at("09:00"))

        // Evening: sitting from 16:45 would be due at 17:15, after work: nothing that day.
        var evening = self.coach()
        _ = evening.handle(.posture(.sitting, at: c.at("16:45")))
        #expect(prompts(evening.handle(.tick(c.at("23:00")))).isEmpty)
    }

    @Test("a natural break of 2 minutes resets the count without a prompt; 1 minute does not")
    func naturalBreak() {
        var coach = self.coach()
        _ = coach.handle(.posture(.sitting, at: c.at("09:00")))
        _ = coach.handle(.posture(.standing, at: c.at("09:20")))
        #expect(outcomes(coach.handle(.posture(.sitting, at: c.at("09:22")))) == [.takenNaturally])
        #expect(coach.nextPromptDue == c.at("09:52"))
        #expect(prompts(coach.handle(.tick(c.at("09:51")))).isEmpty)
        #expect(prompts(coach.handle(.tick(c.at("09:52")))).count == 1)

        var short = self.coach()
        _ = short.handle(.posture(.sitting, at: c.at("09:00")))
        _ = short.handle(.posture(.standing, at: c.at("09:20")))
        #expect(short.handle(.posture(.sitting, at: c.at("09:21"))).isEmpty)
        #expect(short.nextPromptDue == c.at("09:30"))

        // Away from the desk (unknown) counts as a break too.
        var away = self.coach()
        _ = away.handle(.posture(.sitting, at: c.at("09:00")))
        _ = away.handle(.posture(.unknown, at: c.at("09:10")))
        #expect(outcomes(away.handle(.tick(c.at("09:12")))) == [.takenNaturally])
    }

    @Test("getting up after a prompt, or answering done, records it as taken")
    func taken() {
        var coach = self.coach()
        _ = coach.handle(.posture(.sitting, at: c.at("09:00")))
        _ = coach.handle(.tick(c.at("09:30")))
        _ = coach.handle(.posture(.stepping, at: c.at("09:31")))
        #expect(outcomes(coach.handle(.tick(c.at("09:33")))) == [.taken])

        var answered = self.coach()
        _ = answered.handle(.posture(.sitting, at: c.at("09:00")))
        _ = answered.handle(.tick(c.at("09:30")))
        #expect(outcomes(answered.handle(.respond(.done, at: c.at("09:33")))) == [.taken])
        #expect(answered.nextPromptDue == c.at("10:03"))
    }

    @Test("snooze twice, then the third snooze is refused; done resets the count")
    func snoozeLimit() {
        var coach = self.coach()  // snooze 5 min, 2 in a row
        _ = coach.handle(.posture(.sitting, at: c.at("09:00")))
        _ = coach.handle(.tick(c.at("09:30")))
        #expect(outcomes(coach.handle(.respond(.snooze, at: c.at("09:30")))) == [.snoozed])
        #expect(prompts(coach.handle(.tick(c.at("09:34:59")))).isEmpty)
        #expect(prompts(coach.handle(.tick(c.at("09:35")))).first?.number == 2)
        #expect(outcomes(coach.handle(.respond(.snooze, at: c.at("09:35")))) == [.snoozed])
        let third = prompts(coach.handle(.tick(c.at("09:40"))))
        #expect(third.first?.number == 3)
        let refused = coach.handle(.respond(.snooze, at: c.at("09:40")))
        guard case .snoozeRefused(let prompt, let reason)? = refused.first else {
            Issue.record("expected a refusal, got \(refused)")
            return
        }
        #expect(prompt.number == 3)
        #expect(reason == "You have snoozed 2 times in a row; it is time to get up.")
        #expect(coach.pending?.number == 3)
        #expect(outcomes(coach.handle(.respond(.done, at: c.at("09:41")))) == [.taken])
        #expect(coach.snoozesInARow == 0)
    }

    @Test("an unanswered prompt is ignored after 10 minutes; the next comes 30 minutes after it")
    func ignored() {
        var coach = self.coach()
        _ = coach.handle(.posture(.sitting, at: c.at("09:00")))
        _ = coach.handle(.tick(c.at("09:30")))
        #expect(outcomes(coach.handle(.tick(c.at("09:39")))).isEmpty)
        #expect(outcomes(coach.handle(.tick(c.at("09:40")))) == [.ignored])
        #expect(coach.nextPromptDue == c.at("10:00"))
        let actions = coach.handle(.tick(c.at("10:00")))
        #expect(prompts(actions).first?.move?.exerciseID == "calf-raise")  // the rotation moves on
    }

    @Test("skip: the next prompt after another 30 minutes of sitting")
    func skipped() {
        var coach = self.coach()
        _ = coach.handle(.posture(.sitting, at: c.at("09:00")))
        _ = coach.handle(.tick(c.at("09:30")))
        #expect(outcomes(coach.handle(.respond(.skip, at: c.at("09:31")))) == [.skipped])
        #expect(coach.nextPromptDue == c.at("10:01"))
    }

    @Test("quiet time: a prompt due at 12:15 waits for the end of lunch at 13:00")
    func quietTime() {
        var coach = coach { $0.quietTimes = [ClockRange(parsing: "12:00-13:00")!] }
        _ = coach.handle(.posture(.sitting, at: c.at("11:45")))
        #expect(coach.nextPromptDue == c.at("13:00"))
        #expect(prompts(coach.handle(.tick(c.at("12:59")))).isEmpty)
        #expect(prompts(coach.handle(.tick(c.at("13:00")))).count == 1)
    }

    @Test("standing-desk cycle: 20 min sitting -> stand, 8 min standing -> move, walking answers it")
    func cycle() {
        var coach = coach { $0.cycle = SitStandCycle(sitMinutes: 20, standMinutes: 8, moveMinutes: 2) }
        _ = coach.handle(.posture(.sitting, at: c.at("09:00")))
        let stand = prompts(coach.handle(.tick(c.at("09:20"))))
        #expect(stand.map(\.kind) == [.stand])
        #expect(stand.first?.move == nil)
        _ = coach.handle(.posture(.standing, at: c.at("09:21")))
        #expect(outcomes(coach.handle(.tick(c.at("09:23")))) == [.taken])
        #expect(coach.nextPromptDue == c.at("09:29"))
        let move = prompts(coach.handle(.tick(c.at("09:29"))))
        #expect(move.map(\.kind) == [.move])
        #expect(move.first?.since == c.at("09:21"))
        #expect(move.first?.move != nil)
        #expect(outcomes(coach.handle(.posture(.stepping, at: c.at("09:30")))) == [.taken])
        _ = coach.handle(.posture(.sitting, at: c.at("09:32")))
        #expect(coach.nextPromptDue == c.at("09:52"))
    }

    @Test("daily statistics count each outcome on the person's day")
    func statistics() {
        let zone = c.zone
        let records = [
            PromptRecord(outcome: .taken, at: c.at("09:30"), prompt: nil),
            PromptRecord(outcome: .snoozed, at: c.at("10:30"), prompt: nil),
            PromptRecord(outcome: .taken, at: c.at("10:36"), prompt: nil),
            PromptRecord(outcome: .takenNaturally, at: c.at("11:00"), prompt: nil),
            // 23:30 UTC on the 7th is 00:30 on the 8th in Berlin.
            PromptRecord(
                outcome: .ignored,
                at: LocalDate(iso: "2026-12-07")!.instant(hour: 23, minute: 30, in: TimeZone(identifier: "UTC")!),
                prompt: nil),
        ]
        let days = PromptStatistics.daily(records, in: zone)
        #expect(days.map(\.date.description) == ["2026-12-07", "2026-12-08"])
        #expect(days[0].count(.taken) == 2)
        #expect(days[0].count(.takenNaturally) == 1)
        #expect(days[0].prompts == 3)
        #expect(days[1].count(.ignored) == 1)
    }

    @Test("the break menu rotates desk moves and the person's own program, each 2 minutes or less")
    func menuFromProgram() throws {
        let catalog = try Catalog.builtIn()
        let program = try #require(catalog.program("glute-wake-up"))
        let menu = BreakMenu.make(catalog: catalog, programExerciseIDs: program.exerciseIDs)
        // Of the article's five, only the seated glute stretch fits at a desk.
        #expect(menu[1].exerciseID == "seated-glute-stretch")
        #expect(menu[1].dosage.volume == "1 x 30 s hold each side")
        #expect(menu[1].notes == "from your program")
        #expect(menu[0].exerciseID == catalog.deskBreaks[0].id)
        #expect(menu.allSatisfy { $0.dosage.estimatedSeconds() <= 120 && $0.dosage.sets == 1 })
        #expect(!menu.contains { $0.exerciseID == "hip-thrust" })
    }
}

@Suite("Presence tracker")
struct PresenceTrackerTests {
    let c = Clock()

    @Test("input means present (sitting); 2 minutes without input means away since the last input")
    func presence() {
        var tracker = PresenceTracker(awayAfter: 120)
        #expect(tracker.sample(idleSeconds: 5, at: c.at("09:00:05")) == .init(posture: .sitting, at: c.at("09:00")))
        #expect(tracker.sample(idleSeconds: 90, at: c.at("09:10")) == nil)  // reading: still present
        #expect(tracker.sample(idleSeconds: 3, at: c.at("09:20")) == nil)
        #expect(tracker.sample(idleSeconds: 150, at: c.at("09:30")) == .init(posture: .unknown, at: c.at("09:27:30")))
        let (closed, open) = tracker.takeBouts(upTo: c.at("09:31"))
        #expect(
            closed == [
                PostureBout(
                    .sitting, from: c.at("09:00"), to: c.at("09:27:30"), source: .desktopPresence, confidence: 0.6)
            ])
        #expect(open == nil)
        #expect(tracker.sample(idleSeconds: 0, at: c.at("09:40")) == .init(posture: .sitting, at: c.at("09:40")))
        #expect(tracker.takeBouts(upTo: c.at("09:45")).open?.duration == 300)
    }

    @Test("standing-desk mode switches the posture presence stands for")
    func standingDesk() {
        var tracker = PresenceTracker(awayAfter: 120)
        _ = tracker.sample(idleSeconds: 0, at: c.at("09:00"))
        #expect(tracker.setPresentPosture(.standing, at: c.at("09:20")) == .init(posture: .standing, at: c.at("09:20")))
        let (closed, open) = tracker.takeBouts(upTo: c.at("09:30"))
        #expect(closed.map(\.posture) == [.sitting])
        #expect(open?.posture == .standing)
    }
}
