import Foundation
import Testing

@testable import SitLessSensors

/// Worked examples for `ThighLying` and `BedPeriods`: a day scripted hour by hour (hours since
/// midnight UTC of 2026-12-07; 25 = 01:00 next day), each second a still thigh at the stated
/// orientation. Upright: gravity on the long axis. Sitting: horizontal, face up (rotation
/// about the long axis ≈ 0°). Lying on a side: rotation ±90°.
@Suite("Thigh lying and bed periods")
struct ThighLyingTests {
    typealias F = BedFixtures

    func date(_ hours: Double) -> Date { Date(timeIntervalSince1970: Double(F.at(hours))) }

    func run(
        _ script: [(from: Double, to: Double, g: SIMD3<Double>)], parameters: ThighLying.Parameters = .init()
    )
        -> ThighLying.Result
    {
        var detector = ThighLying(parameters: parameters)
        for second in F.thigh(script) { detector.add(second) }
        return detector.finish()
    }

    /// The office day every example shares, 08:00 to 22:30: desk 09-12 (rotation 5°) and 13-17
    /// (−5°), television 19-22 (0°), upright in between; the last upright half hour keeps the
    /// evening more than 15 min away from bed.
    static let officeDay: [(from: Double, to: Double, g: SIMD3<Double>)] = [
        (8, 9, F.upright), (9, 12, F.horizontal(5)), (12, 13, F.upright), (13, 17, F.horizontal(-5)),
        (17, 19, F.upright), (19, 22, F.horizontal(0)), (22, 22.5, F.upright),
    ]

