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

    try APIServer.register(app)

    app.get("calendar", ":file", use: SettingsPages.feed)
    // Drawings and media: signed-in people by their session, API clients by their token.
    let seen = app.grouped(BearerTokenAuthenticator())
    seen.get("exercises", ":id", ":file", use: Demonstrations.svg)
    seen.get("media", ":id", use: MediaPages.serve)
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
    signedIn.post("settings", "name", use: AccountController.changeName)
    signedIn.get("settings", "safety", use: OnboardingController.safetyPage)
    signedIn.post("settings", "safety", use: OnboardingController.retakeSafety)

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
    app.get(use: TodayController.page).userInfo[ReadsAhead.key] = TodayController.readsAhead
    app.post("posture", use: TodayController.posture)
    app.post("morning", use: TodayController.morning)
    app.post("sessions", use: SessionController.start)
    app.get("sessions", ":id", use: SessionController.player)
    app.post("sessions", ":id", "sets", use: SessionController.logSet)
    app.post("sessions", ":id", "sets", "last", "undo", use: SessionController.undo)
    app.post("sessions", ":id", "finish", use: SessionController.finish)
    app.post("sessions", ":id", "items", ":index", "skip", use: SessionController.skip)
    app.post("sessions", ":id", "items", ":index", "swap", use: SessionController.swap)
    app.post("sessions", ":id", "items", ":index", "swap-for", use: EquipmentSwaps.swapFor)
    app.post("settings", "equipment", use: EquipmentSwaps.save)
    app.get("sessions", ":id", "summary", use: SessionController.summary)
    app.get("progress", use: ProgressController.page)
    app.get("library", use: CatalogPages.library)
    app.on(.POST, "exercises", ":id", "media", body: .stream, use: MediaPages.upload)
    app.post("media", ":id", "delete", use: MediaPages.delete)
    app.get("team", "exercises", use: OwnExercisePages.list)
    app.get("team", "exercises", "new", use: OwnExercisePages.newForm)
    // An exercise written out in full (12 steps of 600 characters, …) passes Vapor's 16 KB default.
    app.on(.POST, "team", "exercises", body: .collect(maxSize: "96kb"), use: OwnExercisePages.save)
    app.get("team", "exercises", ":id", use: OwnExercisePages.editForm)
    app.on(.POST, "team", "exercises", ":id", body: .collect(maxSize: "96kb"), use: OwnExercisePages.save)
    app.get("team", "exercises", ":id", "poses", use: PoseEditor.page)
    app.on(.POST, "team", "exercises", ":id", "poses", body: .collect(maxSize: "96kb"), use: PoseEditor.save)
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
    app.get("settings", use: SettingsPages.page)
    // The pages these forms answer with show a new token or link once; reloading or
    // revisiting their address (a GET) leads back to Settings instead of a dead end.
    app.get("settings", "tokens") { req in req.redirect(to: "/settings") }
    app.get("settings", "calendar") { req in req.redirect(to: "/settings") }
    app.post("settings", "units", use: SettingsPages.setUnit)
    app.post("settings", "tokens", use: SettingsPages.createToken)
    app.post("settings", "tokens", ":id", "revoke", use: SettingsPages.revokeToken)
    app.post("settings", "calendar", use: SettingsPages.newFeed)
    app.post("settings", "calendar", "stop", use: SettingsPages.stopFeed)
    app.get("settings", "export", use: YourData.export)
    app.on(
        .POST, "settings", "import", body: .collect(maxSize: ByteCount(value: YourData.archiveLimit)),
        use: YourData.importForm)
    app.post("settings", "delete", use: YourData.deleteForm)
    app.get("settings", "coach", use: CoachSettingsPage.page)
    app.post("settings", "coach", use: CoachSettingsPage.save)
}
