import Foundation

/// One thing wrong in the catalog's data files, named so a person can find and fix it:
/// `exercises/article.json: exercise 'hip-thrust': progression: 'single-leg-hip-thrst' is not a known exercise`.
public struct CatalogProblem: Hashable, Sendable, CustomStringConvertible {
    /// Path of the file inside the catalog folder.
    public var file: String
    /// The entry ("exercise 'hip-thrust'", "entry 3"), when the problem is inside one.
    public var entry: String?
    /// The field, dotted for nested ones (`dosage.reps`).
    public var field: String?
    public var message: String

    public init(file: String, entry: String? = nil, field: String? = nil, message: String) {
        self.file = file
        self.entry = entry
        self.field = field
        self.message = message
    }

    public var description: String {
        ([file, entry, field].compactMap { $0 } + [message]).joined(separator: ": ")
    }
}

/// The catalog could not be loaded; every problem found is listed, not only the first.
public struct CatalogError: Error, Sendable, CustomStringConvertible {
    public var problems: [CatalogProblem]

    public init(problems: [CatalogProblem]) { self.problems = problems }

    public var description: String {
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return "the exercise catalog has \(count):\n" + problems.map { "  \($0)" }.joined(separator: "\n")
    }
}

/// A data file of the catalog: its path inside the catalog folder and its bytes.
public struct CatalogSourceFile: Sendable {
    public var path: String
    public var contents: Data

    public init(path: String, contents: Data) {
        self.path = path
        self.contents = contents
    }

    public init(path: String, text: String) {
        self.init(path: path, contents: Data(text.utf8))
    }
}
