import FluentKit
import Foundation

/// One wearable-file import: queued when the upload has arrived, running while the file is
/// read, then done (its bouts saved, all at once) or failed (nothing saved, `message` says why).
public final class ImportRecord: Model, @unchecked Sendable {
    public static let schema = "imports"

    public enum Status: String, Sendable, Codable { case queued, running, done, failed }

    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: UserRecord
    @Field(key: "file_name") public var fileName: String
    @Field(key: "placement") public var placement: String
    @Field(key: "bytes") public var bytes: Int64
    @Field(key: "status") public var status: String
    /// 0...1 while running.
    @Field(key: "progress") public var progress: Double
    @OptionalField(key: "format") public var format: String?
    /// Why it failed, or the warnings of a finished import.
    @OptionalField(key: "message") public var message: String?
    @Field(key: "bouts") public var bouts: Int
    @OptionalField(key: "first_at") public var firstAt: Date?
    @OptionalField(key: "last_at") public var lastAt: Date?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public init(userID: UUID, fileName: String, placement: String, bytes: Int64) {
        self.$user.id = userID
        self.fileName = fileName
        self.placement = placement
        self.bytes = bytes
        self.status = Status.queued.rawValue
        self.progress = 0
        self.bouts = 0
    }
}
