import FluentKit
import Foundation

/// Keyset pagination: each page continues after the last row of the previous one, so rows
/// added meanwhile neither repeat nor go missing.
extension Store {
    /// Bouts starting in [from, to), oldest first, after `(start, id)` when given.
    public func boutPage(
        userID: UUID, from: Date, to: Date, after: (Date, UUID)?, limit: Int
    ) async throws -> [StoredBout] {
        let query = PostureBoutRecord.query(on: database).filter(\.$user.$id == userID)
            .filter(\.$start >= from).filter(\.$start < to)
        if let (start, id) = after {
            query.group(.or) {
                $0.filter(\.$start > start).group(.and) { $0.filter(\.$start == start).filter(\.$id > id) }
            }
        }
        return try await query.sort(\.$start).sort(\.$id).limit(limit).all().compactMap(StoredBout.init)
    }

    /// Workouts, newest first, before `(startedAt, id)` when given.
    public func workoutPage(userID: UUID, before: (Date, UUID)?, limit: Int) async throws -> [Workout] {
        let query = WorkoutRecord.query(on: database).filter(\.$user.$id == userID)
        if let (started, id) = before {
            query.group(.or) {
                $0.filter(\.$startedAt < started).group(.and) { $0.filter(\.$startedAt == started).filter(\.$id < id) }
            }
        }
        return try await query.sort(\.$startedAt, .descending).sort(\.$id, .descending).limit(limit).all()
            .map(Workout.init)
    }

    /// All sets of the given workouts, by workout id (one query, not one per workout).
    public func sets(workoutIDs: [UUID], userID: UUID) async throws -> [UUID: [LoggedSet]] {
        guard !workoutIDs.isEmpty else { return [:] }
        let sets = try await SetLogRecord.query(on: database).filter(\.$user.$id == userID).filter(
            \.$workout.$id ~~ workoutIDs
        )
        .sort(\.$itemIndex).sort(\.$setNumber).all().map(LoggedSet.init)
        return Dictionary(grouping: sets, by: \.workoutID)
    }
}
