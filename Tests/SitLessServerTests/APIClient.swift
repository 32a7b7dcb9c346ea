import Foundation
import NIOCore
import SitLessServer
import Testing
import Vapor
import VaporTesting

/// A program using the API with a personal access token (or none). `typed` is the client
/// generated from openapi.yaml (`InMemoryTransport`), for every request the document allows;
/// the raw calls here are for what a generated client cannot send: malformed bodies, wrong
/// types, hostile sizes (`HardeningTests`, `APITests.errorsNameTheField`), the document's own
/// checks (`OpenAPITests`) and the access matrix's probes of every path with every person.
struct APIClient: Sendable {
    let app: Application
    let token: String?

    struct Reply: @unchecked Sendable {
        var status: HTTPStatus
        var headers: HTTPHeaders
        var body: String
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(body.utf8)) }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
        var items: [[String: Any]] { object["items"] as? [[String: Any]] ?? [] }
        var errorField: String? { (object["error"] as? [String: Any])?["field"] as? String }
        var errorMessage: String? { (object["error"] as? [String: Any])?["message"] as? String }
    }

    @discardableResult
    /// `raw` is sent as `contentType` (application/octet-stream unless given; nil sends none).
    func call(
        _ method: HTTPMethod, _ path: String, json body: [String: Any]? = nil, raw: String? = nil,
        contentType: String? = "application/octet-stream", headers extra: [String: String] = [:]
    ) async throws -> Reply {
        var headers = HTTPHeaders()
        if let token { headers.add(name: .authorization, value: "Bearer \(token)") }
        for (name, value) in extra { headers.add(name: name, value: value) }
        var buffer: ByteBuffer?
        if let body {
            headers.contentType = .json
            buffer = ByteBuffer(data: try JSONSerialization.data(withJSONObject: body))
        } else if let raw {
            if let contentType { headers.replaceOrAdd(name: .contentType, value: contentType) }
            buffer = ByteBuffer(string: raw)
        }
        var reply: Reply!
        try await app.testing().test(method, path, headers: headers, body: buffer) { res in
            reply = Reply(status: res.status, headers: res.headers, body: res.body.string)
        }
        return reply
    }

    func get(_ path: String) async throws -> Reply { try await call(.GET, path) }
    func post(_ path: String, _ body: [String: Any]? = nil) async throws -> Reply {
        try await call(.POST, path, json: body)
    }

    /// Makes a token on the Settings page, as a person would, and returns a client using it.
    static func forBrowser(_ browser: Browser, name: String = "tests") async throws -> APIClient {
        try await browser.get("/settings")
        let page = try await browser.post("/settings/tokens", ["name": name]).body.string
        let start = try #require(page.range(of: "<code id=\"new-token\">"))
        let rest = page[start.upperBound...]
        let token = String(rest[..<rest.firstIndex(of: "<")!])
        #expect(token.hasPrefix("sl_"))
        return APIClient(app: browser.app, token: token)
    }
}
