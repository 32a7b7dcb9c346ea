import Foundation
import OpenAPIRuntime
import OpenAPIVapor
import SitLessAPI
import SitLessCore
import SitLessStore
import Vapor

/// The JSON API: implements the protocol swift-openapi-generator makes from `openapi.yaml`
/// (SitLessAPI). One file per tag (`APIServer+Sitting.swift`, ...). Each handler reaches the
/// Vapor request it serves (the store, the signed-in token's person, the clock) through
/// `APIServer.request`, which `APIRequestScope` sets for the handler's task.
struct APIServer: APIProtocol {
    @TaskLocal static var current: Request?

    /// The request being served (set by `APIRequestScope` around every API route).
    static var request: Request {
        get throws {
            guard let current else {
                throw Abort(.internalServerError, reason: "an API handler ran outside its request")
            }
            return current
        }
    }

    /// Registers every operation of the document under /api/v1 (a token required), the
    /// document itself, and the 405 answer for a method a path does not offer.
    /// Answers are compact JSON with sorted keys: the generator's default also pretty-prints,
    /// which lengthens every answer with indentation that no program reading it needs.
    static func register(_ app: Application) throws {
        app.middleware.use(MethodNotAllowedMiddleware(document: APIDocumentServing.paths))
        app.get("api", "openapi.json", use: APIDocumentServing.json)
        app.get("api", "openapi.yaml", use: APIDocumentServing.yaml)
        let routes = app.grouped(APIRequestScope(), BearerTokenAuthenticator(), RequireToken())
        try APIServer().registerHandlers(
            on: VaporTransport(routesBuilder: routes), serverURL: URL(string: "/api/v1")!,
            configuration: Configuration(jsonEncodingOptions: [.sortedKeys]), middlewares: [APIBodyLimits()])
    }

    // MARK: Shared by the handlers

    /// The person in the path, when the caller may read (or, with `write`, change) their data:
    /// `me`, yourself by id, or (reading) one of your members. Anyone else is 404.
    static func subject(_ user: String, write: Bool = false) async throws -> Account {
        let req = try request
        return try await subject(req, user, write: write)
    }

    static func subject(_ req: Request, _ text: String, write: Bool) async throws -> Account {
        let viewer = try req.user
        if text == "me" { return viewer }
        guard let id = UUID(uuidString: text) else { throw APIError.notFound }
        if id == viewer.id { return viewer }
        guard try await req.store.canSee(viewer: viewer.id, subject: id), let person = try await req.store.user(id: id)
        else {
            throw APIError.notFound
        }
        if write {
            throw APIError(
                .forbidden, code: "forbidden", field: nil, "only \(person.displayName) can change their own data")
        }
        return person
    }

    /// A path id: a UUID, else nothing there (404).
    static func id(_ text: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else { throw APIError.notFound }
        return id
    }

    /// `limit`: 1 to 200, default 50.
    static func limit(_ value: Int?) throws -> Int {
        guard let value else { return 50 }
        guard (1...200).contains(value) else {
            throw APIError.field("limit", "must be a whole number from 1 to 200, got \(value)")
        }
        return value
    }

    static let badCursor = APIError.field("cursor", "is not a cursor this API gave out; start again without it")

    /// Cursors are opaque to clients: "seconds|uuid" in base64url.
    static func cursor(_ text: String?) throws -> (Date, UUID)? {
        guard let text else { return nil }
        var base = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base.count % 4 != 0 { base += "=" }
        guard let data = Data(base64Encoded: base), let raw = String(data: data, encoding: .utf8) else {
            throw badCursor
        }
        let parts = raw.split(separator: "|")
        guard parts.count == 2, let seconds = Double(parts[0]), let id = UUID(uuidString: String(parts[1])) else {
            throw badCursor
        }
        return (Date(timeIntervalSince1970: seconds), id)
    }

    static func makeCursor(_ date: Date, _ id: UUID) -> String {
        Data("\(date.timeIntervalSince1970)|\(id.uuidString)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(
                of: "=", with: "")
    }

    /// A day that a plan, schedule or report may use: up to ten years after today.
    static func day(_ value: APIDay?, field: String, today: LocalDate) throws -> LocalDate? {
        guard let value else { return nil }
        try TimeBounds.check(value.day, today: today, field: field)
        return value.day
    }

