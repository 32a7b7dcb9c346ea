import FluentKit
import Foundation
import SitLessCore

extension Store {
    public func user(email: String) async throws -> UserRecord? {
        try await UserRecord.query(on: database).filter(\.$email == email.lowercased()).first()
    }

    public func user(id: UUID) async throws -> UserRecord? {
        try await UserRecord.find(id, on: database)
    }

    /// The CLI's `--user`: a name, or the email of a web account.
    public func user(nameOrEmail text: String) async throws -> UserRecord? {
        if text.contains("@"), let user = try await user(email: text) { return user }
        return try await user(named: text)
    }

    public func userCount() async throws -> Int {
        try await UserRecord.query(on: database).count()
    }

    /// Creates a web account. The name defaults to the email's local part, made unique.
    ///
    /// The first web account on a database the command line has already used takes over
    /// the CLI's local user when there is exactly one (no email, no password), so
    /// everything `sitless sit`, `watch` and the other commands recorded shows up in the
    /// web app. Later accounts are always new users.
    public func createAccount(email: String, passwordHash: String, timeZone: String) async throws -> UserRecord {
        let email = email.lowercased()
        if try await UserRecord.query(on: database).filter(\.$email != nil).count() == 0 {
            let local = try await UserRecord.query(on: database).filter(\.$email == nil).all()
            if local.count == 1, let user = local.first, user.passwordHash == nil {
                user.email = email
                user.passwordHash = passwordHash
                try await user.save(on: database)
                return user
            }
        }
        let base = String(email.split(separator: "@").first ?? "user")
        var name = base
        var n = 1
        while try await user(named: name) != nil {
            n += 1
            name = "\(base)\(n)"
        }
        let user = UserRecord(name: name, timeZone: TimeZone(identifier: timeZone) != nil ? timeZone : "UTC")
        user.email = email
        user.passwordHash = passwordHash
        try await user.create(on: database)
        return user
    }

    /// Counts an attempt for `key` and says how many there were in the last `window`.
    public func recordSignInAttempt(key: String, at: Date, window: TimeInterval) async throws -> Int {
        let sql = database
        try await SignInAttempt(key: key, at: at).create(on: sql)
        try await SignInAttempt.query(on: sql).filter(\.$attemptedAt < at.addingTimeInterval(-24 * 3600)).delete()
        return try await SignInAttempt.query(on: sql).filter(\.$key == key)
            .filter(\.$attemptedAt > at.addingTimeInterval(-window)).count()
    }

    public func clearSignInAttempts(key: String) async throws {
        try await SignInAttempt.query(on: database).filter(\.$key == key).delete()
    }
}

/// One sign-in attempt, for rate limiting across server processes.
public final class SignInAttempt: Model, @unchecked Sendable {
    public static let schema = "sign_in_attempts"
    @ID(key: .id) public var id: UUID?
    @Field(key: "key") public var key: String
    @Field(key: "attempted_at") public var attemptedAt: Date
    public init() {}
    init(key: String, at: Date) {
        self.key = key
        attemptedAt = at
    }
}
