import ArgumentParser
import Foundation
import SitLessSensors

struct CountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "counts",
        abstract: "ActiGraph-compatible activity counts per epoch from a raw CSV or .cwa file (epoch_start,x,y,z,vm)."
    )

    @Argument(
        help: ArgumentHelp("A raw accelerometer file (time,x,y,z CSV, ActiGraph CSV or .cwa).", valueName: "file"))
    var file: String
    @Option(help: ArgumentHelp("Samples per second: 30, 40, ..., 100 (default: from the file).", valueName: "hz"))
    var rate: Int?
    @Option(help: ArgumentHelp("Epoch length in seconds.", valueName: "s")) var epoch = 60

    func validate() throws {
        if !(1...3600).contains(epoch) { throw CLIError("--epoch must be 1 to 3600 seconds") }
    }

    func run() async throws {
        let url = URL(fileURLWithPath: file)
        guard FileManager.default.fileExists(atPath: file) else { throw CLIError("\(file): no such file") }
        var counts: ActiGraphCounts?
        var firstTime: Double?
        do {
            _ = try WearableFile.readSamples(url: url, zone: TimeZone(identifier: "UTC")!) { block in
                if counts == nil {
                    firstTime = block.times.first
                    let hz = rate ?? WearableFile.sampleRate(of: block)
                    guard let made = ActiGraphCounts(rate: hz, epochSeconds: epoch) else {
                        throw CLIError(
                            "counts need 30, 40, ..., 100 samples per second; this file has \(hz) (give --rate)")
                    }
                    counts = made
                }
                counts!.add(block)
            }
        } catch let error as SensorError {
            throw CLIError(error.description)
        }
        guard let counts, let start = firstTime else { throw CLIError("\(file): no samples") }
        var out = "epoch_start,x,y,z,vm\n"
        for (i, e) in counts.epochs.enumerated() {
            let vm = (Double(e[0] * e[0] + e[1] * e[1] + e[2] * e[2])).squareRoot()
            out += String(format: "%.3f,%d,%d,%d,%.3f\n", start + Double(i * epoch), e[0], e[1], e[2], vm)
        }
        print(out, terminator: "")
    }
}
