import FluentSQL
import Foundation

/// Turns an archived row into SQL values in `columns` order: times through `Store.sqlTime`
/// (exact on both databases), ids, text, numbers and flags bound as they are, `nil` as NULL.
///
/// Why not SQLKit's own row encoding (`SQLQueryEncoder`, `SQLInsertBuilder.model(_:)` /
/// `.models(_:)`, SQLKit 3.36): with `.useDefaultKeys` its columns are the rows' coding keys and
/// with `.asNil` a `nil` is NULL, as here, and ids, text, numbers and flags become the same
/// `SQLBind`s. But it binds a `Date` as the `Date` itself on every database, and gives no hook
/// to bind it otherwise (only values that are already an `SQLExpression` pass through). On SQLite
/// that is what this writer does too; on PostgreSQL, PostgresNIO writes a `Date` as
/// `Int64(seconds since 2000 * 1_000_000)`, truncating after floating-point arithmetic, so a time
/// read from an export can be stored a microsecond early. `Store.sqlTime` binds the exact text and
/// casts it to TIMESTAMPTZ instead. This writer also refuses a nested value or a list by name,
/// where SQLKit would bind it as it is.
final class ArchiveRowWriter: Encoder {
    let sql: any SQLDatabase
    var values: [String: any SQLExpression] = [:]
    /// The first value that is not a plain column (a list, a nested object).
    var unsupported: String?
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(sql: any SQLDatabase) { self.sql = sql }

    static func values<Row: ArchivedRow>(of row: Row, on sql: any SQLDatabase) throws -> [any SQLExpression] {
        let writer = ArchiveRowWriter(sql: sql)
        try row.encode(to: writer)
        if let unsupported = writer.unsupported {
            throw EncodingError.invalidValue(
                row, .init(codingPath: [], debugDescription: "\(Row.table).\(unsupported) is not a plain column"))
        }
        return Row.columns.map { writer.values[$0] ?? SQLLiteral.null }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(Columns<Key>(writer: self))
    }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { Refused(writer: self, what: "a list") }
    func singleValueContainer() -> any SingleValueEncodingContainer { Refused(writer: self, what: "a single value") }

    struct Columns<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let writer: ArchiveRowWriter
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) throws { writer.values[key.stringValue] = SQLLiteral.null }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            let column = key.stringValue
            switch value {
            case let date as Date: writer.values[column] = Store.sqlTime(date, on: writer.sql)
            case let id as UUID: writer.values[column] = SQLBind(id)
            case let text as String: writer.values[column] = SQLBind(text)
            case let number as Int: writer.values[column] = SQLBind(number)
            case let number as Int64: writer.values[column] = SQLBind(number)
            case let number as Double: writer.values[column] = SQLBind(number)
            case let flag as Bool: writer.values[column] = SQLBind(flag)
            default: writer.unsupported = writer.unsupported ?? column
            }
        }

        mutating func nestedContainer<N: CodingKey>(
            keyedBy type: N.Type,
            forKey key: Key
        ) -> KeyedEncodingContainer<N> {
            writer.unsupported = writer.unsupported ?? key.stringValue
            return KeyedEncodingContainer(Columns<N>(writer: ArchiveRowWriter(sql: writer.sql)))
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            Refused(writer: writer, what: key.stringValue)
        }
        mutating func superEncoder() -> any Encoder { writer }
        mutating func superEncoder(forKey key: Key) -> any Encoder { writer }
    }

    /// What rows never ask for: noted, so `values(of:on:)` throws.
    struct Refused: UnkeyedEncodingContainer, SingleValueEncodingContainer {
        let writer: ArchiveRowWriter
        let what: String
        var codingPath: [any CodingKey] { [] }
        var count: Int { 0 }

        init(writer: ArchiveRowWriter, what: String) {
            self.writer = writer
            self.what = what
            writer.unsupported = writer.unsupported ?? what
        }
        mutating func encodeNil() throws {}
        mutating func encode<T: Encodable>(_ value: T) throws {}
        mutating func nestedContainer<N: CodingKey>(keyedBy type: N.Type) -> KeyedEncodingContainer<N> {
            KeyedEncodingContainer(Columns<N>(writer: ArchiveRowWriter(sql: writer.sql)))
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { self }
        mutating func superEncoder() -> any Encoder { writer }
    }
}
