import Fluent
import Foundation
import SitLessStore
import Vapor

extension UserRecord: Authenticatable {}
extension UserRecord: SessionAuthenticatable {
    public var sessionID: UUID { id! }
}

/// Restores the signed-in user from the session.
struct UserSessionAuthenticator: AsyncSessionAuthenticator {
    typealias User = UserRecord

    /// Where Vapor's session authentication keeps the user's id in the session data.
    static let sessionKey = "_\(UserRecord.self)Session"

    func authenticate(sessionID: UUID, for request: Request) async throws {
        // The API takes tokens only: a cookie riding along must not sign anyone in there.
        if request.url.path.hasPrefix("/api/") { return }
        if let user = request.storage[StoredSessions.UserKey.self], user.id == sessionID {
            request.auth.login(user)
        } else if let user = try await request.store.user(id: sessionID) {
            request.auth.login(user)
        }
    }
}

/// Pages for signed-in people: anyone else goes to sign-in (or to sign-up while the
/// database has no account yet).
struct RequireUser: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.auth.has(UserRecord.self) else {
            let first = try await request.store.userCount() == 0
            return request.redirect(to: first ? "/signup" : "/signin?next=\(request.url.path)")
        }
        return try await next.respond(to: request)
    }
}

/// Until onboarding is done, pages lead there.
struct RequireOnboarded: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let user = request.auth.get(UserRecord.self), user.onboardedAt == nil {
            return request.redirect(to: "/onboarding")
        }
        return try await next.respond(to: request)
    }
}

extension Request {
    /// The signed-in user (routes behind `RequireUser`).
    var user: UserRecord {
        get throws { try auth.require(UserRecord.self) }
    }

    var userID: UUID {
        get throws { try user.requireID() }
    }
}
