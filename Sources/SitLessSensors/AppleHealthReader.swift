import Foundation
import SitLessCore

/// Reads Apple Health's `export.xml` (Health app > profile > Export All Health Data) into an
/// hourly picture of standing and walking. The file is streamed through ``XMLScanner`` (not
/// Foundation's `XMLParser`, which traps on some damaged files): exports are often gigabytes,
/// and only the hourly totals are kept.
///
/// Used records:
/// - `HKCategoryTypeIdentifierAppleStandHour`: whether the person stood for at least a
///   minute in that hour (`...Stood`) or not (`...Idle`), as the Watch counts it;
/// - `HKQuantityTypeIdentifierAppleStandTime`: minutes standing;
/// - `HKQuantityTypeIdentifierStepCount`: steps. iPhone and Watch both count steps while
///   both are carried, so steps are totalled per source and hour and the hour keeps the
///   largest source's total rather than the sum (the same walk counted twice is not
///   doubled; Apple's own de-duplication prefers one source per period in the same way).
///   A record spanning several hours is shared out in proportion to its overlap.
///
/// A record is skipped, with a warning naming its line, when its dates are unreadable or
/// outside `TimeBounds`, when it spans more than `longestRecord` (real step and stand-time
/// records cover minutes, at most a day), or when its value is not a finite number from 0 to
/// `largestValue`; so no record can make the reader's memory or a later sum blow up.
public enum AppleHealthReader {
    public struct Hour: Hashable, Sendable, Codable {
        /// Start of the hour (UTC instant).
        public var start: Date
        /// From the stand-hour ring: `true` stood, `false` idle, `nil` no record.
        public var stood: Bool?
        public var standMinutes: Double
        public var steps: Double

        /// Upright if the Watch says stood, or there were at least `threshold` steps
        /// (250 steps an hour is the Watch's own "time to stand" reminder level of activity
        /// and a common sedentary-hour cut-off).
        public func isUpright(stepThreshold: Double = 250) -> Bool { stood == true || steps >= stepThreshold }
    }

    public struct Result: Sendable {
        public var hours: [Hour]
        public var records: Int
        public var sources: [String]
        public var warnings: [String]
    }

    /// The longest record shared out over hours: 7 days.
    public static let longestRecord: TimeInterval = 7 * 86_400
    /// The largest step count or stand-time value of one record.
    public static let largestValue = 1_000_000.0
    /// Sources told apart; records of further sources are counted together.
    static let sourceLimit = 1000
    static let warningLimit = 20

    public static func read(url: URL) throws -> Result {
        let name = url.lastPathComponent
        let head = try SensorFile.head(url)
        guard isXML(head) else {
            throw SensorError.unsupported(
                file: name,
                reason:
                    "not an Apple Health export: the file looks like \(SensorFile.describe(head)). "
                        + "\(SensorFile.supportedFormats)"
            )
        }
        let handle = try SensorFile.open(url)
        defer { try? handle.close() }
        var scanner = XMLScanner(handle: handle, name: name)
        let collector = Collector()
        var sawEnd = false
        do {
            while let event = try scanner.next() {
                switch event {
                case .start(let element, let attributes):
                    if !collector.sawHealthData {
                        guard element == "HealthData" else {
                            throw SensorError.unsupported(
                                file: name,
                                reason: "not an Apple Health export: the root element is "
                                    + "<\(XMLScanner.shown(element))>, not <HealthData>"
                            )
                        }
                        collector.sawHealthData = true
                        continue
                    }
                    if element == "Record" { collector.record(attributes, line: scanner.tagLine) }
                case .end(let element):
                    if element == "HealthData" && scanner.openElements.isEmpty { sawEnd = true }
                }
            }
        } catch let failure as XMLScanner.Failure {
            if collector.records == 0 && !collector.sawHealthData {
                throw SensorError.unsupported(
                    file: name,
                    reason:
                        "not an Apple Health export (line \(failure.line), byte \(failure.offset): \(failure.reason))")
            }
            collector.warn(
                "the file ends early or is damaged at line \(failure.line), byte \(failure.offset) "
                    + "(\(failure.reason)); the records before it were read",
                always: true)
        }
        if !collector.sawHealthData {
            throw SensorError.unsupported(file: name, reason: "no <HealthData> element: not an Apple Health export")
        }
        if !sawEnd && collector.warnings.allSatisfy({ !$0.hasPrefix("the file ends early") }) {
            collector.warn(
                "the file ends early or is damaged at line \(scanner.line) (no closing </HealthData>); the records "
                    + "before it were read",
                always: true)
        }
        return collector.result()
    }

