import Vapor

func routes(_ app: Application) throws {
    // Liveness and database check for load balancers: 200 "ok", or 503 naming the problem.
    app.get("healthz") { req async -> Response in
        do {
            _ = try await req.store.userCount()
            return Response(status: .ok, body: .init(string: "ok"))
        } catch {
            req.logger.error("health check: database unavailable")
            return Response(status: .serviceUnavailable, body: .init(string: "database unavailable"))
        }
    }

    app.get("signup", use: AccountController.signUpPage)
    app.post("signup", use: AccountController.signUp)
    app.get("signin", use: AccountController.signInPage)
    app.post("signin", use: AccountController.signIn)
    app.post("signout", use: AccountController.signOut)

    let signedIn = app.grouped(RequireUser())
    signedIn.get("onboarding", use: OnboardingController.page)
    signedIn.post("onboarding", use: OnboardingController.submit)
    signedIn.get("settings", "password", use: AccountController.passwordPage)
    signedIn.post("settings", "password", use: AccountController.changePassword)

    // Invitation links work before onboarding too (a new person signs up from one).
    signedIn.get("join", ":code", use: TeamPages.joinPage)
    signedIn.post("join", use: TeamPages.join)

    let app = signedIn.grouped(RequireOnboarded())
    app.get("team", use: TeamPages.care)
    app.post("settings", "clinician", use: TeamPages.setClinician)
    app.post("teams", use: TeamPages.createTeam)
    app.get("teams", ":team", use: TeamPages.teamPage)
    app.post("teams", ":team", "invites", use: TeamPages.createInvite)
    app.post("teams", ":team", "leave", use: TeamPages.leave)
    app.get("teams", ":team", "members", ":member", use: TeamPages.memberPage)
    app.post("teams", ":team", "members", ":member", "assign", use: TeamPages.assign)
    app.post("teams", ":team", "members", ":member", "remove", use: TeamPages.removeMember)
    app.get("teams", ":team", "members", ":member", "handout", use: TeamPages.memberHandout)
    app.get("plan", "handout", use: TeamPages.ownHandout)
    app.get(use: TodayController.page)
    app.post("posture", use: TodayController.posture)
    app.post("morning", use: TodayController.morning)
    app.post("sessions", use: SessionController.start)
    app.get("sessions", ":id", use: SessionController.player)
    app.post("sessions", ":id", "sets", use: SessionController.logSet)
    app.post("sessions", ":id", "finish", use: SessionController.finish)
    app.get("sessions", ":id", "summary", use: SessionController.summary)
    app.get("progress", use: ProgressController.page)
    app.get("library", use: CatalogPages.library)
    app.get("library", ":id", use: CatalogPages.exercise)
    app.get("programs", use: CatalogPages.programs)
    app.get("programs", ":id", use: CatalogPages.program)
    app.get("programs", ":id", "handout", use: CatalogPages.handout)
    app.post("programs", ":id", "start", use: CatalogPages.start)
    app.get("learn", use: CatalogPages.learn)
    app.get("learn", ":id", use: CatalogPages.article)
    app.get("sitting", use: SittingPages.page)
    app.post("sitting", "bouts", use: SittingPages.addBout)
    app.post("sitting", "bouts", ":id", use: SittingPages.editBout)
    app.post("sitting", "bouts", ":id", "delete", use: SittingPages.deleteBout)
    app.on(.POST, "sitting", "imports", body: .stream, use: WearableImports.upload)
    app.get("sitting", "imports", ":id", use: WearableImports.show)
    app.get("routines", use: RoutinePages.list)
    app.post("routines", use: RoutinePages.create)
    app.post("routines", "add", use: RoutinePages.addFromLibrary)
    app.get("routines", ":id", use: RoutinePages.show)
    app.get("routines", ":id", "handout", use: RoutinePages.handout)
    app.post("routines", ":id", "items", use: RoutinePages.addItem)
    app.post("routines", ":id", "items", ":index", "move", use: RoutinePages.moveItem)
    app.post("routines", ":id", "items", ":index", "dosage", use: RoutinePages.setDosage)
    app.post("routines", ":id", "items", ":index", "delete", use: RoutinePages.deleteItem)
    app.post("routines", ":id", "start", use: RoutinePages.start)
    app.post("routines", ":id", "delete", use: RoutinePages.delete)
    app.get("settings", "coach", use: CoachSettingsPage.page)
    app.post("settings", "coach", use: CoachSettingsPage.save)
}
