import Foundation
import SitLessStore
import Testing
import Vapor
import VaporTesting

@Suite("Sign-in sessions")
struct SignInSessionTests {
    @Test("a session left unused for 30 days ends on the server, whatever the browser keeps", arguments: TestServer.databases)
    func idleSessionEnds(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let clock = app.storage[ClockKey.self]!
            let email = "cleo-\(UUID().uuidString.prefix(8))@example.com"
            let browser = try await TestServer.signUp(app, email: email)
            let day: TimeInterval = 86_400

            // The cookie's Max-Age is the same 30 days.
            let again = Browser(app)
            try await again.get("/signin")
            let signIn = try await again.post("/signin", ["email": email, "password": "correct-horse-1"])
            #expect(signIn.headers.setCookie?["sitless-session"]?.maxAge == 2_592_000)

            // Used after 29 days: still signed in, and 30 more days from now.
            clock.advance(29 * day)
            #expect(try await browser.get("/").status == .ok)
            clock.advance(29.9 * day)
            #expect(try await browser.get("/").status == .ok)
            // Then 30 days without a visit: the same cookie signs nobody in.
            clock.advance(30 * day)
            let expired = try await browser.get("/")
            #expect(expired.status == .seeOther)
            #expect(expired.headers.first(name: .location) == "/signin?next=/")
        }
    }

    @Test("changing the password signs out the person's other sessions, not this one or anyone else's", arguments: TestServer.databases)
    func passwordChangeEndsOtherSessions(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let email = "dan-\(UUID().uuidString.prefix(8))@example.com"
            let here = try await TestServer.signUp(app, email: email)
            let phone = Browser(app)
            try await phone.get("/signin")
            #expect(try await phone.post("/signin", ["email": email, "password": "correct-horse-1"]).status == .seeOther)
            #expect(try await phone.get("/").status == .ok)
            let someoneElse = try await TestServer.signUp(app)

            try await here.get("/settings/password")
            let changed = try await here.post("/settings/password", ["current": "correct-horse-1", "password": "staple-battery-2"])
            #expect(changed.status == .seeOther)
            let today = try await here.get("/")
            #expect(today.status == .ok)
            #expect(today.body.string.contains("Other devices are signed out and API tokens revoked."))

            let signedOut = try await phone.get("/")
            #expect(signedOut.status == .seeOther)
            #expect(signedOut.headers.first(name: .location) == "/signin?next=/")
            #expect(try await someoneElse.get("/").status == .ok)

            try await phone.get("/signin")
            #expect(try await phone.post("/signin", ["email": email, "password": "correct-horse-1"]).status == .unauthorized)
            #expect(try await phone.post("/signin", ["email": email, "password": "staple-battery-2"]).status == .seeOther)
            #expect(try await phone.get("/").status == .ok)
        }
    }
}
