import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Several `sitless serve` processes on one database (behind a proxy, say): nothing about
/// a signed-in person lives in one process. On SQLite always; on PostgreSQL when
/// DATABASE_URL is set (CI).
@Suite("Two server processes")
struct TwoServersTests {
    /// An HTTP client that does not follow redirects or keep cookies itself.
    final class Plain: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
        lazy var session: URLSession = {
            let config = URLSessionConfiguration.ephemeral
            config.httpCookieStorage = nil
            config.httpShouldSetCookies = false
            return URLSession(configuration: config, delegate: self, delegateQueue: nil)
        }()
        func urlSession(
            _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
            newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
        ) {
            completionHandler(nil)
        }
        func send(
            _ url: String, cookie: String? = nil, form: [String: String]? = nil
        ) async throws -> (Int, String, String?) {
            var request = URLRequest(url: URL(string: url)!)
            if let cookie { request.setValue("sitless-session=\(cookie)", forHTTPHeaderField: "Cookie") }
            if let form {
                request.httpMethod = "POST"
                request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
                var allowed = CharacterSet.alphanumerics
                allowed.insert(charactersIn: "-._~")
                request.httpBody = Data(
                    form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(
                        separator: "&"
                    ).utf8)
            }
            let (data, response) = try await session.data(for: request)
            let http = response as! HTTPURLResponse
            let setCookie = (http.value(forHTTPHeaderField: "Set-Cookie") ?? "").split(separator: ";").first
                .flatMap { $0.hasPrefix("sitless-session=") ? String($0.dropFirst("sitless-session=".count)) : nil }
            return (http.statusCode, String(decoding: data, as: UTF8.self), setCookie)
        }
    }

    static var databases: [String] {
        var names = ["sqlite"]
        if ProcessInfo.processInfo.environment["DATABASE_URL"]?.isEmpty == false { names.append("postgres") }
        return names
    }

    /// Starts `sitless serve` and waits (bounded) until /healthz answers.
    func start(db: String, port: Int, client: Plain) async throws -> Process {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["serve", "--port", String(port), "--db", db]
        process.environment = [
            "HOME": NSTemporaryDirectory(), "SITLESS_NOW": "2026-12-07T10:00:00+01:00", "LOG_LEVEL": "error",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<300 {
            if let (status, _, _) = try? await client.send("http://127.0.0.1:\(port)/healthz"), status == 200 {
                return process
            }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        process.terminate()
        throw CLIError(message: "sitless serve on port \(port) did not come up")
    }

    struct CLIError: Error { var message: String }

    @Test(
        "a session made through one process is valid in the other, and data written in one shows in the other",
        arguments: databases)
    func sharedSessions(_ database: String) async throws {
        // setup
        let db =
            database == "postgres"
            ? ProcessInfo.processInfo.environment["DATABASE_URL"]!
            : try CLI.temporaryDirectory().appendingPathComponent("shared.sqlite").path
        let client = Plain()
        let portA = Int.random(in: 20_000..<40_000)
        let portB = portA + 1
        let a = try await start(db: db, port: portA, client: client)
        defer {
            a.terminate()
            a.waitUntilExit()
        }
        let b = try await start(db: db, port: portB, client: client)
        defer {
            b.terminate()
            b.waitUntilExit()
        }

        // MUT: sign up through A
        let (_, page, first) = try await client.send("http://127.0.0.1:\(portA)/signup")
        let cookie = try #require(first)
        let start = try #require(page.range(of: "name=\"_csrf\" value=\""))
        let csrf = String(page[start.upperBound...].prefix { $0 != "\"" })
        let email = "two-\(UUID().uuidString.prefix(8))@example.com"
        let (status, _, rotated) = try await client.send(
            "http://127.0.0.1:\(portA)/signup", cookie: cookie,
            form: [
                "_csrf": csrf, "email": email, "password": "correct-horse-1",
                "confirm": "correct-horse-1", "timeZone": "Europe/Berlin",
            ])
        #expect(status == 303)
        let session = try #require(rotated)

        // validate: B knows the session (onboarding, not sign-in) and serves a form posted with A's CSRF token
        let (onB, onboarding, _) = try await client.send("http://127.0.0.1:\(portB)/onboarding", cookie: session)
        #expect(onB == 200, "\(onboarding.prefix(300))")
        #expect(onboarding.contains("name=\"timeZone\""))
        let token = String(
            onboarding[try #require(onboarding.range(of: "name=\"_csrf\" value=\"")).upperBound...].prefix {
                $0 != "\""
            })
        var fields = [
            "_csrf": token, "timeZone": "Europe/Berlin", "workHours": "mon-fri 09:00-17:00", "program": "glute-wake-up",
            "perWeek": "3", "day-mon": "on", "day-wed": "on", "day-fri": "on", "start": "2026-12-07",
        ]
        for id in [
            "persistent-numbness", "worsening-weakness", "bladder-bowel", "fall-or-injury", "night-pain",
            "systemic-signs", "cannot-bear-weight", "recent-surgery", "pregnancy", "heart-or-blood-pressure",
        ] { fields["q-\(id)"] = "no" }
        let (posted, _, _) = try await client.send(
            "http://127.0.0.1:\(portB)/onboarding", cookie: session, form: fields)
        #expect(posted == 303)
        // ... and A shows the Today page with the program chosen through B.
        let (today, body, _) = try await client.send("http://127.0.0.1:\(portA)/", cookie: session)
        #expect(today == 200)
        #expect(body.contains("Glute wake-up"))
        // Signing out through B ends the session in A too.
        let (_, settings, _) = try await client.send("http://127.0.0.1:\(portB)/settings", cookie: session)
        let signOutToken = String(
            settings[try #require(settings.range(of: "name=\"_csrf\" value=\"")).upperBound...].prefix { $0 != "\"" })
        #expect(
            try await client.send("http://127.0.0.1:\(portB)/signout", cookie: session, form: ["_csrf": signOutToken]).0
                == 303)
        let (after, _, _) = try await client.send("http://127.0.0.1:\(portA)/", cookie: session)
        #expect(after == 303)
    }
}
