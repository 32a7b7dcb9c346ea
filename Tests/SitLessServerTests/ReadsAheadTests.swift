import Foundation
import SitLessCore
import SitLessStore
import Testing

@testable import SitLessServer

@Suite("Reading the Today page's data with the session")
struct ReadsAheadTests {
    @Test("the reads made before the person is known cover the page's own, in every time zone, all year")
    func coversEveryZone() {
        let zones = [
            "Pacific/Kiritimati", "Pacific/Pago_Pago", "Etc/GMT+12", "Australia/Lord_Howe", "America/St_Johns",
            "Europe/Berlin", "Asia/Kathmandu", "America/Los_Angeles",
        ]
        let start = Date(timeIntervalSince1970: 1_767_226_620)  // 2026-01-01 00:17 UTC
        var checked = 0
        for name in zones {
            let user = Account(id: UUID(), name: "reader", timeZone: name)
            let zone = TimeZone(identifier: name)!
            for step in 0..<(365 * 8) {  // every 3 hours of 2026
                let now = start.addingTimeInterval(Double(step) * 3 * 3600)
                let exact = TodayController.reads(today: LocalDate(now, in: zone), user: user)
                #expect(TodayController.readsAhead.reads(now).covers(exact), "\(name) at \(now)")
                checked += 1
            }
        }
        #expect(checked == 8 * 2920)
    }
}
