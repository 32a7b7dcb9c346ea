import Foundation
import Vapor

/// Every operation of `/api/v1`, registered and documented from this one list.
enum APIv1 {
    typealias H = APIHandlers
    static let limit = QueryParameter(name: "limit", schema: .integer(1...200), description: "items per page, 1-200 (default 50)")
    static let cursor = QueryParameter(name: "cursor", schema: .text(pattern: APIPatterns.cursor),
                                       description: "the previous page's nextCursor (opaque; one this API did not give out answers 422)")
    /// The catalog's lists page by offset: their cursor is the number of items to skip, from
    /// 0 to the list's length (`count`; with a filter, the filtered list's).
    static func offsetCursor(_ count: Int?) -> QueryParameter {
        QueryParameter(name: "cursor", schema: count.map { .integer(0...$0) } ?? .integer(atLeast: 0),
                       description: "the previous page's nextCursor (an offset: 0 to the number of items listed)")
    }
    static let fromInstant = QueryParameter(name: "from", schema: APISchemas.instant, description: "start of the time range (default: 7 days before `to`)")
    static let fromDate = QueryParameter(name: "from", schema: APISchemas.day, description: "first day (default: 6 days before `to`); at most 92 days before `to`")
    static let toDate = QueryParameter(name: "to", schema: APISchemas.day, description: "last day (default: today); not before `from`")

