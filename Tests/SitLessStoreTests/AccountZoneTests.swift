import Foundation
import SitLessStore
import Testing

@Suite("A person's time zone")
struct AccountZoneTests {
    @Test("a known zone splits the day where it says; 23:30 UTC on 1 December is already 2 December in Berlin")
    func knownZone() {
        let person = Account(id: UUID(), name: "ana", timeZone: "Europe/Berlin")
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = person.zone
        let lateEvening = Date(timeIntervalSince1970: 1_796_167_800)  // 2026-12-01 23:30 UTC
        #expect(person.zone.identifier == "Europe/Berlin")
        #expect(calendar.component(.day, from: lateEvening) == 2)
    }

    @Test("a name the time-zone database does not know reads as UTC, not as the server's own zone")
    func unknownZone() {
        let person = Account(id: UUID(), name: "ben", timeZone: "Mars/Olympus_Mons")
        #expect(person.zone.secondsFromGMT(for: Date(timeIntervalSince1970: 0)) == 0)
        #expect(person.zone == TimeZone.gmt)
    }
}
