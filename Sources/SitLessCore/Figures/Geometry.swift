import Foundation

/// A point or direction in space, in centimetres. The figure's world has the floor at `y = 0`,
/// `y` pointing up; a standing figure faces `+x` and its right side points `+z`.
public struct Vector3: Hashable, Sendable, CustomStringConvertible {
    public var x: Double
    public var y: Double
    public var z: Double

    public init(_ x: Double, _ y: Double, _ z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    public static let zero = Vector3(0, 0, 0)

    public static func + (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x + b.x, a.y + b.y, a.z + b.z) }
    public static func - (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x - b.x, a.y - b.y, a.z - b.z) }
    public static func * (a: Vector3, s: Double) -> Vector3 { Vector3(a.x * s, a.y * s, a.z * s) }
    public static prefix func - (a: Vector3) -> Vector3 { Vector3(-a.x, -a.y, -a.z) }

    public func dot(_ b: Vector3) -> Double { x * b.x + y * b.y + z * b.z }
    public var length: Double { dot(self).squareRoot() }

    public func distance(to b: Vector3) -> Double { (self - b).length }

    /// Linear interpolation: `self` at 0, `b` at 1.
    public func lerp(_ b: Vector3, _ t: Double) -> Vector3 { self + (b - self) * t }

    public var description: String { String(format: "(%.2f, %.2f, %.2f)", x, y, z) }
}

/// A rotation as a 3 x 3 matrix (rows), built from rotations about the axes in degrees.
struct Rotation: Sendable {
    var m: (Double, Double, Double, Double, Double, Double, Double, Double, Double)

    static let identity = Rotation(m: (1, 0, 0, 0, 1, 0, 0, 0, 1))

    /// About `x` (the figure's forward axis), positive from `y` toward `z`.
    static func x(_ degrees: Double) -> Rotation {
        let (s, c) = sinCos(degrees)
        return Rotation(m: (1, 0, 0, 0, c, -s, 0, s, c))
    }

    /// About `y` (up), positive from `z` toward `x`.
    static func y(_ degrees: Double) -> Rotation {
        let (s, c) = sinCos(degrees)
        return Rotation(m: (c, 0, s, 0, 1, 0, -s, 0, c))
    }

    /// About `z` (the figure's right), positive from `x` toward `y`.
    static func z(_ degrees: Double) -> Rotation {
        let (s, c) = sinCos(degrees)
        return Rotation(m: (c, -s, 0, s, c, 0, 0, 0, 1))
    }

    static func sinCos(_ degrees: Double) -> (Double, Double) {
        let r = degrees * .pi / 180
        return (sin(r), cos(r))
    }

    static func * (a: Rotation, b: Rotation) -> Rotation {
        let p = a.m
        let q = b.m
        return Rotation(
            m: (
                p.0 * q.0 + p.1 * q.3 + p.2 * q.6, p.0 * q.1 + p.1 * q.4 + p.2 * q.7, p.0 * q.2 + p.1 * q.5 + p.2 * q.8,
                p.3 * q.0 + p.4 * q.3 + p.5 * q.6, p.3 * q.1 + p.4 * q.4 + p.5 * q.7, p.3 * q.2 + p.4 * q.5 + p.5 * q.8,
                p.6 * q.0 + p.7 * q.3 + p.8 * q.6, p.6 * q.1 + p.7 * q.4 + p.8 * q.7, p.6 * q.2 + p.7 * q.5 + p.8 * q.8
            ))
    }

    static func * (a: Rotation, v: Vector3) -> Vector3 {
        let p = a.m
        return Vector3(
            p.0 * v.x + p.1 * v.y + p.2 * v.z, p.3 * v.x + p.4 * v.y + p.5 * v.z, p.6 * v.x + p.7 * v.y + p.8 * v.z)
    }

    /// The same rotation seen in a mirror that swaps the figure's right and left (`z -> -z`):
    /// a left limb moves like the right one reflected.
    var mirroredAcrossSides: Rotation {
        let p = m
        return Rotation(m: (p.0, p.1, -p.2, p.3, p.4, -p.5, -p.6, -p.7, p.8))
    }
}

/// A point on the drawing, in centimetres, `y` pointing down as in SVG.
public struct Point2: Hashable, Sendable {
    public var x: Double
    public var y: Double

    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }

    static func + (a: Point2, b: Point2) -> Point2 { Point2(a.x + b.x, a.y + b.y) }
    static func - (a: Point2, b: Point2) -> Point2 { Point2(a.x - b.x, a.y - b.y) }
    static func * (a: Point2, s: Double) -> Point2 { Point2(a.x * s, a.y * s) }
    var length: Double { (x * x + y * y).squareRoot() }
    func dot(_ b: Point2) -> Double { x * b.x + y * b.y }
    func cross(_ b: Point2) -> Double { x * b.y - y * b.x }
    /// Angle from the `x` axis in degrees (toward `+y`, which is down on screen: clockwise, as SVG's `rotate`).
    var degrees: Double { atan2(y, x) * 180 / .pi }
    func rotated(_ degrees: Double) -> Point2 {
        let (s, c) = Rotation.sinCos(degrees)
        return Point2(x * c - y * s, x * s + y * c)
    }
}

