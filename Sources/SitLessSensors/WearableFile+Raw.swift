import Foundation
import SitLessCore

extension WearableFile {
    /// Posture, non-wear, calibration and ENMO from a raw recording. `seconds` reads the file
    /// as seconds (calibration applied when given), `samples` as sample blocks. The thigh is one
    /// pass over seconds (classifier, non-wear, calibration check, ENMO when asked); the wrist
    /// two (still windows from uncalibrated seconds, then ENMO and non-wear from calibrated
    /// ones); the hip collects still windows from seconds, then reads samples for ActiGraph
    /// counts, whose filter needs them.
    /// The 24-hour detectors (`RawDetectors`: short removals, lying and time in bed, steps,
    /// intensity) read the same seconds, in `zone` for their local hours.
    static func rawRecording(
        name: String, placement: Placement, withENMO: Bool = false, zone: TimeZone = .gmt,
        device: IntensityCutPoints.Device = .actiGraph,
        seconds: (Calibration?, Bool, ([SecondSummary]) throws -> Void) throws -> RecordingReport,
        samples: ((SampleBlock) throws -> Void) throws -> RecordingReport
    ) throws -> WearableRecording {
        // Calibration: on the wrist and hip ENMO and counts depend on it, so a first pass
        // collects still windows and the second applies the fit; on the thigh the inclination
        // does not need it, so it is only measured, in the same pass.
        var collector = Calibration.Collector()
        var calibration: Calibration?
        var calibrationText: String?
        if placement != .thigh {
            _ = try seconds(nil, false) { batch in
                for second in batch { collector.add(second) }
            }
            switch collector.fit() {
            case .success(let fit):
                calibration = fit
                calibrationText = String(
                    format: "calibrated on %d still windows: error %.1f mg before, %.1f mg after",
                    fit.stillWindows, fit.errorBefore, fit.errorAfter)
            case .failure(let problem):
                calibrationText = problem.description
            }
            collector = Calibration.Collector()
        }
        var classifier = ThighClassifier()
        var nonWear = NonWearDetector()
        var enmo = ENMOEpochs(epochSeconds: 60)
        var counts: ActiGraphCounts?
        var countsStart: Double?
        var gravity = (0.0, 0.0, 0.0)
        var warnings: [String] = []
        var decided = false
        var detectors = RawDetectors(placement: placement, zone: zone, device: device)
        let report: RecordingReport
        if placement == .hip {
            var reducer = SecondReducer()
            report = try samples { raw in
                var block = raw
                calibration?.apply(&block)
                reducer.add(block)
                for second in reducer.take() { detectors.add(second) }
                nonWear.add(block)
                enmo.add(block)
                if !decided, block.count > 1 {
                    decided = true
                    let hz = sampleRate(of: block)
                    counts = ActiGraphCounts(rate: hz, epochSeconds: 60)
                    countsStart = block.times[0]
                    if counts == nil {
                        warnings.append(
                            "counts need 30-100 Hz in steps of 10; this file has \(hz) Hz, so ENMO is used instead")
                    }
                }
                counts?.add(block)
                for i in 0..<block.count {
                    gravity.0 += abs(block.x[i])
                    gravity.1 += abs(block.y[i])
                    gravity.2 += abs(block.z[i])
                }
            }
            reducer.finish()
            for second in reducer.take() { detectors.add(second) }
        } else {
            let thigh = placement == .thigh
            // ENMO (a square root per sample) only where something reads it: not on the thigh unless
            // epochs are asked for.
            report = try seconds(calibration, !thigh || withENMO) { batch in
                for second in batch {
                    nonWear.add(second)
                    detectors.add(second)
                    if thigh {
                        classifier.add(second)
                        collector.add(second)
                        if withENMO { enmo.add(second) }
                    } else {
                        enmo.add(second)
                    }
                }
            }
        }
        var bouts: [PostureBout] = []
        func append(_ posture: Posture, _ start: Date, _ end: Date, confidence: Double) {
            if var last = bouts.last, last.posture == posture, last.end == start {
                last.end = end
                bouts[bouts.count - 1] = last
            } else {
                bouts.append(PostureBout(posture, from: start, to: end, source: .wearable, confidence: confidence))
            }
        }
        if placement == .thigh {
            bouts = classifier.finish()
        } else if placement == .hip, let counts, let start = countsStart {
            let vertical = gravity.0 >= gravity.1 && gravity.0 >= gravity.2 ? 0 : gravity.1 >= gravity.2 ? 1 : 2
            for (i, epoch) in counts.epochs.enumerated() {
                let from = Date(timeIntervalSince1970: start + Double(i * 60))
                append(
                    epoch[vertical] < sedentaryCountsPerMinute ? .sitting : .stepping, from,
                    from.addingTimeInterval(60), confidence: 0.6)
            }
        } else {
            enmo.close()
            for epoch in enmo.epochs {
                let start = Date(timeIntervalSince1970: epoch.start)
                append(
                    epoch.milliG < sedentaryENMO ? .sitting : .stepping, start,
                    start.addingTimeInterval(enmo.epochSeconds), confidence: 0.6)
            }
        }
        // Epochs, seconds and non-wear steps are whole: at the very edge of the accepted range
        // they may reach a little past it, so bouts are cut there.
        bouts = bouts.compactMap { $0.clipped(from: TimeBounds.earliest, to: TimeBounds.latestFixed) }
        // Non-wear outranks the posture found in the same time (higher confidence, same source).
        let notWorn = nonWear.bouts().compactMap { $0.clipped(from: TimeBounds.earliest, to: TimeBounds.latestFixed) }
        if !notWorn.isEmpty {
            bouts = PostureTimeline(merging: bouts + notWorn).bouts
            let hours = notWorn.reduce(0) { $0 + $1.duration } / 3600
            warnings.append(
                String(format: "%.1f h without wear (still for an hour or more) counted as non-wear", hours))
        }
        if placement == .thigh {
            switch collector.fit() {
            case .success(let fit):
                calibrationText = String(
                    format:
                        "calibration error %.1f mg on %d still windows (not applied: thigh inclination does not need "
                        + "it)",
                    fit.errorBefore, fit.stillWindows)
            case .failure(let problem):
                calibrationText = problem.description
            }
        }
        enmo.close()
        var recording = WearableRecording(
            bouts: bouts, format: report.format + " (\(placement.rawValue))", count: report.samples,
            warnings: report.warnings + warnings, report: report, calibration: calibrationText,
            enmo: enmo.epochs,
            counts: countsStart.flatMap { start in counts.map { (Date(timeIntervalSince1970: start), $0.epochs) } })
        detectors.apply(to: &recording, zone: zone)
        return recording
    }
}
