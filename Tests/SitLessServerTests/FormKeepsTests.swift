import Foundation
import SitLessCore
import SitLessServer
import Testing
import Vapor
import VaporTesting

/// A form that comes back with errors (422) shows every field as it was typed, and the
/// error names the field.
@Suite("Forms keep what was typed")
struct FormKeepsTests {
    @Test(
        "the clinician's assignment form keeps program, weeks, start, sessions, days, dosage lines and notes",
        arguments: TestServer.databases)
    func assign(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let clinician = try await TestServer.signUp(app)
            try await clinician.get("/team")
            _ = try await clinician.post("/settings/clinician", ["clinician": "on"])
            let teamPath = try #require(
                try await clinician.post("/teams", ["name": "Physio North"]).headers.first(name: .location))
            let invite = try await clinician.post("\(teamPath)/invites", [:]).body.string
            let code = String(
                invite[try #require(invite.range(of: "<strong class=\"code\">")).upperBound...].prefix(14))
            let alex = try await TestServer.signUp(app)
            try await alex.get("/team")
            #expect(try await alex.post("/join", ["code": code]).status == .seeOther)
            let team = try await clinician.get(teamPath).body.string
            let memberPath = try #require(
                team.range(of: "\(teamPath)/members/").map {
                    String(team[$0.lowerBound...].prefix(teamPath.count + 9 + 36))
                })
            try await clinician.get(memberPath)

            let sent = try await clinician.post(
                "\(memberPath)/assign",
                [
                    "plan": "program:glute-medius-focus", "weeks": "6", "start": "2026-12-08", "perWeek": "2",
                    "day-tue": "on", "day-thu": "on",
                    "dosages": "Hip thrust: 3 x 10\nSide plank: lots",
                    "notes": "Go easy on the left knee & stop if it aches.",
                ])
            let body = sent.body.string
            #expect(sent.status == .unprocessableEntity)
            #expect(body.contains("<li><strong>Dosage changes"), "\(body)")
            #expect(body.contains("<option value=\"program:glute-medius-focus\" selected>"))
            #expect(!body.contains("<option value=\"program:glute-wake-up\" selected>"))
            #expect(body.contains("name=\"weeks\" type=\"number\" min=\"1\" max=\"52\" value=\"6\""))
            #expect(body.contains("name=\"start\" type=\"date\" value=\"2026-12-08\""))
            #expect(body.contains("name=\"perWeek\" type=\"number\" min=\"1\" max=\"7\" value=\"2\""))
            #expect(body.contains("name=\"day-tue\" checked>") && body.contains("name=\"day-thu\" checked>"))
            #expect(!body.contains("name=\"day-mon\" checked>") && !body.contains("name=\"day-wed\" checked>"))
            #expect(body.contains(">Hip thrust: 3 x 10\nSide plank: lots</textarea>"))
            #expect(body.contains(">Go easy on the left knee &amp; stop if it aches.</textarea>"))

            // Without a program the field is named, and the rest stays.
            let none = try await clinician.post(
                "\(memberPath)/assign",
                [
                    "plan": "", "start": "2026-12-08", "perWeek": "2", "day-tue": "on",
                    "day-thu": "on", "notes": "Keep me",
                ])
            #expect(none.status == .unprocessableEntity)
            #expect(none.body.string.contains("<li><strong>Program or routine</strong>: choose one</li>"))
            #expect(none.body.string.contains(">Keep me</textarea>"))
        }
    }

    @Test("sitting corrections keep their day, times and posture, added or edited", arguments: TestServer.databases)
    func sitting(_ db: String) async throws {
        try await TestServer.run(db) { app in
            let ana = try await TestServer.signUp(app)
            try await ana.get("/sitting")
            let added = try await ana.post(
                "/sitting/bouts", ["date": "2026-12-06", "from": "09:00", "to": "08:50", "posture": "standing"])
            let body = added.body.string
            #expect(added.status == .unprocessableEntity)
            #expect(body.contains("<li><strong>To</strong>: "), "\(body)")
            // The day that was typed, not today.
            #expect(body.contains("<h1>Sitting <span class=\"muted\">Sunday, 2026-12-06</span></h1>"))
            #expect(body.contains("<input id=\"from\" name=\"from\" type=\"time\" value=\"09:00\" required>"))
            #expect(body.contains("<input id=\"to\" name=\"to\" type=\"time\" value=\"08:50\" required>"))
            #expect(body.contains("<option value=\"standing\" selected>standing</option>"))
            #expect(!body.contains("<option value=\"sitting\" selected>sitting</option>"))

            #expect(
                try await ana.post(
                    "/sitting/bouts", ["date": "2026-12-06", "from": "08:00", "to": "08:45", "posture": "sitting"]
                ).status == .seeOther)
            let page = try await ana.get("/sitting?date=2026-12-06").body.string
            let id = try #require(page.range(of: "/sitting/bouts/").map { String(page[$0.upperBound...].prefix(36)) })
            let edited = try await ana.post(
                "/sitting/bouts/\(id)", ["date": "2026-12-06", "from": "08:10", "to": "07:55", "posture": "lying"])
            let form = edited.body.string
            #expect(edited.status == .unprocessableEntity)
            #expect(form.contains("<li><strong>To</strong>: "))
            #expect(form.contains("<details open><summary>Edit</summary>"))
            #expect(form.contains("<input id=\"from-\(id)\" name=\"from\" type=\"time\" value=\"08:10\">"))
            #expect(form.contains("<input id=\"to-\(id)\" name=\"to\" type=\"time\" value=\"07:55\">"))
            #expect(form.contains("<option value=\"lying\" selected>lying</option>"))
            // Nothing was saved: the entry is as it was.
            #expect(
                try await ana.get("/sitting?date=2026-12-06").body.string.contains(
                    "<td data-label=\"Posture\">sitting</td><td data-label=\"From\">08:00</td><td "
                        + "data-label=\"To\">08:45</td><td data-label=\"Length\">45 min</td>"
                ))
        }
    }

    @Test("the routine's start form, a team name and an invitation code keep what was typed")
    func others() async throws {
        try await TestServer.run("sqlite") { app in
            let ana = try await TestServer.signUp(app)
            try await ana.get("/routines")
            let path = try #require(try await ana.post("/routines", ["name": "Morning"]).headers.first(name: .location))
            try await ana.get(path)
            _ = try await ana.post("\(path)/items", ["exercise": "hip-thrust"])
            let start = try await ana.post(
                "\(path)/start",
                ["weeks": "6", "perWeek": "3", "start": "2026-12-09", "day-mon": "on", "day-tue": "on"])
            #expect(start.status == .unprocessableEntity)
            #expect(start.body.string.contains("<li><strong>Training days</strong>"))
            #expect(start.body.string.contains("value=\"6\"") && start.body.string.contains("value=\"2026-12-09\""))
            #expect(start.body.string.contains("name=\"day-tue\" value=\"on\" checked>"))
            #expect(!start.body.string.contains("name=\"day-wed\" value=\"on\" checked>"))

            try await ana.get("/team")
            let join = try await ana.post("/join", ["code": "ABCD-EFGH-JKLM"])
            #expect(join.status == .unprocessableEntity)
            #expect(join.body.string.contains("<li><strong>Invitation code</strong>"))
            #expect(join.body.string.contains("value=\"ABCD-EFGH-JKLM\""))

            try await ana.get("/settings/coach")
            let coach = try await ana.post(
                "/settings/coach",
                [
                    "timeZone": "Europe/Nowhere", "workHours": "mon-fri 09:00-17:00", "maxSitting": "300",
                    "breakMinutes": "2", "snooze": "10", "maxSnoozes": "2", "goal": "480",
                ])
            #expect(coach.status == .unprocessableEntity)
            #expect(coach.body.string.contains("<li><strong>Time zone</strong>"))
            #expect(coach.body.string.contains("<li><strong>Prompt after</strong>"))
            #expect(
                coach.body.string.contains("value=\"Europe/Nowhere\"") && coach.body.string.contains("value=\"300\""))
        }
    }
}
