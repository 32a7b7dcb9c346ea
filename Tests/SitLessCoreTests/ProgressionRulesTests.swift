import Foundation
import Testing

@testable import SitLessCore

@Suite("Progression rules")
struct ProgressionRulesTests {
    let rules = ProgressionRules()
    let catalog = Fixtures.catalog

    /// A session at `dosage` with every set done as `done`, at the given pain and effort.
    func log(
        _ id: String, _ dosage: Dosage, day: Int, done: SetLog? = nil, pain: Int? = 1, effort: Int? = 6,
        sets: Int? = nil, nextMorning: NextMorningPain? = .same
    ) -> ExerciseLog {
        var set =
            done
            ?? {
                switch dosage.target {
                case .reps(let n): SetLog(reps: n)
                case .hold(let s), .timed(let s): SetLog(seconds: s)
                }
            }()
        set.pain = pain
        set.effort = effort
        if set.loadKilograms == nil { set.loadKilograms = dosage.loadKilograms }
        return ExerciseLog(
            exerciseID: id, date: LocalDate(iso: "2026-12-01")!.adding(days: day), prescribed: dosage,
            sets: Array(repeating: set, count: sets ?? dosage.sets), nextMorning: nextMorning)
    }

    @Test("nothing logged yet: hold")
    func nothingLogged() {
        let target = TrainingTarget(exerciseID: "hip-thrust", dosage: .reps(3, 15))
        let decision = rules.decide(current: target, history: [], catalog: catalog)
        #expect(decision.action == .hold)
        #expect(decision.next == target)
    }

    @Test("one good session: hold, one more to go")
    func oneGreen() {
        let target = TrainingTarget(exerciseID: "hip-thrust", dosage: .reps(3, 15))
        let decision = rules.decide(
            current: target, history: [log("hip-thrust", .reps(3, 15), day: 0)], catalog: catalog)
        #expect(decision.action == .hold)
        #expect(decision.reasons.last == "1 more session like this and the dosage goes up.")
    }

    @Test("two good sessions running: 3 x 15 becomes 3 x 17")
    func moreReps() {
        let target = TrainingTarget(exerciseID: "hip-thrust", dosage: .reps(3, 15))
        let history = [log("hip-thrust", .reps(3, 15), day: 0), log("hip-thrust", .reps(3, 15), day: 2)]
        let decision = rules.decide(current: target, history: history, catalog: catalog)
        #expect(decision.action == .progress)
        #expect(decision.step == .moreReps)
        #expect(decision.next.dosage.volume == "3 x 17")
        #expect(decision.reasons.last == "Reps go up from 15 to 17.")
    }

