import Foundation

/// Why an export could not be read or imported, said so a person can act on it.
public enum ArchiveError: Error, Equatable, CustomStringConvertible {
    /// The export was written by a SitLess whose format this one does not know.
    case unknownVersion(Int)
    /// The account to import into (or export) does not exist.
    case noSuchAccount(UUID)
    /// Importing would mix the export with data the account already has.
    case accountHasData
    /// A row of the export already exists on this server (imported before).
    case alreadyOnServer(what: String, id: UUID)
    /// The export contradicts itself (a set of a workout it does not contain, ...).
    case inconsistent(String)
    /// The archive has no `sitless-export.json`.
    case missingExport
    /// `sitless-export.json` is not valid JSON or not in the export's format.
    case unreadableExport(String)

    public var description: String {
        switch self {
        case .unknownVersion(let version):
            return "this export has format version \(version), but this SitLess reads version "
                + "\(UserArchive.currentVersion); nothing was imported"
        case .noSuchAccount(let id):
            return "there is no account with id \(id)"
        case .accountHasData:
            return "this account already has sitting or training data; an export can only be imported into an "
                + "account without any, so nothing was imported"
        case .alreadyOnServer(let what, let id):
            return "this export has already been imported on this server (its \(what) \(id) is here already); "
                + "nothing was imported"
        case .inconsistent(let problem):
            return "the export does not hang together: \(problem); nothing was imported"
        case .missingExport:
            return "the archive has no \(Store.archiveJSONName), so it is not a SitLess export"
        case .unreadableExport(let problem):
            return "\(Store.archiveJSONName) cannot be read: \(problem)"
        }
    }
}
