import Foundation

/// Right or left side of the body.
public enum BodySide: String, CaseIterable, Codable, Sendable {
    case right, left
    /// `+1` right, `-1` left: the sign of the figure's `z` for that side.
    var sign: Double { self == .right ? 1 : -1 }
    var other: BodySide { self == .right ? .left : .right }
}

/// The rigid parts of the figure. Each hangs from its parent at a joint.
public enum SegmentKind: String, CaseIterable, Sendable {
    case pelvis, thorax, head
    case upperArm = "upper-arm"
    case forearm, hand, thigh, shank, foot

    var isPaired: Bool { ![.pelvis, .thorax, .head].contains(self) }
}

public struct Segment: Hashable, Sendable, CustomStringConvertible {
    public var kind: SegmentKind
    /// `nil` for pelvis, thorax and head.
    public var side: BodySide?

    public init(_ kind: SegmentKind, _ side: BodySide? = nil) {
        self.kind = kind
        self.side = side
    }

    public static let pelvis = Segment(.pelvis), thorax = Segment(.thorax), head = Segment(.head)

    /// Every segment, parents before children.
    public static let all: [Segment] =
        [.pelvis, .thorax, .head]
        + BodySide.allCases.flatMap { side in
            [SegmentKind.upperArm, .forearm, .hand, .thigh, .shank, .foot].map { Segment($0, side) }
        }

    public var parent: Segment? {
        switch kind {
        case .pelvis: nil
        case .thorax: .pelvis
        case .head: .thorax
        case .upperArm: .thorax
        case .forearm: Segment(.upperArm, side)
        case .hand: Segment(.forearm, side)
        case .thigh: .pelvis
        case .shank: Segment(.thigh, side)
        case .foot: Segment(.shank, side)
        }
    }

    public var description: String { side.map { "\($0.rawValue)-\(kind.rawValue)" } ?? kind.rawValue }
}

/// One movement a joint can make, with its name in the catalog and its normal range.
///
/// Positive is the direction named (flexion, abduction, external rotation, dorsiflexion,
/// extension of the wrist, bending to the right); negative is the opposite movement
/// (extension, adduction, internal rotation, plantarflexion, flexion of the wrist, bending left).
public enum JointMotion: String, CaseIterable, Sendable {
    case hipFlexion = "hip-flexion"
    case hipAbduction = "hip-abduction"
    case hipExternalRotation = "hip-external-rotation"
    case kneeFlexion = "knee-flexion"
    case ankleDorsiflexion = "ankle-dorsiflexion"
    case shoulderFlexion = "shoulder-flexion"
    case shoulderAbduction = "shoulder-abduction"
    case shoulderExternalRotation = "shoulder-external-rotation"
    case elbowFlexion = "elbow-flexion"
    case wristExtension = "wrist-extension"
    case spineFlexion = "spine-flexion"
    case spineSideBend = "spine-side-bend"
    case neckFlexion = "neck-flexion"
    case neckSideBend = "neck-side-bend"

    var isPaired: Bool { ![.spineFlexion, .spineSideBend, .neckFlexion, .neckSideBend].contains(self) }

    /// Normal adult range of motion in degrees, the opposite movement negative.
    ///
    /// American Academy of Orthopaedic Surgeons, *Joint Motion: Method of Measuring and
    /// Recording* (1965), as summarised in Norkin CC, White DJ, *Measurement of Joint Motion:
    /// A Guide to Goniometry*, 5th ed., F.A. Davis 2016: hip flexion 120, extension 30, abduction
    /// 45, adduction 30, internal and external rotation 45; knee flexion 135; ankle dorsiflexion
    /// 20, plantarflexion 50; shoulder flexion 180, extension 60, abduction 180, internal rotation
    /// 70, external rotation 90; elbow flexion 150; wrist flexion 80, extension 70; thoracolumbar
    /// flexion 80, extension 25, lateral flexion 35; cervical flexion 45, extension 45, lateral
    /// flexion 45. Shoulder adduction across the body (to -30) is not in that table: it is
    /// allowed so hands can meet in front of or behind the body.
    public var range: ClosedRange<Double> {
        switch self {
        case .hipFlexion: -30...120
        case .hipAbduction: -30...45
        case .hipExternalRotation: -45...45
        case .kneeFlexion: 0...135
        case .ankleDorsiflexion: -50...20
        case .shoulderFlexion: -60...180
        case .shoulderAbduction: -30...180
        case .shoulderExternalRotation: -70...90
        case .elbowFlexion: 0...150
        case .wristExtension: -80...70
        case .spineFlexion: -25...80
        case .spineSideBend: -35...35
        case .neckFlexion: -45...45
        case .neckSideBend: -45...45
        }
    }
}

