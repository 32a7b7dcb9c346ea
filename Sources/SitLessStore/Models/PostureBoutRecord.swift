import FluentKit
import Foundation
import SitLessCore

/// A stored posture bout. `end` is empty while a manual or desktop bout is still going on.
final class PostureBoutRecord: Model, @unchecked Sendable {
    public static let schema = "posture_bouts"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: UserRecord
    @Field(key: "posture") public var posture: String
    @Field(key: "source") public var source: String
    @Field(key: "start_at") public var start: Date
    @OptionalField(key: "end_at") public var end: Date?
    @Field(key: "confidence") public var confidence: Double
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(userID: UUID, posture: Posture, source: PostureSource, start: Date, end: Date?, confidence: Double) {
        self.$user.id = userID
        self.posture = posture.rawValue
        self.source = source.rawValue
        self.start = start
        self.end = end
        self.confidence = confidence
    }

    /// The bout as a Core value, an open one ending at `openEnd`.
    func bout(openEnd: Date) -> PostureBout? {
        guard let p = Posture(rawValue: posture), let s = PostureSource(rawValue: source) else { return nil }
        return PostureBout(p, from: start, to: end ?? max(start, openEnd), source: s, confidence: confidence)
    }
}
