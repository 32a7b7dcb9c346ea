import FluentKit
import Foundation
import SitLessCore

extension Store {
    /// An open manual bout (a `sit` never followed by another entry) counts until now, but
    /// at most this long: a forgotten `sitless sit` in the evening must not become a night
    /// of sitting (the rule is `PostureSource.longestBout`, in Core).
    public static let openManualBoutLimit: TimeInterval = PostureSource.manual.longestBout

    /// Records that the person changed posture at `at` (manual logging: `sitless sit`,
    /// `stand`, `walk`, `away`). The open manual bout ends at `at`; a new one starts unless
    /// the person went away (`.unknown`). One transaction: all or nothing.
    ///
    /// Entries go forward in time: `at` may not be before the open entry's start, nor in the
    /// future. An entry at the very moment the open one started corrects its posture.
    @discardableResult
    public func recordPostureChange(
        userID: UUID, to posture: Posture, at: Date, now: Date,
        zone: TimeZone
    ) async throws -> StoredBout? {
        try TimeBounds.check(at, field: "at")
        if at > now.addingTimeInterval(60) {
            throw StoreError.inTheFuture(at: Store.format(at, zone), now: Store.format(now, zone))
        }
        return try await transaction { db -> StoredBout? in
            let latest = try await PostureBoutRecord.query(on: db)
                .filter(\.$user.$id == userID)
                .filter(\.$source == PostureSource.manual.rawValue)
                .sort(\.$start, .descending)
                .first()
            if let latest {
                let lastMoment = latest.end ?? latest.start
                if latest.end == nil && at == latest.start {
                    // Same moment: a correction of the open entry.
                    if posture == .unknown {
                        try await latest.delete(on: db)
                        return nil
                    }
                    latest.posture = posture.rawValue
                    try await latest.save(on: db)
                    return try StoredBout(latest)
                }
                if at < lastMoment || (latest.end == nil && at <= latest.start) {
                    throw StoreError.beforeCurrentBout(
                        at: Store.format(at, zone), current: latest.posture,
                        since: Store.format(latest.start, zone))
                }
                if latest.end == nil {
                    // Close the open bout, capped like an open bout is read.
                    latest.end = min(at, latest.start.addingTimeInterval(Store.openManualBoutLimit))
                    try await latest.save(on: db)
                }
            }
            guard posture != .unknown else { return nil }
            let record = PostureBoutRecord(
                userID: userID, posture: posture, source: .manual, start: at, end: nil, confidence: 1)
            try await record.create(on: db)
            return try StoredBout(record)
        }
    }

    /// The person's bouts overlapping [from, to), from every source, with open bouts ending
    /// at `now` (manual ones at most `openManualBoutLimit` after they began).
    public func bouts(userID: UUID, from: Date, to: Date, now: Date) async throws -> [PostureBout] {
        // One JSON row rather than Fluent models: this read is behind every page and API call
        // about sitting, and a week of wearable data is thousands of rows.
        try await read(PersonReads(bouts: .init(from: from, to: to)), userID: userID, now: now).bouts
    }

    /// The merged timeline for [from, to).
    public func timeline(userID: UUID, from: Date, to: Date, now: Date) async throws -> PostureTimeline {
        PostureTimeline(merging: try await bouts(userID: userID, from: from, to: to, now: now))
    }

    /// The latest manual entry, open or not.
    public func latestManualBout(userID: UUID) async throws -> StoredBout? {
        try await PostureBoutRecord.query(on: database)
            .filter(\.$user.$id == userID)
            .filter(\.$source == PostureSource.manual.rawValue)
            .sort(\.$start, .descending)
            .first().flatMap(StoredBout.init)
    }

    /// Inserts finished bouts (an import, the desktop agent) in one transaction; each follows
    /// `PostureBout.check` or nothing is inserted.
    public func insertBouts(_ bouts: [PostureBout], userID: UUID) async throws {
        for (i, bout) in bouts.enumerated() {
            try PostureBout.check(
                start: bout.start, end: bout.end, source: bout.source,
                fields: ("bouts[\(i)].start", "bouts[\(i)].end"))
        }
        // A week of thigh data is thousands of bouts: insert them 500 rows per statement.
        let records = bouts.map {
            PostureBoutRecord(
                userID: userID, posture: $0.posture, source: $0.source, start: $0.start, end: $0.end,
                confidence: $0.confidence)
        }
        try await transaction { db in
            for start in stride(from: 0, to: records.count, by: 500) {
                try await Array(records[start..<min(start + 500, records.count)]).create(on: db)
            }
        }
    }

    /// Creates or extends the desktop agent's current presence bout; returns its id.
    public func savePresence(_ bout: PostureBout, id: UUID?, open: Bool, userID: UUID) async throws -> UUID {
        try PostureBout.check(start: bout.start, end: bout.end, source: bout.source, open: open)
        if let id,
            let record = try await PostureBoutRecord.query(on: database)
                .filter(\.$id == id).filter(\.$user.$id == userID).first()
        {
            record.posture = bout.posture.rawValue
            record.start = bout.start
            record.end = open ? nil : bout.end
            try await record.save(on: database)
            return id
        }
        let record = PostureBoutRecord(
            userID: userID, posture: bout.posture, source: bout.source, start: bout.start,
            end: open ? nil : bout.end, confidence: bout.confidence)
        try await record.create(on: database)
        return try record.requireID()
    }

