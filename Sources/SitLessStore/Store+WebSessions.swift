import FluentKit
import FluentSQL
import Foundation

/// Web sign-in sessions, in the table of Fluent's sessions driver (`_fluent_sessions`: id,
/// key, data) plus the account they sign in and when they end (M012). Plain SQL: a
/// session is read on every page view.
extension Store {
    /// A session ends 30 days after it was last used (the cookie's Max-Age is the same), so
    /// a cookie copied off a shared computer stops working on the server, not only in the
    /// browser that honours its age.
    public static let webSessionLifetime: TimeInterval = 30 * 86_400
    /// Using a session moves its end out again, at most once a day: one write a day per
    /// session instead of one per page view.
    public static let webSessionExtension: TimeInterval = 86_400

    /// A web session as read: its data, the account it signs in, and that person's data when it
    /// was read ahead.
    public struct WebSession<Data: Decodable & Sendable>: Sendable {
        public var data: Data
        public var user: Account?
        /// What `readingAhead` asked for, as `read` finds it (only with a signed-in account).
        public var ahead: PersonData?
    }

    /// The session with `key` that has not ended at `now`, its `data` column (decoded as
    /// `Data`) and the account it signs in, in one statement. Extends the session when its last
    /// extension is a day old. `readingAhead`: that person's data comes in the same row, as
    /// `read` would select it: a page then costs one trip to the database instead of two
    /// (narrow it to the page's exact reads with `PersonData.narrowed(to:)`).
    public func webSession<Data: Decodable & Sendable>(
        key: String, now: Date, as: Data.Type,
        readingAhead: PersonReads? = nil
    ) async throws -> WebSession<Data>? {
        var query = SQLQueryString("SELECT s.data, s.expires_at, \(unsafeRaw: Store.prefixedUserColumns)")
        if let readingAhead {
            query.appendInterpolation(
                Store.personColumns(readingAhead, of: SQLColumn("user_id", table: "s"), dialect: sql.dialect.name))
        }
        query.appendInterpolation(
            """
             FROM _fluent_sessions s LEFT JOIN users u ON u.id = s.user_id
            WHERE s.key = \(bind: key) AND (s.expires_at IS NULL OR s.expires_at > \(bind: now))
            """ as SQLQueryString)
        guard let row = try await sql.raw(query).first() else { return nil }
        let expires = try row.decode(column: "expires_at", as: Date?.self)
        if expires.map({ $0.timeIntervalSince(now) < Store.webSessionLifetime - Store.webSessionExtension }) ?? true {
            try await sql.raw(
                """
                UPDATE _fluent_sessions SET expires_at = \(bind: now.addingTimeInterval(Store.webSessionLifetime))
                WHERE key = \(bind: key)
                """
            ).run()
        }
        let user =
            try row.decode(column: "u_id", as: UUID?.self) == nil ? nil : try Store.account(from: row, prefix: "u_")
        let ahead = try readingAhead.flatMap { parts in
            try user.map { try Store.personData(from: row, parts, userID: $0.id, now: now) }
        }
        return WebSession(data: try row.decode(column: "data", as: Data.self), user: user, ahead: ahead)
    }

    public func createWebSession(key: String, data: some Encodable & Sendable, userID: UUID?, now: Date) async throws {
        try await sql.raw(
            """
            INSERT INTO _fluent_sessions (id, key, data, user_id, expires_at)
            VALUES (\(bind: UUID()), \(bind: key), \(bind: data), \(bind: userID),
                    \(bind: now.addingTimeInterval(Store.webSessionLifetime)))
            """
        ).run()
    }

    /// New data for a session (signing in or out of it changes its account too).
    public func updateWebSession(key: String, data: some Encodable & Sendable, userID: UUID?) async throws {
        try await sql.raw(
            "UPDATE _fluent_sessions SET data = \(bind: data), user_id = \(bind: userID) WHERE key = \(bind: key)"
        ).run()
    }

    public func deleteWebSession(key: String) async throws {
        try await sql.raw("DELETE FROM _fluent_sessions WHERE key = \(bind: key)").run()
    }

    /// Ends every session of a person but `keeping` (the one that asked, after a password change).
    /// A new password for the account, in one transaction with what it ends: every other
    /// sign-in session and every API token (a password is changed when it may be known to
    /// someone else, and a token made with it would let them keep reading health data; the
    /// desktop agent then needs a new token). The calendar feed stays: it shows only
    /// scheduled session times, and it has its own "new link" button.
    public func changePassword(userID: UUID, hash: String, keepingSession key: String?) async throws {
        try await transaction { db in
            let store = self.on(db)
            try await store.sql.update(UserRecord.schema).set(SQLIdentifier("password_hash"), to: SQLBind(hash))
                .where(SQLIdentifier("id"), .equal, SQLBind(userID)).run()
            try await store.endWebSessions(userID: userID, keeping: key)
            try await AccessTokenRecord.query(on: db).filter(\.$user.$id == userID)
                .filter(\.$kind == AccessToken.Kind.api.rawValue).delete()
        }
    }

    public func endWebSessions(userID: UUID, keeping key: String?) async throws {
        try await sql.raw(
            """
            DELETE FROM _fluent_sessions WHERE user_id = \(bind: userID) AND key <> \(bind: key ?? "")
            """
        ).run()
    }

    /// Removes the sessions that have ended by `now` (`sitless serve` does this every hour):
    /// a visitor's session on a page with a form, or one nobody signs out of, would
    /// otherwise stay in the table for good. Sessions from before M012 have no end until
    /// they are used; one never used again gets its end here, 30 days on, and goes then.
    public func purgeEndedWebSessions(now: Date) async throws {
        try await sql.raw(
            """
            UPDATE _fluent_sessions SET expires_at = \(bind: now.addingTimeInterval(Store.webSessionLifetime))
            WHERE expires_at IS NULL
            """
        ).run()
        try await sql.raw("DELETE FROM _fluent_sessions WHERE expires_at <= \(bind: now)").run()
    }
}
