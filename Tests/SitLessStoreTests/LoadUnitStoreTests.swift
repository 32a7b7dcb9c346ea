import FluentKit
import FluentSQL
import Foundation
import SitLessCore
import Testing

@testable import SitLessStore

@Suite("Load unit (M016)")
struct LoadUnitStoreTests {
    @Test("M016 gives people who were there before kilograms; it reverts and applies again")
    func migration() async throws {
        try await TestDatabases.withStore("sqlite") { store in
            let sql = store.database as! any SQLDatabase
            try await M016_AddLoadUnit().revert(on: store.database)
            // An account as M015 left the table, with no load unit.
            let id = UUID()
            try await sql.raw(
                """
                INSERT INTO users (id, name, time_zone, is_admin, is_clinician)
                VALUES (\(bind: id), 'before-m016', 'UTC', FALSE, FALSE)
                """
            ).run()
            try await M016_AddLoadUnit().prepare(on: store.database)
            let before = try #require(try await store.user(id: id))
            #expect(before.unit == .kilograms)
            // Loads are still kilograms in the store; the unit only changes what people read.
            try await store.setLoadUnit(.pounds, userID: id)
            #expect(try await store.user(id: id)?.unit == .pounds)
            #expect(try await UserRecord.find(id, on: store.database)?.loadUnit == "lb")
        }
    }

    @Test(
        "new people read kilograms until they choose pounds; the choice is theirs alone",
        arguments: TestDatabases.locations)
    func choice(_ kind: String) async throws {
        try await TestDatabases.withStore(kind) { store in
            let ana = try await TestDatabases.user(store)
            let ben = try await TestDatabases.user(store)
            #expect(try await store.user(id: ana.id)?.unit == .kilograms)
            try await store.setLoadUnit(.pounds, userID: ana.id)
            #expect(try await store.user(id: ana.id)?.unit == .pounds)
            #expect(try await store.user(id: ben.id)?.unit == .kilograms)
            let account = try await store.createAccount(
                email: "lb-\(UUID().uuidString.prefix(8))@example.org", passwordHash: "x", timeZone: "UTC")
            #expect(account.unit == .kilograms)
            #expect(try await UserRecord.find(account.id, on: store.database)?.loadUnit == "kg")
        }
    }
}
