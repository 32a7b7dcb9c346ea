import Foundation

/// Something a person, a client or a file gave that SitLess does not accept, with the field
/// it was in. Core's rules throw it; the web forms show `message` beside the field, the API
/// answers 422 with `{"error": {"field", "message"}}` and the CLI prints one `Error:` line.
public struct InvalidEntry: Error, Equatable, Sendable, CustomStringConvertible {
    /// The field as the caller named it (`start`, `items[3].dosage`, `name`).
    public var field: String
    /// What is wrong, in words a person can act on; does not repeat the field.
    public var message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

/// Names people give things (teams, routines, imports, display names): the one rule for
/// what text is accepted.
public enum NameRules {
    /// Names longer than this are refused (`limit` overrides it per field).
    public static let defaultLimit = 120

    /// The name trimmed of surrounding white space, or an `InvalidEntry` when it is empty,
    /// too long, or holds control characters (NUL, line breaks, escape) or the invisible
    /// characters that reorder or hide text (bidirectional overrides and isolates, zero-width
    /// characters): a name is shown to other people, and such characters can make it look like
    /// something else.
    public static func check(_ text: String, field: String, limit: Int = defaultLimit) throws(InvalidEntry) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw InvalidEntry(field, "is required") }
        if let bad = trimmed.unicodeScalars.first(where: isRefused) {
            let code = String(bad.value, radix: 16, uppercase: true)
            throw InvalidEntry(
                field,
                "must not contain control or invisible formatting characters (found "
                    + "U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code))"
            )
        }
        guard trimmed.count <= limit else {
            throw InvalidEntry(field, "must be at most \(limit) characters, got \(trimmed.count)")
        }
        return trimmed
    }

    /// Control characters (category Cc) and format characters (Cf: bidi controls, zero-width
    /// spaces, the BOM), which have no visible form of their own. The zero-width joiner and
    /// non-joiner stay allowed: emoji sequences and Persian words need them.
    static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value == 0x200C || scalar.value == 0x200D { return false }
        switch scalar.properties.generalCategory {
        case .control, .format: return true
        default: return false
        }
    }
}
