import Foundation

/// FigureSVG's floor props and held or strung props (kettlebell, dumbbell, bands, dowel, strap), static and moving.
extension FigureSVG {
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
        let a = project(minimum)
        let b = project(maximum)
        return (Point2(min(a.x, b.x), min(a.y, b.y)), Point2(max(a.x, b.x), max(a.y, b.y)))
    }

    func staticProps(limitTop: Double) -> PropDrawing {
        var drawing = PropDrawing()
        for prop in animation.props {
            for part in prop.parts {
                var (lo, hi) = rectangle(part.minimum, part.maximum)
                if view != .top { lo.y = max(lo.y, limitTop) }  // tall walls and doors end above the picture
                let w = hi.x - lo.x
                let ht = hi.y - lo.y
                guard w > 0.01, ht > 0.01 || part.style == "mat" else { continue }
                let rx = part.style == "soft" ? 3.0 : (part.style == "mat" ? 0.5 : 1.0)
                drawing.statics +=
                    "<rect class=\"\(propStyle(part.style))\" x=\"\(n(lo.x))\" y=\"\(n(lo.y))\""
                    + " width=\"\(n(w))\" height=\"\(n(max(ht, 1)))\" rx=\"\(n(min(rx, w / 2, max(ht, 1) / 2)))\"/>"
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
            let timeline = FigureSVG.timeline(values, interval: animation.frameInterval, duration: animation.duration)
            return "<animate attributeName=\"\(attribute)\" \(timeline) dur=\"\(dur)s\" repeatCount=\"indefinite\"/>"
        }
        func moveGroup(_ points: [Point2], _ body: String) -> String {
            let values = points.map { "\(n($0.x)),\(n($0.y))" }
            var s = "<g transform=\"translate(\(values[0]))\">"
            if animated && Set(values).count > 1 {
                let timeline = FigureSVG.timeline(
                    values, interval: animation.frameInterval,
                    duration: animation.duration)
                s +=
                    "<animateTransform attributeName=\"transform\" type=\"translate\" \(timeline)"
                    + " dur=\"\(dur)s\" repeatCount=\"indefinite\"/>"
            }
            return s + body + "</g>"
        }
        func line(_ a: [Point2], _ b: [Point2], _ cls: String) -> String {
            var s =
                "<line class=\"\(cls)\" x1=\"\(n(a[0].x))\" y1=\"\(n(a[0].y))\""
                + " x2=\"\(n(b[0].x))\" y2=\"\(n(b[0].y))\">"
            s += anim("x1", a.map { n($0.x) }) + anim("y1", a.map { n($0.y) })
            s += anim("x2", b.map { n($0.x) }) + anim("y2", b.map { n($0.y) })
            return s + "</line>"
        }
        for placement in demo.props {
            let points = placement.points.compactMap { BodyPoint.all[$0] }
            switch placement.kind {
            case .kettlebell:
                let grips = frames.map { animation.rig.kettlebellGripPoint($0.posture) ?? .zero }
                let bell =
                    "<path class=\"kb\" d=\"M-6.5 9C-7 -3 7 -3 6.5 9\" fill=\"none\" stroke-width=\"2.6\"/>"
                    + "<circle class=\"kbb\" cx=\"0\" cy=\"12\" r=\"9.5\"/>"
                out.append((depth(grips[0]) - 0.1, moveGroup(grips.map(project), bell)))
            case .dumbbell:
                guard let hand = points.first else { continue }
                let centres = frames.map { $0.posture.point(hand).centre }
                let axis = first.rotation(.pelvis) * Vector3(1, 0, 0)
                let a = project(axis * 12) - project(.zero)
                let bar =
                    "<line class=\"db\" x1=\"\(n(-a.x))\" y1=\"\(n(-a.y))\" x2=\"\(n(a.x))\" y2=\"\(n(a.y))\""
                    + " stroke-width=\"3\"/>"
                    + "<circle class=\"dbh\" cx=\"\(n(-a.x))\" cy=\"\(n(-a.y))\" r=\"5.5\"/>"
                    + "<circle class=\"dbh\" cx=\"\(n(a.x))\" cy=\"\(n(a.y))\" r=\"5.5\"/>"
                out.append((depth(centres[0]) + 0.1, moveGroup(centres.map(project), bar)))
            case .miniBand, .resistanceBand:
                guard points.count == 2 else { continue }
                var a: [Point2] = []
                var b: [Point2] = []
                var d = 0.0
                for f in frames {
                    let p = f.posture.point(points[0])
                    let q = f.posture.point(points[1])
                    let pa = project(p.centre)
                    let pb = project(q.centre)
                    let dir = pb - pa
                    let unit = dir.length > 1e-6 ? dir * (1 / dir.length) : Point2(0, 0)
                    a.append(pa - unit * p.radius)
                    b.append(pb + unit * q.radius)
                    d = max(depth(p.centre), depth(q.centre)) + 20
                }
                out.append((d, line(a, b, "bd")))
            case .dowel:
                guard points.count == 2 else { continue }
                var a: [Point2] = []
                var b: [Point2] = []
                for f in frames {
                    let back0 = f.posture.point(points[0])
                    let back1 = f.posture.point(points[1])
                    let behind0 = f.posture.rotation(points[0].segment) * Vector3(-1, 0, 0)
                    let behind1 = f.posture.rotation(points[1].segment) * Vector3(-1, 0, 0)
                    let p = back0.centre + behind0 * (back0.radius + 1.2)
                    let q = back1.centre + behind1 * (back1.radius + 1.2)
                    let dir = (project(q) - project(p))
                    let unit = dir * (1 / max(dir.length, 1e-6))
                    a.append(project(p) - unit * 25)
                    b.append(project(q) + unit * 18)
                }
                out.append((depth(first.joint(.pelvis)) + 0.2, line(a, b, "dw")))
            case .suspensionTrainer:
                guard let point = points.first,
                    let anchor = animation.props.first(where: { $0.kind == .doorAnchor })?.anchor
                else { continue }
                let ends = frames.map { project($0.posture.point(point).centre) }
                let top = project(anchor)
                let strap = line(Array(repeating: top, count: ends.count), ends, "sp")
                out.append((depth(first.joint(.pelvis)) - 30, strap))
            default:
                break
            }
        }
        return out
    }
}
