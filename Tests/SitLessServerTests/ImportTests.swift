import Foundation
import SitLessAPI
import SitLessServer
import SitLessStore
import Testing
import Vapor
import VaporTesting

@Suite("Wearable uploads")
struct ImportTests {
    /// activPAL Events, 2026-12-07 09:00 Berlin: sitting 50 min, standing 5, walking 10, sitting 20.
    static let events =
        "\"Time\",\"Interval (s)\",\"ActivityCode\"\n46363.375,3000,0\n46363.40972222222,300,1\n"
            + "46363.41319444445,600,2\n46363.42013888889,1200,0\n"

    /// Uploads `text` as the raw body the page's script sends.
    func upload(
        _ browser: Browser, _ text: String, name: String = "events.csv", query: String = "", csrf: String? = nil
    ) async throws -> TestingHTTPResponse {
        var headers = browser.headers()
        headers.add(name: "X-CSRF-Token", value: csrf ?? browser.csrf)
        headers.add(name: .accept, value: "application/json")
        headers.contentType = .init(type: "application", subType: "octet-stream")
        var result: TestingHTTPResponse!
        try await browser.app.testing().test(
            .POST, "/sitting/imports?name=\(name)\(query)", headers: headers,
            body: ByteBuffer(string: text)
        ) { res in result = res }
        return result
    }

    func status(_ browser: Browser, _ location: String) async throws -> [String: Any] {
        let res = try await browser.get(location)
        return try #require(try JSONSerialization.jsonObject(with: Data(res.body.string.utf8)) as? [String: Any])
    }

    @Test(
        "an EventsEx upload keeps its time in bed: the page and the API show sitting while awake",
        arguments: TestServer.databases)
    func timeInBed(_ db: String) async throws {
        try await TestServer.run(db) { app in
            // setup: Saturday 5 December 2026, Berlin: sitting 21:00-22:30 awake, then in bed (Waking Day 0)
            // from 22:30 to Sunday 07:00 (sitting up 30 min, lying 8 h), then sitting 07:00-08:00 awake.
            let text = """
                sep=;
                Time(approx);Data Count;Event Type;Duration (s);Waking Day
                2026-12-05 21:00:00;0;0;5400;1
                2026-12-05 22:30:00;54000;0;1800;0
                2026-12-05 23:00:00;72000;3.1;28800;0
                2026-12-06 07:00:00;360000;0;3600;1
                """
            let ana = try await TestServer.signUp(app)
            try await ana.get("/sitting")

            // MUT
            let res = try await upload(ana, text, name: "night.csv")
            #expect(res.status == .accepted, "\(res.body.string)")
            await app.importJobs.waitForAll()

            // validate: Saturday 90 min sitting awake and 90 min in bed; Sunday 60 min awake, 7 h in bed.
            let saturday = try await ana.get("/sitting?date=2026-12-05").body.string
            #expect(saturday.contains("Sitting <strong>1 h 30 min</strong> while awake (in bed 1 h 30 min)"))
            let api = try await APIClient.forBrowser(ana).typed
            let days = try await api.listDays(
                path: .init(user: "me"), query: .init(from: APIDay(text: "2026-12-05"), to: APIDay(text: "2026-12-06"))
            ).ok.body.json.items
            #expect(days.map(\.sittingMinutes) == [90, 60])
            #expect(days.map(\.inBedMinutes) == [90, 420])
            #expect(days.map(\.wakingWearMinutes) == [90, 60])
            #expect(days.map(\.lyingMinutes) == [0, 0])
            let progress = try await ana.get("/progress").body.string
            #expect(progress.contains("Daily sitting while awake (hours) against your limit"))
        }
    }

    @Test(
        "an upload is imported in the background and its day shows on the sitting page", arguments: TestServer.databases
    )
    func uploadAndImport(_ db: String) async throws {
        try await TestServer.run(db) { app in
            // setup
            let ana = try await TestServer.signUp(app)
            try await ana.get("/sitting")

            // MUT
            let res = try await upload(ana, Self.events)
            #expect(res.status == .accepted, "\(res.body.string)")
            let location = try #require(res.headers.first(name: .location))
            await app.importJobs.waitForAll()

            // validate
            let job = try await status(ana, location)
            #expect(job["status"] as? String == "done")
            #expect(job["percent"] as? Int == 100)
            #expect(job["bouts"] as? Int == 4)
            #expect(job["firstDay"] as? String == "2026-12-07")
            #expect(job["format"] as? String == "activPAL Events")
            // The clock says 10:00: the last 20 min of sitting (10:05-10:25) have not happened yet.
            let page = try await ana.get("/sitting?date=2026-12-07").body.string
            #expect(page.contains("Sitting <strong>50 min</strong>"), "\(page)")
            #expect(page.contains("events.csv"))
            let progress = try await ana.get("/progress")
            #expect(progress.status == .ok)

            // The same file again overlaps: the job fails and nothing more is saved.
            let again = try await upload(ana, Self.events)
            await app.importJobs.waitForAll()
            let second = try await status(ana, try #require(again.headers.first(name: .location)))
            #expect(second["status"] as? String == "failed")
            #expect((second["message"] as? String)?.contains("overlaps wearable data already imported") == true)
            #expect(
                try await ana.get("/sitting?date=2026-12-07").body.string.contains("Sitting <strong>50 min</strong>"))

            // Someone else cannot see the import.
            let ben = try await TestServer.signUp(app)
            #expect(try await ben.get(location).status == .notFound)
        }
    }

    @Test(
        "a bad file fails naming the line, keeps nothing; missing token, empty body, bad placement and size are refused"
    )
    func refusals() async throws {
        try await TestServer.run("sqlite", settings: { $0.uploadLimit = 1000 }) { app in
            let ana = try await TestServer.signUp(app)
            try await ana.get("/sitting")
            let bad = try await upload(
                ana, "\"Time\",\"Interval (s)\",\"ActivityCode\"\n46363.375,3000,0\nnever,60,1\n", name: "bad.csv")
            #expect(bad.status == .accepted)
            await app.importJobs.waitForAll()
            let job = try await status(ana, try #require(bad.headers.first(name: .location)))
            #expect(job["status"] as? String == "failed")
            #expect((job["message"] as? String)?.hasPrefix("bad.csv, line 3:") == true, "\(job)")
            #expect(
                try await ana.get("/sitting?date=2026-12-07").body.string.contains("Sitting <strong>0 min</strong>"))

            #expect(try await upload(ana, Self.events, csrf: "forged").status == .forbidden)
            let empty = try await upload(ana, "")
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.string.contains("\"field\":\"body\""))
            let placement = try await upload(ana, Self.events, query: "&placement=ankle")
            #expect(placement.status == .unprocessableEntity)
            #expect(placement.body.string.contains("placement must be thigh, wrist or hip, got 'ankle'"))
            let big = try await upload(ana, String(repeating: "x", count: 1001))
            #expect(big.status == .payloadTooLarge)
            #expect(big.body.string.contains("upload limit"))
            // While one import is still running, another upload waits its turn.
            let me = try await APIClient.forBrowser(ana).typed.getUser(path: .init(user: "me")).ok.body.json
            let id = try #require(UUID(uuidString: me.id))
            _ = try await TestServer.store(app).createImport(
                userID: id, fileName: "slow.cwa", placement: "thigh",
                bytes: 10)
            let busy = try await upload(ana, Self.events)
            #expect(busy.status == .conflict)
            #expect(busy.body.string.contains("an import of yours is still running"))
        }
    }
}
