import Foundation
import Testing

@testable import SitLessSensors

@Suite("Apple Health reader")
struct AppleHealthReaderTests {
    static let export = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE HealthData [
        <!ELEMENT HealthData (ExportDate,Me,(Record|Workout)*)>
        ]>
        <HealthData locale="en_GB">
         <ExportDate value="2026-12-08 08:00:00 +0100"/>
         <Me HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexNotSet"/>
         <Record type="HKCategoryTypeIdentifierAppleStandHour" sourceName="Ana's Apple Watch"
           startDate="2026-12-07 09:00:00 +0100" endDate="2026-12-07 10:00:00 +0100"
             value="HKCategoryValueAppleStandHourStood"/>
         <Record type="HKCategoryTypeIdentifierAppleStandHour" sourceName="Ana's Apple Watch"
           startDate="2026-12-07 10:00:00 +0100" endDate="2026-12-07 11:00:00 +0100"
             value="HKCategoryValueAppleStandHourIdle"/>
         <Record type="HKQuantityTypeIdentifierAppleStandTime" sourceName="Ana's Apple Watch" unit="min"
           startDate="2026-12-07 09:10:00 +0100" endDate="2026-12-07 09:15:00 +0100" value="5"/>
         <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Ana's iPhone" unit="count"
           startDate="2026-12-07 09:20:00 +0100" endDate="2026-12-07 09:30:00 +0100" value="800"/>
         <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Ana's Apple Watch" unit="count"
           startDate="2026-12-07 09:21:00 +0100" endDate="2026-12-07 09:31:00 +0100" value="780"/>
         <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Ana's iPhone" unit="count"
           startDate="2026-12-07 10:50:00 +0100" endDate="2026-12-07 11:10:00 +0100" value="200"/>
         <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Ana's Apple Watch" unit="count/min"
           startDate="2026-12-07 09:00:00 +0100" endDate="2026-12-07 09:00:00 +0100" value="70"/>
        </HealthData>
        """

    @Test("hourly picture: stood or idle, stand minutes, steps de-duplicated across iPhone and Watch")
    func hours() throws {
        let result = try AppleHealthReader.read(url: try SampleFiles.write(Self.export, name: "export.xml"))
        #expect(result.records == 6)
        #expect(result.sources == ["Ana's Apple Watch", "Ana's iPhone"])
        let iso = ISO8601DateFormatter()
        #expect(
            result.hours.map { iso.string(from: $0.start) } == [
                "2026-12-07T08:00:00Z", "2026-12-07T09:00:00Z", "2026-12-07T10:00:00Z",
            ])
        let nine = result.hours[0]
        let ten = result.hours[1]
        let eleven = result.hours[2]
        #expect(nine.stood == true)
        #expect(nine.standMinutes == 5)
        #expect(nine.steps == 800)  // the larger of iPhone 800 and Watch 780, not 1580
        #expect(ten.stood == false)
        #expect(ten.steps == 100)  // half of the 200 steps from 10:50 to 11:10
        #expect(!ten.isUpright())
        #expect(eleven.steps == 100 && eleven.stood == nil)
        #expect(nine.isUpright())
    }

    @Test("a damaged export keeps what was read, with a warning; other XML is refused")
    func damaged() throws {
        let cut = String(Self.export.prefix(while: { $0 != "\u{1}" }).dropLast(140))
        let result = try AppleHealthReader.read(url: try SampleFiles.write(cut, name: "cut.xml"))
        #expect(result.records >= 4)
        #expect(result.warnings.first?.contains("the file ends early or is damaged at line") == true)
        #expect(throws: SensorError.self) {
            try AppleHealthReader.read(url: try SampleFiles.write("<html><body>hi</body></html>", name: "page.xml"))
        }
    }

    @Test("Health's date format with offsets")
    func dates() {
        #expect(AppleHealthReader.date("2026-12-07 10:00:00 +0100") == Date(timeIntervalSince1970: 1_796_634_000))
        #expect(AppleHealthReader.date("2026-12-07 04:00:00 -0500") == Date(timeIntervalSince1970: 1_796_634_000))
        #expect(AppleHealthReader.date("yesterday") == nil)
    }
}
