import Foundation
import Testing

@testable import SitLessSensors

/// `SecondReducer` sums samples in runs, two at a time: the seconds it makes are those of the
/// plain definition (one sample after another), on a worked example and on awkward times.
@Suite("second reducer")
struct SecondReducerTests {
    /// The plain definition: a second closes when a sample of another second arrives; the
    /// eighth of a sample is ⌊8 × (t − ⌊t⌋)⌋; times that are not finite are left out.
    static func reference(_ block: SampleBlock, calibration: Calibration? = nil) -> [SecondSummary] {
        var out: [SecondSummary] = []
        var open: SecondSummary?
        var eighthSums = [SIMD3<Double>](repeating: .zero, count: 8)
        var eighthCounts = [Double](repeating: 0, count: 8)
        func close() {
            guard var s = open else { return }
            var last = SIMD3<Float>(s.mean)
            for k in 0..<8 {
                if eighthCounts[k] > 0 { last = SIMD3<Float>(eighthSums[k] / eighthCounts[k]) }
                s.eighths[k] = last
            }
            out.append(s)
            open = nil
            eighthSums = .init(repeating: .zero, count: 8)
            eighthCounts = .init(repeating: 0, count: 8)
        }
        for i in 0..<block.count {
            let t = block.times[i]
            guard t.isFinite else { continue }
            let second = Int(t.rounded(.down))
            if open?.second != second {
                close()
                open = SecondSummary(second: second)
            }
            var a = SIMD3(block.x[i], block.y[i], block.z[i])
            if let c = calibration {
                a = (a + SIMD3(c.offset.0, c.offset.1, c.offset.2)) * SIMD3(c.scale.0, c.scale.1, c.scale.2)
            }
            open!.n += 1
            open!.sum += a
            open!.squares += a * a
            open!.low = pointwiseMin(open!.low, a)
            open!.high = pointwiseMax(open!.high, a)
            open!.enmo += max(0, (a * a).sum().squareRoot() - 1)
            let k = min(7, Int((t - Double(second)) * 8))
            eighthSums[k] += a
            eighthCounts[k] += 1
        }
        close()
        return out
    }

    /// The largest difference between two vectors' lanes.
    func apart(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double {
        let d = a - b
        return max(abs(d.x), abs(d.y), abs(d.z))
    }

    static func reduce(_ block: SampleBlock, calibration: Calibration? = nil, pieces: Int = 1) -> [SecondSummary] {
        var reducer = SecondReducer(calibration: calibration)
        let size = (block.count + pieces - 1) / max(1, pieces)
        for start in stride(from: 0, to: block.count, by: max(1, size)) {
            let end = min(block.count, start + size)
            reducer.add(
                SampleBlock(
                    times: Array(block.times[start..<end]), x: Array(block.x[start..<end]),
                    y: Array(block.y[start..<end]), z: Array(block.z[start..<end])))
        }
        reducer.finish()
        return reducer.take()
    }

    @Test("a worked second: sums, squares, extremes, ENMO and eighths of five samples")
    func workedSecond() {
        // Second 100: samples at .0, .1 (eighth 0), .25 (eighth 2) and .9 (eighth 7); one in
        // second 101. Values are halves and quarters, so every sum is exact.
        let block = SampleBlock(
            times: [100.0, 100.1, 100.25, 100.9, 101.5],
            x: [0, 0.5, 1, -0.5, 2], y: [0, 0, 0, 0, 0], z: [1, 1, 1.5, 2, 0])
        let seconds = Self.reduce(block)
        #expect(seconds.map(\.second) == [100, 101])
        let s = seconds[0]
        #expect(s.n == 4)
        #expect(s.sum == SIMD3<Double>(1, 0, 5.5))
        // x²: 0 + 0.25 + 1 + 0.25; z²: 1 + 1 + 2.25 + 4.
        #expect(s.squares == SIMD3<Double>(1.5, 0, 8.25))
        #expect(s.low == SIMD3<Double>(-0.5, 0, 1))
        #expect(s.high == SIMD3<Double>(1, 0, 2))
        // |a| − 1 above zero: 0, 0.118…, 0.803…, 1.061…
        let lengths: [Double] = [1.25, 3.25, 4.25].map { $0.squareRoot() }
        let enmo = lengths.map { $0 - 1 }.reduce(0, +)
        #expect(abs(s.enmo - enmo) < 1e-15)
        // Eighth 0 holds two samples, 1 repeats it, 2 has one, 3-6 repeat it, 7 has one.
        let e0 = SIMD3<Float>(0.25, 0, 1)
        let e2 = SIMD3<Float>(1, 0, 1.5)
        #expect(Array(s.eighths) == [e0, e0, e2, e2, e2, e2, e2, SIMD3<Float>(-0.5, 0, 2)])
        #expect(seconds[1].n == 1 && seconds[1].sum == SIMD3(2, 0, 0))
        // The second after it has no samples before .5: its first eighths repeat its mean.
        #expect(Array(seconds[1].eighths) == Array(repeating: SIMD3<Float>(2, 0, 0), count: 8))
    }

    @Test("awkward times: backwards, gaps, NaN, exact eighths; any run length; with and without calibration")
    func awkwardTimes() {
        var rng = SplitMix(seed: 7)
        var block = SampleBlock()
        var t = 1_700_000_000.0
        for i in 0..<5_000 {
            switch rng.next() % 40 {
            case 0: t -= 0.7  // the clock goes back
            case 1: t += 3.1  // a gap
            case 2: t = (t * 8).rounded(.up) / 8  // exactly on an eighth
            default: t += 0.01
            }
            block.times.append(i % 997 == 5 ? .nan : t)
            block.x.append(rng.normal())
            block.y.append(rng.normal() * 0.1)
            block.z.append(1 + rng.normal() * 0.01)
        }
        let calibration = Calibration(
            offset: (0.01, -0.02, 0.03), scale: (1.01, 0.99, 1.02), errorBefore: 0, errorAfter: 0, stillWindows: 0)
        for c in [nil, calibration] {
            let expected = Self.reference(block, calibration: c)
            #expect(expected.count > 250)  // 50 s of samples, about 125 gaps and 125 steps back
            for pieces in [1, 7, 333] {
                let got = Self.reduce(block, calibration: c, pieces: pieces)
                #expect(got.count == expected.count)
                for (g, e) in zip(got, expected) {
                    // The runs add in another order than one by one: equal to rounding.
                    let close =
                        g.second == e.second && g.n == e.n && g.low == e.low && g.high == e.high
                        && apart(g.sum, e.sum) < 1e-12 && apart(g.squares, e.squares) < 1e-12
                        && abs(g.enmo - e.enmo) < 1e-12
                        && zip(g.eighths, e.eighths).allSatisfy { apart(SIMD3<Double>($0), SIMD3<Double>($1)) < 1e-6 }
                    if !close {
                        Issue.record("second \(g.second): \(g) is not \(e)")
                        break
                    }
                }
            }
        }
    }
}
