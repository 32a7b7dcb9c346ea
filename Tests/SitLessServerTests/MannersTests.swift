import Foundation
import SitLessServer
import Testing
import Vapor
import VaporTesting

/// Today's break notification and countdown, and the handouts' Print button.
@Suite("Today's countdown and handouts' print button")
struct MannersTests {
    @Test("the notification button is there only while sitting; the countdown is not live, a hidden status line is")
    func notifyAndCountdown() async throws {
        try await TestServer.run("sqlite") { app in
            let ana = try await TestServer.signUp(app)
            let standing = try await ana.get("/").body.string
            #expect(!standing.contains("id=\"notify\""))
            #expect(try await ana.post("/posture", ["posture": "sitting"]).status == .seeOther)
            app.storage[ClockKey.self]!.advance(5 * 60)  // sitting for five minutes
            let sitting = try await ana.get("/").body.string
            // Hidden until the script finds notifications available and not yet answered.
            #expect(
                sitting.contains(
                    "<button type=\"button\" id=\"notify\" class=\"secondary\" hidden>Notify me when a break is "
                        + "due</button>"
                ))
            let countdown = try #require(
                sitting.range(of: "<p id=\"countdown\"").map {
                    String(sitting[$0.lowerBound...].prefix(while: { $0 != ">" }))
                })
            #expect(!countdown.contains("aria-live"))
            #expect(sitting.contains("<p id=\"break-status\" class=\"visually-hidden\" role=\"status\"></p>"))
            // The stylesheet lets `hidden` hide buttons too.
            try await app.testing().test(.GET, "/styles.css") { res in
                #expect(res.body.string.contains("[hidden] { display: none !important; }"))
            }
            try await app.testing().test(.GET, "/today.js") { res in
                #expect(res.body.string.contains("status.textContent = \"Time for a break"))
                #expect(res.body.string.contains("Notification.permission === \"default\""))
            }
        }
    }

    @Test("every handout has a Print button, hidden until its script runs")
    func printButton() async throws {
        try await TestServer.run("sqlite") { app in
            let ana = try await TestServer.signUp(app)
            try await ana.get("/routines")
            let routine = try #require(
                try await ana.post("/routines", ["name": "Morning"]).headers.first(name: .location))
            for path in ["/programs/glute-wake-up/handout", "\(routine)/handout", "/plan/handout"] {
                let page = try await ana.get(path)
                #expect(page.status == .ok, "\(path)")
                #expect(
                    page.body.string.contains(
                        "<button type=\"button\" id=\"print\" class=\"print-button\" hidden>Print</button>"), "\(path)")
                #expect(page.body.string.contains("<script src=\"/print.js\"></script>"), "\(path)")
                // No inline script: the policy allows scripts from the site's own files only.
                #expect(page.headers.first(name: "Content-Security-Policy")?.contains("script-src 'self'") == true)
                #expect(!page.body.string.contains("onclick"))
            }
            try await app.testing().test(.GET, "/print.js") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("window.print()"))
            }
        }
    }
}
