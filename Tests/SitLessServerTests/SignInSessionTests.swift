import Foundation
import SitLessStore
import Testing
import Vapor
import VaporTesting

@Suite("Sign-in sessions")
struct SignInSessionTests {
    @Test(
        "a session left unused for 30 days ends on the server, whatever the browser keeps",
        arguments: TestServer.databases)
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

    @Test(
        "a session made before the upgrade (its account under the old key) still signs its person in",
        arguments: TestServer.databases)
    func legacySessionKey(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let email = "lee-\(UUID().uuidString.prefix(8))@example.com"
            _ = try await TestServer.signUp(app, email: email)
            let store = Store(database: app.db, clock: { TestServer.now })
            let person = try #require(try await store.user(email: email))
            let key = "legacy-\(UUID().uuidString)"
            try await store.createWebSession(
                key: key, data: ["_UserRecordSession": person.id.uuidString], userID: person.id,
                now: TestServer.now)
            let browser = Browser(app)
            browser.cookie = key
            let today = try await browser.get("/")
            #expect(today.status == .ok)
            // The session now keeps its account under the new key only.
            let read = try #require(
                try await store.webSession(key: key, now: TestServer.now, as: [String: String].self))
            #expect(read.data["_AccountSession"] == person.id.uuidString && read.data["_UserRecordSession"] == nil)
            #expect(read.user?.id == person.id)
        }
    }

    @Test(
        "changing the password signs out the person's other sessions, not this one or anyone else's",
        arguments: TestServer.databases)
    func passwordChangeEndsOtherSessions(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let email = "dan-\(UUID().uuidString.prefix(8))@example.com"
            let here = try await TestServer.signUp(app, email: email)
            let phone = Browser(app)
            try await phone.get("/signin")
            #expect(
                try await phone.post("/signin", ["email": email, "password": "correct-horse-1"]).status == .seeOther)
            #expect(try await phone.get("/").status == .ok)
            let someoneElse = try await TestServer.signUp(app)

            try await here.get("/settings/password")
            let changed = try await here.post(
                "/settings/password", ["current": "correct-horse-1", "password": "staple-battery-2"])
            #expect(changed.status == .seeOther)
            let today = try await here.get("/")
            #expect(today.status == .ok)
            #expect(today.body.string.contains("Other devices are signed out and API tokens revoked."))

            let signedOut = try await phone.get("/")
            #expect(signedOut.status == .seeOther)
            #expect(signedOut.headers.first(name: .location) == "/signin?next=/")
            #expect(try await someoneElse.get("/").status == .ok)

            try await phone.get("/signin")
            #expect(
                try await phone.post("/signin", ["email": email, "password": "correct-horse-1"]).status == .unauthorized
            )
            #expect(
                try await phone.post("/signin", ["email": email, "password": "staple-battery-2"]).status == .seeOther)
            #expect(try await phone.get("/").status == .ok)
        }
    }
}
