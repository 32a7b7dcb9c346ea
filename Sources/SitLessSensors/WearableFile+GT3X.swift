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
        var report = try inUTC(zone: zone, fixedOffset: fixed, onBlock: onBlock) { utc in
            try GT3XReader.read(url: url, progress: progress, onBlock: utc)
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
