import Foundation

/// FigureAnimation's builder: its state and the checks of a demonstration as written, before solving.
extension FigureAnimation {
    struct Builder {
        /// The animation's own types, named as the builder's extensions in other files use them.
        typealias Frame = FigureAnimation.Frame
        typealias PoseProblems = FigureAnimation.PoseProblems

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

        mutating func report(_ field: String?, _ message: String) {
            problems.append(PoseProblem(field: field, message: message))
        }

        /// Checks names and ranges as written, before solving anything.
        mutating func checkAsWritten() {
            if demo.poses.count < 2 { report("poses", "needs at least two key poses (a start and an end)") }
            var held = Set<PropKind>()
            let present = Set(demo.props.map(\.kind))
            for (i, prop) in demo.props.enumerated() {
                let field = "props[\(i + 1)]"
                if let at = prop.at, BodyPoint.all[at] == nil { report("\(field).at", "'\(at)' is not a body point") }
                for p in prop.points where BodyPoint.all[p] == nil {
                    report("\(field).points", "'\(p)' is not a body point")
                }
                if let toward = prop.toward, !PropPlacement.directions.contains(toward) {
                    report(
                        "\(field).toward",
                        "'\(toward)' is not one of: \(PropPlacement.directions.joined(separator: ", "))")
                }
                if let h = prop.height, !(1...250).contains(h) {
                    report("\(field).height", "must be 1 to 250 cm, got \(h)")
                }
                switch prop.kind {
                case .kettlebell, .dumbbell:
                    if prop.points.isEmpty || prop.points.count > 2 {
                        report("\(field).points", "name the one or two hands holding the \(prop.kind.rawValue)")
                    }
                    held.insert(prop.kind)
                case .miniBand, .resistanceBand, .dowel:
                    if prop.points.count != 2 {
                        report("\(field).points", "name the two body points the \(prop.kind.rawValue) runs between")
                    }
                case .suspensionTrainer:
                    if prop.points.count != 1 { report("\(field).points", "name the one body point the strap holds") }
                    if !present.contains(.doorAnchor) {
                        report(field, "a suspension trainer needs a door-anchor prop to hang from")
                    }
                case .mat:
                    break
                default:
                    if prop.at == nil {
                        report(
                            "\(field).at",
                            "is missing: name the body point that rests on the "
                                + "\(prop.kind.rawValue) in the first pose")
                    }
                }
            }
            for (i, pose) in demo.poses.enumerated() {
                for angle in BodyAngle.all {
                    guard let value = pose.angles[angle] else { continue }
                    let range = angle.range
                    let slack = pose.endOfRange ? endOfRangeAllowance : 0
                    if value < range.lowerBound - slack || value > range.upperBound + slack {
                        let withinStretch =
                            value >= range.lowerBound - endOfRangeAllowance
                            && value <= range.upperBound + endOfRangeAllowance
                        let hint =
                            pose.endOfRange
                            ? " even for an end-of-range stretch"
                            : (withinStretch ? "; mark the pose endOfRange if it is a stretch meant to reach it" : "")
                        let lowest = SVGNumber.format(range.lowerBound)
                        let highest = SVGNumber.format(range.upperBound)
                        report(
                            poseField(i, "joints.\(angle.name)"),
                            "\(SVGNumber.format(value))° is outside the normal range"
                                + " \(lowest) to \(highest)°\(hint)")
                    }
                }
                for contact in pose.contacts {
                    let field = poseField(i, "contacts.\(contact.point)")
                    if contact.point == "kettlebell" {
                        if !held.contains(.kettlebell) {
                            report(field, "'kettlebell' touches only when a kettlebell is held (props)")
                        }
                    } else if BodyPoint.all[contact.point] == nil {
                        report(field, "'\(contact.point)' is not a body point")
                    }
                    switch contact.target {
                    case .floor: break
                    case .prop(let kind):
                        if !kind.isSurface {
                            report(field, "a \(kind.rawValue) has no surface to rest on")
                        } else if !present.contains(kind) {
                            report(field, "'\(kind.rawValue)' is not among this demonstration's props")
                        }
                    case .point(let name):
                        if BodyPoint.all[name] == nil {
                            report(field, "'\(name)' is not the floor, a prop or a body point")
                        }
                        if name == contact.point { report(field, "a point cannot touch itself") }
                    }
                }
                if pose.contacts.isEmpty {
                    report(poseField(i, "contacts"), "name at least one point resting on the floor or a prop")
                }
                if let s = pose.seconds, !(0.1...10).contains(s) {
                    report(poseField(i, "seconds"), "must be 0.1 to 10")
                }
                if let s = pose.pause, !(0...10).contains(s) { report(poseField(i, "pause"), "must be 0 to 10") }
            }
            if case .cycle(let seconds) = demo.motion, !(0.3...20).contains(seconds) {
                report("cycleSeconds", "must be 0.3 to 20")
            }
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
    }
}
