import Foundation
import SitLessCore
import SitLessStore
import Vapor

/// The exercises a person sees: the built-in catalog, and the own exercises of the
/// clinicians of their teams (and their own, for a clinician), with their photos' owners.
/// Every page and API operation that looks an exercise up by id uses this, so an own
/// exercise works wherever a built-in one does: library, routines, assignments, the
/// player, handouts, progression and the API.
struct ExerciseLibrary: Sendable {
    var catalog: Catalog
    /// Own exercises by id: who wrote them and when they last changed.
    var own: [String: Author]

    struct Author: Sendable {
        var ownerID: UUID
        var name: String
        var updatedAt: Date
    }

    func exercise(_ id: String) -> Exercise? { catalog.exercise(id) }
    func author(of id: String) -> Author? { own[id] }

    struct ParsedKey: Hashable, Sendable {
        var json: String
        var linkable: String
    }
    /// Exercises read from their stored text: every page a team's people open reads the same few.
    static let parsed = MemoCache<ParsedKey, Exercise?>(limit: 2048)

    /// Reads the own exercises `viewer` sees. One that no longer reads (a link to an
    /// exercise its author can no longer see) is left out and logged.
    static func load(builtIn: Catalog, store: Store, viewer: UUID, logger: Logger) async throws -> ExerciseLibrary {
        let records = try await store.ownExercises(visibleTo: viewer)
        guard !records.isEmpty else { return ExerciseLibrary(catalog: builtIn, own: [:]) }
        let linkable = Set(builtIn.exercises.map(\.id)).union(records.map(\.slug))
        var exercises: [Exercise] = []
        var demonstrations: [Demonstration] = []
        var own: [String: Author] = [:]
        let links = linkable.sorted().joined(separator: " ")
        for record in records {
            let read = parsed.value(for: ParsedKey(json: record.exerciseJSON, linkable: links)) {
                try? OwnExercises.exercise(json: Data(record.exerciseJSON.utf8), linkable: linkable).get()
            }
            guard let exercise = read else {
                logger.warning("own exercise \(record.slug) no longer reads; left out")
                continue
            }
            exercises.append(exercise)
            own[exercise.id] = Author(ownerID: record.ownerID, name: record.ownerName, updatedAt: record.updatedAt)
            if let json = record.demonstrationJSON,
                case .success(let demo) = OwnExercises.demonstration(json: Data(json.utf8), for: exercise, solve: false)
            {
                demonstrations.append(demo)
            }
        }
        return ExerciseLibrary(catalog: builtIn.adding(exercises: exercises, demonstrations: demonstrations), own: own)
    }
}

extension Request {
    private struct LibraryKey: StorageKey { typealias Value = ExerciseLibrary }

    /// The signed-in person's library (the built-in catalog for nobody), read once per request.
    func library() async throws -> ExerciseLibrary {
        if let known = storage[LibraryKey.self] { return known }
        guard let viewer = auth.get(Account.self)?.id else { return ExerciseLibrary(catalog: catalog, own: [:]) }
        let library = try await ExerciseLibrary.load(builtIn: catalog, store: store, viewer: viewer, logger: logger)
        storage[LibraryKey.self] = library
        return library
    }
}