    static let operations: [APIOperation] = [
        // Catalog
        .init(method: .GET, path: "/exercises", id: "listExercises", tag: "catalog", summary: "The exercise library",
              query: [limit, offsetCursor(APISchemas.catalog?.exercises.count), .init(name: "q", schema: .text, description: "part of the name"),
                      .init(name: "deskBreak", schema: .boolean, description: "`true`: only desk-break moves (`true` or `false`; anything else answers 422)")],
              responses: [200: .ref("ExerciseList")], handler: H.listExercises),
        .init(method: .GET, path: "/exercises/{id}", id: "getExercise", tag: "catalog", summary: "One exercise", responses: [200: .ref("Exercise")], handler: H.getExercise),
        .init(method: .GET, path: "/programs", id: "listPrograms", tag: "catalog", summary: "The programs", query: [limit, offsetCursor(APISchemas.catalog?.programs.count)],
              responses: [200: .ref("ProgramList")], handler: H.listPrograms),
        .init(method: .GET, path: "/programs/{id}", id: "getProgram", tag: "catalog", summary: "One program", responses: [200: .ref("Program")], handler: H.getProgram),
        // A person
        .init(method: .GET, path: "/users/{user}", id: "getUser", tag: "people", summary: "The account", responses: [200: .ref("User")], handler: H.getUser),
        .init(method: .GET, path: "/users/{user}/report", id: "getReport", tag: "people", summary: "Adherence, pain, progression and sitting, as a clinician sees it",
              responses: [200: .ref("Report")], handler: H.getReport),
        // Sitting
        .init(method: .GET, path: "/users/{user}/bouts", id: "listBouts", tag: "sitting", summary: "Posture bouts starting in a time range, oldest first",
              query: [fromInstant, .init(name: "to", schema: APISchemas.instant, description: "end of the time range, after `from` (default: now + 1 day)"), limit, cursor],
              responses: [200: .ref("BoutList")], handler: H.listBouts),
        .init(method: .POST, path: "/users/{user}/bouts", id: "addBout", tag: "sitting", summary: "Add a manual correction", body: .ref("NewBout"),
              responses: [201: .ref("Bout"), 403: .ref("Error")], handler: H.addBout),
        .init(method: .DELETE, path: "/users/{user}/bouts/{id}", id: "deleteBout", tag: "sitting", summary: "Delete a bout",
              responses: [204: nil, 403: .ref("Error")], handler: H.deleteBout),
        .init(method: .POST, path: "/users/{user}/posture", id: "changePosture", tag: "sitting", summary: "\"I'm sitting / up / walking / away\" now (or at a time)",
              body: .ref("PostureChange"), responses: [204: nil, 403: .ref("Error")], handler: H.changePosture),
        .init(method: .POST, path: "/users/{user}/presence", id: "savePresence", tag: "sitting", summary: "The desktop agent's presence at the computer: create or extend a bout",
              body: .ref("Presence"), responses: [200: .ref("PresenceSaved"), 403: .ref("Error")], handler: H.savePresence),
        .init(method: .GET, path: "/users/{user}/days", id: "listDays", tag: "sitting", summary: "Sitting metrics per day (at most 92 days)",
              query: [fromDate, toDate], responses: [200: .ref("DayList")], handler: H.listDays),
        .init(method: .GET, path: "/users/{user}/coach", id: "getCoach", tag: "coach", summary: "Break coach settings", responses: [200: .ref("Coach")], handler: H.getCoach),
        .init(method: .PUT, path: "/users/{user}/coach", id: "putCoach", tag: "coach", summary: "Change the break coach settings", body: .ref("Coach"),
              responses: [200: .ref("Coach"), 403: .ref("Error")], handler: H.putCoach),
        .init(method: .GET, path: "/users/{user}/prompts", id: "listPrompts", tag: "coach", summary: "What became of break prompts in a time range",
              query: [fromInstant, .init(name: "to", schema: APISchemas.instant, description: "end of the time range (default: now)")],
              responses: [200: .ref("PromptList")], handler: H.listPrompts),
        .init(method: .POST, path: "/users/{user}/prompts", id: "addPrompt", tag: "coach", summary: "Record a prompt's outcome", body: .ref("NewPrompt"),
              responses: [201: nil, 403: .ref("Error")], handler: H.addPrompt),
        // Training
        .init(method: .GET, path: "/users/{user}/plan", id: "getPlan", tag: "training", summary: "The program or routine being followed", responses: [200: .ref("Plan")], handler: H.getPlan),
        .init(method: .PUT, path: "/users/{user}/plan", id: "putPlan", tag: "training", summary: "Start a program or routine on chosen days", body: .ref("NewPlan"),
              responses: [200: .ref("Plan"), 403: .ref("Error")], handler: H.putPlan),
        .init(method: .GET, path: "/users/{user}/schedule", id: "listSchedule", tag: "training", summary: "The plan's sessions by date",
              query: [.init(name: "from", schema: APISchemas.day, description: "first day"), .init(name: "to", schema: APISchemas.day, description: "last day")],
              responses: [200: .ref("SessionList")], handler: H.listSchedule),
        .init(method: .GET, path: "/users/{user}/workouts", id: "listWorkouts", tag: "training", summary: "Sessions done or in progress, newest first, with their sets",
              query: [limit, cursor], responses: [200: .ref("WorkoutList")], handler: H.listWorkouts),
        .init(method: .POST, path: "/users/{user}/workouts", id: "startWorkout", tag: "training", summary: "Start today's session (or resume the one in progress)",
              responses: [200: .ref("Workout"), 201: .ref("Workout"), 403: .ref("Error"), 409: .ref("Error")], handler: H.startWorkout),
        .init(method: .GET, path: "/users/{user}/workouts/{id}", id: "getWorkout", tag: "training", summary: "One session with its sets and decisions",
              responses: [200: .ref("Workout")], handler: H.getWorkout),
        .init(method: .POST, path: "/users/{user}/workouts/{id}/sets", id: "logSet", tag: "training", summary: "Log a set (reps or seconds, load, effort, pain)",
              body: .ref("NewSet"), responses: [201: .ref("SetLog"), 403: .ref("Error"), 409: .ref("Error")], handler: H.logSet),
        .init(method: .DELETE, path: "/users/{user}/workouts/{id}/sets/{set}", id: "undoSet", tag: "training",
              summary: "Undo the session's newest set (only that one: an older set answers 409 not_newest, a finished session 409 finished)",
              responses: [204: nil, 403: .ref("Error"), 409: .ref("Error")], handler: H.undoSet),
        .init(method: .POST, path: "/users/{user}/workouts/{id}/items/{index}/skip", id: "skipItem", tag: "training",
              summary: "Leave an item for today (after pain, say): no more sets of it; 409 already_left or finished",
              responses: [200: .ref("Workout"), 403: .ref("Error"), 409: .ref("Error")], handler: H.skipItem),
        .init(method: .POST, path: "/users/{user}/workouts/{id}/items/{index}/swap", id: "swapItem", tag: "training",
              summary: "Swap an item for its easier step now, at that step's default dosage (added as a new item played next); 422 when it has none",
              responses: [200: .ref("Workout"), 403: .ref("Error"), 409: .ref("Error")], handler: H.swapItem),
        .init(method: .POST, path: "/users/{user}/workouts/{id}/finish", id: "finishWorkout", tag: "training", summary: "Finish: the progression rules decide the next dosages",
              responses: [200: .ref("Workout"), 403: .ref("Error")], handler: H.finishWorkout),
        .init(method: .GET, path: "/users/{user}/routines", id: "listRoutines", tag: "training", summary: "Own routines", responses: [200: .ref("RoutineList")], handler: H.listRoutines),
        .init(method: .POST, path: "/users/{user}/routines", id: "createRoutine", tag: "training", summary: "Build a routine from the library", body: .ref("NewRoutine"),
              responses: [201: .ref("Routine"), 403: .ref("Error")], handler: H.createRoutine),
        .init(method: .GET, path: "/users/{user}/routines/{id}", id: "getRoutine", tag: "training", summary: "One routine", responses: [200: .ref("Routine")], handler: H.getRoutine),
        .init(method: .PUT, path: "/users/{user}/routines/{id}", id: "putRoutine", tag: "training", summary: "Replace a routine", body: .ref("NewRoutine"),
              responses: [200: .ref("Routine"), 403: .ref("Error")], handler: H.putRoutine),
        .init(method: .DELETE, path: "/users/{user}/routines/{id}", id: "deleteRoutine", tag: "training", summary: "Delete a routine",
              responses: [204: nil, 403: .ref("Error")], handler: H.deleteRoutine),
        .init(method: .GET, path: "/users/{user}/assignments", id: "listAssignments", tag: "teams", summary: "What clinicians prescribed, newest first",
              responses: [200: .ref("AssignmentList")], handler: H.listAssignments),
        // The person's data
        .init(method: .GET, path: "/users/{user}/export", id: "exportArchive", tag: "people",
              summary: "Everything the person owns as one tar archive: sitless-export.json plus sessions.csv, sets.csv and bouts.csv",
              responses: [200: .string(), 403: .ref("Error")], handler: YourData.apiExport),
        .init(method: .POST, path: "/users/{user}/archive", id: "importArchive", tag: "people",
              summary: "Import an export from another SitLess into this account (only while it has no data); all or nothing",
              rawBody: true, responses: [204: nil, 403: .ref("Error"), 409: .ref("Error")], handler: YourData.apiImport),
        .init(method: .DELETE, path: "/users/{user}", id: "deleteAccount", tag: "people", summary: "Delete the account and all its data (confirm with the password)",
              body: .ref("DeleteAccount"), responses: [204: nil, 403: .ref("Error")], handler: YourData.apiDelete),
        // Wearable imports
        .init(method: .GET, path: "/users/{user}/imports", id: "listImports", tag: "imports", summary: "Recent wearable imports", responses: [200: .ref("ImportList")], handler: H.listImports),
        .init(method: .POST, path: "/users/{user}/imports", id: "uploadImport", tag: "imports",
              summary: "Upload a wearable file as the body (activPAL CSV, .cwa, ActiGraph or time,x,y,z CSV); imported in the background, all or nothing",
              query: [.init(name: "name", schema: .text(pattern: APIPatterns.fileName),
                            description: "the file's name (default `upload`): the part after the last `/` is kept, 1 to 255 characters after trimming white space, "
                                + "with no control or invisible formatting characters"),
                      .init(name: "placement", schema: .string(values: ["thigh", "wrist", "hip"]), description: "where it was worn (default thigh)"),
                      .init(name: "tz", schema: APISchemas.timeZone, description: "the device clock's time zone (default: the person's)")],
              rawBody: true, responses: [202: .ref("Import"), 403: .ref("Error"), 409: .ref("Error"), 413: .ref("Error")], handler: H.uploadImport),
        .init(method: .GET, path: "/users/{user}/imports/{id}", id: "getImport", tag: "imports", summary: "An import's progress and result", responses: [200: .ref("Import")], handler: H.getImport),
        // Teams
        .init(method: .GET, path: "/teams", id: "listTeams", tag: "teams", summary: "Teams you are in, with your role", responses: [200: .ref("TeamList")], handler: H.listTeams),
        .init(method: .POST, path: "/teams", id: "createTeam", tag: "teams", summary: "Create a team (clinicians)", body: .ref("NewTeam"),
              responses: [201: .ref("Team"), 403: .ref("Error")], handler: H.createTeam),
        .init(method: .GET, path: "/teams/{team}", id: "getTeam", tag: "teams", summary: "A team; clinicians see its people sorted by who needs attention",
              responses: [200: .ref("TeamDetail")], handler: H.getTeam),
        .init(method: .POST, path: "/teams/{team}/invites", id: "createInvite", tag: "teams", summary: "A single-use invitation code (shown once)",
              responses: [201: .ref("Invite"), 403: .ref("Error")], handler: H.createInvite),
        .init(method: .POST, path: "/invites/accept", id: "acceptInvite", tag: "teams", summary: "Join a team with an invitation code", body: .ref("AcceptInvite"),
              responses: [201: .ref("Team"), 409: .ref("Error")], handler: H.acceptInvite),
        .init(method: .DELETE, path: "/teams/{team}/membership", id: "leaveTeam", tag: "teams", summary: "Leave a team: its clinicians lose access at once",
              responses: [204: nil], handler: H.leaveTeam),
        .init(method: .DELETE, path: "/teams/{team}/members/{member}", id: "removeMember", tag: "teams", summary: "Remove a member (clinicians)",
              responses: [204: nil], handler: H.removeMember),
        .init(method: .POST, path: "/teams/{team}/members/{member}/assignments", id: "assign", tag: "teams",
              summary: "Assign a program or routine with per-person dosages and notes (clinicians)", body: .ref("NewAssignment"),
              responses: [201: .ref("Assignment")], handler: H.assign),
    ]

    /// The OpenAPI 3.1 document, serialized once.
    static let document: Data = (try? JSONSerialization.data(withJSONObject: OpenAPIDocument.build(operations, schemas: APISchemas.all),
                                                             options: [.sortedKeys, .prettyPrinted])) ?? Data()

    /// Registers every operation under /api/v1 (token required) and the document itself, and
    /// the 405 answer (with `Allow`) for a method an API path does not offer.
    static func register(_ app: Application) {
        app.middleware.use(MethodNotAllowedMiddleware(operations))
        app.get("api", "openapi.json", use: APIHandlers.openAPI)
        let api = app.grouped("api", "v1").grouped(BearerTokenAuthenticator(), RequireToken())
        for op in operations {
            let path = op.path.split(separator: "/").map { part -> PathComponent in
                part.hasPrefix("{") ? .parameter(String(part.dropFirst().dropLast())) : .constant(String(part))
            }
            let body: HTTPBodyStreamStrategy = op.id == "importArchive" ? .collect(maxSize: ByteCount(value: YourData.archiveLimit))
                : op.rawBody ? .stream : .collect(maxSize: "1mb")
            api.on(op.method, path, body: body, use: op.handler)
        }
    }
}
