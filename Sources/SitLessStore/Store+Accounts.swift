import FluentKit
import FluentSQL
import Foundation
import SitLessCore

extension Store {
    public func user(email: String) async throws -> UserRecord? {
        try await UserRecord.query(on: database).filter(\.$email == email.lowercased()).first()
    }

    /// One account by id: behind every signed-in request, so plain SQL (see `userRecord(from:)`).
    public func user(id: UUID) async throws -> UserRecord? {
        guard let row = try await sql.raw("SELECT \(unsafeRaw: Store.userColumns) FROM users WHERE id = \(bind: id)").first() else { return nil }
        return try Store.userRecord(from: row)
    }

    static let userColumns = "id, name, time_zone, created_at, email, password_hash, is_admin, is_clinician, onboarded_at, safety_outcome, display_name, "
        + "load_unit, equipment, safety_cautions"
    /// `userColumns` of `users u` as `u_id, u_name, ...`.
    static let prefixedUserColumns = userColumns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        .map { "u.\($0) AS u_\($0)" }.joined(separator: ", ")

    /// A `UserRecord` from a row of `userColumns` (prefixed `prefix`), marked as stored, so it
    /// saves as an update like one Fluent read.
    static func userRecord(from row: any SQLRow, prefix: String = "") throws -> UserRecord {
        let user = UserRecord()
        user.id = try row.decode(column: prefix + "id", as: UUID.self)
        user.name = try row.decode(column: prefix + "name", as: String.self)
        user.timeZone = try row.decode(column: prefix + "time_zone", as: String.self)
        user.createdAt = try row.decode(column: prefix + "created_at", as: Date?.self)
        user.email = try row.decode(column: prefix + "email", as: String?.self)
        user.passwordHash = try row.decode(column: prefix + "password_hash", as: String?.self)
        user.isAdmin = try row.decode(column: prefix + "is_admin", as: Bool.self)
        user.isClinician = try row.decode(column: prefix + "is_clinician", as: Bool.self)
        user.onboardedAt = try row.decode(column: prefix + "onboarded_at", as: Date?.self)
        user.safetyOutcome = try row.decode(column: prefix + "safety_outcome", as: String?.self)
        user.chosenName = try row.decode(column: prefix + "display_name", as: String?.self)
        user.equipment = try row.decode(column: prefix + "equipment", as: String?.self)
        user.safetyCautions = try row.decode(column: prefix + "safety_cautions", as: String?.self)
        user.loadUnit = try row.decode(column: prefix + "load_unit", as: String.self)
        user._$idExists = true
        return user
    }

    /// The unit the person reads and types loads in (loads stay stored in kilograms).
    public func setLoadUnit(_ unit: LoadUnit, userID: UUID) async throws {
        try await sql.update(UserRecord.schema).set(SQLIdentifier("load_unit"), to: SQLBind(unit.rawValue))
            .where(SQLIdentifier("id"), .equal, SQLBind(userID)).run()
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

    /// The key that counts sign-in attempts to one email (its account's, or one that has none).
    public static func signInKey(email: String) -> String { "email:\(email.lowercased())" }
    /// The key that counts sign-in attempts from one client address.
    public static func signInKey(address: String) -> String { "ip:\(address)" }

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
