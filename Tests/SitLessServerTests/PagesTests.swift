import Foundation
import SitLessCore
import SitLessServer
import SitLessStore
import Testing
import Vapor
import VaporTesting

@Suite("Web pages")
struct PagesTests {
    @Test(
        "library filters, exercise detail, programs, handout and learn articles render", arguments: TestServer.databases
    )
    func catalogPages(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let browser = try await TestServer.signUp(app)
            let filtered = try await browser.get("/library?muscle=gluteus-medius&position=side-lying")
            #expect(filtered.status == .ok)
            #expect(filtered.body.string.contains("href=\"/library/side-plank-hip-abduction\""))
            #expect(!filtered.body.string.contains("href=\"/library/hip-thrust\""))
            let detail = try await browser.get("/library/side-plank-hip-abduction")
            #expect(detail.body.string.contains("gluteus medius 103 % MVIC (EMG)"))
            #expect(detail.body.string.contains("Easier: <a href=\"/library/side-lying-hip-abduction\">"))
            #expect(try await browser.get("/library/no-such-move").status == .notFound)
            let program = try await browser.get("/programs/hip-and-glute-6-week")
            #expect(program.body.string.contains("Weeks 3-4"))
            let handout = try await browser.get("/programs/glute-wake-up/handout")
            // one session template
            #expect(handout.body.string.components(separatedBy: "class=\"handout-session\"").count == 2)
            let article = try await browser.get("/learn/what-long-sitting-does")
            #expect(article.body.string.contains("6.29"))
            #expect(article.body.string.contains("Daneshmandi H"))
        }
    }

    @Test(
        "starting another program with back-to-back days is refused with the reason; valid days start it",
        arguments: TestServer.databases)
    func startProgram(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let browser = try await TestServer.signUp(app)
            try await browser.get("/programs/glute-medius-focus")
            let bad = try await browser.post(
                "/programs/glute-medius-focus/start",
                [
                    "perWeek": "3", "day-mon": "on", "day-tue": "on",
                    "day-wed": "on", "start": "2026-12-07",
                ])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("leave no rest day"))
            let good = try await browser.post(
                "/programs/glute-medius-focus/start",
                [
                    "perWeek": "3", "day-mon": "on", "day-wed": "on",
                    "day-fri": "on", "start": "2026-12-07",
                ])
            #expect(good.status == .seeOther)
            let today = try await browser.get("/")
            #expect(today.body.string.contains("Glute medius focus"))
        }
    }

    @Test(
        "sitting: the posture toggle and corrections show on the day; others cannot delete them",
        arguments: TestServer.databases)
    func sitting(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let ana = try await TestServer.signUp(app)
            try await ana.get("/")
            #expect(try await ana.post("/posture", ["posture": "sitting"]).status == .seeOther)
            try await ana.get("/sitting")
            let added = try await ana.post(
                "/sitting/bouts", ["date": "2026-12-07", "from": "08:00", "to": "08:45", "posture": "sitting"])
            #expect(added.status == .seeOther)
            let overlap = try await ana.post(
                "/sitting/bouts", ["date": "2026-12-07", "from": "08:30", "to": "09:00", "posture": "standing"])
            #expect(overlap.status == .unprocessableEntity)
            #expect(overlap.body.string.contains("it overlaps your sitting entry from 2026-12-07 08:00"))
            let backwards = try await ana.post(
                "/sitting/bouts", ["date": "2026-12-07", "from": "09:00", "to": "08:50", "posture": "standing"])
            #expect(backwards.body.string.contains("must come after the start"))
            let page = try await ana.get("/sitting?date=2026-12-07")
            #expect(
                page.body.string.contains(
                    "<td data-label=\"Posture\">sitting</td><td data-label=\"From\">08:00</td><td "
                        + "data-label=\"To\">08:45</td><td data-label=\"Length\">45 min</td><td "
                        + "data-label=\"Source\">manual</td>"
                ))
            #expect(
                page.body.string.contains(
                    "<td data-label=\"Posture\">sitting</td><td data-label=\"From\">10:00</td><td "
                        + "data-label=\"To\">now</td>"
                ))
            let id = try #require(
                page.body.string.range(of: "/sitting/bouts/").map {
                    String(page.body.string[$0.upperBound...].prefix(36))
                })
            let edited = try await ana.post(
                "/sitting/bouts/\(id)", ["date": "2026-12-07", "from": "08:00", "to": "08:30", "posture": "standing"])
            #expect(edited.status == .seeOther)
            #expect(
                try await ana.get("/sitting?date=2026-12-07").body.string.contains(
                    "<td data-label=\"Posture\">standing</td><td data-label=\"From\">08:00</td><td "
                        + "data-label=\"To\">08:30</td><td data-label=\"Length\">30 min</td>"
                ))
            let ben = try await TestServer.signUp(app)
            try await ben.get("/sitting")
            #expect(
                try await ben.post(
                    "/sitting/bouts/\(id)", ["date": "2026-12-07", "from": "08:00", "to": "08:10", "posture": "lying"]
                ).status == .notFound)
            #expect(try await ben.post("/sitting/bouts/\(id)/delete", ["confirm": "yes"]).status == .notFound)
            #expect(try await ana.post("/sitting/bouts/\(id)/delete", ["confirm": "yes"]).status == .seeOther)
        }
    }

    @Test(
        "every page links the icons, which are served; a new person's charts say there is no data yet",
        arguments: TestServer.databases)
    func iconsAndEmptyCharts(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let ana = try await TestServer.signUp(app)
            let progress = try await ana.get("/progress")
            let html = progress.body.string
            #expect(html.contains("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">"))
            #expect(html.contains("<link rel=\"apple-touch-icon\" href=\"/apple-touch-icon.png\">"))
            #expect(html.contains("<meta name=\"color-scheme\" content=\"light dark\">"))
            // Nothing recorded in the last 14 days: three sitting charts, each saying so, none drawing a flat line.
            #expect(html.components(separatedBy: ">No data yet</text>").count == 4)
            #expect(html.contains("aria-label=\"Daily sitting in hours, last 14 days: no data yet\""))
            #expect(!html.contains("<polyline"))
            let svg = try await Browser(app).get("/favicon.svg")
            #expect(svg.status == .ok)
            #expect(svg.headers.contentType?.description.hasPrefix("image/svg+xml") == true)
            #expect(svg.body.string.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
            let touch = try await Browser(app).get("/apple-touch-icon.png")
            #expect(touch.status == .ok)
            #expect(Array(touch.body.readableBytesView.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            let ico = try await Browser(app).get("/favicon.ico")
            #expect(ico.status == .ok)
            #expect(Array(ico.body.readableBytesView.prefix(4)) == [0, 0, 1, 0])  // an icon file's header
        }
    }
}

