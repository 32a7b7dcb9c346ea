import Foundation
import SitLessCore

extension WearableFile {
    /// Streams the samples of an ActiGraph `.gt3x`, moved from the device clock to UTC.
    ///
    /// The device keeps local time, like a `.cwa`. When `info.txt` names the device's `TimeZone`
    /// (e.g. `-05:00:00`), that fixed offset is used: it is what the clock was set to, and the
    /// device does not follow daylight-saving changes during a recording. Without it, `zone` is
    /// used as for a `.cwa` (its offset at each sample's local time). Idle-sleep gaps stay gaps.
    public static func readGT3X(
        url: URL, zone: TimeZone, progress: ((Int) -> Void)? = nil,
        onBlock: (SampleBlock) throws -> Void
    ) throws -> RecordingReport {
        let fixed = try GT3XReader.readInfo(url: url).utcOffset
        var outside = 0
        var report = try GT3XReader.read(url: url, progress: progress) { block in
            var utc = block
            for i in 0..<utc.count {
                let naive = utc.times[i]
                utc.times[i] = naive - Double(fixed ?? zone.secondsFromGMT(for: Date(timeIntervalSince1970: naive)))
            }
            // The reader keeps the device clock in range; moved to UTC it may cross an edge.
            guard let first = utc.times.first, let last = utc.times.last,
                TimeBounds.instant(secondsSince1970: first) != nil,
                TimeBounds.instant(secondsSince1970: last) != nil
            else {
                outside += 1
                return
            }
            try onBlock(utc)
        }
        if outside > 0 {
            report.skippedBlocks += outside
            report.warnings.append(
                "\(outside) blocks left out: in UTC their times lie outside the accepted range "
                    + TimeBounds.instantRangeText)
        }
        if let fixed {
            let hours = abs(fixed) / 3600
            let minutes = abs(fixed) % 3600 / 60
            let zoneText = (fixed < 0 ? "-" : "+") + String(format: "%02d:%02d", hours, minutes)
            report.warnings.append("times moved to UTC with the device's time zone from info.txt (UTC\(zoneText))")
        }
        return report
    }
}