    /// Closes desktop bouts left open by an agent that did not stop cleanly, at their
    /// last saved moment (their start when nothing else is known).
    public func closeStalePresence(userID: UUID, lastSeen: [UUID: Date] = [:]) async throws {
        let open = try await PostureBoutRecord.query(on: database)
            .filter(\.$user.$id == userID)
            .filter(\.$source == PostureSource.desktopPresence.rawValue)
            .filter(\.$end == nil)
            .all()
        for record in open {
            record.end = record.id.flatMap { lastSeen[$0] } ?? record.start
            try await record.save(on: database)
        }
    }

    static func format(_ date: Date, _ zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}

extension Store {
    /// A manual correction: a bout with both ends, which may not overlap the person's other
    /// manual entries nor lie in the future.
    @discardableResult
    public func addManualBout(
        userID: UUID, posture: Posture, start: Date, end: Date, now: Date, zone: TimeZone
    ) async throws -> StoredBout {
        guard start < end else {
            throw StoreError.invalidBout(
                "the end (\(Store.format(end, zone))) must come after the start (\(Store.format(start, zone)))")
        }
        try PostureBout.check(start: start, end: end, source: .manual)
        guard end <= now.addingTimeInterval(60) else {
            throw StoreError.inTheFuture(at: Store.format(end, zone), now: Store.format(now, zone))
        }
        guard posture != .unknown else { throw StoreError.invalidBout("choose sitting, lying, standing or walking") }
        return try await transaction { db in
            let overlapping = try await PostureBoutRecord.query(on: db)
                .filter(\.$user.$id == userID).filter(\.$source == PostureSource.manual.rawValue)
                .filter(\.$start < end)
                .group(.or) { $0.filter(\.$end > start).filter(\.$end == nil) }
                .first()
            if let overlapping {
                throw StoreError.invalidBout(
                    "it overlaps your \(overlapping.posture) entry from \(Store.format(overlapping.start, zone))")
            }
            let record = PostureBoutRecord(
                userID: userID, posture: posture, source: .manual, start: start, end: end, confidence: 1)
            try await record.create(on: db)
            return StoredBout(
                id: try record.requireID(), posture: posture, source: .manual, start: start, end: end,
                confidence: 1, createdAt: record.createdAt)
        }
    }

    /// One of the person's stored bouts; `nil` when it is not theirs or does not exist.
    public func storedBout(_ id: UUID, userID: UUID) async throws -> StoredBout? {
        try await PostureBoutRecord.query(on: database).filter(\.$id == id).filter(\.$user.$id == userID).first()
            .flatMap(StoredBout.init)
    }

    /// Deletes one of the person's bouts; `false` when it is not theirs or does not exist.
    public func deleteBout(_ id: UUID, userID: UUID) async throws -> Bool {
        guard
            let record = try await PostureBoutRecord.query(on: database).filter(\.$id == id).filter(
                \.$user.$id == userID
            ).first()
        else {
            return false
        }
        try await record.delete(on: database)
        return true
    }

    /// The stored bouts (with ids) overlapping [from, to).
    public func storedBouts(userID: UUID, from: Date, to: Date) async throws -> [StoredBout] {
        try await PostureBoutRecord.query(on: database)
            .filter(\.$user.$id == userID)
            .filter(\.$start < to)
            .group(.or) { $0.filter(\.$end > from).filter(\.$end == nil) }
            .sort(\.$start)
            .all().compactMap(StoredBout.init)
    }
}

extension Store {
    /// Corrects one of the person's bouts (posture and times). The result becomes a manual
    /// entry, under the same rules as `addManualBout`. `nil` when the bout is not theirs.
    public func updateBout(
        _ id: UUID, userID: UUID, posture: Posture, start: Date, end: Date, now: Date,
        zone: TimeZone
    ) async throws -> StoredBout? {
        guard start < end else {
            throw StoreError.invalidBout(
                "the end (\(Store.format(end, zone))) must come after the start (\(Store.format(start, zone)))")
        }
        try PostureBout.check(start: start, end: end, source: .manual)
        guard end <= now.addingTimeInterval(60) else {
            throw StoreError.inTheFuture(at: Store.format(end, zone), now: Store.format(now, zone))
        }
        guard posture != .unknown else { throw StoreError.invalidBout("choose sitting, lying, standing or walking") }
        return try await transaction { db -> StoredBout? in
            guard
                let record = try await PostureBoutRecord.query(on: db).filter(\.$id == id).filter(\.$user.$id == userID)
                    .first()
            else {
                return nil
            }
            let overlapping = try await PostureBoutRecord.query(on: db)
                .filter(\.$user.$id == userID).filter(\.$source == PostureSource.manual.rawValue)
                .filter(\.$id != id)
                .filter(\.$start < end)
                .group(.or) { $0.filter(\.$end > start).filter(\.$end == nil) }
                .first()
            if let overlapping {
                throw StoreError.invalidBout(
                    "it overlaps your \(overlapping.posture) entry from \(Store.format(overlapping.start, zone))")
            }
            record.posture = posture.rawValue
            record.start = start
            record.end = end
            record.source = PostureSource.manual.rawValue
            record.confidence = 1
            try await record.save(on: db)
            return try StoredBout(record)
        }
    }
}
