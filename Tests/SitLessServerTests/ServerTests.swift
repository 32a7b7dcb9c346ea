import Foundation
import SitLessCore
import SitLessServer
import SitLessStore
import Testing
import Vapor
import VaporTesting

/// A browser-like client: keeps the session cookie and the page's CSRF token.
final class Browser: @unchecked Sendable {
    let app: Application
    var cookie: String?
    var csrf: String = ""

    init(_ app: Application) { self.app = app }

    @discardableResult
    func get(_ path: String) async throws -> TestingHTTPResponse {
        var result: TestingHTTPResponse!
        try await app.testing().test(.GET, path, headers: headers()) { res in
            remember(res)
            result = res
        }
        return result
    }

    @discardableResult
    func post(
        _ path: String, _ fields: [String: String], csrf useToken: Bool = true
    ) async throws -> TestingHTTPResponse {
        var body = fields
        if useToken { body["_csrf"] = csrf }
        var result: TestingHTTPResponse!
        try await app.testing().test(
            .POST, path, headers: headers(),
            beforeRequest: { req in
                try req.content.encode(body, as: .urlEncodedForm)
            }
        ) { res in
            remember(res)
            result = res
        }
        return result
    }

    func headers() -> HTTPHeaders {
        var h = HTTPHeaders()
        if let cookie { h.add(name: .cookie, value: "sitless-session=\(cookie)") }
        return h
    }

    func remember(_ res: TestingHTTPResponse) {
        if let value = res.headers.setCookie?["sitless-session"]?.string { cookie = value }
        let body = res.body.string
        if let range = body.range(of: "name=\"_csrf\" value=\"") {
            let rest = body[range.upperBound...]
            if let end = rest.firstIndex(of: "\"") { csrf = String(rest[..<end]) }
        }
    }
}

/// The real app on a fresh SQLite file (and on PostgreSQL when DATABASE_URL is set), with a pinned clock.
enum TestServer {
    static var databases: [String] {
        var names = ["sqlite"]
        if ProcessInfo.processInfo.environment["DATABASE_URL"]?.isEmpty == false { names.append("postgres") }
        return names
    }

    /// Monday 7 December 2026, 10:00 in Berlin.
    static let now = LocalDate(iso: "2026-12-07")!.instant(
        hour: 10, minute: 0, in: TimeZone(identifier: "Europe/Berlin")!)

    static func run(
        _ database: String, settings adjust: (inout ServerSettings) -> Void = { _ in },
        _ body: (Application) async throws -> Void
    ) async throws {
        let location: DatabaseLocation
        if database == "postgres" {
            location = .postgres(url: ProcessInfo.processInfo.environment["DATABASE_URL"]!)
        } else {
            location = .sqlite(
                path: FileManager.default.temporaryDirectory.appendingPathComponent(
                    "sitless-server-\(UUID().uuidString).sqlite"
                ).path)
        }
        let app = try await Application.make(.testing)
        app.passwords.use(.plaintext)  // hashing cost is irrelevant here; Bcrypt itself is Vapor's
        do {
            let clock = TestClockBox(now)
            // PostgreSQL is shared by every test and migrated once beforehand (`sitless migrate`, as .ci/run does).
            var settings = ServerSettings(
                database: location, catalog: try Catalog.builtIn(), now: { clock.now },
                migrate: database != "postgres")
            adjust(&settings)
            try await configure(app, settings)
            app.storage[ClockKey.self] = clock
            try await body(app)
        } catch {
            try await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    /// Starts today's session from the Today page; returns the player's path.
    static func startSession(_ browser: Browser) async throws -> String {
        try await browser.get("/")
        return try #require(try await browser.post("/sessions", [:]).headers.first(name: .location))
    }

    /// The onboarding form as `signUp` fills it in (the article's program on Mon/Wed/Fri, every
    /// safety answer no), with `extra` fields on top.
    static func onboardingFields(_ extra: [String: String] = [:]) -> [String: String] {
        var fields = [
            "timeZone": "Europe/Berlin", "workHours": "mon-fri 09:00-17:00", "program": "glute-wake-up",
            "perWeek": "3", "day-mon": "on", "day-wed": "on", "day-fri": "on", "start": "2026-12-07",
        ]
        for q in SafetyScreen.questions { fields["q-\(q.id)"] = "no" }
        return fields.merging(extra) { $1 }
    }

    /// Signs up with a unique email and completes onboarding with the article's program on
    /// Mon/Wed/Fri (`onboarding`: fields to change, e.g. equipment or a safety answer).
    static func signUp(
        _ app: Application, email: String = "ana-\(UUID().uuidString.prefix(8))@example.com",
        onboarding extra: [String: String] = [:]
    ) async throws -> Browser {
        let browser = Browser(app)
        try await browser.get("/signup")
        let res = try await browser.post(
            "/signup",
            [
                "email": email, "password": "correct-horse-1", "confirm": "correct-horse-1",
                "timeZone": "Europe/Berlin",
            ])
        #expect(res.status == .seeOther)
        #expect(res.headers.first(name: .location) == "/onboarding")
        try await browser.get("/onboarding")
        let done = try await browser.post("/onboarding", onboardingFields(extra))
        #expect(done.status == .seeOther, "\(done.body.string)")
        return browser
    }
}

final class TestClockBox: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ date: Date) { current = date }
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}

