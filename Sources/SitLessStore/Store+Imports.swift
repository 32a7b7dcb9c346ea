import FluentKit
import Foundation
import SitLessCore

extension Store {
    /// A running import whose process has said nothing for this long has died with it.
    public static let staleImportSeconds: TimeInterval = 600

    public func createImport(userID: UUID, fileName: String, placement: String, bytes: Int64) async throws -> ImportRecord {
        let record = ImportRecord(userID: userID, fileName: fileName, placement: placement, bytes: bytes)
        try await record.create(on: database)
        return record
    }

    /// One of the user's imports (nil for anyone else's).
    public func importJob(_ id: UUID, userID: UUID) async throws -> ImportRecord? {
        try await ImportRecord.query(on: database).filter(\.$id == id).filter(\.$user.$id == userID).first()
    }

    public func importJobs(userID: UUID, limit: Int = 10) async throws -> [ImportRecord] {
        try await ImportRecord.query(on: database).filter(\.$user.$id == userID)
            .sort(\.$createdAt, .descending).limit(limit).all()
    }

    public func setImportProgress(_ id: UUID, status: ImportRecord.Status, progress: Double) async throws {
        try await ImportRecord.query(on: database).filter(\.$id == id)
            .set(\.$status, to: status.rawValue).set(\.$progress, to: progress).set(\.$updatedAt, to: Date()).update()
    }

    public func failImport(_ id: UUID, message: String) async throws {
        try await ImportRecord.query(on: database).filter(\.$id == id)
            .set(\.$status, to: ImportRecord.Status.failed.rawValue).set(\.$message, to: message)
            .set(\.$updatedAt, to: Date()).update()
    }

    /// Saves a wearable recording's bouts for the user, all or nothing, and marks the import
    /// done in the same transaction. Refuses (saving nothing) when the recording overlaps
    /// wearable data the user already has.
    /// Saves a wearable recording's bouts, all or nothing; refuses when they overlap wearable
    /// data the user already has (importing the same file twice would count it twice).
    public func importWearable(_ bouts: [PostureBout], userID: UUID) async throws {
        guard let first = bouts.first, let last = bouts.last else {
            throw StoreError.invalidBout("the file has no posture data to import")
        }
        try await transaction { db in
            let clash = try await PostureBoutRecord.query(on: db).filter(\.$user.$id == userID)
                .filter(\.$source == PostureSource.wearable.rawValue)
                .filter(\.$start < last.end).filter(\.$end > first.start).first()
            if let clash { throw StoreError.overlapsImport(since: clash.start) }
            try await Store(database: db).insertBouts(bouts, userID: userID)
        }
    }

    public func completeImport(_ id: UUID, userID: UUID, bouts: [PostureBout], format: String, warnings: [String]) async throws {
        try await transaction { db in
            try await Store(database: db).importWearable(bouts, userID: userID)
            try await ImportRecord.query(on: db).filter(\.$id == id)
                .set(\.$status, to: ImportRecord.Status.done.rawValue).set(\.$progress, to: 1)
                .set(\.$format, to: format).set(\.$bouts, to: bouts.count)
                .set(\.$firstAt, to: bouts.first?.start).set(\.$lastAt, to: bouts.last?.end)
                .set(\.$message, to: warnings.isEmpty ? nil : warnings.joined(separator: "\n"))
                .set(\.$updatedAt, to: Date()).update()
        }
    }
}
