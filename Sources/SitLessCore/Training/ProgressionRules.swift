import Foundation

/// What someone is training now on one exercise: the exercise, its dosage, and how many
/// times load has been added since this exercise began (the ladder moves on to the harder
/// variation after `ProgressionPolicy.maxLoadIncreases`).
public struct TrainingTarget: Hashable, Sendable, Codable {
    public var exerciseID: String
    public var dosage: Dosage
    public var loadIncreases: Int

    public init(exerciseID: String, dosage: Dosage, loadIncreases: Int = 0) {
        self.exerciseID = exerciseID
        self.dosage = dosage
        self.loadIncreases = loadIncreases
    }
}

/// The numbers behind the progression rules, each with its reason.
public struct ProgressionPolicy: Hashable, Sendable {
    /// Pain during exercise up to this (0-10) counts as "green" for progressing.
    /// The issue and common physiotherapy practice use 3/10 as "discomfort, not harm".
    public var greenPainMax = 3
    /// Pain above this during exercise steps back to the easier variation. The pain-monitoring
    /// model allows pain up to 5/10 during exercise provided it settles by the next morning
    /// (Silbernagel et al. 2007, `silbernagel-2007`).
    public var painLimit = 5
    /// Effort (Borg CR10) at or below this is "comfortably below maximal": roughly three or
    /// more repetitions left in reserve.
    public var effortMax = 7
    /// Green sessions in a row needed before progressing: the "two-for-two" rule of
    /// resistance-training progression (ACSM 2009, `acsm-2009`).
    public var sessionsRequired = 2
    /// Repetitions are added in steps of 2 up to 20 per set; beyond that, sets are added.
    public var repStep = 2
    public var repCeiling = 20
    /// Holds grow by 10 s up to 60 s (longer static stretches add little).
    public var holdStep = 10
    public var holdCeiling = 60
    /// Timed movement grows by 15 s up to 2 minutes.
    public var timedStep = 15
    public var timedCeiling = 120
    /// Sets are added one at a time up to 4.
    public var setCeiling = 4
    /// Load rises by 5 % (ACSM 2009 suggests 2-10 %), at least 1 kg, rounded up to 0.5 kg.
    public var loadIncrease = 0.05
    public var minimumLoadStep = 1.0
    public var loadRounding = 0.5
    /// After this many load increases the next step is the harder variation.
    public var maxLoadIncreases = 3

    public init() {}
}

/// What the rules decided for next time, and why, in words a person understands.
public struct ProgressionDecision: Hashable, Sendable {
    public enum Action: String, Sendable, Codable {
        /// Harder next time.
        case progress
        /// Same again.
        case hold
        /// A little less next time (pain worse the next morning).
        case backOff
        /// The easier variation (pain above the limit).
        case regress
    }

    public enum Step: String, Sendable, Codable {
        case none, moreReps, longerHold, longerTime, moreSets, moreLoad, addLoad, harderVariation
        case lessLoad, fewerSets, fewerReps, shorterHold, shorterTime, easierVariation, seeClinician
    }

    public var action: Action
    public var step: Step
    public var next: TrainingTarget
    public var reasons: [String]
}

/// Progression and regression rules over logged sessions of one exercise.
///
/// The rules, applied to the most recent session logged at the current target:
/// 1. **Regress** when pain during any set went above `painLimit` (5/10): switch to the
///    easier variation at its own dosage; without one, reduce the volume; with nothing left
///    to reduce, stop the exercise and see a clinician. Pain beyond 5/10 means the tissue is
///    not tolerating the load (pain-monitoring model, Silbernagel et al. 2007).
/// 2. **Back off** when pain was worse the next morning: one step less volume (load first,
///    then sets, then reps or hold time), because next-morning pain is the model's signal
///    that the load was too much even if it felt fine during.
/// 3. **Hold** when the session was not "green": a green session has every prescribed set
///    done in full, peak pain at most `greenPainMax` (3/10), peak effort at most `effortMax`
///    (7/10, comfortably below maximal) and a next morning no worse. Missing pain or effort
///    ratings are not assumed to be fine.
/// 4. **Progress** when the last `sessionsRequired` (2) sessions at this target were green
///    (the two-for-two rule): more reps (+2 up to 20), or a longer hold (+10 s up to 60 s) or
///    time (+15 s up to 2 min); then another set (up to 4); then load (+5 %, at least 1 kg,
///    reps back to the exercise's starting number; up to 3 times, loadable exercises only);
///    then the harder variation at its own dosage. This follows ACSM's progression models
///    (2009): increase volume before intensity, 2-10 % load steps.
/// 5. Otherwise **hold**: one more green session and the dosage goes up.
public struct ProgressionRules: Sendable {
    public var policy: ProgressionPolicy

