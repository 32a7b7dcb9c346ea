import Foundation
import HTTPTypes
import OpenAPIRuntime
import SitLessAPI
import Vapor
import Yams

/// `openapi.yaml`, the generator's input, as the server reads it at start: served as it is
/// (`/api/openapi.yaml`) and as JSON (`/api/openapi.json`), and read for what the routes
/// need beyond the generated code (the methods each path offers, which operations take JSON).
enum APIDocumentServing {
    struct Parsed: Sendable {
        /// Path under /api/v1 (`/users/{user}/bouts`) -> methods offered (`GET`, `POST`).
        var paths: [String: Set<String>]
        /// Operation ids whose request body is `application/json`.
        var jsonBodies: Set<String>
        /// Operation id -> its path and query parameters, in the document's order.
        var parameters: [String: [Parameter]]
        var json: Data
    }

    static let parsed: Parsed = {
        do {
            guard let text = String(data: APIDocument.yaml, encoding: .utf8),
                let document = try Yams.load(yaml: text) as? [String: Any],
                let paths = document["paths"] as? [String: [String: Any]]
            else {
                preconditionFailure("openapi.yaml is not an OpenAPI document")
            }
            var methods: [String: Set<String>] = [:]
            var jsonBodies: Set<String> = []
            var parameters: [String: [Parameter]] = [:]
            let components = document["components"] as? [String: Any]
            func resolve(_ value: Any?, in section: String) -> [String: Any]? {
                guard let object = value as? [String: Any] else { return nil }
                guard let ref = object["$ref"] as? String else { return object }
                let name = ref.split(separator: "/").last.map(String.init) ?? ""
                return (components?[section] as? [String: Any])?[name] as? [String: Any]
            }
            for (path, item) in paths {
                for (method, value) in item {
                    guard let operation = value as? [String: Any], let id = operation["operationId"] as? String else {
                        continue
                    }
                    methods[path, default: []].insert(method.uppercased())
                    let content = (operation["requestBody"] as? [String: Any])?["content"] as? [String: Any]
                    if content?["application/json"] != nil { jsonBodies.insert(id) }
                    parameters[id] = (operation["parameters"] as? [Any] ?? []).compactMap { value in
                        guard let p = resolve(value, in: "parameters"), let name = p["name"] as? String,
                            let place = p["in"] as? String
                        else { return nil }
                        let ref = ((p["schema"] as? [String: Any])?["$ref"] as? String)?.split(separator: "/").last.map(
                            String.init)
                        let schema = resolve(p["schema"], in: "schemas") ?? [:]
                        return Parameter(
                            name: name, location: place, type: ref ?? (schema["type"] as? String) ?? "string",
                            values: schema["enum"] as? [String])
                    }
                }
            }
            let json = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])
            return Parsed(paths: methods, jsonBodies: jsonBodies, parameters: parameters, json: json)
        } catch {
            preconditionFailure("openapi.yaml cannot be read: \(error)")
        }
    }()

    /// A path or query parameter as the document states it: enough to say which one a
    /// request got wrong (the generated code's own error does not name it).
    struct Parameter: Sendable {
        var name: String
        var location: String
        /// `integer`, `boolean`, `string`, or the name of the schema it refers to (`Instant`).
        var type: String
        var values: [String]?

        /// What is wrong with `text` as this parameter, or `nil` when it reads.
        func problem(_ text: String) -> String? {
            switch type {
            case "integer": return Int(text) == nil ? "must be a whole number, got '\(text.prefix(40))'" : nil
            case "boolean":
                return text == "true" || text == "false" ? nil : "must be true or false, got '\(text.prefix(40))'"
            case "Instant", "NullableInstant":
                return APIInstant(text: text) == nil
                    ? "must be an RFC 3339 date-time like 2026-12-07T09:00:00Z, between 2000-01-01 and 2100-01-01" : nil
            case "CalendarDay":
                return APIDay(text: text) == nil ? "must be a day like 2026-12-07, from 2000-01-01 to 2099-12-31" : nil
            default:
                guard let values, !values.contains(text) else { return nil }
                return "must be one of \(values.joined(separator: ", ")), got '\(text.prefix(40))'"
            }
        }
    }

    /// The first parameter of `operationID` that `query` or `path` gets wrong, with what is wrong.
    static func wrongParameter(
        _ operationID: String, query: [URLQueryItem], path: [String: Substring]
    ) -> (String, String)? {
        for parameter in parsed.parameters[operationID] ?? [] {
            let text =
                parameter.location == "query"
                ? query.first { $0.name == parameter.name }?.value : path[parameter.name].map(String.init)
            if let text, let problem = parameter.problem(text) { return (parameter.name, problem) }
        }
        return nil
    }

    /// Every path with its methods, as the 405 middleware wants them (the API's under
    /// /api/v1, and the documents).
    static var paths: [String: Set<String>] {
        var all = ["/api/openapi.json": Set(["GET"]), "/api/openapi.yaml": Set(["GET"])]
        for (path, methods) in parsed.paths { all["/api/v1" + path] = methods }
        return all
    }

    static func json(_ req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(data: parsed.json))
        response.headers.contentType = .json
        return response
    }

    static func yaml(_ req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(data: APIDocument.yaml))
        response.headers.replaceOrAdd(name: .contentType, value: "application/yaml; charset=utf-8")
        return response
    }
}

/// Request bodies, bounded before the generated code reads them (it would collect any size):
/// a JSON body must say it is JSON (415) and be at most 1 MB (413); an archive import at most
/// `YourData.archiveLimit`. A wearable upload streams to disk with its own limit.
struct APIBodyLimits: ServerMiddleware {
    static let jsonLimit = 1 << 20

    func intercept(
        _ request: HTTPTypes.HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next:
            @Sendable (HTTPTypes.HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (
                HTTPTypes.HTTPResponse, HTTPBody?
            )
    )
        async throws -> (HTTPTypes.HTTPResponse, HTTPBody?)
    {
        let limit: Int
        if APIDocumentServing.parsed.jsonBodies.contains(operationID) {
            // A body sent as text/plain or without a type is not read as JSON by guesswork: a
            // cross-site form can send text/plain without asking the browser's permission.
            let type = request.headerFields[.contentType]?.lowercased() ?? ""
            let media = type.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard media == "application/json" else {
                throw APIError(
                    .unsupportedMediaType, code: "unsupported_media_type", field: "Content-Type",
                    "send the body as application/json, not \(type.isEmpty ? "without a Content-Type" : type)")
            }
            limit = Self.jsonLimit
        } else if operationID == "importArchive" {
            limit = YourData.archiveLimit
        } else {
            return try await next(request, body, metadata)
        }
        guard let body else { return try await next(request, nil, metadata) }
        let tooLarge = APIError(
            .payloadTooLarge, code: "too_large", field: "body", "the body is larger than \(limit / 1024) KB")
        if case .known(let length) = body.length, length > limit { throw tooLarge }
        var data = Data()
        for try await chunk in body {
            guard data.count + chunk.count <= limit else { throw tooLarge }
            data.append(contentsOf: chunk)
        }
        guard !data.isEmpty else {
            throw APIError.field(
                "body",
                operationID == "importArchive" ? "send the .tar export as the request body" : "send a JSON object")
        }
        return try await next(request, HTTPBody(data), metadata)
    }
}
