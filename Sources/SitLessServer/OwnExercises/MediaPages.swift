import Foundation
import NIOCore
import SitLessCore
import SitLessStore
import Vapor

/// Photos and short videos of exercises, uploaded by clinicians for their own exercises or
/// for built-in ones, seen by the clinician and the people in their teams only.
///
///   POST /exercises/{id}/media?description=…   the file is the body (streams to disk)
///   GET  /media/{id}                           Range (a video seeks), ETag, private caching
///   POST /media/{id}/delete                    the uploader only
///
/// An upload is checked by its bytes (`MediaCleaner`: JPEG, PNG, WebP, MP4, WebM; photos
/// at most 10 MB, videos 50 MB), stripped of location and camera metadata, and stored in the
/// database in 256 KB chunks in one transaction; serving reads a few chunks at a time.
enum MediaPages {
    /// A photo or video as pages show it.
    struct Item: Encodable, Sendable {
        var id: String
        var url: String
        var isVideo: Bool
        var contentType: String
        var description: String
        var width: Int?
        var height: Int?
        var author: String
        var mine: Bool
    }

    private struct AllKey: StorageKey { typealias Value = [String: [Item]] }

    /// Every photo and video the signed-in person sees, by exercise id (read once per request).
    static func all(_ req: Request) async throws -> [String: [Item]] {
        if let known = req.storage[AllKey.self] { return known }
        guard let viewer = req.auth.get(Account.self)?.id else { return [:] }
        var byExercise: [String: [Item]] = [:]
        for media in try await req.store.media(visibleTo: viewer) {
            byExercise[media.exerciseID, default: []].append(item(media, viewer: viewer))
        }
        req.storage[AllKey.self] = byExercise
        return byExercise
    }

    static func items(_ req: Request, exerciseID: String) async throws -> [Item] {
        try await all(req)[exerciseID] ?? []
    }

    static func item(_ media: Media, viewer: UUID) -> Item {
        Item(
            id: media.id.uuidString, url: "/media/\(media.id.uuidString)",
            isVideo: MediaKind(rawValue: media.kind)?.isVideo ?? false,
            contentType: media.contentType, description: media.description, width: media.width, height: media.height,
            author: media.ownerName, mine: media.ownerID == viewer)
    }

    // MARK: Upload

    /// What the upload answers (JSON).
    struct Uploaded: Content {
        var id: UUID
        var url: String
        var kind: String
        var bytes: Int
        var width: Int?
        var height: Int?
        /// What was taken out of the file ("EXIF (camera, time and GPS location)", …).
        var removed: [String]
    }