    @Test("reps stop at 20 (19 -> 20), then a set is added (3 x 20 -> 4 x 20)")
    func repsThenSets() {
        let at19 = [log("hip-thrust", .reps(3, 19), day: 0), log("hip-thrust", .reps(3, 19), day: 2)]
        #expect(
            rules.decide(
                current: TrainingTarget(exerciseID: "hip-thrust", dosage: .reps(3, 19)), history: at19,
                catalog: catalog
            ).next.dosage.volume == "3 x 20")
        let at20 = [log("hip-thrust", .reps(3, 20), day: 0), log("hip-thrust", .reps(3, 20), day: 2)]
        let decision = rules.decide(
            current: TrainingTarget(exerciseID: "hip-thrust", dosage: .reps(3, 20)), history: at20, catalog: catalog)
        #expect(decision.step == .moreSets)
        #expect(decision.next.dosage.volume == "4 x 20")
    }

    @Test("holds grow by 10 s: 3 x 30 s hold each side -> 3 x 40 s hold each side")
    func longerHold() {
        let dosage = Dosage.hold(3, seconds: 30, each: .side)
        let history = [log("seated-glute-stretch", dosage, day: 0), log("seated-glute-stretch", dosage, day: 2)]
        let decision = rules.decide(
            current: TrainingTarget(exerciseID: "seated-glute-stretch", dosage: dosage), history: history,
            catalog: catalog)
        #expect(decision.step == .longerHold)
        #expect(decision.next.dosage.volume == "3 x 40 s hold each side")
    }

    @Test("at 4 x 20 a loadable exercise adds 5 % load (12 kg -> 13 kg, the 1 kg minimum) and goes back to 3 x 15")
    func moreLoad() {
        var dosage = Dosage.reps(4, 20)
        dosage.loadKilograms = 12
        let history = [log("kettlebell-deadlift", dosage, day: 0), log("kettlebell-deadlift", dosage, day: 2)]
        let decision = rules.decide(
            current: TrainingTarget(exerciseID: "kettlebell-deadlift", dosage: dosage), history: history,
            catalog: catalog)
        #expect(decision.step == .moreLoad)
        #expect(decision.next.dosage.volume == "3 x 15 @ 13 kg")
        #expect(decision.next.loadIncreases == 1)
        // 24 kg: 5 % is 1.2 kg -> 25.2 kg, rounded up to the next 0.5 kg = 25.5 kg.
        #expect(rules.heavierLoad(than: 24) == 25.5)
    }

    @Test("a loadable exercise with no load logged asks to add a light weight")
    func addLoad() {
        let history = [
            log("kettlebell-deadlift", .reps(4, 20), day: 0), log("kettlebell-deadlift", .reps(4, 20), day: 2),
        ]
        let decision = rules.decide(
            current: TrainingTarget(exerciseID: "kettlebell-deadlift", dosage: .reps(4, 20)), history: history,
            catalog: catalog)
        #expect(decision.step == .addLoad)
        #expect(decision.next.dosage.loadNote == "add a light weight (for example 2-4 kg) and log it")
    }

    @Test("after 3 load increases, the harder variation at its own dosage")
    func harderVariationAfterLoad() {
        var dosage = Dosage.reps(4, 20)
        dosage.loadKilograms = 16
        let history = [log("kettlebell-deadlift", dosage, day: 0), log("kettlebell-deadlift", dosage, day: 2)]
        let decision = rules.decide(
            current: TrainingTarget(exerciseID: "kettlebell-deadlift", dosage: dosage, loadIncreases: 3),
            history: history, catalog: catalog)
        #expect(decision.step == .harderVariation)
        #expect(
            decision.next
                == TrainingTarget(exerciseID: "single-leg-kettlebell-deadlift", dosage: .reps(3, 8, each: .leg)))
    }

    @Test("a bodyweight exercise at 4 x 20 moves straight to its harder variation")
    func harderVariation() {
        let history = [log("glute-bridge", .reps(4, 20), day: 0), log("glute-bridge", .reps(4, 20), day: 2)]
        let decision = rules.decide(
            current: TrainingTarget(exerciseID: "glute-bridge", dosage: .reps(4, 20)), history: history,
            catalog: catalog)
        #expect(decision.step == .harderVariation)
        #expect(decision.next.exerciseID == "hip-thrust")
        #expect(decision.next.dosage.volume == "3 x 15")
    }

    @Test("at the top of the ladder: hold")
    func topOfLadder() {
        let history = [
            log("side-lying-clam", .reps(4, 20, each: .leg), day: 0),
            log("side-lying-clam", .reps(4, 20, each: .leg), day: 2),
        ]
        let decision = rules.decide(
            current: TrainingTarget(exerciseID: "side-lying-clam", dosage: .reps(4, 20, each: .leg)),
            history: history, catalog: catalog)
        #expect(decision.action == .hold)
        #expect(decision.reasons.last == "This is the top of the ladder: keep going at 4 x 20 each leg.")
    }

    @Test("pain above 5/10: step back to the easier variation")
    func regressToEasier() {
        let history = [log("hip-thrust", .reps(3, 15), day: 0), log("hip-thrust", .reps(3, 15), day: 2, pain: 6)]
        let decision = rules.decide(
            current: TrainingTarget(exerciseID: "hip-thrust", dosage: .reps(3, 15)), history: history, catalog: catalog)
        #expect(decision.action == .regress)
        #expect(decision.step == .easierVariation)
        #expect(decision.next == TrainingTarget(exerciseID: "glute-bridge", dosage: .reps(3, 12)))
        #expect(decision.reasons.first == "Pain reached 6/10 during the session, above the 5/10 limit.")
    }

    @Test("pain above 5/10 with no easier variation: less volume")
    func regressWithoutEasier() {
        let history = [log("side-lying-clam", .reps(3, 10, each: .leg), day: 0, pain: 7)]
        let decision = rules.decide(
            current: TrainingTarget(exerciseID: "side-lying-clam", dosage: .reps(3, 10, each: .leg)),
            history: history, catalog: catalog)
        #expect(decision.action == .regress)
        #expect(decision.step == .fewerSets)
        #expect(decision.next.dosage.volume == "2 x 10 each leg")
    }

    @Test("pain above 5/10 with nothing left to reduce: see a clinician")
    func seeClinician() {
        let dosage = Dosage.reps(1, 2, each: .leg)
        let history = [log("side-lying-clam", dosage, day: 0, pain: 8)]
        let decision = rules.decide(
            current: TrainingTarget(exerciseID: "side-lying-clam", dosage: dosage), history: history, catalog: catalog)
        #expect(decision.step == .seeClinician)
        #expect(decision.next.dosage == dosage)
    }

    @Test("worse the next morning: back off one step (3 x 15 -> 2 x 15)")
    func backOff() {
        let history = [
            log("hip-thrust", .reps(3, 15), day: 0), log("hip-thrust", .reps(3, 15), day: 2, nextMorning: .worse),
        ]
        let decision = rules.decide(
            current: TrainingTarget(exerciseID: "hip-thrust", dosage: .reps(3, 15)), history: history, catalog: catalog)
        #expect(decision.action == .backOff)
        #expect(decision.next.dosage.volume == "2 x 15")
        #expect(decision.reasons.first == "Pain was worse the morning after the session.")
    }

    @Test("worse the next morning after a load increase: the load comes down first")
    func backOffLoad() {
        var dosage = Dosage.reps(3, 15)
        dosage.loadKilograms = 13
        let history = [log("kettlebell-deadlift", dosage, day: 0, nextMorning: .worse)]
        let decision = rules.decide(
            current: TrainingTarget(exerciseID: "kettlebell-deadlift", dosage: dosage, loadIncreases: 1),
            history: history, catalog: catalog)
        #expect(decision.step == .lessLoad)
        #expect(decision.next.dosage.loadKilograms == 12)
        #expect(decision.next.loadIncreases == 0)
    }

    @Test("not green: missed sets, pain 4-5, hard effort or missing ratings all hold")
    func holdWhenNotGreen() {
        let target = TrainingTarget(exerciseID: "hip-thrust", dosage: .reps(3, 15))
        let good = log("hip-thrust", .reps(3, 15), day: 0)
        let cases: [(ExerciseLog, String)] = [
            (log("hip-thrust", .reps(3, 15), day: 2, done: SetLog(reps: 12)), "0 of 3 sets were done in full."),
            (log("hip-thrust", .reps(3, 15), day: 2, sets: 2), "2 of 3 sets were done in full."),
            (log("hip-thrust", .reps(3, 15), day: 2, pain: 4), "Pain reached 4/10; progressing needs 3/10 or less."),
            (
                log("hip-thrust", .reps(3, 15), day: 2, effort: 9),
                "Effort reached 9/10; progressing needs 7/10 or less, with a few reps in reserve."
            ),
            (log("hip-thrust", .reps(3, 15), day: 2, pain: nil), "Pain was not recorded."),
            (log("hip-thrust", .reps(3, 15), day: 2, effort: nil), "Effort was not recorded."),
        ]
        for (latest, reason) in cases {
            let decision = rules.decide(current: target, history: [good, latest], catalog: catalog)
            #expect(decision.action == .hold, "\(reason)")
            #expect(decision.next == target)
            #expect(decision.reasons.first == reason)
        }
    }

    @Test("sessions at an older dosage do not count toward the next step")
    func onlyCurrentDosageCounts() {
        let history = [
            log("hip-thrust", .reps(3, 15), day: 0), log("hip-thrust", .reps(3, 15), day: 2),
            log("hip-thrust", .reps(3, 17), day: 4),
        ]
        let decision = rules.decide(
            current: TrainingTarget(exerciseID: "hip-thrust", dosage: .reps(3, 17)), history: history, catalog: catalog)
        #expect(decision.action == .hold)
    }

    @Test("a bad session between good ones restarts the count")
    func streakResets() {
        let history = [
            log("hip-thrust", .reps(3, 15), day: 0), log("hip-thrust", .reps(3, 15), day: 2, pain: 4),
            log("hip-thrust", .reps(3, 15), day: 4),
        ]
        let decision = rules.decide(
            current: TrainingTarget(exerciseID: "hip-thrust", dosage: .reps(3, 15)), history: history, catalog: catalog)
        #expect(decision.action == .hold)
    }
}

