import Foundation
import SitLessCore

extension WearableFile {
    /// Blocks in a part of a `.cwa` read on one core: 15 minutes at 100 Hz (120 samples a block),
    /// small enough that the two cores finish a round of parts close together.
    public static let defaultChunkBlocks = 750

    /// Streams the seconds (`SecondSummary`) of any raw format, in time order, in batches,
    /// with times in UTC (as `readSamples` moves them) and `calibration` applied to each sample
    /// first when given. A `.cwa` is read in parts of `chunkBlocks` 512-byte blocks reduced on
    /// `workers` cores; the others are read serially through `readSamples`. Either way the
    /// seconds and the report are the same as one `SecondReducer` over `readSamples`.
    /// `progress`, when given, hears the bytes read so far now and then.
    public static func readSeconds(
        url: URL, zone: TimeZone, calibration: Calibration? = nil, withENMO: Bool = true, workers: Int = defaultWorkers,
        chunkBlocks: Int = defaultChunkBlocks, progress: ((Int) -> Void)? = nil,
        onSeconds: ([SecondSummary]) throws -> Void
    ) throws -> RecordingReport {
        let head = try SensorFile.head(url)
        if head.starts(with: [0x4D, 0x44]), head.count >= AxivityReader.headerSize {
            return try AxivityParts.readSeconds(
                url: url, zone: zone, calibration: calibration, withENMO: withENMO, workers: max(1, workers),
                chunkBlocks: max(1, chunkBlocks), progress: progress, onSeconds: onSeconds)
        }
        var reducer = SecondReducer(calibration: calibration, withENMO: withENMO)
        let report = try readSamples(url: url, zone: zone, progress: progress) { block in
            reducer.add(block)
            let seconds = reducer.take()
            if !seconds.isEmpty { try onSeconds(seconds) }
        }
        reducer.finish()
        let seconds = reducer.take()
        if !seconds.isEmpty { try onSeconds(seconds) }
        return report
    }
}

extension AxivityParts {
    static func readSeconds(
        url: URL, zone: TimeZone, calibration: Calibration?, withENMO: Bool = true, workers: Int, chunkBlocks: Int,
        progress: ((Int) -> Void)?, onSeconds: ([SecondSummary]) throws -> Void
    ) throws -> RecordingReport {
        let name = url.lastPathComponent
        let handle = try SensorFile.open(url)
        defer { try? handle.close() }
        var state = try AxivityReader.readHeader(name: name) { count in
            do {
                return [UInt8](try handle.read(upToCount: count) ?? Data())
            } catch {
                throw SensorError.unreadable(file: name, reason: error.localizedDescription)
            }
        }
        guard !state.report.truncated else { return state.report }
        let size = SensorFile.size(handle) ?? AxivityReader.headerSize
        let data = max(0, size - AxivityReader.headerSize)
        let blocks = Blocks(fd: handle.fileDescriptor, name: name, count: data / AxivityReader.blockSize)
        let session = try firstSession(blocks)
        let parts = (blocks.count + chunkBlocks - 1) / chunkBlocks
        let batch = workers * 8
        var outside = 0
        // The parts of one batch are reduced on the workers while the batch before is handed on
        // (`onSeconds`, the detectors) on one of them: iteration 0 of each round hands on, the
        // others reduce, so neither waits for the other. Results and order are those of a single
        // pass: batches are handed on whole and in order.
        var pending: (base: Int, results: [Result<Part, Error>?])?
        var first = 0
        while first < parts || pending != nil {
            let count = first < parts ? min(batch, parts - first) : 0
            var results = [Result<Part, Error>?](repeating: nil, count: count)
            let base = first
            let work: @Sendable (Int) -> Result<Part, Error> = { i in
                Result {
                    try reduce(
                        part: base + i, blocks: blocks, chunkBlocks: chunkBlocks, session: session, zone: zone,
                        calibration: calibration, withENMO: withENMO)
                }
            }
            var handOnError: Error?
            func handOn() {
                guard let (lo, done) = pending else { return }
                do {
                    for (i, result) in done.enumerated() {
                        let part = try result!.get()
                        let start = (lo + i) * chunkBlocks
                        for (b, entry) in part.verdicts.enumerated() {
                            let used = state.record(entry.verdict, index: start + b)
                            if used && entry.outsideUTC { outside += 1 }
                        }
                        if !part.seconds.isEmpty { try onSeconds(part.seconds) }
                    }
                } catch {
                    handOnError = error
                }
            }
            if workers == 1 || (count <= 1 && pending == nil) {
                handOn()
                for i in 0..<count { results[i] = work(i) }
            } else {
                try withoutActuallyEscaping(handOn) { handOn in
                    let serial = Unchecked(handOn)
                    results.withUnsafeMutableBufferPointer { slots in
                        let out = Slots(slots)
                        DispatchQueue.concurrentPerform(iterations: count + 1) { i in
                            if i == 0 { serial.value() } else { out.slots[i - 1] = work(i - 1) }
                        }
                    }
                }
            }
            if let handOnError { throw handOnError }
            pending = count > 0 ? (base, results) : nil
            first += count
            progress?(AxivityReader.offset(min(blocks.count, first * chunkBlocks)))
        }
        let rest = data % AxivityReader.blockSize
        if rest > 0 {
            state.report.truncated = true
            state.report.warnings.append(
                "byte \(AxivityReader.offset(blocks.count)): the last block is cut short (\(rest) of "
                    + "\(AxivityReader.blockSize) bytes) and was left out; the data before it was kept")
        }
        state.finish()
        var report = state.report
        report.leftOutsideUTC(outside)
        return report
    }

    /// A closure run on one worker at a time (the hand-on of a batch), across the concurrency check.
    struct Unchecked<T>: @unchecked Sendable {
        let value: T
        init(_ value: T) { self.value = value }
    }

    /// The result slots of one batch, written by the workers, one slot each.
    struct Slots: @unchecked Sendable {
        let slots: UnsafeMutableBufferPointer<Result<Part, Error>?>
        init(_ slots: UnsafeMutableBufferPointer<Result<Part, Error>?>) { self.slots = slots }
    }
}
