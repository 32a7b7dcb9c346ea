import Foundation

/// The numbers that place the figure at one instant: where its pelvis (the point between the
/// hip joints) is, in cm, and every angle of `BodyAngle.all`, in degrees.
public struct BodyState: Hashable, Sendable {
    public var position: Vector3
    var angles: [Double]

    init(position: Vector3, angles: [Double]) {
        self.position = position
        self.angles = angles
    }

    public subscript(_ angle: BodyAngle) -> Double {
        get { angles[angle.slot] }
        set { angles[angle.slot] = newValue }
    }

    static func from(_ angles: [BodyAngle: Double], position: Vector3 = .zero) -> BodyState {
        var values = [Double](repeating: 0, count: BodyAngle.all.count)
        for (angle, value) in angles { values[angle.slot] = value }
        return BodyState(position: position, angles: values)
    }
}

/// Where every segment is at one instant: the world position of its joint and its turn.
public struct PosedFigure: Sendable {
    var origins: [Vector3]
    var rotations: [Rotation]
    let height: Double

    static let index: [Segment: Int] = Dictionary(uniqueKeysWithValues: Segment.all.enumerated().map { ($1, $0) })

    /// The world position of a segment's joint (the pelvis: the point between the hip joints).
    public func joint(_ segment: Segment) -> Vector3 { origins[PosedFigure.index[segment]!] }

    func rotation(_ segment: Segment) -> Rotation { rotations[PosedFigure.index[segment]!] }

    /// A point given in a segment's frame as a fraction of height, in the world.
    func world(_ segment: Segment, _ offset: Vector3) -> Vector3 {
        let i = PosedFigure.index[segment]!
        return origins[i] + rotations[i] * (offset * height)
    }

    /// Centre and radius (cm) of a named body point.
    public func point(_ point: BodyPoint) -> (centre: Vector3, radius: Double) {
        (world(point.segment, point.offset), point.radius * height)
    }

    /// The far end of a segment's drawn axis.
    func axisEnd(_ segment: Segment) -> Vector3 { world(segment, Figure.axisEnd(segment.kind)) }

    /// Every sphere of the body's volume, by segment index, in the segment's frame.
    static let volumeTable: [(segment: Int, centre: Vector3, radius: Double)] = Segment.all.enumerated().flatMap {
        i, segment in
        Figure.volume(segment).map { (i, $0.centre, $0.radius) }
    }

    /// Every sphere of the body's volume, in the world.
    func volume() -> [(centre: Vector3, radius: Double, segment: Segment)] {
        PosedFigure.volumeTable.map {
            (
                origins[$0.segment] + rotations[$0.segment] * ($0.centre * height), $0.radius * height,
                Segment.all[$0.segment]
            )
        }
    }

    /// The lowest point of the body, cm above the floor.
    var lowest: Double {
        var low = Double.infinity
        for s in PosedFigure.volumeTable {
            let c = origins[s.segment] + rotations[s.segment] * (s.centre * height)
            low = min(low, c.y - s.radius * height)
        }
        return low
    }
}

extension Figure {
    /// Forward kinematics: every segment placed from the pelvis outwards.
    public func posture(_ state: BodyState) -> PosedFigure {
        let a = state.angles
        let h = height
        func angle(_ motion: JointMotion, _ side: BodySide? = nil) -> Double { a[BodyAngle.joint(motion, side).slot] }
        var origins = [Vector3](repeating: .zero, count: Segment.all.count)
        var rotations = [Rotation](repeating: .identity, count: Segment.all.count)
        func set(_ segment: Segment, _ rotation: Rotation) {
            let i = PosedFigure.index[segment]!
            rotations[i] = rotation
            if let parent = segment.parent {
                let p = PosedFigure.index[parent]!
                origins[i] = origins[p] + rotations[p] * (Figure.jointOffset(segment) * h)
            } else {
                origins[i] = state.position
            }
        }
        let root =
            Rotation.y(a[BodyAngle.turn.slot]) * Rotation.x(-a[BodyAngle.roll.slot])
            * Rotation.z(-a[BodyAngle.tilt.slot])
        set(.pelvis, root)
        let thorax = root * Rotation.z(-angle(.spineFlexion)) * Rotation.x(angle(.spineSideBend))
        set(.thorax, thorax)
        set(.head, thorax * Rotation.z(-angle(.neckFlexion)) * Rotation.x(angle(.neckSideBend)))
        for side in BodySide.allCases {
            func mirrored(_ r: Rotation) -> Rotation { side == .right ? r : r.mirroredAcrossSides }
            let hip = mirrored(
                Rotation.z(angle(.hipFlexion, side)) * Rotation.x(-angle(.hipAbduction, side))
                    * Rotation.y(-angle(.hipExternalRotation, side)))
            let thigh = root * hip
            set(Segment(.thigh, side), thigh)
            let shank = thigh * Rotation.z(-angle(.kneeFlexion, side))
            set(Segment(.shank, side), shank)
            set(Segment(.foot, side), shank * Rotation.z(angle(.ankleDorsiflexion, side)))
            let shoulder = mirrored(
                Rotation.z(angle(.shoulderFlexion, side)) * Rotation.x(-angle(.shoulderAbduction, side))
                    * Rotation.y(-angle(.shoulderExternalRotation, side)))
            let upper = thorax * shoulder
            set(Segment(.upperArm, side), upper)
            let fore = upper * Rotation.z(angle(.elbowFlexion, side))
            set(Segment(.forearm, side), fore)
            set(Segment(.hand, side), fore * Rotation.z(-angle(.wristExtension, side)))
        }
        return PosedFigure(origins: origins, rotations: rotations, height: h)
    }
}

