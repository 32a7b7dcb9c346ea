import Foundation
import SitLessCore
import SitLessSensors

#if canImport(Glibc)
import Glibc
#endif

// The libFuzzer entry point for every wearable reader (issue 12): built by `.ci/fuzz.sh` with
// `swiftc -sanitize=fuzzer,address`, one binary for all readers, the reader chosen by
// SITLESS_FUZZ_TARGET (activpal, applehealth, rawcsv, axivity, gt3x, geneactiv, epochcsv, agd or wearable,
// which is what
// `sitless analyze` does with a file: detection, then the reader and the whole pipeline; and
// media, the photo and video cleaner of SitLessCore, which is not among .ci/fuzz.sh's defaults).
//
// Each input is written to a file (the readers read files: this also covers opening,
// chunking and line splitting) and read. What counts as a finding, besides a trap, a sanitizer
// report, a timeout or running out of memory (libFuzzer's own -timeout and -rss_limit_mb):
// - an error that is not a SensorError (every problem with a file must be one);
// - a message longer than 600 characters or holding a control character (file content is
//   quoted short and escaped);
// - a bout, sample time or Apple Health hour outside TimeBounds, a bout that ends before it
//   starts, or an acceleration that is not finite;
// - media: an error that is not a MediaProblem, facts that disagree with the bytes, and a cleaned
//   file that does not clean to itself (same bytes, same kind, nothing more removed).

enum Target: String, CaseIterable {
    case activpal, applehealth, rawcsv, axivity, gt3x, wearable, media, geneactiv, epochcsv, agd
}

nonisolated(unsafe) var target = Target.wearable
nonisolated(unsafe) var inputURL = URL(fileURLWithPath: "/dev/null")
nonisolated(unsafe) var cleanedURL = URL(fileURLWithPath: "/dev/null")
let zones = [
    TimeZone(identifier: "UTC")!, TimeZone(identifier: "Europe/Berlin")!, TimeZone(identifier: "America/Sao_Paulo")!,
]

@_cdecl("LLVMFuzzerInitialize")
public func initialize(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    let name = ProcessInfo.processInfo.environment["SITLESS_FUZZ_TARGET"] ?? ""
    guard let chosen = Target(rawValue: name) else {
        FileHandle.standardError.write(
            Data("set SITLESS_FUZZ_TARGET to one of: \(Target.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8)
        )
        exit(2)
    }
    target = chosen
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sitless-fuzz-\(getpid())")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    inputURL = folder.appendingPathComponent("input")
    cleanedURL = folder.appendingPathComponent("cleaned")
    atexit { try? FileManager.default.removeItem(at: inputURL.deletingLastPathComponent()) }
    return 0
}

func finding(_ what: String) -> Never {
    FileHandle.standardError.write(Data("FINDING (\(target.rawValue)): \(what)\n".utf8))
    abort()
}

func check(_ message: String) {
    if message.count > 600 { finding("a message of \(message.count) characters: \(message.prefix(200))...") }
    if message.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
        finding("a control character in: \(message.debugDescription)")
    }
}

/// `strict`: what a reader hands on (to `import`) lies in TimeBounds; the signal processing's
/// whole seconds, epochs and 15-minute steps may reach a little past its edges.
func check(_ bouts: [PostureBout], strict: Bool = true) {
    let margin: TimeInterval = strict ? 0 : 3600
    for bout in bouts {
        if bout.start < TimeBounds.earliest.addingTimeInterval(-margin)
            || bout.end > TimeBounds.latestFixed.addingTimeInterval(margin)
        {
            finding("a bout outside TimeBounds: \(bout)")
        }
        if bout.end < bout.start { finding("a bout that ends before it starts: \(bout)") }
    }
    // What `analyze` and `import` do next: merge, find the days, sum them up.
    let timeline = PostureTimeline(merging: bouts)
    guard let first = timeline.bouts.first, let last = timeline.bouts.last else { return }
    _ = (LocalDate(first.start, in: zones[1]), LocalDate(last.end, in: zones[1]))
    _ = SedentaryMetrics(timeline: timeline, from: first.start, to: last.end)
}

/// Feeds raw samples through everything that consumes them.
struct Pipeline {
    var classifier = ThighClassifier()
    var nonWear = NonWearDetector()
    var enmo = ENMOEpochs(epochSeconds: 60)
    var counts: ActiGraphCounts?
    var collector = Calibration.Collector()

    mutating func add(_ block: SampleBlock) {
        for i in 0..<block.count {
            if TimeBounds.instant(secondsSince1970: block.times[i]) == nil {
                finding("a sample time outside TimeBounds: \(block.times[i])")
            }
            if !block.x[i].isFinite || !block.y[i].isFinite || !block.z[i].isFinite {
                finding("an acceleration that is not finite")
            }
        }
        if counts == nil {
            counts = ActiGraphCounts(
                rate: max(30, min(100, WearableFile.sampleRate(of: block) / 10 * 10)), epochSeconds: 60)
        }
        counts?.add(block)
        classifier.add(block)
        nonWear.add(block)
        enmo.add(block)
        collector.add(block)
    }

    mutating func finish() {
        check(classifier.finish(), strict: false)
        check(nonWear.bouts(), strict: false)
        enmo.close()
        _ = collector.fit()
    }
}

