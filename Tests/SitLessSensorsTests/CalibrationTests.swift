import Foundation
import Testing

@testable import SitLessSensors

@Suite("Autocalibration")
struct CalibrationTests {
    /// Still windows in 26 orientations around the sphere, as a miscalibrated sensor reports them:
    /// measured = true / scale - offset, with offset (0.05, -0.03, 0.02) g and scale (1.02, 0.98, 1.01).
    static func miscalibrated() -> [(Double, Double, Double)] {
        var points: [(Double, Double, Double)] = []
        for a in [-1.0, 0, 1] {
            for b in [-1.0, 0, 1] {
                for c in [-1.0, 0, 1] where a != 0 || b != 0 || c != 0 {
                    let n = (a * a + b * b + c * c).squareRoot()
                    points.append((a / n / 1.02 - 0.05, b / n / 0.98 + 0.03, c / n / 1.01 - 0.02))
                }
            }
        }
        return points
    }

    @Test("recovers a known offset and scale and brings still windows back to 1 g")
    func recovers() throws {
        let calibration = try Calibration.fit(Self.miscalibrated()).get()
        #expect(
            abs(calibration.offset.0 - 0.05) < 1e-4 && abs(calibration.offset.1 + 0.03) < 1e-4
                && abs(calibration.offset.2 - 0.02) < 1e-4)
        #expect(
            abs(calibration.scale.0 - 1.02) < 1e-4 && abs(calibration.scale.1 - 0.98) < 1e-4
                && abs(calibration.scale.2 - 1.01) < 1e-4)
        #expect(calibration.errorBefore > 20)  // tens of milli-g off before
        #expect(calibration.errorAfter < 0.1)  // within 0.1 mg after
    }

    @Test("too few still windows or a sphere not covered: not calibrated, with the reason")
    func refuses() {
        #expect(Calibration.fit(Array(Self.miscalibrated().prefix(5))) == .failure(.tooFewStillWindows(5)))
        let flat = (0..<20).map { _ in (0.0, 0.0, 1.0) }
        #expect(Calibration.fit(flat) == .failure(.sphereNotCovered(axis: "x")))
    }

    @Test("the collector keeps only still 10-second windows")
    func collector() {
        var collector = Calibration.Collector()
        // 20 s still at (0, 0, 1), then 10 s shaking.
        var block = SampleBlock()
        for i in 0..<3000 {
            let t = Double(i) / 100
            block.times.append(t)
            block.x.append(t < 20 ? 0 : 0.3 * sin(Double(i)))
            block.y.append(0)
            block.z.append(1)
        }
        collector.add(block)
        _ = collector.fit()
        #expect(collector.means.count == 2)
    }
}
