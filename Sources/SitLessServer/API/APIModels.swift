import Foundation
import SitLessCore
import SitLessStore
import Vapor

/// The JSON shapes of the API. Each has a schema in `APISchemas` (checked by the tests).
enum APIModels {
    /// Loads on the API are always kilograms; a person's choice of pounds changes only the web pages.
    static let kilogramsNote = "kilograms, always (a person who reads pounds on the web pages still sends and gets kilograms here; 1 lb = 0.45359237 kg)"
    struct User: Content { var id: UUID; var email: String?; var timeZone: String; var isClinician: Bool; var isAdmin: Bool; var onboarded: Bool }
    struct Exercise: Content {
        var id: String; var name: String; var position: String; var level: String; var dosage: String
        var how: [String]; var feel: String; var deskBreak: Bool
        var demonstration: Demonstration?
        /// Who wrote it, for a clinician's own exercise (absent for the built-in library).
        var author: String?
    }
    /// Where the exercise's drawn demonstration is (SVG), and what it shows in words.
    struct Demonstration: Content { var animation: String; var stills: String; var thumbnail: String; var description: String }
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
    struct WorkoutItem: Content {
        var index: Int; var exerciseID: String; var name: String; var dosage: String; var sets: Int; var reps: Int?; var seconds: Int?
        /// Scheduled sessions: why the item is what it is (`NextSession`'s rule).
        var why: String? = nil
        /// In a session: `true` when the item was left for today (skipped or swapped); `replaces`: the item a swapped-in easier step stands for.
        var left: Bool? = nil; var replaces: Int? = nil
    }
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

/// The patterns the request schemas use, each the JSON Schema form of a rule the server
/// applies (ECMA-262 syntax, which Python's `re` reads the same way for these).
enum APIPatterns {
    /// The characters `trimmingCharacters(in: .whitespacesAndNewlines)` removes, which the
    /// name rule trims before it counts: read from Foundation, so the pattern cannot drift.
    static let space: [ClosedRange<UInt32>] = ranges { CharacterSet.whitespacesAndNewlines.contains($0) }
    /// The characters `NameRules` refuses in a name: control (Cc) and format (Cf) characters,
    /// except the zero-width joiner and non-joiner (see `NameRules.isRefused`).
    static let refused: [ClosedRange<UInt32>] = ranges { scalar in
        if scalar.value == 0x200C || scalar.value == 0x200D { return false }
        switch scalar.properties.generalCategory {
        case .control, .format: return true
        default: return false
        }
    }

    /// A name as `NameRules.check(_:field:limit:)` accepts it: after trimming white space,
    /// 1 to `limit` characters, none of them refused. (The server counts characters as
    /// grapheme clusters, JSON Schema counts code points: a name with combining marks may be
    /// longer in code points than the pattern allows and still be accepted.)
    static func name(limit: Int) -> String {
        let w = "[" + classBody(space) + "]"
        let visible = "[^" + classBody(merge(space + refused)) + "]"
        let any = "[^" + classBody(refused) + "]"
        return "^\(w)*\(visible)(?:\(any){0,\(limit - 2)}\(visible))?\(w)*$"
    }

    /// An upload's `name`: the server keeps the part after the last `/` (a path from the
    /// browser), which must then be a name of at most 255 characters; none at all (empty, or
    /// only slashes) is read as "upload".
    static let fileName: String = {
        let w = "[" + classBody(space) + "]"
        let visible = "[^/" + classBody(merge(space + refused)) + "]"
        let any = "[^/" + classBody(refused) + "]"
        return "^(?:/*|(?:[\\s\\S]*/)?\(w)*\(visible)(?:\(any){0,253}\(visible))?\(w)*/*)$"
    }()

