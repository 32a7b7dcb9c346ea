import FluentKit
import Foundation
import SitLessCore

extension Store {
    /// The user with this name, created (with `timeZone`) on first use.
    public func localUser(named name: String, timeZone: String) async throws -> UserRecord {
        if let existing = try await user(nameOrEmail: name) {
            return existing
        }
        let user = UserRecord(name: name, timeZone: TimeZone(identifier: timeZone) != nil ? timeZone : "UTC")
        try await user.create(on: database)
        return user
    }

    public func user(named name: String) async throws -> UserRecord? {
        try await UserRecord.query(on: database).filter(\.$name == name).first()
    }

    public func setTimeZone(_ zone: String, for user: UserRecord) async throws {
        guard TimeZone(identifier: zone) != nil else {
            throw StoreError.invalidPolicy(["time zone '\(zone)' is not an IANA zone such as Europe/Berlin"])
        }
        user.timeZone = zone
        try await user.save(on: database)
    }
}
