// Measures `SitLessSensors` on a generated 7-day, 100 Hz, 3-axis Axivity .cwa recording of
// 24-hour thigh wear with a known schedule (`Week24`: nights in bed on the side, walks at a known
// cadence, a 20-minute removal each day): wall time, CPU time and peak memory of reading +
// every detector + per-day metrics, and how close the results are to the truth.
// Run: bash Benchmarks/run-sensors.sh   (builds in release, then compares with actipy if installed)
import Foundation
import SitLessCore
import SitLessSensors

#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
let path =
    arguments.count > 1
    ? arguments[1] : FileManager.default.temporaryDirectory.appendingPathComponent("sitless-7day-24h.cwa").path
let days = arguments.count > 2 ? Int(arguments[2]) ?? 7 : 7
/// `--workers n`: cores the file is read on (default: all of them).
let workers =
    arguments.firstIndex(of: "--workers").flatMap { arguments.indices.contains($0 + 1) ? Int(arguments[$0 + 1]) : nil }
    ?? WearableFile.defaultWorkers
/// `--placement wrist|hip`: reads the same file as a wrist or hip recording, to time that path
/// (two passes: calibration, then ENMO, the sleep window and intensity); the thigh truth below
/// does not apply then.
let placement =
    arguments.firstIndex(of: "--placement").flatMap {
        arguments.indices.contains($0 + 1) ? Placement(rawValue: arguments[$0 + 1]) : nil
    } ?? .thigh
let rate = 100.0

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(
        usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func peakMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
}

if !FileManager.default.fileExists(atPath: path) || arguments.contains("--regenerate") {
    let started = Date()
    try Week24.write(path: path, days: days, rate: rate)
    print(
        String(
            format: "generated %@ (%d days, %.0f MB) in %.1f s", path, days,
            Double((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) / 1e6,
            Date().timeIntervalSince(started)))
}

let memoryBefore = peakMegabytes()
let cpuBefore = cpuSeconds()
let wallBefore = Date()
let recording = try WearableFile.read(
    url: URL(fileURLWithPath: path), zone: TimeZone(identifier: "UTC")!, placement: placement, workers: workers)
let timeline = PostureTimeline(merging: recording.bouts)
let policy = CoachPolicy(timeZone: "UTC")
let utc = TimeZone(identifier: "UTC")!
let first = LocalDate(timeline.bouts.first!.start, in: utc)
var perDay: [(sitting: Double, inBed: Double, nonWear: Double, lying: Double, steps: Int)] = []
for d in 0..<days {
    let date = first.adding(days: d)
    let day = SittingDay(date: date, timeline: timeline, policy: policy, now: Date.distantFuture)
    let steps =
        recording.steps?.summary(
            from: date.startOfDay(in: utc), to: date.adding(days: 1).startOfDay(in: utc)
        ).steps ?? 0
    perDay.append(
        (
            day.day.sittingSeconds / 60, day.day.inBedSeconds / 60, day.day.nonWearSeconds / 60,
            day.day.lyingSeconds / 60,
            steps
        ))
}
let wall = Date().timeIntervalSince(wallBefore)
let cpu = cpuSeconds() - cpuBefore
func list(_ values: [Double]) -> String { values.map { String(format: "%.1f", $0) }.joined(separator: ", ") }
func worst(_ values: [Double], _ truth: Double) -> Double {
    values.map { abs($0 - truth) / truth * 100 }.max() ?? 0
}
print(
    String(
        format:
            "analyze: %d samples, %d bouts, %d workers, wall %.2f s, CPU %.2f s, peak RSS %.0f MB (%.0f MB before "
            + "reading)",
        recording.count, recording.bouts.count, workers, wall, cpu, peakMegabytes(), memoryBefore))
guard placement == .thigh else {
    print("read as \(placement.rawValue): ENMO, calibration, the sleep window and intensity timed; no truth to compare")
    exit(0)
}
// The truth below is `Week24`'s: other files (the .gt3x and .bin of run-gt3x.sh and
// run-geneactiv.sh, with their own schedule) get their figures without it.
guard path.hasSuffix(".cwa") else {
    print(
        String(
            format: "per day: sitting %@ min, in bed %@ min (not the generated week: no truth to compare)",
            list(perDay.map(\.sitting)), list(perDay.map(\.inBed))))
    if let bed = recording.inBedNote { print(bed) }
    exit(0)
}
let sitting = perDay.map(\.sitting)
print(
    String(
        format: "waking sitting per day: truth %.0f min, recovered %@; worst error %.2f %%", Week24.sittingTruth,
        list(sitting), worst(sitting, Week24.sittingTruth)))
print(
    String(
        format: "time in bed per day: truth %.0f min, recovered %@", Week24.inBedTruth, list(perDay.map(\.inBed))))
print(
    String(
        format: "non-wear per day (the removal): truth %.0f min, recovered %@; lying outside bed: %@",
        Week24.removedTruth, list(perDay.map(\.nonWear)), list(perDay.map(\.lying))))
let steps = perDay.map { Double($0.steps) }
print(
    String(
        format: "steps per day: truth %.0f, counted %@; worst error %.2f %%", Week24.stepsTruth,
        steps.map { String(format: "%.0f", $0) }.joined(separator: ", "), worst(steps, Week24.stepsTruth)))
for warning in recording.warnings { print("warning: \(warning)") }
if let bed = recording.inBedNote { print(bed) }
