import Foundation
import SitLessCore
import Testing

@testable import SitLessSensors

/// A `.cwa` read in parts on several cores gives the seconds, the bouts and the report of one
/// pass, whatever the parts' size, with the trouble placed at the parts' seams.
@Suite("split reading of .cwa files")
struct SplitReadingTests {
    static let london = TimeZone(identifier: "Europe/London")!

    /// 150 blocks of 120 samples at 100 Hz from 2024-03-31 00:59:03 on the device clock, so the
    /// London clock change (01:00 GMT) falls inside block 47 and UTC times go back an hour
    /// there; block 21 is corrupt, block 30's clock is 5 s behind, the sequence jumps at block
    /// 42, block 63 belongs to another session, and the file ends with a cut-off block.
    static func file() throws -> URL {
        var bytes = CWAWriter.header()
        var seed: UInt64 = 17
        for k in 0..<150 {
            let startCentis = 120 * k + (k == 30 ? -500 : 0)
            let second = (startCentis + 99) / 100
            let clock = 59 * 60 + 3 + second
            let posture = k / 10 % 3
            let samples: [(Int, Int, Int)] = (0..<120).map { i in
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let noise = Int(seed >> 59) - 16
                switch posture {
                case 0: return (20 + noise / 4, 10, 250)  // sitting: thigh horizontal
                case 1: return (250 + noise / 4, 8, 20)  // standing
                default: return (240 + 3 * noise, 30 + noise, 25 + i % 7)  // stepping
                }
            }
            var block = CWAWriter.Block(
                session: k == 63 ? 43 : 42, sequence: UInt32(k + (k >= 42 ? 5 : 0)),
                clock: (2024, 3, 31, clock / 3600, clock / 60 % 60, clock % 60),
                timestampOffset: second * 100 - startCentis, samples: samples)
            if k == 21 { block.samples[0] = (0, 0, 0) }
            var data = CWAWriter.block(block)
            if k == 21 { data[40] ^= 0x55 }  // the checksum no longer matches
            bytes += data
        }
        bytes += [UInt8](repeating: 0x41, count: 100)
        return try CWAWriter.file(bytes)
    }

    /// One pass: the serial reader, `inUTC` and one `SecondReducer`.
    func singlePass(
        _ url: URL, calibration: Calibration? = nil, withENMO: Bool = true
    ) throws -> (RecordingReport, [SecondSummary]) {
        var reducer = SecondReducer(calibration: calibration, withENMO: withENMO)
        let report = try WearableFile.readSamples(url: url, zone: Self.london) { reducer.add($0) }
        reducer.finish()
        return (report, reducer.take())
    }

    @Test("seconds and report equal one pass's for 1 and 2 workers and parts of 1, 3, 7 and 1000 blocks")
    func sameSeconds() throws {
        let url = try Self.file()
        let (single, expected) = try singlePass(url)
        // The file has what the seams must survive.
        #expect(single.skippedBlocks == 1)
        #expect(single.sequenceBreaks == 1)  // the jump at 42 (blocks skipped in between count)
        #expect(single.sessionChanges == 1)
        #expect(single.truncated)
        #expect(single.blocks == 148)
        #expect(zip(expected, expected.dropFirst()).contains { $0.second >= $1.second })  // times go back
        #expect(expected.count > 150)
        for (workers, chunk) in [(1, 3), (2, 3), (2, 7), (2, 1), (2, 1000), (3, 2)] {
            var seconds: [SecondSummary] = []
            let report = try WearableFile.readSeconds(
                url: url, zone: Self.london, workers: workers, chunkBlocks: chunk
            ) { seconds += $0 }
            #expect(seconds == expected, "workers \(workers), parts of \(chunk) blocks")
            #expect(report == single, "workers \(workers), parts of \(chunk) blocks")
        }
    }

    @Test("a calibration is applied to each sample in the parts as in one pass")
    func calibrated() throws {
        let url = try Self.file()
        let calibration = Calibration(
            offset: (0.01, -0.02, 0.003), scale: (1.01, 0.99, 1.002), errorBefore: 0, errorAfter: 0, stillWindows: 0)
        let (_, expected) = try singlePass(url, calibration: calibration)
        var seconds: [SecondSummary] = []
        _ = try WearableFile.readSeconds(url: url, zone: Self.london, calibration: calibration, chunkBlocks: 3) {
            seconds += $0
        }
        #expect(seconds == expected)
        #expect(seconds != (try singlePass(url)).1)
    }

