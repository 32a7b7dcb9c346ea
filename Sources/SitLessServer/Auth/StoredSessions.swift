import Foundation
import SitLessStore
import Vapor

/// Sign-in sessions in the database (`Store+WebSessions`), so every `sitless serve` process
/// sharing it knows them. Differs from Fluent's sessions driver in three ways: a read also
/// brings the signed-in account (one statement on every page view); a session is written
/// only when a request changed it (Vapor's middleware saves every touched session on every
/// response, which would make each page view a write; the data as read is remembered on
/// the request); and each row knows its account and its end, so sessions end on the server
/// after 30 days unused and all of a person's sessions can be ended at once.
struct StoredSessions: AsyncSessionDriver {
    struct ReadKey: StorageKey { typealias Value = SessionData }
    /// The account the session signs in, read with it (see `UserSessionAuthenticator`).
    struct UserKey: StorageKey { typealias Value = Account }

    func createSession(_ data: SessionData, for request: Request) async throws -> SessionID {
        // 32 random bytes from the system's secure generator, as Fluent's driver makes them.
        var generator = SystemRandomNumberGenerator()
        let key = Data((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }).base64EncodedString()
        try await request.store.createWebSession(key: key, data: data, userID: Self.userID(in: data), now: request.now)
        return SessionID(string: key)
    }

    func readSession(_ sessionID: SessionID, for request: Request) async throws -> SessionData? {
        let now = request.now
        let parts = request.route.flatMap { $0.userInfo[ReadsAhead.key] as? ReadsAhead }?.reads(now)
        guard
            let session = try await request.store.webSession(
                key: sessionID.string, now: now, as: SessionData.self,
                readingAhead: parts)
        else { return nil }
        request.storage[ReadKey.self] = session.data
        request.storage[UserKey.self] = session.user
        if let parts, let user = session.user, let data = session.ahead {
            request.storage[ReadAhead.self] = ReadAhead(parts: parts, data: data, userID: user.id)
        }
        return session.data
    }

    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) async throws -> SessionID {
        if let read = request.storage[ReadKey.self], read == data { return sessionID }
        try await request.store.updateWebSession(key: sessionID.string, data: data, userID: Self.userID(in: data))
        return sessionID
    }

    func deleteSession(_ sessionID: SessionID, for request: Request) async throws {
        try await request.store.deleteWebSession(key: sessionID.string)
    }

    /// The account a session's data signs in (where Vapor's session authentication keeps it).
    static func userID(in data: SessionData) -> UUID? {
        UserSessionAuthenticator.userID(in: data)
    }
}

/// What a page reads of the signed-in person, given the time: a route carrying one in its
/// `userInfo` gets that read in the same statement as the session (`readSession`), so the
/// page costs one trip to the database instead of two. The reads must not depend on the
/// person (the session is not read yet): a page asks for spans wide enough for any time zone
/// and `Request.personData` keeps what its exact reads would have found.
struct ReadsAhead: Sendable {
    static let key = "sitless.reads-ahead"
    let reads: @Sendable (Date) -> PersonReads
}

/// The person's data as read ahead with the session: what `parts` found for `userID`.
struct ReadAhead: StorageKey, Sendable {
    typealias Value = ReadAhead
    let parts: PersonReads
    let data: PersonData
    let userID: UUID
}

extension Request {
    /// The signed-in person's data for `parts`: from what came with the session when that
    /// covers them, or else with one read.
    func personData(_ parts: PersonReads, userID: UUID, now: Date) async throws -> PersonData {
        if let ahead = storage[ReadAhead.self], ahead.userID == userID, ahead.parts.covers(parts) {
            return ahead.data.narrowed(to: parts)
        }
        return try await store.read(parts, userID: userID, now: now)
    }
}
