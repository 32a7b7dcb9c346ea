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
                return AnimationTiming(out: tempo.lift, holdOut: tempo.top, back: tempo.lower, holdStart: max(rest, tempo.bottom))
            case .lower:
                return AnimationTiming(out: tempo.lower, holdOut: tempo.bottom, back: tempo.lift, holdStart: max(rest, tempo.top))
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
    public static func make(_ demo: Demonstration, dosage: Dosage, figure: Figure = Figure(),
                            sampling: Bool = true) -> Result<FigureAnimation, PoseProblems> {
        make(demo, dosage: dosage, figure: figure, sampling: sampling, allowance: solverAllowance)
    }

    /// `allowance`: how far a written joint may move for the contacts (wider when drafting poses).
    static func make(_ demo: Demonstration, dosage: Dosage, figure: Figure, sampling: Bool,
                     allowance: Double) -> Result<FigureAnimation, PoseProblems> {
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

extension FigureAnimation {
    struct Builder {
        let demo: Demonstration
        let dosage: Dosage
        let figure: Figure
        var problems: [PoseProblem] = []
        var allowance = FigureAnimation.solverAllowance
        var rig = PropRig()
        var props: [PlacedProp] = []
        var scale: Double { figure.height / 175 }

        init(demo: Demonstration, dosage: Dosage, figure: Figure) {
            self.demo = demo
            self.dosage = dosage
            self.figure = figure
        }

        func poseField(_ i: Int, _ rest: String? = nil) -> String {
            "poses[\(i + 1)] '\(demo.poses[i].name)'" + (rest.map { ".\($0)" } ?? "")
        }

        mutating func report(_ field: String?, _ message: String) { problems.append(PoseProblem(field: field, message: message)) }

        /// Checks names and ranges as written, before solving anything.
        mutating func checkAsWritten() {
            if demo.poses.count < 2 { report("poses", "needs at least two key poses (a start and an end)") }
            var held = Set<PropKind>()
            let present = Set(demo.props.map(\.kind))
            for (i, prop) in demo.props.enumerated() {
                let field = "props[\(i + 1)]"
                if let at = prop.at, BodyPoint.all[at] == nil { report("\(field).at", "'\(at)' is not a body point") }
                for p in prop.points where BodyPoint.all[p] == nil { report("\(field).points", "'\(p)' is not a body point") }
                if let toward = prop.toward, !PropPlacement.directions.contains(toward) {
                    report("\(field).toward", "'\(toward)' is not one of: \(PropPlacement.directions.joined(separator: ", "))")
                }
                if let h = prop.height, !(1...250).contains(h) { report("\(field).height", "must be 1 to 250 cm, got \(h)") }
                switch prop.kind {
                case .kettlebell, .dumbbell:
                    if prop.points.isEmpty || prop.points.count > 2 { report("\(field).points", "name the one or two hands holding the \(prop.kind.rawValue)") }
                    held.insert(prop.kind)
                case .miniBand, .resistanceBand, .dowel:
                    if prop.points.count != 2 { report("\(field).points", "name the two body points the \(prop.kind.rawValue) runs between") }
                case .suspensionTrainer:
                    if prop.points.count != 1 { report("\(field).points", "name the one body point the strap holds") }
                    if !present.contains(.doorAnchor) { report(field, "a suspension trainer needs a door-anchor prop to hang from") }
                case .mat:
                    break
                default:
                    if prop.at == nil { report("\(field).at", "is missing: name the body point that rests on the \(prop.kind.rawValue) in the first pose") }
                }
            }
            for (i, pose) in demo.poses.enumerated() {
                for angle in BodyAngle.all {
                    guard let value = pose.angles[angle] else { continue }
                    let range = angle.range
                    let slack = pose.endOfRange ? endOfRangeAllowance : 0
                    if value < range.lowerBound - slack || value > range.upperBound + slack {
                        let hint = pose.endOfRange ? " even for an end-of-range stretch" : (value >= range.lowerBound - endOfRangeAllowance && value <= range.upperBound + endOfRangeAllowance ? "; mark the pose endOfRange if it is a stretch meant to reach it" : "")
                        report(poseField(i, "joints.\(angle.name)"),
                               "\(SVGNumber.format(value))° is outside the normal range \(SVGNumber.format(range.lowerBound)) to \(SVGNumber.format(range.upperBound))°\(hint)")
                    }
                }
                for contact in pose.contacts {
                    let field = poseField(i, "contacts.\(contact.point)")
                    if contact.point == "kettlebell" {
                        if !held.contains(.kettlebell) { report(field, "'kettlebell' touches only when a kettlebell is held (props)") }
                    } else if BodyPoint.all[contact.point] == nil {
                        report(field, "'\(contact.point)' is not a body point")
                    }
                    switch contact.target {
                    case .floor: break
                    case .prop(let kind):
                        if !kind.isSurface { report(field, "a \(kind.rawValue) has no surface to rest on") }
                        else if !present.contains(kind) { report(field, "'\(kind.rawValue)' is not among this demonstration's props") }
                    case .point(let name):
                        if BodyPoint.all[name] == nil { report(field, "'\(name)' is not the floor, a prop or a body point") }
                        if name == contact.point { report(field, "a point cannot touch itself") }
                    }
                }
                if pose.contacts.isEmpty { report(poseField(i, "contacts"), "name at least one point resting on the floor or a prop") }
                if let s = pose.seconds, !(0.1...10).contains(s) { report(poseField(i, "seconds"), "must be 0.1 to 10") }
                if let s = pose.pause, !(0...10).contains(s) { report(poseField(i, "pause"), "must be 0 to 10") }
            }
            if case .cycle(let seconds) = demo.motion, !(0.3...20).contains(seconds) { report("cycleSeconds", "must be 0.3 to 20") }
        }

        func limits(_ pose: Pose?) -> [ClosedRange<Double>] {
            let slack = pose?.endOfRange == true ? endOfRangeAllowance : 0
            return BodyAngle.all.map { a in
                let r = a.range
                switch a {
                case .tilt, .roll, .turn: return -720...720
                case .joint: return (r.lowerBound - slack)...(r.upperBound + slack)
                }
            }
        }

        /// Where the figure faces in the first pose, as a unit vector in the floor plane.
        func forward(_ pose: Pose) -> Vector3 {
            let turn = pose.angles[.turn] ?? 0
            return Rotation.y(turn) * Vector3(1, 0, 0)
        }

        static func snapped(_ v: Vector3) -> Vector3 {
            abs(v.x) >= abs(v.z) ? Vector3(v.x >= 0 ? 1 : -1, 0, 0) : Vector3(0, 0, v.z >= 0 ? 1 : -1)
        }

        func surface(_ target: ContactTarget) -> Surface? {
            switch target {
            case .floor: return .floor
            case .prop(let kind): return props.first { $0.kind == kind }?.surface
            case .point: return nil
            }
        }

        func resolved(_ name: String) -> ResolvedPoint {
            name == "kettlebell" ? .kettlebellBase : .body(BodyPoint.all[name]!)
        }

        static func pinKey(_ c: Contact) -> String { "\(c.point)>\(c.target.name)" }

        /// The goals of one key pose. Before the props are placed (`provisional`), a contact
        /// with a surface prop only fixes its height.
        func goals(for pose: Pose, pins: [String: Vector3], provisional: Bool) -> [ContactGoal] {
            pose.contacts.compactMap { c in
                let point = resolved(c.point)
                let label = "\(c.point) on \(c.target.name)"
                switch c.target {
                case .point(let other):
                    return ContactGoal(point: point, kind: .touch(BodyPoint.all[other]!), label: label)
                case .floor, .prop:
                    if !c.slides, let pin = pins[Builder.pinKey(c)] { return ContactGoal(point: point, kind: .fixed(pin), label: label) }
                    if provisional, case .prop(let kind) = c.target, kind != .mat {
                        guard let placement = demo.props.first(where: { $0.kind == kind }), kind != .wall, kind != .doorAnchor else { return nil }
                        let h = placement.height ?? kind.defaultHeight
                        return ContactGoal(point: point, kind: .plane(Surface(normal: Vector3(0, 1, 0), offset: h, minimum: Vector3(-1e6, h, -1e6), maximum: Vector3(1e6, h, 1e6))), label: label)
                    }
                    if provisional, case .prop(.mat) = c.target {
                        return ContactGoal(point: point, kind: .plane(Surface(normal: Vector3(0, 1, 0), offset: 1, minimum: Vector3(-1e6, 1, -1e6), maximum: Vector3(1e6, 1, 1e6))), label: label)
                    }
                    guard let s = surface(c.target) else { return nil }
                    return ContactGoal(point: point, kind: .plane(s), label: label)
                }
            }
        }

        func solver(goals: [ContactGoal], wanted: BodyState, pose: Pose?, written: Set<BodyAngle>? = nil) -> PoseSolver {
            PoseSolver(figure: figure, goals: goals, rig: rig, wanted: wanted,
                       angleWeights: Builder.weights(written: written), limits: limits(pose))
        }

        /// How firmly the solver keeps each angle (per degree): the spine and neck stiffer than
        /// the limbs (people hold their back as cued), the body's roll and turn stiffer still when
        /// not written (a figure seen from the side stays side-on), its tilt free-er when not written.
        static func weights(written: Set<BodyAngle>?) -> [Double] {
            BodyAngle.all.map { angle in
                switch angle {
                case .tilt: written.map { $0.contains(angle) } == false ? 0.05 : 0.1
                case .roll, .turn: written.map { $0.contains(angle) } == false ? 0.5 : 0.1
                case .joint(let motion, _):
                    [.spineFlexion, .spineSideBend, .neckFlexion, .neckSideBend].contains(motion) ? 0.3 : 0.1
                }
            }
        }

        /// Sets the props beside the figure as it stands in the first pose.
        mutating func placeProps(_ posture: PosedFigure, pose: Pose) {
            let pelvis = posture.joint(.pelvis)
            let ahead = forward(pose)
            for (i, placement) in demo.props.enumerated() {
                let kind = placement.kind
                if kind.isHeld || kind.isBetween { continue }
                var anchor: (centre: Vector3, radius: Double)
                if let at = placement.at, let point = BodyPoint.all[at] {
                    anchor = posture.point(point)
                } else if kind == .mat {
                    anchor = (pelvis, 0)
                } else {
                    continue
                }
                var direction: Vector3
                if let toward = placement.toward {
                    let right = Vector3(-ahead.z, 0, ahead.x) // the figure's right in the floor plane
                    direction = switch toward {
                    case "back": ahead * -1
                    case "right": right
                    case "left": right * -1
                    default: ahead
                    }
                } else if kind == .mat {
                    // Along the body: from the feet toward the head, the mat starting 40 cm past the feet.
                    let head = posture.joint(.head), feet = posture.joint(Segment(.foot, .right))
                    let along = Builder.snapped(Vector3(head.x - feet.x, 0, head.z - feet.z))
                    let sign = along.x + along.z
                    let low = min(head.dot(along), feet.dot(along), pelvis.dot(along)) - 25
                    let across = along.x != 0 ? pelvis.z : pelvis.x
                    props.append(PlacedProp.make(placement, edge: sign * low, direction: along, across: across))
                    _ = i
                    continue
                } else {
                    direction = Vector3(anchor.centre.x - pelvis.x, 0, anchor.centre.z - pelvis.z)
                    if direction.length < 1 { direction = ahead }
                }
                direction = Builder.snapped(direction)
                // The near edge, as a world coordinate on the direction's axis.
                let sign = direction.x + direction.z
                let axis = direction.x != 0 ? anchor.centre.x : anchor.centre.z
                let inset = placement.inset ?? kind.defaultInset
                let edge = (kind == .wall || kind == .doorAnchor) ? axis + sign * (anchor.radius - inset) : axis - sign * inset
                let across = direction.x != 0 ? anchor.centre.z : anchor.centre.x
                props.append(PlacedProp.make(placement, edge: edge, direction: direction, across: across))
            }
        }

        mutating func build(sampling: Bool) -> Result<FigureAnimation, PoseProblems> {
            checkAsWritten()
            guard problems.isEmpty else { return .failure(PoseProblems(problems: problems)) }
            if let held = demo.props.first(where: { $0.kind == .kettlebell }) {
                rig.kettlebellGrip = held.points.compactMap { BodyPoint.all[$0] }
            }

            // Key poses, in order; each contact stays where it first touched unless it slides.
            var keys: [Frame] = []
            var pins: [String: Vector3] = [:]
            for (i, pose) in demo.poses.enumerated() {
                var wanted = BodyState.from(pose.angles)
                // Start where the floor would hold a standing figure; the contacts move it.
                wanted.position = keys.last?.state.position ?? Vector3(0, Proportions.hipHeight * figure.height, 0)
                var start = wanted
                if let previous = keys.last { start.position = previous.state.position }
                let written = Set(pose.angles.keys)
                if i == 0 {
                    let provisional = goals(for: pose, pins: [:], provisional: true)
                    start = solver(goals: provisional, wanted: wanted, pose: pose, written: written).solve(from: start, iterations: 200)
                    placeProps(figure.posture(start), pose: pose)
                }
                let poseGoals = goals(for: pose, pins: pins, provisional: false)
                var s = solver(goals: poseGoals, wanted: wanted, pose: pose, written: written)
                s.positionWeight = 0.001
                let state = s.solve(from: start, iterations: 200)
                let posture = figure.posture(state)
                checkKeyPose(i, pose: pose, state: state, posture: posture, goals: poseGoals, wanted: wanted)
                for c in pose.contacts where c.target.isSurface {
                    let p = resolved(c.point).locate(posture, props: rig).centre
                    pins[Builder.pinKey(c)] = p
                }
                keys.append(Frame(time: 0, pathPosition: Double(i), state: state, posture: posture, goals: poseGoals, endOfRange: pose.endOfRange))
            }
            guard problems.isEmpty else { return .failure(PoseProblems(problems: problems)) }

            let timing = FigureAnimation.timing(demo.motion, dosage: dosage, poses: demo.poses)
            let frames = sampling ? sample(keys: keys, timing: timing) : keys
            var problemsInFrames: [PoseProblem] = []
            for frame in frames {
                for goal in frame.goals where goal.error(frame.posture, props: rig) > FigureAnimation.contactTolerance * scale {
                    problemsInFrames.append(PoseProblem(field: nil, message: String(format: "between key poses at %.1f s, %@ is %.1f cm off",
                                                                                    frame.time, goal.label, goal.error(frame.posture, props: rig))))
                    break
                }
                if problemsInFrames.count > 3 { break }
            }
            guard problemsInFrames.isEmpty else { return .failure(PoseProblems(problems: problemsInFrames)) }
            let mirrored = dosage.each != nil && !demo.alternates
            return .success(FigureAnimation(demonstration: demo, figure: figure, props: props, rig: rig, keyPoses: keys,
                                            frames: frames, frameInterval: 1 / FigureAnimation.framesPerSecond,
                                            timing: timing, mirrored: mirrored))
        }

        mutating func checkKeyPose(_ i: Int, pose: Pose, state: BodyState, posture: PosedFigure, goals: [ContactGoal], wanted: BodyState) {
            let before = problems.count
            for goal in goals {
                let error = goal.error(posture, props: rig)
                if error > 0.5 * scale {
                    report(poseField(i, "contacts.\(goal.point.name)"),
                           String(format: "%@ cannot be met: %.1f cm off; change the angles so it can touch", goal.label, error))
                }
            }
            if problems.count == before {
                // The contacts met: say which joints had to move far from what is written.
                for angle in BodyAngle.all where pose.angles[angle] != nil {
                    let written = wanted[angle], solved = state[angle]
                    if abs(solved - written) > allowance {
                        report(poseField(i, "joints.\(angle.name)"),
                               "is written as \(SVGNumber.format(written))° but the contacts need about \(SVGNumber.format(solved, 0))°; write that, or change the contacts")
                    }
                }
            }
            for (k, c) in pose.contacts.enumerated() {
                guard case .prop(let kind) = c.target, kind != .mat, let s = surface(c.target) else { continue }
                let p = resolved(c.point).locate(posture, props: rig).centre
                if !s.covers(p, margin: 2) {
                    report(poseField(i, "contacts.\(c.point)"), "\(c.point) rests beyond the edge of the \(kind.rawValue)")
                }
                _ = k
            }
            let low = posture.lowest
            if low < -0.5 * scale, let part = posture.volume().min(by: { $0.centre.y - $0.radius < $1.centre.y - $1.radius }) {
                report(poseField(i), String(format: "the %@ reaches %.1f cm below the floor", part.segment.description, -low))
            }
        }

        // MARK: Sampling

        /// Path positions and the time at each frame.
        func sample(keys: [Frame], timing: AnimationTiming) -> [Frame] {
            let n = keys.count
            let dt = 1 / FigureAnimation.framesPerSecond
            let count = max(2, Int((timing.total / dt).rounded()))
            var pathAt: [Double] = []
            switch demo.motion {
            case .cycle(let seconds):
                // Each pose's move and pause, then wrap to the first.
                var plan: [(start: Double, move: Double, pause: Double)] = []
                var t = 0.0
                for i in 0..<n {
                    let next = demo.poses[(i + 1) % n]
                    let move = next.seconds ?? seconds / Double(n)
                    let pause = next.pause ?? 0
                    plan.append((t, move, pause))
                    t += move + pause
                }
                for k in 0..<count {
                    let time = Double(k) * dt * (t / timing.total)
                    var s = 0.0
                    for (i, step) in plan.enumerated() where time >= step.start {
                        let local = time - step.start
                        s = local >= step.move ? Double(i + 1) : Double(i) + local / step.move
                    }
                    pathAt.append(s)
                }
            case .outAndBack:
                // Cumulative distance along the key poses, for an even pace through middle poses.
                var cumulative = [0.0]
                for i in 1..<n {
                    let a = keys[i - 1].state, b = keys[i].state
                    let turn = zip(a.angles, b.angles).map { abs($0 - $1) }.max() ?? 0
                    cumulative.append(cumulative[i - 1] + max(1, turn + a.position.distance(to: b.position) / 2))
                }
                let totalDistance = cumulative.last!
                func position(_ u: Double) -> Double {
                    let d = u * totalDistance
                    for i in 1..<n where d <= cumulative[i] + 1e-12 {
                        let span = cumulative[i] - cumulative[i - 1]
                        return Double(i - 1) + (span > 0 ? (d - cumulative[i - 1]) / span : 1)
                    }
                    return Double(n - 1)
                }
                func eased(_ u: Double) -> Double { (1 - cos(.pi * min(max(u, 0), 1))) / 2 }
                for k in 0..<count {
                    let time = Double(k) * dt
                    var s: Double
                    if time < timing.out {
                        s = position(eased(time / timing.out))
                    } else if time < timing.out + timing.holdOut {
                        s = Double(n - 1)
                    } else if time < timing.out + timing.holdOut + timing.back {
                        s = position(1 - eased((time - timing.out - timing.holdOut) / timing.back))
                    } else {
                        s = 0
                    }
                    pathAt.append(s)
                }
            }
            var cache: [Double: BodyState] = [:]
            var frames: [Frame] = []
            var previous = keys[0].state
            for (k, s) in pathAt.enumerated() {
                let frame = solveFrame(s, keys: keys, previous: previous, cache: &cache)
                previous = frame.state
                frames.append(Frame(time: Double(k) * dt, pathPosition: s, state: frame.state, posture: frame.posture,
                                    goals: frame.goals, endOfRange: frame.endOfRange))
            }
            return frames
        }

        var isCycle: Bool { if case .cycle = demo.motion { return true } else { return false } }

        func solveFrame(_ s: Double, keys: [Frame], previous: BodyState, cache: inout [Double: BodyState]) -> Frame {
            let n = keys.count
            let wrapped = isCycle ? s.truncatingRemainder(dividingBy: Double(n)) : min(max(s, 0), Double(n - 1))
            var i = Int(wrapped.rounded(.down))
            var f = wrapped - Double(i)
            if !isCycle && i >= n - 1 { i = n - 2; f = 1 }
            let j = (i + 1) % n
            if f < 1e-9 || f > 1 - 1e-9 {
                let key = keys[f < 0.5 ? i : j]
                return key
            }
            func at(_ k: Int) -> BodyState {
                if isCycle { return keys[((k % n) + n) % n].state }
                return keys[min(max(k, 0), n - 1)].state
            }
            let p0 = at(i - 1), p1 = at(i), p2 = at(i + 1), p3 = at(i + 2)
            var wanted = p1
            for a in 0..<wanted.angles.count {
                wanted.angles[a] = FigureAnimation.catmullRom(p0.angles[a], p1.angles[a], p2.angles[a], p3.angles[a], f)
            }
            wanted.position = p1.position.lerp(p2.position, f)
            // Contacts both neighbouring key poses share stay where they were.
            let poseA = demo.poses[i], poseB = demo.poses[j]
            var goals: [ContactGoal] = []
            for c in poseA.contacts where poseB.contacts.contains(where: { $0.point == c.point && $0.target == c.target }) {
                let slides = c.slides || poseB.contacts.first(where: { $0.point == c.point && $0.target == c.target })!.slides
                if let goal = keys[i].goals.first(where: { $0.label == "\(c.point) on \(c.target.name)" }) {
                    if case .point = c.target { goals.append(goal); continue }
                    if slides, let surface = surface(c.target) {
                        goals.append(ContactGoal(point: goal.point, kind: .plane(surface), label: goal.label))
                    } else {
                        let pinned = goal.point.locate(keys[i].posture, props: rig).centre
                        goals.append(ContactGoal(point: goal.point, kind: .fixed(pinned), label: goal.label))
                    }
                }
            }
            let endOfRange = poseA.endOfRange || poseB.endOfRange
            var solver = PoseSolver(figure: figure, goals: goals, rig: rig, wanted: wanted,
                                    angleWeights: Builder.weights(written: nil),
                                    limits: limits(endOfRange ? poseA.endOfRange ? poseA : poseB : nil))
            solver.positionWeight = 0.01
            var start = previous
            start.angles = wanted.angles
            let state = cache[s] ?? solver.solve(from: start, iterations: 60)
            cache[s] = state
            return Frame(time: 0, pathPosition: s, state: state, posture: figure.posture(state), goals: goals, endOfRange: endOfRange)
        }
    }

    static func catmullRom(_ p0: Double, _ p1: Double, _ p2: Double, _ p3: Double, _ t: Double) -> Double {
        let t2 = t * t, t3 = t2 * t
        return 0.5 * (2 * p1 + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t2 + (-p0 + 3 * p1 - 3 * p2 + p3) * t3)
    }
}

extension ContactTarget {
    var isSurface: Bool {
        if case .point = self { return false }
        return true
    }
}
