import Foundation
import SitLessCore
import SitLessSensors

/// Steps (raw thigh data) and intensity (raw wrist or hip data) of one day, beside its posture
/// metrics in `DayOutput`: the whole day and the waking day (the day less time in bed).
struct DayActivity: Encodable {
    struct Steps: Encodable {
        var steps: Int
        /// Steps per minute of stepping (the seconds `ThighSteps` counted swings in).
        var cadence: Double?
        var peakOneMinuteCadence: Int
    }

    struct Levels: Encodable {
        var lightMinutes, moderateMinutes, vigorousMinutes: Double
        /// MVPA minutes in bouts of at least 1, 5 and 10 minutes (80 % of a bout's 5-s epochs at or
        /// above the moderate cut-point, no break over a minute: GGIR's default bout rule).
        var mvpaBout1Minutes, mvpaBout5Minutes, mvpaBout10Minutes: Double

        init(_ s: IntensitySummary) {
            func r(_ v: Double) -> Double { (v * 10).rounded() / 10 }
            lightMinutes = r(s.lightMinutes)
            moderateMinutes = r(s.moderateMinutes)
            vigorousMinutes = r(s.vigorousMinutes)
            mvpaBout1Minutes = r(s.mvpaBout1Minutes)
            mvpaBout5Minutes = r(s.mvpaBout5Minutes)
            mvpaBout10Minutes = r(s.mvpaBout10Minutes)
        }

        var csv: [String] {
            [lightMinutes, moderateMinutes, vigorousMinutes, mvpaBout1Minutes, mvpaBout5Minutes, mvpaBout10Minutes]
                .map { ReportCSV.n($0) }
        }
    }

    struct Intensity: Encodable {
        var day: Levels
        var waking: Levels
        var cutPoints: String
    }

    var steps: Steps?
    var intensity: Intensity?

    init(steps: Steps?, intensity: Intensity?) {
        self.steps = steps
        self.intensity = intensity
    }

    static let csvHeader = [
        "steps", "cadence_spm", "light_min", "moderate_min", "vigorous_min", "mvpa_bout1_min", "mvpa_bout5_min",
        "mvpa_bout10_min", "waking_light_min", "waking_moderate_min", "waking_vigorous_min",
        "waking_mvpa_bout1_min", "waking_mvpa_bout5_min", "waking_mvpa_bout10_min",
    ]

    var csv: [String] {
        [steps.map { "\($0.steps)" } ?? "", steps.flatMap { $0.cadence.map { ReportCSV.n($0) } } ?? ""]
            + (intensity.map { $0.day.csv + $0.waking.csv } ?? Array(repeating: "", count: 12))
    }

    /// The day [start, end) of a recording; nil when the recording has neither steps nor intensity.
    init?(_ recording: WearableRecording, from start: Date, to end: Date) {
        guard recording.steps != nil || recording.intensity != nil else { return nil }
        if let counter = recording.steps {
            let s = counter.summary(from: start, to: end)
            steps = Steps(
                steps: s.steps, cadence: s.steppingSeconds > 0 ? (s.cadence * 10).rounded() / 10 : nil,
                peakOneMinuteCadence: s.peakOneMinuteCadence)
        }
        if let epochs = recording.intensity {
            let day = DateInterval(start: start, end: end)
            intensity = Intensity(
                day: Levels(epochs.summary(from: start, to: end)),
                waking: Levels(epochs.summary(windows: DayActivity.waking(day, inBed: recording.inBed))),
                cutPoints: epochs.cutPoints.source)
        }
    }

    /// The parts of `day` outside the time in bed.
    static func waking(_ day: DateInterval, inBed: [DateInterval]) -> [DateInterval] {
        var parts: [DateInterval] = []
        var from = day.start
        for bed in inBed.sorted(by: { $0.start < $1.start }) where bed.end > from && bed.start < day.end {
            if bed.start > from { parts.append(DateInterval(start: from, end: bed.start)) }
            from = max(from, bed.end)
        }
        if from < day.end { parts.append(DateInterval(start: from, end: day.end)) }
        return parts
    }
}
