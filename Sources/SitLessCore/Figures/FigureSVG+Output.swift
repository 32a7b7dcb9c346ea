import Foundation

/// FigureSVG's SVG output: style, box, shapes, the animated and still figure, and the public pictures.
extension FigureSVG {
    // MARK: SVG

    func n(_ value: Double) -> String { SVGNumber.format(value, 1) }

    static let style = """
        .n{fill:#2f5573}.f{fill:#a3bbcf}.t{fill:#416d8e}.b use{stroke:#fff;stroke-width:.7;stroke-linejoin:round}\
        .tn{fill:#f07c3a}.fl{stroke:#6f7a84;stroke-width:1.2}.p{fill:#cfd6dc;stroke:#8e989f;stroke-width:.6}\
        .ps{fill:#9fb0be;stroke:#7f8f9c;stroke-width:.6}.pl{fill:#8e989f}\
        .pw{fill:#e6e9ec;stroke:#b3bbc2;stroke-width:.6}\
        .pc{fill:#e3cfa4;stroke:#b9a57b;stroke-width:.6}.m{fill:#8fc1a9}.st{fill:#3a3f44}.kb{stroke:#343a40}\
        .kbb{fill:#343a40}\
        .db{stroke:#4a5157}.dbh{fill:#4a5157}.bd{stroke:#58a05a;stroke-width:4;stroke-linecap:round;opacity:.9}\
        .dw{stroke:#b0834f;stroke-width:2.4;stroke-linecap:round}.sp{stroke:#2d3236;stroke-width:1.6}\
        .lb{font-family:sans-serif;fill:#4b5560;text-anchor:middle}
        """

    /// The whole picture's box (x, y, width, height) in cm.
    struct Box {
        var x: Double, y: Double, width: Double, height: Double
    }

    func frameBox(_ plan: Plan, props: PropDrawing) -> Box {
        var lo = plan.minimum
        var hi = plan.maximum
        for p in props.points {
            lo = Point2(min(lo.x, p.x), min(lo.y, p.y))
            hi = Point2(max(hi.x, p.x), max(hi.y, p.y))
        }
        if view != .top { hi.y = max(hi.y, 0) }
        let margin = 6.0
        lo = lo - Point2(margin, margin)
        hi = hi + Point2(margin, view == .top ? margin : 3)
        var w = hi.x - lo.x
        var h = hi.y - lo.y
        // Between square and twice as wide as high, the floor staying at the bottom.
        if w < h {
            lo.x -= (h - w) / 2
            w = h
        }
        if w > 2 * h {
            lo.y -= (w / 2 - h)
            h = w / 2
        }
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
                s +=
                    "<g id=\"s\(d.id)\"><use href=\"#o\(d.id)\" class=\"\(d.tone)\"/>"
                    + "<path class=\"tn\" clip-path=\"url(#c\(d.id))\" d=\"\(tint)\"/></g>"
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
            guard let last = out.last else {
                out.append(a)
                continue
            }
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
            let timeline = FigureSVG.timeline(values, interval: animation.frameInterval, duration: animation.duration)
            return "<animateTransform attributeName=\"transform\" type=\"\(type)\" \(timeline)"
                + " dur=\"\(dur)s\" repeatCount=\"indefinite\"/>"
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
            while let p = pending.first, p.depth < plan.chainDepth[c] {
                body += p.svg
                pending.removeFirst()
            }
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
            while let p = pending.first, p.depth < plan.chainDepth[c] {
                body += p.svg
                pending.removeFirst()
            }
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
        svg +=
            "<style>\(FigureSVG.style).still{display:none}"
            + "@media (prefers-reduced-motion:reduce){.anim{display:none}.still{display:inline}}</style>"
        svg += definitions(scene.plan, props: "<g id=\"props\">\(floorLine(box))\(scene.statics)</g>")
        svg += "<g class=\"anim\">"
        let figure = animatedFigure(scene.plan, props: moving)
        if animation.mirrored {
            // One loop as demonstrated, then the same loop mirrored for the other side.
            let total = SVGNumber.format(2 * animation.duration, 2)
            let mirror = "matrix(-1 0 0 1 \(n(2 * box.x + box.width)) 0)"
            func shown(_ values: String) -> String {
                "<animate attributeName=\"opacity\" values=\"\(values)\" keyTimes=\"0;.5\" calcMode=\"discrete\""
                    + " dur=\"\(total)s\" repeatCount=\"indefinite\"/>"
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
        let total = Box(
            x: box.x, y: box.y, width: count * box.width + (count - 1) * gap,
            height: box.height + labelHeight)
        var body = ""
        for (i, key) in animation.keyPoses.enumerated() {
            let dx = Double(i) * (box.width + gap)
            let moving = movingProps(frames: [key], animated: false)
            body += "<g transform=\"translate(\(n(dx)) 0)\">"
            body += labels ? "\(floorLine(box))\(scene.statics)" : "<use href=\"#props\"/>"
            body += stillFigure(scene.plan, posture: key.posture, props: moving)
            if labels {
                let name = FigureSVG.escape(demo.poses[i].name)
                body +=
                    "<text class=\"lb\" font-size=\"\(n(fontSize))\" x=\"\(n(box.x + box.width / 2))\""
                    + " y=\"\(n(box.y + box.height + fontSize * 1.3))\">\(i + 1). \(name)</text>"
            }
            body += "</g>"
        }
        if labels { return (body, total) }
        // Fit the row into the animation's box, centred.
        let s = box.width / total.width
        let ty = box.y + (box.height - box.height * s) / 2 - box.y * s
        let tx = box.x - box.x * s
        let scale = SVGNumber.format(s, 4)
        return ("<g transform=\"matrix(\(scale) 0 0 \(scale) \(n(tx)) \(n(ty)))\">\(body)</g>", total)
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
