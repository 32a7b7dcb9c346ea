import Foundation

/// Draws a demonstration as SVG: an animated loop (with the key poses side by side for
/// people who prefer reduced motion) or still frames for print.
///
/// The figure is filled shapes, one per segment: the outline of its spheres seen from the
/// demonstration's view. Segments hang in groups per limb (thigh, shank, foot) and per trunk
/// (pelvis, thorax, head): each group is moved to its joint and turned by SMIL
/// `animateTransform` (`rotate`), so a limb's drawn length never changes while it moves in
/// the picture's plane; a limb that swings toward or away from the viewer is shortened by a
/// `scale` along its length. Far limbs are drawn light and behind, near limbs dark and in
/// front, the working muscles tinted; the floor and props come first.
public struct FigureSVG {
    public let animation: FigureAnimation
    public let title: String
    public let muscles: [Muscle]

    public init(animation: FigureAnimation, title: String, muscles: [Muscle]) {
        self.animation = animation
        self.title = title
        self.muscles = muscles
    }

    var demo: Demonstration { animation.demonstration }
    var view: FigureView { demo.view }

    // MARK: Projection

    func project(_ p: Vector3) -> Point2 {
        switch view {
        case .side: Point2(p.x, -p.y)
        case .front: Point2(-p.z, -p.y)
        case .top: Point2(p.x, p.z)
        }
    }

    /// Larger is nearer the viewer.
    func depth(_ p: Vector3) -> Double {
        switch view {
        case .side: p.z
        case .front: p.x
        case .top: p.y
        }
    }

    /// Toward the viewer, as a world direction.
    var towardViewer: Vector3 {
        switch view {
        case .side: Vector3(0, 0, 1)
        case .front: Vector3(1, 0, 0)
        case .top: Vector3(0, 1, 0)
        }
    }

    // MARK: Segment placement

    struct Placement {
        var origin: Point2
        var angle: Double
        var length: Double
    }

    func placement(_ segment: Segment, _ posture: PosedFigure) -> Placement {
        let o = project(posture.joint(segment))
        let e = project(posture.axisEnd(segment))
        let d = e - o
        return Placement(origin: o, angle: d.degrees, length: d.length)
    }

    /// The chains drawn as nested groups, each a list of segments from its root.
    static let chains: [[Segment]] =
        [[.pelvis, .thorax, .head]]
        + BodySide.allCases.flatMap { side in
            [
                [Segment(.thigh, side), Segment(.shank, side), Segment(.foot, side)],
                [Segment(.upperArm, side), Segment(.forearm, side), Segment(.hand, side)],
            ]
        }

    /// Everything about one segment that does not change over the loop.
    struct SegmentDrawing {
        var segment: Segment
        var id: Int
        /// Projected length in the frame the outline was drawn from.
        var referenceLength: Double
        var outline: String
        var tint: String?
        var tone: String
    }

    /// Rendering context computed once: outlines, tones, chain order, bounds.
    struct Plan {
        var drawings: [Segment: SegmentDrawing] = [:]
        var chainOrder: [[Segment]] = []
        var chainDepth: [Double] = []
        var minimum = Point2(.infinity, .infinity)
        var maximum = Point2(-.infinity, -.infinity)

        mutating func include(_ p: Point2, _ r: Double = 0) {
            minimum = Point2(min(minimum.x, p.x - r), min(minimum.y, p.y - r))
            maximum = Point2(max(maximum.x, p.x + r), max(maximum.y, p.y + r))
        }
    }

    func makePlan() -> Plan {
        var plan = Plan()
        let frames = animation.frames + animation.keyPoses
        let first = animation.keyPoses[0].posture
        let h = animation.figure.height
        // Draw order by the depth of each chain's first segment (its middle), in the first key
        // pose; the trunk by its pelvis and thorax.
        func middle(_ s: Segment) -> Double { (depth(first.joint(s)) + depth(first.axisEnd(s))) / 2 }
        let depths = FigureSVG.chains.map { chain in
            chain[0] == .pelvis ? (middle(.pelvis) + middle(.thorax)) / 2 : middle(chain[0])
        }
        let working = demo.workingSide ?? .right
        // Far chains first; ties: the working side last (on top).
        let order = FigureSVG.chains.indices.sorted { a, b in
            if abs(depths[a] - depths[b]) > 0.5 { return depths[a] < depths[b] }
            func rank(_ i: Int) -> Int { FigureSVG.chains[i][0].side.map { $0 == working ? 2 : 0 } ?? 1 }
            return (rank(a), a) < (rank(b), b)
        }
        plan.chainOrder = order.map { FigureSVG.chains[$0] }
        plan.chainDepth = order.map { depths[$0] }
        // Tones: of a pair of limbs the one further away is light; level ones: the working side dark.
        func tone(_ chain: [Segment]) -> String {
            guard let side = chain[0].side else { return "t" }
            let mine = FigureSVG.chains.firstIndex { $0 == chain }!
            let other = FigureSVG.chains.firstIndex { $0[0] == Segment(chain[0].kind, side.other) }!
            // Seen from the side, depth decides; from the front or above, the working side is dark
            // unless one limb is clearly behind the other.
            let threshold = view == .side || demo.workingSide == nil ? 3.0 : 25.0
            if abs(depths[mine] - depths[other]) > threshold { return depths[mine] < depths[other] ? "f" : "n" }
            return side == working ? "n" : "f"
        }
        var nextID = 0
        for chain in plan.chainOrder {
            let tone = tone(chain)
            for segment in chain {
                // Draw the outline from the frame where the segment shows longest.
                let reference = frames.max {
                    placement(segment, $0.posture).length < placement(segment, $1.posture).length
                }!.posture
                let place = placement(segment, reference)
                func local(_ world: Vector3) -> Point2 { (project(world) - place.origin).rotated(-place.angle) }
                let i = PosedFigure.index[segment]!
                let circles = Figure.volume(segment).map { sphere in
                    Circle2(
                        center: local(reference.origins[i] + reference.rotations[i] * (sphere.centre * h)),
                        radius: sphere.radius * h)
                }
                let tintGroups = tintRegions(segment, reference).map { group in
                    group.map {
                        Circle2(
                            center: local(reference.origins[i] + reference.rotations[i] * ($0.centre * h)),
                            radius: $0.radius * h)
                    }
                }
                let tint = tintGroups.isEmpty ? nil : tintGroups.map { Outline.hullPath($0) }.joined()
                plan.drawings[segment] = SegmentDrawing(
                    segment: segment, id: nextID, referenceLength: place.length,
                    outline: Outline.hullPath(circles), tint: tint, tone: tone)
                nextID += 1
            }
        }
        for frame in frames {
            for sphere in frame.posture.volume() { plan.include(project(sphere.centre), sphere.radius) }
        }
        return plan
    }

