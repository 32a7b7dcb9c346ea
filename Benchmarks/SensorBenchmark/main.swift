// Measures `SitLessSensors` on a generated 7-day, 100 Hz, 3-axis Axivity .cwa recording with a
// known posture schedule: wall time, CPU time and peak memory of reading + classifying +
// per-day metrics, and how close the recovered sitting time is to the truth.
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
    ? arguments[1] : FileManager.default.temporaryDirectory.appendingPathComponent("sitless-7day.cwa").path
let days = arguments.count > 2 ? Int(arguments[2]) ?? 7 : 7
/// `--workers n`: cores the file is read on (default: all of them).
let workers =
    arguments.firstIndex(of: "--workers").flatMap { arguments.indices.contains($0 + 1) ? Int(arguments[$0 + 1]) : nil }
    ?? WearableFile.defaultWorkers
let rate = 100.0

/// The daily schedule (device clock, UTC): (posture, minutes). Sums to 24 h.
let schedule: [(Posture, Int)] = [
    (.sitting, 420),  // 00:00-07:00 in bed/seated (thigh horizontal)
    (.standing, 30), (.stepping, 30),  // morning
    (.sitting, 110), (.stepping, 10),  // work block with a walk
    (.sitting, 50), (.standing, 10),
    (.sitting, 60), (.stepping, 40),  // lunch walk
    (.sitting, 95), (.standing, 5), (.sitting, 80), (.stepping, 20),
    (.standing, 60), (.sitting, 180), (.stepping, 30), (.sitting, 210),
]
precondition(schedule.reduce(0) { $0 + $1.1 } == 1440)
let sittingTruthPerDay = Double(schedule.filter { $0.0 == .sitting }.reduce(0) { $0 + $1.1 })

// MARK: Generate (packed 3-axis blocks of 120 samples, OpenMovement layout)

func put16(_ d: inout [UInt8], _ at: Int, _ v: Int) {
    d[at] = UInt8(v & 0xFF)
    d[at + 1] = UInt8(v >> 8 & 0xFF)
}
func put32(_ d: inout [UInt8], _ at: Int, _ v: UInt32) {
    for k in 0..<4 { d[at + k] = UInt8(v >> (8 * UInt32(k)) & 0xFF) }
}

func generate() throws {
    FileManager.default.createFile(atPath: path, contents: nil)
    let out = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    var header = [UInt8](repeating: 0xFF, count: 1024)
    header[0] = 0x4D
    header[1] = 0x44
    put16(&header, 2, 1020)
    header[4] = 0x17
    put16(&header, 5, 4242)
    put32(&header, 7, 7)
    header[36] = 0x4A
    out.write(Data(header))
    var minuteSchedule: [Posture] = []
    for (p, m) in schedule { minuteSchedule += Array(repeating: p, count: m) }
    let total = days * 86_400 * Int(rate)
    var sample = 0
    var sequence: UInt32 = 0
    var seed: UInt64 = 7
    var chunk = Data(capacity: 512 * 256)
    while sample < total {
        var d = [UInt8](repeating: 0, count: 512)
        d[0] = 0x41
        d[1] = 0x58
        put16(&d, 2, 508)
        put32(&d, 6, 7)
        put32(&d, 10, sequence)
        let second = sample / Int(rate)
        let day = 1 + second / 86_400
        let s = second % 86_400
        let stamp =
            UInt32(26) << 26 | UInt32(3) << 22 | UInt32(day) << 17 | UInt32(s / 3600) << 12 | UInt32(s / 60 % 60) << 6
            | UInt32(s % 60)
        put32(&d, 14, stamp)
        d[24] = 0x4A
        d[25] = 0x30
        put16(&d, 26, -(sample % Int(rate)) & 0xFFFF)  // timestamp (whole second) belongs to the sample at that second
        let count = min(120, total - sample)
        put16(&d, 28, count)
        for i in 0..<count {
            let t = Double(sample + i) / rate
            let posture = minuteSchedule[(Int(t) % 86_400) / 60]
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let noise = Int(seed >> 61) - 4  // ±4/256 g
            let (x, y, z): (Int, Int, Int)
            switch posture {
            case .sitting:
                // People shift in their seat: each minute a slightly different thigh position (±39 mg),
                // so a long sit is not mistaken for a sensor lying on a table (non-wear).
                let minute = Int(t) / 60
                (x, y, z) = (13 + (minute &* 7919) % 21 - 10 + noise, 5 + (minute &* 104729) % 21 - 10, 253)
            case .stepping:
                (x, y, z) = (243 + Int(102 * sin(2 * .pi * 1.8 * t)) + noise, Int(25 * cos(2 * .pi * 1.8 * t)), 25)
            default: (x, y, z) = (253 + noise, 8, 20)
            }
            let word =
                UInt32(bitPattern: Int32(x)) & 0x3FF | (UInt32(bitPattern: Int32(y)) & 0x3FF) << 10
                | (UInt32(bitPattern: Int32(z)) & 0x3FF) << 20
            put32(&d, 30 + 4 * i, word)
        }
        var sum: UInt16 = 0
        for w in stride(from: 0, to: 510, by: 2) { sum &+= UInt16(d[w]) | UInt16(d[w + 1]) << 8 }
        put16(&d, 510, Int(0 &- sum))
        chunk.append(contentsOf: d)
        if chunk.count >= 512 * 256 {
            out.write(chunk)
            chunk.removeAll(keepingCapacity: true)
        }
        sample += count
        sequence += 1
    }
    out.write(chunk)
    try out.close()
}

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
    try generate()
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
    url: URL(fileURLWithPath: path), zone: TimeZone(identifier: "UTC")!, placement: .thigh, workers: workers)
let timeline = PostureTimeline(merging: recording.bouts)
let policy = CoachPolicy(timeZone: "UTC")
let first = LocalDate(timeline.bouts.first!.start, in: TimeZone(identifier: "UTC")!)
var sittingMinutes: [Double] = []
for d in 0..<days {
    let day = SittingDay(date: first.adding(days: d), timeline: timeline, policy: policy, now: Date.distantFuture)
    sittingMinutes.append(day.day.sittingSeconds / 60)
}
let wall = Date().timeIntervalSince(wallBefore)
let cpu = cpuSeconds() - cpuBefore
let worstError = sittingMinutes.map { abs($0 - sittingTruthPerDay) / sittingTruthPerDay * 100 }.max() ?? 0
print(
    String(
        format:
            "analyze: %d samples, %d bouts, %d workers, wall %.2f s, CPU %.2f s, peak RSS %.0f MB (%.0f MB before "
            + "reading)",
        recording.count, recording.bouts.count, workers, wall, cpu, peakMegabytes(), memoryBefore))
print(
    String(
        format: "sitting per day: truth %.0f min, recovered %@; worst error %.2f %%", sittingTruthPerDay,
        sittingMinutes.map { String(format: "%.1f", $0) }.joined(separator: ", "), worstError))
