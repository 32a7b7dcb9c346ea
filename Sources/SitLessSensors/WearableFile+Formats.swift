import Foundation
import SitLessCore

/// The formats added for issue 16 (GENEActiv `.bin`, ActiGraph epoch CSV and `.agd`,
/// header-less timestamped CSVs), kept apart from `WearableFile.read` so that it only gains a
/// line or two per format.
extension WearableFile {
    /// Epoch files become bouts straight from their counts (and inclinometer); nil when the
    /// file is not an epoch file. The original GENEA is refused here, by name.
    static func readEpochs(url: URL, head: Data, zone: TimeZone) throws -> WearableRecording? {
        let name = url.lastPathComponent
        if GENEActivReader.isOriginalGENEA(head) {
            throw SensorError.unsupported(file: name, reason: GENEActivReader.originalGENEAReason)
        }
        if AGDReader.isSQLite(head) { return try AGDReader.read(url: url, zone: zone) }
        if ActiGraphEpochCSV.isEpochCSV(head) { return try ActiGraphEpochCSV.read(url: url, zone: zone) }
        return nil
    }

    /// Whether the first bytes are a raw-sample format added for issue 16: a GENEActiv `.bin`
    /// or a header-less `time,x,y,z` CSV.
    static func isOtherRaw(_ head: Data) -> Bool {
        GENEActivReader.isGENEActiv(head) || TimestampCSV.isHeaderless(head)
    }

    /// Streams the samples of a GENEActiv `.bin`, its device clock (which has no zone: it was set
    /// to the local time of `zone`) moved to UTC; nil when the file is not one.
    static func readOtherSamples(
        url: URL, head: Data, zone: TimeZone, progress: ((Int) -> Void)?,
        onBlock: (SampleBlock) throws -> Void
    ) throws -> RecordingReport? {
        if TimestampCSV.isHeaderless(head) {
            return try RawCSVReader.read(url: url, zone: zone, progress: progress, onBlock: onBlock)
        }
        guard GENEActivReader.isGENEActiv(head) else { return nil }
        return try inUTC(zone: zone, onBlock: onBlock) { utc in
            try GENEActivReader.read(url: url, progress: progress, onBlock: utc)
        }
    }
}

extension WearableFile {
    /// Streams the raw samples of any raw format with times on the device's own clock read as
    /// UTC (a CSV's Unix seconds or zoned times are instants already): what `sitless samples`
    /// prints, to compare with other readers, which read device clocks the same way.
    public static func readDeviceClockSamples(
        url: URL, fillIdleSleep: Bool = false,
        onBlock: (SampleBlock) throws -> Void
    ) throws -> RecordingReport {
        let head = try SensorFile.head(url)
        if head.starts(with: [0x4D, 0x44]) { return try AxivityReader.read(url: url, onBlock: onBlock) }
        if GT3XReader.isZip(head) {
            return try GT3XReader.read(url: url, fillIdleSleep: fillIdleSleep, onBlock: onBlock)
        }
        if GENEActivReader.isGENEActiv(head) { return try GENEActivReader.read(url: url, onBlock: onBlock) }
        if isAppleHealth(head) || ActiGraphEpochCSV.isEpochCSV(head) || AGDReader.isSQLite(head)
            || GENEActivReader.isOriginalGENEA(head)
        {
            throw SensorError.unsupported(
                file: url.lastPathComponent,
                reason: "it has no raw samples (epochs, hours or an unread format); "
                    + "use `sitless analyze`")
        }
        return try readSamples(url: url, zone: TimeZone(identifier: "UTC")!, onBlock: onBlock)
    }
}

/// Header-less `time,x,y,z[,...]` CSVs as GGIR and scikit-digital-health export them: the
/// time is Unix seconds (possibly fractional) or an ISO-like `yyyy-MM-dd HH:mm:ss.SSS`; more
/// columns (a gyroscope's, temperature) may follow and are ignored. `RawCSVReader` reads them.
enum TimestampCSV {
    /// Whether the first line is a sample: a time, then three numbers.
    static func isHeaderless(_ head: Data) -> Bool {
        let body = SensorFile.droppingBOM(head)
        guard let end = body.firstIndex(of: 0x0A), SensorFile.isText(body.prefix(upTo: end)) else { return false }
        return isSample(String(decoding: body[body.startIndex..<end], as: UTF8.self))
    }

    /// Whether a line is a sample: a time (Unix seconds or ISO-like), then three numbers.
    static func isSample(_ text: String) -> Bool {
        let line = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let f = line.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard f.count >= 4, f.count <= 16, f[1...3].allSatisfy({ Double($0) != nil }) else { return false }
        return Double(f[0]) != nil || ActiGraphDates.isoSeconds(f[0]) != nil
    }
}

extension SensorFile {
    /// A zip archive in words, from the name of its first entry (in the local header at byte 30):
    /// an ActiGraph `.gt3x` holds `log.bin` (or `activity.bin`) and `info.txt`; Apple Health's
    /// export.zip holds `apple_health_export/`.
    static func describeZip(_ head: Data) -> String {
        let bytes = [UInt8](head)
        var first = ""
        if bytes.count >= 30, bytes[0] == 0x50, bytes[2] == 0x03 {
            let length = Int(bytes[26]) | Int(bytes[27]) << 8
            first = String(decoding: bytes[30..<min(bytes.count, 30 + length)], as: UTF8.self)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if text.contains("info.txt") && !text.contains("log.bin") && !text.contains("activity.bin") {
            return "a zip archive with info.txt but no log.bin or activity.bin (an ActiGraph .gt3x holds both)"
        }
        if text.contains("info.txt") {
            return
                "an ActiGraph .gt3x (a zip with info.txt and \(text.contains("log.bin") ? "log.bin" : "activity.bin"))"
        }
        if !first.isEmpty && !first.hasPrefix("apple_health_export") {
            return "a zip archive whose first entry is \(excerpt(first)) (unzip it first)"
        }
        return "a zip archive (unzip it first: Apple Health's export.zip holds apple_health_export/export.xml)"
    }
}
