import Foundation
import SitLessCore
import Vapor

/// The drawn demonstrations of exercises: SVG at stable addresses, and the links and words
/// the pages and the API put around them.
///
///   GET /exercises/{id}/demonstration.svg   the looping animation (key poses side by side
///                                            under prefers-reduced-motion)
///   GET /exercises/{id}/stills.svg           the key poses, numbered and named (handouts)
///   GET /exercises/{id}/thumbnail.svg        one still pose (library cards)
///
/// Built-in exercises are catalog content, not anyone's health data: their drawings are
/// public and cacheable. A clinician's own exercise is drawn only for the people who see it
/// (its author and the people in the author's teams; 404 for anyone else). Drawings are made
/// on first request, off the event loop, and kept in memory keyed by what they are drawn from
/// (the demonstration and dosage), so every process draws each at most once.
enum Demonstrations {
    enum Kind: String, CaseIterable, Sendable {
        case demonstration, stills, thumbnail
        var file: String { "\(rawValue).svg" }
    }

    /// Addresses and words for a page or the API; `nil` when the exercise has no demonstration.
    struct Links: Encodable, Sendable {
        var animation: String
        var stills: String
        var thumbnail: String
        /// The poses in words (the images' `alt`).
        var description: String
        /// Whether the animation shows one side, then the same mirrored for the other.
        var bothSides: Bool
    }

    static func links(_ library: ExerciseLibrary, exerciseID: String) -> Links? {
        let catalog = library.catalog
        guard let exercise = catalog.exercise(exerciseID), let demo = catalog.demonstration(for: exerciseID) else {
            return nil
        }
        let base = "/exercises/\(exercise.id)/"
        return Links(
            animation: base + Kind.demonstration.file, stills: base + Kind.stills.file,
            thumbnail: base + Kind.thumbnail.file,
            description: ExerciseDrawings.description(demo, name: exercise.name),
            bothSides: exercise.dosage.each != nil && !demo.alternates)
    }

    struct DrawingKey: Hashable, Sendable {
        var demonstration: Demonstration
        var name: String
        var dosage: Dosage
        var muscles: [Muscle]
    }

    /// Drawn SVG with its entity tag.
    struct Drawn: Sendable {
        var drawings: ExerciseDrawings
        var tags: [Kind: String]
    }

    /// At most a few hundred distinct drawings exist (built-ins and clinicians' exercises
    /// in use); each set is ~60 KB.
    static let cache = MemoCache<DrawingKey, Drawn?>(limit: 512)

    static func drawn(_ key: DrawingKey, on app: Application) async throws -> Drawn? {
        try await app.threadPool.runIfActive {
            cache.value(for: key) {
                guard
                    case .success(let drawings) = ExerciseDrawings.make(
                        key.demonstration, name: key.name,
                        dosage: key.dosage, muscles: key.muscles)
                else { return nil }
                var tags: [Kind: String] = [:]
                for kind in Kind.allCases { tags[kind] = tag(text(drawings, kind)) }
                return Drawn(drawings: drawings, tags: tags)
            }
        }
    }

    static func text(_ drawings: ExerciseDrawings, _ kind: Kind) -> String {
        switch kind {
        case .demonstration: drawings.animated
        case .stills: drawings.stills
        case .thumbnail: drawings.thumbnail
        }
    }

    static func tag(_ text: String) -> String {
        "\"" + SHA256.hash(data: Data(text.utf8)).prefix(12).map { String(format: "%02x", $0) }.joined() + "\""
    }

    /// `GET /exercises/{id}/{kind}.svg`
    static func svg(_ req: Request) async throws -> Response {
        guard let id = req.parameters.get("id"), let file = req.parameters.get("file"),
            let kind = Kind.allCases.first(where: { $0.file == file }),
            case let library = try await req.library(),
            let exercise = library.exercise(id), let demo = library.catalog.demonstration(for: id)
        else {
            throw Abort(.notFound)
        }
        let key = DrawingKey(
            demonstration: demo, name: exercise.name, dosage: exercise.dosage, muscles: exercise.primaryMuscles)
        guard let drawn = try await drawn(key, on: req.application) else {
            // The catalog's tests solve every demonstration; this is a catalog someone broke.
            req.logger.error("the demonstration of \(id) cannot be drawn")
            throw Abort(.notFound)
        }
        // An own exercise is its team's, and may change: private, checked on every use.
        let cache = library.author(of: id) == nil ? "public, max-age=86400" : "private, no-cache"
        return respond(req, text(drawn.drawings, kind), tag: drawn.tags[kind]!, cache: cache)
    }

    static func respond(_ req: Request, _ svg: String, tag: String, cache: String) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .eTag, value: tag)
        headers.replaceOrAdd(name: .cacheControl, value: cache)
        // The SVG's own style element is all it needs; nothing else may load or run.
        headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'none'; style-src 'unsafe-inline'")
        if ifNoneMatch(req.headers, matches: tag) { return Response(status: .notModified, headers: headers) }
        headers.contentType = HTTPMediaType(type: "image", subType: "svg+xml", parameters: ["charset": "utf-8"])
        return Response(status: .ok, headers: headers, body: .init(string: svg))
    }

    /// Whether `If-None-Match` names this entity tag (weak or strong) or `*`.
    static func ifNoneMatch(_ headers: HTTPHeaders, matches tag: String) -> Bool {
        let weak = "W/" + tag
        for line in headers[.ifNoneMatch] {
            for part in line.split(separator: ",") {
                let candidate: String = part.trimmingCharacters(in: .whitespaces)
                if candidate == tag || candidate == weak || candidate == "*" { return true }
            }
        }
        return false
    }
}