/// A stretch may go this far past the normal range when its pose says it is meant to reach
/// the end of range: people who stretch regularly often exceed the average ranges a little.
public let endOfRangeAllowance = 15.0

/// The numbers that place the figure: where its pelvis is, how its body is turned, and every
/// joint angle. Index with `BodyAngle`.
public enum BodyAngle: Hashable, Sendable {
    /// The whole body leaning forward from upright: 90 lies face down, -90 lies on the back.
    case tilt
    /// The whole body tipping onto its left side: 90 lies on the left side, right side up.
    case roll
    /// The whole body turning to its left about the vertical.
    case turn
    case joint(JointMotion, BodySide?)

    /// All of them in a fixed order: the solver's unknowns after the three coordinates of the pelvis.
    static let all: [BodyAngle] =
        [.tilt, .roll, .turn]
        + JointMotion.allCases.filter { !$0.isPaired }.map { .joint($0, nil) }
        + BodySide.allCases.flatMap { side in JointMotion.allCases.filter(\.isPaired).map { .joint($0, side) } }

    static let index: [BodyAngle: Int] = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($1, $0) })

    var slot: Int { BodyAngle.index[self]! }

    /// `right-hip-flexion`, `spine-flexion`, `tilt`.
    public var name: String {
        switch self {
        case .tilt: "tilt"
        case .roll: "roll"
        case .turn: "turn"
        case .joint(let motion, let side?): "\(side.rawValue)-\(motion.rawValue)"
        case .joint(let motion, nil): motion.rawValue
        }
    }

    var range: ClosedRange<Double> {
        switch self {
        case .tilt, .roll, .turn: -180...180
        case .joint(let motion, _): motion.range
        }
    }
}

/// A body point that can touch the floor, a prop or another body point: a small sphere fixed
/// to one segment. Touching a surface means the sphere rests on it.
public struct BodyPoint: Hashable, Sendable {
    public var name: String
    var segment: Segment
    /// Centre in the segment's frame, as a fraction of height.
    var offset: Vector3
    /// Radius as a fraction of height.
    var radius: Double

    /// Every point a pose may name, by name: `right-heel`, `shoulder-blades` ...
    public static let all: [String: BodyPoint] = {
        var points: [BodyPoint] = [
            BodyPoint(name: "sacrum", segment: .pelvis, offset: Vector3(-0.035, 0.02, 0), radius: 0.04),
            BodyPoint(name: "sitting-bones", segment: .pelvis, offset: Vector3(-0.012, -0.005, 0), radius: 0.045),
            BodyPoint(name: "belly", segment: .thorax, offset: Vector3(0.01, 0.03, 0), radius: 0.045),
            BodyPoint(name: "shoulder-blades", segment: .thorax, offset: Vector3(-0.025, 0.15, 0), radius: 0.04),
            BodyPoint(name: "chest", segment: .thorax, offset: Vector3(0.025, 0.13, 0), radius: 0.045),
            BodyPoint(name: "upper-back", segment: .thorax, offset: Vector3(-0.015, 0.185, 0), radius: 0.04),
            BodyPoint(name: "neck", segment: .thorax, offset: Vector3(-0.012, 0.2, 0), radius: 0.025),
            BodyPoint(
                name: "head", segment: .head, offset: Vector3(0.01, Proportions.headCentreHeight - 0.838, 0),
                radius: 0.06),
        ]
        for side in BodySide.allCases {
            let s = side.rawValue
            let foot = Figure.footPoints
            points += [
                BodyPoint(
                    name: "\(s)-hip", segment: Segment(.thigh, side), offset: .zero, radius: Proportions.thighRadius.0),
                BodyPoint(
                    name: "\(s)-thigh", segment: Segment(.thigh, side), offset: Vector3(0, -Proportions.thigh / 2, 0),
                    radius: 0.04),
                BodyPoint(
                    name: "\(s)-knee", segment: Segment(.shank, side), offset: .zero,
                    radius: Proportions.thighRadius.1),
                BodyPoint(
                    name: "\(s)-shin", segment: Segment(.shank, side), offset: Vector3(0, -Proportions.shank / 2, 0),
                    radius: 0.026),
                BodyPoint(
                    name: "\(s)-ankle", segment: Segment(.foot, side), offset: .zero,
                    radius: Proportions.shankRadius.1),
                BodyPoint(
                    name: "\(s)-heel", segment: Segment(.foot, side), offset: foot.heel.centre, radius: foot.heel.radius
                ),
                BodyPoint(
                    name: "\(s)-ball", segment: Segment(.foot, side), offset: foot.ball.centre, radius: foot.ball.radius
                ),
                BodyPoint(
                    name: "\(s)-toes", segment: Segment(.foot, side), offset: foot.toes.centre, radius: foot.toes.radius
                ),
                BodyPoint(
                    name: "\(s)-instep", segment: Segment(.foot, side), offset: Vector3(0.03, -0.017, 0), radius: 0.02),
                BodyPoint(
                    name: "\(s)-foot-side", segment: Segment(.foot, side),
                    offset: Vector3(0.03, -0.02, 0), radius: Proportions.footWidth / 2),
                BodyPoint(
                    name: "\(s)-shoulder", segment: Segment(.upperArm, side), offset: .zero,
                    radius: Proportions.upperArmRadius.0),
                BodyPoint(
                    name: "\(s)-upper-arm", segment: Segment(.upperArm, side),
                    offset: Vector3(0, -Proportions.upperArm / 2, 0), radius: 0.025),
                BodyPoint(
                    name: "\(s)-elbow", segment: Segment(.forearm, side), offset: .zero,
                    radius: Proportions.upperArmRadius.1),
                BodyPoint(
                    name: "\(s)-forearm", segment: Segment(.forearm, side),
                    offset: Vector3(0, -Proportions.forearm / 2, 0), radius: 0.019),
                BodyPoint(
                    name: "\(s)-hand", segment: Segment(.hand, side), offset: Vector3(0, -0.04, 0),
                    radius: Proportions.handRadius.1),
            ]
        }
        return Dictionary(uniqueKeysWithValues: points.map { ($0.name, $0) })
    }()
}

