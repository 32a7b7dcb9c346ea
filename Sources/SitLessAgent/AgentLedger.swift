import Foundation
import HTTPTypes
import OpenAPIAsyncHTTPClient
import OpenAPIRuntime
import SitLessAPI
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
        guard let r = try await store.latestManualBout(userID: userID) else { return nil }
        return (r.posture, r.start, r.end)
    }

    public func savePresence(_ bout: PostureBout, id: UUID?) async throws -> UUID {
        try await store.savePresence(bout, id: id, open: false, userID: userID)
    }

    public func recordPromptOutcome(_ record: PromptRecord) async throws {
        try await store.recordPromptOutcome(record, userID: userID)
    }

    public var location: String { store.location?.description ?? "database" }
}

/// A SitLess server, through the API's generated client (`Client` from openapi.yaml) with a
/// personal access token.
public struct ServerLedger: AgentLedger {
    public let base: URL
    let client: Client
    /// The agent's clock: how far back the newest manual entry is looked for.
    let clock: any AgentClock

    public init(
        base: URL, token: String, transport: any ClientTransport = AsyncHTTPClientTransport(),
        clock: any AgentClock = SystemClock()
    ) {
        self.base = base
        self.clock = clock
        client = Client(
            serverURL: base.appendingPathComponent("api/v1"), transport: transport,
            middlewares: [BearerToken(token), Failures()])
    }

    public var location: String { base.absoluteString }

    /// What went wrong talking to the server, in words.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Any answer but a success becomes a `Failure` with the server's own message.
    struct Failures: ClientMiddleware {
        func intercept(
            _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
            next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
        )
            async throws -> (HTTPResponse, HTTPBody?)
        {
            let (response, responseBody) = try await next(request, body, baseURL)
            guard response.status.kind != .successful else { return (response, responseBody) }
            var message = "HTTP \(response.status.code)"
            if let responseBody, let data = try? await Data(collecting: responseBody, upTo: 64 * 1024),
                let error = try? JSONDecoder().decode(Components.Schemas._Error.self, from: data)
            {
                message = error.error.message
            }
            throw Failure(description: "\(operationID): \(message)")
        }
    }

    /// Runs a client call, giving its failure in words.
    func call<T>(_ work: () async throws -> T) async throws -> T {
        do { return try await work() } catch let error as ClientError {
            if let failure = error.underlyingError as? Failure { throw failure }
            throw Failure(description: "\(error.operationID): \(error.underlyingError)")
        }
    }

    /// The person's coach settings from the server.
    public func coachPolicy() async throws -> CoachPolicy {
        let c = try await call { try await client.getCoach(path: .init(user: "me")).ok.body.json }
        guard let hours = WorkHours(parsing: c.workHours) else {
            throw Failure(description: "the server's work hours could not be read")
        }
        var policy = CoachPolicy(timeZone: c.timeZone, workHours: hours)
        policy.maxSittingMinutes = c.maxSittingMinutes
        policy.breakMinutes = c.breakMinutes
        policy.snoozeMinutes = c.snoozeMinutes
        policy.maxSnoozesInARow = c.maxSnoozesInARow
        policy.responseWindowMinutes = c.responseWindowMinutes
        policy.dailySittingGoalMinutes = c.dailySittingGoalMinutes
        policy.quietTimes = c.quietTimes.compactMap(ClockRange.init(parsing:))
        policy.cycle = c.cycle.map {
            SitStandCycle(sitMinutes: $0.sitMinutes, standMinutes: $0.standMinutes, moveMinutes: $0.moveMinutes)
        }
        return policy
    }

    /// Who the token belongs to (its email), checking the token on the way.
    public func whoAmI() async throws -> String {
        try await call { try await client.getUser(path: .init(user: "me")).ok.body.json.email } ?? "you"
    }

    public func recordPostureChange(_ posture: Posture, at: Date, zone: TimeZone) async throws {
        guard let value = Components.Schemas.PostureChange.PosturePayload(rawValue: posture.rawValue) else {
            throw Failure(description: "the API has no posture '\(posture.rawValue)'")
        }
        _ = try await call {
            try await client.changePosture(
                path: .init(user: "me"), body: .json(.init(at: APIInstant(at), posture: value))
            ).noContent
        }
    }

    public func latestManualEntry() async throws -> (posture: Posture, start: Date, end: Date?)? {
        let page = try await call {
            try await client.listBouts(
                path: .init(user: "me"),
                query: .init(from: APIInstant(clock.now().addingTimeInterval(-86_400)), limit: 200)
            )
            .ok.body.json
        }
        guard let last = page.items.last(where: { $0.source == .manual }),
            let p = Posture(rawValue: last.posture.rawValue)
        else { return nil }
        return (p, last.start, last.end)
    }

    public func savePresence(_ bout: PostureBout, id: UUID?) async throws -> UUID {
        let posture: Components.Schemas.Presence.PosturePayload = bout.posture == .standing ? .standing : .sitting
        let body = Components.Schemas.Presence(
            end: APIInstant(bout.end), id: id?.uuidString, open: false, posture: posture,
            start: APIInstant(bout.start))
        let saved = try await call {
            try await client.savePresence(path: .init(user: "me"), body: .json(body)).ok.body.json
        }
        guard let id = UUID(uuidString: saved.id) else {
            throw Failure(description: "the server did not return the presence bout's id")
        }
        return id
    }

    public func recordPromptOutcome(_ record: PromptRecord) async throws {
        guard let outcome = Components.Schemas.NewPrompt.OutcomePayload(rawValue: record.outcome.rawValue) else {
            throw Failure(description: "the API has no prompt outcome '\(record.outcome.rawValue)'")
        }
        let body = Components.Schemas.NewPrompt(
            at: APIInstant(record.at), dosage: record.prompt?.move?.dosage.volume,
            exerciseID: record.prompt?.move?.exerciseID, issuedAt: record.prompt.map { APIInstant($0.issuedAt) },
            kind: record.prompt?.kind.rawValue, outcome: outcome)
        _ = try await call { try await client.addPrompt(path: .init(user: "me"), body: .json(body)).created }
    }
}