@Suite("Safety screen")
struct SafetyScreenTests {
    func answers(yes: Set<String> = []) -> [String: Bool] {
        Dictionary(uniqueKeysWithValues: SafetyScreen.questions.map { ($0.id, yes.contains($0.id)) })
    }

    @Test("all no: clear to start")
    func clear() throws {
        #expect(try SafetyScreen.evaluate(answers()) == .clear)
        #expect(try SafetyScreen.evaluate(answers()).mayStart)
    }

    @Test("each red flag alone stops the program and advises a clinician")
    func redFlags() throws {
        for question in SafetyScreen.questions where question.stops {
            let outcome = try SafetyScreen.evaluate(answers(yes: [question.id]))
            #expect(outcome == .stop(redFlags: [question]), "\(question.id)")
            #expect(!outcome.mayStart)
            #expect(outcome.message.hasPrefix("Please see a doctor or physical therapist before starting"))
        }
        #expect(
            SafetyScreen.questions.filter(\.stops).map(\.id).sorted() == [
                "bladder-bowel", "cannot-bear-weight", "fall-or-injury", "night-pain", "persistent-numbness",
                "systemic-signs", "worsening-weakness",
            ])
        // Of these, the cauda equina signs need care today: the pages show that advice as an alert.
        #expect(SafetyScreen.questions.filter { $0.severity == .urgent }.map(\.id) == ["bladder-bowel"])
    }

    @Test("a caution lets the person start with advice; a red flag outranks it")
    func cautions() throws {
        let outcome = try SafetyScreen.evaluate(answers(yes: ["pregnancy"]))
        guard case .clearWithCautions(let questions) = outcome else {
            Issue.record("expected cautions, got \(outcome)")
            return
        }
        #expect(questions.map(\.id) == ["pregnancy"])
        #expect(outcome.mayStart)
        let both = try SafetyScreen.evaluate(answers(yes: ["pregnancy", "night-pain"]))
        #expect(!both.mayStart)
    }

    @Test("every question must be answered, and only known ones")
    func incomplete() {
        var partial = answers()
        partial["bladder-bowel"] = nil
        #expect(throws: SafetyScreen.ScreenError.unanswered(["bladder-bowel"])) { try SafetyScreen.evaluate(partial) }
        var extra = answers()
        extra["feeling-lucky"] = true
        #expect(throws: SafetyScreen.ScreenError.unknownQuestions(["feeling-lucky"])) {
            try SafetyScreen.evaluate(extra)
        }
    }
}

