import Foundation
import Vapor

/// A method the API does not offer on one of its own paths answers 405 Method Not Allowed
/// with `Allow` naming the ones it does (RFC 9110, 15.5.6), instead of the router's 404;
/// `OPTIONS` answers 204 with the same `Allow`. Paths come from the document, so the
/// header always says what the document says. Requests for paths the API does not have, and
/// methods it does offer (`HEAD` too, which Vapor answers with the `GET` route), go on.
///
/// Written with futures like the other middleware that never waits (Vapor starts a task per
/// `AsyncMiddleware`).
struct MethodNotAllowedMiddleware: Middleware {
    /// A path as its segments (`nil` for a `{parameter}`) with the methods offered on it.
    struct Path: Sendable {
        var segments: [String?]
        var methods: Set<String>
    }

    let paths: [Path]

    /// Every path of the document (`openapi.yaml`) under `/api/v1` with its methods, and
    /// the documents themselves.
    init(document table: [String: Set<String>]) {
        paths = table.sorted { $0.key < $1.key }.map { path, methods in
            Path(segments: path.split(separator: "/").map { $0.hasPrefix("{") ? nil : String($0) }, methods: methods)
        }
    }

    /// The methods offered on `path` (split as Vapor's router splits it), empty when the API
    /// has no such path.
    func methods(for path: String) -> Set<String> {
        let parts = path.split(separator: "/")
        var found: Set<String> = []
        for candidate in paths where candidate.segments.count == parts.count {
            if zip(candidate.segments, parts).allSatisfy({ segment, part in segment == nil || segment! == part }) {
                found.formUnion(candidate.methods)
            }
        }
        return found
    }

    /// The `Allow` value: the methods offered, with `HEAD` beside `GET` and `OPTIONS`.
    static func allow(_ methods: Set<String>) -> String {
        var all = methods
        if all.contains("GET") { all.insert("HEAD") }
        all.insert("OPTIONS")
        return all.sorted().joined(separator: ", ")
    }

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let path = request.url.path
        guard path.hasPrefix("/api/") else { return next.respond(to: request) }
        let offered = methods(for: path)
        let method = request.method.rawValue
        if offered.isEmpty || offered.contains(method) || (method == "HEAD" && offered.contains("GET")) {
            return next.respond(to: request)
        }
        let allow = MethodNotAllowedMiddleware.allow(offered)
        if request.method == .OPTIONS {
            let response = Response(status: .noContent)
            response.headers.replaceOrAdd(name: .allow, value: allow)
            return request.eventLoop.makeSucceededFuture(response)
        }
        let error = APIError(
            .methodNotAllowed, code: "method_not_allowed", field: nil,
            "\(method.prefix(20)) is not offered here; this path offers \(allow)")
        let response = Response(status: .methodNotAllowed)
        do {
            try response.content.encode(APIErrorBody(status: .methodNotAllowed, error: error), as: .json)
        } catch {
            return request.eventLoop.makeFailedFuture(error)
        }
        response.headers.replaceOrAdd(name: .allow, value: allow)
        return request.eventLoop.makeSucceededFuture(response)
    }
}