struct ClockKey: StorageKey { typealias Value = TestClockBox }

@Suite("Web app")
struct ServerTests {
    @Test(
        "an empty database leads to sign-up; sign-up leads to onboarding, then Today", arguments: TestServer.databases)
    func firstRun(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let browser = Browser(app)
            if db == "sqlite" {
                let home = try await browser.get("/")
                #expect(home.status == .seeOther)
                #expect(home.headers.first(name: .location) == "/signup")
            }
            let signedUp = try await TestServer.signUp(app)
            let today = try await signedUp.get("/")
            #expect(today.status == .ok)
            #expect(today.body.string.contains("Glute wake-up"))
            #expect(today.body.string.contains("Hip thrust</a>: 3 x 15"))
            #expect(today.headers.first(name: "Content-Security-Policy") != nil)
            // Error pages carry the same headers; the menu marks the current page.
            let missing = try await signedUp.get("/no-such-page")
            #expect(missing.status == .notFound)
            #expect(missing.headers.first(name: "Content-Security-Policy") != nil)
            #expect(missing.headers.first(name: "X-Frame-Options") == "DENY")
            #expect(today.body.string.contains("<a href=\"/\" aria-current=\"page\">Today</a>"))
            #expect(today.body.string.contains("<a href=\"/sitting\" >Sitting</a>"))
            let health = try await Browser(app).get("/healthz")
            #expect(health.status == .ok && health.body.string == "ok")
        }
    }

    @Test(
        "a health check or a visitor's error page makes no session; a page with a form does",
        arguments: TestServer.databases)
    func sessionsOnlyWhenNeeded(_ db: String) async throws {
        try await TestServer.run(db) { app in
            // MUT
            let missing = try await Browser(app).get("/no-such-page")
            let health = try await Browser(app).get("/healthz")
            let signIn = try await Browser(app).get("/signup")
            // validate
            #expect(missing.status == .notFound)
            #expect(missing.headers.setCookie?["sitless-session"] == nil)
            #expect(health.status == .ok)
            #expect(health.headers.setCookie?["sitless-session"] == nil)
            #expect(!missing.body.string.contains("_csrf"))
            #expect(signIn.status == .ok)
            #expect(signIn.headers.setCookie?["sitless-session"] != nil)
            #expect(signIn.body.string.contains("name=\"_csrf\" value=\""))
        }
    }

    @Test(
        "sign-in works, a wrong password does not, and the sixth try in 15 minutes is refused",
        arguments: TestServer.databases)
    func signIn(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let email = "ben-\(UUID().uuidString.prefix(8))@example.com"
            _ = try await TestServer.signUp(app, email: email)
            let other = Browser(app)
            try await other.get("/signin")
            let ok = try await other.post(
                "/signin", ["email": email, "password": "correct-horse-1", "next": "/progress"])
            #expect(ok.status == .seeOther)
            #expect(ok.headers.first(name: .location) == "/progress")
            let stranger = Browser(app)
            try await stranger.get("/signin")
            let offsite = try await stranger.post(
                "/signin", ["email": email, "password": "correct-horse-1", "next": "//evil.example"])
            #expect(offsite.headers.first(name: .location) == "/")
            let attacker = Browser(app)
            try await attacker.get("/signin")
            for _ in 1...5 {
                let wrong = try await attacker.post("/signin", ["email": email, "password": "guess"])
                #expect(wrong.status == .unauthorized)
                #expect(wrong.body.string.contains("does not match an account"))
            }
            let locked = try await attacker.post("/signin", ["email": email, "password": "correct-horse-1"])
            #expect(locked.status == .tooManyRequests)
        }
    }

    @Test("a form without the CSRF token is refused and changes nothing", arguments: TestServer.databases)
    func csrf(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let browser = try await TestServer.signUp(app)
            try await browser.get("/")
            let forged = try await browser.post("/posture", ["posture": "sitting"], csrf: false)
            #expect(forged.status == .forbidden)
            let wrong = browser.csrf
            browser.csrf = String(wrong.reversed())
            #expect(try await browser.post("/posture", ["posture": "sitting"]).status == .forbidden)
            browser.csrf = wrong
            let today = try await browser.get("/")
            #expect(today.body.string.contains("You are <strong>no entry</strong>"))
        }
    }

    @Test("a full session: sets logged, finished, decisions shown, progress charts it", arguments: TestServer.databases)
    func session(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let browser = try await TestServer.signUp(app)
            try await browser.get("/")
            let started = try await browser.post("/sessions", [:])
            #expect(started.status == .seeOther)
            let player = try #require(started.headers.first(name: .location))
            let page = try await browser.get(player)
            #expect(page.body.string.contains("Seated glute stretch"))
            #expect(page.body.string.contains("data-sides=\"Left side|Right side|\""))
            // Five exercises, three sets each, all done with low pain and comfortable effort.
            let amounts = [30, 15, 10, 10, 15]
            for (item, amount) in amounts.enumerated() {
                for _ in 1...3 {
                    let res = try await browser.post(
                        "\(player)/sets",
                        [
                            "item": "\(item)", "amount": "\(amount)", "effort": "5", "pain": "1",
                            "load": item == 4 ? "12" : "",
                        ])
                    #expect(res.status == .seeOther, "\(res.body.string)")
                }
            }
            let done = try await browser.get(player)
            #expect(done.body.string.contains("All sets done"))
            let finished = try await browser.post("\(player)/finish", [:])
            #expect(finished.headers.first(name: .location) == "\(player)/summary")
            let summary = try await browser.get("\(player)/summary")
            #expect(summary.body.string.contains("15 sets logged"))
            #expect(summary.body.string.contains("1 more session like this and the dosage goes up."))
            let progress = try await browser.get("/progress")
            #expect(progress.status == .ok)
            #expect(
                progress.body.string.contains(
                    "<td data-label=\"Date\">2026-12-07</td><td data-label=\"Session\">Glute wake-up: Glute "
                        + "program</td><td data-label=\"Sets\">15</td><td data-label=\"Peak pain\">1/10</td>"
                ))
            #expect(progress.body.string.contains("Hip thrust: total reps per session"))
            #expect(progress.body.string.contains("<td>2026-12-07</td><td>45</td><td>-</td>"))  // 3 x 15 hip thrusts
            #expect(progress.body.string.contains("<td>2026-12-07</td><td>45</td><td>12 "
                + "kg</td>"))  // deadlift with 12 kg
        }
    }

    @Test("two good sessions move hip thrust from 3 x 15 to 3 x 17", arguments: TestServer.databases)
    func progression(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let browser = try await TestServer.signUp(app)
            let clock = app.storage[ClockKey.self]!
            for _ in 1...2 {
                let player = try await TestServer.startSession(browser)
                for _ in 1...3 {
                    try await browser.post("\(player)/sets", ["item": "1", "amount": "15", "effort": "6", "pain": "0"])
                }
                try await browser.post("\(player)/finish", ["confirm": "yes"])  // the other exercises are left undone
                clock.advance(2 * 86_400)  // Wednesday, then Friday
            }
            let today = try await browser.get("/")
            #expect(today.body.string.contains("Hip thrust</a>: 3 x 17"))
        }
    }

    @Test("malformed set input gets 422 naming the field and saves nothing", arguments: TestServer.databases)
    func malformed(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let browser = try await TestServer.signUp(app)
            let player = try await TestServer.startSession(browser)
            try await browser.get(player)
            let bad = try await browser.post(
                "\(player)/sets", ["item": "1", "amount": "many", "effort": "5", "pain": "11"])
            #expect(bad.status == .unprocessableEntity)
            #expect(
                bad.body.string.contains(
                    "<strong>Reps</strong>: must be a whole number from 0 to 1000, got &#39;many&#39;"))
            #expect(
                bad.body.string.contains("<strong>Pain</strong>: must be a whole number from 0 to 10, got &#39;11&#39;")
            )
            let page = try await browser.get(player)
            #expect(!page.body.string.contains("Done so far"))
            let badItem = try await browser.post(
                "\(player)/sets", ["item": "9", "amount": "1", "effort": "5", "pain": "1"])
            #expect(badItem.status == .unprocessableEntity)
            #expect(badItem.body.string.contains("<strong>Exercise</strong>: must be a whole number from 0 to 4"))
        }
    }

    @Test("one person cannot read or change another's session: 404", arguments: TestServer.databases)
    func isolation(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let ana = try await TestServer.signUp(app)
            let player = try await TestServer.startSession(ana)
            let ben = try await TestServer.signUp(app)
            #expect(try await ben.get(player).status == .notFound)
            try await ben.get("/")
            #expect(
                try await ben.post("\(player)/sets", ["item": "0", "amount": "30", "effort": "3", "pain": "0"]).status
                    == .notFound)
            #expect(try await ben.post("\(player)/finish", [:]).status == .notFound)
            #expect(try await ana.get(player).body.string.contains("set 1 of 3"))
            // Anonymous: sent to sign in.
            let anonymous = Browser(app)
            #expect(try await anonymous.get(player).headers.first(name: .location)?.hasPrefix("/signin") == true)
        }
    }

    @Test("a red flag in the safety screen stops the program")
    func safetyStop() async throws {
        try await TestServer.run("sqlite") { app in
            let browser = Browser(app)
            try await browser.get("/signup")
            try await browser.post(
                "/signup", ["email": "cy@example.com", "password": "correct-horse-1", "confirm": "correct-horse-1"])
            try await browser.get("/onboarding")
            var fields = [
                "timeZone": "Europe/Berlin", "workHours": "mon-fri 9-17", "program": "glute-wake-up", "perWeek": "3",
                "day-mon": "on", "day-wed": "on", "day-fri": "on", "start": "2026-12-07",
            ]
            for q in SafetyScreen.questions { fields["q-\(q.id)"] = q.id == "bladder-bowel" ? "yes" : "no" }
            let stop = try await browser.post("/onboarding", fields)
            #expect(stop.status == .ok)
            #expect(stop.body.string.contains("Please see a clinician first"))
            #expect(stop.body.string.contains("cauda equina"))
            try await browser.get("/")
            #expect(try await browser.post("/sessions", [:]).status == .forbidden)
        }
    }

    @Test("onboarding errors name each field and keep the answers")
    func onboardingErrors() async throws {
        try await TestServer.run("sqlite") { app in
            let browser = Browser(app)
            try await browser.get("/signup")
            try await browser.post(
                "/signup", ["email": "di@example.com", "password": "correct-horse-1", "confirm": "correct-horse-1"])
            try await browser.get("/onboarding")
            let res = try await browser.post(
                "/onboarding",
                [
                    "timeZone": "Mars/Olympus", "workHours": "whenever", "program": "glute-wake-up",
                    "perWeek": "3", "day-mon": "on", "day-tue": "on", "day-wed": "on", "start": "2026-12-07",
                ])
            #expect(res.status == .unprocessableEntity)
            let body = res.body.string
            #expect(
                body.contains(
                    "<strong>Time zone</strong>: &#39;Mars/Olympus&#39; is not a time zone like Europe/Berlin"))
            #expect(body.contains("<strong>Work hours</strong>"))
            #expect(body.contains("<strong>Safety question</strong>"))
            #expect(body.contains("<strong>Training days</strong>: the days mon,tue,wed leave no rest day"))
            #expect(body.contains("value=\"whenever\""))
        }
    }
}
