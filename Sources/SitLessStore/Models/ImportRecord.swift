import FluentKit
import Foundation
import SitLessCore

/// One wearable-file import: its `ImportStatus` (queued, running, done or failed; `message`
/// says why it failed), progress and result. Written only through `Store+Imports.swift`, whose
/// updates are conditional on the status the `ImportStatus` machine allows.
final class ImportRecord: Model, @unchecked Sendable {
    public static let schema = "imports"

    public typealias Status = ImportStatus

    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: UserRecord
    @Field(key: "file_name") public var fileName: String
    @Field(key: "placement") public var placement: String
    @Field(key: "bytes") public var bytes: Int64
    /// `ImportStatus`'s raw text; read it as `state`.
    @Field(key: "status") public var status: String
    /// 0...1 while running.
    @Field(key: "progress") public var progress: Double
    @OptionalField(key: "format") public var format: String?
    /// Why it failed, or the warnings of a finished import.
    @OptionalField(key: "message") public var message: String?
    @Field(key: "bouts") public var bouts: Int
    @OptionalField(key: "first_at") public var firstAt: Date?
    @OptionalField(key: "last_at") public var lastAt: Date?
    /// Set from the store's clock (not Fluent's `@Timestamp`, which reads the wall clock):
    /// the stale check compares `updatedAt` with the same clock.
    @OptionalField(key: "created_at") public var createdAt: Date?
    @OptionalField(key: "updated_at") public var updatedAt: Date?

    public init() {}

    /// The stored status (nil for text no version wrote).
    public var state: ImportStatus? { ImportStatus(rawValue: status) }

    public init(userID: UUID, fileName: String, placement: String, bytes: Int64, at: Date) {
        self.$user.id = userID
        self.fileName = fileName
        self.placement = placement
        self.bytes = bytes
        self.status = ImportStatus.queued.rawValue
        self.createdAt = at
        self.updatedAt = at
        self.progress = 0
        self.bouts = 0
    }
}