    /// A clock range as `ClockRange(parsing:)` reads it: `9-17`, `09:00-12:30` (the start
    /// before the end, which a pattern cannot say).
    static let clockRange = "^[ \\t]*(?:[01]?[0-9]|2[0-3])(?::[0-5][0-9])?[ \\t]*-[ \\t]*(?:[01]?[0-9]|2[0-3])(?::[0-5][0-9])?[ \\t]*$"

    /// A UUID as `UUID(uuidString:)` reads it (either case).
    static let uuid = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"

    /// A keyset cursor: base64url without padding, as `APIHandlers.makeCursor` writes it.
    static let cursor = "^[A-Za-z0-9_-]+$"

    /// A real day, `YYYY-MM-DD`, from 2000 to the end of `lastYear` (leap days included).
    static func day(through lastYear: Int) -> String {
        let all: [Int] = Array(2000...max(2000, lastYear))
        let leap: [Int] = all.filter { $0 % 4 == 0 && ($0 % 100 != 0 || $0 % 400 == 0) }
        let years: String = all.map(String.init).joined(separator: "|")
        let leapYears: String = leap.map(String.init).joined(separator: "|")
        return "^(?:(?:" + years + ")-" + monthDay + "|(?:" + leapYears + ")-02-29)$"
    }

    /// Month and day, `MM-DD`, as every year has them (29 February aside).
    static let monthDay = "(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"

    /// A real day from 2000-01-01 to 2099-12-31 (every fourth year a leap year, 2000 too), unanchored.
    static let dayIn2000s = "(?:20[0-9]{2}-" + monthDay + "|20(?:[02468][048]|[13579][26])-02-29)"

    /// An instant as `InstantParsing.iso8601` reads it, from 2000-01-01 to 2100-01-01T00:00:00
    /// (before the offset is applied), with `separator` between date and time.
    static func instant(separator: String) -> String {
        "^(?:" + dayIn2000s + separator + "(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
            + "|2100-01-01" + separator + "00:00:00(?:\\.0{1,9})?(?:[Zz]|[+-]00:00))$"
    }

    /// The scalars for which `test` holds, as closed ranges. Only the planes where Unicode has
    /// white space, control or format characters are read: the Basic Multilingual Plane, the
    /// Supplementary Multilingual Plane and the tags of plane 14 (reading all 17 planes takes
    /// seconds in a debug build).
    static func ranges(_ test: (Unicode.Scalar) -> Bool) -> [ClosedRange<UInt32>] {
        var out: [ClosedRange<UInt32>] = []
        for value in Array(UInt32(0)...0x1FFFF) + Array(UInt32(0xE0000)...0xE0FFF) {
            guard let scalar = Unicode.Scalar(value), test(scalar) else { continue }
            if let last = out.last, last.upperBound + 1 == value { out[out.count - 1] = last.lowerBound...value } else { out.append(value...value) }
        }
        return out
    }

    static func merge(_ list: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        var out: [ClosedRange<UInt32>] = []
        for r in list.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = out.last, r.lowerBound <= last.upperBound + 1 {
                out[out.count - 1] = last.lowerBound...max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        return out
    }

    /// The inside of a character class: `\uXXXX` escapes in the Basic Multilingual Plane, the
    /// characters themselves above it (JSON carries them as surrogate pairs; a regex with
    /// Unicode semantics, as JSON Schema asks for, reads them as one code point).
    static func classBody(_ list: [ClosedRange<UInt32>]) -> String {
        func one(_ value: UInt32) -> String {
            if value <= 0xFFFF { return String(format: "\\u%04X", value) }
            return String(Character(Unicode.Scalar(value)!))
        }
        return list.map { $0.lowerBound == $0.upperBound ? one($0.lowerBound) : one($0.lowerBound) + "-" + one($0.upperBound) }.joined()
    }
}

/// The schemas of the document's components, one per model above. Request bodies state
/// every bound the handlers and Core's rules enforce on one field; rules across fields or
/// against stored data (an end after its start, an exercise id in the library) are in the
/// descriptions.
enum APISchemas {
    static func list(_ item: String) -> Schema {
        .object(["items": .array(.ref(item)), "nextCursor": .nullable(.text)], required: ["items"])
    }

