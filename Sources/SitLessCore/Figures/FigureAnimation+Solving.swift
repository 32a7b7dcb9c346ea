import Foundation

/// FigureAnimation's builder solving the key poses: contact goals, solver weights, props and checks.
extension FigureAnimation.Builder {
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
                if !c.slides, let pin = pins[Self.pinKey(c)] {
                    return ContactGoal(point: point, kind: .fixed(pin), label: label)
                }
                if provisional, case .prop(let kind) = c.target, kind != .mat {
                    guard let placement = demo.props.first(where: { $0.kind == kind }),
                        kind != .wall, kind != .doorAnchor
                    else { return nil }
                    let h = placement.height ?? kind.defaultHeight
                    let level = Surface(
                        normal: Vector3(0, 1, 0), offset: h,
                        minimum: Vector3(-1e6, h, -1e6), maximum: Vector3(1e6, h, 1e6))
                    return ContactGoal(point: point, kind: .plane(level), label: label)
                }
                if provisional, case .prop(.mat) = c.target {
                    let mat = Surface(
                        normal: Vector3(0, 1, 0), offset: 1,
                        minimum: Vector3(-1e6, 1, -1e6), maximum: Vector3(1e6, 1, 1e6))
                    return ContactGoal(point: point, kind: .plane(mat), label: label)
                }
                guard let s = surface(c.target) else { return nil }
                return ContactGoal(point: point, kind: .plane(s), label: label)
            }
        }
    }

    func solver(goals: [ContactGoal], wanted: BodyState, pose: Pose?, written: Set<BodyAngle>? = nil) -> PoseSolver {
        PoseSolver(
            figure: figure, goals: goals, rig: rig, wanted: wanted,
            angleWeights: Self.weights(written: written), limits: limits(pose))
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
                let right = Vector3(-ahead.z, 0, ahead.x)  // the figure's right in the floor plane
                direction =
                    switch toward {
                    case "back": ahead * -1
                    case "right": right
                    case "left": right * -1
                    default: ahead
                    }
            } else if kind == .mat {
                // Along the body: from the feet toward the head, the mat starting 40 cm past the feet.
                let head = posture.joint(.head)
                let feet = posture.joint(Segment(.foot, .right))
                let along = Self.snapped(Vector3(head.x - feet.x, 0, head.z - feet.z))
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
            direction = Self.snapped(direction)
            // The near edge, as a world coordinate on the direction's axis.
            let sign = direction.x + direction.z
            let axis = direction.x != 0 ? anchor.centre.x : anchor.centre.z
            let inset = placement.inset ?? kind.defaultInset
            let edge =
                (kind == .wall || kind == .doorAnchor)
                ? axis + sign * (anchor.radius - inset) : axis - sign * inset
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
                start = solver(goals: provisional, wanted: wanted, pose: pose, written: written)
                    .solve(from: start, iterations: 200)
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
                pins[Self.pinKey(c)] = p
            }
            keys.append(
                Frame(
                    time: 0, pathPosition: Double(i), state: state, posture: posture, goals: poseGoals,
                    endOfRange: pose.endOfRange))
        }
        guard problems.isEmpty else { return .failure(PoseProblems(problems: problems)) }

        let timing = FigureAnimation.timing(demo.motion, dosage: dosage, poses: demo.poses)
        let frames = sampling ? sample(keys: keys, timing: timing) : keys
        var problemsInFrames: [PoseProblem] = []
        for frame in frames {
            for goal in frame.goals
            where goal.error(frame.posture, props: rig) > FigureAnimation.contactTolerance * scale {
                let message = String(
                    format: "between key poses at %.1f s, %@ is %.1f cm off",
                    frame.time, goal.label, goal.error(frame.posture, props: rig))
                problemsInFrames.append(PoseProblem(field: nil, message: message))
                break
            }
            if problemsInFrames.count > 3 { break }
        }
        guard problemsInFrames.isEmpty else { return .failure(PoseProblems(problems: problemsInFrames)) }
        let mirrored = dosage.each != nil && !demo.alternates
        return .success(
            FigureAnimation(
                demonstration: demo, figure: figure, props: props, rig: rig, keyPoses: keys,
                frames: frames, frameInterval: 1 / FigureAnimation.framesPerSecond,
                timing: timing, mirrored: mirrored))
    }

    mutating func checkKeyPose(
        _ i: Int, pose: Pose, state: BodyState, posture: PosedFigure, goals: [ContactGoal],
        wanted: BodyState
    ) {
        let before = problems.count
        for goal in goals {
            let error = goal.error(posture, props: rig)
            if error > 0.5 * scale {
                report(
                    poseField(i, "contacts.\(goal.point.name)"),
                    String(
                        format: "%@ cannot be met: %.1f cm off; change the angles so it can touch",
                        goal.label, error))
            }
        }
        if problems.count == before {
            // The contacts met: say which joints had to move far from what is written.
            for angle in BodyAngle.all where pose.angles[angle] != nil {
                let written = wanted[angle]
                let solved = state[angle]
                if abs(solved - written) > allowance {
                    report(
                        poseField(i, "joints.\(angle.name)"),
                        "is written as \(SVGNumber.format(written))° but the contacts need about"
                            + " \(SVGNumber.format(solved, 0))°; write that, or change the contacts")
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
        if low < -0.5 * scale,
            let part = posture.volume().min(by: { $0.centre.y - $0.radius < $1.centre.y - $1.radius })
        {
            report(
                poseField(i),
                String(format: "the %@ reaches %.1f cm below the floor", part.segment.description, -low))
        }
    }
}
