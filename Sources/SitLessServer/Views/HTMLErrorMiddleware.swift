import Foundation
import Vapor

/// Errors as a readable page (or JSON for API clients), never a stack trace. Pages throw
/// `PageError` (their heading and sentence are shown as given), the API `APIError`; any other
/// `AbortError` (a `StoreError`, an `InvalidEntry`) shows its reason, anything else a 500.
struct HTMLErrorMiddleware: Middleware {
    let environment: Environment

    struct Model: Encodable, Sendable {
        var status: Int
        var heading: String
        var message: String
    }

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).flatMapError { error in
            request.eventLoop.makeFutureWithTask { try await errorResponse(error, for: request) }
        }
    }

    /// JSON for the API's paths and for clients that ask for JSON by name and not for HTML.
    /// Not `accept.mediaTypes.contains(.json)`: Vapor's media types match wildcards, so a
    /// browser's `*/*;q=0.8` (and curl's `*/*`) would count as asking for JSON, and people
    /// got `{"error":…}` for a mistyped address or a reloaded page.
    static func wantsJSON(_ request: Request) -> Bool {
        if request.url.path.hasPrefix("/api/") { return true }
        let named = request.headers.accept.mediaTypes.map { ($0.type.lowercased(), $0.subType.lowercased()) }
        return named.contains { $0 == ("application", "json") } && !named.contains { $0 == ("text", "html") }
    }

    private func errorResponse(_ error: any Error, for request: Request) async throws -> Response {
        let status: HTTPStatus
        let message: String
        if let abort = error as? any AbortError, abort.status != .internalServerError {
            status = abort.status
            message = abort.reason
        } else {
            status = .internalServerError
            message = "Something went wrong on our side. Your data is safe; please try again."
            request.logger.error("\(String(reflecting: error))")
        }
        let heading =
            (error as? PageError)?.heading
            ?? (status == .notFound ? "Not found" : status == .forbidden ? "Not allowed" : status.reasonPhrase)
        if HTMLErrorMiddleware.wantsJSON(request) {
            let response = Response(status: status)
            try response.content.encode(APIErrorBody(status: status, error: error), as: .json)
            if status == .unauthorized { response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer") }
            return response
        }
        let model = Model(
            status: Int(status.code), heading: heading,
            message: status == .notFound && (error as? PageError)?.heading == nil
                ? "There is nothing here, or it is not yours to see." : message)
        do {
            return try await Page(template: "error", title: heading, model: model, status: status).encodeResponse(
                for: request)
        } catch {
            request.logger.error("cannot render the error page: \(String(reflecting: error))")
            let response = Response(status: status, body: .init(string: "\(heading): \(model.message)"))
            response.headers.contentType = .plainText
            return response
        }
    }
}
