import Foundation
import Testing

@testable import SitLessSensors

/// Worked examples for `HDCZA` on synthetic wrist seconds (hours since midnight UTC of
/// 2026-12-07). Awake, the arm's z-angle moves by up to ±20° a second, so successive 5-s
/// epoch angles differ by degrees; asleep it rests still (±0.02° of jitter) and shifts by 30°
/// every 20 to 40 min, one change among the 59 in a 5-min window, which the median ignores.
@Suite("HDCZA sleep period time window")
struct HDCZATests {
    typealias F = BedFixtures

    func date(_ hours: Double) -> Date { Date(timeIntervalSince1970: Double(F.at(hours))) }

    /// Runs the detector over `pieces` (from, to, asleep) in hours.
    func run(_ pieces: [(from: Double, to: Double, asleep: Bool)]) -> HDCZA.Result {
        var noise = F.Noise(state: 2018)
        var detector = HDCZA()
        for piece in pieces {
            for s in F.wrist(from: piece.from, to: piece.to, active: !piece.asleep, noise: &noise) { detector.add(s) }
        }
        return detector.finish()
    }

    @Test("asleep 23:00 to 07:00 with 20 min awake at 3 am: one SPT window, within 5 min of the truth")
    func night() {
        let r = run([
            (10, 23, false), (23, 27, true), (27, 27 + 20.0 / 60, false), (27 + 20.0 / 60, 31, true), (31, 35, false),
        ])
        // Windows: 10:00-12:00 Dec 7 (the recording starts at 10:00) and 12:00 Dec 7 to 11:00 Dec 8.
        #expect(r.nights.count == 2)
        #expect(r.nights.first?.sleepPeriod == nil)
        guard let spt = r.nights.last?.sleepPeriod else {
            Issue.record("no SPT window")
            return
        }
        // The 5-min median flips when half its window is asleep, so the block edges land within
        // an epoch or two of 23:00 and 07:00; the 20-min awakening (< 60 min) is filled.
        #expect(abs(spt.start.timeIntervalSince(date(23))) <= 300)
        #expect(abs(spt.end.timeIntervalSince(date(31))) <= 300)
        // Night epochs are 8 h of 23 h (35 %), so the 10th percentile of x is a night value,
        // a few hundredths of a degree; × 15 that is below 0.13, and GGIR's lower bound holds.
        #expect(r.nights.last?.threshold == 0.13)
        #expect(r.periods == [spt])
    }

    @Test("70 min awake at 3 am is more than the 60-min gap: the longer part of the night is the window")
    func longAwakening() {
        let r = run([
            (12, 23, false), (23, 27, true), (27, 28 + 10.0 / 60, false), (28 + 10.0 / 60, 31, true), (31, 34, false),
        ])
        // 23:00-03:00 (4 h) beats 04:10-07:00 (2 h 50 min).
        let spt = r.periods.first
        #expect(r.periods.count == 1)
        #expect(abs((spt?.start.timeIntervalSince(date(23))) ?? 999) <= 300)
        #expect(abs((spt?.end.timeIntervalSince(date(27))) ?? 999) <= 300)
    }

    @Test("a day and night without a still block gives no window")
    func noNight() {
        let r = run([(10, 35, false)])
        #expect(r.periods.isEmpty)
        // Awake, x is degrees everywhere; 15 × its 10th percentile is far above 0.50, the upper bound.
        #expect(r.nights.last?.threshold == 0.5)
    }

    @Test("R's type-7 quantile")
    func quantile() {
        // h = (5 − 1) × 0.1 = 0.4: 1 + 0.4 × (2 − 1) = 1.4.
        #expect(abs(HDCZA.quantile([5, 3, 1, 2, 4], 0.1) - 1.4) < 1e-12)
        #expect(HDCZA.quantile([7], 0.1) == 7)
    }
}
