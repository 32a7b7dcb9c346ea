import Foundation

/// Who in a clinician's team needs a look first, and why. Each signal adds weight; the
/// team overview sorts by the total, highest first, and shows the reasons.
///
/// The thresholds follow the program's own rules: pain above 5/10 during an exercise is
/// the progression rules' "step back" line (`ProgressionPolicy.painLimit`, after the
/// pain-monitoring model of Silbernagel et al. 2007), so it
/// weighs most; fewer than half the prescribed sessions in the last complete week is poor
/// adherence; a week without a session while a plan is active, or average sitting above
/// the person's own daily goal, are worth a word too.
public struct Attention: Hashable, Sendable {
    public struct Reason: Hashable, Sendable {
        public var weight: Int
        public var text: String
    }

    public var reasons: [Reason]
    public var score: Int { reasons.reduce(0) { $0 + $1.weight } }

    /// What is known about one member.
    public struct Signals: Sendable {
        /// Highest pain (0-10) reported in a set over the last 14 days.
        public var maxPain: Int?
        /// The last complete plan week: sessions done and prescribed.
        public var lastWeek: WeeklyAdherence?
        public var hasPlan: Bool
        /// Days since the last finished session (nil: none yet).
        public var daysSinceSession: Int?
        /// Days since the plan started.
        public var planDays: Int?
        /// Mean sitting per day with data over the last 7 days, and the person's goal.
        public var meanSittingMinutes: Double?
        public var sittingGoalMinutes: Int
        /// "Worse the next morning" answers over the last 14 days.
        public var worseMornings: Int

        public init(
            maxPain: Int? = nil, lastWeek: WeeklyAdherence? = nil, hasPlan: Bool, daysSinceSession: Int? = nil,
            planDays: Int? = nil, meanSittingMinutes: Double? = nil, sittingGoalMinutes: Int = 480,
            worseMornings: Int = 0
        ) {
            self.maxPain = maxPain
            self.lastWeek = lastWeek
            self.hasPlan = hasPlan
            self.daysSinceSession = daysSinceSession
            self.planDays = planDays
            self.meanSittingMinutes = meanSittingMinutes
            self.sittingGoalMinutes = sittingGoalMinutes
            self.worseMornings = worseMornings
        }
    }

    public init(_ s: Signals) {
        var reasons: [Reason] = []
        if let pain = s.maxPain {
            if pain > ProgressionPolicy().painLimit {
                reasons.append(Reason(weight: 3, text: "reported pain \(pain)/10"))
            } else if pain > ProgressionPolicy().greenPainMax {
                reasons.append(Reason(weight: 1, text: "reported pain \(pain)/10"))
            }
        }
        if s.worseMornings > 0 {
            reasons.append(
                Reason(
                    weight: 1,
                    text: s.worseMornings == 1
                        ? "felt worse the morning after a session"
                        : "felt worse the morning after \(s.worseMornings) sessions"))
        }
        if let week = s.lastWeek, week.prescribed > 0, week.done * 2 < week.prescribed {
            reasons.append(Reason(weight: 2, text: "\(week.done) of \(week.prescribed) sessions last week"))
        }
        if !s.hasPlan {
            reasons.append(Reason(weight: 1, text: "no program assigned"))
        } else if let days = s.daysSinceSession ?? s.planDays, days >= 7 {
            reasons.append(
                Reason(weight: 1, text: s.daysSinceSession == nil ? "no session yet" : "no session for \(days) days"))
        }
        if let mean = s.meanSittingMinutes, mean > Double(s.sittingGoalMinutes) {
            reasons.append(
                Reason(
                    weight: 1,
                    text:
                        "sits \(DurationText.minutes(mean * 60)) a day (goal "
                            + "\(DurationText.minutes(Double(s.sittingGoalMinutes) * 60)))"
                ))
        }
        self.reasons = reasons
    }
}
