import Foundation

/// A file SitLess cannot read, with where the problem is.
public enum SensorError: Error, Equatable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case unsupported(file: String, reason: String)
    case badLine(file: String, line: Int, reason: String)
    case badByte(file: String, offset: Int, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason): "\(file): cannot be read: \(reason)"
        case .unsupported(let file, let reason): "\(file): not a supported file: \(reason)"
        case .badLine(let file, let line, let reason): "\(file), line \(line): \(reason)"
        case .badByte(let file, let offset, let reason): "\(file), byte \(offset): \(reason)"
        }
    }
}
