import Foundation
import SitLessCore
import SitLessServer
import Testing
import Vapor
import VaporTesting

@testable import SitLessStore

/// What an attacker or a careless client tried, and what the server does now (issue 12).
@Suite("Hardening")
struct HardeningTests {
    @Test(
        "a presence from 1526 is refused; one already stored costs a read no more than a day's bouts",
        arguments: TestServer.databases)
    func ancientPresence(_ db: String) async throws {
        try await TestServer.run(db) { app in
            // setup
            let ana = try await TestServer.signUp(app)
            let api = try await APIClient.forBrowser(ana)

            // MUT: the request from the report
            let stall = try await api.post(
                "/api/v1/users/me/presence",
                ["start": "1526-12-01T00:00:00Z", "end": "2026-12-07T08:00:00Z", "open": true])
            // validate
            #expect(stall.status == .unprocessableEntity)
            #expect(stall.errorField == "start")
            #expect(stall.errorMessage?.contains("between 2000-01-01 and 2100-01-01") == true, "\(stall.body)")

            // A row stored before the rule existed: an open desktop bout from 1526.
            let me = try #require(try await api.get("/api/v1/users/me").object["id"] as? String).flatMap(
                UUID.init(uuidString:))
            let userID = try #require(me)
            let ancient = try #require(InstantParsing.iso8601("1526-12-01T00:00:00Z"))
            try await PostureBoutRecord(
                userID: userID, posture: .sitting, source: .desktopPresence, start: ancient, end: nil, confidence: 0.5
            )
            .create(on: app.db)
            // An open presence counts at most 24 h from its start, and every read is cut to
            // the span it asks for: the 1526 bout is gone from a read of today, whatever its age.
            let dayStart = LocalDate(iso: "2026-12-07")!.startOfDay(in: TimeZone(identifier: "Europe/Berlin")!)
            let span = PersonReads.Span(
                from: dayStart.addingTimeInterval(-12 * 3600), to: dayStart.addingTimeInterval(86_400))
            let read = try await Store(database: app.db).read(
                PersonReads(bouts: span), userID: userID, now: TestServer.now)
            #expect(read.bouts.isEmpty)
            // A read of that day in 1526 sees only that day's part of it.
            let then = PersonReads.Span(from: ancient, to: ancient.addingTimeInterval(86_400))
            let old = try await Store(database: app.db).read(
                PersonReads(bouts: then), userID: userID, now: TestServer.now)
            #expect(old.bouts.map(\.duration) == [86_400])
            // Pages and the API answer as if it were not there.
            let days = try await api.get("/api/v1/users/me/days?from=2026-12-01&to=2026-12-07")
            #expect(days.status == .ok)
            #expect(days.items.map { $0["sittingMinutes"] as? Double } == Array(repeating: 0, count: 7))
            #expect(try await ana.get("/").status == .ok)
        }
    }

    @Test(
        "instants, days, spans, names and flags out of bounds get 422 naming the field", arguments: TestServer.databases
    )
    func bounds(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let ana = try await TestServer.signUp(app)
            let api = try await APIClient.forBrowser(ana)

            for start in [
                "0001-12-07T08:00:00Z", "1900-12-07T08:00:00Z", "2026-02-30T08:00:00Z", "-001-12-07T08:00:00Z",
            ] {
                let reply = try await api.post(
                    "/api/v1/users/me/bouts", ["posture": "sitting", "start": start, "end": "2026-12-07T08:30:00Z"])
                #expect(reply.status == .unprocessableEntity, "\(start): \(reply.body)")
                #expect(reply.errorField == "start", "\(start)")
            }
            // A 56-year sitting entry.
            let long = try await api.post(
                "/api/v1/users/me/bouts",
                ["posture": "sitting", "start": "2000-01-01T08:00:00Z", "end": "2026-12-07T08:30:00Z"])
            #expect(long.status == .unprocessableEntity)
            #expect(long.errorField == "end")
            #expect(long.errorMessage?.contains("at most 12 h") == true, "\(long.body)")
            // A posture change at a time before 2000 (the CLI's `sit --at` goes through the same store rule).
            let early = try await api.post(
                "/api/v1/users/me/posture", ["posture": "sitting", "at": "1999-12-31T23:00:00Z"])
            #expect(early.errorField == "at")
            #expect(try await api.get("/api/v1/users/me/days?from=0001-01-01&to=2026-12-01").errorField == "from")
            #expect(try await api.get("/api/v1/users/me/days?from=2026-02-30").errorField == "from")
            #expect(try await api.get("/api/v1/users/me/schedule?to=9999-01-01").errorField == "to")
            for start in ["0001-01-05", "9999-01-04"] {
                let plan = try await api.call(
                    .PUT, "/api/v1/users/me/plan",
                    json: [
                        "programID": "glute-wake-up", "start": start, "perWeek": 3,
                        "days": ["mon", "wed", "fri"],
                    ])
                #expect(plan.status == .unprocessableEntity, "\(start): \(plan.body)")
                #expect(plan.errorField == "start")
            }
            // weeks: 0 is refused even where the program's own length would be used (schemathesis found it).
            let zeroWeeks = try await api.call(
                .PUT, "/api/v1/users/me/plan",
                json: [
                    "programID": "glute-wake-up", "start": "2026-12-07",
                    "perWeek": 3, "days": ["mon", "wed", "fri"], "weeks": 0,
                ])
            #expect(zeroWeeks.errorField == "weeks", "\(zeroWeeks.body)")
            #expect(try await api.get("/api/v1/exercises?deskBreak=banana").errorField == "deskBreak")
            #expect(try await api.get("/api/v1/exercises?deskBreak=true").status == .ok)

            // A routine of 10,000 items, and one with a negative dosage.
            let many = Array(repeating: ["exerciseID": "hip-thrust"], count: 10_000)
            let huge = try await api.post("/api/v1/users/me/routines", ["name": "Everything", "items": many])
            #expect(huge.status == .unprocessableEntity)
            #expect(huge.errorMessage?.contains("at most 30 exercises") == true, "\(huge.body.prefix(300))")
            let negative = try await api.post(
                "/api/v1/users/me/routines",
                ["name": "Minus", "items": [["exerciseID": "hip-thrust", "sets": -3, "amount": -10]]])
            #expect(negative.status == .unprocessableEntity)
            #expect(negative.errorField == "items[0]")

            // Names: NUL, right-to-left overrides only, 5,000 characters.
            for name in ["Team\u{0}", "\u{202E}\u{202E}", String(repeating: "x", count: 5000)] {
                let routine = try await api.post("/api/v1/users/me/routines", ["name": name, "items": []])
                #expect(routine.status == .unprocessableEntity)
                #expect(routine.errorField == "name")
            }
            let longName = String(repeating: "a", count: 5000)
            let upload = try await api.call(.POST, "/api/v1/users/me/imports?name=\(longName)", raw: "time,x,y,z\n")
            #expect(upload.status == .unprocessableEntity)
            #expect(upload.errorField == "name")
        }
    }

    @Test("team names without control or invisible characters", arguments: TestServer.databases)
    func clinicianForms(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let clara = try await TestServer.signUp(app)
            let api = try await APIClient.forBrowser(clara)
            try await clara.get("/team")
            #expect(try await clara.post("/settings/clinician", ["clinician": "on"]).status == .seeOther)
            let nul = try await api.post("/api/v1/teams", ["name": "\u{202E}"])
            #expect(nul.status == .unprocessableEntity)
            #expect(nul.errorField == "name")
            let team = try await api.post("/api/v1/teams", ["name": "Physio Nord"])
            #expect(team.status == .created)
        }
    }
}

