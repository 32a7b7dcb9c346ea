import Foundation

/// A short "learn" article in Markdown, citing references by id.
public struct Article: Identifiable, Hashable, Sendable, Codable {
    public var id: String
    public var title: String
    public var summary: String
    public var referenceIDs: [String]
    /// Markdown; cites references inline as `[id]`.
    public var body: String

    public init(id: String, title: String, summary: String, referenceIDs: [String], body: String) {
        self.id = id
        self.title = title
        self.summary = summary
        self.referenceIDs = referenceIDs
        self.body = body
    }

    enum CodingKeys: String, CodingKey {
        case id, title, summary
        case referenceIDs = "references"
        case body
    }

    /// Ids cited inline as `[some-id]` (lower-case slug in square brackets, not a Markdown link).
    public var citedIDs: [String] {
        var found: [String] = []
        var rest = body[...]
        while let open = rest.firstIndex(of: "[") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "]") else { break }
            let inside = after[..<close]
            let next = after.index(after: close)
            let isLink = next < after.endIndex && (after[next] == "(" || after[next] == "[")
            if !isLink, Catalog.isSlug(String(inside)) { found.append(String(inside)) }
            rest = after[close...].dropFirst()
        }
        return found
    }
}

/// A citation that exercises, programs and articles point to.
public struct Reference: Identifiable, Hashable, Sendable, Codable {
    public var id: String
    public var citation: String
    public var doi: String?
    public var url: String?

    public init(id: String, citation: String, doi: String? = nil, url: String? = nil) {
        self.id = id
        self.citation = citation
        self.doi = doi
        self.url = url
    }
}
