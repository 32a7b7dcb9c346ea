import Foundation
import SitLessCore
import SitLessStore
import Vapor

/// The JSON shapes of the API. Each has a schema in `APISchemas` (checked by the tests).
enum APIModels {
    struct User: Content { var id: UUID; var email: String?; var timeZone: String; var isClinician: Bool; var isAdmin: Bool; var onboarded: Bool }
    struct Exercise: Content {
        var id: String; var name: String; var position: String; var level: String; var dosage: String
        var how: [String]; var feel: String; var deskBreak: Bool
    }
    struct Program: Content { var id: String; var name: String; var goal: String; var weeks: Int; var perWeek: String; var sessions: Int }
    struct Bout: Content { var id: UUID; var posture: String; var source: String; var start: Date; var end: Date?; var confidence: Double }
    struct NewBout: Content { var posture: String; var start: Date; var end: Date }
    struct PostureChange: Content { var posture: String; var at: Date? }
    struct Presence: Content { var id: UUID?; var posture: String?; var start: Date; var end: Date; var open: Bool }
    struct PresenceSaved: Content { var id: UUID }
    struct Day: Content {
        var date: String; var sittingMinutes: Double; var standingMinutes: Double; var steppingMinutes: Double; var lyingMinutes: Double
        var breaks: Int; var prolonged30Count: Int; var prolonged60Count: Int; var longestBoutMinutes: Double?
        var workSittingShare: Double?; var goalMinutes: Int; var posture: String; var nextPromptDue: Date?; var prompts: [String: Int]
    }
    struct Coach: Content {
        var timeZone: String; var workHours: String; var maxSittingMinutes: Int; var breakMinutes: Int; var snoozeMinutes: Int
        var maxSnoozesInARow: Int; var quietTimes: [String]; var responseWindowMinutes: Int; var dailySittingGoalMinutes: Int
        var cycle: Cycle?
        struct Cycle: Content { var sitMinutes: Int; var standMinutes: Int; var moveMinutes: Int }
    }
    struct Prompt: Content { var outcome: String; var at: Date; var issuedAt: Date?; var kind: String?; var exerciseID: String?; var dosage: String? }
    struct NewPrompt: Content { var outcome: String; var at: Date; var issuedAt: Date?; var kind: String?; var exerciseID: String?; var dosage: String? }
    struct WorkoutItem: Content { var index: Int; var exerciseID: String; var name: String; var dosage: String; var sets: Int; var reps: Int?; var seconds: Int? }
    struct SetLog: Content {
        var id: UUID; var item: Int; var exerciseID: String; var set: Int; var reps: Int?; var seconds: Int?; var loadKg: Double?
        var effort: Int?; var pain: Int?; var loggedAt: Date
    }
    struct NewSet: Content { var item: Int; var reps: Int?; var seconds: Int?; var loadKg: Double?; var effort: Int; var pain: Int }
    struct Decision: Content { var exerciseID: String; var action: String; var next: String; var reasons: [String] }
    struct Workout: Content {
        var id: UUID; var date: String; var week: Int; var title: String; var status: String; var startedAt: Date; var finishedAt: Date?
        var nextMorning: String?; var items: [WorkoutItem]; var sets: [SetLog]; var decisions: [Decision]
    }
    struct RoutineItem: Content { var exerciseID: String; var sets: Int?; var amount: Int?; var dosage: String? }
    struct Routine: Content { var id: UUID; var name: String; var perWeek: Int; var items: [RoutineItem] }
    struct NewRoutine: Content { var name: String; var perWeek: Int?; var items: [RoutineItem] }
    struct Plan: Content { var title: String; var programID: String?; var routineID: UUID?; var start: String; var perWeek: Int; var days: [String]; var weeks: Int }
    struct NewPlan: Content { var programID: String?; var routineID: UUID?; var start: String; var perWeek: Int; var days: [String]; var weeks: Int? }
    struct Session: Content { var date: String; var week: Int; var title: String; var minutes: Int; var items: [WorkoutItem] }
    struct Team: Content { var id: UUID; var name: String; var role: String }
    struct NewTeam: Content { var name: String }
    struct TeamMember: Content { var id: UUID; var name: String; var role: String; var joinedAt: Date; var attention: Int?; var reasons: [String]? }
    struct TeamDetail: Content { var id: UUID; var name: String; var members: [TeamMember] }
    struct Invite: Content { var code: String; var link: String; var expiresAt: Date }
    struct AcceptInvite: Content { var code: String }
    struct NewAssignment: Content {
        var programID: String?; var routineID: UUID?; var start: String; var perWeek: Int; var days: [String]; var weeks: Int?
        var dosages: [String: String]?; var notes: String?
    }
    typealias Assignment = MemberReport.Prescribed
    struct List<Item: Content>: Content { var items: [Item]; var nextCursor: String? }
}

extension APIModels.List: @unchecked Sendable {}

/// The schemas of the document's components, one per model above.
enum APISchemas {
    static func list(_ item: String) -> Schema {
        .object(["items": .array(.ref(item)), "nextCursor": .nullable(.text)], required: ["items"])
    }

