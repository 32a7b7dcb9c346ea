import Foundation
import SitLessCore
import SitLessStore
import Vapor

/// The break coach's settings, the web twin of `sitless coach`.
enum CoachSettingsPage {
    struct Model: Encodable, Sendable {
        var timeZone: String
        var workHours: String
        var maxSitting: String
        var breakMinutes: String
        var cycle: String
        var snooze: String
        var maxSnoozes: String
        var quiet: String
        var goal: String
    }

    static func model(_ p: CoachPolicy) -> Model {
        Model(
            timeZone: p.timeZone, workHours: p.workHours.description, maxSitting: "\(p.maxSittingMinutes)",
            breakMinutes: "\(p.breakMinutes)",
            cycle: p.cycle.map { "\($0.sitMinutes)/\($0.standMinutes)/\($0.moveMinutes)" } ?? "",
            snooze: "\(p.snoozeMinutes)", maxSnoozes: "\(p.maxSnoozesInARow)",
            quiet: p.quietTimes.map(\.description).joined(separator: ", "), goal: "\(p.dailySittingGoalMinutes)")
    }

    static func page(_ req: Request) async throws -> Page<Model> {
        Page(
            template: "coach", title: "Break coach", nav: "sitting",
            model: model(try await req.store.coachPolicy(for: try req.user)))
    }

    static func save(_ req: Request) async throws -> Response {
        let user = try req.user
        let fields = try req.form()
        var form = FormReader(fields)
        var policy = try await req.store.coachPolicy(for: user)
        if let zone = form.required("timeZone", label: "Time zone") {
            if TimeZone(identifier: zone) == nil {
                form.fail("Time zone", "'\(zone)' is not a time zone like Europe/Berlin")
            } else {
                policy.timeZone = zone
            }
        }
        if let hours = form.required("workHours", label: "Work hours") {
            if let parsed = WorkHours(parsing: hours) {
                policy.workHours = parsed
            } else {
                form.fail(
                    "Work hours", "write them like mon-fri 09:00-17:00 or mon-fri 9-12,13-17 (ranges may not overlap)")
            }
        }
        if let v = form.integer("maxSitting", label: "Prompt after", in: 5...240, required: true) {
            policy.maxSittingMinutes = v
        }
        if let v = form.integer("breakMinutes", label: "Break length", in: 1...30, required: true) {
            policy.breakMinutes = v
        }
        if let v = form.integer("snooze", label: "Snooze", in: 1...60, required: true) { policy.snoozeMinutes = v }
        if let v = form.integer("maxSnoozes", label: "Snoozes in a row", in: 0...10, required: true) {
            policy.maxSnoozesInARow = v
        }
        if let v = form.integer("goal", label: "Daily sitting limit", in: 0...1440, required: true) {
            policy.dailySittingGoalMinutes = v
        }
        if let cycle = form.text("cycle") {
            let parts = cycle.split(separator: "/").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            if parts.count == 3 {
                policy.cycle = SitStandCycle(sitMinutes: parts[0], standMinutes: parts[1], moveMinutes: parts[2])
            } else {
                form.fail("Standing-desk cycle", "write three minute counts like 20/8/2, or leave it empty")
            }
        } else {
            policy.cycle = nil
        }
        if let quiet = form.text("quiet") {
            var ranges: [ClockRange] = []
            for part in quiet.split(separator: ",") {
                if let range = ClockRange(parsing: part.trimmingCharacters(in: .whitespaces)) {
                    ranges.append(range)
                } else {
                    form.fail(
                        "Quiet times", "'\(part.trimmingCharacters(in: .whitespaces))' is not a range like 12:00-13:00")
                }
            }
            policy.quietTimes = ranges
        } else {
            policy.quietTimes = []
        }
        for problem in policy.problems where form.errors.isEmpty { form.fail("Settings", problem) }
        guard form.errors.isEmpty else {
            // Every field as typed, the wrong ones too, so they can be corrected in place.
            let saved = model(policy)
            let shown = Model(
                timeZone: fields["timeZone"] ?? saved.timeZone, workHours: fields["workHours"] ?? saved.workHours,
                maxSitting: fields["maxSitting"] ?? saved.maxSitting,
                breakMinutes: fields["breakMinutes"] ?? saved.breakMinutes,
                cycle: fields["cycle"] ?? "", snooze: fields["snooze"] ?? saved.snooze,
                maxSnoozes: fields["maxSnoozes"] ?? saved.maxSnoozes, quiet: fields["quiet"] ?? "",
                goal: fields["goal"] ?? saved.goal)
            return try await Page(
                template: "coach", title: "Break coach", nav: "sitting", model: shown,
                status: .unprocessableEntity, errors: form.errors
            ).encodeResponse(for: req)
        }
        try await req.store.saveCoachPolicy(policy, for: user)
        return req.redirect(to: "/settings/coach", flash: "Saved. The coach uses these settings from now on.")
    }
}