@Suite("Coach settings page")
struct CoachSettingsTests {
    @Test("settings save, and a bad value gets 422 naming the field with nothing saved")
    func coachSettings() async throws {
        try await TestServer.run("sqlite") { app in
            let browser = try await TestServer.signUp(app)
            let page = try await browser.get("/settings/coach")
            #expect(page.body.string.contains("value=\"mon-fri 09:00-17:00\""))
            var fields = [
                "timeZone": "Europe/Berlin", "workHours": "mon-fri 08:00-16:00", "maxSitting": "45",
                "breakMinutes": "2",
                "cycle": "20/8/2", "snooze": "5", "maxSnoozes": "2", "quiet": "12:00-13:00", "goal": "300",
            ]
            #expect(try await browser.post("/settings/coach", fields).status == .seeOther)
            let saved = try await browser.get("/settings/coach")
            #expect(saved.body.string.contains("value=\"20/8/2\""))
            #expect(saved.body.string.contains("value=\"45\""))
            fields["maxSitting"] = "2"
            fields["quiet"] = "lunch"
            let bad = try await browser.post("/settings/coach", fields)
            #expect(bad.status == .unprocessableEntity)
            #expect(
                bad.body.string.contains(
                    "<strong>Prompt after</strong>: must be a whole number from 5 to 240, got &#39;2&#39;"))
            #expect(
                bad.body.string.contains(
                    "<strong>Quiet times</strong>: &#39;lunch&#39; is not a range like 12:00-13:00"))
            #expect(try await browser.get("/settings/coach").body.string.contains("value=\"45\""))
        }
    }
}