    /// The tinted parts of a segment: the exercise's primary muscles on the working side(s),
    /// only where they face the viewer or sit on the outline; each group drawn as one shape.
    func tintRegions(_ segment: Segment, _ posture: PosedFigure) -> [[Figure.Sphere]] {
        var out: [[Figure.Sphere]] = []
        for muscle in muscles {
            for region in FigureSVG.regions(muscle) where region.kind == segment.kind {
                let sides: [BodySide?]
                if let side = segment.side {
                    if let working = demo.workingSide, working != side { continue }
                    sides = [side]
                } else if region.spheres.contains(where: { $0.centre.z != 0 }) {
                    sides = BodySide.allCases.filter { demo.workingSide == nil || demo.workingSide == $0 }
                } else {
                    sides = [nil]
                }
                for side in sides {
                    let group = region.spheres.map { sphere -> Figure.Sphere in
                        var s = sphere
                        if let side { s.centre.z = abs(sphere.centre.z) * side.sign * (sphere.centre.z < 0 ? -1 : 1) }
                        return s
                    }.filter { faces($0, segment, posture) }
                    if !group.isEmpty { out.append(group) }
                }
            }
        }
        return out
    }

    func faces(_ sphere: Figure.Sphere, _ segment: Segment, _ posture: PosedFigure) -> Bool {
        let end = Figure.axisEnd(segment.kind)
        let axisLength = max(end.length, 1e-9)
        let along = max(0, min(1, sphere.centre.dot(end) / (axisLength * axisLength)))
        let normal = sphere.centre - end * along
        guard normal.length > 1e-6 else { return true }
        let world = posture.rotation(segment) * normal
        return world.dot(towardViewer) / world.length > -0.35
    }

    /// Where each muscle group shows, as spheres in a segment's frame (right side; fractions of height).
    static func regions(_ muscle: Muscle) -> [(kind: SegmentKind, spheres: [Figure.Sphere])] {
        func s(_ x: Double, _ y: Double, _ z: Double, _ r: Double) -> Figure.Sphere {
            Figure.Sphere(centre: Vector3(x, y, z), radius: r)
        }
        switch muscle {
        case .gluteusMaximus: return [(.pelvis, [s(-0.058, -0.005, 0.045, 0.04), s(-0.052, 0.035, 0.04, 0.034)])]
        case .gluteusMedius: return [(.pelvis, [s(-0.012, 0.048, 0.075, 0.032)])]
        case .gluteusMinimus: return [(.pelvis, [s(0.0, 0.035, 0.08, 0.025)])]
        case .hipRotators: return [(.pelvis, [s(-0.052, 0.0, 0.06, 0.028)])]
        case .hamstrings: return [(.thigh, [s(-0.032, -0.07, 0, 0.03), s(-0.022, -0.19, 0, 0.022)])]
        case .quadriceps: return [(.thigh, [s(0.032, -0.06, 0, 0.032), s(0.022, -0.19, 0, 0.024)])]
        case .adductors: return [(.thigh, [s(0, -0.05, -0.03, 0.03), s(0, -0.14, -0.02, 0.02)])]
        case .hipFlexors: return [(.pelvis, [s(0.045, 0.0, 0.05, 0.028)]), (.thigh, [s(0.032, -0.035, 0, 0.026)])]
        case .core: return [(.thorax, [s(0.045, 0.01, 0, 0.035), s(0.048, 0.065, 0, 0.035)])]
        case .lowerBack: return [(.thorax, [s(-0.045, 0.0, 0, 0.03), s(-0.045, 0.06, 0, 0.03)])]
        case .calves: return [(.shank, [s(-0.026, -0.06, 0, 0.026), s(-0.02, -0.13, 0, 0.02)])]
        case .upperBack: return [(.thorax, [s(-0.05, 0.12, 0, 0.035), s(-0.045, 0.175, 0, 0.03)])]
        case .chest: return [(.thorax, [s(0.058, 0.12, 0.04, 0.034)])]
        case .shoulders: return [(.upperArm, [s(0, -0.015, 0, 0.032)])]
        }
    }
}
