import Fluent
import FluentSQL
import Foundation
import NIOConcurrencyHelpers
import SitLessStore
import Vapor

/// Fluent's database sessions, writing only when a request changed its session: Vapor's
/// sessions middleware saves every session it touched on every response, which would make
/// each page view a database write. The data as read is remembered on the request and
/// compared before the write.
struct StoredSessions: AsyncSessionDriver {
    let fluent: any SessionDriver

    struct ReadKey: StorageKey { typealias Value = SessionData }
    /// The account the session signs in, read with it (see `UserSessionAuthenticator`).
    struct UserKey: StorageKey { typealias Value = UserRecord }

    func createSession(_ data: SessionData, for request: Request) async throws -> SessionID {
        try await fluent.createSession(data, for: request).get()
    }

    /// One plain SQL statement that also reads the signed-in account (this runs on every
    /// request; Fluent's query builder and model decoding cost several times the query
    /// itself in the load benchmark's profile, and each statement is a trip to the database).
    func readSession(_ sessionID: SessionID, for request: Request) async throws -> SessionData? {
        guard let (row, user) = try await request.store.sessionWithUser(key: sessionID.string, userKey: UserSessionAuthenticator.sessionKey)
        else { return nil }
        let data = try row.decode(column: "data", as: SessionData.self)
        request.storage[ReadKey.self] = data
        request.storage[UserKey.self] = user
        return data
    }

    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) async throws -> SessionID {
        if let read = request.storage[ReadKey.self], read == data { return sessionID }
        return try await fluent.updateSession(sessionID, to: data, for: request).get()
    }

    func deleteSession(_ sessionID: SessionID, for request: Request) async throws {
        try await fluent.deleteSession(sessionID, for: request).get()
    }
}