/// The articulated figure of one standing height, in centimetres.
///
/// Frames: every segment's frame equals the body's in the upright anatomical position
/// (`x` forward, `y` up, `z` to the figure's right); the figure's joint angles turn them.
public struct Figure: Sendable {
    /// Standing height in centimetres.
    public var height: Double

    public init(height: Double = 175) { self.height = height }

    /// A sphere of the body's volume: the drawing's outline and the floor check use them.
    struct Sphere {
        var centre: Vector3
        var radius: Double
    }

    /// Heel, ball and toe spheres of the foot, in the foot's frame (fractions of height),
    /// with the ankle a quarter of the foot's length in front of the heel (an estimate) and
    /// at the tabulated ankle height.
    static let footPoints: (heel: Sphere, ball: Sphere, toes: Sphere) = {
        let length = Proportions.footLength
        let ankle = Proportions.ankleHeight
        let heelR = 0.019
        let ballR = 0.016
        let toeR = 0.011
        return (
            Sphere(centre: Vector3(-0.25 * length + heelR, -(ankle - heelR), 0), radius: heelR),
            Sphere(centre: Vector3(0.47 * length, -(ankle - ballR), 0), radius: ballR),
            Sphere(centre: Vector3(0.75 * length - toeR, -(ankle - toeR), 0), radius: toeR)
        )
    }()

    /// Length of a segment from its joint to its child's joint (or its far end), in cm.
    public func length(_ kind: SegmentKind) -> Double {
        let fraction: Double =
            switch kind {
            case .pelvis: Proportions.waistAboveHip
            case .thorax: Proportions.neckAboveWaist
            case .head: Proportions.headCentreHeight - 0.838
            case .upperArm: Proportions.upperArm
            case .forearm: Proportions.forearm
            case .hand: Proportions.hand
            case .thigh: Proportions.thigh
            case .shank: Proportions.shank
            case .foot: Figure.footPoints.ball.centre.x
            }
        return fraction * height
    }

    /// Where a segment's joint sits in its parent's frame (fractions of height).
    static func jointOffset(_ segment: Segment) -> Vector3 {
        let z = segment.side?.sign ?? 0
        switch segment.kind {
        case .pelvis: return .zero
        case .thorax: return Vector3(0, Proportions.waistAboveHip, 0)
        case .head: return Vector3(0, Proportions.neckAboveWaist, 0)
        case .upperArm:
            return Vector3(
                0, Proportions.shoulderHeight - Proportions.elbowHeight,
                z * (Proportions.shoulderWidth / 2 - Proportions.upperArmRadius.0))
        case .forearm: return Vector3(0, -Proportions.upperArm, 0)
        case .hand: return Vector3(0, -Proportions.forearm, 0)
        case .thigh: return Vector3(0, 0, z * (Proportions.hipWidth / 2 - Proportions.thighRadius.0))
        case .shank: return Vector3(0, -Proportions.thigh, 0)
        case .foot: return Vector3(0, -Proportions.shank, 0)
        }
    }