    @Test("bouts, ENMO, calibration and warnings equal one pass's, on the thigh and the wrist", arguments: [
        Placement.thigh, .wrist,
    ])
    func sameRecording(placement: Placement) throws {
        let url = try Self.file()
        func recording(parts: Bool) throws -> WearableRecording {
            try WearableFile.rawRecording(
                name: "test.cwa", placement: placement, withENMO: true,
                seconds: { calibration, withENMO, onSeconds in
                    if parts {
                        return try WearableFile.readSeconds(
                            url: url, zone: Self.london, calibration: calibration, withENMO: withENMO, workers: 2,
                            chunkBlocks: 3, onSeconds: onSeconds)
                    }
                    let (report, seconds) = try singlePass(url, calibration: calibration, withENMO: withENMO)
                    try onSeconds(seconds)
                    return report
                },
                samples: { onBlock in try WearableFile.readSamples(url: url, zone: Self.london, onBlock: onBlock) })
        }
        let single = try recording(parts: false)
        let split = try recording(parts: true)
        #expect(!single.bouts.isEmpty)
        #expect(split.bouts == single.bouts)
        #expect(split.enmo == single.enmo)
        #expect(split.calibration == single.calibration)
        #expect(split.warnings == single.warnings)
        #expect(split.report == single.report)
        #expect(split.count == single.count)
    }

    @Test("the classifier's postures per second are those of its per-sample form before seconds")
    func classifierSeconds() throws {
        let url = try Self.file()
        var classifier = ThighClassifier()
        for second in try singlePass(url).1 { classifier.add(second) }
        var reference = PerSampleThigh()
        _ = try WearableFile.readSamples(url: url, zone: Self.london) { reference.add($0) }
        let bouts = classifier.finish()
        #expect(bouts.count > 3)
        #expect(bouts == reference.finish())
    }
}

/// The thigh classifier as it was before it read seconds (per sample, default parameters),
/// to show that reading seconds changed none of its output.
struct PerSampleThigh {
    var second: Int?
    var n = 0.0
    var sum = (0.0, 0.0, 0.0)
    var squares = (0.0, 0.0, 0.0)
    var previous: (second: Int, n: Double, sum: (Double, Double, Double), squares: (Double, Double, Double))?
    var runs: [(posture: Posture, start: Int, length: Int)] = []

    mutating func add(_ block: SampleBlock) {
        for i in 0..<block.count {
            let t = block.times[i].rounded(.down)
            guard t.isFinite, abs(t) < 1e15 else { continue }
            if Int(t) != second {
                finishSecond()
                second = Int(t)
            }
            let (x, y, z) = (block.x[i], block.y[i], block.z[i])
            n += 1
            sum = (sum.0 + x, sum.1 + y, sum.2 + z)
            squares = (squares.0 + x * x, squares.1 + y * y, squares.2 + z * z)
        }
    }

    mutating func finishSecond() {
        guard let s = second, n > 0 else { return }
        var (wn, ws, wq) = (n, sum, squares)
        if let p = previous, p.second == s - 1 {
            wn += p.n
            ws = (ws.0 + p.sum.0, ws.1 + p.sum.1, ws.2 + p.sum.2)
            wq = (wq.0 + p.squares.0, wq.1 + p.squares.1, wq.2 + p.squares.2)
        }
        let mean = (ws.0 / wn, ws.1 / wn, ws.2 / wn)
        func sd(_ q: Double, _ m: Double) -> Double { max(0, q / wn - m * m).squareRoot() }
        let intensity = (sd(wq.0, mean.0) + sd(wq.1, mean.1) + sd(wq.2, mean.2)) / 3
        let norm = (mean.0 * mean.0 + mean.1 * mean.1 + mean.2 * mean.2).squareRoot()
        let inclination = norm > 0 ? acos(min(1, abs(mean.0) / norm)) * 180 / .pi : 90
        let posture: Posture = inclination > 45 ? .sitting : intensity > 0.1 ? .stepping : .standing
        if let last = runs.last, last.posture == posture, last.start + last.length == s {
            runs[runs.count - 1].length += 1
        } else {
            runs.append((posture, s, 1))
        }
        previous = (s, n, sum, squares)
        (n, sum, squares) = (0, (0, 0, 0), (0, 0, 0))
    }

    mutating func finish() -> [PostureBout] {
        finishSecond()
        var smoothed: [(posture: Posture, start: Int, length: Int)] = []
        for run in runs {
            let minimum = run.posture == .sitting ? 5.0 : 2.0
            if Double(run.length) < minimum, let last = smoothed.last, last.start + last.length == run.start {
                smoothed[smoothed.count - 1].length += run.length
            } else if let last = smoothed.last, last.posture == run.posture, last.start + last.length == run.start {
                smoothed[smoothed.count - 1].length += run.length
            } else {
                smoothed.append(run)
            }
        }
        return smoothed.map {
            PostureBout(
                $0.posture, from: Date(timeIntervalSince1970: Double($0.start)),
                to: Date(timeIntervalSince1970: Double($0.start + $0.length)), source: .wearable, confidence: 0.9)
        }
    }
}
