import Foundation
import Testing

@testable import SitLessSensors

@Suite("Intensity from ENMO cut-points")
struct IntensityTests {
    /// 2026-12-10 00:00:00 UTC, a midnight (20,797 × 86,400 s).
    static let midnight = 1_796_860_800.0

    /// Minutes of a constant acceleration of 1 + mg/1000 g on z: ENMO = |a| − 1 = mg exactly.
    static func recording(_ plan: [(minutes: Double, milliG: Double)], start: Double = midnight) -> IntensityEpochs {
        var r = GeneratedRecording(start: start, rate: 10)
        for part in plan {
            r.append(part.minutes * 60) { _, _ in SIMD3(0, 0, 1 + part.milliG / 1000) }
        }
        var epochs = IntensityEpochs(placement: .wrist)
        for s in r.finish() { epochs.add(s) }
        return epochs
    }

    static func all(_ e: IntensityEpochs) -> IntensitySummary {
        e.summary(from: Date(timeIntervalSince1970: 0), to: Date(timeIntervalSince1970: 4e9))
    }

    func near(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-9 }

    @Test("12 minutes at 150 mg with a 1-minute dip to 50 mg: one bout, 11 MVPA minutes in bouts of 1, 5 and 10")
    func oneMinuteDip() {
        // Wrist, ActiGraph: light ≥ 44.8, moderate ≥ 100.6, vigorous ≥ 428.8 mg.
        // 150 mg is moderate, 50 mg light, 0 mg inactive.
        let e = Self.recording([(10, 0), (5.5, 150), (1, 50), (5.5, 150), (10, 0)])
        let s = Self.all(e)
        #expect(near(s.minutes, 32))
        #expect(near(s.moderateMinutes, 11))  // 5.5 + 5.5
        #expect(near(s.lightMinutes, 1))
        #expect(near(s.inactiveMinutes, 20))
        #expect(s.vigorousMinutes == 0)
        // The 12 minutes are 144 epochs of 5 s: 66 MVPA, 12 below, 66 MVPA. A 10-minute window
        // (120 epochs) from the first MVPA epoch ends in the second MVPA block (epoch 119 ≥ 78)
        // and holds 66 + 42 = 108 ≥ 96 (80 %) MVPA epochs; its one break is 12 epochs, exactly
        // a minute, which GGIR allows ("larger than but not equal to a minute" breaks a bout).
        // Windows starting at epochs 0…24 cover all 144, so all 132 MVPA epochs, 11 minutes,
        // are in a 10-minute bout, hence also in 5- and 1-minute bouts. The dip itself is not
        // counted (bout.metric 6 counts only the epochs above the threshold).
        #expect(near(s.mvpaBout10Minutes, 11))
        #expect(near(s.mvpaBout5Minutes, 11))
        #expect(near(s.mvpaBout1Minutes, 11))
    }

    @Test("a 2-minute dip breaks the bout: two 5-minute bouts, no 10-minute bout")
    func twoMinuteDip() {
        let e = Self.recording([(10, 0), (5, 150), (2, 50), (5, 150), (10, 0)])
        let s = Self.all(e)
        #expect(near(s.moderateMinutes, 10))
        #expect(near(s.lightMinutes, 2))
        // Any 10-minute window that starts and ends on MVPA must span the 24-epoch dip, a break
        // over a minute: no 10-minute bout. Each 5-minute block is a 60-epoch window on its own.
        #expect(s.mvpaBout10Minutes == 0)
        #expect(near(s.mvpaBout5Minutes, 10))
        #expect(near(s.mvpaBout1Minutes, 10))
    }

    @Test("sporadic MVPA, 30 s on and 30 s off for 12 minutes, counts as moderate time but in no bout")
    func sporadic() {
        var plan: [(minutes: Double, milliG: Double)] = [(5, 0)]
        for _ in 0..<12 { plan += [(0.5, 150), (0.5, 0)] }
        let s = Self.all(Self.recording(plan))
        #expect(near(s.moderateMinutes, 6))
        // Every 1-minute window (12 epochs) holds 6 MVPA epochs, 50 % < 80 %.
        #expect(s.mvpaBout1Minutes == 0)
        #expect(s.mvpaBout5Minutes == 0)
        #expect(s.mvpaBout10Minutes == 0)
    }

    @Test("300 mg is moderate at the wrist and vigorous at the hip")
    func placement() {
        var r = GeneratedRecording(start: Self.midnight, rate: 10)
        r.append(600) { _, _ in SIMD3(0, 0, 1.3) }
        let seconds = r.finish()
        var wrist = IntensityEpochs(placement: .wrist)
        var hip = IntensityEpochs(placement: .hip)
        for s in seconds {
            wrist.add(s)
            hip.add(s)
        }
        // Wrist: 100.6 ≤ 300 < 428.8. Hip (ActiGraph): 300 ≥ 258.7.
        #expect(near(Self.all(wrist).moderateMinutes, 10))
        #expect(Self.all(wrist).vigorousMinutes == 0)
        #expect(near(Self.all(hip).vigorousMinutes, 10))
        #expect(near(Self.all(hip).mvpaBout10Minutes, 10))
        #expect(hip.cutPoints.moderate == 69.1)
        #expect(wrist.cutPoints.source.contains("Hildebrand"))
    }

    @Test("days split at midnight, and only the waking windows count when given")
    func daysAndWindows() {
        // 10 minutes at 150 mg from 23:55 to 00:05.
        let e = Self.recording([(5, 0), (10, 150), (5, 0)], start: Self.midnight - 600)
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let days = e.daily(calendar: utc)
        #expect(days.count == 2)
        // 5 minutes each side of midnight: each a 5-minute bout, neither a 10-minute one.
        #expect(days.allSatisfy { near($0.1.moderateMinutes, 5) })
        #expect(days.allSatisfy { near($0.1.mvpaBout5Minutes, 5) && $0.1.mvpaBout10Minutes == 0 })
        // Awake 23:00 to 23:58 the first day: 3 of the 5 minutes.
        let awake = DateInterval(
            start: Date(timeIntervalSince1970: Self.midnight - 3600),
            end: Date(timeIntervalSince1970: Self.midnight - 120))
        let w = e.summary(windows: [awake])
        #expect(near(w.moderateMinutes, 3))
        #expect(near(w.mvpaBout1Minutes, 3))
        #expect(w.mvpaBout5Minutes == 0)
        #expect(near(e.daily(calendar: utc, windows: [awake])[0].1.moderateMinutes, 3))
    }

    @Test("seconds that arrive out of order (a clock that went back) land in their epochs")
    func outOfOrder() {
        // 600 seconds at 150 mg, the second half first: sorted back, 10 minutes, one bout.
        var r = GeneratedRecording(start: Self.midnight, rate: 10)
        r.append(600) { _, _ in SIMD3(0, 0, 1.15) }
        let seconds = r.finish()
        var e = IntensityEpochs(placement: .wrist)
        for s in seconds[300...] { e.add(s) }
        for s in seconds[..<300] { e.add(s) }
        let s = Self.all(e)
        #expect(near(s.moderateMinutes, 10))
        #expect(near(s.mvpaBout10Minutes, 10))
    }
}
