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

    public func userCount() async throws -> Int {
        try await UserRecord.query(on: database).count()
    }

    /// Creates a web account. The name defaults to the email's local part, made unique.
    public func createAccount(email: String, passwordHash: String, timeZone: String) async throws -> UserRecord {
        let email = email.lowercased()
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
