import ArgumentParser
import Foundation
import SitLessCore

/// An error a person can act on, printed as one line: `Error: <message>`, exit code 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}

/// Options every catalog command takes.
struct CatalogOptions: ParsableArguments {
    @Option(
        name: .customLong("catalog"),
        help: ArgumentHelp(
            "Use the catalog in this folder instead of the built-in one (also SITLESS_CATALOG).", valueName: "folder"))
    var folder: String?

    @Flag(help: "Print JSON for scripts instead of text.")
    var json = false

    func load() throws -> Catalog {
        let path = folder ?? ProcessInfo.processInfo.environment["SITLESS_CATALOG"]
        do {
            if let path {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue
                else {
                    throw CLIError("catalog folder '\(path)' does not exist")
                }
                return try Catalog.load(directory: URL(fileURLWithPath: path))
            }
            return try Catalog.builtIn()
        } catch let error as CatalogError {
            throw CLIError(error.description)
        }
    }
}

enum Output {
    /// Pretty, key-sorted JSON on stdout.
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(value)
        print(String(decoding: data, as: UTF8.self))
    }
}

extension Catalog {
    /// The exercise, or an error that suggests close ids.
    func requireExercise(_ id: String) throws -> Exercise {
        if let exercise = exercise(id) { return exercise }
        let hints = exerciseIDs(resembling: id)
        let hint =
            hints.isEmpty ? "; `sitless exercises` lists them all" : "; did you mean \(hints.joined(separator: ", "))?"
        throw CLIError("no exercise with id '\(id)'\(hint)")
    }

    func requireProgram(_ id: String) throws -> Program {
        if let program = program(id) { return program }
        throw CLIError("no program with id '\(id)'; choose from: \(programs.map(\.id).joined(separator: ", "))")
    }
}
