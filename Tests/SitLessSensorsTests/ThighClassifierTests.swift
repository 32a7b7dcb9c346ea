import Foundation
import SitLessCore
import Testing

@testable import SitLessSensors

/// Generates thigh-sensor signals for a known posture schedule.
enum ThighSignal {
    /// Sitting: thigh horizontal (gravity on z). Standing: thigh vertical (gravity on x).
    /// Walking: vertical with a 1.8 Hz swing of ±0.4 g. A little noise everywhere.
    static func block(_ schedule: [(Posture, Int)], rate: Double, start: Double = 1_796_630_400) -> SampleBlock {
        var block = SampleBlock()
        var t = start
        var seed: UInt64 = 42
        func noise() -> Double {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Double(seed >> 33) / Double(1 << 31) - 0.5) * 0.02
        }
        for (posture, seconds) in schedule {
            for _ in 0..<Int(Double(seconds) * rate) {
                let (x, y, z): (Double, Double, Double)
                switch posture {
                case .sitting: (x, y, z) = (0.05, 0.02, 0.99)
                case .stepping: (x, y, z) = (0.95 + 0.4 * sin(2 * .pi * 1.8 * t), 0.1 * cos(2 * .pi * 1.8 * t), 0.1)
                default: (x, y, z) = (0.99, 0.03, 0.08)
                }
                block.times.append(t)
                block.x.append(x + noise())
                block.y.append(y + noise())
                block.z.append(z + noise())
                t += 1 / rate
            }
        }
        return block
    }
}

@Suite("Thigh posture classifier")
struct ThighClassifierTests {
    @Test("recovers a generated schedule of sitting, standing and walking to the second")
    func schedule() {
        let plan: [(Posture, Int)] = [
            (.sitting, 600), (.standing, 120), (.stepping, 300), (.sitting, 1200), (.stepping, 60), (.standing, 30),
        ]
        var classifier = ThighClassifier()
        classifier.add(ThighSignal.block(plan, rate: 50))
        let bouts = classifier.finish()
        #expect(bouts.map(\.posture) == plan.map(\.0))
        // Each boundary within 2 s (the 2-second window) of the truth.
        for (bout, truth) in zip(bouts, plan) { #expect(abs(bout.duration - Double(truth.1)) <= 2, "\(bout.posture)") }
        let sitting = bouts.filter { $0.posture == .sitting }.reduce(0) { $0 + $1.duration }
        #expect(abs(sitting - 1800) / 1800 < 0.02)
    }

    @Test("a 1-second stand is smoothed into the sitting around it; an upside-down sensor reads the same")
    func smoothing() {
        var classifier = ThighClassifier()
        classifier.add(ThighSignal.block([(.sitting, 60), (.standing, 1), (.sitting, 60)], rate: 25))
        #expect(classifier.finish().map(\.posture) == [.sitting])
        var flipped = ThighClassifier()
        var block = ThighSignal.block([(.standing, 30)], rate: 25)
        block.x = block.x.map { -$0 }
        flipped.add(block)
        #expect(flipped.finish().map(\.posture) == [.standing])
    }
}

@Suite("ActiGraph counts")
struct ActiGraphCountsTests {
    @Test("the band-pass filter starts at its steady state, as scipy's lfilter_zi computes it")
    func steadyState() {
        // scipy.signal.lfilter_zi(b, a) for ActiGraph's coefficients.
        let scipy = [0.00934106, 0.03481135, 0.03904662, -0.0051058, -0.04159952, -0.02970555, -0.00678816, 0.0]
        for (mine, theirs) in zip(ActiGraphCounts.steadyState, scipy) { #expect(abs(mine - theirs) < 5e-8) }
    }

    @Test("a still sensor gives zero counts; whole epochs only; unsupported rates are refused")
    func stillAndEpochs() throws {
        var counts = try #require(ActiGraphCounts(rate: 30, epochSeconds: 60))
        let n = 30 * 150  // two and a half minutes
        counts.add(
            SampleBlock(
                times: (0..<n).map { Double($0) / 30 }, x: Array(repeating: 0, count: n),
                y: Array(repeating: 0, count: n), z: Array(repeating: 1, count: n)))
        #expect(counts.epochs == [[0, 0, 0], [0, 0, 0]])
        #expect(ActiGraphCounts(rate: 25) == nil)
        #expect(ActiGraphCounts(rate: 100) != nil)
    }
}
