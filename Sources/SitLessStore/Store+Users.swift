import FluentKit
import Foundation
import SitLessCore

extension Store {
    /// The user with this name, created (with `timeZone`) on first use.
    public func localUser(named name: String, timeZone: String) async throws -> Account {
        if let existing = try await user(nameOrEmail: name) {
            return existing
        }
        let user = UserRecord(name: name, timeZone: TimeZone(identifier: timeZone) != nil ? timeZone : "UTC")
        try await user.create(on: database)
        return try Account(user)
    }

    public func user(named name: String) async throws -> Account? {
        try await UserRecord.query(on: database).filter(\.$name == name).first().map(Account.init)
    }
}