    /// Whether the first bytes (after a byte-order mark and white space) start XML.
    static func isXML(_ head: Data) -> Bool {
        SensorFile.droppingBOM(head).first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D } == 0x3C
    }

    /// `2026-12-07 10:00:00 +0100`, exactly; nil for anything else, or a day or time that
    /// does not exist. The caller checks the instant against `TimeBounds`.
    static func date(_ text: String) -> Date? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, let day = LocalDate(iso: String(parts[0])) else { return nil }
        let clockParts = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard clockParts.count == 3, clockParts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }) else {
            return nil
        }
        let clock = clockParts.compactMap { Int($0) }
        let zone = parts[2]
        guard clock.count == 3, clock[0] < 24, clock[1] < 60, clock[2] < 61, clock.allSatisfy({ $0 >= 0 }),
            zone.count == 5, let sign = zone.first, sign == "+" || sign == "-",
            zone.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }),
            let hh = Int(zone.dropFirst().prefix(2)), let mm = Int(zone.suffix(2)), hh < 24, mm < 60
        else { return nil }
        let offset = (hh * 3600 + mm * 60) * (sign == "-" ? -1 : 1)
        let seconds =
            Double(day.dayNumber) * 86_400 + Double(clock[0] * 3600 + clock[1] * 60 + clock[2]) - Double(offset)
        return Date(timeIntervalSince1970: seconds)
    }

    final class Collector {
        var sawHealthData = false
        var records = 0
        var warnings: [String] = []
        var unlisted = 0
        /// Hour index (hours since 1970) -> data.
        var stood: [Int: Bool] = [:]
        var standMinutes: [Int: Double] = [:]
        /// Hour -> source -> steps.
        var steps: [Int: [String: Double]] = [:]
        var sources = Set<String>()
        var otherSources = false

        func warn(_ message: String, always: Bool = false) {
            if always || warnings.count < AppleHealthReader.warningLimit {
                warnings.append(message)
            } else {
                unlisted += 1
            }
        }

        func record(_ attributes: [String: String], line: Int) {
            guard let type = attributes["type"] else { return }
            let wanted =
                type == "HKCategoryTypeIdentifierAppleStandHour" || type == "HKQuantityTypeIdentifierAppleStandTime"
                || type == "HKQuantityTypeIdentifierStepCount"
            guard wanted else { return }
            guard let start = attributes["startDate"].flatMap(AppleHealthReader.date),
                let end = attributes["endDate"].flatMap(AppleHealthReader.date), end >= start
            else {
                warn("line \(line): a \(type) record without readable start and end dates was skipped")
                return
            }
            guard TimeBounds.contains(start), TimeBounds.contains(end) else {
                warn(
                    "line \(line): a \(type) record with a time outside the accepted range "
                        + "\(TimeBounds.instantRangeText) was skipped"
                )
                return
            }
            var amount = 0.0
            if type != "HKCategoryTypeIdentifierAppleStandHour" {
                guard end.timeIntervalSince(start) <= AppleHealthReader.longestRecord else {
                    warn("line \(line): a \(type) record spanning more than 7 days was skipped")
                    return
                }
                if let text = attributes["value"] {
                    guard let value = Double(text), value >= 0, value <= AppleHealthReader.largestValue else {
                        warn(
                            "line \(line): a \(type) record with the value \(SensorFile.excerpt(text)) (not a number "
                                + "from 0 to 1000000) was skipped"
                        )
                        return
                    }
                    amount = value
                }
            }
            records += 1
            var source = attributes["sourceName"] ?? "unknown"
            if !sources.contains(source) {
                if sources.count < AppleHealthReader.sourceLimit {
                    sources.insert(source)
                } else {
                    source = "(other sources)"
                    if !otherSources {
                        otherSources = true
                        warn(
                            "more than \(AppleHealthReader.sourceLimit) sources: the steps of the rest are counted "
                                + "as one source",
                            always: true)
                    }
                }
            }
            let hour = Int((start.timeIntervalSince1970 / 3600).rounded(.down))
            switch type {
            case "HKCategoryTypeIdentifierAppleStandHour":
                let value = attributes["value"] ?? ""
                stood[hour] = (stood[hour] ?? false) || value.hasSuffix("Stood")
            case "HKQuantityTypeIdentifierAppleStandTime":
                spread(amount, start, end) { h, share in self.standMinutes[h, default: 0] += share }
            default:
                spread(amount, start, end) { h, share in self.steps[h, default: [:]][source, default: 0] += share }
            }
        }

        /// Shares `amount` over the hours [start, end) touches, by overlap.
        func spread(_ amount: Double, _ start: Date, _ end: Date, _ add: (Int, Double) -> Void) {
            let s = start.timeIntervalSince1970
            let e = end.timeIntervalSince1970
            guard e > s else {
                add(Int((s / 3600).rounded(.down)), amount)
                return
            }
            var h = Int((s / 3600).rounded(.down))
            while Double(h) * 3600 < e {
                let overlap = min(e, Double(h + 1) * 3600) - max(s, Double(h) * 3600)
                if overlap > 0 { add(h, amount * overlap / (e - s)) }
                h += 1
            }
        }

        func result() -> Result {
            let keys = Set(stood.keys).union(standMinutes.keys).union(steps.keys).sorted()
            let hours = keys.map { h in
                Hour(
                    start: Date(timeIntervalSince1970: Double(h) * 3600), stood: stood[h],
                    standMinutes: standMinutes[h] ?? 0,
                    steps: steps[h]?.values.max() ?? 0)
            }
            let listed = unlisted > 0 ? warnings + ["\(unlisted) more skipped records not listed"] : warnings
            return Result(
                hours: hours, records: records,
                sources: (otherSources ? sources.union(["(other sources)"]) : sources).sorted(),
                warnings: listed)
        }
    }
}