@Suite("Hardening: the rest")
struct HardeningRestTests {
    @Test("a set retried after the connection died with the answer is logged once", arguments: TestServer.databases)
    func idempotentSetLogging(_ db: String) async throws {
        try await TestServer.run(db) { app in
            // setup: a real listening server, a session started through the API
            let ana = try await TestServer.signUp(app)
            let api = try await APIClient.forBrowser(ana)
            let workout = try await api.post("/api/v1/users/me/workouts")
            #expect(workout.status == .created, "\(workout.body)")
            let id = try #require(workout.object["id"] as? String)
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            defer { Task { await app.server.shutdown() } }
            let port = try #require(app.http.server.shared.localAddress?.port)
            let body = #"{"item":0,"seconds":30,"effort":5,"pain":0}"#
            let request =
                "POST /api/v1/users/me/workouts/\(id)/sets HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer \(api.token!)\r\nContent-Type: application/json\r\nIdempotency-Key: "
                + "7d3c-set-1\r\n"
                + "Content-Length: \(body.utf8.count)\r\n\r\n" + body

            // MUT: the answer's first bytes arrive (the set is committed), then the connection
            // dies before the phone reads the rest; the phone sends the request again.
            let first = try RawHTTP.sendAndHangUp(port: port, request)
            #expect(first.hasPrefix("HTTP/1.1 201"), "\(first)")
            let retry = try await api.call(
                .POST, "/api/v1/users/me/workouts/\(id)/sets",
                json: ["item": 0, "seconds": 30, "effort": 5, "pain": 0],
                headers: ["Idempotency-Key": "7d3c-set-1"])

            // validate: the retry answers with the set already logged; one set in the workout
            #expect(retry.status == .created)
            #expect(retry.object["set"] as? Int == 1)
            let after = try await api.get("/api/v1/users/me/workouts/\(id)")
            #expect((after.object["sets"] as? [[String: Any]])?.count == 1, "\(after.body)")
            // A new key is a new set.
            let second = try await api.call(
                .POST, "/api/v1/users/me/workouts/\(id)/sets",
                json: ["item": 0, "seconds": 28, "effort": 6, "pain": 0],
                headers: ["Idempotency-Key": "7d3c-set-2"])
            #expect(second.object["set"] as? Int == 2)
            let bad = try await api.call(
                .POST, "/api/v1/users/me/workouts/\(id)/sets",
                json: ["item": 0, "seconds": 28, "effort": 6, "pain": 0],
                headers: ["Idempotency-Key": "a key with spaces"])
            #expect(bad.errorField == "Idempotency-Key")
        }
    }

