import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SitLessCore
import SitLessStore

/// Where the desktop agent keeps what it sees: the local database, or a SitLess server
/// through the JSON API (`sitless watch --server URL --token T`).
public protocol AgentLedger: Sendable {
    /// A manual "I'm sitting / standing" entry, now.
    func recordPostureChange(_ posture: Posture, at: Date, zone: TimeZone) async throws
    /// The newest manual entry: posture, start, end (open entries have none).
    func latestManualEntry() async throws -> (posture: Posture, start: Date, end: Date?)?
    /// Creates (no id) or extends the presence bout; returns its id.
    func savePresence(_ bout: PostureBout, id: UUID?) async throws -> UUID
    func recordPromptOutcome(_ record: PromptRecord) async throws
    /// Words for the log: "SQLite file ...", "https://sitless.example.org".
    var location: String { get }
}

/// The local database.
public struct StoreLedger: AgentLedger {
    let store: Store
    let userID: UUID

    public init(store: Store, userID: UUID) {
        self.store = store
        self.userID = userID
    }

    public func recordPostureChange(_ posture: Posture, at: Date, zone: TimeZone) async throws {
        try await store.recordPostureChange(userID: userID, to: posture, at: at, now: at, zone: zone)
    }

    public func latestManualEntry() async throws -> (posture: Posture, start: Date, end: Date?)? {
        guard let r = try await store.latestManualBout(userID: userID), let p = Posture(rawValue: r.posture) else { return nil }
        return (p, r.start, r.end)
    }

    public func savePresence(_ bout: PostureBout, id: UUID?) async throws -> UUID {
        try await store.savePresence(bout, id: id, open: false, userID: userID)
    }

    public func recordPromptOutcome(_ record: PromptRecord) async throws {
        try await store.recordPromptOutcome(record, userID: userID)
    }

    public var location: String { store.location?.description ?? "database" }
}

/// A SitLess server, through `/api/v1/users/me/...` with a personal access token.
public struct ServerLedger: AgentLedger {
    public let base: URL
    let token: String
    let session: URLSession
    /// The agent's clock: how far back the newest manual entry is looked for.
    let clock: any AgentClock

    public init(base: URL, token: String, session: URLSession = .shared, clock: any AgentClock = SystemClock()) {
        self.base = base
        self.token = token
        self.clock = clock
        self.session = session
    }

    public var location: String { base.absoluteString }

    /// What went wrong talking to the server, in words.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    // Formatting with ISO8601DateFormatter is thread-safe; it is never mutated after this.
    nonisolated(unsafe) static let iso: ISO8601DateFormatter = {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f
    }()

    @discardableResult
    func call(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> Any? {
        let parts = path.split(separator: "?", maxSplits: 1).map(String.init)
        var components = URLComponents(url: base.appendingPathComponent("api/v1/users/me" + (parts.first ?? "")), resolvingAgainstBaseURL: false)
        if parts.count == 2 { components?.percentEncodedQuery = parts[1] }
        guard let url = components?.url else { throw Failure(description: "cannot make a URL from \(base) and \(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
        }
        let (data, response) = try await session.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let json = data.isEmpty ? nil : try? JSONSerialization.jsonObject(with: data)
        guard (200..<300).contains(status) else {
            let message = ((json as? [String: Any])?["error"] as? [String: Any])?["message"] as? String ?? "HTTP \(status)"
            throw Failure(description: "\(method) \(path): \(message)")
        }
        return json
    }

    /// The person's coach settings from the server.
    public func coachPolicy() async throws -> CoachPolicy {
        guard let c = try await call("GET", "/coach") as? [String: Any], let zone = c["timeZone"] as? String,
              let hoursText = c["workHours"] as? String, let hours = WorkHours(parsing: hoursText) else {
            throw Failure(description: "the server's coach settings could not be read")
        }
        var policy = CoachPolicy(timeZone: zone, workHours: hours)
        if let v = c["maxSittingMinutes"] as? Int { policy.maxSittingMinutes = v }
        if let v = c["breakMinutes"] as? Int { policy.breakMinutes = v }
        if let v = c["snoozeMinutes"] as? Int { policy.snoozeMinutes = v }
        if let v = c["maxSnoozesInARow"] as? Int { policy.maxSnoozesInARow = v }
        if let v = c["responseWindowMinutes"] as? Int { policy.responseWindowMinutes = v }
        if let v = c["dailySittingGoalMinutes"] as? Int { policy.dailySittingGoalMinutes = v }
        policy.quietTimes = (c["quietTimes"] as? [String] ?? []).compactMap(ClockRange.init(parsing:))
        if let cycle = c["cycle"] as? [String: Any], let sit = cycle["sitMinutes"] as? Int, let stand = cycle["standMinutes"] as? Int,
           let move = cycle["moveMinutes"] as? Int {
            policy.cycle = SitStandCycle(sitMinutes: sit, standMinutes: stand, moveMinutes: move)
        }
        return policy
    }

    /// Who the token belongs to (its email), checking the token on the way.
    public func whoAmI() async throws -> String {
        let me = try await call("GET", "") as? [String: Any]
        return me?["email"] as? String ?? "you"
    }

    public func recordPostureChange(_ posture: Posture, at: Date, zone: TimeZone) async throws {
        try await call("POST", "/posture", ["posture": posture.rawValue, "at": Self.iso.string(from: at)])
    }

    public func latestManualEntry() async throws -> (posture: Posture, start: Date, end: Date?)? {
        let from = Self.iso.string(from: clock.now().addingTimeInterval(-86_400))
        var components = URLComponents()
        components.queryItems = [URLQueryItem(name: "from", value: from), URLQueryItem(name: "limit", value: "200")]
        guard let page = try await call("GET", "/bouts?" + (components.percentEncodedQuery ?? "")) as? [String: Any],
              let items = page["items"] as? [[String: Any]] else { return nil }
        guard let last = items.last(where: { $0["source"] as? String == "manual" }), let p = (last["posture"] as? String).flatMap(Posture.init(rawValue:)),
              let start = (last["start"] as? String).flatMap(Self.parse) else { return nil }
        return (p, start, (last["end"] as? String).flatMap(Self.parse))
    }

    static func parse(_ text: String) -> Date? {
        iso.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }

    public func savePresence(_ bout: PostureBout, id: UUID?) async throws -> UUID {
        var body: [String: Any] = ["posture": bout.posture.rawValue, "start": Self.iso.string(from: bout.start), "end": Self.iso.string(from: bout.end), "open": false]
        if let id { body["id"] = id.uuidString }
        guard let saved = try await call("POST", "/presence", body) as? [String: Any], let id = (saved["id"] as? String).flatMap(UUID.init(uuidString:)) else {
            throw Failure(description: "the server did not return the presence bout's id")
        }
        return id
    }

    public func recordPromptOutcome(_ record: PromptRecord) async throws {
        var body: [String: Any] = ["outcome": record.outcome.rawValue, "at": Self.iso.string(from: record.at)]
        if let prompt = record.prompt {
            body["issuedAt"] = Self.iso.string(from: prompt.issuedAt)
            body["kind"] = prompt.kind.rawValue
            if let move = prompt.move {
                body["exerciseID"] = move.exerciseID
                body["dosage"] = move.dosage.volume
            }
        }
        try await call("POST", "/prompts", body)
    }
}
