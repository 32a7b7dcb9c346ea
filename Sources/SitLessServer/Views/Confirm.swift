import Foundation
import Vapor

/// Destructive actions ask first, without JavaScript: the button posts without `confirm`,
/// which answers a page that names what will go, with the destructive button and a way
/// back; only the same POST carrying `confirm=yes` acts.
enum Confirm {
    struct Field: Encodable, Sendable {
        var name: String
        var value: String
    }
    struct Model: Encodable, Sendable {
        /// The question, naming the thing: "Remove Alex from Physio North?"
        var question: String
        /// What happens, and what does not.
        var details: [String]
        /// Where the confirmed form posts (the same path that asked).
        var action: String
        var button: String
        /// Where Cancel leads: the page the button was on.
        var cancel: String
        /// Hidden fields the first form carried, carried again.
        var fields: [Field]
    }

    /// Whether this POST carries `confirm=yes`.
    static func given(_ req: Request) -> Bool {
        (try? req.form())?["confirm"] == "yes"
    }

    /// The confirmation step for this POST's path (200: nothing went wrong, nothing happened yet).
    static func ask(
        _ req: Request, title: String, nav: String, question: String, details: [String], button: String,
        cancel: String, fields: [Field] = []
    ) async throws -> Response {
        try await Page(
            template: "confirm", title: title, nav: nav,
            model: Model(
                question: question, details: details, action: req.url.path, button: button,
                cancel: cancel, fields: fields)
        )
        .encodeResponse(for: req)
    }
}