    /// The `Idempotency-Key` header: a retried request with the same key returns what the
    /// first one made instead of making it again. 1 to 255 visible ASCII characters.
    static func idempotencyKey(_ req: Request) throws -> String? {
        guard let key = req.headers.first(name: "Idempotency-Key") else { return nil }
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw APIError.field("Idempotency-Key", "must be 1 to 255 visible ASCII characters, such as a UUID")
        }
        return key
    }

    /// One of the person's rows named by a path id (`read` is scoped to them), or 404: another
    /// person's id reads as missing.
    static func owned<T: Sendable>(_ id: String, _ read: (UUID) async throws -> T?) async throws -> T {
        guard let value = try await read(try self.id(id)) else { throw APIError.notFound }
        return value
    }
}

/// The document's error shape for the generated handlers' failures: a `ServerError` from the
/// generated code (a body or parameter it could not read) becomes the `APIError` naming the
/// field; a handler's own error passes through as it was thrown.
struct APIRequestScope: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            let response = try await APIServer.$current.withValue(request) { try await next.respond(to: request) }
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            return response
        } catch let error as ServerError {
            throw APIFailure.translate(error)
        }
    }
}

enum APIFailure {
    static func translate(_ error: ServerError) -> any Error {
        let underlying = error.underlyingError
        // First: Vapor makes every DecodingError an AbortError (400, no field).
        if let decoding = underlying as? DecodingError {
            // A parameter's error has no coding path: the document says which one is wrong
            // (parameters are read before the body, so a wrong one is the cause).
            if codingPath(decoding).isEmpty,
                let (name, problem) = APIDocumentServing.wrongParameter(
                    error.operationID, query: URLComponents(string: error.request.path ?? "")?.queryItems ?? [],
                    path: error.requestMetadata.pathParameters)
            {
                return APIError.field(name, problem)
            }
            return translate(decoding)
        }
        if underlying is APIError || underlying is InvalidEntry || underlying is any AbortError { return underlying }
        // The generator's own checks, by the status the runtime gives them: an Accept header
        // that allows none of the answer's types (406), a body type it does not take (415),
        // a header, parameter or body it cannot read (400).
        switch error.httpStatus.code {
        case 406:
            return APIError(
                .notAcceptable, code: "not_acceptable", field: "Accept",
                "this operation answers application/json (an export: application/x-tar); allow that in Accept, or "
                    + "send none"
            )
        case 415:
            return APIError(
                .unsupportedMediaType, code: "unsupported_media_type", field: "Content-Type",
                "send the body as application/json")
        case 400:
            return APIError(
                .badRequest, code: "bad_request", field: nil, "the request could not be read: \(error.causeDescription)"
            )
        default:
            return APIError(
                .unprocessableEntity, code: "invalid_field", field: nil,
                "the request could not be read: \(error.causeDescription)")
        }
    }

    static func translate(_ error: DecodingError) -> APIError {
        switch error {
        case .keyNotFound(let key, let context):
            return APIError.field(path(context.codingPath + [key]), "is required")
        case .typeMismatch(let type, let context):
            return APIError.field(path(context.codingPath), "must be \(typeName(type))")
        case .valueNotFound(let type, let context):
            return APIError.field(path(context.codingPath), "must be \(typeName(type)), not null")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return APIError(.badRequest, code: "bad_json", field: "body", "the body is not valid JSON")
            }
            let text = context.debugDescription.hasPrefix("must ") ? context.debugDescription : "has an invalid value"
            return APIError.field(path(context.codingPath), text)
        @unknown default:
            return APIError.field("body", "could not be read")
        }
    }

    static func codingPath(_ error: DecodingError) -> [any CodingKey] {
        switch error {
        case .keyNotFound(_, let context), .typeMismatch(_, let context), .valueNotFound(_, let context),
            .dataCorrupted(let context):
            context.codingPath
        @unknown default: []
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        let text = keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            .replacingOccurrences(of: ".[", with: "[")
        return text.isEmpty ? "body" : text
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: "a whole number"
        case is Double.Type: "a number"
        case is String.Type: "text"
        case is Bool.Type: "true or false"
        case is Date.Type: "an ISO 8601 date-time"
        default: "of another type"
        }
    }
}
