import Foundation
import SitLessCore

extension AxivityReader {
    /// What one 512-byte block is, decided from its bytes alone: a block to skip (and why), or
    /// a data block and what its header says. Whether its samples are used also depends on the
    /// blocks before it (the session of the first data block), which `State.record` decides;
    /// split this way, parts of a file can be inspected on different cores and recorded in order.
    enum Verdict {
        case skip(String)
        case data(DataBlock)
    }

    struct DataBlock {
        var session: UInt32
        var sequence: UInt32
        var rate: Double
        var count: Int
        /// Time of sample 0 on the device clock, read as UTC.
        var start: Double
        /// Whether a sample time lies outside `TimeBounds` (the block is then skipped).
        var outOfRange: Bool
        var unit: Double
        var bytesPerSample: Int
        var packed: Bool
        var accel: Int

        /// Time of the last sample, device clock.
        var lastTime: Double { start + Double(max(0, count - 1)) / rate }
    }

    /// Checks a block's marker, checksum and layout and reads its header.
    static func inspect(_ raw: UnsafeRawBufferPointer) -> Verdict {
        guard raw[0] == 0x41, raw[1] == 0x58 else { return .skip("not a data block (no \"AX\")") }
        guard checksumOK(raw) else { return .skip("checksum does not match") }
        let length = u16(raw, 2)
        guard length == 508 else { return .skip("packet length \(length), expected 508") }
        let code = raw[24]
        guard code != 0 else { return .skip("no rate code (an old CWA layout this reader does not read)") }
        let axes = Int(raw[25] >> 4)
        let packing = Int(raw[25] & 0x0F)
        let bytesPerSample: Int
        switch (axes, packing) {
        case (3, 0): bytesPerSample = 4
        case (3, 2), (6, 2), (9, 2): bytesPerSample = 2 * axes
        default: return .skip("unknown layout (\(axes) axes, packing \(packing))")
        }
        let count = Int(u16(raw, 28))
        guard count <= 480 / bytesPerSample else {
            return .skip("\(count) samples do not fit in a block of \(480 / bytesPerSample)")
        }
        guard let stamp = seconds(packed: u32(raw, 14)) else {
            return .skip("impossible timestamp 0x\(String(u32(raw, 14), radix: 16))")
        }
        let rate = AxivityReader.rate(code: code)
        // Time of sample 0: the timestamp (+ fraction) belongs to sample `offset`.
        var offset = Int(i16(raw, 26))
        var fraction = 0.0
        let fractional = u16(raw, 4)
        if fractional & 0x8000 != 0 {
            let part = Int(fractional & 0x7FFF) << 1  // in 1/65536 s
            fraction = Double(part) / 65_536
            offset += (part * Int(rate)) >> 16  // undo the firmware's compatibility shift
        }
        let start = Double(stamp) + fraction - Double(offset) / rate
        // The packed clock reaches 2063 at most, but the offset moves the start by up to
        // days at the slowest rates: every sample time must lie in the accepted range.
        let last = start + Double(max(0, count - 1)) / rate
        let outOfRange =
            TimeBounds.instant(secondsSince1970: start) == nil || TimeBounds.instant(secondsSince1970: last) == nil
        return .data(
            DataBlock(
                session: u32(raw, 6), sequence: u32(raw, 10), rate: rate, count: count, start: start,
                outOfRange: outOfRange,
                // AX6: accelerometer unit 1/2^(8+n) g, n in light bits 13-15 (0 on an AX3).
                unit: Double(1 << (8 + Int(u16(raw, 18) >> 13 & 0x07))), bytesPerSample: bytesPerSample,
                packed: packing == 0, accel: axes == 3 ? 0 : 6))
    }