    @Test("a desk day and a night on the side, with 10 min up at 3 am: the bed period is 22:30 to 06:45")
    func nightOnTheSide() {
        // Night: on the right side 22:30-01:00 (90°), on the back 01:00-03:00 (20°, not lying by
        // itself), up 03:00-03:10 (toilet), on the left side 03:10-06:45 (−95°), up till 09:00.
        let r = run(
            Self.officeDay + [
                (22.5, 25, F.horizontal(90)), (25, 27, F.horizontal(20)), (27, 27 + 10.0 / 60, F.upright),
                (27 + 10.0 / 60, 30.75, F.horizontal(-95)), (30.75, 33, F.upright),
            ])
        // Daytime (09-21 h) horizontal seconds: 3 h at 5°, 4 h at −5°, 2 h at 0° (19-21 h): the
        // circular mode sits between −5° and 5°.
        #expect(abs(r.referenceRotation ?? 99) < 5)
        // Lying: the bout 22:30-03:00 (turned 90° for 2.5 h, so the whole bout, back included)
        // and 03:10-06:45 (95° from the reference). The desk and sofa bouts stay sitting.
        #expect(
            r.lying == [
                DateInterval(start: date(22.5), end: date(27)),
                DateInterval(start: date(27 + 1.0 / 6), end: date(30.75)),
            ])
        // Bed: the two bouts joined across the 10-min trip (≤ 15 min): 22:30 to 06:45, 8 h 15 min.
        #expect(r.bed == [DateInterval(start: date(22.5), end: date(30.75))])
    }

    @Test("20 min up at 3 am is more than 15: the night splits and the longer part is the bed period")
    func longInterruption() {
        let r = run(
            Self.officeDay + [
                (22.5, 27, F.horizontal(90)), (27, 27 + 20.0 / 60, F.upright),
                (27 + 20.0 / 60, 30.75, F.horizontal(-90)), (30.75, 33, F.upright),
            ])
        // 22:30-03:00 is 4 h 30 min, 03:20-06:45 is 3 h 25 min: the first wins.
        #expect(r.bed == [DateInterval(start: date(22.5), end: date(27))])
        #expect(r.lying.count == 2)
    }

    @Test("a supine night never rolled past 65° is sitting: no bed period, unless CREA's plain rule is asked for")
    func supineNight() {
        let night: [(from: Double, to: Double, g: SIMD3<Double>)] = [
            (22.5, 30.75, F.horizontal(20)), (30.75, 33, F.upright),
        ]
        // 20° from a reference of about 0° is far below 65°: no lying bout, so no seed.
        let strict = run(Self.officeDay + night)
        #expect(strict.lying.isEmpty)
        #expect(strict.bed.isEmpty)
        // CREA's plain rule (any sedentary container of 2 h or more can be the bed period): the
        // night's 8 h 15 min beat the desk afternoon's 4 h in the window from noon Dec 7; but the
        // desk morning, 09:00-12:00, is alone in the window before (noon Dec 6 to noon Dec 7) and
        // becomes its "bed period". That is why a lying seed is required by default.
        var crea = ThighLying.Parameters()
        crea.requireLyingSeed = false
        let plain = run(Self.officeDay + night, parameters: crea)
        #expect(
            plain.bed == [
                DateInterval(start: date(9), end: date(12)), DateInterval(start: date(22.5), end: date(30.75)),
            ])
        #expect(plain.lying.isEmpty)
    }

    @Test("a 2.5-hour nap on the side is lying but not the bed period: the night is longer")
    func afternoonNap() {
        let day: [(from: Double, to: Double, g: SIMD3<Double>)] = [
            (8, 9, F.upright), (9, 12, F.horizontal(5)), (12, 14, F.upright),
            (14, 16.5, F.horizontal(85)),  // nap on the side, 14:00-16:30
            (16.5, 22.5, F.upright),
            (22.5, 30.75, F.horizontal(-90)), (30.75, 33, F.upright),
        ]
        let r = run(day)
        #expect(
            r.lying == [
                DateInterval(start: date(14), end: date(16.5)), DateInterval(start: date(22.5), end: date(30.75)),
            ])
        // Nap and night share the window 12:00 Dec 7 to 12:00 Dec 8; the nap (2 h 30 min, above the
        // 2-h minimum) loses to the night (8 h 15 min).
        #expect(r.bed == [DateInterval(start: date(22.5), end: date(30.75))])
        // A nap under 2 h would not be a bed period even on a day with no night recorded.
        let napOnly = run([
            (8, 9, F.upright), (9, 12, F.horizontal(0)), (12, 13, F.upright), (13, 14.5, F.horizontal(90)),
            (14.5, 16, F.upright),
        ])
        #expect(napOnly.lying == [DateInterval(start: date(13), end: date(14.5))])
        #expect(napOnly.bed.isEmpty)
    }

    @Test("someone who always sits with the thigh rolled 70° (crossed legs) sits; their side lying is lying")
    func rotatedSitter() {
        // Lyden's fixed rule (rotation from face-up beyond 65°) would call the whole day lying.
        // The learned reference is about 70°, so the day is sitting and the night on the side,
        // 160° (90° from the reference), is lying.
        let day: [(from: Double, to: Double, g: SIMD3<Double>)] = [
            (8, 9, F.upright), (9, 12, F.horizontal(70)), (12, 13, F.upright), (13, 17, F.horizontal(72)),
            (17, 22.5, F.upright), (22.5, 30.5, F.horizontal(160)), (30.5, 32, F.upright),
        ]
        let r = run(day)
        #expect(abs((r.referenceRotation ?? 0) - 71) < 3)
        #expect(r.lying == [DateInterval(start: date(22.5), end: date(30.5))])
        #expect(r.bed == [DateInterval(start: date(22.5), end: date(30.5))])
    }

    @Test("a turn shorter than 10 s does not make a sitting bout lying; seconds out of order are ignored")
    func briefTurn() {
        var detector = ThighLying()
        let start = F.at(9)
        for t in start..<(start + 600) {
            // 9 s rolled 90° in the middle of 10 min of sitting: below the 10-s minimum.
            let rolled = (start + 300..<start + 309).contains(t)
            detector.add(F.second(t, F.horizontal(rolled ? 90 : 0)))
        }
        detector.add(F.second(start + 100, F.horizontal(90)))  // goes back: ignored
        let r = detector.finish()
        #expect(r.lying.isEmpty)
    }

    @Test("from samples: SampleBlocks through SecondReducer, 3 h at a desk then 2 h 10 min on the side")
    func throughReducer() {
        // 10 Hz samples with a 0.01-g wobble: sitting face-up 09:00-12:00, up 12:00-12:20, on the
        // right side 12:20-14:30. The reference is learned from the sitting (3 h of the 5 h 10 min
        // of daytime horizontal seconds); the side bout is 90° from it: lying, and at 2 h 10 min
        // (≥ 2 h, seeded by a lying bout ≥ 1 h) it is that window's bed period. (Up for 15 min or
        // less, the desk would join it: CREA's containers join all non-upright time.)
        var reducer = SecondReducer()
        var detector = ThighLying()
        func feed(from: Double, to: Double, _ g: SIMD3<Double>) {
            var block = SampleBlock()
            for i in 0..<Int((to - from) * 36_000) {
                let wobble = 0.01 * sin(Double(i) * 0.7)
                block.times.append(Double(F.at(from)) + Double(i) / 10)
                block.x.append(g.x + wobble)
                block.y.append(g.y - wobble)
                block.z.append(g.z + wobble)
            }
            reducer.add(block)
            for second in reducer.take() { detector.add(second) }
        }
        feed(from: 9, to: 12, F.horizontal(0))
        feed(from: 12, to: 12 + 1.0 / 3, F.upright)
        feed(from: 12 + 1.0 / 3, to: 14.5, F.horizontal(90))
        reducer.finish()
        for second in reducer.take() { detector.add(second) }
        let r = detector.finish()
        #expect(abs(r.referenceRotation ?? 99) < 5)
        #expect(r.lying == [DateInterval(start: date(12 + 1.0 / 3), end: date(14.5))])
        #expect(r.bed == [DateInterval(start: date(12 + 1.0 / 3), end: date(14.5))])
    }

    @Test("noon-to-noon windows follow local time")
    func noonDays() {
        let days = NoonDays(timeZone: TimeZone(secondsFromGMT: 3600)!)
        // 11:30 UTC is 12:30 local (window d); 10:30 UTC is 11:30 local (window d − 1).
        let d = days.day(of: F.at(11.5))
        #expect(days.day(of: F.at(10.5)) == d - 1)
        // Window d starts at local noon, 11:00 UTC.
        #expect(days.start(of: d) == F.at(11))
        #expect(days.hour(of: F.at(23.5)) == 0)  // 23:30 UTC is 00:30 local
    }
}