    /// An instant in a request (`parseInstant`): RFC 3339 inside `TimeBounds`. `format:
    /// date-time` is RFC 3339's grammar, with `T` between date and time; the server also reads
    /// the space RFC 3339 allows applications to use instead, which the second choice states.
    /// (The patterns bound the years; an offset can still move an instant in the first or last
    /// hours of the window across its edge, which the description states.)
    static let instant = Schema.bounded(.anyOf(type: "string", [Bounds(format: "date-time", pattern: APIPatterns.instant(separator: "[Tt]")),
                                                                Bounds(pattern: APIPatterns.instant(separator: " "))]), Bounds(
        description: "an RFC 3339 date-time (`T`, or a space, between date and time; up to 9 fractional digits; `Z` or an offset) "
            + "from 2000-01-01T00:00:00Z to 2100-01-01T00:00:00Z, offset included"))
    /// A day in a request: `YYYY-MM-DD` from 2000-01-01 to ten years after today. The pattern
    /// states the years every day of which is inside that window for as long as this process
    /// runs: up to eight years after this year (the window's end moves with the person's
    /// today, which the document cannot know; the description states it exactly).
    static let day = Schema.bounded(.date, Bounds(
        pattern: APIPatterns.day(through: Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date()).year! + 8),
        description: "a day, YYYY-MM-DD, from 2000-01-01 to ten years (3,652 days) after today in the person's time zone"))
    static let weekday = Schema.string(values: Weekday.allCases.map(\.rawValue))
    static let days = Schema.array(weekday, count: 1...Int.max)
        .described("the weekdays to train on, at least one (`mon` ... `sun`; full names and any case are read too); "
                   + "enough of them for `perWeek`, and with a rest day between them for up to 3 sessions a week")
    static let timeZone = Schema.text.described("an IANA time zone such as Europe/Berlin")
    static let routineName = Schema.text(pattern: APIPatterns.name(limit: 80))
        .described("1 to 80 characters after trimming white space; no control or invisible formatting characters")
    static let teamName = routineName

    /// The library the document lists ids from: the built-in one, which `sitless serve` uses.
    static let catalog = try? Catalog.builtIn()
    /// An exercise id from the library.
    static let exerciseID: Schema = catalog.map { .string(values: $0.exercises.map(\.id)) } ?? .text
    /// A program id from the library.
    static let programID: Schema = catalog.map { .string(values: $0.programs.map(\.id)) } ?? .text
    /// The most items a session can have: a routine's limit, or the library's longest session.
    static let largestSession: Int = max(SitLessCore.Routine.maxExercises,
                                         catalog?.programs.flatMap { $0.weeks.flatMap { $0.sessions.map(\.prescriptions.count) } }.max() ?? 0)

