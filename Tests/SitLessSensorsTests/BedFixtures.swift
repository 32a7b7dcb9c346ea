import Foundation

@testable import SitLessSensors

/// Synthetic seconds for the bed and sleep detectors: a script of (from, to, posture) in hours
/// since a midnight (UTC) turned into `SecondSummary` values built directly, as the readers'
/// `SecondReducer` would give them at 10 samples a second of a still sensor.
enum BedFixtures {
    /// 2026-12-07 00:00:00 UTC (1_796_601_600 = 20_794 days × 86_400 s).
    static let midnight = 1_796_601_600

    /// The second `hours` after `midnight`.
    static func at(_ hours: Double) -> Int { midnight + Int((hours * 3600).rounded()) }

    /// One still second whose mean acceleration is `g` (10 samples, all equal).
    static func second(_ t: Int, _ g: SIMD3<Double>) -> SecondSummary {
        var s = SecondSummary(second: t)
        s.n = 10
        s.sum = g * 10
        s.squares = g * g * 10
        s.low = g
        s.high = g
        s.enmo = 0
        return s
    }

    // MARK: Thigh (long axis x; y across the thigh; z out of its front)

    /// Upright thigh: gravity along the long axis.
    static let upright = SIMD3<Double>(1, 0, 0)

    /// Horizontal thigh rotated `degrees` about its long axis from face-up: gravity in the y-z
    /// plane at atan2(y, z) = degrees. Seated face-up is 0°; on a side ±90°.
    static func horizontal(_ degrees: Double) -> SIMD3<Double> {
        let r = degrees * .pi / 180
        return SIMD3(0, sin(r), cos(r))
    }

    /// A thigh script: each piece from hour `from` to `to`, the same vector every second.
    static func thigh(_ script: [(from: Double, to: Double, g: SIMD3<Double>)]) -> [SecondSummary] {
        script.flatMap { piece in (at(piece.from)..<at(piece.to)).map { second($0, piece.g) } }
    }

    // MARK: Wrist

    /// A wrist second whose z-angle is `degrees`: gravity (cos, 0, sin).
    static func wrist(_ t: Int, angle degrees: Double) -> SecondSummary {
        let r = degrees * .pi / 180
        return second(t, SIMD3(cos(r), 0, sin(r)))
    }

    /// A deterministic generator (64-bit LCG, Knuth's MMIX constants) for reproducible noise.
    struct Noise {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        /// Uniform in -1...1.
        mutating func signed() -> Double { next() * 2 - 1 }
    }

    /// Wrist seconds from `from` to `to` (hours): awake (`active`: the arm's angle moves by up to
    /// ±20° every second, kept within ±70°) or asleep (still at an angle that shifts by 30° every
    /// 20 to 40 min, with ±0.02° of jitter).
    static func wrist(from: Double, to: Double, active: Bool, noise: inout Noise) -> [SecondSummary] {
        var out: [SecondSummary] = []
        var angle = -10.0
        var nextShift = at(from) + 20 * 60 + Int(noise.next() * 1200)
        for t in at(from)..<at(to) {
            if active {
                angle = min(70, max(-70, angle + 20 * noise.signed()))
                out.append(wrist(t, angle: angle))
            } else {
                if t >= nextShift {
                    angle = angle > 0 ? angle - 30 : angle + 30
                    nextShift = t + 20 * 60 + Int(noise.next() * 1200)
                }
                out.append(wrist(t, angle: angle + 0.02 * noise.signed()))
            }
        }
        return out
    }
}