    static let all: [String: Schema] = [
        "Error": .object(["error": .object(["code": .text, "message": .text, "field": .nullable(.text)], required: ["code", "message"])], required: ["error"]),
        "User": .object(["id": .uuid, "email": .nullable(.text), "timeZone": .text, "isClinician": .boolean, "isAdmin": .boolean, "onboarded": .boolean],
                        required: ["id", "timeZone", "isClinician", "isAdmin", "onboarded"]),
        "Exercise": .object(["id": .text, "name": .text, "position": .text, "level": .text, "dosage": .text, "how": .array(.text), "feel": .text, "deskBreak": .boolean],
                            required: ["id", "name", "position", "level", "dosage", "how", "feel", "deskBreak"]),
        "Program": .object(["id": .text, "name": .text, "goal": .text, "weeks": .integer, "perWeek": .text, "sessions": .integer],
                           required: ["id", "name", "goal", "weeks", "perWeek", "sessions"]),
        "ExerciseList": list("Exercise"), "ProgramList": list("Program"), "BoutList": list("Bout"), "WorkoutList": list("Workout"),
        "RoutineList": list("Routine"), "DayList": list("Day"), "PromptList": list("Prompt"), "ImportList": list("Import"),
        "TeamList": list("Team"), "AssignmentList": list("Assignment"), "SessionList": list("Session"),
        "Bout": .object(["id": .uuid, "posture": .string(values: Posture.allCases.map(\.rawValue)), "source": .string(values: ["desktop", "manual", "wearable"]),
                         "start": .dateTime, "end": .nullable(.dateTime), "confidence": .number], required: ["id", "posture", "source", "start", "confidence"]),
        "NewBout": .object(["posture": .string(values: ["sitting", "lying", "standing", "stepping"]), "start": .dateTime, "end": .dateTime], required: ["posture", "start", "end"]),
        "PostureChange": .object(["posture": .string(values: ["sitting", "lying", "standing", "stepping", "unknown"]), "at": .dateTime], required: ["posture"]),
        "Presence": .object(["id": .nullable(.uuid), "posture": .string(values: ["sitting", "standing"]), "start": .dateTime, "end": .dateTime, "open": .boolean], required: ["start", "end", "open"]),
        "PresenceSaved": .object(["id": .uuid], required: ["id"]),
        "Day": .object(["date": .date, "sittingMinutes": .number, "standingMinutes": .number, "steppingMinutes": .number, "lyingMinutes": .number,
                        "breaks": .integer, "prolonged30Count": .integer, "prolonged60Count": .integer, "longestBoutMinutes": .nullable(.number),
                        "workSittingShare": .nullable(.number), "goalMinutes": .integer, "posture": .text, "nextPromptDue": .nullable(.dateTime),
                        "prompts": .map(.integer)],
                       required: ["date", "sittingMinutes", "standingMinutes", "steppingMinutes", "lyingMinutes", "breaks", "prolonged30Count",
                                  "prolonged60Count", "goalMinutes", "posture", "prompts"]),
        "Coach": .object(["timeZone": .text, "workHours": .text, "maxSittingMinutes": .integer, "breakMinutes": .integer, "snoozeMinutes": .integer,
                          "maxSnoozesInARow": .integer, "quietTimes": .array(.text), "responseWindowMinutes": .integer, "dailySittingGoalMinutes": .integer,
                          "cycle": .nullable(.object(["sitMinutes": .integer, "standMinutes": .integer, "moveMinutes": .integer], required: ["sitMinutes", "standMinutes", "moveMinutes"]))],
                         required: ["timeZone", "workHours", "maxSittingMinutes", "breakMinutes", "snoozeMinutes", "maxSnoozesInARow", "quietTimes",
                                    "responseWindowMinutes", "dailySittingGoalMinutes"]),
        "Prompt": .object(["outcome": .string(values: PromptOutcome.allCases.map(\.rawValue)), "at": .dateTime, "issuedAt": .nullable(.dateTime),
                           "kind": .nullable(.text), "exerciseID": .nullable(.text), "dosage": .nullable(.text)], required: ["outcome", "at"]),
        "NewPrompt": .object(["outcome": .string(values: PromptOutcome.allCases.map(\.rawValue)), "at": .dateTime, "issuedAt": .dateTime,
                              "kind": .text, "exerciseID": .text, "dosage": .text], required: ["outcome", "at"]),
        "WorkoutItem": .object(["index": .integer, "exerciseID": .text, "name": .text, "dosage": .text, "sets": .integer, "reps": .nullable(.integer), "seconds": .nullable(.integer)],
                               required: ["index", "exerciseID", "name", "dosage", "sets"]),
        "SetLog": .object(["id": .uuid, "item": .integer, "exerciseID": .text, "set": .integer, "reps": .nullable(.integer), "seconds": .nullable(.integer),
                           "loadKg": .nullable(.number), "effort": .nullable(.integer), "pain": .nullable(.integer), "loggedAt": .dateTime],
                          required: ["id", "item", "exerciseID", "set", "loggedAt"]),
        "NewSet": .object(["item": .integer, "reps": .integer, "seconds": .integer, "loadKg": .number, "effort": .integer, "pain": .integer], required: ["item", "effort", "pain"]),
        "Workout": .object(["id": .uuid, "date": .date, "week": .integer, "title": .text, "status": .string(values: ["in-progress", "done"]), "startedAt": .dateTime,
                            "finishedAt": .nullable(.dateTime), "nextMorning": .nullable(.text), "items": .array(.ref("WorkoutItem")), "sets": .array(.ref("SetLog")),
                            "decisions": .array(.object(["exerciseID": .text, "action": .text, "next": .text, "reasons": .array(.text)], required: ["exerciseID", "action", "next", "reasons"]))],
                           required: ["id", "date", "week", "title", "status", "startedAt", "items", "sets", "decisions"]),
        "RoutineItem": .object(["exerciseID": .text, "sets": .integer, "amount": .integer, "dosage": .text], required: ["exerciseID"]),
        "Routine": .object(["id": .uuid, "name": .text, "perWeek": .integer, "items": .array(.ref("RoutineItem"))], required: ["id", "name", "perWeek", "items"]),
        "NewRoutine": .object(["name": .text, "perWeek": .integer, "items": .array(.ref("RoutineItem"))], required: ["name", "items"]),
        "Plan": .object(["title": .text, "programID": .nullable(.text), "routineID": .nullable(.uuid), "start": .date, "perWeek": .integer, "days": .array(.text), "weeks": .integer],
                        required: ["title", "start", "perWeek", "days", "weeks"]),
        "NewPlan": .object(["programID": .text, "routineID": .uuid, "start": .date, "perWeek": .integer, "days": .array(.string(values: Weekday.allCases.map(\.rawValue))), "weeks": .integer],
                           required: ["start", "perWeek", "days"]),
        "Session": .object(["date": .date, "week": .integer, "title": .text, "minutes": .integer, "items": .array(.ref("WorkoutItem"))], required: ["date", "week", "title", "minutes", "items"]),
        "Import": .object(["id": .uuid, "fileName": .text, "placement": .text, "bytes": .integer, "status": .string(values: ["queued", "running", "done", "failed"]),
                           "percent": .integer, "format": .nullable(.text), "message": .nullable(.text), "bouts": .integer, "firstAt": .nullable(.dateTime),
                           "lastAt": .nullable(.dateTime), "firstDay": .nullable(.date), "createdAt": .nullable(.dateTime)],
                          required: ["id", "fileName", "placement", "bytes", "status", "percent", "bouts"]),
        "Team": .object(["id": .uuid, "name": .text, "role": .string(values: ["clinician", "member"])], required: ["id", "name", "role"]),
        "NewTeam": .object(["name": .text], required: ["name"]),
        "TeamDetail": .object(["id": .uuid, "name": .text, "members": .array(.object(["id": .uuid, "name": .text, "role": .text, "joinedAt": .dateTime,
                                                                                     "attention": .nullable(.integer), "reasons": .nullable(.array(.text))],
                                                                                    required: ["id", "name", "role", "joinedAt"]))],
                              required: ["id", "name", "members"]),
        "Invite": .object(["code": .text, "link": .text, "expiresAt": .dateTime], required: ["code", "link", "expiresAt"]),
        "AcceptInvite": .object(["code": .text], required: ["code"]),
        "NewAssignment": .object(["programID": .text, "routineID": .uuid, "start": .date, "perWeek": .integer, "days": .array(.text), "weeks": .integer,
                                  "dosages": .map(.text), "notes": .text], required: ["start", "perWeek", "days"]),
        "Assignment": .object(["id": .uuid, "title": .text, "by": .text, "team": .text, "notes": .text, "dosages": .map(.text), "date": .date],
                              required: ["id", "title", "by", "team", "notes", "dosages", "date"]),
        "Report": .object(["userID": .uuid, "name": .text, "plan": .nullable(.text), "perWeek": .nullable(.integer),
                           "weeks": .array(.object(["weekStart": .date, "done": .integer, "prescribed": .integer], required: ["weekStart", "done", "prescribed"])),
                           "sessionsDone28Days": .integer, "lastSession": .nullable(.date),
                           "pain": .array(.object(["date": .date, "exercise": .text, "pain": .integer], required: ["date", "exercise", "pain"])),
                           "steps": .array(.object(["date": .date, "exercise": .text, "action": .text, "next": .text], required: ["date", "exercise", "action", "next"])),
                           "sitting": .array(.object(["date": .date, "sittingMinutes": .integer, "breaks": .integer, "prolonged30": .integer,
                                                      "longestMinutes": .nullable(.integer), "hasData": .boolean], required: ["date", "sittingMinutes", "breaks", "prolonged30", "hasData"])),
                           "meanSittingMinutes": .nullable(.number), "sittingGoalMinutes": .integer, "assignments": .array(.ref("Assignment")),
                           "attention": .integer, "reasons": .array(.text)],
                          required: ["userID", "name", "weeks", "sessionsDone28Days", "pain", "steps", "sitting", "sittingGoalMinutes", "assignments", "attention", "reasons"]),
    ]
}
