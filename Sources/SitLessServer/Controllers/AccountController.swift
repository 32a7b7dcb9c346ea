import Foundation
import SitLessCore
import SitLessStore
import Vapor

/// Sign up, sign in, sign out, change password.
enum AccountController {
    struct FormModel: Encodable, Sendable {
        var email: String
        var next: String
        var firstAccount: Bool
        var name: String = ""
        /// `self` (to sit less themselves) or `others` (to treat or coach others).
        var purpose: String = "self"
    }

    /// Tries per account in the window: slows guessing one person's password to a crawl.
    static let maxAttemptsPerEmail = 5
    /// Tries per client address: higher, because many people can share one address (an
    /// office, or every request arriving from a reverse proxy).
    static let maxAttemptsPerAddress = 50
    static let attemptWindow: TimeInterval = 15 * 60

    static func signUpPage(_ req: Request) async throws -> Page<FormModel> {
        let first = try await req.store.userCount() == 0
        let next = Self.safeNext(req.query[String.self, at: "next"])
        return Page(
            template: "signup", title: "Create your account",
            model: FormModel(email: "", next: next, firstAccount: first))
    }

    static func signUp(_ req: Request) async throws -> Response {
        var form = FormReader(try req.form())
        let email = form.required("email", label: "Email")
        let password = form.required("password", label: "Password")
        if let email, !Self.looksLikeEmail(email) { form.fail("Email", "'\(email)' is not an email address") }
        if let password, password.count < 10 { form.fail("Password", "must be at least 10 characters") }
        if let password, let confirm = form.text("confirm"), confirm != password {
            form.fail("Confirm password", "does not match the password")
        }
        if let email, Self.looksLikeEmail(email), try await req.store.user(email: email) != nil {
            form.fail("Email", "an account with this email already exists; sign in instead")
        }
        let zone = form.text("timeZone").flatMap { TimeZone(identifier: $0) != nil ? $0 : nil } ?? "UTC"
        let treatsOthers = form.text("purpose") == "others"
        var shownName: String?
        if let given = form.text("displayName") {
            do { shownName = try NameRules.check(given, field: "Your name", limit: 80) } catch {
                form.fail("Your name", error.message)
            }
        }
        guard form.errors.isEmpty, let email, let password else {
            return try await Page(
                template: "signup", title: "Create your account",
                model: FormModel(
                    email: form.text("email") ?? "", next: Self.safeNext(form.text("next")),
                    firstAccount: try await req.store.userCount() == 0,
                    name: form.text("displayName") ?? "", purpose: treatsOthers ? "others" : "self"),
                status: .unprocessableEntity, errors: form.errors
            ).encodeResponse(for: req)
        }
        let hash = try await req.password.async.hash(password)
        var user = try await req.store.createAccount(email: email, passwordHash: hash, timeZone: zone)
        if try await req.store.userCount() == 1 { user.isAdmin = true }  // the first account runs the installation
        if shownName != nil || user.isAdmin || treatsOthers {
            user.chosenName = shownName
            if treatsOthers {
                // Here to treat or coach others: no patient questions; their own program can
                // come later (starting one asks the safety questions first).
                user.isClinician = true
                user.onboardedAt = req.now
            }
            try await req.saveProfile(user)
        }
        try await rotateSession(req)
        req.auth.login(user)
        req.session.authenticate(user)
        // An invitation link, say: followed once onboarding is done.
        let next = Self.safeNext(form.text("next"))
        if treatsOthers {
            return req.redirect(
                to: next != "/" ? next : "/team",
                flash: "Welcome. Start here: create your clinic or team, then invite the people you look after.")
        }
        if next != "/" { req.session.data["after-onboarding"] = next }
        return req.redirect(to: "/onboarding")
    }

    static func signInPage(_ req: Request) async throws -> Response {
        if try await req.store.userCount() == 0 { return req.redirect(to: "/signup") }
        let next = Self.safeNext(req.query[String.self, at: "next"])
        return try await Page(
            template: "signin", title: "Sign in", model: FormModel(email: "", next: next, firstAccount: false)
        )
        .encodeResponse(for: req)
    }

