import Foundation
import SitLessCore

extension WearableRecording {
    /// Lays time in bed over the bouts: the periods the file marks when it marks any, else
    /// the primary sedentary period of each night found in the bouts (`TimeInBed.primarySedentary`).
    mutating func findTimeInBed(marked: [DateInterval], by marker: String?, zone: TimeZone) {
        if !marked.isEmpty {
            setTimeInBed(marked, source: .file, note: "from \(marker ?? "the file's own markers")")
            return
        }
        let found = TimeInBed.primarySedentary(in: bouts, zone: zone)
        setTimeInBed(
            found, source: .detected,
            note: "detected: the longest sedentary period of each night (an hour or more, joined across upright "
                + "breaks of up to 15 min, at least 3 h)")
    }

    /// Lays `periods` over the posture bouts as time in bed, replacing any laid before.
    public mutating func setTimeInBed(_ periods: [DateInterval], source: TimeInBed.Source, note: String) {
        if inBedSource == nil { postureBouts = bouts }
        inBed = periods
        inBedSource = periods.isEmpty ? nil : source
        let nights = periods.count == 1 ? "1 period" : "\(periods.count) periods"
        inBedNote = periods.isEmpty ? nil : "time in bed, \(nights): \(note)"
        bouts = TimeInBed.apply(periods, source: source, to: postureBouts)
        if periods.isEmpty { inBedSource = nil }
    }

    /// The recording with a diary's time in bed in place of the file's or the detector's.
    public func withDiary(_ periods: [DateInterval]) -> WearableRecording {
        var copy = self
        copy.setTimeInBed(periods, source: .diary, note: "from the diary")
        return copy
    }
}
