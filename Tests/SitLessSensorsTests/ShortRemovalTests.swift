import Foundation
import Testing

@testable import SitLessSensors

/// Thigh sensor, long axis x, face out on the front of the thigh: sitting puts gravity on +z,
/// standing on x. Every signal is rounded to the 1/256 g steps of a ±8 g, 12-bit sensor.
@Suite("Short removals")
struct ShortRemovalTests {
    static let start = 1_796_630_400.0

    /// Sitting and fidgeting: z ≈ 1 g, the thigh tilting a few degrees over 97 s, 15 mg of
    /// movement on every axis.
    static func sitting(_ t: Double, _ noise: () -> Double) -> SIMD3<Double> {
        let tilt = 0.05 * sin(2 * .pi * t / 97)
        return quantised(SIMD3(0.05 + tilt + 0.015 * noise(), 0.02 + 0.015 * noise(), 0.99 + 0.015 * noise()))
    }

    /// Very still sitting: 5 mg of tremor, and the thigh settling 3 mg further each minute.
    static func stillSitting(_ t: Double, _ noise: () -> Double) -> SIMD3<Double> {
        let shift = 0.003 * (t / 60).rounded(.down)
        return quantised(SIMD3(0.05 + shift + 0.005 * noise(), 0.02 + 0.005 * noise(), 0.99 + 0.005 * noise()))
    }

    /// Off the body at rest in `direction`: only the sensor's 1.5 mg of noise, then quantised
    /// (about 2 mg of standard deviation in all).
    static func lying(_ direction: SIMD3<Double>) -> (Double, () -> Double) -> SIMD3<Double> {
        { _, noise in quantised(direction + 0.0015 * SIMD3(noise(), noise(), noise())) }
    }

    /// Taking the sensor off or putting it on: 0.3 g of movement in a tumbling direction.
    static func handling(_ t: Double, _ noise: () -> Double) -> SIMD3<Double> {
        let a = 2 * .pi * t / 7
        return quantised(SIMD3(sin(a), cos(a) * 0.7, cos(a) * 0.7) + 0.3 * SIMD3(noise(), noise(), noise()))
    }

    static let faceDown = SIMD3(0.01, -0.02, -1.0)
    static let faceUp = SIMD3(0.05, 0.02, 0.99)

    func at(_ seconds: Double) -> Date { Date(timeIntervalSince1970: Self.start + seconds) }

    func detect(_ build: (inout GeneratedRecording) -> Void) -> ShortRemovalDetector.Result {
        var r = GeneratedRecording(start: Self.start, rate: 25)
        build(&r)
        var detector = ShortRemovalDetector()
        for s in r.finish() { detector.add(s) }
        return detector.finish()
    }

    @Test("a recording that never moves teaches no orientation, so nothing in it is called a removal")
    func neverMoves() {
        // 10 min face up and 5 min face down, both at the noise floor: no window moves, no direction is
        // seen while worn, and without that nothing can be told apart from the way the sensor is worn.
        let result = detect { r in
            r.append(600, Self.lying(Self.faceUp))
            r.append(900, Self.lying(Self.faceDown))
        }
        #expect(result.seenCells == 0)
        #expect(result.removals.isEmpty)
    }

    @Test("(a) 20 minutes face down between sittings is found to within a minute; (c) 40 still minutes are not")
    func faceDown() {
        let result = detect { r in
            r.append(1800, Self.sitting)  // 0–1800 s
            r.append(2400, Self.stillSitting)  // 1800–4200 s: (c) very still sitting
            r.append(600, Self.sitting)  // 4200–4800 s
            r.append(20, Self.handling)  // 4800–4820 s: taken off
            r.append(1200, Self.lying(Self.faceDown))  // 4820–6020 s
            r.append(20, Self.handling)  // 6020–6040 s: put back on
            r.append(1800, Self.sitting)  // 6040–7840 s
        }
        // Off the body from the first handling to the last: 4800–6040 s, 20 2/3 minutes.
        #expect(result.removals.count == 1)
        if let removal = result.removals.first {
            #expect(abs(removal.start.timeIntervalSince(at(4800))) <= 60, "\(removal.start)")
            #expect(abs(removal.end.timeIntervalSince(at(6040))) <= 60, "\(removal.end)")
        }
        #expect(result.leftToVanHees.isEmpty)
        // The floor is the sensor lying (about 2 mg), far below the stillest sitting (5 mg of
        // tremor), so the 40 still minutes are not even still by this measure.
        #expect(result.noiseFloor < 0.003, "\(result.noiseFloor)")
        #expect(result.stillThreshold < 0.005)
    }

