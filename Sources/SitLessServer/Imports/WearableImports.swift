import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SitLessCore
import SitLessSensors
import SitLessStore
import Vapor

/// Wearable-file uploads from the web app and the API. The body streams to a file on disk
/// (never into memory) up to `ServerSettings.uploadLimit`; the import then runs in the
/// background on the thread pool, writing its progress to the database (so any server
/// process can report on it), and saves the bouts all at once or nothing.
enum WearableImports {
    /// What the status endpoint answers.
    struct Status: Content {
        var id: UUID
        var fileName: String
        var placement: String
        var bytes: Int64
        var status: String
        /// 0...100.
        var percent: Int
        var format: String?
        var message: String?
        var bouts: Int
        var firstAt: Date?
        var lastAt: Date?
        /// Local day of the first imported bout, for a link to the sitting page.
        var firstDay: String?
        var createdAt: Date?

        /// `status` as its machine's value (not encoded).
        var state: ImportStatus? { ImportStatus(rawValue: status) }
    }

    /// The record as people see it. A queued or running import nobody has updated for
    /// `Store.staleImportSeconds` died with its server process: the store's reads mark it stale
    /// by the app's clock (`ImportJob.isStale`), and it shows as failed.
    static func status(_ record: ImportJob, zone: TimeZone) -> Status {
        let state = record.shownState
        let message =
            record.isStale
            ? "the server stopped while importing; nothing was imported, please upload the file again" : record.message
        return Status(
            id: record.id, fileName: record.fileName, placement: record.placement, bytes: record.bytes,
            status: state?.rawValue ?? record.statusText,
            percent: Int((record.progress * 100).rounded(.down)), format: record.format, message: message,
            bouts: record.bouts, firstAt: record.firstAt, lastAt: record.lastAt,
            firstDay: record.firstAt.map { LocalDate($0, in: zone).description }, createdAt: record.createdAt)
    }

    /// `POST /sitting/imports?name=FILE&placement=thigh` (and `/api/v1/imports`): the file is
    /// the request body. Answers 202 with the import's status; poll its URL for progress.
    static func upload(_ req: Request) async throws -> Response {
        let status = try await start(
            req, name: try? req.query.get(String.self, at: "name"),
            placement: try? req.query.get(String.self, at: "placement"), tz: try? req.query.get(String.self, at: "tz"))
        let response = try await status.encodeResponse(status: .accepted, for: req)
        response.headers.replaceOrAdd(name: .location, value: "/sitting/imports/" + status.id.uuidString)
        return response
    }

