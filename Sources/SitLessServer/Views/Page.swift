import Foundation
import SitLessCore
import SitLessStore
import Vapor

/// A form problem, named by its field.
struct FieldError: Content, Equatable {
    var field: String
    var message: String
}

/// What every page's layout needs.
struct BaseContext: Content {
    var title: String
    var nav: String
    /// Which main-menu entry is the current page, as flags: a Leaf `==` per menu entry was
    /// most of the layout's rendering time in the load benchmark's profile.
    var at: NavFlags
    var signedIn: Bool
    var csrf: String
    var flash: String?
    var errors: [FieldError]
}

struct NavFlags: Content {
    var today = false, sitting = false, progress = false, library = false, programs = false, learn = false,
        team = false, settings = false

    init(_ nav: String) {
        switch nav {
        case "today": today = true
        case "sitting": sitting = true
        case "progress": progress = true
        case "library": library = true
        case "programs": programs = true
        case "learn": learn = true
        case "team": team = true
        case "settings": settings = true
        default: break
        }
    }
}

/// A page: its template, its model, and the status it answers with.
struct Page<Model: Encodable & Sendable>: AsyncResponseEncodable {
    struct Context: Encodable {
        var base: BaseContext
        var page: Model
    }

    var template: String
    var title: String
    var nav: String = ""
    var model: Model
    var status: HTTPStatus = .ok
    var errors: [FieldError] = []
    var flash: String?

    func encodeResponse(for request: Request) async throws -> Response {
        // Touching `request.session` makes a session (a database row and a cookie): only
        // signed-in people, pages with a form and visitors who already have one get or use it,
        // so a crawler's page views and 404s write nothing.
        let signedIn = request.auth.has(Account.self)
        let needsToken = signedIn || request.hasSession || request.application.formTemplates.contains(template)
        let stored = request.hasSession ? request.session.data["flash"] : nil
        if stored != nil { request.session.data["flash"] = nil }
        let base = BaseContext(
            title: title, nav: nav, at: NavFlags(nav), signedIn: signedIn, csrf: needsToken ? request.csrfToken : "",
            flash: flash ?? stored, errors: errors)
        let view = try await request.view.render(template, Context(base: base, page: model))
        let response = try await view.encodeResponse(for: request)
        response.status = status
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}

struct Empty: Encodable, Sendable {}

extension Request {
    /// Redirect after a POST, with a one-line message for the next page.
    func redirect(to path: String, flash: String) -> Response {
        session.data["flash"] = flash
        return redirect(to: path, redirectType: .normal)
    }

    /// The form as text fields (missing fields are absent).
    func form() throws -> [String: String] {
        (try? content.decode([String: String].self)) ?? [:]
    }
}

/// Reads typed values out of a submitted form, collecting an error per bad field.
struct FormReader {
    let fields: [String: String]
    var errors: [FieldError] = []

    init(_ fields: [String: String]) { self.fields = fields }

    func text(_ name: String) -> String? {
        guard let value = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }

    mutating func required(_ name: String, label: String) -> String? {
        guard let value = text(name) else {
            errors.append(FieldError(field: label, message: "is required"))
            return nil
        }
        return value
    }

    /// A whole number in `range`; `nil` (and no error) when empty and not required.
    mutating func integer(_ name: String, label: String, in range: ClosedRange<Int>, required: Bool = false) -> Int? {
        guard let text = text(name) else {
            if required { errors.append(FieldError(field: label, message: "is required")) }
            return nil
        }
        guard let value = Int(text), range.contains(value) else {
            errors.append(
                FieldError(
                    field: label,
                    message: "must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'"))
            return nil
        }
        return value
    }

    mutating func decimal(_ name: String, label: String, in range: ClosedRange<Double>) -> Double? {
        guard let text = text(name) else { return nil }
        guard let value = Double(text.replacingOccurrences(of: ",", with: ".")), range.contains(value) else {
            errors.append(
                FieldError(
                    field: label,
                    message: "must be a number from \(Int(range.lowerBound)) to \(Int(range.upperBound)), got '\(text)'"
                ))
            return nil
        }
        return value
    }

    /// A name people will see (Core's `NameRules`): required, at most `limit` characters, no
    /// control or invisible formatting characters.
    mutating func name(_ name: String, label: String, limit: Int) -> String? {
        do {
            return try NameRules.check(fields[name] ?? "", field: label, limit: limit)
        } catch {
            errors.append(FieldError(field: label, message: error.message))
            return nil
        }
    }

    mutating func fail(_ label: String, _ message: String) {
        errors.append(FieldError(field: label, message: message))
    }
}

enum Format {

    /// "09:05" in `zone`: the offset at that instant, then arithmetic (a DateFormatter per
    /// call showed up in the load benchmark's profile).
    static func clock(_ date: Date, _ zone: TimeZone) -> String {
        let local = Int((date.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: date))).rounded(.down))
        let minutes = ((local / 60) % 1440 + 1440) % 1440
        let h = minutes / 60
        let m = minutes % 60
        return (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
    }

    /// ISO 8601 in UTC, whole seconds.
    static func iso(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    static func day(_ date: LocalDate) -> String {
        "\(date.weekday.name), \(date)"
    }
}
