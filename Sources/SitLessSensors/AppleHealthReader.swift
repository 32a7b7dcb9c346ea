import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SitLessCore

/// Reads Apple Health's `export.xml` (Health app > profile > Export All Health Data) into an
/// hourly picture of standing and walking. The file is streamed through an event parser:
/// exports are often gigabytes, and only the hourly totals are kept.
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

    public static func read(url: URL) throws -> Result {
        guard let stream = InputStream(url: url) else {
            throw SensorError.unreadable(file: url.lastPathComponent, reason: "cannot open the file")
        }
        let parser = XMLParser(stream: stream)
        let collector = Collector()
        parser.delegate = collector
        parser.shouldResolveExternalEntities = false
        let ok = parser.parse()
        if !ok {
            let line = parser.lineNumber
            let reason = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "not well-formed XML"
            if collector.records == 0 && !collector.sawHealthData {
                throw SensorError.unsupported(file: url.lastPathComponent, reason: "not an Apple Health export (line \(line): \(reason))")
            }
            collector.warnings.append("the file ends early or is damaged at line \(line) (\(reason)); the records before it were read")
        }
        if !collector.sawHealthData {
            throw SensorError.unsupported(file: url.lastPathComponent, reason: "no <HealthData> element: not an Apple Health export")
        }
        if ok && !collector.sawEnd {
            collector.warnings.append("the file ends early or is damaged at line \(parser.lineNumber) (no closing </HealthData>); the records before it were read")
        }
        return collector.result()
    }

    /// `2026-12-07 10:00:00 +0100`
    static func date(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 3, let day = LocalDate(iso: String(parts[0])) else { return nil }
        let clock = parts[1].split(separator: ":").compactMap { Int($0) }
        let zone = parts[2]
        guard clock.count == 3, zone.count == 5, let sign = zone.first, let hh = Int(zone.dropFirst().prefix(2)),
              let mm = Int(zone.suffix(2)) else { return nil }
        let offset = (hh * 3600 + mm * 60) * (sign == "-" ? -1 : 1)
        let seconds = Double(day.dayNumber) * 86_400 + Double(clock[0] * 3600 + clock[1] * 60 + clock[2]) - Double(offset)
        return Date(timeIntervalSince1970: seconds)
    }

    final class Collector: NSObject, XMLParserDelegate {
        var sawHealthData = false
        var sawEnd = false
        var records = 0
        var warnings: [String] = []
        /// Hour index (hours since 1970) -> data.
        var stood: [Int: Bool] = [:]
        var standMinutes: [Int: Double] = [:]
        /// Hour -> source -> steps.
        var steps: [Int: [String: Double]] = [:]
        var sources = Set<String>()

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if name == "HealthData" { sawHealthData = true; return }
            guard name == "Record", let type = attributes["type"] else { return }
            let wanted = type == "HKCategoryTypeIdentifierAppleStandHour" || type == "HKQuantityTypeIdentifierAppleStandTime"
                || type == "HKQuantityTypeIdentifierStepCount"
            guard wanted else { return }
            guard let start = attributes["startDate"].flatMap(AppleHealthReader.date),
                  let end = attributes["endDate"].flatMap(AppleHealthReader.date), end >= start else {
                if warnings.count < 20 { warnings.append("line \(parser.lineNumber): a \(type) record without readable start and end dates was skipped") }
                return
            }
            records += 1
            let source = attributes["sourceName"] ?? "unknown"
            sources.insert(source)
            let hour = Int((start.timeIntervalSince1970 / 3600).rounded(.down))
            switch type {
            case "HKCategoryTypeIdentifierAppleStandHour":
                let value = attributes["value"] ?? ""
                stood[hour] = (stood[hour] ?? false) || value.hasSuffix("Stood")
            case "HKQuantityTypeIdentifierAppleStandTime":
                let minutes = Double(attributes["value"] ?? "") ?? 0
                spread(minutes, start, end) { h, share in self.standMinutes[h, default: 0] += share }
            default:
                let count = Double(attributes["value"] ?? "") ?? 0
                spread(count, start, end) { h, share in self.steps[h, default: [:]][source, default: 0] += share }
            }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "HealthData" { sawEnd = true }
        }

        /// Shares `amount` over the hours [start, end) touches, by overlap.
        func spread(_ amount: Double, _ start: Date, _ end: Date, _ add: (Int, Double) -> Void) {
            let s = start.timeIntervalSince1970, e = end.timeIntervalSince1970
            guard e > s else { add(Int((s / 3600).rounded(.down)), amount); return }
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
                Hour(start: Date(timeIntervalSince1970: Double(h) * 3600), stood: stood[h], standMinutes: standMinutes[h] ?? 0,
                     steps: steps[h]?.values.max() ?? 0)
            }
            return Result(hours: hours, records: records, sources: sources.sorted(), warnings: warnings)
        }
    }
}
