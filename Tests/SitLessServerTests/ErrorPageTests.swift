import Foundation
import SitLessServer
import Testing
import Vapor
import VaporTesting

/// Browsers get pages in the site's layout for every error; the API keeps JSON.
@Suite("Error pages")
struct ErrorPageTests {
    /// What Chromium and Firefox send for a page: `*/*` matches JSON by Vapor's wildcard rules.
    static let browserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"

    static func get(
        _ app: Application, _ path: String, accept: String?, cookie: String? = nil
    ) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let accept { headers.add(name: .accept, value: accept) }
        if let cookie { headers.add(name: .cookie, value: "sitless-session=\(cookie)") }
        var result: TestingHTTPResponse!
        try await app.testing().test(.GET, path, headers: headers) { result = $0 }
        return result
    }

    @Test("a mistyped address is an HTML page with a title and a language, for a browser and for curl")
    func mistyped() async throws {
        try await TestServer.run("sqlite") { app in
            let ana = try await TestServer.signUp(app)
            for accept in [Self.browserAccept, "*/*", nil] {
                // Signed out, /library/… asks to sign in first: a path no route has instead.
                for (path, cookie) in [("/library/nope", ana.cookie), ("/librar/nope", nil)] {
                    let res = try await Self.get(app, path, accept: accept, cookie: cookie)
                    #expect(res.status == .notFound)
                    #expect(res.headers.contentType?.subType == "html", "\(accept ?? "no Accept"): \(res.body.string)")
                    #expect(res.body.string.contains("<html lang=\"en\">"))
                    #expect(res.body.string.contains("<title>Not found · SitLess</title>"))
                    #expect(!res.body.string.contains("{\"error\""))
                }
            }
            // A path that only takes POST, revisited with a GET (a reload, a bookmark).
            let sessions = try await Self.get(app, "/sessions", accept: Self.browserAccept, cookie: ana.cookie)
            #expect(sessions.status == .notFound)
            #expect(sessions.body.string.contains("<title>Not found · SitLess</title>"))
        }
    }

    @Test("reloading the page that showed a new token or calendar link leads back to Settings")
    func reloadAfterToken() async throws {
        try await TestServer.run("sqlite") { app in
            let ana = try await TestServer.signUp(app)
            try await ana.get("/settings")
            let made = try await ana.post("/settings/tokens", ["name": "Laptop"])
            #expect(made.status == .ok)
            #expect(made.body.string.contains("sl_"))
            for path in ["/settings/tokens", "/settings/calendar"] {
                let again = try await Self.get(app, path, accept: Self.browserAccept, cookie: ana.cookie)
                #expect(again.status == .seeOther)
                #expect(again.headers.first(name: .location) == "/settings")
            }
            // A form from elsewhere (no CSRF token) is refused with a page, not JSON.
            var headers = HTTPHeaders()
            headers.add(name: .accept, value: Self.browserAccept)
            headers.add(name: .cookie, value: "sitless-session=\(ana.cookie!)")
            try await app.testing().test(
                .POST, "/settings/tokens", headers: headers,
                beforeRequest: { req in
                    try req.content.encode(["name": "x"], as: .urlEncodedForm)
                }
            ) { res in
                #expect(res.status == .forbidden)
                #expect(res.body.string.contains("<html lang=\"en\">"))
                #expect(res.body.string.contains("This form has expired or did not come from SitLess."))
            }
        }
    }

    @Test("the API keeps JSON errors, and so does a client that asks for JSON by name")
    func apiJSON() async throws {
        try await TestServer.run("sqlite") { app in
            for accept in [Self.browserAccept, "*/*", nil] {
                let res = try await Self.get(app, "/api/v1/nope", accept: accept)
                #expect(res.status == .notFound || res.status == .unauthorized)
                #expect(res.headers.contentType == .json)
                #expect(res.body.string.hasPrefix("{\"error\""))
            }
            let asked = try await Self.get(app, "/librar/nope", accept: "application/json")
            #expect(asked.headers.contentType == .json)
            #expect(asked.body.string.contains("\"code\":\"not_found\""))
        }
    }
}
