import Foundation
import ZIPFoundation

/// A small `.gt3x` writer for the tests (ActiGraph's GT3X-File-Format and NHANES-GT3X-File-Format,
/// see `GT3XReader`): `info.txt` plus `log.bin` records, or `activity.bin`, in a zip made by ZIPFoundation.
enum GT3XWriter {
    /// 2024-03-01 12:00:00 on the device clock, as Unix seconds.
    static let noon: UInt32 = 1_709_294_400

    /// One log record with a correct checksum unless `checksum` is given.
    static func record(_ type: UInt8, _ stamp: UInt32, _ payload: [UInt8], checksum: UInt8? = nil) -> [UInt8] {
        var r: [UInt8] = [0x1E, type]
        for k in 0..<4 { r.append(UInt8(stamp >> (8 * UInt32(k)) & 0xFF)) }
        r += [UInt8(payload.count & 0xFF), UInt8(payload.count >> 8)]
        r += payload
        r.append(checksum ?? ~r.reduce(0, ^))
        return r
    }

    /// ACTIVITY2 payload: int16 little-endian x, y, z per sample.
    static func activity2(_ samples: [(Int, Int, Int)]) -> [UInt8] {
        samples.flatMap { s in [s.0, s.1, s.2].flatMap { v in [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] } }
    }

    /// 12-bit packing of the values in the order given (most significant bit first), padded
    /// with a zero nibble to whole bytes.
    static func pack12(_ values: [Int]) -> [UInt8] {
        var bits: [UInt8] = []
        for v in values {
            let u = v & 0xFFF
            bits += [UInt8(u >> 8), UInt8(u >> 4 & 0xF), UInt8(u & 0xF)]  // nibbles
        }
        if bits.count % 2 == 1 { bits.append(0) }
        return stride(from: 0, to: bits.count, by: 2).map { bits[$0] << 4 | bits[$0 + 1] }
    }

    /// ACTIVITY payload: 12-bit y, x, z per sample.
    static func activity(_ samples: [(Int, Int, Int)]) -> [UInt8] {
        pack12(samples.flatMap { [$0.1, $0.0, $0.2] })
    }

    /// The PARAMETERS float encoding (`Parameters.md`'s `Encode`).
    static func encodeParameter(_ f: Double) -> UInt32 {
        var significand = abs(f)
        guard significand >= 0.00000011920928955078125 else { return 0 }
        var exponent = 0
        while significand >= 1 {
            significand /= 2
            exponent += 1
        }
        while significand < 0.5 {
            significand *= 2
            exponent -= 1
        }
        var code = UInt32(significand * 8_388_608)
        if f < 0 { code = UInt32(bitPattern: -Int32(code)) }
        return code & 0x00FF_FFFF | UInt32(bitPattern: Int32(exponent) << 24) & 0xFF00_0000
    }

    /// PARAMETERS payload: a battery item, ACCEL_SCALE (address 0, id 55) and FEATURE_ENABLE.
    static func parameters(scale: Double) -> [UInt8] {
        func item(_ space: UInt16, _ id: UInt16, _ value: UInt32) -> [UInt8] {
            [UInt8(space & 0xFF), UInt8(space >> 8), UInt8(id & 0xFF), UInt8(id >> 8)]
                + (0..<4).map { UInt8(value >> (8 * UInt32($0)) & 0xFF) }
        }
        return item(0, 6, 2) + item(0, 55, encodeParameter(scale)) + item(1, 2, 0x184)
    }

    /// `info.txt` as ActiLife writes it; nil leaves a line out.
    static func info(
        rate: Int = 30, serial: String? = "MOS2E39180594", scale: String? = "256.0",
        start: UInt32 = noon, timeZone: String? = "-05:00:00"
    ) -> String {
        let ticks = Int64(start) * 10_000_000 + 621_355_968_000_000_000
        var lines: [String] = []
        if let serial { lines.append("Serial Number: \(serial)") }
        lines += [
            "Device Type: wGT3XBT", "Firmware: 1.9.2", "Battery Voltage: 4,03", "Sample Rate: \(rate)",
            "Start Date: \(ticks)", "Stop Date: 0",
        ]
        if let timeZone { lines.append("TimeZone: \(timeZone)") }
        if let scale { lines += ["Acceleration Scale: \(scale)", "Acceleration Min: -8.0", "Acceleration Max: 8.0"] }
        lines.append("Subject Name: test")
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A zip of the entries (deflated) in a fresh temporary folder.
    static func zip(_ entries: [(String, [UInt8])], name: String = "test.gt3x") throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sitless-gt3x-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        let archive = try Archive(url: url, accessMode: .create)
        for (path, bytes) in entries {
            let data = Data(bytes)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count),
                compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return url
    }

    /// A current-layout file: `info.txt` and `log.bin`.
    static func file(info: String = info(), log: [UInt8], name: String = "test.gt3x") throws -> URL {
        try zip([("info.txt", Array(info.utf8)), ("log.bin", log)], name: name)
    }
}
