import FluentKit
import Foundation
import SitLessCore

extension Store {
    /// The person's days as `SittingDay`s, from one read of their bouts and prompt answers.
    /// Bouts from twelve hours before the first day are included, so sitting that began the
    /// evening before is known to the coach. Used by `sitless today/report` and the web pages.
    public func sittingDays(_ dates: [LocalDate], user: UserRecord, now: Date) async throws -> (days: [SittingDay], timeline: PostureTimeline) {
        let policy = try await coachPolicy(for: user)
        guard let first = dates.first, let last = dates.last else { return ([], PostureTimeline(merging: [])) }
        let zone = policy.zone
        let userID = try user.requireID()
        let to = last.adding(days: 1).startOfDay(in: zone)
        let timeline = try await self.timeline(userID: userID, from: first.startOfDay(in: zone).addingTimeInterval(-12 * 3600), to: to, now: now)
        let outcomes = try await promptOutcomes(userID: userID, from: first.startOfDay(in: zone), to: to)
        return (dates.map { SittingDay(date: $0, timeline: timeline, policy: policy, outcomes: outcomes, now: now) }, timeline)
    }
}
