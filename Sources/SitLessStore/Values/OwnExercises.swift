import Foundation

/// A clinician's own exercise as stored: the catalog's JSON for it and its demonstration.
public struct OwnExercise: Sendable, Identifiable {
    /// The exercise's id in routines, workouts and logs (`own-…`).
    public var slug: String
    public var ownerID: UUID
    /// How others see the author.
    public var ownerName: String
    public var name: String
    public var exerciseJSON: String
    public var demonstrationJSON: String?
    public var createdAt: Date?
    public var updatedAt: Date

    public var id: String { slug }
}

/// A photo or short video of an exercise, without its bytes (`Store.mediaChunks`).
public struct Media: Sendable, Identifiable {
    public let id: UUID
    public var ownerID: UUID
    /// How others see the uploader.
    public var ownerName: String
    public var exerciseID: String
    /// `jpeg`, `png`, `webp`, `mp4` or `webm`, from the bytes.
    public var kind: String
    public var contentType: String
    public var bytes: Int
    public var width: Int?
    public var height: Int?
    /// What it shows, in words (the image's `alt`).
    public var description: String
    /// SHA-256 of the stored bytes, hex: the entity tag.
    public var sha256: String
    public var chunkBytes: Int
    public var createdAt: Date?
}

extension OwnExercise {
    init(_ record: OwnExerciseRecord, owner: Account) {
        self.init(
            slug: record.slug, ownerID: owner.id, ownerName: owner.displayName, name: record.name,
            exerciseJSON: record.exerciseJSON, demonstrationJSON: record.demonstrationJSON,
            createdAt: record.createdAt, updatedAt: record.updatedAt)
    }
}

extension Media {
    init(_ record: MediaRecord, owner: Account) throws {
        self.init(
            id: try record.requireID(), ownerID: owner.id, ownerName: owner.displayName,
            exerciseID: record.exerciseID, kind: record.kind, contentType: record.contentType,
            bytes: record.bytes, width: record.width, height: record.height, description: record.description,
            sha256: record.sha256, chunkBytes: record.chunkBytes, createdAt: record.createdAt)
    }
}
