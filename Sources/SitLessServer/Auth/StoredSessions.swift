import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Fluent's database sessions, writing only when a request changed its session: Vapor's
/// sessions middleware saves every session it touched on every response, which would make
/// each page view a database write. The data as read is remembered on the request and
/// compared before the write.
struct StoredSessions: AsyncSessionDriver {
    let fluent: any SessionDriver

    struct ReadKey: StorageKey { typealias Value = SessionData }

    func createSession(_ data: SessionData, for request: Request) async throws -> SessionID {
        try await fluent.createSession(data, for: request).get()
    }

    func readSession(_ sessionID: SessionID, for request: Request) async throws -> SessionData? {
        let data = try await fluent.readSession(sessionID, for: request).get()
        if let data { request.storage[ReadKey.self] = data }
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
