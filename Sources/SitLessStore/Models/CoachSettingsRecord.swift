import FluentKit
import Foundation

/// A person's break-coach policy, stored as the JSON of `CoachPolicy` (one row per user).
final class CoachSettingsRecord: Model, @unchecked Sendable {
    public static let schema = "coach_settings"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: UserRecord
    @Field(key: "policy_json") public var policyJSON: String
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public init(userID: UUID, policyJSON: String) {
        self.$user.id = userID
        self.policyJSON = policyJSON
    }
}