// MARK: - Contacts and the solver

/// A condition the solver meets: a body point (or a held prop's point) on a plane, at a fixed
/// place, or touching another body point.
struct ContactGoal: Sendable {
    enum Kind: Sendable {
        case plane(Surface)
        case fixed(Vector3)
        case touch(BodyPoint)
    }
    var point: ResolvedPoint
    var kind: Kind
    /// The contact as the pose states it, for messages.
    var label: String

    /// How far the contact is from being met, in cm (0 when it is).
    func error(_ posture: PosedFigure, props: PropRig) -> Double {
        let p = point.locate(posture, props: props)
        switch kind {
        case .plane(let s): return abs(s.height(of: p.centre) - p.radius)
        case .fixed(let q): return p.centre.distance(to: q)
        case .touch(let other):
            let o = posture.point(other)
            return abs(p.centre.distance(to: o.centre) - p.radius - o.radius)
        }
    }
}

/// A named point that can touch something: a body point, or the base of a held kettlebell.
enum ResolvedPoint: Sendable {
    case body(BodyPoint)
    case kettlebellBase

    var name: String {
        switch self {
        case .body(let p): p.name
        case .kettlebellBase: "kettlebell"
        }
    }

    func locate(_ posture: PosedFigure, props: PropRig) -> (centre: Vector3, radius: Double) {
        switch self {
        case .body(let p): return posture.point(p)
        case .kettlebellBase: return (props.kettlebellBase(posture) ?? .zero, 0)
        }
    }
}

/// The props that move with the figure (held or stretched between body points).
struct PropRig: Sendable {
    /// Body points holding the kettlebell, if one is held.
    var kettlebellGrip: [BodyPoint] = []

    /// The kettlebell hangs from the middle of the hands holding it: its handle in the hands,
    /// its base 21.5 cm below (a 24 cm bell).
    static let kettlebellGripAboveBase = 21.5

    func kettlebellGripPoint(_ posture: PosedFigure) -> Vector3? {
        guard !kettlebellGrip.isEmpty else { return nil }
        let sum = kettlebellGrip.reduce(Vector3.zero) { $0 + posture.point($1).centre }
        return sum * (1 / Double(kettlebellGrip.count))
    }

    func kettlebellBase(_ posture: PosedFigure) -> Vector3? {
        kettlebellGripPoint(posture).map { $0 - Vector3(0, PropRig.kettlebellGripAboveBase, 0) }
    }
}

/// Finds the body state closest to the wanted angles that meets every contact goal and keeps
/// the body above the floor: damped least squares (Levenberg-Marquardt) on the pelvis
/// position and all angles, each angle kept inside its allowed range.
struct PoseSolver {
    var figure: Figure
    var goals: [ContactGoal]
    var rig: PropRig
    /// Wanted angles and how strongly each is held to (per degree).
    var wanted: BodyState
    var angleWeights: [Double]
    /// How strongly the pelvis is held to `wanted.position` (per cm): weak, so contacts decide.
    var positionWeight: Double = 0.01
    var limits: [ClosedRange<Double>]
    /// Floor level the body must stay above (cm).
    var floor: Double = 0

    static let contactWeight = 10.0