    public init(policy: ProgressionPolicy = ProgressionPolicy()) {
        self.policy = policy
    }

    /// Decides the target for next time from the history of this exercise (oldest first).
    public func decide(current: TrainingTarget, history: [ExerciseLog], catalog: Catalog) -> ProgressionDecision {
        let exercise = catalog.exercise(current.exerciseID)
        let relevant = history.filter {
            $0.exerciseID == current.exerciseID && Self.sameVolume($0.prescribed, current.dosage)
        }
        guard let latest = relevant.last else {
            return ProgressionDecision(
                action: .hold, step: .none, next: current,
                reasons: ["No session logged at \(current.dosage.volume) yet."])
        }

        if let pain = latest.peakPain, pain > policy.painLimit {
            return regress(
                current, exercise: exercise, catalog: catalog,
                reason: "Pain reached \(pain)/10 during the session, above the \(policy.painLimit)/10 limit.")
        }
        if latest.nextMorning == .worse {
            return backOff(
                current, exercise: exercise, catalog: catalog,
                reason: "Pain was worse the morning after the session.")
        }
        let failures = greenFailures(latest)
        if !failures.isEmpty {
            return ProgressionDecision(
                action: .hold, step: .none, next: current,
                reasons: failures + ["Keep \(current.dosage.volume) until it feels comfortable."])
        }
        let streak = relevant.reversed().prefix { greenFailures($0).isEmpty }.count
        guard streak >= policy.sessionsRequired else {
            let more = policy.sessionsRequired - streak
            return ProgressionDecision(
                action: .hold, step: .none, next: current,
                reasons: [
                    "Every set done with low pain and comfortable effort.",
                    "\(more) more session\(more == 1 ? "" : "s") like this and the dosage goes up.",
                ])
        }
        return progress(current, exercise: exercise, latest: latest, catalog: catalog)
    }

    /// Why a session is not green; empty when it is.
    func greenFailures(_ log: ExerciseLog) -> [String] {
        var reasons: [String] = []
        if !log.allSetsDone {
            reasons.append("\(log.completedSets) of \(log.prescribed.sets) sets were done in full.")
        }
        switch log.peakPain {
        case nil: reasons.append("Pain was not recorded.")
        case let pain? where pain > policy.greenPainMax:
            reasons.append("Pain reached \(pain)/10; progressing needs \(policy.greenPainMax)/10 or less.")
        default: break
        }
        switch log.peakEffort {
        case nil: reasons.append("Effort was not recorded.")
        case let effort? where effort > policy.effortMax:
            reasons.append(
                "Effort reached \(effort)/10; progressing needs \(policy.effortMax)/10 or less, with a few reps in "
                    + "reserve."
            )
        default: break
        }
        if log.nextMorning == .worse { reasons.append("Pain was worse the next morning.") }
        return reasons
    }

    // MARK: Steps

    func progress(
        _ current: TrainingTarget, exercise: Exercise?, latest: ExerciseLog, catalog: Catalog
    ) -> ProgressionDecision {
        let why =
            "The last \(policy.sessionsRequired) sessions at \(current.dosage.volume) were done in full with pain "
                + "\(policy.greenPainMax)/10 or less and comfortable effort."
        var next = current
        switch current.dosage.target {
        case .reps(let n) where n < policy.repCeiling:
            next.dosage.target = .reps(min(n + policy.repStep, policy.repCeiling))
            return decision(
                .progress, .moreReps, next, why,
                "Reps go up from \(n) to \(min(n + policy.repStep, policy.repCeiling)).")
        case .hold(let s) where s < policy.holdCeiling:
            let longer = min(s + policy.holdStep, policy.holdCeiling)
            next.dosage.target = .hold(seconds: longer)
            return decision(.progress, .longerHold, next, why, "Holds go up from \(s) s to \(longer) s.")
        case .timed(let s) where s < policy.timedCeiling:
            let longer = min(s + policy.timedStep, policy.timedCeiling)
            next.dosage.target = .timed(seconds: longer)
            return decision(
                .progress, .longerTime, next, why,
                "Time goes up from \(Dosage.formatSeconds(s)) to \(Dosage.formatSeconds(longer)).")
        default: break
        }
        if current.dosage.sets < policy.setCeiling {
            next.dosage.sets += 1
            return decision(
                .progress, .moreSets, next, why, "Sets go up from \(current.dosage.sets) to \(next.dosage.sets).")
        }
        if let exercise, exercise.isLoadable, current.loadIncreases < policy.maxLoadIncreases {
            next.loadIncreases += 1
            next.dosage.target = exercise.dosage.target
            next.dosage.sets = max(exercise.dosage.sets, 1)
            var unloaded = next.dosage
            unloaded.loadKilograms = nil
            let resetNote = "Sets and reps go back to \(unloaded.volume) with the heavier load."
            if let load = current.dosage.loadKilograms ?? latest.heaviestLoad {
                let heavier = heavierLoad(than: load)
                next.dosage.loadKilograms = heavier
                return decision(
                    .progress, .moreLoad, next, why,
                    "Load goes up from \(Dosage.formatKilograms(load)) to \(Dosage.formatKilograms(heavier)).",
                    resetNote)
            }
            next.dosage.loadNote = "add a light weight (for example 2-4 kg) and log it"
            return decision(.progress, .addLoad, next, why, "Add a light weight.", resetNote)
        }
        if let exercise, let harderID = exercise.progressionID, let harder = catalog.exercise(harderID) {
            next = TrainingTarget(exerciseID: harder.id, dosage: harder.dosage)
            return decision(
                .progress, .harderVariation, next, why,
                "Move on to the harder variation: \(harder.name), \(harder.dosage.volume).")
        }
        return decision(
            .hold, .none, current, why, "This is the top of the ladder: keep going at \(current.dosage.volume).")
    }