    @Test("(b) 20 minutes face up, as in sitting, are not found: nothing tells them from very still sitting")
    func faceUp() {
        // Lying face up, the sensor reads what a sitting thigh reads: gravity on +z. The only
        // difference from the stillest sitting is a few milli-g of tremor, too little to call
        // non-wear on without also calling still sitting non-wear. It stays sitting, as before.
        let result = detect { r in
            r.append(1800, Self.sitting)
            r.append(20, Self.handling)
            r.append(1200, Self.lying(Self.faceUp))
            r.append(20, Self.handling)
            r.append(1800, Self.sitting)
        }
        #expect(result.removals.isEmpty)
        #expect(result.leftToVanHees.isEmpty)
    }

    @Test("(c) 40 minutes of very still sitting in a recording never taken off stay sitting")
    func stillSittingAlone() {
        // With no removal, the 2nd percentile of movement is the still sitting's tremor, about
        // 5 mg: the floor is capped at 5 mg and the still threshold is 7.5 mg, so much of the
        // still sitting counts as still; but its direction (+z) is the sitting one, seen in the
        // fidgeting hour and in the still minutes themselves, so nothing is found.
        let result = detect { r in
            r.append(1800, Self.sitting)
            r.append(2400, Self.stillSitting)
            r.append(1800, Self.sitting)
        }
        #expect(result.removals.isEmpty)
        #expect(result.noiseFloor <= 0.005)
    }

    @Test("(d) 90 minutes face down are left to van Hees, reported apart")
    func longRemoval() {
        let result = detect { r in
            r.append(1800, Self.sitting)
            r.append(20, Self.handling)  // 1800–1820 s
            r.append(5400, Self.lying(Self.faceDown))  // 1820–7220 s
            r.append(20, Self.handling)  // 7220–7240 s
            r.append(1800, Self.sitting)
        }
        #expect(result.removals.isEmpty)
        #expect(result.leftToVanHees.count == 1)
        if let long = result.leftToVanHees.first {
            #expect(abs(long.start.timeIntervalSince(at(1800))) <= 60)
            #expect(abs(long.end.timeIntervalSince(at(7240))) <= 60)
        }
    }

    @Test("a knock on the shelf, 20 s or a whole minute, does not split a removal")
    func knocks() {
        func knock(_ t: Double, _ noise: () -> Double) -> SIMD3<Double> {
            quantised(Self.faceDown + 0.1 * SIMD3(noise(), noise(), noise()))
        }
        for seconds in [20.0, 60] {
            let result = detect { r in
                r.append(1800, Self.sitting)
                r.append(20, Self.handling)  // 1800–1820 s
                r.append(600, Self.lying(Self.faceDown))
                r.append(seconds, knock)  // 0.1 g of movement: not still
                r.append(600 - seconds, Self.lying(Self.faceDown))
                r.append(20, Self.handling)  // 3020–3040 s
                r.append(1800, Self.sitting)
            }
            // 20 s: the still runs either side are 30 s apart at most and join at once. 60 s:
            // each is widened over the knock (a burst above 0.05 g) until they meet.
            #expect(result.removals.count == 1, "knock of \(seconds) s")
            if let removal = result.removals.first {
                #expect(abs(removal.start.timeIntervalSince(at(1800))) <= 60)
                #expect(abs(removal.end.timeIntervalSince(at(3040))) <= 60)
            }
        }
    }

    @Test("5 minutes face down are too short to call (the minimum is 10)")
    func tooShort() {
        let result = detect { r in
            r.append(1800, Self.sitting)
            r.append(20, Self.handling)
            r.append(300, Self.lying(Self.faceDown))
            r.append(20, Self.handling)
            r.append(1800, Self.sitting)
        }
        #expect(result.removals.isEmpty)
        #expect(result.leftToVanHees.isEmpty)
    }
}