    static let all: [String: Schema] = [
        "Error": .object(["error": .object(["code": .text, "message": .text, "field": .nullable(.text)], required: ["code", "message"])], required: ["error"]),
        "User": .object(["id": .uuid, "email": .nullable(.text), "timeZone": .text, "isClinician": .boolean, "isAdmin": .boolean, "onboarded": .boolean],
                        required: ["id", "timeZone", "isClinician", "isAdmin", "onboarded"]),
        "Exercise": .object(["id": .text, "name": .text, "position": .text, "level": .text, "dosage": .text, "how": .array(.text), "feel": .text, "deskBreak": .boolean,
                             "demonstration": .nullable(.ref("Demonstration")), "author": .nullable(.text)],
                            required: ["id", "name", "position", "level", "dosage", "how", "feel", "deskBreak"]),
        "Demonstration": .object(["animation": .text, "stills": .text, "thumbnail": .text, "description": .text],
                                 required: ["animation", "stills", "thumbnail", "description"]),
        "Program": .object(["id": .text, "name": .text, "goal": .text, "weeks": .integer, "perWeek": .text, "sessions": .integer],
                           required: ["id", "name", "goal", "weeks", "perWeek", "sessions"]),
        "ExerciseList": list("Exercise"), "ProgramList": list("Program"), "BoutList": list("Bout"), "WorkoutList": list("Workout"),
        "RoutineList": list("Routine"), "DayList": list("Day"), "PromptList": list("Prompt"), "ImportList": list("Import"),
        "TeamList": list("Team"), "AssignmentList": list("Assignment"), "SessionList": list("Session"),
        "Bout": .object(["id": .uuid, "posture": .string(values: Posture.allCases.map(\.rawValue)), "source": .string(values: ["desktop", "manual", "wearable"]),
                         "start": .dateTime, "end": .nullable(.dateTime), "confidence": .number], required: ["id", "posture", "source", "start", "confidence"]),
        "NewBout": .object(["posture": .string(values: ["sitting", "lying", "standing", "stepping", "walking"]).described("`walking` is read as `stepping`"),
                            "start": instant, "end": instant.described("after `start`, at most 12 hours after it, and not in the future; "
                                                                      + "the entry may not overlap another manual entry")],
                           required: ["posture", "start", "end"]),
        "PostureChange": .object(["posture": .string(values: ["sitting", "lying", "standing", "stepping", "walking", "unknown"]).described("`walking` is read as `stepping`"),
                                  "at": instant.orNull.described("when it changed (default: now); not in the future, and not before the current manual entry")],
                                 required: ["posture"]),
        "Presence": .object(["id": Schema.uuid.orNull.described("the bout to extend (one of yours); absent or unknown: a new bout"),
                             "posture": Schema.string(values: ["sitting", "standing"]).orNull.described("default sitting"),
                             "start": instant, "end": instant.described("not before `start` (after it unless `open`), at most 24 hours after it, "
                                                                       + "and at most 2 minutes in the future"),
                             "open": .boolean], required: ["start", "end", "open"]),
        "PresenceSaved": .object(["id": .uuid], required: ["id"]),
        "Day": .object(["date": .date, "sittingMinutes": .number, "standingMinutes": .number, "steppingMinutes": .number, "lyingMinutes": .number,
                        "breaks": .integer, "prolonged30Count": .integer, "prolonged60Count": .integer, "longestBoutMinutes": .nullable(.number),
                        "workSittingShare": .nullable(.number), "goalMinutes": .integer, "posture": .text, "nextPromptDue": .nullable(.dateTime),
                        "prompts": .map(.integer)],
                       required: ["date", "sittingMinutes", "standingMinutes", "steppingMinutes", "lyingMinutes", "breaks", "prolonged30Count",
                                  "prolonged60Count", "goalMinutes", "posture", "prompts"]),
        // The settings as read and as written (`CoachPolicy.problems` checks every one).
        "Coach": .object(["timeZone": timeZone,
                          "workHours": Schema.text.described("days and clock ranges, e.g. `mon-fri 09:00-12:30,13:30-17:30; sat 10-12` "
                                                             + "(days `mon`...`sun` or ranges of them; no days means mon-fri); each range's start "
                                                             + "before its end, and a day's ranges may not overlap"),
                          "maxSittingMinutes": .integer(5...240), "breakMinutes": .integer(1...30), "snoozeMinutes": .integer(1...60),
                          "maxSnoozesInARow": .integer(0...10),
                          "quietTimes": .array(Schema.text(pattern: APIPatterns.clockRange).described("a clock range like 12:00-13:00, the start before the end")),
                          "responseWindowMinutes": .integer(1...120), "dailySittingGoalMinutes": .integer(0...1440),
                          "cycle": .nullable(.object(["sitMinutes": .integer(5...240), "standMinutes": .integer(1...120), "moveMinutes": .integer(1...30)],
                                                     required: ["sitMinutes", "standMinutes", "moveMinutes"]))],
                         required: ["timeZone", "workHours", "maxSittingMinutes", "breakMinutes", "snoozeMinutes", "maxSnoozesInARow", "quietTimes",
                                    "responseWindowMinutes", "dailySittingGoalMinutes"]),
        "Prompt": .object(["outcome": .string(values: PromptOutcome.allCases.map(\.rawValue)), "at": .dateTime, "issuedAt": .nullable(.dateTime),
                           "kind": .nullable(.text), "exerciseID": .nullable(.text), "dosage": .nullable(.text)], required: ["outcome", "at"]),
        "NewPrompt": .object(["outcome": .string(values: PromptOutcome.allCases.map(\.rawValue)), "at": instant, "issuedAt": instant.orNull,
                              "kind": Schema.text.orNull.described("the prompt's kind: move-break, stand or move (other text is stored, and read back as move-break)"),
                              "exerciseID": Schema.text.orNull.described("the move it suggested"), "dosage": Schema.text.orNull],
                             required: ["outcome", "at"]),
        "WorkoutItem": .object(["index": .integer, "exerciseID": .text, "name": .text, "dosage": .text, "sets": .integer, "reps": .nullable(.integer), "seconds": .nullable(.integer),
                                "why": Schema.text.orNull.described("in a scheduled session: why the item is what it is (the newest decision, a clinician's dosage or the progression rules, counts)"),
                                "left": Schema.boolean.described("in a session: left for today (skipped, or swapped for its easier step); no more sets of it"),
                                "replaces": Schema.integer.described("in a session: the index of the item this easier step was swapped in for")],
                               required: ["index", "exerciseID", "name", "dosage", "sets"]),
        "SetLog": .object(["id": .uuid, "item": .integer, "exerciseID": .text, "set": .integer, "reps": .nullable(.integer), "seconds": .nullable(.integer),
                           "loadKg": Schema.nullable(.number).described(APIModels.kilogramsNote), "effort": .nullable(.integer), "pain": .nullable(.integer), "loggedAt": .dateTime],
                          required: ["id", "item", "exerciseID", "set", "loggedAt"]),
        "NewSet": .object(["item": Schema.integer(0...(largestSession - 1)).described("the item's index in the session (0 to the number of its items - 1)"),
                           "reps": Schema.integer(0...1000).orNull.described("for an exercise counted in repetitions (required there)"),
                           "seconds": Schema.integer(0...7200).orNull.described("for a hold or a timed exercise (required there)"),
                           "loadKg": Schema.number(0...500).orNull.described(APIModels.kilogramsNote), "effort": .integer(0...10), "pain": .integer(0...10)],
                          required: ["item", "effort", "pain"]),
        "Workout": .object(["id": .uuid, "date": .date, "week": .integer, "title": .text, "status": .string(values: ["in-progress", "done"]), "startedAt": .dateTime,
                            "finishedAt": .nullable(.dateTime), "nextMorning": .nullable(.text), "items": .array(.ref("WorkoutItem")), "sets": .array(.ref("SetLog")),
                            "decisions": .array(.object(["exerciseID": .text, "action": .text, "next": .text, "reasons": .array(.text)], required: ["exerciseID", "action", "next", "reasons"]))],
                           required: ["id", "date", "week", "title", "status", "startedAt", "items", "sets", "decisions"]),
        "RoutineItem": .object(["exerciseID": .text, "sets": .integer, "amount": .integer, "dosage": .text], required: ["exerciseID"]),
        "NewRoutineItem": .object(["exerciseID": exerciseID.described("an exercise id from the library"),
                                   "sets": Schema.integer(1...10).orNull.described("default: the exercise's own"),
                                   "amount": Schema.integer(1...1800).orNull.described("repetitions (1-100), or seconds for a hold (1-600) or a timed exercise "
                                                                                     + "(1-1800), by the exercise's kind; default: the exercise's own")],
                                  required: ["exerciseID"]),
        "Routine": .object(["id": .uuid, "name": .text, "perWeek": .integer, "items": .array(.ref("RoutineItem"))], required: ["id", "name", "perWeek", "items"]),
        "NewRoutine": .object(["name": routineName, "perWeek": Schema.integer(1...7).orNull.described("sessions a week (default 3)"),
                               "items": Schema.array(.ref("NewRoutineItem"), count: 0...SitLessCore.Routine.maxExercises)
                                   .described("at most \(SitLessCore.Routine.maxExercises) exercises")],
                              required: ["name", "items"]),
        "Plan": .object(["title": .text, "programID": .nullable(.text), "routineID": .nullable(.uuid), "start": .date, "perWeek": .integer, "days": .array(.text), "weeks": .integer],
                        required: ["title", "start", "perWeek", "days", "weeks"]),
        "NewPlan": .object(["programID": programID.orNull.described("a program from the library; send this or `routineID`"),
                            "routineID": Schema.uuid.orNull.described("one of your routines"),
                            "start": day, "perWeek": .integer(1...7), "days": days,
                            "weeks": Schema.integer(1...52).orNull.described("for a routine (default 4); a program has its own length")],
                           required: ["start", "perWeek", "days"]),
        "Session": .object(["date": .date, "week": .integer, "title": .text, "minutes": .integer, "items": .array(.ref("WorkoutItem"))], required: ["date", "week", "title", "minutes", "items"]),
        "Import": .object(["id": .uuid, "fileName": .text, "placement": .text, "bytes": .integer, "status": .string(values: ["queued", "running", "done", "failed"]),
                           "percent": .integer, "format": .nullable(.text), "message": .nullable(.text), "bouts": .integer, "firstAt": .nullable(.dateTime),
                           "lastAt": .nullable(.dateTime), "firstDay": .nullable(.date), "createdAt": .nullable(.dateTime)],
                          required: ["id", "fileName", "placement", "bytes", "status", "percent", "bouts"]),
        "Team": .object(["id": .uuid, "name": .text, "role": .string(values: ["clinician", "member"])], required: ["id", "name", "role"]),
        "NewTeam": .object(["name": teamName], required: ["name"]),
        "TeamDetail": .object(["id": .uuid, "name": .text, "members": .array(.object(["id": .uuid, "name": .text, "role": .text, "joinedAt": .dateTime,
                                                                                     "attention": .nullable(.integer), "reasons": .nullable(.array(.text))],
                                                                                    required: ["id", "name", "role", "joinedAt"]))],
                              required: ["id", "name", "members"]),
        "Invite": .object(["code": .text, "link": .text, "expiresAt": .dateTime], required: ["code", "link", "expiresAt"]),
        "AcceptInvite": .object(["code": Schema.text.described("the code a clinician of the team gave you")], required: ["code"]),
        "NewAssignment": .object(["programID": programID.orNull.described("a program from the library; send this or `routineID`"),
                                  "routineID": Schema.uuid.orNull.described("one of your own routines"),
                                  "start": day, "perWeek": .integer(1...7), "days": days,
                                  "weeks": Schema.integer(1...52).orNull.described("for a routine (default 4); a program has its own length"),
                                  "dosages": Schema.map(Schema.text.described("sets x amount, e.g. `3 x 12` (sets 1-10; repetitions 1-100, or seconds 1-600 "
                                                                             + "for a hold, 1-1800 timed); one line")).orNull
                                      .described("per exercise (its id or name): the dosage for this person"),
                                  "notes": Schema.text.orNull.described("at most 2000 characters")],
                                 required: ["start", "perWeek", "days"]),
        "DeleteAccount": .object(["password": Schema.text.described("the account's password")], required: ["password"]),
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
