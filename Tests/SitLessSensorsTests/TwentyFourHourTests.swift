import Foundation
import SitLessCore
import Testing

@testable import SitLessSensors

/// A whole day and night of thigh wear through `WearableFile.read`: the detectors' findings
/// (lying, time in bed, a short removal) reach the bouts, and the day's sitting is waking sitting.
@Suite("24-hour thigh recordings")
struct TwentyFourHourTests {
    enum Doing { case sit, stand, bed, supine, removed }

    /// 2026-03-02, device clock = UTC, minutes. Waking sitting 290 + 9 × 50 + 20 = 760 min; in bed
    /// 420 + 115 = 535 min; off the body 20 min (12:10-12:30).
    static let schedule: [(Doing, Int)] =
        [(.bed, 420), (.stand, 10), (.sit, 290), (.stand, 10), (.removed, 20), (.stand, 10)]
        + Array(repeating: [(Doing.sit, 50), (.stand, 10)], count: 9).flatMap { $0 }
        + [(.sit, 20), (.stand, 5), (.bed, 115)]

    /// The same day with the first night spent on the back: the thigh face up, as when sitting.
    static let supineSchedule = [(Doing.supine, 420)] + schedule.dropFirst()

    /// The day at 25 Hz as a `.cwa` (blocks of 120 samples, 4.8 s each), in 1/256 g.
    static func file(_ schedule: [(Doing, Int)] = schedule) throws -> URL {
        var minutes: [Doing] = []
        for (doing, count) in schedule { minutes += Array(repeating: doing, count: count) }
        precondition(minutes.count == 1440)
        var seed: UInt64 = 24
        func noise() -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(seed >> 61) - 4
        }
        var bytes = CWAWriter.header(rateCode: 0x48)  // 25 Hz, ±8 g
        let rate = 25
        for k in 0..<(86_400 * rate / 120) {
            let first = 120 * k
            let second = (first + rate - 1) / rate  // the first whole second in the block
            let samples: [(Int, Int, Int)] = (0..<120).map { i in
                let t = Double(first + i) / Double(rate)
                let minute = Int(t) / 60
                switch minutes[minute] {
                case .sit:  // thigh horizontal, face up; a different position each minute
                    return (
                        13 + (minute &* 7919) % 21 - 10 + noise(), 5 + (minute &* 104729) % 21 - 10 + noise(),
                        253 + noise()
                    )
                case .stand: return (253 + noise(), 8 + noise(), 20 + noise())
                case .bed:  // on one side, then the other (turns every 70 min); the leg shifts every 3 min
                    let side = (minute / 70) % 2 == 0 ? 1 : -1
                    let shift = (minute / 3 &* 7919) % 37 - 18
                    return (10 + shift + noise(), side * 250 + noise(), 40 - shift + noise())
                case .supine:  // on the back: thigh face up and still; the leg shifts every 3 min
                    let shift = (minute / 3 &* 7919) % 37 - 18
                    return (13 + shift + noise(), 5 - shift / 2 + noise(), 253 + noise())
                case .removed:  // face down and still, with 5 s of handling at each end
                    let into = t - Double(minute * 60)
                    if (minute == 730 && into < 5) || (minute == 749 && into >= 55) {
                        return (Int(120 * sin(6 * .pi * t)), Int(90 * cos(4 * .pi * t)), -200)
                    }
                    return (4 + noise() / 4, -3, -256 + noise() / 4)
                }
            }
            bytes += CWAWriter.block(
                CWAWriter.Block(
                    sequence: UInt32(k), clock: (2026, 3, 2, second / 3600, second / 60 % 60, second % 60),
                    timestampOffset: second * rate - first, rateCode: 0x48, samples: samples))
        }
        return try CWAWriter.file(bytes)
    }

    static let utc = TimeZone(identifier: "UTC")!
    static let day = LocalDate(iso: "2026-03-02")!

    /// The day read through `WearableFile.read` as a thigh recording, and its metrics.
    static func read(_ schedule: [(Doing, Int)]) throws -> (WearableRecording, SedentaryMetrics) {
        let recording = try WearableFile.read(url: try file(schedule), zone: utc, placement: .thigh, workers: 2)
        let m = SedentaryMetrics(
            timeline: PostureTimeline(merging: recording.bouts), from: day.startOfDay(in: utc),
            to: day.adding(days: 1).startOfDay(in: utc))
        return (recording, m)
    }

    /// Waking sitting 760 min, in bed 535, non-wear 20, each within 2 minutes (the classifier's
    /// 2-second windows and the detectors' 10-s windows blur edges).
    func expectScheduleTruth(_ m: SedentaryMetrics) {
        #expect(abs(m.sittingSeconds / 60 - 760) <= 2, "sitting \(m.sittingSeconds / 60) min")
        #expect(abs(m.inBedSeconds / 60 - 535) <= 2, "in bed \(m.inBedSeconds / 60) min")
        #expect(abs(m.nonWearSeconds / 60 - 20) <= 2, "non-wear \(m.nonWearSeconds / 60) min")
    }

    @Test("a night on the side is time in bed, a 20-minute removal is non-wear, the rest is waking sitting")
    func wholeDay() throws {
        let (recording, m) = try Self.read(Self.schedule)
        #expect(recording.inBedSource == .detected)
        expectScheduleTruth(m)
        #expect(m.lyingSeconds < 60, "lying outside bed \(m.lyingSeconds) s")
        #expect(recording.warnings.contains { $0.hasPrefix("1 short removal (10-60 min off the body") })
        // The morning's first sitting bout (of a minute or more: the classifier's 2-second window leaves
        // a second at the edge of the night) begins after getting up, at 07:10, not in bed.
        let firstSit = recording.bouts.first { $0.posture == .sitting && $0.duration >= 60 }
        let getUp = Self.day.instant(hour: 7, minute: 10, in: Self.utc)
        #expect(
            firstSit.map { abs($0.start.timeIntervalSince(getUp)) <= 60 } == true,
            "\(recording.bouts.prefix(6).map { "\($0.posture) \($0.start) \($0.end)" })")
    }

    @Test("a night on the back, the thigh never rolled, is time in bed from the small hours; the side night by lying")
    func supineNight() throws {
        let (recording, m) = try Self.read(Self.supineSchedule)
        // Without the still-night rule the 420 minutes on the back were sitting: 1,180 min.
        expectScheduleTruth(m)
        #expect(recording.inBedNote?.contains("1 night without lying") == true, "\(recording.inBedNote ?? "")")
    }
}
