import Foundation
import SitLessStore
import Vapor

/// What a web page answers when it cannot show itself: a status and a sentence for the
/// person, rendered by `HTMLErrorMiddleware` as an error page in the site's layout (or as the
/// API's JSON error body when JSON was asked for). The API's handlers throw `APIError`, which
/// carries a stable code; pages throw this.
struct PageError: AbortError {
    var status: HTTPResponseStatus
    /// The page's heading; the status's phrase when nil.
    var heading: String?
    var message: String

    init(_ status: HTTPResponseStatus, heading: String? = nil, _ message: String) {
        self.status = status
        self.heading = heading
        self.message = message
    }

    var reason: String { message }

    /// Unknown, or someone else's: the two are not told apart.
    static let notFound = PageError(.notFound, "there is nothing here, or it is not yours to see")
}

/// Store errors a handler did not catch answer with what they are instead of a 500: the
/// person's input (422), a state that no longer allows the write (409), a database the server
/// cannot use (500, logged).
extension StoreError: AbortError {
    public var status: HTTPResponseStatus {
        switch self {
        case .beforeCurrentBout, .inTheFuture, .invalidPolicy, .invalidBout, .invalidSet, .emptyImport, .overlapsImport:
            .unprocessableEntity
        case .noSuchBout:
            .notFound
        case .statusChange, .sessionFinished, .backupExists:
            .conflict
        case .safetyStop, .safetyCheckNeeded:
            .forbidden
        case .cannotOpen, .unreadable, .setNotSaved, .backupNeedsSQLite, .migrationRefused, .unreadableUpload:
            .internalServerError
        }
    }

    public var reason: String { description }
}
