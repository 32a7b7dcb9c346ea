import Foundation
import SitLessStore
import Vapor

extension Account: Authenticatable {}
extension Account: SessionAuthenticatable {
    public var sessionID: UUID { id }
}

/// Restores the signed-in user from the session, if the request came with one. Not Vapor's
/// `SessionAuthenticator`: that reads `request.session`, which makes a new session (a
/// database row and a cookie) for every request without one: each health check, each
/// crawler's visit and each API call (whose token user it then wrote into that session).
/// Sessions start only where the app means them to: signing in, and pages with a form.
struct UserSessionAuthenticator: Middleware {
    /// Where Vapor's session authentication keeps the user's id in the session data.
    static let sessionKey = "_\(Account.self)Session"
    /// Where it kept it while the signed-in type was the `UserRecord` row (sessions made before
    /// the Store returned values): still read, and moved to `sessionKey` on first use, so an
    /// upgrade signs nobody out.
    static let legacySessionKey = "_UserRecordSession"

    /// The account id a session's data signs in, under either key.
    static func userID(in data: SessionData) -> UUID? {
        (data[sessionKey] ?? data[legacySessionKey]).flatMap(UUID.init(uuidString:))
    }

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        // The API takes tokens only: a cookie riding along must not sign anyone in there.
        guard !request.url.path.hasPrefix("/api/"), request.hasSession,
            let id = Self.userID(in: request.session.data)
        else {
            return next.respond(to: request)
        }
        if request.session.data[Self.sessionKey] == nil {
            request.session.data[Self.legacySessionKey] = nil
            request.session.data[Self.sessionKey] = id.uuidString
        }
        // The account usually came with the session's row (`StoredSessions`).
        if let user = request.storage[StoredSessions.UserKey.self], user.id == id {
            request.auth.login(user)
            return next.respond(to: request)
        }
        return request.eventLoop.makeFutureWithTask {
            if let user = try await request.store.user(id: id) {
                request.auth.login(user)
            } else {
                request.session.unauthenticate(Account.self)  // the account is gone
            }
        }.flatMap { next.respond(to: request) }
    }
}

/// Pages for signed-in people: anyone else goes to sign-in (or to sign-up while the
/// database has no account yet).
struct RequireUser: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard request.auth.has(Account.self) else {
            return request.eventLoop.makeFutureWithTask {
                let first = try await request.store.userCount() == 0
                return request.redirect(to: first ? "/signup" : "/signin?next=\(request.url.path)")
            }
        }
        return next.respond(to: request)
    }
}

/// Until onboarding is done, pages lead there.
struct RequireOnboarded: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        if let user = request.auth.get(Account.self), user.onboardedAt == nil {
            return request.eventLoop.makeSucceededFuture(request.redirect(to: "/onboarding"))
        }
        return next.respond(to: request)
    }
}

extension Request {
    /// The signed-in user (routes behind `RequireUser`).
    var user: Account {
        get throws { try auth.require(Account.self) }
    }

    var userID: UUID {
        get throws { try user.id }
    }

    /// Writes the signed-in person's changed profile, and signs the new value in for the rest
    /// of the request.
    func saveProfile(_ user: Account) async throws {
        try await store.saveProfile(user)
        auth.login(user)
    }
}
