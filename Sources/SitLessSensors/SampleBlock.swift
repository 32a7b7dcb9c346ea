import Foundation
import SitLessCore

/// A run of raw accelerometer samples in g, in time order, handed from a reader to the
/// signal processing a block at a time so memory does not grow with the recording.
public struct SampleBlock: Sendable {
    /// Seconds since 1970-01-01 UTC of each sample.
    public var times: [Double]
    public var x: [Double]
    public var y: [Double]
    public var z: [Double]

    public init(times: [Double] = [], x: [Double] = [], y: [Double] = [], z: [Double] = []) {
        self.times = times
        self.x = x
        self.y = y
        self.z = z
    }

    public var count: Int { times.count }
}

/// What a raw reader found besides the samples: enough for a data-quality report.
public struct RecordingReport: Sendable, Equatable {
    public var format: String
    public var deviceID: Int?
    public var sessionID: Int?
    /// Nominal samples per second.
    public var sampleRate: Double?
    public var samples: Int = 0
    public var blocks: Int = 0
    /// Blocks skipped because their checksum failed or their header was corrupt.
    public var skippedBlocks: Int = 0
    /// Places where the block sequence number jumps (data missing in between).
    public var sequenceBreaks: Int = 0
    /// Blocks belonging to another recording session than the first block.
    public var sessionChanges: Int = 0
    public var truncated: Bool = false
    public var warnings: [String] = []

    public init(format: String) { self.format = format }
}

extension RecordingReport {
    /// Counts `blocks` left out because, moved to UTC, their times lie outside `TimeBounds`.
    mutating func leftOutsideUTC(_ blocks: Int) {
        guard blocks > 0 else { return }
        skippedBlocks += blocks
        warnings.append(
            "\(blocks) blocks left out: in UTC their times lie outside the accepted range "
                + TimeBounds.instantRangeText)
    }
}
