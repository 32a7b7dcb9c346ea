import Foundation
import SitLessCore

/// A stored posture bout, with its id (to correct or delete it). `end` is `nil` while a
/// manual or desktop bout is still going on.
public struct StoredBout: Sendable, Identifiable, Equatable {
    public let id: UUID
    public var posture: Posture
    public var source: PostureSource
    public var start: Date
    public var end: Date?
    public var confidence: Double
    public var createdAt: Date?

    /// The bout as a Core value, an open one ending at `openEnd`.
    public func bout(openEnd: Date) -> PostureBout {
        PostureBout(posture, from: start, to: end ?? max(start, openEnd), source: source, confidence: confidence)
    }
}

/// One wearable-file import: where it stands (`ImportStatus`), its progress and result.
public struct ImportJob: Sendable, Identifiable {
    public let id: UUID
    public var fileName: String
    public var placement: String
    public var bytes: Int64
    /// The stored status (`nil` for text no version wrote).
    public var state: ImportStatus?
    /// The status as stored, for one this version does not know.
    public var statusText: String
    /// 0...1 while running.
    public var progress: Double
    public var format: String?
    /// Why it failed, or the warnings of a finished import.
    public var message: String?
    public var bouts: Int
    public var firstAt: Date?
    public var lastAt: Date?
    public var createdAt: Date?
    public var updatedAt: Date?
    /// A queued or running import that has said nothing for `Store.staleImportSeconds` by the
    /// store's clock (its process died with it).
    public var isStale: Bool

    /// What people are told: the stored status, or failed once the import is stale.
    public var shownState: ImportStatus? { isStale ? .failed : state }
}

extension StoredBout {
    /// `nil` for a posture or source no version wrote.
    init?(_ record: PostureBoutRecord) throws {
        guard let posture = Posture(rawValue: record.posture), let source = PostureSource(rawValue: record.source)
        else {
            return nil
        }
        self.init(
            id: try record.requireID(), posture: posture, source: source, start: record.start, end: record.end,
            confidence: record.confidence, createdAt: record.createdAt)
    }
}

extension ImportJob {
    init(_ record: ImportRecord, now: Date) throws {
        self.init(
            id: try record.requireID(), fileName: record.fileName, placement: record.placement, bytes: record.bytes,
            state: record.state, statusText: record.status, progress: record.progress, format: record.format,
            message: record.message,
            bouts: record.bouts, firstAt: record.firstAt, lastAt: record.lastAt, createdAt: record.createdAt,
            updatedAt: record.updatedAt, isStale: Store.isStale(record, now: now))
    }
}
