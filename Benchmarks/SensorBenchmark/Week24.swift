// A generated week of 24-hour thigh wear (Axivity .cwa, 100 Hz, packed 3-axis blocks of 120
// samples): nights in bed lying on one side or the other, a day of sitting, standing and walks at
// a known cadence, and a 20-minute removal (the sensor face down on a table). Its truth per day is
// known exactly, so the benchmark can say how far the detectors are from it.
import Foundation
import SitLessCore

enum Week24 {
    enum Activity: Equatable { case sit, stand, walk, bed, removed }

    /// One day (device clock, UTC), in minutes; sums to 24 h.
    static let day: [(Activity, Int)] = [
        (.bed, 410),  // 00:00-06:50 in bed, from the night before
        (.stand, 30), (.walk, 30),  // 06:50 up; a walk to work
        (.sit, 110), (.walk, 10), (.sit, 50), (.stand, 10), (.sit, 60), (.walk, 40),  // lunch walk
        (.sit, 95), (.stand, 5), (.sit, 80), (.walk, 20), (.stand, 20),
        (.removed, 20),  // 16:10-16:30 shower: the sensor lies face down on a shelf
        (.stand, 40), (.sit, 180), (.walk, 30), (.sit, 85),
        (.stand, 5),  // up from the sofa: teeth, stairs
        (.bed, 110),  // 22:10 to bed
    ]
    static let cadence = 110.0  // steps per minute on every walk

    static func minutes(_ a: Activity) -> Int { day.filter { $0.0 == a }.reduce(0) { $0 + $1.1 } }
    /// Truth per day: waking sitting 660 min, in bed 520, walking 130 (14,300 steps), removed 20.
    static var sittingTruth: Double { Double(minutes(.sit)) }
    static var inBedTruth: Double { Double(minutes(.bed)) }
    static var stepsTruth: Double { Double(minutes(.walk)) * cadence }
    static var removedTruth: Double { Double(minutes(.removed)) }

    static func put16(_ d: inout [UInt8], _ at: Int, _ v: Int) {
        d[at] = UInt8(v & 0xFF)
        d[at + 1] = UInt8(v >> 8 & 0xFF)
    }
    static func put32(_ d: inout [UInt8], _ at: Int, _ v: UInt32) {
        for k in 0..<4 { d[at + k] = UInt8(v >> (8 * UInt32(k)) & 0xFF) }
    }

    /// One sample in 1/256 g at `t` seconds since the recording began.
    static func sample(_ activity: Activity, t: Double, minuteOfDay: Int, noise: () -> Int) -> (Int, Int, Int) {
        let minute = Int(t) / 60
        switch activity {
        case .sit:
            // Thigh horizontal, the sensor's face up (gravity on +z); a slightly different position each
            // minute (±39 mg), as people shift in their seat.
            return (
                13 + (minute &* 7919) % 21 - 10 + noise(), 5 + (minute &* 104729) % 21 - 10 + noise(), 253 + noise()
            )
        case .stand:
            return (253 + noise(), 8 + noise(), 20 + noise())
        case .walk:
            // The thigh swings 15° ± 25° about the hip once per stride (two steps).
            let f = cadence / 120
            let theta = (15 + 25 * sin(2 * .pi * f * t)) * .pi / 180
            return (Int(256 * cos(theta)) + noise(), Int(20 * cos(2 * .pi * f * t)) + noise(), Int(256 * sin(theta)))
        case .bed:
            // Lying on one side, then the other (turning every 70 minutes): the thigh is horizontal and
            // rotated about 81° about its long axis, so gravity is on ±y; sleepers shift the leg every few
            // minutes (here ±70 mg each 3 minutes), so an hour in bed is not as still as a sensor on a table.
            let side = (minuteOfDay / 70) % 2 == 0 ? 1 : -1
            let shift = (minute / 3 &* 7919) % 37 - 18
            return (10 + shift + noise(), side * 250 + noise(), 40 - shift + noise())
        case .removed:
            // Face down (gravity on -z), still: only the converter's last bit moves. Five seconds of
            // handling at each end.
            let into = t.truncatingRemainder(dividingBy: 60)
            let edge = (minuteOfDay == 970 && into < 5) || (minuteOfDay == 989 && into >= 55)
            if edge { return (Int(120 * sin(2 * .pi * 3 * t)), Int(90 * cos(2 * .pi * 2 * t)), -200) }
            return (4 + noise() / 4, -3, -256 + noise() / 4)
        }
    }

    /// Writes `days` days to `path`.
    static func write(path: String, days: Int, rate: Double = 100) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
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
        var minuteActivity: [Activity] = []
        for (a, m) in day { minuteActivity += Array(repeating: a, count: m) }
        precondition(minuteActivity.count == 1440)
        let total = days * 86_400 * Int(rate)
        var sample = 0
        var sequence: UInt32 = 0
        var seed: UInt64 = 7
        func noise() -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(seed >> 61) - 4  // -4...3 in 1/256 g
        }
        var chunk = Data(capacity: 512 * 256)
        while sample < total {
            var d = [UInt8](repeating: 0, count: 512)
            d[0] = 0x41
            d[1] = 0x58
            put16(&d, 2, 508)
            put32(&d, 6, 7)
            put32(&d, 10, sequence)
            let second = sample / Int(rate)
            let dayNumber = 1 + second / 86_400
            let s = second % 86_400
            let stamp =
                UInt32(26) << 26 | UInt32(3) << 22 | UInt32(dayNumber) << 17 | UInt32(s / 3600) << 12
                | UInt32(s / 60 % 60) << 6 | UInt32(s % 60)
            put32(&d, 14, stamp)
            d[24] = 0x4A
            d[25] = 0x30
            put16(&d, 26, -(sample % Int(rate)) & 0xFFFF)
            let count = min(120, total - sample)
            put16(&d, 28, count)
            for i in 0..<count {
                let t = Double(sample + i) / rate
                let minuteOfDay = (Int(t) % 86_400) / 60
                let (x, y, z) = Week24.sample(minuteActivity[minuteOfDay], t: t, minuteOfDay: minuteOfDay, noise: noise)
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
}