    @Test("the web player's form logs a set once however often it is sent", arguments: TestServer.databases)
    func idempotentSetForm(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let ana = try await TestServer.signUp(app)
            let player = try await TestServer.startSession(ana)
            let page = try await ana.get(player).body.string
            let keyStart = try #require(page.range(of: "name=\"key\" value=\""))
            let key = String(page[keyStart.upperBound...].prefix(36))
            let form = ["item": "0", "amount": "30", "effort": "5", "pain": "0", "key": key]
            #expect(try await ana.post(player + "/sets", form).status == .seeOther)
            #expect(try await ana.post(player + "/sets", form).status == .seeOther)
            let api = try await APIClient.forBrowser(ana)
            let workoutID = String(player.split(separator: "/").last!)
            let workout = try await api.get("/api/v1/users/me/workouts/\(workoutID)")
            #expect((workout.object["sets"] as? [[String: Any]])?.count == 1, "\(workout.body)")
        }
    }

    @Test("a JSON body sent as text/plain or with no type is refused with 415", arguments: TestServer.databases)
    func contentType(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let ana = try await TestServer.signUp(app)
            let api = try await APIClient.forBrowser(ana)
            let body = #"{"posture":"sitting","start":"2026-12-07T08:00:00Z","end":"2026-12-07T08:30:00Z"}"#
            for type in ["text/plain", nil] {
                let reply = try await api.call(.POST, "/api/v1/users/me/bouts", raw: body, contentType: type)
                #expect(reply.status == .unsupportedMediaType, "\(type ?? "none"): \(reply.body)")
                #expect(reply.errorField == "Content-Type")
            }
            let json = try await api.call(
                .POST, "/api/v1/users/me/bouts", raw: body, contentType: "application/json; charset=utf-8")
            #expect(json.status == .created, "\(json.body)")
        }
    }

    @Test("after sign-in, only a path on this site: tabs, backslashes and // are not", arguments: TestServer.databases)
    func safeNext(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let email = "ana-\(UUID().uuidString.prefix(8))@example.com"
            let ana = try await TestServer.signUp(app, email: email)
            for (next, expected) in [
                ("/\t/127.0.0.1:18401/phish", "/"), ("/\n/evil.example", "/"), ("//evil.example", "/"),
                ("/\\evil.example", "/"), ("/%09/evil.example", "/%09/evil.example"), ("/progress", "/progress"),
                ("/ /evil.example", "/"), ("/\u{200B}/evil.example", "/"),
            ] {
                try await ana.post("/signout", [:])
                try await ana.get("/signin")
                let reply = try await ana.post(
                    "/signin", ["email": email, "password": "correct-horse-1", "next": next])
                #expect(reply.headers.first(name: .location) == expected, "\(next.debugDescription)")
            }
        }
    }

    @Test("HTTPS deployments send Strict-Transport-Security", arguments: TestServer.databases)
    func strictTransportSecurity(_ db: String) async throws {
        try await TestServer.run(db, settings: { $0.secureCookies = true }) { app in
            try await app.testing().test(.GET, "/healthz") { res in
                #expect(res.headers.first(name: "Strict-Transport-Security") == "max-age=31536000")
            }
        }
        try await TestServer.run(db) { app in
            try await app.testing().test(.GET, "/healthz") { res in
                #expect(res.headers.first(name: "Strict-Transport-Security") == nil)
            }
        }
    }

    @Test(
        "a password change ends other sessions and every API token; the calendar link stays",
        arguments: TestServer.databases)
    func passwordChangeRevokesTokens(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let ana = try await TestServer.signUp(app)
            let api = try await APIClient.forBrowser(ana)
            #expect(try await api.get("/api/v1/users/me").status == .ok)
            try await ana.get("/settings/password")
            let changed = try await ana.post(
                "/settings/password", ["current": "correct-horse-1", "password": "correct-horse-2"])
            #expect(changed.status == .seeOther)
            #expect(try await api.get("/api/v1/users/me").status == .unauthorized)
            #expect(try await ana.get("/").status == .ok, "the browser that changed it stays signed in")
        }
    }

    @Test("rate limits count the client a trusted proxy names, and only a trusted one")
    func clientAddress() {
        var headers = HTTPHeaders()
        headers.add(name: "X-Forwarded-For", value: "203.0.113.7, 198.51.100.2")
        // Not behind a trusted proxy: the socket's peer, whatever the header says.
        #expect(ClientAddress.resolve(peer: "192.0.2.1", headers: headers, trusted: []) == "192.0.2.1")
        // nginx on 127.0.0.1: the nearest address it did not add itself.
        #expect(ClientAddress.resolve(peer: "127.0.0.1", headers: headers, trusted: ["127.0.0.1"]) == "198.51.100.2")
        #expect(
            ClientAddress.resolve(peer: "127.0.0.1", headers: headers, trusted: ["127.0.0.1", "198.51.100.2"])
                == "203.0.113.7")
        // RFC 7239 wins over X-Forwarded-For; ports, brackets and quotes go.
        headers.add(name: "Forwarded", value: #"for="[2001:db8:cafe::17]:4711", for=192.0.2.60:8080"#)
        #expect(ClientAddress.resolve(peer: "::1", headers: headers, trusted: ["::1"]) == "192.0.2.60")
        #expect(ClientAddress.forwardedFor(headers) == ["2001:db8:cafe::17", "192.0.2.60"])
        // A name instead of an address ends the chain: the proxy itself is counted.
        var spoofed = HTTPHeaders()
        spoofed.add(name: "X-Forwarded-For", value: "not-an-address")
        #expect(ClientAddress.resolve(peer: "127.0.0.1", headers: spoofed, trusted: ["127.0.0.1"]) == "127.0.0.1")
    }
}

/// Plain sockets: what a phone whose connection drops looks like to the server.
enum RawHTTP {
    /// Sends `request`, reads the first bytes of the answer, then closes the connection
    /// without reading the rest. Returns what it read.
    static func sendAndHangUp(port: Int, _ request: String) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        let bytes = Array(request.utf8)
        guard write(fd, bytes, bytes.count) == bytes.count else { throw POSIXError(.EIO) }
        let wanted = 12
        var buffer = [UInt8](repeating: 0, count: wanted)
        var got = 0
        while got < wanted {
            let offset = got
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + offset, wanted - offset) }
            guard n > 0 else { break }
            got += n
        }
        // SO_LINGER 0: close with a reset, as a dropped mobile connection looks.
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        return String(decoding: buffer[..<got], as: UTF8.self)
    }
}