    /// The samples of a data block, into `block` (its arrays are reused); `shift` seconds are
    /// taken off each time (a zone's offset from UTC: the same as subtracting it afterwards).
    static func decode(
        _ raw: UnsafeRawBufferPointer, _ d: DataBlock, into block: inout SampleBlock, shift: Double = 0
    ) {
        let count = d.count
        if block.times.count != count {
            block.times = Array(repeating: 0, count: count)
            block.x = Array(repeating: 0, count: count)
            block.y = Array(repeating: 0, count: count)
            block.z = Array(repeating: 0, count: count)
        }
        block.times.withUnsafeMutableBufferPointer { times in
            for i in 0..<count { times[i] = (d.start + Double(i) / d.rate) - shift }
        }
        // The unit is a power of two, so multiplying by its inverse is exact: the same as dividing.
        let perUnit = 1 / d.unit
        let packed = d.packed
        let stride = d.bytesPerSample
        let accel = d.accel
        block.x.withUnsafeMutableBufferPointer { xs in
            block.y.withUnsafeMutableBufferPointer { ys in
                block.z.withUnsafeMutableBufferPointer { zs in
                    if packed {
                        for i in 0..<count {
                            let word = raw.loadUnaligned(fromByteOffset: 30 + 4 * i, as: UInt32.self).littleEndian
                            let exponent = word >> 30
                            xs[i] = Double(signed10(word & 0x3FF) << exponent) * perUnit
                            ys[i] = Double(signed10(word >> 10 & 0x3FF) << exponent) * perUnit
                            zs[i] = Double(signed10(word >> 20 & 0x3FF) << exponent) * perUnit
                        }
                    } else {
                        for i in 0..<count {
                            let p = 30 + i * stride + accel
                            xs[i] = Double(i16(raw, p)) * perUnit
                            ys[i] = Double(i16(raw, p + 2)) * perUnit
                            zs[i] = Double(i16(raw, p + 4)) * perUnit
                        }
                    }
                }
            }
        }
    }

    /// What the reader remembers between blocks.
    struct State {
        var report: RecordingReport
        /// Session id of the first good block: later blocks must match.
        var session: UInt32?
        /// Sequence id and position of the last good block.
        var last: (sequence: UInt32, index: Int)?
        /// Warnings left out per kind, after the first few.
        var unlisted: [String: Int] = [:]
        var listed: [String: Int] = [:]
        var rateWarned = false

        mutating func warn(_ kind: String, _ message: @autoclosure () -> String) {
            if listed[kind, default: 0] < AxivityReader.warningsPerKind {
                listed[kind, default: 0] += 1
                report.warnings.append(message())
            } else {
                unlisted[kind, default: 0] += 1
            }
        }

        mutating func finish() {
            for kind in unlisted.keys.sorted() {
                report.warnings.append("\(unlisted[kind]!) more \(kind) not listed")
            }
            if report.blocks == 0 { report.warnings.append("no readable data blocks") }
        }

        mutating func skip(_ index: Int, _ reason: String) {
            report.skippedBlocks += 1
            warn("skipped blocks", "byte \(AxivityReader.offset(index)): block skipped: \(reason)")
        }

        /// Checks one 512-byte block and hands its samples on when it is good.
        mutating func take(
            _ raw: UnsafeRawBufferPointer, index: Int, into block: inout SampleBlock,
            onBlock: (SampleBlock) throws -> Void
        ) throws {
            let verdict = AxivityReader.inspect(raw)
            guard record(verdict, index: index), case .data(let d) = verdict, d.count > 0 else { return }
            AxivityReader.decode(raw, d, into: &block)
            try onBlock(block)
        }

        /// Counts and reports an inspected block, in file order; true when its samples are used.
        mutating func record(_ verdict: Verdict, index: Int) -> Bool {
            let at = AxivityReader.offset(index)
            let d: DataBlock
            switch verdict {
            case .skip(let reason):
                skip(index, reason)
                return false
            case .data(let data): d = data
            }
            let blockSession = d.session
            if let session {
                guard blockSession == session else {
                    report.sessionChanges += 1
                    warn(
                        "session changes",
                        "byte \(at): block of session \(blockSession), not \(session) like the first; skipped")
                    return false
                }
            } else {
                session = blockSession
                if let header = report.sessionID, header != Int(blockSession) {
                    report.warnings.append(
                        "byte \(at): the header names session \(header) but the data blocks session \(blockSession); "
                            + "read as session \(blockSession)"
                    )
                    report.sessionID = Int(blockSession)
                }
            }

            let sequence = d.sequence
            if let last {
                // Blocks skipped in between account for their own sequence numbers.
                let expected = last.sequence &+ UInt32(truncatingIfNeeded: index - last.index)
                if sequence != expected {
                    report.sequenceBreaks += 1
                    warn(
                        "sequence breaks",
                        "byte \(at): block sequence jumps from \(last.sequence) to \(sequence); no samples for the "
                            + "missing span"
                    )
                }
            }
            last = (sequence, index)

            let rate = d.rate
            if let nominal = report.sampleRate {
                if nominal != rate && !rateWarned {
                    rateWarned = true
                    report.warnings.append("byte \(at): the block rate is \(rate) Hz, not \(nominal) Hz as before")
                }
            } else {
                report.sampleRate = rate
            }
            guard !d.outOfRange else {
                skip(index, "its sample times lie outside the accepted range \(TimeBounds.instantRangeText)")
                return false
            }
            report.blocks += 1
            report.samples += d.count
            return true
        }
    }
}
