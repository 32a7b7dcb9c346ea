import Foundation
import SitLessStore
import Vapor

/// Account administration outside a request (`sitless user create`): the same rules and the
/// same Bcrypt hashing as sign-up in the browser.
public enum Accounts {
    public enum Problem: Error, CustomStringConvertible {
        case invalidEmail(String)
        case shortPassword
        case exists(String)

        public var description: String {
            switch self {
            case .invalidEmail(let email): "'\(email)' is not an email address"
            case .shortPassword: "the password must be at least 10 characters"
            case .exists(let email): "an account with the email \(email) already exists"
            }
        }
    }

    public static func create(
        email: String, password: String, timeZone: String, admin: Bool, store: Store
    ) async throws -> Account {
        guard AccountController.looksLikeEmail(email) else { throw Problem.invalidEmail(email) }
        guard password.count >= 10 else { throw Problem.shortPassword }
        guard try await store.user(email: email) == nil else { throw Problem.exists(email.lowercased()) }
        let hash = try Bcrypt.hash(password)
        var user = try await store.createAccount(email: email, passwordHash: hash, timeZone: timeZone)
        if admin {
            user.isAdmin = true
            try await store.saveProfile(user)
        }
        return user
    }
}
