import Foundation
import SitLessAPI
import SitLessCore
import SitLessStore
import Vapor

/// The library (`catalog` tag) and the person (`people` tag).
extension APIServer {
    typealias S = Components.Schemas

    static func exercise(_ e: SitLessCore.Exercise, _ library: ExerciseLibrary) -> S.Exercise {
        let demonstration = Demonstrations.links(library, exerciseID: e.id).map {
            S.Demonstration(
                description: $0.description, animation: $0.animation, stills: $0.stills, thumbnail: $0.thumbnail)
        }
        return S.Exercise(
            name: e.name, author: library.author(of: e.id)?.name, demonstration: demonstration,
            deskBreak: e.isDeskBreak,
            dosage: e.dosage.details, feel: e.feel, how: e.how, id: e.id, level: e.level.name, position: e.position.name
        )
    }

    /// The catalog's lists page by offset: the cursor is the number of items to skip, at
    /// most the list's length.
    static func offsetPage<T>(_ all: [T], limit: Int?, cursor: Int?) throws -> (ArraySlice<T>, String?) {
        let limit = try self.limit(limit)
        let start = cursor ?? 0
        guard start >= 0, start <= all.count else { throw badCursor }
        let next = start + limit < all.count ? String(start + limit) : nil
        return (all[start..<min(all.count, start + limit)], next)
    }

    func listExercises(_ input: Operations.ListExercises.Input) async throws -> Operations.ListExercises.Output {
        let library = try await Self.request.library()
        var all = library.catalog.exercises
        if let q = input.query.q?.lowercased(), !q.isEmpty { all = all.filter { $0.name.lowercased().contains(q) } }
        if input.query.deskBreak == true { all = all.filter(\.isDeskBreak) }
        let (page, next) = try Self.offsetPage(all, limit: input.query.limit, cursor: input.query.cursor)
        return .ok(.init(body: .json(.init(items: page.map { Self.exercise($0, library) }, nextCursor: next))))
    }

    func getExercise(_ input: Operations.GetExercise.Input) async throws -> Operations.GetExercise.Output {
        let library = try await Self.request.library()
        guard let e = library.exercise(input.path.id) else { throw APIError.notFound }
        return .ok(.init(body: .json(Self.exercise(e, library))))
    }

    static func program(_ p: SitLessCore.Program) -> S.Program {
        S.Program(
            name: p.name, goal: p.goal, id: p.id, perWeek: p.perWeek.description,
            sessions: p.weeks.reduce(0) { $0 + $1.sessions.count }, weeks: p.weekCount)
    }

    func listPrograms(_ input: Operations.ListPrograms.Input) async throws -> Operations.ListPrograms.Output {
        let (page, next) = try Self.offsetPage(
            try Self.request.catalog.programs, limit: input.query.limit, cursor: input.query.cursor)
        return .ok(.init(body: .json(.init(items: page.map(Self.program), nextCursor: next))))
    }

    func getProgram(_ input: Operations.GetProgram.Input) async throws -> Operations.GetProgram.Output {
        guard let p = try Self.request.catalog.program(input.path.id) else { throw APIError.notFound }
        return .ok(.init(body: .json(Self.program(p))))
    }

    func getUser(_ input: Operations.GetUser.Input) async throws -> Operations.GetUser.Output {
        let u = try await Self.subject(input.path.user)
        return .ok(
            .init(
                body: .json(
                    .init(
                        email: u.email, id: u.id.uuidString, isAdmin: u.isAdmin, isClinician: u.isClinician,
                        onboarded: u.onboardedAt != nil, timeZone: u.timeZone))))
    }

    func getReport(_ input: Operations.GetReport.Input) async throws -> Operations.GetReport.Output {
        let req = try Self.request
        let report = try await MemberReport.build(
            req, member: try await Self.subject(req, input.path.user, write: false))
        return .ok(.init(body: .json(Components.Schemas.Report(report))))
    }

    // MARK: The person's data

    func exportArchive(_ input: Operations.ExportArchive.Input) async throws -> Operations.ExportArchive.Output {
        let req = try Self.request
        let person = try await Self.subject(req, input.path.user, write: true)
        let data = try await YourData.archiveData(req, userID: person.id)
        return .ok(
            .init(
                headers: .init(contentDisposition: YourData.archiveDisposition(req)),
                body: .applicationXTar(.init(data))))
    }

    func importArchive(_ input: Operations.ImportArchive.Input) async throws -> Operations.ImportArchive.Output {
        let req = try Self.request
        let person = try await Self.subject(req, input.path.user, write: true)
        guard case .binary(let body) = input.body else {
            throw APIError.field("body", "send the .tar export as the request body")
        }
        let data = try await Data(collecting: body, upTo: YourData.archiveLimit)
        guard !data.isEmpty else { throw APIError.field("body", "send the .tar export as the request body") }
        do {
            try await YourData.importArchive(data, req: req, userID: person.id)
        } catch let refused as YourData.ArchiveRefused {
            throw refused.status == .conflict
                ? APIError(.conflict, code: "conflict", field: "archive", refused.message)
                : APIError(.unprocessableEntity, code: "invalid_field", field: "archive", refused.message)
        }
        return .noContent(.init())
    }

    func deleteAccount(_ input: Operations.DeleteAccount.Input) async throws -> Operations.DeleteAccount.Output {
        let req = try Self.request
        let person = try await Self.subject(req, input.path.user, write: true)
        guard case .json(let body) = input.body else { throw APIError.field("body", "send a JSON object") }
        guard let hash = try await req.store.passwordHash(userID: person.id),
            try await req.password.async.verify(body.password, created: hash)
        else {
            throw APIError.field("password", "is not correct; nothing was deleted")
        }
        try await req.store.deleteAccount(userID: person.id)
        return .noContent(.init())
    }
}