func run(_ bytes: UnsafeRawBufferPointer) throws {
    let zone = zones[bytes.count % zones.count]
    switch target {
    case .activpal:
        let result = try ActivPALReader.read(url: inputURL, zone: zone)
        result.warnings.forEach(check)
        check(result.bouts)
    case .applehealth:
        let result = try AppleHealthReader.read(url: inputURL)
        result.warnings.forEach(check)
        for hour in result.hours {
            if !TimeBounds.contains(hour.start) { finding("an hour outside TimeBounds: \(hour.start)") }
            if !hour.steps.isFinite || !hour.standMinutes.isFinite { finding("a total that is not finite") }
            _ = LocalDate(hour.start, in: zone)
        }
    case .rawcsv:
        var pipeline = Pipeline()
        let report = try RawCSVReader.read(url: inputURL, zone: zone) { pipeline.add($0) }
        report.warnings.forEach(check)
        pipeline.finish()
    case .axivity:
        var pipeline = Pipeline()
        let report = try AxivityReader.read(url: inputURL) { pipeline.add($0) }
        report.warnings.forEach(check)
        pipeline.finish()
    case .gt3x:
        // Idle-sleep filling on every other input: it invents samples, so it is where time runs.
        var pipeline = Pipeline()
        let report = try GT3XReader.read(url: inputURL, fillIdleSleep: bytes.count % 2 == 0) { pipeline.add($0) }
        report.warnings.forEach(check)
        check(report.format)
        pipeline.finish()
    case .geneactiv:
        var pipeline = Pipeline()
        let report = try GENEActivReader.read(url: inputURL) { pipeline.add($0) }
        report.warnings.forEach(check)
        pipeline.finish()
    case .epochcsv, .agd:
        let recording =
            try target == .agd
            ? AGDReader.read(url: inputURL, zone: zone) : ActiGraphEpochCSV.read(url: inputURL, zone: zone)
        recording.warnings.forEach(check)
        check(recording.format)
        check(recording.bouts)
    case .media:
        try media(bytes.count)
    case .wearable:
        if WearableFile.isAppleHealth(url: inputURL) {
            _ = try AppleHealthReader.read(url: inputURL)
            return
        }
        let placement = Placement.allCases[bytes.count % Placement.allCases.count]
        let recording = try WearableFile.read(
            url: inputURL, zone: zone, placement: placement, withENMO: bytes.count % 2 == 0)
        recording.warnings.forEach(check)
        check(recording.bouts)
    }
}

/// Cleans the input; the cleaned file must clean to itself. Problems are MediaProblems, checked
/// like every message.
func media(_ size: Int) throws {
    var cleaned = Data()
    let facts: MediaFacts
    do {
        facts = try MediaCleaner.clean(path: inputURL.path) { piece in
            if piece.isEmpty || piece.count > MediaLimits.chunkBytes {
                finding("an output piece of \(piece.count) bytes")
            }
            cleaned.append(piece)
        }
    } catch let problem as MediaProblem {
        check(problem.description)
        if problem.reason == .damaged && problem.offset == nil {
            finding("a damaged file without an offset: \(problem)")
        }
        return
    }
    if facts.bytesIn != size || facts.bytesOut != cleaned.count {
        finding("byte counts \(facts) for \(size) in, \(cleaned.count) out")
    }
    // Only a JPEG grows, by at most 4 bytes: a 32-byte EXIF segment holding Orientation becomes the 36-byte one.
    if facts.bytesOut > facts.bytesIn + 4 { finding("the cleaned file is larger: \(facts)") }
    if facts.kind.isVideo != (facts.width == nil) { finding("a size given for a video, or none for a photo: \(facts)") }
    facts.removed.forEach(check)
    if cleaned.isEmpty { finding("an empty cleaned file: \(facts)") }
    cleaned.withUnsafeBytes {
        writeFile(cleanedURL.path, $0.baseAddress!.assumingMemoryBound(to: UInt8.self), $0.count)
    }
    var again = Data()
    let second: MediaFacts
    do {
        second = try MediaCleaner.clean(path: cleanedURL.path) { again.append($0) }
    } catch {
        finding("the cleaned \(facts.kind) is refused: \(error)")
    }
    if again != cleaned {
        finding("cleaning the cleaned \(facts.kind) changed it (\(cleaned.count) -> \(again.count) bytes)")
    }
    if !second.removed.isEmpty { finding("cleaning the cleaned \(facts.kind) removed \(second.removed) again") }
    if second.kind != facts.kind || second.width != facts.width || second.height != facts.height {
        finding("the cleaned file reads differently: \(facts) then \(second)")
    }
}

/// Written with plain POSIX calls: Foundation's Data.write(to:) syncs the file to disk, which
/// made each run wait on the disk.
func writeFile(_ path: String, _ data: UnsafePointer<UInt8>, _ size: Int) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    if fd < 0 { finding("could not open \(path): errno \(errno)") }
    var written = 0
    while written < size {
        let n = write(fd, data + written, size - written)
        if n <= 0 { finding("could not write \(path): errno \(errno)") }
        written += n
    }
    close(fd)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    writeFile(inputURL.path, data, size)
    do {
        try run(bytes)
    } catch let error as SensorError {
        check(error.description)
    } catch {
        finding("an error that is not a \(target == .media ? "MediaProblem" : "SensorError"): \(error)")
    }
    return 0
}
