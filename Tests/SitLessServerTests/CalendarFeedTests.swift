import Foundation
import SitLessServer
import Testing
import Vapor
import VaporTesting

@Suite("Calendar feed")
struct CalendarFeedTests {
    func feedPath(_ page: String) throws -> String {
        let start = try #require(page.range(of: "<code id=\"feed-url\">http://"))
        let rest = page[start.upperBound...]
        let url = String(rest[..<rest.firstIndex(of: "<")!])
        return String(url[url.firstIndex(of: "/")!...])
    }

    @Test(
        "a private feed lists the scheduled sessions; a new link replaces the old one; off means 404",
        arguments: TestServer.databases)
    func feed(_ db: String) async throws {
        try await TestServer.run(db) { app in
            // setup: the article's program on Mon/Wed/Fri from Monday 7 December 2026 (4 weeks: 12 sessions)
            let ana = try await TestServer.signUp(app)
            try await ana.get("/settings")

            // MUT
            let first = try feedPath(try await ana.post("/settings/calendar", [:]).body.string)
            let anonymous = Browser(app)
            let feed = try await anonymous.get(first)

            // validate
            #expect(feed.status == .ok)
            #expect(feed.headers.contentType?.subType == "calendar")
            let text = feed.body.string
            #expect(text.hasPrefix("BEGIN:VCALENDAR\r\n"))
            #expect(text.components(separatedBy: "BEGIN:VEVENT").count - 1 == 12)
            #expect(text.contains("DTSTART;VALUE=DATE:20261207"))
            #expect(text.contains("DTSTART;VALUE=DATE:20270101"))
            #expect(text.contains("SUMMARY:Glute wake-up: Glute program"))
            // A new link: the old one stops working.
            let second = try feedPath(try await ana.post("/settings/calendar", [:]).body.string)
            #expect(second != first)
            #expect(try await anonymous.get(first).status == .notFound)
            #expect(try await anonymous.get(second).status == .ok)
            // Turned off: nothing.
            #expect(try await ana.post("/settings/calendar/stop", ["confirm": "yes"]).status == .seeOther)
            #expect(try await anonymous.get(second).status == .notFound)
            #expect(try await anonymous.get("/calendar/cal_guess.ics").status == .notFound)
        }
    }
}
