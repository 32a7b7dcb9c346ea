import Foundation
import SitLessStore
import Vapor

/// Personal access tokens ("sl_" + 32 random bytes, base64url) and calendar secrets. Only
/// their SHA-256 is stored; the token is shown once.
enum AccessTokens {
    static func make(prefix: String = "sl_") -> (token: String, hash: String, hint: String) {
        let raw = Data([UInt8].random(count: 32)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(
                of: "=", with: "")
        let token = prefix + raw
        return (token, TokenHash.hex(token), String(token.prefix(prefix.count + 4)) + "…")
    }
}

/// `Authorization: Bearer sl_...` on the API. The session cookie is never accepted there,
/// which is why API writes need no CSRF token.
struct BearerTokenAuthenticator: AsyncBearerAuthenticator {
    typealias User = Account

    func authenticate(bearer: BearerAuthorization, for request: Request) async throws {
        guard let (token, user) = try await request.store.tokenOwner(tokenHash: TokenHash.hex(bearer.token), kind: .api)
        else { return }
        try await request.store.touchToken(token, now: request.now)
        request.auth.login(user)
    }
}

/// API routes answer 401 (JSON) without a valid token.
struct RequireToken: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.auth.has(Account.self) else {
            throw APIError(
                .unauthorized, code: "unauthorized", field: "Authorization",
                "send a personal access token as 'Authorization: Bearer sl_...' (make one under Settings)")
        }
        return try await next.respond(to: request)
    }
}