    /// Receives the request's body as the signed-in person's upload and starts importing it
    /// in the background; `name`, `placement` and `tz` as the query gave them.
    static func start(
        _ req: Request, name givenText: String?, placement placementGiven: String?, tz: String?
    ) async throws -> Status {
        let user = try req.user
        let userID = user.id
        let givenName = (givenText ?? "upload").split(separator: "/").last.map(String.init) ?? "upload"
        let name = try NameRules.check(givenName, field: "name", limit: 255)
        let placementText = placementGiven ?? "thigh"
        guard let placement = Placement(rawValue: placementText) else {
            throw APIError(
                .unprocessableEntity, code: "invalid_field", field: "placement",
                "placement must be thigh, wrist or hip, got '\(placementText)'")
        }
        var zone = user.zone
        if let tz {
            guard let given = TimeZone(identifier: tz) else {
                throw APIError(
                    .unprocessableEntity, code: "invalid_field", field: "tz",
                    "tz must be an IANA time zone such as Europe/London, got '\(tz)'")
            }
            zone = given
        }
        // One import at a time per person: uploads take disk space until they are read.
        let jobs = try await req.store.importJobs(userID: userID, limit: 5)
        if jobs.contains(where: { $0.shownState?.isActive == true }) {
            throw APIError(
                .conflict, code: "import_running", field: nil,
                "an import of yours is still running; wait until it is done")
        }
        if let length = req.headers.first(name: .contentLength).flatMap(Int64.init), length > req.settings.uploadLimit {
            throw APIError(.payloadTooLarge, code: "too_large", field: "body", tooLarge(req))
        }
        let folder = req.settings.uploadDirectory
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + UUID().uuidString + ".upload"
        let bytes: Int64
        do {
            bytes = try await receive(req, to: path)
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
        guard bytes > 0 else {
            try? FileManager.default.removeItem(atPath: path)
            throw APIError(
                .unprocessableEntity, code: "invalid_field", field: "body",
                "the upload is empty: send the file as the request body")
        }
        let record = try await req.store.createImport(
            userID: userID, fileName: name, placement: placement.rawValue, bytes: bytes)
        let id = record.id
        req.application.importJobs.start(id: id) { [app = req.application, zone] in
            await run(app: app, id: id, userID: userID, path: path, name: name, zone: zone, placement: placement)
        }
        return status(record, zone: zone)
    }

    /// `GET /sitting/imports/:id` and `/api/v1/imports/:id`: one of the user's imports.
    static func show(_ req: Request) async throws -> Status {
        let user = try req.user
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
            let record = try await req.store.importJob(id, userID: user.id)
        else {
            throw APIError(.notFound, code: "not_found", field: nil, "no such import")
        }
        return status(record, zone: user.zone)
    }

    static func tooLarge(_ req: Request) -> String {
        "the file is larger than this server's upload limit of \(req.settings.uploadLimit / 1_048_576) MiB; use "
            + "`sitless import` on the server instead"
    }

    /// Streams the body to `path`, refusing it once it passes the size limit.
    static func receive(_ req: Request, to path: String) async throws -> Int64 {
        try await req.receiveBody(to: path, limit: req.settings.uploadLimit, tooLarge: tooLarge(req))
    }

    /// Reads the file off the event loops, reports progress now and then, saves the bouts
    /// in one transaction, and removes the uploaded file whatever happens.
    static func run(
        app: Application, id: UUID, userID: UUID, path: String, name: String, zone: TimeZone, placement: Placement
    ) async {
        let store = Store(database: app.db, clock: app.settings.now)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            try await store.startImport(id)
            let reported = NIOLockedValueBox(0.0)
            let recording = try await app.threadPool.runIfActive {
                try WearableFile.read(url: URL(fileURLWithPath: path), zone: zone, placement: placement) { share in
                    // A database write per 5 % at most. Unstructured, so one may land after the
                    // import is done: the store's update is conditional on running and then
                    // changes nothing.
                    let due = reported.withLockedValue { last -> Bool in
                        guard share - last >= 0.05 else { return false }
                        last = share
                        return true
                    }
                    if due { Task { try? await store.setImportProgress(id, progress: share * 0.95) } }
                }
            }
            try await store.completeImport(
                id, userID: userID, bouts: recording.bouts, format: recording.format, warnings: recording.warnings)
            app.logger.info(
                "import finished",
                metadata: ["import": .string(id.uuidString), "bouts": .stringConvertible(recording.bouts.count)])
        } catch {
            let message: String
            switch error {
            case let e as SensorError:
                message = e.description.replacingOccurrences(
                    of: path.split(separator: "/").last.map(String.init) ?? "", with: name)
            case let e as StoreError: message = e.description
            default: message = "the import failed (\(String(describing: type(of: error)))); nothing was imported"
            }
            app.logger.info("import failed", metadata: ["import": .string(id.uuidString)])
            try? await store.failImport(id, message: message)
        }
    }
}

/// The imports this process runs, so tests (and shutdown) can wait for them. Only a handle
/// for waiting: the state users see lives in the database.
public final class ImportJobs: Sendable {
    private let tasks = NIOLockedValueBox<[UUID: Task<Void, Never>]>([:])

    func start(id: UUID, _ work: @escaping @Sendable () async -> Void) {
        let task = Task.detached { await work() }
        tasks.withLockedValue { $0[id] = task }
    }

    /// Waits until every import started so far has finished.
    public func waitForAll() async {
        let running = tasks.withLockedValue { all -> [Task<Void, Never>] in
            defer { all.removeAll() }
            return Array(all.values)
        }
        for task in running { await task.value }
    }
}

struct ImportJobsKey: StorageKey { typealias Value = ImportJobs }

extension Application {
    public var importJobs: ImportJobs {
        if let jobs = storage[ImportJobsKey.self] { return jobs }
        let jobs = ImportJobs()
        storage[ImportJobsKey.self] = jobs
        return jobs
    }
}

extension Request {
    /// Streams the request body to a new file at `path` (readable by this user only), never
    /// holding more than a chunk in memory; 413 naming the limit once it passes `limit` bytes.
    func receiveBody(to path: String, limit: Int64, tooLarge: String) async throws -> Int64 {
        let io = application.fileio
        let handle = try await io.openFile(
            path: path, mode: .write, flags: .allowFileCreation(posixMode: 0o600),
            eventLoop: eventLoop
        ).get()
        defer { try? handle.close() }
        var written: Int64 = 0
        for try await chunk in body {
            written += Int64(chunk.readableBytes)
            if written > limit { throw APIError(.payloadTooLarge, code: "too_large", field: "body", tooLarge) }
            try await io.write(fileHandle: handle, buffer: chunk, eventLoop: eventLoop).get()
        }
        return written
    }
}
