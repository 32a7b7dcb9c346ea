import Synchronization

/// Remembers the results of a pure function of its key, for values that are costly to
/// compute and asked for again and again (a program's schedule from its settings, a coach
/// policy decoded from its stored JSON). Only for functions of the key alone: nothing that
/// depends on the database or the clock, so several server processes stay consistent.
/// Bounded: when `limit` entries are held, the next new one starts the cache afresh.
public final class MemoCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let entries = Mutex<[Key: Value]>([:])
    private let limit: Int

    public init(limit: Int) {
        precondition(limit > 0, "a cache holds at least one entry")
        self.limit = limit
    }

    /// The remembered value for `key`, or `compute()`'s, remembered for next time.
    public func value(for key: Key, compute: () throws -> Value) rethrows -> Value {
        if let known = entries.withLock({ $0[key] }) { return known }
        let value = try compute()
        entries.withLock {
            if $0.count >= limit { $0.removeAll(keepingCapacity: true) }
            $0[key] = value
        }
        return value
    }

    public var count: Int { entries.withLock { $0.count } }
}