@Suite("Routines")
struct RoutineTests {
    @Test(
        "build a routine: add, reorder, set dosage, start it; bad dosage 422; others get 404",
        arguments: TestServer.databases)
    func routine(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let ana = try await TestServer.signUp(app)
            try await ana.get("/routines")
            let created = try await ana.post("/routines", ["name": "Desk glutes"])
            let path = try #require(created.headers.first(name: .location))
            try await ana.get(path)
            #expect(try await ana.post("\(path)/items", ["exercise": "glute-bridge"]).status == .seeOther)
            try await ana.get("/library/side-lying-clam")
            let id = String(path.dropFirst("/routines/".count))
            #expect(
                try await ana.post("/routines/add", ["routine": id, "exercise": "side-lying-clam"]).status == .seeOther)
            #expect(try await ana.post("\(path)/items/1/move", ["direction": "up"]).status == .seeOther)
            #expect(try await ana.post("\(path)/items/1/dosage", ["sets": "2", "amount": "15"]).status == .seeOther)
            let page = try await ana.get(path)
            let body = page.body.string
            let clam = try #require(body.range(of: "Side-lying clam"))
            let bridge = try #require(body.range(of: "Glute bridge"))
            #expect(clam.lowerBound < bridge.lowerBound)
            #expect(body.contains("Glute bridge</a></strong>: 2 x 15"))
            let bad = try await ana.post("\(path)/items/0/dosage", ["sets": "0", "amount": "10"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("dosage for &#39;side-lying-clam&#39;: sets must be 1 to 10, got 0"))
            let unknown = try await ana.post("\(path)/items", ["exercise": "moonwalk"])
            #expect(unknown.body.string.contains("&#39;moonwalk&#39; is not an exercise in the library"))
            #expect(
                try await ana.post(
                    "\(path)/start",
                    [
                        "perWeek": "2", "weeks": "4", "day-tue": "on", "day-fri": "on",
                        "start": "2026-12-07",
                    ]
                ).status == .seeOther)
            let today = try await ana.get("/")
            #expect(today.body.string.contains("<strong>Desk glutes</strong>"))
            let ben = try await TestServer.signUp(app)
            #expect(try await ben.get(path).status == .notFound)
            try await ben.get("/routines")
            #expect(try await ben.post("\(path)/items", ["exercise": "glute-bridge"]).status == .notFound)
            #expect(
                try await ben.post("/routines/add", ["routine": id, "exercise": "glute-bridge"]).status == .notFound)
        }
    }
}

@Suite("Shared database")
struct SharedDatabaseTests {
    @Test("the first web account takes over what the command line recorded on the same file")
    func cliDataShowsUp() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sitless-shared-\(UUID().uuidString).sqlite"
        ).path
        // The CLI (through the store) logs a morning of sitting as the local user.
        let store = try await Store.open(.sqlite(path: path))
        let local = try await store.localUser(named: "ana", timeZone: "Europe/Berlin")
        let zone = TimeZone(identifier: "Europe/Berlin")!
        let day = LocalDate(iso: "2026-12-07")!
        try await store.recordPostureChange(
            userID: local.id, to: .sitting, at: day.instant(hour: 8, minute: 0, in: zone),
            now: TestServer.now, zone: zone)
        try await store.recordPostureChange(
            userID: local.id, to: .standing, at: day.instant(hour: 9, minute: 30, in: zone),
            now: TestServer.now, zone: zone)
        await store.close()
        let app = try await Application.make(.testing)
        app.passwords.use(.plaintext)
        do {
            try await configure(
                app,
                ServerSettings(database: .sqlite(path: path), catalog: try Catalog.builtIn(), now: { TestServer.now }))
            let browser = try await TestServer.signUp(app, email: "ana@example.com")
            let today = try await browser.get("/")
            #expect(today.body.string.contains("<p class=\"big\">1 h 30 min</p>"))
            // A second account is a different person.
            let ben = try await TestServer.signUp(app, email: "ben@example.com")
            #expect(try await ben.get("/").body.string.contains("<p class=\"big\">0 min</p>"))
        } catch {
            try await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
