import Foundation
import SitLessAPI
import Vapor

// The shapes the web pages share with the API, as the document's types: one field at a time,
// so a field the document gains or renames is a compile error here, not a value lost in a
// round trip through JSON.

extension Components.Schemas.Assignment {
    init(_ p: MemberReport.Prescribed) {
        self.init(
            by: p.by, date: p.date, dosages: .init(additionalProperties: p.dosages), id: p.id.uuidString,
            notes: p.notes, team: p.team, title: p.title)
    }
}

extension Components.Schemas.Report {
    init(_ r: MemberReport) {
        self.init(
            name: r.name, assignments: r.assignments.map(Components.Schemas.Assignment.init), attention: r.attention,
            lastSession: r.lastSession, meanSittingMinutes: r.meanSittingMinutes,
            pain: r.pain.map { .init(date: $0.date, exercise: $0.exercise, pain: $0.pain) },
            perWeek: r.perWeek, plan: r.plan, reasons: r.reasons, sessionsDone28Days: r.sessionsDone28Days,
            sitting: r.sitting.map {
                .init(
                    breaks: $0.breaks, date: $0.date, hasData: $0.hasData, longestMinutes: $0.longestMinutes,
                    prolonged30: $0.prolonged30, sittingMinutes: $0.sittingMinutes)
            },
            sittingGoalMinutes: r.sittingGoalMinutes,
            steps: r.steps.map { .init(action: $0.action, date: $0.date, exercise: $0.exercise, next: $0.next) },
            userID: r.userID.uuidString,
            weeks: r.weeks.map { .init(done: $0.done, prescribed: $0.prescribed, weekStart: $0.weekStart) })
    }
}

extension Components.Schemas.Import {
    /// Throws when the stored status is a word this version does not know (a row written by a
    /// later version): the document lists the four it can answer.
    init(_ s: WearableImports.Status) throws {
        guard let status = StatusPayload(rawValue: s.status) else {
            throw APIError(
                .internalServerError, code: "unreadable", field: nil,
                "import \(s.id.uuidString) has the status '\(s.status)', which this version does not know")
        }
        self.init(
            format: s.format, bouts: s.bouts, bytes: Int(s.bytes), createdAt: s.createdAt, fileName: s.fileName,
            firstAt: s.firstAt, firstDay: s.firstDay, id: s.id.uuidString, lastAt: s.lastAt, message: s.message,
            percent: s.percent, placement: s.placement, status: status)
    }
}
