import ArgumentParser
import Foundation
import SitLessSensors

/// Prints the decoded raw samples of a wearable file, to check the reader against others.
struct SamplesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "samples",
        abstract: "Print the raw samples of a .cwa, .gt3x, GENEActiv .bin or raw CSV file as CSV: time,x,y,z "
            + "(for checking the reader).",
        discussion: """
            time is seconds since 1970 (the device clock read as UTC) with 6 decimals; x, y, z are in g
            with 9 decimals. A summary of the file (blocks, skipped blocks, warnings) goes to stderr.
            A .gt3x keeps its idle-sleep gaps unless --fill-idle-sleep asks for them to be filled with the last
            sample (as ActiLife and pygt3x do).
            Example: sitless samples AX3.cwa --limit 1000 > samples.csv
            """
    )

    @Argument(help: ArgumentHelp("The .cwa, .gt3x, .bin or CSV file.", valueName: "file")) var file: String
    @Option(help: ArgumentHelp("Stop after this many samples.", valueName: "n")) var limit: Int?
    @Flag(help: "Fill .gt3x idle-sleep gaps with the last sample, as ActiLife and pygt3x do.") var fillIdleSleep = false

    func validate() throws {
        if let limit, limit < 0 { throw CLIError("--limit must be 0 or more") }
    }

    /// Thrown from the block callback to stop reading once the limit is reached.
    private struct Enough: Error {}

    func run() async throws {
        guard FileManager.default.fileExists(atPath: file) else { throw CLIError("\(file): no such file") }
        let out = FileHandle.standardOutput
        var text = "time,x,y,z\n"
        var printed = 0
        let limit = self.limit ?? Int.max
        var report: RecordingReport?
        do {
            let url = URL(fileURLWithPath: file)
            report = try WearableFile.readDeviceClockSamples(url: url, fillIdleSleep: fillIdleSleep) { block in
                for i in 0..<block.count {
                    guard printed < limit else { throw Enough() }
                    text += String(format: "%.6f,%.9f,%.9f,%.9f\n", block.times[i], block.x[i], block.y[i], block.z[i])
                    printed += 1
                }
                if text.utf8.count > 64 * 1024 {
                    out.write(Data(text.utf8))
                    text = ""
                }
            }
        } catch is Enough {
            report = nil
        } catch let error as SensorError {
            throw CLIError(error.description)
        }
        out.write(Data(text.utf8))
        var summary = "\(file): \(printed) samples printed"
        if let report {
            summary +=
                "; \(report.format), device \(report.deviceID.map(String.init) ?? "?"), session "
                    + "\(report.sessionID.map(String.init) ?? "?")"
            summary +=
                ", \(report.sampleRate.map { "\($0) Hz" } ?? "rate unknown"), \(report.samples) samples in "
                    + "\(report.blocks) blocks"
            summary +=
                ", \(report.skippedBlocks) skipped, \(report.sequenceBreaks) sequence breaks, "
                    + "\(report.sessionChanges) session changes"
            if report.truncated { summary += ", truncated" }
            for warning in report.warnings { summary += "\n  warning: \(warning)" }
        } else {
            summary += " (stopped at the limit)"
        }
        FileHandle.standardError.write(Data((summary + "\n").utf8))
    }
}
