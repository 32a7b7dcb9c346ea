import Foundation
import SitLessCore
import Testing

@testable import SitLessSensors

@Suite("Non-wear detection")
struct NonWearTests {
    /// Samples at 10 Hz from `start` for `minutes`, gravity on z, with movement `wobble` g.
    func block(start: Double, minutes: Int, wobble: Double) -> SampleBlock {
        var b = SampleBlock()
        for i in 0..<(minutes * 600) {
            let t = start + Double(i) / 10
            b.times.append(t)
            b.x.append(wobble * sin(Double(i) * 0.37))
            b.y.append(wobble * cos(Double(i) * 0.23))
            b.z.append(1)
        }
        return b
    }

    @Test("two still hours on a table are non-wear; an hour of small movements is not")
    func stillHours() {
        var detector = NonWearDetector()
        let start = 1_796_630_400.0  // a 15-minute boundary
        detector.add(block(start: start, minutes: 60, wobble: 0.05))  // worn
        detector.add(block(start: start + 3600, minutes: 120, wobble: 0.002))  // off
        detector.add(block(start: start + 3 * 3600, minutes: 60, wobble: 0.05))  // worn
        let bouts = detector.bouts()
        #expect(bouts.count == 1)
        #expect(bouts.first?.start == Date(timeIntervalSince1970: start + 3600))
        #expect(bouts.first?.duration == 7200)
        #expect(bouts.first?.posture == .nonWear)
    }

    @Test("45 still minutes are too short to call non-wear")
    func shortStill() {
        var detector = NonWearDetector()
        let start = 1_796_630_400.0
        detector.add(block(start: start, minutes: 30, wobble: 0.05))
        detector.add(block(start: start + 1800, minutes: 45, wobble: 0.002))
        detector.add(block(start: start + 4500, minutes: 45, wobble: 0.05))
        #expect(detector.bouts().isEmpty)
    }
}