    /// Sign-in is rate limited per email (5 tries in 15 minutes) and per client address
    /// (50): past either, tries are refused until the window passes. A successful sign-in
    /// clears the account's count. Counted in the database, so every server process sees the same count.
    static func signIn(_ req: Request) async throws -> Response {
        var form = FormReader(try req.form())
        let email = form.required("email", label: "Email")?.lowercased()
        let password = form.required("password", label: "Password")
        let next = Self.safeNext(form.text("next"))
        guard let email, let password else {
            return try await Page(
                template: "signin", title: "Sign in",
                model: FormModel(email: email ?? "", next: next, firstAccount: false),
                status: .unprocessableEntity, errors: form.errors
            ).encodeResponse(for: req)
        }
        let emailKey = Store.signInKey(email: email)
        let addressKey = Store.signInKey(
            address: ClientAddress.resolve(
                peer: req.remoteAddress?.ipAddress, headers: req.headers, trusted: req.settings.trustedProxies))
        let byEmail = try await req.store.recordSignInAttempt(key: emailKey, at: req.now, window: attemptWindow)
        let byAddress = try await req.store.recordSignInAttempt(key: addressKey, at: req.now, window: attemptWindow)
        if byEmail > maxAttemptsPerEmail || byAddress > maxAttemptsPerAddress {
            return try await Page(
                template: "signin", title: "Sign in", model: FormModel(email: email, next: next, firstAccount: false),
                status: .tooManyRequests,
                errors: [FieldError(field: "Sign in", message: "too many attempts; wait 15 minutes and try again")]
            )
            .encodeResponse(for: req)
        }
        guard let (user, hash) = try await req.store.credentials(email: email), let hash,
            try await req.password.async.verify(password, created: hash)
        else {
            return try await Page(
                template: "signin", title: "Sign in", model: FormModel(email: email, next: next, firstAccount: false),
                status: .unauthorized,
                errors: [FieldError(field: "Email or password", message: "does not match an account")]
            )
            .encodeResponse(for: req)
        }
        try await req.store.clearSignInAttempts(key: emailKey)
        try await rotateSession(req)
        req.auth.login(user)
        req.session.authenticate(user)
        return req.redirect(to: next)
    }

    static func signOut(_ req: Request) async throws -> Response {
        req.auth.logout(Account.self)
        req.session.destroy()
        return req.redirect(to: "/signin")
    }

    static func passwordPage(_ req: Request) async throws -> Page<Empty> {
        Page(template: "password", title: "Change password", model: Empty())
    }

    static func changePassword(_ req: Request) async throws -> Response {
        let user = try req.user
        var form = FormReader(try req.form())
        let current = form.required("current", label: "Current password")
        let new = form.required("password", label: "New password")
        if let new, new.count < 10 { form.fail("New password", "must be at least 10 characters") }
        if let current, let hash = try await req.store.passwordHash(userID: user.id),
            !(try await req.password.async.verify(current, created: hash))
        {
            form.fail("Current password", "is not correct")
        }
        guard form.errors.isEmpty, let new else {
            return try await Page(
                template: "password", title: "Change password", model: Empty(), status: .unprocessableEntity,
                errors: form.errors
            ).encodeResponse(for: req)
        }
        // Whoever else was signed in with the old password is signed out, and API tokens end.
        try await req.store.changePassword(
            userID: user.id, hash: try await req.password.async.hash(new),
            keepingSession: req.session.id?.string)
        return req.redirect(
            to: "/", flash: "Your password has been changed. Other devices are signed out and API tokens revoked.")
    }

    /// A new session id at sign-in, so an id planted before cannot be ridden (session fixation).
    static func rotateSession(_ req: Request) async throws {
        if let id = req.session.id {
            try await req.application.sessions.driver.deleteSession(id, for: req).get()
        }
        req.session.id = nil
    }

    static func looksLikeEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@")
        return parts.count == 2 && parts[1].contains(".") && !text.contains(" ") && text.count <= 254
    }

    /// Only local paths, so a crafted link cannot send someone elsewhere after signing in:
    /// one `/` then not a second `/` or `\\`, and no control characters, white space or
    /// backslashes anywhere (browsers drop tabs and line breaks from URLs and read `\\` as
    /// `/`, so `/\t/evil.example` would become `//evil.example`, another origin).
    static func safeNext(_ text: String?) -> String {
        guard let text, text.count <= 2048, text.hasPrefix("/"), !text.hasPrefix("//"),
            !text.unicodeScalars.contains(where: {
                $0.value < 0x21 || $0.value == 0x7F || $0 == "\\"
                    || $0.properties.isWhitespace || $0.properties.generalCategory == .format
            })
        else { return "/" }
        return text
    }

    /// `POST /settings/name`: the name others see (empty: show the email).
    static func changeName(_ req: Request) async throws -> Response {
        var user = try req.user
        let given = (try req.form())["displayName"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if given.isEmpty {
            user.chosenName = nil
        } else {
            do {
                user.chosenName = try NameRules.check(given, field: "Your name", limit: 80)
            } catch {
                // The settings page again, with the name as typed and what is wrong with it.
                return try await SettingsPages.model(
                    req, status: .unprocessableEntity, errors: [FieldError(field: "Your name", message: error.message)],
                    typed: ["displayName": (try req.form())["displayName"] ?? ""]
                ).encodeResponse(for: req)
            }
        }
        try await req.saveProfile(user)
        return req.redirect(
            to: "/settings",
            flash: user.chosenName.map { "Others now see you as \($0)." } ?? "Others now see your email.")
    }
}
