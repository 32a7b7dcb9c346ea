import Vapor

func routes(_ app: Application) throws {
    app.get("healthz") { _ in "ok" }

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

    let app = signedIn.grouped(RequireOnboarded())
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
    app.post("sitting", "bouts", ":id", "delete", use: SittingPages.deleteBout)
    app.get("settings", "coach", use: CoachSettingsPage.page)
    app.post("settings", "coach", use: CoachSettingsPage.save)
}
