import Foundation
import SitLessCore

/// A `UserArchive` as files: the JSON and CSV files of an export, the tar read back, the JSON coding.
extension Store {
    /// The name of the archive's main file.
    public static let archiveJSONName = "sitless-export.json"

    // MARK: Files

    /// The files of an export: `sitless-export.json` (everything, for importing) and, for
    /// spreadsheets, `sessions.csv`, `sets.csv` and `bouts.csv` (RFC 4180, UTC times).
    public func archiveFiles(_ archive: UserArchive) throws -> [(name: String, data: Data)] {
        let workouts = Dictionary(archive.workouts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let order = Dictionary(
            archive.workouts.enumerated().map { ($1.id, $0) },
            uniquingKeysWith: { first, _ in first })
        let time: (Date?) -> String = { $0.map(ArchiveTime.text) ?? "" }
        let number: (Int?) -> String = { $0.map(String.init) ?? "" }
        let sessions = archive.workouts.map {
            [
                $0.id.uuidString, $0.scheduledDate, $0.title, $0.status, time($0.startedAt), time($0.finishedAt),
                $0.nextMorning ?? "",
            ]
        }
        let sets = archive.setLogs
            .sorted {
                (order[$0.workoutID] ?? -1, $0.itemIndex, $0.setNumber)
                    < (order[$1.workoutID] ?? -1, $1.itemIndex, $1.setNumber)
            }
            .map {
                [
                    $0.workoutID.uuidString, workouts[$0.workoutID]?.scheduledDate ?? "", $0.exerciseID,
                    String($0.setNumber),
                    number($0.reps), number($0.seconds), $0.loadKilograms.map { String($0) } ?? "", number($0.effort),
                    number($0.pain), time($0.loggedAt),
                ]
            }
        let bouts = archive.postureBouts.map {
            [$0.id.uuidString, $0.posture, $0.source, time($0.startAt), time($0.endAt), String($0.confidence)]
        }
        return [
            (Store.archiveJSONName, try UserArchive.encoder().encode(archive)),
            (
                "sessions.csv",
                Store.csv(
                    [
                        "workout_id", "scheduled_date", "title", "status", "started_at", "finished_at",
                        "next_morning",
                    ], sessions)
            ),
            (
                "sets.csv",
                Store.csv(
                    [
                        "workout_id", "scheduled_date", "exercise_id", "set_number", "reps", "seconds",
                        "load_kg", "effort", "pain", "logged_at",
                    ], sets)
            ),
            ("bouts.csv", Store.csv(["id", "posture", "source", "start_at", "end_at", "confidence"], bouts)),
        ]
    }

    /// RFC 4180: CRLF line ends; a field with a comma, quote or line break in double quotes,
    /// its quotes doubled.
    static func csv(_ header: [String], _ rows: [[String]]) -> Data {
        func field(_ text: String) -> String {
            guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
                return text
            }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        let lines = ([header] + rows).map { $0.map(field).joined(separator: ",") + "\r\n" }
        return Data(lines.joined().utf8)
    }

    /// The archive in a tar file made of `archiveFiles`: its `sitless-export.json` (at the
    /// top, or in one folder when someone unpacked and packed the export again).
    public static func archive(fromTar data: Data) throws -> UserArchive {
        let files = try TarArchive.read(data)
        guard
            let file = files.first(where: { $0.name == archiveJSONName })
                ?? files.first(where: { $0.name.hasSuffix("/" + archiveJSONName) })
        else {
            throw ArchiveError.missingExport
        }
        return try UserArchive.decode(file.data)
    }
}

extension UserArchive {
    /// Pretty-printed, sorted keys, exact ISO-8601 times.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ArchiveTime.text(date))
        }
        return encoder
    }

    /// Reads `sitless-export.json`; every problem is an `ArchiveError` naming what is wrong and where.
    public static func decode(_ data: Data) throws -> UserArchive {
        struct Header: Decodable { var version: Int }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = ArchiveTime.date(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "'\(text)' is not an ISO-8601 time such as 2026-12-07T08:00:00.000Z")
            }
            return date
        }
        do {
            let header = try decoder.decode(Header.self, from: data)
            guard header.version == currentVersion else { throw ArchiveError.unknownVersion(header.version) }
            return try decoder.decode(UserArchive.self, from: data)
        } catch let error as DecodingError {
            throw ArchiveError.unreadableExport(describe(error))
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += (text.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return text.isEmpty ? "the top level" : "'\(text)'"
        }
        switch error {
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                let detail = context.underlyingError.map { " (\(String(describing: $0)))" } ?? ""
                return "it is not valid JSON\(detail)"
            }
            return "\(path(context.codingPath)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])) is missing"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)) should be \(describeType(type))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) is empty but should be \(describeType(type))"
        @unknown default:
            return String(describing: error)
        }
    }

    static func describeType(_ type: Any.Type) -> String {
        switch type {
        case is String.Type, is UUID.Type, is Date.Type: return "text"
        case is Int.Type, is Int64.Type, is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        default: return type is any Collection.Type ? "a list" : "an object"
        }
    }
}
