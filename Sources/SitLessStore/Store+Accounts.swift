import FluentKit
import FluentSQL
import Foundation
import SitLessCore

extension Store {
    public func user(email: String) async throws -> Account? {
        try await credentials(email: email)?.account
    }

    /// The account with this email and its password hash (`nil` for one without a password),
    /// for signing in.
    public func credentials(email: String) async throws -> (account: Account, passwordHash: String?)? {
        guard let record = try await UserRecord.query(on: database).filter(\.$email == email.lowercased()).first()
        else {
            return nil
        }
        return (try Account(record), record.passwordHash)
    }

    /// The account's password hash, to confirm a password before changing it or deleting the
    /// account; `nil` when it has none.
    public func passwordHash(userID: UUID) async throws -> String? {
        try await UserRecord.find(userID, on: database)?.passwordHash
    }

    /// One account by id: behind every signed-in request, so plain SQL (see `account(from:)`).
    public func user(id: UUID) async throws -> Account? {
        let query: SQLQueryString = "SELECT \(unsafeRaw: Store.userColumns) FROM users WHERE id = \(bind: id)"
        guard let row = try await sql.raw(query).first() else { return nil }
        return try Store.account(from: row)
    }

    /// Writes the profile an account's value holds: name, time zone, roles, onboarding, safety,
    /// equipment and unit (not the email or password, which have their own commands).
    public func saveProfile(_ account: Account) async throws {
        guard TimeZone(identifier: account.timeZone) != nil else {
            throw StoreError.invalidPolicy(["time zone '\(account.timeZone)' is not an IANA zone such as Europe/Berlin"]
            )
        }
        try await sql.update(UserRecord.schema)
            .set(SQLIdentifier("name"), to: SQLBind(account.name))
            .set(SQLIdentifier("time_zone"), to: SQLBind(account.timeZone))
            .set(SQLIdentifier("is_admin"), to: SQLBind(account.isAdmin))
            .set(SQLIdentifier("is_clinician"), to: SQLBind(account.isClinician))
            .set(SQLIdentifier("onboarded_at"), to: SQLBind(account.onboardedAt))
            .set(SQLIdentifier("safety_outcome"), to: SQLBind(account.safety?.rawValue))
            .set(SQLIdentifier("display_name"), to: SQLBind(account.chosenName))
            .set(SQLIdentifier("equipment"), to: SQLBind(account.equipment))
            .set(SQLIdentifier("safety_cautions"), to: SQLBind(account.safetyCautions))
            .set(SQLIdentifier("load_unit"), to: SQLBind(account.unit.rawValue))
            .where(SQLIdentifier("id"), .equal, SQLBind(account.id)).run()
    }

    static let userColumns =
        "id, name, time_zone, created_at, email, password_hash, is_admin, is_clinician, onboarded_at, "
            + "safety_outcome, display_name, "
        + "load_unit, equipment, safety_cautions"
    /// `userColumns` of `users u` as `u_id, u_name, ...`.
    static let prefixedUserColumns = userColumns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        .map { "u.\($0) AS u_\($0)" }.joined(separator: ", ")

    /// An `Account` from a row of `userColumns` (prefixed `prefix`), decoded by column name.
    static func account(from row: any SQLRow, prefix: String = "") throws -> Account {
        func column<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
            try row.decode(column: prefix + name, as: T.self)
        }
        return Account(
            id: try column("id"), name: try column("name"), timeZone: try column("time_zone"),
            createdAt: try column("created_at"), email: try column("email"), isAdmin: try column("is_admin"),
            isClinician: try column("is_clinician"), onboardedAt: try column("onboarded_at"),
            safety: try column("safety_outcome", as: String?.self).flatMap(SafetyStatus.init(rawValue:)),
            chosenName: try column("display_name"), equipment: try column("equipment"),
            safetyCautions: try column("safety_cautions"),
            unit: LoadUnit(rawValue: try column("load_unit", as: String.self)) ?? .kilograms)
    }

    /// The unit the person reads and types loads in (loads stay stored in kilograms).
    public func setLoadUnit(_ unit: LoadUnit, userID: UUID) async throws {
        try await sql.update(UserRecord.schema).set(SQLIdentifier("load_unit"), to: SQLBind(unit.rawValue))
            .where(SQLIdentifier("id"), .equal, SQLBind(userID)).run()
    }

    /// The CLI's `--user`: a name, or the email of a web account.
    public func user(nameOrEmail text: String) async throws -> Account? {
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
    public func createAccount(email: String, passwordHash: String, timeZone: String) async throws -> Account {
        let email = email.lowercased()
        if try await UserRecord.query(on: database).filter(\.$email != nil).count() == 0 {
            let local = try await UserRecord.query(on: database).filter(\.$email == nil).all()
            if local.count == 1, let user = local.first, user.passwordHash == nil {
                user.email = email
                user.passwordHash = passwordHash
                try await user.save(on: database)
                return try Account(user)
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
        return try Account(user)
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
