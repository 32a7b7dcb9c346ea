import FluentKit
import FluentSQL
import Foundation
import SitLessCore

/// What a media upload is, decided by the caller from the cleaned bytes.
public struct NewMedia: Sendable {
    public var ownerID: UUID
    public var exerciseID: String
    public var kind: String
    public var contentType: String
    public var width: Int?
    public var height: Int?
    public var description: String
    /// SHA-256 of the bytes, hex (the caller hashes while cleaning).
    public var sha256: String

    public init(
        ownerID: UUID, exerciseID: String, kind: String, contentType: String, width: Int?, height: Int?,
        description: String, sha256: String
    ) {
        self.sha256 = sha256
        self.ownerID = ownerID
        self.exerciseID = exerciseID
        self.kind = kind
        self.contentType = contentType
        self.width = width
        self.height = height
        self.description = description
    }
}

extension Store {
    /// Bytes per stored media chunk: a request for any range reads at most two more than it needs.
    public static let mediaChunkBytes = 256 * 1024

    // MARK: Who sees whose exercises

    /// Whose own exercises and media `viewer` sees: their own, and those of the clinicians of
    /// every team they are in (as a member or a fellow clinician). Leaving a team ends it.
    public func exerciseAuthors(visibleTo viewer: UUID) async throws -> Set<UUID> {
        let teams = try await TeamMemberRecord.query(on: database).filter(\.$user.$id == viewer).all().map {
            $0.$team.id
        }
        guard !teams.isEmpty else { return [viewer] }
        let clinicians = try await TeamMemberRecord.query(on: database).filter(\.$team.$id ~~ teams)
            .filter(\.$role == TeamRole.clinician.rawValue).all().map { $0.$user.id }
        return Set(clinicians).union([viewer])
    }

    // MARK: Own exercises

    public func ownExercises(visibleTo viewer: UUID) async throws -> [OwnExercise] {
        let authors = Array(try await exerciseAuthors(visibleTo: viewer))
        return try await OwnExerciseRecord.query(on: database).filter(\.$owner.$id ~~ authors).with(\.$owner)
            .sort(\.$name).all().map { OwnExercise($0, owner: try Account($0.owner)) }
    }

    public func ownExercise(slug: String, visibleTo viewer: UUID) async throws -> OwnExercise? {
        let authors = Array(try await exerciseAuthors(visibleTo: viewer))
        return try await OwnExerciseRecord.query(on: database).filter(\.$slug == slug).filter(\.$owner.$id ~~ authors)
            .with(\.$owner).first().map { OwnExercise($0, owner: try Account($0.owner)) }
    }

    /// Creates the exercise, or replaces it when `slug` is already the owner's; another
    /// person's slug is not found (nil).
    public func saveOwnExercise(
        slug: String, ownerID: UUID, name: String, exerciseJSON: String, demonstrationJSON: String?,
        keepDemonstration: Bool, now: Date
    ) async throws -> String? {
        try await transaction { db in
            if let existing = try await OwnExerciseRecord.query(on: db).filter(\.$slug == slug).first() {
                guard existing.$owner.id == ownerID else { return nil }
                existing.name = name
                existing.exerciseJSON = exerciseJSON
                if !keepDemonstration { existing.demonstrationJSON = demonstrationJSON }
                existing.updatedAt = now
                try await existing.update(on: db)
                return existing.slug
            }
            let record = OwnExerciseRecord(
                slug: slug, ownerID: ownerID, name: name, exerciseJSON: exerciseJSON,
                demonstrationJSON: demonstrationJSON, updatedAt: now)
            try await record.create(on: db)
            return record.slug
        }
    }

    /// Sets (or with nil removes) the demonstration of the owner's exercise; false when it is not theirs.
    public func setOwnDemonstration(slug: String, ownerID: UUID, json: String?, now: Date) async throws -> Bool {
        guard
            let record = try await OwnExerciseRecord.query(on: database).filter(\.$slug == slug)
                .filter(\.$owner.$id == ownerID).first()
        else { return false }
        record.demonstrationJSON = json
        record.updatedAt = now
        try await record.update(on: database)
        return true
    }

    // MARK: Media

    /// Stores the file at `path` (already checked and cleaned) in chunks, all or nothing.
    /// Memory holds one chunk at a time, whatever the file's size.
    public func addMedia(_ new: NewMedia, path: String) async throws -> Media {
        let id = try await transaction { db in
            let media = MediaRecord()
            media.$owner.id = new.ownerID
            media.exerciseID = new.exerciseID
            media.kind = new.kind
            media.contentType = new.contentType
            media.width = new.width
            media.height = new.height
            media.description = new.description
            media.chunkBytes = Store.mediaChunkBytes
            media.bytes = 0
            media.sha256 = new.sha256
            try await media.create(on: db)
            let id = try media.requireID()
            guard let handle = FileHandle(forReadingAtPath: path) else { throw StoreError.unreadableUpload(path) }
            defer { try? handle.close() }
            var seq = 0
            var total = 0
            while let chunk = try handle.read(upToCount: Store.mediaChunkBytes), !chunk.isEmpty {
                try await MediaChunkRecord(mediaID: id, seq: seq, data: chunk).create(on: db)
                seq += 1
                total += chunk.count
            }
            media.bytes = total
            try await media.update(on: db)
            return id
        }
        guard let media = try await media(id, visibleTo: new.ownerID) else {
            throw StoreError.unreadable("the file just stored (\(id)) could not be read back")
        }
        return media
    }

    public func media(_ id: UUID, visibleTo viewer: UUID) async throws -> Media? {
        let authors = Array(try await exerciseAuthors(visibleTo: viewer))
        return try await MediaRecord.query(on: database).filter(\.$id == id).filter(\.$owner.$id ~~ authors)
            .with(\.$owner).first().map { try Media($0, owner: try Account($0.owner)) }
    }

    /// Every photo and video `viewer` sees (its metadata, not its bytes), oldest first.
    public func media(visibleTo viewer: UUID) async throws -> [Media] {
        let authors = Array(try await exerciseAuthors(visibleTo: viewer))
        return try await MediaRecord.query(on: database).filter(\.$owner.$id ~~ authors).with(\.$owner)
            .sort(\.$createdAt).all().map { try Media($0, owner: try Account($0.owner)) }
    }

    /// The photos and videos of an exercise that `viewer` sees, oldest first.
    public func media(exerciseID: String, visibleTo viewer: UUID) async throws -> [Media] {
        let authors = Array(try await exerciseAuthors(visibleTo: viewer))
        return try await MediaRecord.query(on: database).filter(\.$exerciseID == exerciseID)
            .filter(\.$owner.$id ~~ authors).with(\.$owner).sort(\.$createdAt).all()
            .map { try Media($0, owner: try Account($0.owner)) }
    }

    /// Chunks `first...last` of a stored file, in order.
    public func mediaChunks(_ mediaID: UUID, first: Int, last: Int) async throws -> [Data] {
        try await MediaChunkRecord.query(on: database).filter(\.$media.$id == mediaID).filter(\.$seq >= first)
            .filter(\.$seq <= last).sort(\.$seq).all().map(\.data)
    }

    /// Deletes the owner's file; false when it is not theirs.
    public func deleteMedia(_ id: UUID, ownerID: UUID) async throws -> Bool {
        try await transaction { db in
            guard
                let media = try await MediaRecord.query(on: db).filter(\.$id == id).filter(\.$owner.$id == ownerID)
                    .first()
            else {
                return false
            }
            try await MediaChunkRecord.query(on: db).filter(\.$media.$id == id).delete()
            try await media.delete(on: db)
            return true
        }
    }
}