    /// The segment's far end in its own frame (fractions of height): the point its drawn axis
    /// runs to.
    static func axisEnd(_ kind: SegmentKind) -> Vector3 {
        switch kind {
        case .pelvis: Vector3(0, Proportions.waistAboveHip, 0)
        case .thorax: Vector3(0, Proportions.neckAboveWaist, 0)
        case .head: Vector3(0.01, Proportions.headCentreHeight - 0.838, 0)
        case .upperArm: Vector3(0, -Proportions.upperArm, 0)
        case .forearm: Vector3(0, -Proportions.forearm, 0)
        case .hand: Vector3(0, -Proportions.hand * 0.8, 0)
        case .thigh: Vector3(0, -Proportions.thigh, 0)
        case .shank: Vector3(0, -Proportions.shank, 0)
        case .foot: footPoints.ball.centre
        }
    }

    /// The spheres whose union is the segment's body (fractions of height, the segment's frame).
    static func volume(_ segment: Segment) -> [Sphere] {
        let z = segment.side?.sign ?? 0
        func limb(_ end: Vector3, _ r: (Double, Double), middle: Double? = nil) -> [Sphere] {
            var spheres = [Sphere(centre: .zero, radius: r.0), Sphere(centre: end, radius: r.1)]
            if let middle { spheres.append(Sphere(centre: end * 0.35, radius: middle)) }
            return spheres
        }
        switch segment.kind {
        case .pelvis:
            // Hips as wide as the tabulated hip width; buttocks behind, belly in front.
            let half = Proportions.hipWidth / 2 - 0.045
            return [
                Sphere(centre: Vector3(-0.028, 0.005, half), radius: 0.045),
                Sphere(centre: Vector3(-0.028, 0.005, -half), radius: 0.045),
                Sphere(centre: Vector3(0.012, 0.02, half * 0.8), radius: 0.042),
                Sphere(centre: Vector3(0.012, 0.02, -half * 0.8), radius: 0.042),
                Sphere(centre: Vector3(0.0, 0.075, 0.02), radius: 0.052),
                Sphere(centre: Vector3(0.0, 0.075, -0.02), radius: 0.052),
            ]
        case .thorax:
            // Waist, chest and shoulders; shoulder line a little inside the tabulated width,
            // which includes the upper arms.
            return [
                Sphere(centre: Vector3(0.0, 0.0, 0.022), radius: 0.052),
                Sphere(centre: Vector3(0.0, 0.0, -0.022), radius: 0.052),
                Sphere(centre: Vector3(0.02, 0.115, 0.05), radius: 0.05),
                Sphere(centre: Vector3(0.02, 0.115, -0.05), radius: 0.05),
                Sphere(centre: Vector3(-0.02, 0.14, 0), radius: 0.045),
                Sphere(centre: Vector3(-0.008, 0.18, 0.07), radius: 0.035),
                Sphere(centre: Vector3(-0.008, 0.18, -0.07), radius: 0.035),
                Sphere(centre: Vector3(0.0, Proportions.neckAboveWaist, 0), radius: 0.025),
            ]
        case .head:
            let c = axisEnd(.head)
            return [
                Sphere(centre: Vector3(c.x - 0.006, c.y + 0.004, 0), radius: 0.056),
                Sphere(centre: Vector3(c.x + 0.008, c.y - 0.03, 0), radius: 0.042),
                Sphere(centre: Vector3(0.002, 0.035, 0), radius: 0.024),
            ]
        case .upperArm: return limb(axisEnd(.upperArm), Proportions.upperArmRadius, middle: 0.025)
        case .forearm: return limb(axisEnd(.forearm), Proportions.forearmRadius, middle: 0.021)
        case .hand: return limb(axisEnd(.hand), Proportions.handRadius)
        case .thigh: return limb(axisEnd(.thigh), Proportions.thighRadius, middle: 0.044)
        case .shank: return limb(axisEnd(.shank), Proportions.shankRadius, middle: 0.031)
        case .foot:
            let f = footPoints
            _ = z
            return [Sphere(centre: .zero, radius: Proportions.shankRadius.1), f.heel, f.ball, f.toes]
        }
    }
}
