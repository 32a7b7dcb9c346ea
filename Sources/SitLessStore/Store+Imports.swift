import FluentKit
import Foundation
import SitLessCore

/// Wearable-file imports. Their status moves only as `ImportStatus` allows, and each write is
/// one conditional UPDATE (`WHERE status IN` the states that may move there), so a progress
/// report that arrives late (it is written from an unstructured task) cannot take a done or
/// failed import back to running. Times come from the store's clock.
extension Store {
    /// A running import whose process has said nothing for this long has died with it.
    public static let staleImportSeconds: TimeInterval = 600

    public func createImport(userID: UUID, fileName: String, placement: String, bytes: Int64) async throws -> ImportJob
    {
        let record = ImportRecord(userID: userID, fileName: fileName, placement: placement, bytes: bytes, at: clock())
        try await record.create(on: database)
        return try ImportJob(record, now: clock())
    }

    /// One of the user's imports (nil for anyone else's), judged stale by the store's clock.
    public func importJob(_ id: UUID, userID: UUID) async throws -> ImportJob? {
        let now = clock()
        return try await ImportRecord.query(on: database).filter(\.$id == id).filter(\.$user.$id == userID).first()
            .map { try ImportJob($0, now: now) }
    }

    public func importJobs(userID: UUID, limit: Int = 10) async throws -> [ImportJob] {
        let now = clock()
        return try await ImportRecord.query(on: database).filter(\.$user.$id == userID)
            .sort(\.$createdAt, .descending).limit(limit).all().map { try ImportJob($0, now: now) }
    }

    /// Whether a queued or running import has been silent for `staleImportSeconds` at `now`.
    static func isStale(_ record: ImportRecord, now: Date) -> Bool {
        guard record.state?.isActive == true, let updated = record.updatedAt ?? record.createdAt else { return false }
        return now.timeIntervalSince(updated) > staleImportSeconds
    }

    /// Queued -> running, when the file starts being read.
    public func startImport(_ id: UUID) async throws {
        try await moveImport(id, to: .running) { $0.set(\.$progress, to: 0) }
    }

    /// Progress of a running import (0...1); nothing at all once it is done or failed.
    public func setImportProgress(_ id: UUID, progress: Double) async throws {
        try await moveImport(id, to: .running) { $0.set(\.$progress, to: progress) }
    }

    /// Queued or running -> failed, saying why; a finished import stays as it is.
    public func failImport(_ id: UUID, message: String) async throws {
        try await moveImport(id, to: .failed) { $0.set(\.$message, to: message) }
    }

    /// The one place an import's status is written: only rows in a state that may move to
    /// `target` change (the machine's rule, in the UPDATE's WHERE).
    private func moveImport(
        _ id: UUID, to target: ImportStatus, on db: (any Database)? = nil,
        _ fields: (QueryBuilder<ImportRecord>) -> QueryBuilder<ImportRecord>
    ) async throws {
        let from = ImportStatus.states(movingTo: target).map(\.rawValue)
        let query = ImportRecord.query(on: db ?? database).filter(\.$id == id).filter(\.$status ~~ from)
            .set(\.$status, to: target.rawValue).set(\.$updatedAt, to: clock())
        try await fields(query).update()
    }

    /// Saves a wearable recording's bouts, all or nothing; refuses when they overlap wearable
    /// data the user already has (importing the same file twice would count it twice).
    public func importWearable(_ bouts: [PostureBout], userID: UUID) async throws {
        guard let first = bouts.first, let last = bouts.last else { throw StoreError.emptyImport }
        try await transaction { db in
            let clash = try await PostureBoutRecord.query(on: db).filter(\.$user.$id == userID)
                .filter(\.$source == PostureSource.wearable.rawValue)
                .filter(\.$start < last.end).filter(\.$end > first.start).first()
            if let clash { throw StoreError.overlapsImport(since: clash.start) }
            try await self.on(db).insertBouts(bouts, userID: userID)
        }
    }

    /// Saves the bouts and marks the running import done, in one transaction; an import that
    /// is not running (failed meanwhile, or done already) saves nothing and says why.
    public func completeImport(
        _ id: UUID, userID: UUID, bouts: [PostureBout], format: String, warnings: [String]
    ) async throws {
        try await transaction { db in
            let row = try await ImportRecord.query(on: db).filter(\.$id == id).filter(\.$user.$id == userID).first()
            guard let state = row?.state else { throw StoreError.unreadable("imports.status of \(id)") }
            guard state.canMove(to: .done) else { throw StoreError.statusChange(state.refusal(to: .done)) }
            try await self.on(db).importWearable(bouts, userID: userID)
            try await self.moveImport(id, to: .done, on: db) {
                $0.set(\.$progress, to: 1).set(\.$format, to: format).set(\.$bouts, to: bouts.count)
                    .set(\.$firstAt, to: bouts.first?.start).set(\.$lastAt, to: bouts.last?.end)
                    .set(\.$message, to: warnings.isEmpty ? nil : warnings.joined(separator: "\n"))
            }
        }
    }
}
