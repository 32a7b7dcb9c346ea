import Foundation
import SitLessCore
import SitLessStore
import Vapor

/// Settings: API tokens, the calendar feed, the person's data (export, import, delete).
enum SettingsPages {
    struct TokenRow: Encodable, Sendable {
        var id: String
        var name: String
        var hint: String
        var created: String
        var lastUsed: String
    }
    struct Model: Encodable, Sendable {
        var tokens: [TokenRow]
        /// A token or feed URL just made: shown this once.
        var newToken: String?
        var feedURL: String?
        var hasFeed: Bool
        var feedHint: String?
        var isClinician: Bool
        /// The name others see (empty: they see the email).
        var displayName: String
        /// The new token's name as typed, when it comes back with an error.
        var tokenName = ""
        /// Kilograms or pounds, the person's one checked.
        var units: [Unit] = []
        var equipment: EquipmentSwaps.SettingsModel
    }
    struct Unit: Encodable, Sendable {
        var value: String
        var name: String
        var selected: Bool
    }

    static func page(_ req: Request) async throws -> Page<Model> {
        try await model(req)
    }

    static func model(
        _ req: Request, newToken: String? = nil, feedURL: String? = nil, status: HTTPStatus = .ok,
        errors: [FieldError] = [],
        typed: [String: String] = [:]
    ) async throws -> Page<Model> {
        let user = try req.user
        let userID = user.id
        let zone = user.zone
        func when(_ date: Date?) -> String {
            date.map { "\(Format.day(LocalDate($0, in: zone))) \(Format.clock($0, zone))" } ?? "never"
        }
        let tokens = try await req.store.tokens(userID: userID, kind: .api).map {
            TokenRow(
                id: $0.id.uuidString, name: $0.name, hint: $0.hint, created: when($0.createdAt),
                lastUsed: when($0.lastUsedAt))
        }
        let feed = try await req.store.tokens(userID: userID, kind: .calendar).first
        return Page(
            template: "settings", title: "Settings", nav: "settings",
            model: Model(
                tokens: tokens, newToken: newToken, feedURL: feedURL, hasFeed: feed != nil, feedHint: feed?.hint,
                isClinician: user.isClinician,
                displayName: typed["displayName"] ?? user.chosenName ?? "", tokenName: typed["name"] ?? "",
                units: LoadUnit.allCases.map { Unit(value: $0.rawValue, name: $0.name, selected: $0 == user.unit) },
                equipment: EquipmentSwaps.settingsModel(user)),
            status: status, errors: errors)
    }

    static func createToken(_ req: Request) async throws -> Response {
        let typed = try req.form()["name"] ?? ""
        let name = typed.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...60).contains(name.count) else {
            return try await model(
                req, status: .unprocessableEntity,
                errors: [FieldError(field: "Token name", message: "must be 1 to 60 characters")],
                typed: ["name": typed]
            )
            .encodeResponse(for: req)
        }
        let made = AccessTokens.make()
        _ = try await req.store.createToken(
            userID: try req.userID, kind: .api, name: name, tokenHash: made.hash, hint: made.hint)
        return try await model(req, newToken: made.token).encodeResponse(for: req)
    }

    /// `POST /settings/units`: kilograms or pounds for every page the person reads.
    static func setUnit(_ req: Request) async throws -> Response {
        guard let unit = (try req.form())["loadUnit"].flatMap(LoadUnit.init(rawValue:)) else {
            return try await model(
                req, status: .unprocessableEntity,
                errors: [FieldError(field: "Loads in", message: "choose kilograms or pounds")]
            )
            .encodeResponse(for: req)
        }
        try await req.store.setLoadUnit(unit, userID: try req.userID)
        return req.redirect(
            to: "/settings", flash: "Loads are now shown in \(unit == .pounds ? "pounds" : "kilograms").")
    }

    static func revokeToken(_ req: Request) async throws -> Response {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
            let token = try await req.store.tokens(userID: try req.userID, kind: .api)
                .first(where: { $0.id == id })
        else {
            throw PageError.notFound
        }
        guard Confirm.given(req) else {
            return try await Confirm.ask(
                req, title: "Revoke \(token.name)?", nav: "settings",
                question: "Revoke the API token “\(token.name)” (\(token.hint))?",
                details: [
                    "Programs using it, such as the desktop agent, can no longer get in. This cannot be undone; make "
                        + "a new token if you need one again."
                ],
                button: "Revoke \(token.name)", cancel: "/settings")
        }
        guard try await req.store.revokeToken(id, userID: try req.userID) else { throw PageError.notFound }
        return req.redirect(to: "/settings", flash: "Token revoked: programs using it can no longer get in.")
    }

    /// A new secret feed URL; the old one stops working.
    static func newFeed(_ req: Request) async throws -> Response {
        let made = AccessTokens.make(prefix: "cal_")
        try await req.store.replaceCalendarToken(userID: try req.userID, tokenHash: made.hash, hint: made.hint)
        return try await model(req, feedURL: "\(req.baseURL)/calendar/\(made.token).ics").encodeResponse(for: req)
    }

    static func stopFeed(_ req: Request) async throws -> Response {
        let userID = try req.userID
        guard Confirm.given(req) else {
            return try await Confirm.ask(
                req, title: "Turn the calendar feed off?", nav: "settings",
                question: "Turn the calendar feed off?",
                details: [
                    "Calendars subscribed to its link stop updating; the sessions already in them stay. You can make "
                        + "a new link later."
                ],
                button: "Turn the feed off", cancel: "/settings")
        }
        for token in try await req.store.tokens(userID: userID, kind: .calendar) {
            _ = try await req.store.revokeToken(token.id, userID: userID)
        }
        return req.redirect(
            to: "/settings", flash: "The calendar feed is off; calendars subscribed to it stop updating.")
    }

    /// `GET /calendar/:secret.ics`: the scheduled sessions for calendar apps. No session or
    /// token header: the secret in the URL is the key, so it is stored hashed and replaceable.
    static func feed(_ req: Request) async throws -> Response {
        guard let file = req.parameters.get("file"), file.hasSuffix(".ics"),
            let (_, user) = try await req.store.tokenOwner(
                tokenHash: TokenHash.hex(String(file.dropLast(4))), kind: .calendar)
        else {
            throw Abort(.notFound)
        }
        var events: [ICalendar.Event] = []
        var name = "SitLess"
        if let schedule = try await PlanSchedule.load(req, user: user) {
            name = "SitLess: \(schedule.title)"
            events = ICalendar.events(
                for: schedule.sessions, planID: schedule.plan.id.uuidString, title: schedule.title, catalog: req.catalog
            )
        }
        let response = Response(
            status: .ok, body: .init(string: ICalendar.document(name: name, events: events, stamp: req.now)))
        response.headers.contentType = HTTPMediaType(
            type: "text", subType: "calendar", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=900")
        return response
    }
}