    func regress(
        _ current: TrainingTarget, exercise: Exercise?, catalog: Catalog, reason: String
    ) -> ProgressionDecision {
        if let exercise, let easierID = exercise.regressionID, let easier = catalog.exercise(easierID) {
            let next = TrainingTarget(exerciseID: easier.id, dosage: easier.dosage)
            return decision(
                .regress, .easierVariation, next, reason,
                "Step back to the easier variation: \(easier.name), \(easier.dosage.volume).")
        }
        if let reduced = reduced(current) {
            var decision = reduced
            decision.action = .regress
            decision.reasons.insert(reason, at: 0)
            return decision
        }
        return decision(
            .regress, .seeClinician, current, reason,
            "Stop this exercise for now and ask a physical therapist or doctor about the pain.")
    }

    func backOff(
        _ current: TrainingTarget, exercise: Exercise?, catalog: Catalog, reason: String
    ) -> ProgressionDecision {
        if var reduced = reduced(current) {
            reduced.reasons.insert(reason, at: 0)
            return reduced
        }
        return regress(current, exercise: exercise, catalog: catalog, reason: reason)
    }

    /// One step less: load, then sets (not below 1), then reps or time; `nil` at the minimum.
    func reduced(_ current: TrainingTarget) -> ProgressionDecision? {
        var next = current
        if let load = current.dosage.loadKilograms, current.loadIncreases > 0 {
            let lighter = lighterLoad(than: load)
            next.dosage.loadKilograms = lighter
            next.loadIncreases -= 1
            return decision(
                .backOff, .lessLoad, next,
                "Load goes down from \(Dosage.formatKilograms(load)) to \(Dosage.formatKilograms(lighter)).")
        }
        if current.dosage.sets > 1 {
            next.dosage.sets -= 1
            return decision(
                .backOff, .fewerSets, next, "Sets go down from \(current.dosage.sets) to \(next.dosage.sets).")
        }
        switch current.dosage.target {
        case .reps(let n) where n > policy.repStep:
            next.dosage.target = .reps(n - policy.repStep)
            return decision(.backOff, .fewerReps, next, "Reps go down from \(n) to \(n - policy.repStep).")
        case .hold(let s) where s > policy.holdStep:
            next.dosage.target = .hold(seconds: s - policy.holdStep)
            return decision(.backOff, .shorterHold, next, "Holds go down from \(s) s to \(s - policy.holdStep) s.")
        case .timed(let s) where s > policy.timedStep:
            next.dosage.target = .timed(seconds: s - policy.timedStep)
            return decision(
                .backOff, .shorterTime, next,
                "Time goes down from \(Dosage.formatSeconds(s)) to \(Dosage.formatSeconds(s - policy.timedStep)).")
        default:
            return nil
        }
    }

    func heavierLoad(than load: Double) -> Double {
        let target = max(load * (1 + policy.loadIncrease), load + policy.minimumLoadStep)
        return (target / policy.loadRounding).rounded(.up) * policy.loadRounding
    }

    func lighterLoad(than load: Double) -> Double {
        let target = min(load / (1 + policy.loadIncrease), load - policy.minimumLoadStep)
        return max(0, (target / policy.loadRounding).rounded(.down) * policy.loadRounding)
    }

    func decision(
        _ action: ProgressionDecision.Action, _ step: ProgressionDecision.Step, _ next: TrainingTarget,
        _ reasons: String...
    ) -> ProgressionDecision {
        ProgressionDecision(action: action, step: step, next: next, reasons: reasons)
    }

    /// Logs count toward the current target only when they were done at the same volume and load.
    static func sameVolume(_ a: Dosage, _ b: Dosage) -> Bool {
        a.sets == b.sets && a.target == b.target && a.each == b.each && a.loadKilograms == b.loadKilograms
    }
}
