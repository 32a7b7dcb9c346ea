import FluentKit
import FluentSQL
import Foundation
import SitLessCore

/// Store: a person's data read out as a `UserArchive`, the same from SQLite and PostgreSQL.
extension Store {
    // MARK: Export

    /// The person's data as an archive, as the database holds it now, read in one
    /// transaction so the tables agree. Times are whole microseconds, the resolution both
    /// databases keep, so an export reads the same from SQLite and from PostgreSQL.
    public func exportArchive(userID: UUID, now: Date) async throws -> UserArchive {
        let ownTransaction = !database.inTransaction
        return try await transaction { db in
            let sql = try Store.sqlDatabase(db)
            if ownTransaction && sql.dialect.name == "postgresql" {
                // One snapshot for every table (PostgreSQL's default gives each statement its own).
                try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY").run()
            }
            guard let user = try await UserRecord.find(userID, on: db) else { throw ArchiveError.noSuchAccount(userID) }
            let time = { (date: Date?) in date.map(ArchiveTime.wholeMicroseconds) }
            let prescriptions = try await self.on(db).assignments(memberID: userID).map { assignment in
                UserArchive.PrescriptionRow(
                    title: assignment.title, programID: assignment.programID,
                    notes: assignment.notes, dosagesJSON: try StoredJSON.encode(assignment.dosages),
                    createdAt: time(assignment.createdAt),
                    clinicianEmail: assignment.clinician.email, teamName: assignment.team.name)
            }
            return UserArchive(
                version: UserArchive.currentVersion, exportedAt: now,
                profile: UserArchive.Profile(
                    name: user.name, timeZone: user.timeZone,
                    onboardedAt: time(user.onboardedAt),
                    safetyOutcome: user.safetyOutcome, isClinician: user.isClinician,
                    displayName: user.chosenName, equipment: user.equipment,
                    safetyCautions: user.safetyCautions, loadUnit: user.loadUnit),
                coachSettings: try await Store.archivedRows(userID: userID, on: sql),
                postureBouts: try await Store.archivedRows(userID: userID, on: sql),
                breakPrompts: try await Store.archivedRows(userID: userID, on: sql),
                routines: try await Store.archivedRows(userID: userID, on: sql),
                trainingPlans: try await Store.archivedRows(userID: userID, on: sql),
                workouts: try await Store.archivedRows(userID: userID, on: sql),
                setLogs: try await Store.archivedRows(userID: userID, on: sql),
                exerciseTargets: try await Store.archivedRows(userID: userID, on: sql),
                imports: try await Store.archivedRows(userID: userID, on: sql),
                prescriptions: prescriptions)
        }
    }

    static func archivedRows<Row: ArchivedRow>(userID: UUID, on sql: any SQLDatabase) async throws -> [Row] {
        let decoder = SQLRowDecoder()
        return try await sql.select().columns(Row.columns).from(Row.table)
            .where(SQLIdentifier("user_id"), .equal, SQLBind(userID))
            .all()
            .map { try decoder.decode(Row.self, from: MicrosecondRow(row: $0)) }
            .sorted { $0.sortKey < $1.sortKey }
    }

    static func sqlDatabase(_ database: any Database) throws -> any SQLDatabase {
        guard let sql = database as? any SQLDatabase else {
            throw StoreError.cannotOpen("database", reason: "it does not speak SQL")
        }
        return sql
    }
}

/// A row whose times read as whole microseconds, the resolution both databases keep, so
/// an export says the same whichever database it comes from.
struct MicrosecondRow: SQLRow {
    let row: any SQLRow
    var allColumns: [String] { row.allColumns }
    func contains(column: String) -> Bool { row.contains(column: column) }
    func decodeNil(column: String) throws -> Bool { try row.decodeNil(column: column) }
    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        let value = try row.decode(column: column, as: D.self)
        if let date = value as? Date, let whole = ArchiveTime.wholeMicroseconds(date) as? D { return whole }
        return value
    }
}
