import Foundation

/// Something wrong with a demonstration, named down to the pose and joint:
/// `poses[2] 'hips up': right-knee-flexion: 140° is outside the normal range 0 to 135°`.
public struct PoseProblem: Hashable, Sendable, CustomStringConvertible {
    /// `poses[2].joints.right-knee-flexion`, `props[1].at`, or nil for the whole demonstration.
    public var field: String?
    public var message: String

    public init(field: String?, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { [field, message].compactMap { $0 }.joined(separator: ": ") }
}

/// How long each part of one loop takes, from the dosage (see `FigureAnimation.timing`).
public struct AnimationTiming: Hashable, Sendable {
    /// Seconds from the first key pose to the last.
    public var out: Double
    /// Seconds held at the last key pose.
    public var holdOut: Double
    /// Seconds back from the last key pose to the first.
    public var back: Double
    /// Seconds held at the first key pose, rest before the loop repeats included.
    public var holdStart: Double

    public var total: Double { out + holdOut + back + holdStart }
}

/// A demonstration made ready to draw: the key poses solved so their contacts touch, the
/// props set beside the figure, and the whole loop sampled at `frameInterval`.
public struct FigureAnimation: Sendable {
    /// One sampled instant.
    public struct Frame: Sendable {
        public var time: Double
        /// Position along the key poses: 0 is the first, 1 the second ... (fractions between).
        public var pathPosition: Double
        public var state: BodyState
        public var posture: PosedFigure
        var goals: [ContactGoal]
        /// Whether joints may go past their normal range here (a stretch's end of range).
        public var endOfRange: Bool
    }

    public let demonstration: Demonstration
    public let figure: Figure
    let props: [PlacedProp]
    let rig: PropRig
    /// The key poses, solved, in order (time 0).
    public let keyPoses: [Frame]
    /// One loop of the demonstrated side, evenly spaced in time.
    public let frames: [Frame]
    public let frameInterval: Double
    public let timing: AnimationTiming
    /// Whether the loop is followed by the same loop mirrored, for the other side.
    public let mirrored: Bool

    /// One loop of one side, seconds.
    public var duration: Double { timing.total }

    /// Frames per second of motion; holds repeat the same frame.
    public static let framesPerSecond = 10.0

    /// A contact must be met within this many cm on a 175 cm figure.
    public static let contactTolerance = 1.0

    /// A joint may move this many degrees from the pose as written for its contacts to meet.
    public static let solverAllowance = 12.0

    // MARK: Timing

    /// Seconds of each part of one loop.
    ///
    /// - Repetitions follow the dosage's tempo, lowering-pause-lifting-pause (`2-0-1-3`:
    ///   2 s down, no pause at the bottom, 1 s up, 3 s at the top); the demonstration says
    ///   whether the way out from its first key pose is the lift or the lowering. `X`
    ///   (explosive) is drawn as 0.5 s. Without a tempo a repetition takes 1-0-1-1, the 3 s
    ///   `Dosage.estimatedSeconds` counts.
    /// - Holds move into the position in 2 s and show it for a tenth of the held time, at
    ///   least 2 s and at most 4 s (a 30 s hold shows for 3 s), then 2 s back.
    /// - A cycle (walking, marching, circles) takes the demonstration's cycle seconds.
    /// - Every loop ends with at least 1 s at the first pose, a short rest before it repeats.
    public static func timing(_ motion: DemonstrationMotion, dosage: Dosage, poses: [Pose]) -> AnimationTiming {
        switch motion {
        case .cycle(let seconds):
            let moves = poses.map { $0.seconds ?? seconds / Double(max(poses.count, 1)) }.reduce(0, +)
            let pauses = poses.map { $0.pause ?? 0 }.reduce(0, +)
            return AnimationTiming(out: moves + pauses, holdOut: 0, back: 0, holdStart: 0)
        case .outAndBack(let phase):
            if case .hold(let held) = dosage.target {
                return AnimationTiming(out: 2, holdOut: min(4, max(2, Double(held) / 10)), back: 2, holdStart: 1)
            }
            let tempo = parseTempo(dosage.tempo) ?? (lower: 1, bottom: 0, lift: 1, top: 1)
            let rest = 1.0
            switch phase {
            case .lift:
                return AnimationTiming(
                    out: tempo.lift, holdOut: tempo.top, back: tempo.lower,
                    holdStart: max(rest, tempo.bottom))
            case .lower:
                return AnimationTiming(
                    out: tempo.lower, holdOut: tempo.bottom, back: tempo.lift,
                    holdStart: max(rest, tempo.top))
            }
        }
    }

    static func parseTempo(_ text: String?) -> (lower: Double, bottom: Double, lift: Double, top: Double)? {
        guard let text, Dosage.isValidTempo(text) else { return nil }
        let parts = text.split(separator: "-").map { $0 == "X" || $0 == "x" ? 0.5 : Double($0) ?? 0 }
        return (max(parts[0], 0.3), parts[1], max(parts[2], 0.3), parts[3])
    }

    // MARK: Building

    /// Solves, checks and samples a demonstration for an exercise with this dosage. Without
    /// `sampling` only the key poses are solved and checked (what loading the catalog needs).
    public static func make(
        _ demo: Demonstration, dosage: Dosage, figure: Figure = Figure(),
        sampling: Bool = true
    ) -> Result<FigureAnimation, PoseProblems> {
        make(demo, dosage: dosage, figure: figure, sampling: sampling, allowance: solverAllowance)
    }

    /// `allowance`: how far a written joint may move for the contacts (wider when drafting poses).
    static func make(
        _ demo: Demonstration, dosage: Dosage, figure: Figure, sampling: Bool,
        allowance: Double
    ) -> Result<FigureAnimation, PoseProblems> {
        var builder = Builder(demo: demo, dosage: dosage, figure: figure)
        builder.allowance = allowance
        return builder.build(sampling: sampling)
    }

    /// Names, ranges and shapes as written, without solving anything (fast: catalog loading).
    public static func problemsAsWritten(_ demo: Demonstration) -> [PoseProblem] {
        var builder = Builder(demo: demo, dosage: .reps(1, 1), figure: Figure())
        builder.checkAsWritten()
        return builder.problems
    }

    public struct PoseProblems: Error, Sendable, CustomStringConvertible {
        public var problems: [PoseProblem]
        public var description: String { problems.map(\.description).joined(separator: "\n") }
    }
}

extension ContactTarget {
    var isSurface: Bool {
        if case .point = self { return false }
        return true
    }
}
