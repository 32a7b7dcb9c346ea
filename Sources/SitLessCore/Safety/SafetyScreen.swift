import Foundation

/// A short yes/no questionnaire taken before starting a program. Any "red flag" answered
/// yes stops the program and advises seeing a clinician first, because these symptoms can
/// signal nerve compression, fracture, infection, inflammatory disease or cancer that
/// exercise must not mask. "Caution" answers let the person start, with advice.
///
/// The red flags follow the screening questions physical therapists use for low back and
/// hip pain (saddle numbness and bladder or bowel change for cauda equina syndrome;
/// trauma; night pain, fever or weight loss; progressive neurological loss).
public enum SafetyScreen {
    public struct Question: Hashable, Sendable, Codable, Identifiable {
        /// `urgent`: a red flag that needs medical care today (shown as an alert, first);
        /// `redFlag`: see a clinician before starting; `caution`: start, with advice.
        public enum Severity: String, Sendable, Codable { case urgent, redFlag, caution }
        public var id: String
        public var text: String
        public var severity: Severity
        /// What to do when the answer is yes.
        public var advice: String

        /// Whether a yes stops the program (urgent and red flags).
        public var stops: Bool { severity != .caution }
    }

    public static let questions: [Question] = [
        Question(
            id: "persistent-numbness",
            text:
                "Do you have numbness, tingling or pins and needles in your buttock, groin or legs that does not go "
                    + "away when you change position?",
            severity: .redFlag,
            advice: "Numbness that stays can mean a nerve is being pressed on; have it checked before you exercise."),
        Question(
            id: "worsening-weakness",
            text: "Is a leg or foot getting weaker, or do you trip or drag a foot more than before?",
            severity: .redFlag,
            advice: "Weakness that is getting worse needs a clinician's examination soon."),
        Question(
            id: "bladder-bowel",
            text:
                "Have you had any new trouble controlling your bladder or bowel, or numbness between your legs (the "
                    + "area that touches a saddle)?",
            severity: .urgent,
            advice:
                "This can be a sign of a serious nerve problem (cauda equina syndrome). Seek urgent medical care today."
        ),
        Question(
            id: "fall-or-injury",
            text: "Did your hip, back or leg pain start after a fall, accident or other injury?",
            severity: .redFlag,
            advice: "Pain after a fall or injury should be examined to rule out a fracture before you load it."),
        Question(
            id: "night-pain",
            text: "Do you have pain at night that does not ease when you rest or change position?",
            severity: .redFlag,
            advice: "Constant night pain is not typical of muscle or joint strain and should be checked."),
        Question(
            id: "systemic-signs",
            text:
                "Along with the pain, have you had fever, chills, or weight loss you cannot explain, or have you had "
                    + "cancer?",
            severity: .redFlag,
            advice: "These together with pain need a doctor's assessment first."),
        Question(
            id: "cannot-bear-weight",
            text: "Are you unable to stand or walk on one leg because of hip or groin pain?",
            severity: .redFlag,
            advice: "Not being able to take weight on a leg needs examination before exercise."),
        Question(
            id: "recent-surgery",
            text: "Have you had surgery on your hip, knee or spine in the last 6 months?",
            severity: .caution,
            advice:
                "Follow your surgeon's or physical therapist's restrictions and ask them which exercises suit you "
                    + "now."),
        Question(
            id: "pregnancy",
            text: "Are you pregnant or have you given birth in the last 3 months?",
            severity: .caution,
            advice:
                "Most of these exercises suit pregnancy; after the first trimester swap lying-on-your-back moves for "
                    + "side-lying or standing ones, and check with your midwife or doctor."
        ),
        Question(
            id: "heart-or-blood-pressure",
            text: "Has a doctor told you to be careful with exercise because of your heart or blood pressure?",
            severity: .caution,
            advice:
                "Start at the easiest dosage, breathe steadily (do not hold your breath), and follow your doctor's "
                    + "advice."
        ),
    ]

    public enum Outcome: Hashable, Sendable {
        /// Nothing stands in the way.
        case clear
        /// Start, with this advice.
        case clearWithCautions([Question])
        /// Do not start; see a clinician first.
        case stop(redFlags: [Question])

        public var mayStart: Bool {
            if case .stop = self { return false }
            return true
        }

        /// What to tell the person.
        public var message: String {
            switch self {
            case .clear:
                return "No warning signs. You can start the program; stop any exercise that causes sharp pain."
            case .clearWithCautions(let questions):
                return "You can start, with care:\n" + questions.map { "- \($0.advice)" }.joined(separator: "\n")
            case .stop(let flags):
                return "Please see a doctor or physical therapist before starting this program:\n"
                    + flags.map { "- \($0.advice)" }.joined(separator: "\n")
            }
        }
    }

    public enum ScreenError: Error, Equatable, CustomStringConvertible {
        case unanswered([String])
        case unknownQuestions([String])

        public var description: String {
            switch self {
            case .unanswered(let ids): "please answer every question; unanswered: \(ids.joined(separator: ", "))"
            case .unknownQuestions(let ids): "unknown question ids: \(ids.joined(separator: ", "))"
            }
        }
    }

    /// Evaluates a complete set of answers (question id -> yes).
    public static func evaluate(_ answers: [String: Bool]) throws(ScreenError) -> Outcome {
        let known = Set(questions.map(\.id))
        let unknown = answers.keys.filter { !known.contains($0) }.sorted()
        guard unknown.isEmpty else { throw .unknownQuestions(unknown) }
        let missing = questions.map(\.id).filter { answers[$0] == nil }
        guard missing.isEmpty else { throw .unanswered(missing) }

        let yes = questions.filter { answers[$0.id] == true }
        let flags = yes.filter(\.stops)
        if !flags.isEmpty { return .stop(redFlags: flags) }
        let cautions = yes.filter { $0.severity == .caution }
        return cautions.isEmpty ? .clear : .clearWithCautions(cautions)
    }
}

// MARK: Cautions that stay

extension SafetyScreen {
    /// The cautions an outcome carries (none for a clear check or a stop).
    public static func cautions(of outcome: Outcome) -> [Question] {
        if case .clearWithCautions(let questions) = outcome { return questions }
        return []
    }

    /// Cautions as stored with the person (`users.safety_cautions`): question ids,
    /// comma-separated, in the questions' order.
    public static func storedCautions(_ cautions: [Question]) -> String {
        questions.filter { q in cautions.contains { $0.id == q.id } }.map(\.id).joined(separator: ",")
    }

    /// The cautions named in stored text; ids that are not cautions are ignored.
    public static func cautions(stored: String?) -> [Question] {
        let ids = Set((stored ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        return questions.filter { $0.severity == .caution && ids.contains($0.id) }
    }
}

extension SafetyScreen.Question {
    /// Whether this caution concerns an exercise: pregnancy concerns lying on the back or
    /// front (from the second trimester the advice is to swap those for side-lying or
    /// standing moves); recent surgery and heart or blood pressure concern every exercise.
    public func applies(to exercise: Exercise) -> Bool {
        switch id {
        case "pregnancy": exercise.position == .supine || exercise.position == .prone
        default: severity == .caution
        }
    }
}
