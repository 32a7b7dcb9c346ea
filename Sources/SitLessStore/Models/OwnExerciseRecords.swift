import FluentKit
import Foundation

/// An exercise a clinician wrote for their teams, stored as the catalog writes one (JSON in
/// the catalog's format, read back by the catalog's reader), with its demonstration.
final class OwnExerciseRecord: Model, @unchecked Sendable {
    public static let schema = "own_exercises"

    @ID(key: .id) public var id: UUID?
    /// The exercise's id in routines, workouts and logs (`own-…`).
    @Field(key: "slug") public var slug: String
    @Parent(key: "owner_id") public var owner: UserRecord
    @Field(key: "name") public var name: String
    @Field(key: "exercise_json") public var exerciseJSON: String
    @OptionalField(key: "demonstration_json") public var demonstrationJSON: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}
    public init(
        slug: String, ownerID: UUID, name: String, exerciseJSON: String, demonstrationJSON: String?, updatedAt: Date
    ) {
        self.slug = slug
        self.$owner.id = ownerID
        self.name = name
        self.exerciseJSON = exerciseJSON
        self.demonstrationJSON = demonstrationJSON
        self.updatedAt = updatedAt
    }
}

/// A photo or short video of an exercise (an own one, or a built-in one for the uploader's
/// teams), cleaned of identifying metadata; its bytes are in `MediaChunkRecord`s.
final class MediaRecord: Model, @unchecked Sendable {
    public static let schema = "media"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "owner_id") public var owner: UserRecord
    @Field(key: "exercise_id") public var exerciseID: String
    /// `jpeg`, `png`, `webp`, `mp4` or `webm`, from the bytes.
    @Field(key: "kind") public var kind: String
    @Field(key: "content_type") public var contentType: String
    @Field(key: "bytes") public var bytes: Int
    @OptionalField(key: "width") public var width: Int?
    @OptionalField(key: "height") public var height: Int?
    /// What it shows, in words (the image's `alt`).
    @Field(key: "description") public var description: String
    /// SHA-256 of the stored bytes, hex: the entity tag.
    @Field(key: "sha256") public var sha256: String
    @Field(key: "chunk_bytes") public var chunkBytes: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}

/// One piece of a media file, in order (`seq` from 0), each `chunk_bytes` long but the last.
final class MediaChunkRecord: Model, @unchecked Sendable {
    public static let schema = "media_chunks"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "media_id") public var media: MediaRecord
    @Field(key: "seq") public var seq: Int
    @Field(key: "data") public var data: Data

    public init() {}
    public init(mediaID: UUID, seq: Int, data: Data) {
        self.$media.id = mediaID
        self.seq = seq
        self.data = data
    }
}