@Suite("Who needs attention")
struct AttentionTests {
    @Test("pain above 5/10 weighs most; poor adherence, no sessions and sitting over goal add up")
    func reasons() {
        // Pain 7/10 (3) + 1 of 3 sessions (2) + sitting 9 h 10 min against 8 h (1) = 6.
        let worried = Attention(
            .init(
                maxPain: 7, lastWeek: WeeklyAdherence(weekStart: LocalDate(iso: "2026-11-30")!, done: 1, prescribed: 3),
                hasPlan: true, daysSinceSession: 3, meanSittingMinutes: 550, sittingGoalMinutes: 480))
        #expect(
            worried.reasons.map(\.text) == [
                "reported pain 7/10", "1 of 3 sessions last week", "sits 9 h 10 min a day (goal 8 h)",
            ])
        #expect(worried.score == 6)
        // 2 of 3 is at least half; pain 3/10 is green; 7 h 50 min is under the goal.
        let fine = Attention(
            .init(
                maxPain: 3, lastWeek: WeeklyAdherence(weekStart: LocalDate(iso: "2026-11-30")!, done: 2, prescribed: 3),
                hasPlan: true, daysSinceSession: 2, meanSittingMinutes: 470))
        #expect(fine.reasons.isEmpty)
        #expect(
            Attention(.init(maxPain: 4, hasPlan: true, daysSinceSession: 7)).reasons.map(\.text) == [
                "reported pain 4/10", "no session for 7 days",
            ])
        #expect(Attention(.init(hasPlan: true, planDays: 9)).reasons.map(\.text) == ["no session yet"])
        #expect(
            Attention(.init(hasPlan: false, worseMornings: 2)).reasons.map(\.text) == [
                "felt worse the morning after 2 sessions", "no program assigned",
            ])
    }
}
