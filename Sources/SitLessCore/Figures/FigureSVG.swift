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
        let o = project(posture.joint(segment)), e = project(posture.axisEnd(segment))
        let d = e - o
        return Placement(origin: o, angle: d.degrees, length: d.length)
    }

    /// The chains drawn as nested groups, each a list of segments from its root.
    static let chains: [[Segment]] = [[.pelvis, .thorax, .head]] + BodySide.allCases.flatMap { side in
        [[Segment(.thigh, side), Segment(.shank, side), Segment(.foot, side)],
         [Segment(.upperArm, side), Segment(.forearm, side), Segment(.hand, side)]]
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
        let depths = FigureSVG.chains.map { chain in chain[0] == .pelvis ? (middle(.pelvis) + middle(.thorax)) / 2 : middle(chain[0]) }
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
                let reference = frames.max { placement(segment, $0.posture).length < placement(segment, $1.posture).length }!.posture
                let place = placement(segment, reference)
                func local(_ world: Vector3) -> Point2 { (project(world) - place.origin).rotated(-place.angle) }
                let i = PosedFigure.index[segment]!
                let circles = Figure.volume(segment).map { sphere in
                    Circle2(center: local(reference.origins[i] + reference.rotations[i] * (sphere.centre * h)), radius: sphere.radius * h)
                }
                let tintGroups = tintRegions(segment, reference).map { group in
                    group.map { Circle2(center: local(reference.origins[i] + reference.rotations[i] * ($0.centre * h)), radius: $0.radius * h) }
                }
                let tint = tintGroups.isEmpty ? nil : tintGroups.map { Outline.hullPath($0) }.joined()
                plan.drawings[segment] = SegmentDrawing(segment: segment, id: nextID, referenceLength: place.length,
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
        func s(_ x: Double, _ y: Double, _ z: Double, _ r: Double) -> Figure.Sphere { Figure.Sphere(centre: Vector3(x, y, z), radius: r) }
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

    // MARK: Props

    struct PropDrawing {
        var statics: String = ""
        /// Moving props with the depth they are drawn at.
        var moving: [(depth: Double, svg: String)] = []
        /// Extra points to keep inside the picture.
        var points: [Point2] = []
    }

    func propStyle(_ style: String) -> String {
        switch style {
        case "mat": "m"
        case "leg": "pl"
        case "seat": "ps"
        case "wall", "door": "pw"
        case "soft": "pc"
        case "strap": "st"
        default: "p"
        }
    }

    /// A box as the rectangle the view sees.
    func rectangle(_ minimum: Vector3, _ maximum: Vector3) -> (Point2, Point2) {
        let a = project(minimum), b = project(maximum)
        return (Point2(min(a.x, b.x), min(a.y, b.y)), Point2(max(a.x, b.x), max(a.y, b.y)))
    }

    func staticProps(limitTop: Double) -> PropDrawing {
        var drawing = PropDrawing()
        for prop in animation.props {
            for part in prop.parts {
                var (lo, hi) = rectangle(part.minimum, part.maximum)
                if view != .top { lo.y = max(lo.y, limitTop) } // tall walls and doors end above the picture
                let w = hi.x - lo.x, ht = hi.y - lo.y
                guard w > 0.01, ht > 0.01 || part.style == "mat" else { continue }
                let rx = part.style == "soft" ? 3.0 : (part.style == "mat" ? 0.5 : 1.0)
                drawing.statics += "<rect class=\"\(propStyle(part.style))\" x=\"\(n(lo.x))\" y=\"\(n(lo.y))\" width=\"\(n(w))\" height=\"\(n(max(ht, 1)))\" rx=\"\(n(min(rx, w / 2, max(ht, 1) / 2)))\"/>"
                if !["wall", "door"].contains(part.style) {
                    drawing.points += [lo, hi]
                } else {
                    drawing.points.append(Point2(lo.x, hi.y))
                }
            }
        }
        return drawing
    }

    /// Moving props: their SVG, animated over `frames` when `animated`, else at `posture`.
    func movingProps(frames: [FigureAnimation.Frame], animated: Bool) -> [(depth: Double, svg: String)] {
        var out: [(Double, String)] = []
        let first = frames[0].posture
        let dur = SVGNumber.format(animation.duration, 2)
        func anim(_ attribute: String, _ values: [String]) -> String {
            guard animated, Set(values).count > 1 else { return "" }
            return "<animate attributeName=\"\(attribute)\" \(FigureSVG.timeline(values, interval: animation.frameInterval, duration: animation.duration)) dur=\"\(dur)s\" repeatCount=\"indefinite\"/>"
        }
        func moveGroup(_ points: [Point2], _ body: String) -> String {
            let values = points.map { "\(n($0.x)),\(n($0.y))" }
            var s = "<g transform=\"translate(\(values[0]))\">"
            if animated && Set(values).count > 1 {
                s += "<animateTransform attributeName=\"transform\" type=\"translate\" \(FigureSVG.timeline(values, interval: animation.frameInterval, duration: animation.duration)) dur=\"\(dur)s\" repeatCount=\"indefinite\"/>"
            }
            return s + body + "</g>"
        }
        func line(_ a: [Point2], _ b: [Point2], _ cls: String) -> String {
            var s = "<line class=\"\(cls)\" x1=\"\(n(a[0].x))\" y1=\"\(n(a[0].y))\" x2=\"\(n(b[0].x))\" y2=\"\(n(b[0].y))\">"
            s += anim("x1", a.map { n($0.x) }) + anim("y1", a.map { n($0.y) }) + anim("x2", b.map { n($0.x) }) + anim("y2", b.map { n($0.y) })
            return s + "</line>"
        }
        for placement in demo.props {
            let points = placement.points.compactMap { BodyPoint.all[$0] }
            switch placement.kind {
            case .kettlebell:
                let grips = frames.map { animation.rig.kettlebellGripPoint($0.posture) ?? .zero }
                let bell = "<path class=\"kb\" d=\"M-6.5 9C-7 -3 7 -3 6.5 9\" fill=\"none\" stroke-width=\"2.6\"/><circle class=\"kbb\" cx=\"0\" cy=\"12\" r=\"9.5\"/>"
                out.append((depth(grips[0]) - 0.1, moveGroup(grips.map(project), bell)))
            case .dumbbell:
                guard let hand = points.first else { continue }
                let centres = frames.map { $0.posture.point(hand).centre }
                let axis = first.rotation(.pelvis) * Vector3(1, 0, 0)
                let a = project(axis * 12) - project(.zero)
                let bar = "<line class=\"db\" x1=\"\(n(-a.x))\" y1=\"\(n(-a.y))\" x2=\"\(n(a.x))\" y2=\"\(n(a.y))\" stroke-width=\"3\"/>"
                    + "<circle class=\"dbh\" cx=\"\(n(-a.x))\" cy=\"\(n(-a.y))\" r=\"5.5\"/><circle class=\"dbh\" cx=\"\(n(a.x))\" cy=\"\(n(a.y))\" r=\"5.5\"/>"
                out.append((depth(centres[0]) + 0.1, moveGroup(centres.map(project), bar)))
            case .miniBand, .resistanceBand:
                guard points.count == 2 else { continue }
                var a: [Point2] = [], b: [Point2] = []
                var d = 0.0
                for f in frames {
                    let p = f.posture.point(points[0]), q = f.posture.point(points[1])
                    let pa = project(p.centre), pb = project(q.centre)
                    let dir = pb - pa
                    let unit = dir.length > 1e-6 ? dir * (1 / dir.length) : Point2(0, 0)
                    a.append(pa - unit * p.radius)
                    b.append(pb + unit * q.radius)
                    d = max(depth(p.centre), depth(q.centre)) + 20
                }
                out.append((d, line(a, b, "bd")))
            case .dowel:
                guard points.count == 2 else { continue }
                var a: [Point2] = [], b: [Point2] = []
                for f in frames {
                    let back0 = f.posture.point(points[0]), back1 = f.posture.point(points[1])
                    let behind0 = f.posture.rotation(points[0].segment) * Vector3(-1, 0, 0)
                    let behind1 = f.posture.rotation(points[1].segment) * Vector3(-1, 0, 0)
                    let p = back0.centre + behind0 * (back0.radius + 1.2), q = back1.centre + behind1 * (back1.radius + 1.2)
                    let dir = (project(q) - project(p))
                    let unit = dir * (1 / max(dir.length, 1e-6))
                    a.append(project(p) - unit * 25)
                    b.append(project(q) + unit * 18)
                }
                out.append((depth(first.joint(.pelvis)) + 0.2, line(a, b, "dw")))
            case .suspensionTrainer:
                guard let point = points.first, let anchor = animation.props.first(where: { $0.kind == .doorAnchor })?.anchor else { continue }
                let ends = frames.map { project($0.posture.point(point).centre) }
                let top = project(anchor)
                out.append((depth(first.joint(.pelvis)) - 30, line(Array(repeating: top, count: ends.count), ends, "sp")))
            default:
                break
            }
        }
        return out
    }

    // MARK: SVG

    func n(_ value: Double) -> String { SVGNumber.format(value, 1) }

    static let style = """
    .n{fill:#2f5573}.f{fill:#a3bbcf}.t{fill:#416d8e}.b use{stroke:#fff;stroke-width:.7;stroke-linejoin:round}\
    .tn{fill:#f07c3a}.fl{stroke:#6f7a84;stroke-width:1.2}.p{fill:#cfd6dc;stroke:#8e989f;stroke-width:.6}\
    .ps{fill:#9fb0be;stroke:#7f8f9c;stroke-width:.6}.pl{fill:#8e989f}.pw{fill:#e6e9ec;stroke:#b3bbc2;stroke-width:.6}\
    .pc{fill:#e3cfa4;stroke:#b9a57b;stroke-width:.6}.m{fill:#8fc1a9}.st{fill:#3a3f44}.kb{stroke:#343a40}.kbb{fill:#343a40}\
    .db{stroke:#4a5157}.dbh{fill:#4a5157}.bd{stroke:#58a05a;stroke-width:4;stroke-linecap:round;opacity:.9}\
    .dw{stroke:#b0834f;stroke-width:2.4;stroke-linecap:round}.sp{stroke:#2d3236;stroke-width:1.6}\
    .lb{font-family:sans-serif;fill:#4b5560;text-anchor:middle}
    """

    /// The whole picture's box (x, y, width, height) in cm.
    struct Box {
        var x: Double, y: Double, width: Double, height: Double
    }

    func frameBox(_ plan: Plan, props: PropDrawing) -> Box {
        var lo = plan.minimum, hi = plan.maximum
        for p in props.points { lo = Point2(min(lo.x, p.x), min(lo.y, p.y)); hi = Point2(max(hi.x, p.x), max(hi.y, p.y)) }
        if view != .top { hi.y = max(hi.y, 0) }
        let margin = 6.0
        lo = lo - Point2(margin, margin)
        hi = hi + Point2(margin, view == .top ? margin : 3)
        var w = hi.x - lo.x, h = hi.y - lo.y
        // Between square and twice as wide as high, the floor staying at the bottom.
        if w < h { lo.x -= (h - w) / 2; w = h }
        if w > 2 * h { lo.y -= (w / 2 - h); h = w / 2 }
        return Box(x: lo.x, y: lo.y, width: w, height: h)
    }

    /// `<defs>`: one shape per segment (outline and tint), used by the animation and the stills.
    func definitions(_ plan: Plan, props: String) -> String {
        var s = "<defs>\(props)"
        for segment in Segment.all {
            guard let d = plan.drawings[segment] else { continue }
            s += "<path id=\"o\(d.id)\" d=\"\(d.outline)\"/>"
            if let tint = d.tint {
                s += "<clipPath id=\"c\(d.id)\"><use href=\"#o\(d.id)\"/></clipPath>"
                s += "<g id=\"s\(d.id)\"><use href=\"#o\(d.id)\" class=\"\(d.tone)\"/><path class=\"tn\" clip-path=\"url(#c\(d.id))\" d=\"\(tint)\"/></g>"
            }
        }
        return s + "</defs>"
    }

    func shapeRef(_ d: SegmentDrawing) -> String {
        d.tint == nil ? "<use href=\"#o\(d.id)\" class=\"\(d.tone)\"/>" : "<use href=\"#s\(d.id)\"/>"
    }

    /// `values="..."` for frames evenly spaced in time, the loop closing on the first value.
    /// Runs of one value (holds) are written as their ends with `keyTimes`, which keeps
    /// files small; without runs, no `keyTimes` are needed.
    static func timeline(_ values: [String], interval: Double, duration: Double) -> String {
        let closed = values + [values[0]]
        let times = closed.indices.map { min(1, Double($0) * interval / duration) }
        var keep: [Int] = []
        for i in closed.indices {
            let sameBefore = i > 0 && closed[i - 1] == closed[i]
            let sameAfter = i + 1 < closed.count && closed[i + 1] == closed[i]
            if !(sameBefore && sameAfter) { keep.append(i) }
        }
        let list = keep.map { closed[$0] }.joined(separator: ";")
        if keep.count == closed.count { return "values=\"\(list)\"" }
        let keyTimes = keep.map { SVGNumber.format(times[$0], 4) }.joined(separator: ";")
        return "values=\"\(list)\" keyTimes=\"\(keyTimes)\""
    }

    /// Angles made continuous (no jumps of 360).
    static func unwrap(_ angles: [Double]) -> [Double] {
        var out: [Double] = []
        for a in angles {
            guard let last = out.last else { out.append(a); continue }
            var v = a
            while v - last > 180 { v -= 360 }
            while v - last < -180 { v += 360 }
            out.append(v)
        }
        return out
    }

    /// The figure as nested, animated groups over the loop.
    func animatedFigure(_ plan: Plan, props: [(depth: Double, svg: String)]) -> String {
        let frames = animation.frames
        let dur = SVGNumber.format(animation.duration, 2)
        func animate(_ type: String, _ values: [String]) -> String {
            "<animateTransform attributeName=\"transform\" type=\"\(type)\" \(FigureSVG.timeline(values, interval: animation.frameInterval, duration: animation.duration)) dur=\"\(dur)s\" repeatCount=\"indefinite\"/>"
        }
        func group(_ type: String, _ values: [String], _ inner: String) -> String {
            if Set(values).count <= 1 {
                if type == "translate" && values[0] == "0,0" { return inner }
                if type == "rotate" && values[0] == "0" { return inner }
                return "<g transform=\"\(type)(\(values[0]))\">\(inner)</g>"
            }
            return "<g transform=\"\(type)(\(values[0]))\">\(animate(type, values))\(inner)</g>"
        }
        var body = "<g class=\"b\">"
        var pending = props.sorted { $0.depth < $1.depth }
        for (c, chain) in plan.chainOrder.enumerated() {
            while let p = pending.first, p.depth < plan.chainDepth[c] { body += p.svg; pending.removeFirst() }
            let places = chain.map { segment in frames.map { placement(segment, $0.posture) } }
            func build(_ k: Int) -> String {
                let segment = chain[k]
                let d = plan.drawings[segment]!
                var inner = shapeRef(d)
                let scales = places[k].map { d.referenceLength > 0.5 ? $0.length / d.referenceLength : 1 }
                if (scales.max()! - scales.min()!) > 0.02 || abs(scales[0] - 1) > 0.02 {
                    inner = group("scale", scales.map { "\(SVGNumber.format($0, 2)),1" }, inner)
                }
                if k + 1 < chain.count {
                    // The child's joint in this segment's frame.
                    let attach = zip(places[k], places[k + 1]).map { (p, c) in (c.origin - p.origin).rotated(-p.angle) }
                    let child = build(k + 1)
                    inner += group("translate", attach.map { "\(n($0.x)),\(n($0.y))" }, child)
                }
                let angles: [Double]
                if k == 0 {
                    angles = FigureSVG.unwrap(places[k].map(\.angle))
                } else {
                    angles = FigureSVG.unwrap(zip(places[k], places[k - 1]).map { $0.angle - $1.angle })
                }
                return group("rotate", angles.map { n($0) }, inner)
            }
            let origins = places[0].map { "\(n($0.origin.x)),\(n($0.origin.y))" }
            body += group("translate", origins, build(0))
        }
        for p in pending { body += p.svg }
        return body + "</g>"
    }

    /// The figure in one posture, still.
    func stillFigure(_ plan: Plan, posture: PosedFigure, props: [(depth: Double, svg: String)]) -> String {
        var body = "<g class=\"b\">"
        var pending = props.sorted { $0.depth < $1.depth }
        for (c, chain) in plan.chainOrder.enumerated() {
            while let p = pending.first, p.depth < plan.chainDepth[c] { body += p.svg; pending.removeFirst() }
            for segment in chain {
                let d = plan.drawings[segment]!
                let place = placement(segment, posture)
                var transform = "translate(\(n(place.origin.x)) \(n(place.origin.y))) rotate(\(n(place.angle)))"
                if d.referenceLength > 0.5, abs(place.length / d.referenceLength - 1) > 0.02 {
                    transform += " scale(\(SVGNumber.format(place.length / d.referenceLength, 2)) 1)"
                }
                let ref = shapeRef(d)
                body += "<g transform=\"\(transform)\">\(ref)</g>"
            }
        }
        for p in pending { body += p.svg }
        return body + "</g>"
    }

    func floorLine(_ box: Box) -> String {
        guard view != .top else { return "" }
        return "<line class=\"fl\" x1=\"\(n(box.x))\" y1=\"0.6\" x2=\"\(n(box.x + box.width))\" y2=\"0.6\"/>"
    }

    func header(_ box: Box, extra: String = "") -> String {
        let vb = "\(n(box.x)) \(n(box.y)) \(n(box.width)) \(n(box.height))"
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"\(vb)\" role=\"img\" aria-labelledby=\"t\">"
            + "<title id=\"t\">\(FigureSVG.escape(title))</title>"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    struct Scene {
        var plan: Plan
        var box: Box
        var statics: String
    }

    func scene() -> Scene {
        let plan = makePlan()
        let box = frameBox(plan, props: staticProps(limitTop: plan.minimum.y - 20))
        // Walls and doors end just above the picture.
        return Scene(plan: plan, box: box, statics: staticProps(limitTop: box.y - 2).statics)
    }

    /// The animated loop; `prefers-reduced-motion` shows the key poses side by side instead.
    public func animated() -> String {
        let scene = scene()
        let box = scene.box
        let moving = movingProps(frames: animation.frames, animated: true)
        var svg = header(box)
        svg += "<style>\(FigureSVG.style).still{display:none}@media (prefers-reduced-motion:reduce){.anim{display:none}.still{display:inline}}</style>"
        svg += definitions(scene.plan, props: "<g id=\"props\">\(floorLine(box))\(scene.statics)</g>")
        svg += "<g class=\"anim\">"
        let figure = animatedFigure(scene.plan, props: moving)
        if animation.mirrored {
            // One loop as demonstrated, then the same loop mirrored for the other side.
            let total = SVGNumber.format(2 * animation.duration, 2)
            let mirror = "matrix(-1 0 0 1 \(n(2 * box.x + box.width)) 0)"
            func shown(_ values: String) -> String {
                "<animate attributeName=\"opacity\" values=\"\(values)\" keyTimes=\"0;.5\" calcMode=\"discrete\" dur=\"\(total)s\" repeatCount=\"indefinite\"/>"
            }
            svg += "<g>\(shown("1;0"))<g id=\"scene\"><use href=\"#props\"/>\(figure)</g></g>"
            svg += "<g transform=\"\(mirror)\" opacity=\"0\">\(shown("0;1"))<use href=\"#scene\"/></g>"
        } else {
            svg += "<use href=\"#props\"/>\(figure)"
        }
        svg += "</g>"
        svg += "<g class=\"still\">\(stills(scene, labels: false).body)</g>"
        return svg + "</svg>"
    }

    /// Key poses side by side, laid into the animation's box (for reduced motion) or into a
    /// wider box with labels (for print).
    func stills(_ scene: Scene, labels: Bool) -> (body: String, box: Box) {
        let box = scene.box
        let count = Double(animation.keyPoses.count)
        let gap = box.width * 0.06
        let fontSize = max(5, box.height * 0.055)
        let labelHeight = labels ? fontSize * 1.8 : 0
        let total = Box(x: box.x, y: box.y, width: count * box.width + (count - 1) * gap, height: box.height + labelHeight)
        var body = ""
        for (i, key) in animation.keyPoses.enumerated() {
            let dx = Double(i) * (box.width + gap)
            let moving = movingProps(frames: [key], animated: false)
            body += "<g transform=\"translate(\(n(dx)) 0)\">"
            body += labels ? "\(floorLine(box))\(scene.statics)" : "<use href=\"#props\"/>"
            body += stillFigure(scene.plan, posture: key.posture, props: moving)
            if labels {
                let name = FigureSVG.escape(demo.poses[i].name)
                body += "<text class=\"lb\" font-size=\"\(n(fontSize))\" x=\"\(n(box.x + box.width / 2))\" y=\"\(n(box.y + box.height + fontSize * 1.3))\">\(i + 1). \(name)</text>"
            }
            body += "</g>"
        }
        if labels { return (body, total) }
        // Fit the row into the animation's box, centred.
        let s = box.width / total.width
        let ty = box.y + (box.height - box.height * s) / 2 - box.y * s
        let tx = box.x - box.x * s
        return ("<g transform=\"matrix(\(SVGNumber.format(s, 4)) 0 0 \(SVGNumber.format(s, 4)) \(n(tx)) \(n(ty)))\">\(body)</g>", total)
    }

    /// One key pose, still, for small pictures such as the library's cards: the first pose
    /// at the end of the movement's range (where the exercise is recognisable), else the last.
    public func thumbnail() -> String {
        let scene = scene()
        let keys = animation.keyPoses
        let key = keys.first(where: \.endOfRange) ?? keys[keys.count - 1]
        var svg = header(scene.box)
        svg += "<style>\(FigureSVG.style)</style>"
        svg += definitions(scene.plan, props: "")
        svg += floorLine(scene.box) + scene.statics
        svg += stillFigure(scene.plan, posture: key.posture, props: movingProps(frames: [key], animated: false))
        return svg + "</svg>"
    }

    /// The key poses side by side as still frames, numbered and named, for print.
    public func stillFrames() -> String {
        let scene = scene()
        let (body, box) = stills(scene, labels: true)
        var svg = header(box)
        svg += "<style>\(FigureSVG.style)</style>"
        svg += definitions(scene.plan, props: "")
        return svg + body + "</svg>"
    }
}
