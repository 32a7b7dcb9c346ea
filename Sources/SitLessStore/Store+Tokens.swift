import FluentKit
import FluentSQL
import Foundation

extension Store {
    /// Stores a token's hash; the caller shows the token itself once.
    public func createToken(
        userID: UUID, kind: AccessToken.Kind, name: String, tokenHash: String, hint: String
    ) async throws -> AccessToken {
        let record = AccessTokenRecord()
        record.$user.id = userID
        record.kind = kind.rawValue
        record.name = name
        record.tokenHash = tokenHash
        record.hint = hint
        try await record.create(on: database)
        return try AccessToken(record)
    }

    /// The user a token belongs to (nil for an unknown or revoked token).
    public func tokenOwner(
        tokenHash: String, kind: AccessToken.Kind
    ) async throws -> (token: AccessToken, user: Account)? {
        // Every API request: one plain SQL statement for the token and its owner.
        let columns = Store.userColumns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .map { "u.\($0) AS u_\($0)" }.joined(separator: ", ")
        let query: SQLQueryString =
            "SELECT t.id AS t_id, t.last_used_at AS t_last_used_at, \(unsafeRaw: columns) FROM access_tokens t JOIN "
                + "users u ON u.id = t.user_id WHERE t.token_hash = \(bind: tokenHash) AND t.kind = "
                + "\(bind: kind.rawValue)"
        guard let row = try await sql.raw(query).first() else { return nil }
        let user = try Store.account(from: row, prefix: "u_")
        let token = AccessToken(
            id: try row.decode(column: "t_id", as: UUID.self), kind: kind, name: "", hint: "",
            createdAt: nil, lastUsedAt: try row.decode(column: "t_last_used_at", as: Date?.self))
        return (token, user)
    }

    /// Notes when a token was last used, at most once a minute (not a write per request).
    public func touchToken(_ token: AccessToken, now: Date) async throws {
        if let last = token.lastUsedAt, now.timeIntervalSince(last) < 60 { return }
        try await AccessTokenRecord.query(on: database).filter(\.$id == token.id).set(\.$lastUsedAt, to: now).update()
    }

    public func tokens(userID: UUID, kind: AccessToken.Kind) async throws -> [AccessToken] {
        try await AccessTokenRecord.query(on: database).filter(\.$user.$id == userID).filter(\.$kind == kind.rawValue)
            .sort(\.$createdAt, .descending).all().map(AccessToken.init)
    }

    /// Revokes one of the user's tokens; false when there is no such token of theirs.
    public func revokeToken(_ id: UUID, userID: UUID) async throws -> Bool {
        guard
            let token = try await AccessTokenRecord.query(on: database).filter(\.$id == id).filter(
                \.$user.$id == userID
            ).first()
        else { return false }
        try await token.delete(on: database)
        return true
    }

    /// Replaces the user's calendar feed secret (the old feed URL stops working).
    public func replaceCalendarToken(userID: UUID, tokenHash: String, hint: String) async throws {
        try await transaction { db in
            try await AccessTokenRecord.query(on: db).filter(\.$user.$id == userID).filter(
                \.$kind == AccessToken.Kind.calendar.rawValue
            ).delete()
            _ = try await self.on(db).createToken(
                userID: userID, kind: .calendar, name: "calendar feed",
                tokenHash: tokenHash, hint: hint)
        }
    }
}
