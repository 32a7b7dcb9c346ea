import FluentKit
import Foundation
import SitLessCore

extension Store {
    /// The person's days as `SittingDay`s, from one read of their bouts and prompt answers.
    /// Bouts from twelve hours before the first day are included, so sitting that began the
    /// evening before is known to the coach. Used by `sitless today/report` and the web pages.
    public func sittingDays(
        _ dates: [LocalDate], user: Account, now: Date
    ) async throws -> (days: [SittingDay], timeline: PostureTimeline) {
        guard !dates.isEmpty else { return ([], PostureTimeline(merging: [])) }
        let data = try await read(Store.sittingReads(dates, user: user), userID: user.id, now: now)
        return Store.sittingDays(dates, user: user, data: data, now: now)
    }

    /// What `sittingDays` reads: settings, bouts from 12 hours before the first day (a bout
    /// running over midnight) and the days' prompt outcomes. Pages reading more in the same
    /// statement add their parts to this.
    public static func sittingReads(_ dates: [LocalDate], user: Account) -> PersonReads {
        guard let first = dates.first, let last = dates.last else { return PersonReads() }
        let zone = coachPolicy(stored: nil, for: user).zone
        let from = first.startOfDay(in: zone)
        let to = last.adding(days: 1).startOfDay(in: zone)
        return PersonReads(
            coachPolicy: true, bouts: .init(from: from.addingTimeInterval(-12 * 3600), to: to),
            prompts: .init(from: from, to: to))
    }

    /// The days' metrics from what `sittingReads` read.
    public static func sittingDays(
        _ dates: [LocalDate], user: Account, data: PersonData, now: Date
    ) -> (days: [SittingDay], timeline: PostureTimeline) {
        let policy = coachPolicy(stored: data.storedPolicy, for: user)
        let timeline = PostureTimeline(merging: data.bouts)
        return (
            dates.map { SittingDay(date: $0, timeline: timeline, policy: policy, outcomes: data.prompts, now: now) },
            timeline
        )
    }
}
