import Foundation
import SitLessCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a `.cwa` in parts of whole 512-byte blocks, reduced to seconds on several cores and
/// handed on in order, with the same seconds and the same report as one pass through
/// `AxivityReader.read`, `WearableFile.inUTC` and one `SecondReducer`:
/// - each block is inspected on its own (`AxivityReader.inspect`) in the part that holds it,
///   and the verdicts are recorded in file order on the caller's thread (`State.record`), so
///   counts and warnings come out as in one pass; the session the samples must belong to is
///   the first data block's, found before the parts start;
/// - each part's `SecondReducer` starts after the time of the last sample before the part (read
///   from the blocks before it) and reads on into the blocks after it until its last second is
///   complete: the seam rule of `SecondReducer`.
/// Memory holds the parts in flight (`workers` × 8 parts of `chunkBlocks` blocks and their
/// seconds), never the whole recording.
enum AxivityParts {
    struct Part {
        /// Each block's verdict, and whether its samples were left out in UTC.
        var verdicts: [(verdict: AxivityReader.Verdict, outsideUTC: Bool)] = []
        var seconds: [SecondSummary] = []
    }

    /// The data blocks of an open file, read at any position (`pread`: safe from several threads).
    struct Blocks: @unchecked Sendable {
        let fd: Int32
        let name: String
        /// Whole data blocks in the file.
        let count: Int

        /// Bytes of blocks `range` (clamped to the file).
        func read(_ range: Range<Int>) throws -> [UInt8] {
            let blocks = range.clamped(to: 0..<count)
            let size = blocks.count * AxivityReader.blockSize
            return try [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
                var done = 0
                while done < size {
                    let at = off_t(AxivityReader.offset(blocks.lowerBound) + done)
                    let n = pread(fd, buffer.baseAddress! + done, size - done, at)
                    if n < 0 && errno == EINTR { continue }
                    guard n > 0 else {
                        let reason = n == 0 ? "the file got shorter while read" : String(cString: strerror(errno))
                        throw SensorError.unreadable(file: name, reason: reason)
                    }
                    done += n
                    initialized = done
                }
            }
        }
    }

    /// Decodes, moves to UTC and checks a block's samples; they are in `block` when usable.
    struct Decoder {
        let session: UInt32?
        var offsets: UTCOffsets
        var block = SampleBlock()

        /// Whether the block's samples are used; `outsideUTC` when they were left out because
        /// in UTC they lie outside `TimeBounds` (as `WearableFile.inUTC` leaves them out).
        mutating func take(_ raw: UnsafeRawBufferPointer, _ verdict: AxivityReader.Verdict) -> (
            used: Bool, outsideUTC: Bool
        ) {
            guard case .data(let d) = verdict, d.session == session, !d.outOfRange, d.count > 0 else {
                return (false, false)
            }
            // A block's times rise from `start` to `lastTime`: when the zone's offset is the
            // same at both ends, it is moved to UTC as it is decoded.
            if let offset = offsets.offset(from: d.start, through: d.lastTime) {
                AxivityReader.decode(raw, d, into: &block, shift: Double(offset))
            } else {
                AxivityReader.decode(raw, d, into: &block)
                offsets.toUTC(&block.times)
            }
            guard let first = block.times.first, let last = block.times.last,
                TimeBounds.instant(secondsSince1970: first) != nil, TimeBounds.instant(secondsSince1970: last) != nil
            else { return (false, true) }
            return (true, false)
        }
    }

    static func forEachBlock(
        _ bytes: [UInt8], _ body: (Int, UnsafeRawBufferPointer) throws -> Bool
    ) rethrows {
        try bytes.withUnsafeBytes { raw in
            for b in 0..<(raw.count / AxivityReader.blockSize) {
                let at = b * AxivityReader.blockSize
                guard try body(b, UnsafeRawBufferPointer(rebasing: raw[at..<(at + AxivityReader.blockSize)])) else {
                    return
                }
            }
        }
    }

    /// The session of the first data block, nil when there is none.
    static func firstSession(_ blocks: Blocks) throws -> UInt32? {
        var start = 0
        while start < blocks.count {
            var found: UInt32?
            let bytes = try blocks.read(start..<(start + 64))
            forEachBlock(bytes) { _, raw in
                if case .data(let d) = AxivityReader.inspect(raw) { found = d.session }
                return found == nil
            }
            if let found { return found }
            start += 64
        }
        return nil
    }

    /// Reduces part `k` (blocks `k × chunkBlocks ..< (k + 1) × chunkBlocks`) to its seconds.
    static func reduce(
        part k: Int, blocks: Blocks, chunkBlocks: Int, session: UInt32?, zone: TimeZone, calibration: Calibration?,
        withENMO: Bool = true
    ) throws -> Part {
        let lo = k * chunkBlocks
        let hi = min(blocks.count, lo + chunkBlocks)
        var decoder = Decoder(session: session, offsets: UTCOffsets(zone: zone))
        // The time of the last sample before the part, from the nearest block before it with samples.
        var after: Double?
        var end = lo
        while after == nil && end > 0 {
            let start = max(0, end - 16)
            let bytes = try blocks.read(start..<end)
            bytes.withUnsafeBytes { raw in
                for b in stride(from: end - start - 1, through: 0, by: -1) {
                    let at = b * AxivityReader.blockSize
                    let block = UnsafeRawBufferPointer(rebasing: raw[at..<(at + AxivityReader.blockSize)])
                    if decoder.take(block, AxivityReader.inspect(block)).used {
                        after = decoder.block.times.last
                        return
                    }
                }
            }
            end = start
        }
        var reducer = SecondReducer(calibration: calibration, withENMO: withENMO, after: after)
        var part = Part()
        part.verdicts.reserveCapacity(hi - lo)
        let own = try blocks.read(lo..<hi)
        forEachBlock(own) { _, raw in
            let verdict = AxivityReader.inspect(raw)
            let taken = decoder.take(raw, verdict)
            part.verdicts.append((verdict, taken.outsideUTC))
            if taken.used { reducer.add(decoder.block) }
            return true
        }
        // Read on until the last second is complete.
        reducer.stopAtNextSecond()
        var next = hi
        while !reducer.isComplete && next < blocks.count {
            let bytes = try blocks.read(next..<(next + 16))
            forEachBlock(bytes) { _, raw in
                if decoder.take(raw, AxivityReader.inspect(raw)).used { reducer.add(decoder.block) }
                return !reducer.isComplete
            }
            next += 16
        }
        if !reducer.isComplete { reducer.finish() }
        part.seconds = reducer.take()
        return part
    }
}