    static func upload(_ req: Request) async throws -> Response {
        let user = try req.user
        let userID = user.id
        guard user.isClinician else {
            throw APIError(
                .forbidden, code: "forbidden", field: nil,
                "only clinicians and coaches add photos and videos; turn it on under Settings")
        }
        let library = try await req.library()
        guard let exerciseID = req.parameters.get("id"), library.exercise(exerciseID) != nil,
            library.author(of: exerciseID).map({ $0.ownerID == userID }) ?? true
        else {
            throw APIError(.notFound, code: "not_found", field: nil, "no such exercise of yours or in the library")
        }
        let description = try NameRules.check(
            (try? req.query.get(String.self, at: "description")) ?? "", field: "description", limit: 300)
        let limit = MediaLimits.maximumVideoBytes
        if let length = req.headers.first(name: .contentLength).flatMap(Int.init), length > limit {
            throw APIError(.payloadTooLarge, code: "too_large", field: "body", tooLarge)
        }
        let folder = req.settings.uploadDirectory
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let raw = folder + "/" + UUID().uuidString + ".media"
        let clean = raw + ".clean"
        defer {
            try? FileManager.default.removeItem(atPath: raw)
            try? FileManager.default.removeItem(atPath: clean)
        }
        let received = try await req.receiveBody(to: raw, limit: Int64(limit), tooLarge: tooLarge)
        guard received > 0 else {
            throw APIError(
                .unprocessableEntity, code: "invalid_field", field: "body",
                "the upload is empty: send the photo or video as the request body")
        }
        let (facts, digest) = try await req.application.threadPool.runIfActive { () throws -> (MediaFacts, String) in
            guard FileManager.default.createFile(atPath: clean, contents: nil),
                let out = FileHandle(forWritingAtPath: clean)
            else {
                throw APIError(.internalServerError, code: "storage", field: nil, "the upload could not be stored")
            }
            defer { try? out.close() }
            var hash = SHA256()
            do {
                let facts = try MediaCleaner.clean(path: raw) { piece in
                    hash.update(data: piece)
                    try out.write(contentsOf: piece)
                }
                return (facts, hash.finalize().map { String(format: "%02x", $0) }.joined())
            } catch let problem as MediaProblem {
                throw APIError(.unprocessableEntity, code: "invalid_media", field: "body", problem.message)
            }
        }
        let media = try await req.store.addMedia(
            NewMedia(
                ownerID: userID, exerciseID: exerciseID, kind: facts.kind.rawValue,
                contentType: facts.mimeType, width: facts.width, height: facts.height,
                description: description, sha256: digest), path: clean)
        let id = media.id
        let body = Uploaded(
            id: id, url: "/media/\(id.uuidString)", kind: facts.kind.rawValue, bytes: media.bytes,
            width: facts.width, height: facts.height, removed: facts.removed)
        let response = try await body.encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: body.url)
        return response
    }

    static var tooLarge: String {
        "photos may be at most \(MediaLimits.megabytes(MediaLimits.maximumPhotoBytes)) and videos "
            + "\(MediaLimits.megabytes(MediaLimits.maximumVideoBytes))"
    }

    // MARK: Serving

    static func serve(_ req: Request) async throws -> Response {
        guard let viewer = req.auth.get(Account.self)?.id,
            let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
            let media = try await req.store.media(id, visibleTo: viewer)
        else { throw Abort(.notFound) }
        let tag = "\"\(media.sha256.prefix(32))\""
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .eTag, value: tag)
        // Health-adjacent and revocable: only the person's browser keeps it, and asks again each time.
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-cache")
        headers.replaceOrAdd(name: .acceptRanges, value: "bytes")
        headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'none'")
        headers.replaceOrAdd(name: .contentDisposition, value: "inline")
        if Demonstrations.ifNoneMatch(req.headers, matches: tag) {
            return Response(status: .notModified, headers: headers)
        }
        headers.replaceOrAdd(name: .contentType, value: media.contentType)
        let size = media.bytes
        var range = 0..<size
        var status = HTTPResponseStatus.ok
        let ifRange = req.headers.first(name: .ifRange)
        if let value = req.headers.first(name: .range), ifRange == nil || ifRange == tag {
            switch ByteRange.parse(value, size: size) {
            case .whole: break
            case .part(let part):
                range = part
                status = .partialContent
                headers.replaceOrAdd(
                    name: .contentRange, value: "bytes \(part.lowerBound)-\(part.upperBound - 1)/\(size)")
            case .unsatisfiable:
                headers.replaceOrAdd(name: .contentRange, value: "bytes */\(size)")
                return Response(status: .rangeNotSatisfiable, headers: headers)
            }
        }
        let store = req.store
        let chunk = media.chunkBytes
        let selected = range
        let body = Response.Body(
            managedAsyncStream: { writer in
                guard !selected.isEmpty else { return }
                // A few chunks per query: memory holds about 1 MB whatever the file's size.
                var first = selected.lowerBound / chunk
                let last = (selected.upperBound - 1) / chunk
                while first <= last {
                    let upTo = min(last, first + 3)
                    for (offset, data) in try await store.mediaChunks(id, first: first, last: upTo).enumerated() {
                        let start = (first + offset) * chunk
                        let from = max(selected.lowerBound - start, 0)
                        let to = min(selected.upperBound - start, data.count)
                        if from < to {
                            try await writer.writeBuffer(
                                ByteBuffer(bytes: data[data.startIndex + from..<data.startIndex + to]))
                        }
                    }
                    first = upTo + 1
                }
            }, count: range.count)
        return Response(status: status, headers: headers, body: body)
    }

    // MARK: Deleting

    static func delete(_ req: Request) async throws -> Response {
        let userID = try req.userID
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
            let media = try await req.store.media(id, visibleTo: userID), media.ownerID == userID
        else { throw Abort(.notFound) }
        let noun = MediaKind(rawValue: media.kind)?.noun ?? "file"
        guard Confirm.given(req) else {
            let exercise = try await req.library().exercise(media.exerciseID)?.name ?? media.exerciseID
            return try await Confirm.ask(
                req, title: "Remove the \(noun)?", nav: "library",
                question: "Remove the \(noun) “\(media.description)” from \(exercise)?",
                details: [
                    "You and the people in your teams will no longer see it. This cannot be undone; to show it "
                        + "again, upload it again."
                ],
                button: "Remove the \(noun)", cancel: "/library/\(media.exerciseID)")
        }
        guard try await req.store.deleteMedia(id, ownerID: userID) else { throw Abort(.notFound) }
        return req.redirect(to: "/library/\(media.exerciseID)", flash: "Removed the \(noun).")
    }
}

/// One `Range: bytes=…` header against a file of `size` bytes (RFC 9110 §14.1.2). Several
/// ranges are answered with the whole file, which the RFC allows.
enum ByteRange: Equatable {
    case whole
    case part(Range<Int>)
    case unsatisfiable

    static func parse(_ header: String, size: Int) -> ByteRange {
        let text = header.trimmingCharacters(in: .whitespaces)
        guard text.lowercased().hasPrefix("bytes="), !text.contains(",") else { return .whole }
        let spec = text.dropFirst(6).trimmingCharacters(in: .whitespaces)
        let parts = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard parts.count == 2 else { return .whole }
        if parts[0].isEmpty {
            // The last N bytes.
            guard let n = Int(parts[1]), n >= 0 else { return .whole }
            guard n > 0, size > 0 else { return .unsatisfiable }
            return .part(max(size - n, 0)..<size)
        }
        guard let start = Int(parts[0]), start >= 0 else { return .whole }
        guard start < size else { return .unsatisfiable }
        if parts[1].isEmpty { return .part(start..<size) }
        guard let end = Int(parts[1]), end >= start else { return .whole }
        return .part(start..<min(end + 1, size))
    }
}