/// A circle on the drawing: the outline of a projected sphere.
struct Circle2: Hashable, Sendable {
    var center: Point2
    var radius: Double
}

enum Outline {
    /// The convex hull of circles as an SVG path of tangent lines and arcs, coordinates rounded
    /// to `precision` decimals. One circle gives a circle.
    static func hullPath(_ circles: [Circle2], precision: Int = 1) -> String {
        let order = hullOrder(circles)
        guard order.count > 1 else {
            let c = circles[order.first ?? 0]
            let r = number(c.radius, precision)
            return "M\(number(c.center.x - c.radius, precision)) \(number(c.center.y, precision))"
                + "a\(r) \(r) 0 1 0 \(number(2 * c.radius, precision)) 0a\(r) \(r) 0 1 0 "
                + "-\(number(2 * c.radius, precision)) 0Z"
        }
        // Tangent from circle a to circle b with the hull's inside on the left (angles increasing).
        var tangents: [(from: Point2, to: Point2)] = []
        for (i, a) in order.enumerated() {
            let c1 = circles[a]
            let c2 = circles[order[(i + 1) % order.count]]
            let d = c2.center - c1.center
            let length = max(d.length, 1e-9)
            let beta = atan2(d.y, d.x)
            let cosine = max(-1, min(1, (c1.radius - c2.radius) / length))
            let alpha = beta - acos(cosine)
            let n = Point2(cos(alpha), sin(alpha))
            tangents.append((c1.center + n * c1.radius, c2.center + n * c2.radius))
        }
        var path = "M\(number(tangents[0].from.x, precision)) \(number(tangents[0].from.y, precision))"
        for (i, t) in tangents.enumerated() {
            path += "L\(number(t.to.x, precision)) \(number(t.to.y, precision))"
            let next = tangents[(i + 1) % tangents.count].from
            let c = circles[order[(i + 1) % order.count]]
            let a0 = atan2(t.to.y - c.center.y, t.to.x - c.center.x)
            var a1 = atan2(next.y - c.center.y, next.x - c.center.x)
            while a1 < a0 { a1 += 2 * .pi }
            let sweep = a1 - a0
            if sweep > 1e-6 && c.radius > 1e-6 {
                let r = number(c.radius, precision)
                path +=
                    "A\(r) \(r) 0 \(sweep > .pi ? 1 : 0) 1 \(number(next.x, precision)) \(number(next.y, precision))"
            }
        }
        return path + "Z"
    }

    /// Indices of the circles on the convex hull, in order of increasing angle (found by
    /// sampling each circle; exact tangents are drawn between them).
    static func hullOrder(_ circles: [Circle2]) -> [Int] {
        guard circles.count > 1 else { return [0] }
        var points: [(Point2, Int)] = []
        let steps = 72
        for (i, c) in circles.enumerated() {
            for k in 0..<steps {
                let a = Double(k) * 2 * .pi / Double(steps)
                points.append((Point2(c.center.x + c.radius * cos(a), c.center.y + c.radius * sin(a)), i))
            }
        }
        points.sort { ($0.0.x, $0.0.y) < ($1.0.x, $1.0.y) }
        func turn(_ o: Point2, _ a: Point2, _ b: Point2) -> Double { (a - o).cross(b - o) }
        var lower: [(Point2, Int)] = []
        var upper: [(Point2, Int)] = []
        for p in points {
            while lower.count >= 2 && turn(lower[lower.count - 2].0, lower[lower.count - 1].0, p.0) <= 0 {
                lower.removeLast()
            }
            lower.append(p)
        }
        for p in points.reversed() {
            while upper.count >= 2 && turn(upper[upper.count - 2].0, upper[upper.count - 1].0, p.0) <= 0 {
                upper.removeLast()
            }
            upper.append(p)
        }
        let hull = lower.dropLast() + upper.dropLast()
        var order: [Int] = []
        for (_, i) in hull where order.last != i { order.append(i) }
        while order.count > 1 && order.first == order.last { order.removeLast() }
        // A circle can appear twice when a smaller one sits between; keep the first appearance.
        var seen = Set<Int>()
        order = order.filter { seen.insert($0).inserted }
        return order.isEmpty ? [0] : order
    }

    static func number(_ value: Double, _ precision: Int) -> String {
        SVGNumber.format(value, precision)
    }
}

/// Short decimal text for SVG: `12.3`, `-4`, `0.5`.
enum SVGNumber {
    static func format(_ value: Double, _ precision: Int = 1) -> String {
        let scale = pow(10, Double(precision))
        var rounded = (value * scale).rounded() / scale
        if rounded == 0 { rounded = 0 }  // no "-0"
        if rounded == rounded.rounded() && abs(rounded) < 1e12 { return String(Int(rounded)) }
        var text = String(format: "%.\(precision)f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        if text.hasPrefix("0.") { text.removeFirst() } else if text.hasPrefix("-0.") { text = "-" + text.dropFirst(2) }
        return text
    }
}