    func residuals(_ state: BodyState) -> [Double] {
        let posture = figure.posture(state)
        var r: [Double] = []
        r.reserveCapacity(goals.count * 3 + state.angles.count + 60)
        let w = PoseSolver.contactWeight
        for goal in goals {
            let p = goal.point.locate(posture, props: rig)
            switch goal.kind {
            case .plane(let s): r.append(w * (s.height(of: p.centre) - p.radius))
            case .fixed(let q):
                let d = p.centre - q
                r += [w * d.x, w * d.y, w * d.z]
            case .touch(let other):
                let o = posture.point(other)
                r.append(w * (p.centre.distance(to: o.centre) - p.radius - o.radius))
            }
        }
        // The floor pushes back three times as hard as a contact pulls: nothing sinks into it.
        for s in PosedFigure.volumeTable {
            let c = posture.origins[s.segment] + posture.rotations[s.segment] * (s.centre * posture.height)
            r.append(3 * w * min(0, c.y - s.radius * posture.height - floor))
        }
        if let base = rig.kettlebellBase(posture) { r.append(3 * w * min(0, base.y - floor)) }
        for (i, value) in state.angles.enumerated() { r.append(angleWeights[i] * (value - wanted.angles[i])) }
        let d = state.position - wanted.position
        r += [positionWeight * d.x, positionWeight * d.y, positionWeight * d.z]
        return r
    }

    func clamp(_ state: inout BodyState) {
        for i in state.angles.indices {
            state.angles[i] = min(max(state.angles[i], limits[i].lowerBound), limits[i].upperBound)
        }
    }

    func solve(from start: BodyState, iterations: Int = 80) -> BodyState {
        var x = start
        clamp(&x)
        var r = residuals(x)
        var cost = r.reduce(0) { $0 + $1 * $1 }
        var lambda = 1e-3
        let n = 3 + x.angles.count
        func apply(_ s: BodyState, _ delta: [Double]) -> BodyState {
            var out = s
            out.position = s.position + Vector3(delta[0], delta[1], delta[2])
            for i in 0..<s.angles.count { out.angles[i] += delta[3 + i] }
            clamp(&out)
            return out
        }
        for _ in 0..<iterations {
            // Jacobian by forward differences.
            let h = 1e-4
            var jacobian: [[Double]] = []
            jacobian.reserveCapacity(n)
            for k in 0..<n {
                var step = [Double](repeating: 0, count: n)
                step[k] = h
                var probe = x
                probe.position = x.position + Vector3(step[0], step[1], step[2])
                if k >= 3 { probe.angles[k - 3] += h }
                let rk = residuals(probe)
                jacobian.append(zip(rk, r).map { ($0 - $1) / h })
            }
            var a = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
            var g = [Double](repeating: 0, count: n)
            for i in 0..<n {
                let ji = jacobian[i]
                for j in i..<n {
                    var s = 0.0
                    let jj = jacobian[j]
                    for k in 0..<ji.count { s += ji[k] * jj[k] }
                    a[i][j] = s
                    a[j][i] = s
                }
                var s = 0.0
                for k in 0..<ji.count { s += ji[k] * r[k] }
                g[i] = -s
            }
            var improved = false
            for _ in 0..<8 {
                var damped = a
                for i in 0..<n { damped[i][i] += lambda * (a[i][i] + 1e-6) }
                guard let delta = PoseSolver.solveLinear(damped, g) else {
                    lambda *= 10
                    continue
                }
                let candidate = apply(x, delta)
                let rc = residuals(candidate)
                let cc = rc.reduce(0) { $0 + $1 * $1 }
                if cc < cost {
                    let gain = cost - cc
                    x = candidate
                    r = rc
                    cost = cc
                    lambda = max(lambda / 3, 1e-7)
                    improved = true
                    // Done when a step gains almost nothing: contacts met to far below a millimetre.
                    if gain < 1e-7 + 1e-6 * cost { return x }
                    break
                }
                lambda *= 4
            }
            if !improved { break }
        }
        return x
    }

    /// Gaussian elimination with partial pivoting; `nil` when singular.
    static func solveLinear(_ matrix: [[Double]], _ vector: [Double]) -> [Double]? {
        var m = matrix
        var v = vector
        let n = v.count
        for col in 0..<n {
            var pivot = col
            for row in (col + 1)..<max(n, col + 1) where abs(m[row][col]) > abs(m[pivot][col]) { pivot = row }
            guard abs(m[pivot][col]) > 1e-14 else { return nil }
            if pivot != col {
                m.swapAt(pivot, col)
                v.swapAt(pivot, col)
            }
            let d = m[col][col]
            for row in (col + 1)..<max(n, col + 1) {
                let f = m[row][col] / d
                if f == 0 { continue }
                for k in col..<n { m[row][k] -= f * m[col][k] }
                v[row] -= f * v[col]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var s = v[row]
            for k in (row + 1)..<max(n, row + 1) { s -= m[row][k] * x[k] }
            x[row] = s / m[row][row]
        }
        return x
    }
}
