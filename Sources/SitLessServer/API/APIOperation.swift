import Foundation
import Vapor

/// A JSON Schema (the subset the API document uses).
indirect enum Schema: Sendable {
    case string(format: String? = nil, values: [String]? = nil)
    case integer
    case number
    case boolean
    case array(Schema)
    case object([String: Schema], required: [String])
    /// Free-form object (a map of strings, say).
    case map(Schema)
    case ref(String)
    case nullable(Schema)

    static let uuid = Schema.string(format: "uuid")
    static let dateTime = Schema.string(format: "date-time")
    static let date = Schema.string(format: "date")
    static let text = Schema.string()

    var json: [String: Any] {
        switch self {
        case .string(let format, let values):
            var out: [String: Any] = ["type": "string"]
            if let format { out["format"] = format }
            if let values { out["enum"] = values }
            return out
        case .integer: return ["type": "integer"]
        case .number: return ["type": "number"]
        case .boolean: return ["type": "boolean"]
        case .array(let item): return ["type": "array", "items": item.json]
        case .object(let properties, let required):
            return ["type": "object", "properties": properties.mapValues(\.json), "required": required.sorted()]
        case .map(let value): return ["type": "object", "additionalProperties": value.json]
        case .ref(let name): return ["$ref": "#/components/schemas/\(name)"]
        case .nullable(let inner):
            // OpenAPI 3.1 (JSON Schema 2020-12): a union with null.
            if case .ref = inner { return ["oneOf": [inner.json, ["type": "null"]]] }
            var out = inner.json
            if let type = out["type"] as? String { out["type"] = [type, "null"] }
            return out
        }
    }

    /// The top-level keys a response must carry (for the conformance test).
    var requiredKeys: [String] {
        if case .object(_, let required) = self { return required }
        return []
    }
}

/// A query parameter.
struct QueryParameter: Sendable {
    var name: String
    var schema: Schema
    var description: String
    var required = false
}

/// One API operation: how it is routed, what it answers, and how it is documented. The
/// routes and the OpenAPI document are both made from the same list, so they cannot drift.
struct APIOperation: Sendable {
    var method: HTTPMethod
    /// Path below /api/v1 with `{name}` parameters, e.g. `/users/{user}/bouts`.
    var path: String
    var id: String
    var tag: String
    var summary: String
    var query: [QueryParameter] = []
    var body: Schema? = nil
    /// Request body is a raw file (an upload), streamed.
    var rawBody = false
    /// Status code -> response schema (nil: no body).
    var responses: [Int: Schema?]
    var authenticated = true
    var handler: @Sendable (Request) async throws -> Response

    var pathParameters: [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
    }

    /// Every status the operation may answer, errors included.
    var statuses: [Int: Schema?] {
        var all = responses
        let error: Schema? = .ref("Error")
        if authenticated { all[401] = error }
        if !pathParameters.isEmpty { all[404] = error }
        if body != nil || rawBody || !query.isEmpty || !pathParameters.isEmpty { all[422] = error }
        if body != nil { all[400] = error }
        all[500] = error
        return all
    }
}

enum OpenAPIDocument {
    static func build(_ operations: [APIOperation], schemas: [String: Schema]) -> [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for op in operations {
            var operation: [String: Any] = ["operationId": op.id, "summary": op.summary, "tags": [op.tag]]
            var parameters: [[String: Any]] = op.pathParameters.map {
                ["name": $0, "in": "path", "required": true, "schema": ["type": "string"],
                 "description": $0 == "user" ? "`me` or a user id (a clinician may read their members' data)" : "an id"]
            }
            parameters += op.query.map { ["name": $0.name, "in": "query", "required": $0.required, "schema": $0.schema.json, "description": $0.description] }
            if !parameters.isEmpty { operation["parameters"] = parameters }
            if let body = op.body {
                operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": body.json]]]
            } else if op.rawBody {
                operation["requestBody"] = ["required": true, "content": ["application/octet-stream": ["schema": ["type": "string", "contentMediaType": "application/octet-stream"]]]]
            }
            var responses: [String: Any] = [:]
            for (status, schema) in op.statuses {
                var response: [String: Any] = ["description": HTTPResponseStatus(statusCode: status).reasonPhrase]
                if let schema { response["content"] = [contentType(op, status): ["schema": schema.json]] }
                responses[String(status)] = response
            }
            operation["responses"] = responses
            if !op.authenticated { operation["security"] = [[String: Any]]() }
            paths["/api/v1" + op.path, default: [:]][op.method.rawValue.lowercased()] = operation
        }
        return [
            "openapi": "3.1.0",
            "info": ["title": "SitLess API", "version": "1.0.0",
                     "description": "Everything the SitLess web app does, as JSON. Authenticate with a personal access token (Settings -> API tokens) as `Authorization: Bearer sl_...`. Errors are `{\"error\": {\"code\", \"message\", \"field\"}}`. Lists take `limit` (1-200, default 50) and `cursor` (the previous page's `nextCursor`)."],
            "servers": [["url": "/"]],
            "security": [["bearer": [String]()]],
            "paths": paths,
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer", "description": "A personal access token, sl_..."]],
                "schemas": schemas.mapValues(\.json),
            ],
        ]
    }

    static func contentType(_ op: APIOperation, _ status: Int) -> String {
        if op.id == "exportArchive" && status == 200 { return "application/x-tar" }
        if op.id == "calendarFeed" && status == 200 { return "text/calendar" }
        return "application/json"
    }
}
