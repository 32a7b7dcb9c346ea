import Foundation

/// Any JSON value. The catalog is read through this rather than straight into the domain
/// types so that every mistake can be reported with its file, entry and field, unknown
/// (misspelt) fields are caught, and all problems are collected in one pass.
enum JSONValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int.self) {
            self = .int(i)
        } else if let d = try? c.decode(Double.self) {
            self = .double(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "true/false"
        case .int, .double: "a number"
        case .string: "text"
        case .array: "a list"
        case .object: "an object"
        }
    }
}

/// Collects problems for one file.
final class ProblemLog {
    private(set) var problems: [CatalogProblem] = []

    func add(_ file: String, _ entry: String?, _ field: String?, _ message: String) {
        problems.append(CatalogProblem(file: file, entry: entry, field: field, message: message))
    }
}

/// Reads the fields of one JSON object, reporting missing, mistyped and unknown fields.
struct FieldReader {
    let object: [String: JSONValue]
    let file: String
    var entry: String?
    let prefix: String
    let log: ProblemLog
    private var seen = Set<String>()

    init(_ object: [String: JSONValue], file: String, entry: String?, prefix: String = "", log: ProblemLog) {
        self.object = object
        self.file = file
        self.entry = entry
        self.prefix = prefix
        self.log = log
    }

    func path(_ key: String) -> String { prefix.isEmpty ? key : "\(prefix).\(key)" }

    /// Reports a problem with `key`, or with the object itself (its prefix) when `key` is nil.
    func report(_ key: String?, _ message: String) {
        log.add(file, entry, key.map(path) ?? (prefix.isEmpty ? nil : prefix), message)
    }

    private mutating func value(_ key: String, required: Bool) -> JSONValue? {
        seen.insert(key)
        guard let v = object[key], v != .null else {
            if required { report(key, "is missing") }
            return nil
        }
        return v
    }

    mutating func has(_ key: String) -> Bool {
        if let v = object[key], v != .null { return true }
        return false
    }

    /// Required text; reports an empty one.
    mutating func text(_ key: String) -> String? {
        guard let v = value(key, required: true) else { return nil }
        guard case .string(let s) = v else {
            report(key, "must be text, found \(v.kindName)")
            return nil
        }
        guard !s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            report(key, "must not be empty")
            return nil
        }
        return s
    }

    mutating func optionalText(_ key: String) -> String? {
        guard let v = value(key, required: false) else { return nil }
        guard case .string(let s) = v else {
            report(key, "must be text, found \(v.kindName)")
            return nil
        }
        guard !s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            report(key, "must not be empty")
            return nil
        }
        return s
    }

    mutating func integer(_ key: String, required: Bool = true) -> Int? {
        guard let v = value(key, required: required) else { return nil }
        switch v {
        case .int(let i): return i
        case .double(let d) where d == d.rounded() && abs(d) < 1e9: return Int(d)
        default:
            report(key, "must be a whole number, found \(v.kindName)")
            return nil
        }
    }

    mutating func number(_ key: String) -> Double? {
        guard let v = value(key, required: false) else { return nil }
        switch v {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default:
            report(key, "must be a number, found \(v.kindName)")
            return nil
        }
    }

    mutating func requiredNumber(_ key: String) -> Double? {
        guard has(key) else {
            _ = value(key, required: true)
            return nil
        }
        return number(key)
    }

    mutating func bool(_ key: String) -> Bool? {
        guard let v = value(key, required: false) else { return nil }
        guard case .bool(let b) = v else {
            report(key, "must be true or false, found \(v.kindName)")
            return nil
        }
        return b
    }

    /// A list of text; each item must be non-empty.
    mutating func texts(_ key: String, required: Bool, nonEmpty: Bool = false) -> [String] {
        guard let v = value(key, required: required) else { return [] }
        guard case .array(let items) = v else {
            report(key, "must be a list, found \(v.kindName)")
            return []
        }
        if nonEmpty && items.isEmpty { report(key, "must list at least one item") }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            guard case .string(let s) = item else {
                report("\(key)[\(i + 1)]", "must be text, found \(item.kindName)")
                continue
            }
            guard !s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                report("\(key)[\(i + 1)]", "must not be empty")
                continue
            }
            out.append(s)
        }
        return out
    }

    /// One term of a closed vocabulary (muscles, positions ...).
    mutating func term<T: CatalogTerm>(_ key: String, _ type: T.Type) -> T? {
        guard let s = text(key) else { return nil }
        guard let t = T(rawValue: s) else {
            report(key, "'\(s)' is not one of: \(T.allowedValues)")
            return nil
        }
        return t
    }

    mutating func terms<T: CatalogTerm>(_ key: String, _ type: T.Type, required: Bool) -> [T] {
        texts(key, required: required, nonEmpty: required).compactMap { s in
            guard let t = T(rawValue: s) else {
                report(key, "'\(s)' is not one of: \(T.allowedValues)")
                return nil
            }
            return t
        }
    }

    mutating func objects(_ key: String, required: Bool) -> [[String: JSONValue]] {
        guard let v = value(key, required: required) else { return [] }
        guard case .array(let items) = v else {
            report(key, "must be a list, found \(v.kindName)")
            return []
        }
        if required && items.isEmpty { report(key, "must list at least one item") }
        var out: [[String: JSONValue]] = []
        for (i, item) in items.enumerated() {
            guard case .object(let o) = item else {
                report("\(key)[\(i + 1)]", "must be an object, found \(item.kindName)")
                continue
            }
            out.append(o)
        }
        return out
    }

    mutating func object(_ key: String, required: Bool) -> [String: JSONValue]? {
        guard let v = value(key, required: required) else { return nil }
        guard case .object(let o) = v else {
            report(key, "must be an object, found \(v.kindName)")
            return nil
        }
        return o
    }

    /// Reports fields this reader never asked for: most often a misspelt name.
    func finish() {
        for key in object.keys.sorted() where !seen.contains(key) {
            report(key, "is not a known field")
        }
    }
}
