import Foundation
import SitLessCore
import Vapor

/// An API error: a stable `code` for programs, a `message` for people, and the `field`
/// (query parameter, JSON key or "body") that was wrong, when one was.
struct APIError: AbortError {
    var status: HTTPResponseStatus
    var code: String
    var field: String?
    var message: String

    init(_ status: HTTPResponseStatus, code: String, field: String?, _ message: String) {
        self.status = status
        self.code = code
        self.field = field
        self.message = message
    }

    var reason: String { message }

    /// A request field that is missing or wrong.
    static func field(_ name: String, _ message: String) -> APIError {
        APIError(.unprocessableEntity, code: "invalid_field", field: name, "\(name): \(message)")
    }

    static let notFound = APIError(
        .notFound, code: "not_found", field: nil, "there is nothing here, or it is not yours to see")
}

/// Core's rules reject input with an `InvalidEntry`: 422 naming the field, for the API and
/// the web pages alike (forms that can show it beside the field catch it first).
extension InvalidEntry: AbortError {
    public var status: HTTPResponseStatus { .unprocessableEntity }
    public var reason: String { description }
}

/// The body of every API error response: `{"error": {"code", "message", "field"}}`.
struct APIErrorBody: Content {
    struct Detail: Content {
        var code: String
        var message: String
        var field: String?
    }
    var error: Detail

    init(status: HTTPResponseStatus, error: any Error) {
        if let api = error as? APIError {
            self.error = Detail(code: api.code, message: api.message, field: api.field)
            return
        }
        if let invalid = error as? InvalidEntry {
            self.error = Detail(code: "invalid_field", message: invalid.description, field: invalid.field)
            return
        }
        let message =
            (error as? any AbortError)?.reason
            ?? "something went wrong on our side; your data is safe, please try again"
        let code: String =
            switch status.code {
            case 400: "bad_request"
            case 401: "unauthorized"
            case 403: "forbidden"
            case 404: "not_found"
            case 405: "method_not_allowed"
            case 409: "conflict"
            case 413: "too_large"
            case 415: "unsupported_media_type"
            case 422: "invalid_field"
            case 429: "rate_limited"
            default: status.code >= 500 ? "internal" : "error"
            }
        self.error = Detail(code: code, message: message, field: nil)
    }
}
