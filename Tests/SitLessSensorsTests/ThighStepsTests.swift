import Foundation
import Testing

@testable import SitLessSensors

@Suite("Thigh steps and cadence")
struct ThighStepsTests {
    /// A minute boundary (2026-12-07 08:00:00 UTC).
    static let start = 1_796_630_400.0

    /// A thigh walking at `cadence` steps/min: the sagittal angle θ(t) = 15° + 25°·sin(2π·f·t)
    /// with f = cadence / 120 Hz (one swing per stride, two steps a stride), read by a sensor
    /// with its long axis x up the thigh and z forward: x = cos θ, z = sin θ, 0.01 g noise.
    static func walk(_ cadence: Double) -> (Double, () -> Double) -> SIMD3<Double> {
        { t, noise in
            let theta = (15 + 25 * sin(2 * .pi * cadence / 120 * t)) * .pi / 180
            return SIMD3(cos(theta) + 0.01 * noise(), 0.01 * noise(), sin(theta) + 0.01 * noise())
        }
    }

    /// Sitting (thigh horizontal, z up) with fidgeting: the leg bounces ±8° at 3 Hz around 85°.
    static func fidgetingSitting(_ t: Double, _ noise: () -> Double) -> SIMD3<Double> {
        let theta = (85 + 8 * sin(2 * .pi * 3 * t)) * .pi / 180
        return SIMD3(cos(theta) + 0.02 * noise(), 0.02 * noise(), sin(theta) + 0.02 * noise())
    }

    /// Standing with a slow ±3° sway.
    static func standing(_ t: Double, _ noise: () -> Double) -> SIMD3<Double> {
        let theta = 3 * sin(2 * .pi * 0.3 * t) * .pi / 180
        return SIMD3(cos(theta) + 0.01 * noise(), 0.01 * noise(), sin(theta) + 0.01 * noise())
    }

    func at(_ seconds: Double) -> Date { Date(timeIntervalSince1970: Self.start + seconds) }

    @Test("5 minutes at 100 and 5 at 120 steps/min: 500 and 600 steps within 2 %; none in 10 minutes of fidgeting")
    func generatedWalk() {
        var r = GeneratedRecording(start: Self.start, rate: 100)
        r.append(60, Self.fidgetingSitting)  // 0–60 s
        r.append(300, Self.walk(100))  // 60–360 s: 5 min × 100 = 500 steps
        r.append(60, Self.standing)  // 360–420 s
        r.append(300, Self.walk(120))  // 420–720 s: 5 min × 120 = 600 steps
        r.append(600, Self.fidgetingSitting)  // 720–1320 s: 0 steps
        var steps = ThighSteps()
        for s in r.finish() { steps.add(s) }

        let slow = steps.summary(from: at(60), to: at(361))
        let fast = steps.summary(from: at(420), to: at(721))
        let sitting = steps.summary(from: at(722), to: at(1320))
        #expect(abs(Double(slow.steps) - 500) <= 10, "\(slow.steps)")
        #expect(abs(Double(fast.steps) - 600) <= 12, "\(fast.steps)")
        #expect(sitting.steps == 0)
        #expect(steps.summary(from: at(0), to: at(60)).steps == 0)
        #expect(steps.summary(from: at(362), to: at(420)).steps == 0)  // standing sway
        let all = steps.finish()
        #expect(abs(Double(all.steps) - 1100) <= 22)
        // Cadence: steps over stepping time (about 300 s each walk, a second more or less at
        // the edges of the 2-second gate).
        #expect(abs(slow.cadence - 100) <= 3, "\(slow.cadence) over \(slow.steppingSeconds) s")
        #expect(abs(fast.cadence - 120) <= 3.6, "\(fast.cadence) over \(fast.steppingSeconds) s")
        // Clock minutes 08:08–08:11 lie wholly inside the fast walk (420–720 s): 120 a minute.
        #expect(abs(all.peakOneMinuteCadence - 120) <= 2, "\(all.peakOneMinuteCadence)")
    }

    @Test("a walk that starts 0.37 s into a second is counted the same")
    func walkStartingMidSecond() {
        var r = GeneratedRecording(start: Self.start, rate: 100)
        r.append(30.37, Self.standing)
        r.append(300, Self.walk(120))  // 600 steps
        r.append(30, Self.standing)
        var steps = ThighSteps()
        for s in r.finish() { steps.add(s) }
        let total = steps.finish()
        #expect(abs(Double(total.steps) - 600) <= 12, "\(total.steps)")
    }

    @Test("a sensor worn inside out (z backward) or upside down (x and z reversed) counts the same steps")
    func orientation() {
        var r = GeneratedRecording(start: Self.start, rate: 50)
        r.append(120, Self.walk(110))  // 2 min × 110 = 220 steps
        let seconds = r.finish()
        /// The same seconds read by a sensor whose axes are multiplied by `sign`.
        func flipped(_ s: SecondSummary, _ sign: SIMD3<Double>) -> SecondSummary {
            var f = s
            f.sum = s.sum * sign
            f.low = pointwiseMin(s.low * sign, s.high * sign)
            f.high = pointwiseMax(s.low * sign, s.high * sign)
            f.eighths = Eighths(s.eighths.map { $0 * SIMD3<Float>(sign) })
            return f
        }
        var steps = ThighSteps()
        var insideOut = ThighSteps()  // θ becomes −θ: the same swing mirrored
        var upsideDown = ThighSteps()  // θ moves by 180°, across the ±180° seam: unwrapped
        for s in seconds {
            steps.add(s)
            insideOut.add(flipped(s, SIMD3(1, 1, -1)))
            upsideDown.add(flipped(s, SIMD3(-1, 1, -1)))
        }
        #expect(abs(Double(steps.finish().steps) - 220) <= 5)
        // Mirrored, a fall of the swing becomes a rise: the partial swing at the start may count
        // on one side and not the other, one cycle, 2 steps, apart.
        #expect(abs(insideOut.finish().steps - steps.finish().steps) <= 2)
        #expect(upsideDown.finish().steps == steps.finish().steps)
    }
}
