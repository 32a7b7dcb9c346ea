import Foundation
import SitLessCore
import SitLessStore
import Vapor

/// A person's data: the export archive, importing one from another SitLess, deleting the account.
enum YourData {
    /// The largest archive an import accepts.
    static let archiveLimit = 256 * 1_048_576

    /// The tar archive of everything the person owns.
    /// The person's export as tar bytes.
    static func archiveData(_ req: Request, userID: UUID) async throws -> Data {
        let archive = try await req.store.exportArchive(userID: userID, now: req.now)
        // Encoding years of data is CPU work: on the thread pool, never on an event loop.
        let store = req.store
        let now = req.now
        return try await req.application.threadPool.runIfActive {
            try TarArchive.write(try store.archiveFiles(archive), modified: now)
        }
    }

    /// `Content-Disposition` of an export: a file named for the day.
    static func archiveDisposition(_ req: Request) -> String {
        "attachment; filename=\"sitless-export-\(LocalDate(req.now, in: .gmt)).tar\""
    }

    static func archive(_ req: Request, userID: UUID) async throws -> Response {
        let data = try await archiveData(req, userID: userID)
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "x-tar")
        response.headers.replaceOrAdd(name: .contentDisposition, value: archiveDisposition(req))
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    static func export(_ req: Request) async throws -> Response {
        try await archive(req, userID: try req.userID)
    }

    /// Why an archive was not imported: the file is not a readable export (422), or its
    /// data cannot join this account's (409). The page shows it beside the field; the API
    /// answers it as an `APIError`.
    struct ArchiveRefused: Error {
        var status: HTTPResponseStatus
        var message: String
    }

    /// Reads an archive and imports it into the account, all or nothing.
    static func importArchive(_ data: Data, req: Request, userID: UUID) async throws {
        let archive: UserArchive
        do {
            archive = try await req.application.threadPool.runIfActive { try Store.archive(fromTar: data) }
        } catch let error as TarArchive.Problem {
            throw ArchiveRefused(
                status: .unprocessableEntity,
                message: "archive: not a SitLess export: \(error.description)")
        } catch let error as ArchiveError {
            throw ArchiveRefused(status: .unprocessableEntity, message: "archive: \(error.description)")
        }
        do {
            try await req.store.importArchive(archive, into: userID)
        } catch let error as ArchiveError {
            throw ArchiveRefused(status: .conflict, message: error.description)
        }
    }

    /// The Settings page form (multipart, with the archive as `archive`).
    static func importForm(_ req: Request) async throws -> Response {
        struct Upload: Content { var archive: File }
        guard let upload = try? req.content.decode(Upload.self), upload.archive.data.readableBytes > 0 else {
            return try await SettingsPages.model(
                req, status: .unprocessableEntity,
                errors: [FieldError(field: "Archive", message: "choose the .tar file you downloaded from SitLess")]
            )
            .encodeResponse(for: req)
        }
        do {
            try await importArchive(Data(upload.archive.data.readableBytesView), req: req, userID: try req.userID)
        } catch let error as ArchiveRefused {
            return try await SettingsPages.model(
                req, status: error.status, errors: [FieldError(field: "Archive", message: error.message)]
            )
            .encodeResponse(for: req)
        }
        return req.redirect(to: "/", flash: "Your data from the other SitLess is here.")
    }

    /// Deletes the account and all its data after the password is confirmed.
    static func deleteForm(_ req: Request) async throws -> Response {
        let user = try req.user
        let password = try req.form()["password"] ?? ""
        guard let hash = try await req.store.passwordHash(userID: user.id),
            try await req.password.async.verify(password, created: hash)
        else {
            return try await SettingsPages.model(
                req, status: .unprocessableEntity,
                errors: [FieldError(field: "Password", message: "is not correct; nothing was deleted")]
            )
            .encodeResponse(for: req)
        }
        try await req.store.deleteAccount(userID: user.id)
        req.auth.logout(Account.self)
        req.session.destroy()
        req.logger.info("account deleted")
        return req.redirect(to: "/signin", redirectType: .normal)
    }
}
