import FluentSQL
import Foundation
import SitLessAPI
import SitLessCore
import SitLessServer
import SitLessStore
import Testing
import Vapor
import VaporTesting

extension TestServer {
    /// The store the app's requests use: its database and its (pinned, test-moved) clock.
    static func store(_ app: Application) -> Store {
        let clock = app.storage[ClockKey.self]!
        return Store(database: app.db, clock: { clock.now })
    }
}

/// Statuses, clocks, pragmas and error pages through the real app.
@Suite("States through the web app")
struct StatesTests {
    @Test("every SQLite connection of the web app runs with the store's pragmas")
    func pragmasOnEveryConnection() async throws {
        try await TestServer.run("sqlite") { app in
            var loops = 0
            for eventLoop in app.eventLoopGroup.makeIterator() {
                let database = app.databases.database(.sqlite, logger: app.logger, on: eventLoop)
                let sql = try #require(database as? any SQLDatabase)
                let values = try await SQLiteSetup.current(on: sql)
                #expect(
                    values == [
                        "journal_mode": "wal", "busy_timeout": "5000", "synchronous": "1",
                        "foreign_keys": "1",
                    ])
                loops += 1
            }
            #expect(loops >= 1)
        }
    }

    @Test("a running import silent for ten minutes by the app's clock shows as failed and no longer blocks an upload")
    func staleImportByTheAppClock() async throws {
        try await TestServer.run("sqlite") { app in
            // setup: an import that started at 10:00 (the test clock) in a process that then died
            let ana = try await TestServer.signUp(app)
            try await ana.get("/sitting")
            let me = try await APIClient.forBrowser(ana).typed.getUser(path: .init(user: "me")).ok.body.json
            let id = try #require(UUID(uuidString: me.id))
            let store = TestServer.store(app)
            let job = try await store.createImport(userID: id, fileName: "slow.cwa", placement: "thigh", bytes: 10)
                .id
            try await store.startImport(job)
            let clock = app.storage[ClockKey.self]!

            // MUT and validate: at 10:10 it may still be working; a second later it is taken as dead
            clock.advance(600)
            #expect(try await ImportTests().upload(ana, ImportTests.events).status == .conflict)
            let waiting = try await ImportTests().status(ana, "/sitting/imports/\(job.uuidString)")
            #expect(waiting["status"] as? String == "running")
            clock.advance(1)
            let dead = try await ImportTests().status(ana, "/sitting/imports/\(job.uuidString)")
            #expect(dead["status"] as? String == "failed")
            #expect(
                dead["message"] as? String
                    == "the server stopped while importing; nothing was imported, please upload the file again")
            let next = try await ImportTests().upload(ana, ImportTests.events)
            #expect(next.status == .accepted, "\(next.body.string)")
            await app.importJobs.waitForAll()
            let imported = try await ImportTests().status(ana, try #require(next.headers.first(name: .location)))
            #expect(imported["status"] as? String == "done")
            // The stored row of the dead one is unchanged: stale is how it reads, not a write.
            #expect(try await store.importJob(job, userID: id)?.state == .running)
        }
    }

    @Test("a team page that is not yours is a 404 page in the site's layout, not JSON")
    func pageErrors() async throws {
        try await TestServer.run("sqlite") { app in
            let ana = try await TestServer.signUp(app)
            for path in ["/teams/\(UUID().uuidString)", "/teams/\(UUID().uuidString)/members/\(UUID().uuidString)"] {
                let res = try await ErrorPageTests.get(
                    app, path, accept: ErrorPageTests.browserAccept,
                    cookie: ana.cookie)
                #expect(res.status == .notFound)
                #expect(res.body.string.contains("<title>Not found · SitLess</title>"))
                #expect(res.body.string.contains("There is nothing here, or it is not yours to see."))
            }
        }
    }
}
