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
    /// `schema` with the bounds the server enforces (and a description) stated.
    case bounded(Schema, Bounds)
    /// A value of `type` that meets at least one of `choices` (keywords only, no type of their
    /// own, so a null passes them when the whole is made nullable).
    case anyOf(type: String, [Bounds])

    static let uuid = Schema.bounded(.string(format: "uuid"), Bounds(pattern: APIPatterns.uuid))
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
            if let values = out["enum"] as? [String] { out["enum"] = values as [Any] + [NSNull()] }
            return out
        case .anyOf(let type, let choices):
            return ["type": type, "anyOf": choices.map(\.json)]
        case .bounded(let inner, let bounds):
            var out = inner.json
            var added = bounds.json
            // A description on top of one the inner schema has adds to it.
            if let text = bounds.description, let inner = out["description"] as? String { added["description"] = inner + "; " + text }
            out.merge(added) { $1 }
            return out
        }
    }

    /// The top-level keys a response must carry (for the conformance test).
    var requiredKeys: [String] {
        switch self {
        case .object(_, let required): required
        case .bounded(let inner, _): inner.requiredKeys
        default: []
        }
    }

    /// This schema with a description (added to the one it has).
    func described(_ text: String) -> Schema {
        if case .bounded(let inner, var bounds) = self {
            bounds.description = bounds.description.map { $0 + "; " + text } ?? text
            return .bounded(inner, bounds)
        }
        return .bounded(self, Bounds(description: text))
    }

    /// This schema, or null (a JSON `null` is read as the key being absent).
    var orNull: Schema { .nullable(self) }

    /// A whole number in `range`.
    static func integer(_ range: ClosedRange<Int>) -> Schema {
        .bounded(.integer, Bounds(minimum: Double(range.lowerBound), maximum: Double(range.upperBound)))
    }

    /// A whole number of at least `minimum`.
    static func integer(atLeast minimum: Int) -> Schema {
        .bounded(.integer, Bounds(minimum: Double(minimum)))
    }

    /// A number in `range`.
    static func number(_ range: ClosedRange<Double>) -> Schema {
        .bounded(.number, Bounds(minimum: range.lowerBound, maximum: range.upperBound))
    }

    /// Text matching `pattern` (ECMA-262, as JSON Schema reads it; anchored with ^...$).
    static func text(pattern: String) -> Schema {
        .bounded(.text, Bounds(pattern: pattern))
    }

    /// An array of `count` items.
    static func array(_ item: Schema, count: ClosedRange<Int>) -> Schema {
        .bounded(.array(item), Bounds(minItems: count.lowerBound, maxItems: count.upperBound == .max ? nil : count.upperBound))
    }
}

/// The JSON Schema keywords that bound a value: numbers, lengths, patterns, item counts.
struct Bounds: Sendable {
    var format: String? = nil
    var minimum: Double? = nil
    var maximum: Double? = nil
    var minLength: Int? = nil
    var maxLength: Int? = nil
    var pattern: String? = nil
    var minItems: Int? = nil
    var maxItems: Int? = nil
    var description: String? = nil

    var json: [String: Any] {
        var out: [String: Any] = [:]
        // Whole bounds are written as integers: `1`, not `1.0`.
        func number(_ value: Double) -> Any { Int(exactly: value) ?? value }
        if let format { out["format"] = format }
        if let minimum { out["minimum"] = number(minimum) }
        if let maximum { out["maximum"] = number(maximum) }
        if let minLength { out["minLength"] = minLength }
        if let maxLength { out["maxLength"] = maxLength }
        if let pattern { out["pattern"] = pattern }
        if let minItems { out["minItems"] = minItems }
        if let maxItems { out["maxItems"] = maxItems }
        if let description { out["description"] = description }
        return out
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
        if body != nil {
            // Not JSON; a JSON body sent as another media type; larger than the route collects.
            all[400] = error
            all[415] = error
            all[413] = error
        }
        if rawBody { all[413] = error }
        all[500] = error
        return all
    }
}

enum OpenAPIDocument {
    static func build(_ operations: [APIOperation], schemas: [String: Schema]) -> [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for op in operations {
            var operation: [String: Any] = ["operationId": op.id, "summary": op.summary, "tags": [op.tag]]
            var parameters: [[String: Any]] = op.pathParameters.map { name in
                let (schema, description) = pathParameter(name, of: op)
                return ["name": name, "in": "path", "required": true, "schema": schema.json, "description": description]
            }
            parameters += op.query.map { ["name": $0.name, "in": "query", "required": $0.required, "schema": $0.schema.json, "description": $0.description] }
            if !parameters.isEmpty { operation["parameters"] = parameters }
            if let body = op.body {
                operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": body.json]]]
            } else if op.rawBody {
                // The bytes of the file; an empty body answers 422.
                operation["requestBody"] = ["required": true, "content": ["application/octet-stream": ["schema": [
                    "type": "string", "contentMediaType": "application/octet-stream", "minLength": 1]]]]
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
                     "description": "Everything the SitLess web app does, as JSON. Authenticate with a personal access token (Settings -> API tokens) as `Authorization: Bearer sl_...`. Errors are `{\"error\": {\"code\", \"message\", \"field\"}}`: 422 names the field that breaks a rule (each request schema states its bounds, and its descriptions the rules across fields), 400 a body that is not JSON, 415 a JSON body sent as another media type than application/json, 405 (with `Allow`) a method a path does not offer. Lists take `limit` (1-200, default 50) and `cursor` (the previous page's `nextCursor`)."],
            "servers": [["url": "/"]],
            "security": [["bearer": [String]()]],
            "paths": paths,
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer", "description": "A personal access token, sl_..."]],
                "schemas": schemas.mapValues(\.json),
            ],
        ]
    }

    /// A path parameter's schema: `{user}` is `me` or a user id, the catalog's ids are
    /// words, every other id a UUID (anything else answers 404, as an unknown id does).
    static func pathParameter(_ name: String, of op: APIOperation) -> (Schema, String) {
        if name == "user" {
            return (.text(pattern: "^(?:me|" + APIPatterns.uuid.dropFirst().dropLast() + ")$"),
                    "`me` or a user id (a clinician may read their members' data)")
        }
        if name == "index" { return (.integer(atLeast: 0), "the item's `index` in the session's `items` (from 0)") }
        if op.path.hasPrefix("/exercises/") || op.path.hasPrefix("/programs/") { return (.text, "an id from the library") }
        return (.uuid, "an id")
    }

    static func contentType(_ op: APIOperation, _ status: Int) -> String {
        if op.id == "exportArchive" && status == 200 { return "application/x-tar" }
        if op.id == "calendarFeed" && status == 200 { return "text/calendar" }
        return "application/json"
    }
}
