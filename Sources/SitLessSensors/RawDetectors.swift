import Foundation
import SitLessCore

extension IntensityEpochs: @unchecked Sendable {}  // value type of arrays and values: copied, never shared
extension ThighSteps: @unchecked Sendable {}

/// The 24-hour detectors a raw recording's seconds feed, chosen by placement, and how what they
/// find enters the recording:
/// - **short removals** (all placements, `ShortRemovalDetector`): off-body periods of 10 to 60
///   minutes become non-wear, beside van Hees' hour-long non-wear;
/// - **thigh**: lying by rotation (`ThighLying`) turns sitting into lying, and its bed period of
///   each night's longest lying period (`TimeInBed.longestLying`) becomes time in bed; a night
///   with no lying gets the longest sedentary period across the small hours
///   (`TimeInBed.stillNights`); steps and cadence (`ThighSteps`);
/// - **wrist**: van Hees 2018's sleep period time window (`HDCZA`) becomes time in bed; light,
///   moderate and vigorous minutes (`IntensityEpochs`, Hildebrand's wrist cut-points);
/// - **hip**: intensity with Hildebrand's hip cut-points.
/// Each detector holds compact per-second or per-epoch state; none holds samples.
struct RawDetectors {
    var removals = ShortRemovalDetector()
    var lying: ThighLying?
    var steps: ThighSteps?
    var hdcza: HDCZA?
    var intensity: IntensityEpochs?

    init(placement: Placement, zone: TimeZone, device: IntensityCutPoints.Device = .actiGraph) {
        switch placement {
        case .thigh:
            lying = ThighLying(timeZone: zone)
            steps = ThighSteps()
        case .wrist:
            hdcza = HDCZA(timeZone: zone)
            intensity = IntensityEpochs(placement: .wrist, device: device)
        case .hip:
            intensity = IntensityEpochs(placement: .hip, device: device)
        }
    }

    mutating func add(_ second: SecondSummary) {
        removals.add(second)
        lying?.add(second)
        steps?.add(second)
        hdcza?.add(second)
        intensity?.add(second)
    }

    /// Lays the findings over the recording's bouts (removals as non-wear, lying over sitting,
    /// time in bed over both) and keeps the step and intensity epochs for per-day summaries.
    mutating func apply(to recording: inout WearableRecording, zone: TimeZone) {
        var bouts = recording.bouts
        let removed = removals.finish().removals.filter { $0.duration > 0 }
        if !removed.isEmpty {
            let minutes = removed.reduce(0) { $0 + $1.duration } / 60
            bouts =
                PostureTimeline(
                    merging: bouts
                        + removed.map {
                            PostureBout(.nonWear, from: $0.start, to: $0.end, source: .wearable, confidence: 0.95)
                        }
                ).bouts
            recording.warnings.append(
                String(
                    format: "%d short removal%@ (10-60 min off the body, %.0f min in all) counted as non-wear",
                    removed.count, removed.count == 1 ? "" : "s", minutes))
        }
        var bed: [DateInterval] = []
        var note = ""
        if let lying {
            let found = lying.finish()
            if !found.lying.isEmpty {
                // Lying replaces sitting only: non-wear (0.95) and upright time stay.
                let sitting = PostureTimeline(merging: bouts.filter { $0.posture == .sitting })
                let onSitting = found.lying.flatMap { sitting.clipped(from: $0.start, to: $0.end) }.map {
                    PostureBout(.lying, from: $0.start, to: $0.end, source: .wearable, confidence: 0.92)
                }
                bouts = PostureTimeline(merging: bouts + onSitting).bouts
            }
            // The bed: the longest lying period of each night (`TimeInBed.longestLying`), not
            // ThighLying's CREA-style containers, which also take in sitting next to the night when
            // the person stands up for less than 15 minutes in between (breakfast after the bathroom).
            bed = TimeInBed.longestLying(found.lying, zone: zone)
            note =
                "detected on the thigh: lying told from sitting by the thigh's rotation, and the longest lying "
                + "period of each night"
            // A night with no lying at all (asleep on the back, the thigh never rolled): the
            // longest sedentary period that is mostly between midnight and 06:00.
            let still = TimeInBed.stillNights(in: bouts, besides: bed, zone: zone)
            if !still.isEmpty {
                bed = (bed + still).sorted { $0.start < $1.start }
                note +=
                    "; \(still.count) night\(still.count == 1 ? "" : "s") without lying (asleep on the back?) taken "
                    + "from the longest sedentary period of 3 h or more with 2 h or more between midnight and 06:00"
            }
        }
        if var hdcza {
            bed = hdcza.finish().periods
            note = "detected on the wrist: van Hees et al. 2018's sleep period time window (HDCZA)"
        }
        recording.bouts = bouts
        recording.steps = steps
        recording.intensity = intensity
        if !bed.isEmpty { recording.setTimeInBed(bed, source: .detected, note: note) }
    }
}
