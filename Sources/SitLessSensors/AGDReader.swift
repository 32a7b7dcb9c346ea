import Foundation
import SitLessCore
import VaporCSQLite

/// Reads ActiLife's `.agd` epoch files: SQLite databases with a `settings` table (name and
/// value: `epochlength` in seconds, `modenumber`, `limb`, `deviceserial`, ...) and a `data` table
/// with one row per epoch: `dataTimestamp` (.NET ticks: 100 ns since 0001-01-01 on the device's
/// clock), `axis1`..`axis3` counts and, in inclinometer modes, `inclineOff`, `inclineStanding`,
/// `inclineSitting`, `inclineLying` seconds. Rows are stepped through one at a time (SQLite's
/// cursor), so memory does not grow with the recording; the file is opened read-only and
/// immutable, so nothing is ever written next to it. The SQLite library is the one the Store
/// already links (sqlite-nio's vendored copy).
public enum AGDReader {
    /// Whether the first bytes are an SQLite database (every `.agd` is one).
    public static func isSQLite(_ head: Data) -> Bool { head.starts(with: Array("SQLite format 3\0".utf8)) }

    /// Seconds between 0001-01-01 (.NET ticks' origin) and 1970-01-01.
    static let ticksOrigin: Int64 = 62_135_596_800

    final class Database {
        var handle: OpaquePointer?
        let name: String
        init(url: URL) throws {
            name = url.lastPathComponent
            // SensorFile.open refuses what is not a regular file (a FIFO would block SQLite).
            let check = try SensorFile.open(url)
            try? check.close()
            var uri = URLComponents()
            uri.scheme = "file"
            uri.path = url.path
            uri.queryItems = [URLQueryItem(name: "mode", value: "ro"), URLQueryItem(name: "immutable", value: "1")]
            let text = uri.string ?? "file:\(url.path)?mode=ro&immutable=1"
            let flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX
            guard sqlite_nio_sqlite3_open_v2(text, &handle, flags, nil) == SQLITE_OK else {
                throw SensorError.unreadable(file: name, reason: "SQLite cannot open it: \(message)")
            }
        }
        deinit { sqlite_nio_sqlite3_close_v2(handle) }

        var message: String {
            handle.flatMap { sqlite_nio_sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "out of memory"
        }

        /// Runs `sql`, calling `row` for each result row with the statement to read columns from.
        func query(_ sql: String, row: (OpaquePointer) throws -> Void) throws {
            var statement: OpaquePointer?
            guard sqlite_nio_sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
                throw SensorError.unsupported(
                    file: name, reason: "not an ActiLife .agd database (\(SensorFile.excerpt(message, limit: 80)))")
            }
            defer { sqlite_nio_sqlite3_finalize(statement) }
            while true {
                let step = sqlite_nio_sqlite3_step(statement)
                if step == SQLITE_DONE { return }
                guard step == SQLITE_ROW else {
                    throw SensorError.unreadable(
                        file: name, reason: "SQLite: \(SensorFile.excerpt(message, limit: 80))")
                }
                try row(statement)
            }
        }

        static func text(_ statement: OpaquePointer, _ column: Int32) -> String {
            sqlite_nio_sqlite3_column_text(statement, column).map { String(cString: $0) } ?? ""
        }
    }

    public static func read(url: URL, zone: TimeZone) throws -> WearableRecording {
        let name = url.lastPathComponent
        let db = try Database(url: url)
        var settings: [String: String] = [:]
        try db.query("SELECT settingName, settingValue FROM settings") { s in
            if settings.count < 1000 { settings[Database.text(s, 0).lowercased()] = Database.text(s, 1) }
        }
        guard let epochText = settings["epochlength"], let epoch = Double(epochText),
            ActiGraphEpochs.epochRange.contains(epoch)
        else {
            throw SensorError.unsupported(
                file: name, reason: "the settings table has no epochlength of 1 to 3600 seconds")
        }
        var columns: Set<String> = []
        try db.query("PRAGMA table_info(data)") { s in columns.insert(Database.text(s, 1)) }
        guard columns.contains("dataTimestamp"), columns.contains("axis1") else {
            throw SensorError.unsupported(file: name, reason: "the data table has no dataTimestamp and axis1 columns")
        }
        let incline = ["inclineOff", "inclineStanding", "inclineSitting", "inclineLying"]
        let hasIncline = incline.allSatisfy(columns.contains)
        let hasAxes = columns.contains("axis2") && columns.contains("axis3")
        let select = ["dataTimestamp", "axis1"] + (hasIncline ? incline : []) + (hasAxes ? ["axis2", "axis3"] : [])
        var warnings: [String] = []
        if let limb = settings["limb"], !limb.isEmpty, limb.lowercased() != "waist", limb.lowercased() != "hip" {
            warnings.append(
                "the device was worn on the \(SensorFile.excerpt(limb, quoted: false).lowercased()); "
                    + "the counts cut-point "
                    + "(Troiano 2008) is for the hip, so sedentary time from counts is underestimated there")
        }
        var epochs = ActiGraphEpochs(epochSeconds: epoch, zone: zone)
        var row = 0
        try db.query("SELECT \(select.joined(separator: ", ")) FROM data ORDER BY dataTimestamp") { s in
            row += 1
            let n = row
            guard sqlite_nio_sqlite3_column_type(s, 0) == SQLITE_INTEGER else {
                throw SensorError.unsupported(
                    file: name, reason: "row \(n) of the data table: dataTimestamp is not a whole number of ticks")
            }
            let ticks = sqlite_nio_sqlite3_column_int64(s, 0)
            let seconds = Double(ticks / 10_000_000 - ticksOrigin) + Double(ticks % 10_000_000) / 1e7
            func number(_ column: Int32) -> Double {
                sqlite_nio_sqlite3_column_type(s, column) == SQLITE_NULL
                    ? .nan : sqlite_nio_sqlite3_column_double(s, column)
            }
            let inclinometer = hasIncline ? (2..<6).map { number(Int32($0)) } : nil
            let axesColumn: Int32 = hasIncline ? 6 : 2
            let axes23 = hasAxes ? (number(axesColumn), number(axesColumn + 1)) : nil
            try epochs.add(
                ActiGraphEpochs.Row(
                    deviceTime: seconds, axis1: number(1), axes23: axes23, inclinometer: inclinometer), file: name
            ) {
                SensorError.unsupported(file: name, reason: "row \(n) of the data table: \($0)")
            }
        }
        guard epochs.epochs > 0 else {
            throw SensorError.unsupported(file: name, reason: "the .agd data table has no epochs")
        }
        return epochs.recording(format: "ActiGraph .agd", warnings: warnings)
    }
}
