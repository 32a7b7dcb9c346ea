import Foundation
import Vapor

/// Cross-site request forgery protection: every session gets a random token; every form
/// carries it in a hidden `_csrf` field; any state-changing request without the matching
/// token is refused with 403. The comparison does not stop at the first differing byte.
struct CSRFMiddleware: Middleware {
    static let field = "_csrf"

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        // The JSON API authenticates with Bearer tokens, never with the session cookie, so a
        // forged cross-site request has nothing to ride on there.
        guard
            request.method != .GET && request.method != .HEAD && request.method != .OPTIONS
                && !request.url.path.hasPrefix("/api/")
        else {
            return next.respond(to: request)
        }
        return request.eventLoop.makeFutureWithTask { try await check(request) }.flatMap { next.respond(to: request) }
    }

    private func check(_ request: Request) async throws {
        let sent: String?
        if let header = request.headers.first(name: "X-CSRF-Token") {
            // Scripts (uploads) send the token as a header and keep the body streaming.
            sent = header
        } else {
            // Global middleware runs before the route collects the body: collect it here.
            // Forms are small; a multipart form may carry an export archive.
            let multipart = request.headers.contentType?.type == "multipart"
            _ = try await request.body.collect(max: multipart ? YourData.archiveLimit : 1 << 20).get()
            sent = try? request.content.get(String.self, at: CSRFMiddleware.field)
        }
        guard let expected = request.session.data["csrf"], let sent,
            CSRFMiddleware.equal(Array(expected.utf8), Array(sent.utf8))
        else {
            throw Abort(
                .forbidden, reason: "This form has expired or did not come from SitLess. Reload the page and try again."
            )
        }
    }

    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}

extension Request {
    /// This session's CSRF token, created on first use.
    var csrfToken: String {
        if let token = session.data["csrf"] { return token }
        let token = [UInt8].random(count: 32).base64
        session.data["csrf"] = token
        return token
    }
}
