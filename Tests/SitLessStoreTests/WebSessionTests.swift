import FluentKit
import FluentSQL
import Foundation
import Testing

@testable import SitLessStore

@Suite("Web sessions")
struct WebSessionTests {
    let c = StoreClock()

    @Test(
        "a session ends 30 days after its last extension, which happens at most once a day",
        arguments: TestDatabases.locations)
    func lifetime(_ db: String) async throws {
        try await TestDatabases.withStore(db) { store in
            let id = try await TestDatabases.user(store).id
            let key = "k-\(UUID().uuidString)"
            let day: TimeInterval = 86_400
            let start = c.at("10:00")
            try await store.createWebSession(
                key: key, data: ["_UserRecordSession": id.uuidString], userID: id, now: start)
            #expect(try await expiry(store, key) == start.addingTimeInterval(30 * day))

            // Half a day later: 29.5 days left, more than 29, so no write.
            #expect(
                try await store.webSession(key: key, now: start.addingTimeInterval(day / 2), as: [String: String].self)?
                    .user?.id == id)
            #expect(try await expiry(store, key) == start.addingTimeInterval(30 * day))
            // 29 days later: one day left, extended to 30 days from then (day 59).
            #expect(
                try await store.webSession(key: key, now: start.addingTimeInterval(29 * day), as: [String: String].self)
                    != nil)
            #expect(try await expiry(store, key) == start.addingTimeInterval(59 * day))
            // Unused from day 29 to day 59: it has ended (a use a second earlier would have extended
            // it again), and the hourly purge clears it away.
            #expect(
                try await store.webSession(key: key, now: start.addingTimeInterval(59 * day), as: [String: String].self)
                    == nil)
            #expect(try await liveSessions(store, id, now: start.addingTimeInterval(59 * day)) == 0)
            try await store.createWebSession(
                key: "new-\(key)", data: ["_UserRecordSession": id.uuidString], userID: id,
                now: start.addingTimeInterval(59 * day))
            #expect(try await rows(store, id) == 2)
            // Not on the shared PostgreSQL database: a purge two months ahead would end the other tests' sessions.
            if db == "sqlite" {
                try await store.purgeEndedWebSessions(now: start.addingTimeInterval(59 * day))
                #expect(try await rows(store, id) == 1)
                #expect(
                    try await store.webSession(
                        key: "new-\(key)", now: start.addingTimeInterval(59 * day), as: [String: String].self)?.user?.id
                        == id)
            }
        }
    }

    @Test(
        "ending a person's sessions keeps the one asked to keep and other people's", arguments: TestDatabases.locations)
    func endAll(_ db: String) async throws {
        try await TestDatabases.withStore(db) { store in
            let ana = try await TestDatabases.user(store).id
            let ben = try await TestDatabases.user(store).id
            let tag = UUID().uuidString
            for (key, user) in [("a1", ana), ("a2", ana), ("a3", ana), ("b1", ben)] {
                try await store.createWebSession(
                    key: "\(key)-\(tag)", data: ["_UserRecordSession": user.uuidString], userID: user,
                    now: c.at("09:00"))
            }
            try await store.endWebSessions(userID: ana, keeping: "a2-\(tag)")
            #expect(try await store.webSession(key: "a1-\(tag)", now: c.at("09:01"), as: [String: String].self) == nil)
            #expect(
                try await store.webSession(key: "a2-\(tag)", now: c.at("09:01"), as: [String: String].self)?.user?.id
                    == ana)
            #expect(try await store.webSession(key: "a3-\(tag)", now: c.at("09:01"), as: [String: String].self) == nil)
            #expect(
                try await store.webSession(key: "b1-\(tag)", now: c.at("09:01"), as: [String: String].self)?.user?.id
                    == ben)
            try await store.endWebSessions(userID: ana, keeping: nil)
            #expect(try await liveSessions(store, ana, now: c.at("09:02")) == 0)
        }
    }

    /// Not on the shared PostgreSQL database, whose schema every test uses at once.
    @Test("sessions from before M012 keep their account, get an end at first use, and M012 reverts")
    func upgrade() async throws {
        try await TestDatabases.withStore("sqlite") { store in
            let id = try await TestDatabases.user(store).id
            try await M012_AddSessionOwnerAndExpiry().revert(on: store.database)
            // As Fluent's sessions driver wrote them: no account column, no end.
            try await WebSession(key: "old", data: ["_UserRecordSession": id.uuidString, "csrf": "x"]).create(
                on: store.database)
            try await WebSession(key: "anonymous", data: ["csrf": "y"]).create(on: store.database)
            try await WebSession(key: "never-again", data: ["_UserRecordSession": id.uuidString, "csrf": "z"]).create(
                on: store.database)
            try await M012_AddSessionOwnerAndExpiry().prepare(on: store.database)

            #expect(try await expiry(store, "old") == nil)
            let read = try #require(
                try await store.webSession(key: "old", now: c.at("10:00"), as: [String: String].self))
            #expect(read.user?.id == id)
            #expect(try await expiry(store, "old") == c.at("10:00").addingTimeInterval(30 * 86_400))
            #expect(
                try await store.webSession(key: "anonymous", now: c.at("10:00"), as: [String: String].self)?.user == nil
            )
            #expect(try await liveSessions(store, id, now: c.at("10:00")) == 2)

            // One never used again: the purge gives it an end 30 days on, then removes it.
            #expect(try await expiry(store, "never-again") == nil)
            try await store.purgeEndedWebSessions(now: c.at("10:05"))
            #expect(try await expiry(store, "never-again") == c.at("10:05").addingTimeInterval(30 * 86_400))
            try await store.purgeEndedWebSessions(now: c.at("10:05").addingTimeInterval(30 * 86_400 - 1))
            // "old" ended (unused since 10:00); "never-again" has a second left.
            #expect(try await rows(store, id) == 1)
            #expect(try await expiry(store, "never-again") != nil)
            try await store.purgeEndedWebSessions(now: c.at("10:05").addingTimeInterval(30 * 86_400))
            #expect(try await rows(store, id) == 0)
        }
    }

    private func expiry(_ store: Store, _ key: String) async throws -> Date? {
        try await store.sql.raw("SELECT expires_at FROM _fluent_sessions WHERE key = \(bind: key)").first()?
            .decode(column: "expires_at", as: Date?.self)
    }

    /// Sessions of `userID` that have not ended at `now`.
    private func liveSessions(_ store: Store, _ userID: UUID, now: Date) async throws -> Int {
        try await store.sql.raw(
            """
            SELECT COUNT(*) AS n FROM _fluent_sessions
            WHERE user_id = \(bind: userID) AND (expires_at IS NULL OR expires_at > \(bind: now))
            """
        ).first()?.decode(column: "n", as: Int.self) ?? -1
    }

    private func rows(_ store: Store, _ userID: UUID) async throws -> Int {
        try await store.sql.raw("SELECT COUNT(*) AS n FROM _fluent_sessions WHERE user_id = \(bind: userID)").first()?
            .decode(column: "n", as: Int.self) ?? -1
    }
}
