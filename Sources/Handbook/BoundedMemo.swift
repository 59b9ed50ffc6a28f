import Foundation

/// A memo shared by threads behind one lock that keeps at most `limit` entries: past it the
/// memo starts again, so a long-running process (`serve`) does not grow with its uptime.
/// For facts that never go stale once learned (a formatted date, an attempt known to have
/// no adaptive plan); dropping them only costs working them out again.
public final class BoundedMemo<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    public let limit: Int
    private var entries: [Key: Value] = [:]
    private let lock = NSLock()

    public init(limit: Int) {
        precondition(limit > 0, "a memo must keep at least one entry")
        self.limit = limit
    }

    public subscript(key: Key) -> Value? {
        lock.lock(); defer { lock.unlock() }
        return entries[key]
    }

    public func set(_ key: Key, _ value: Value) {
        lock.lock(); defer { lock.unlock() }
        if entries.count >= limit, entries[key] == nil { entries.removeAll(keepingCapacity: true) }
        entries[key] = value
    }

    public var count: Int {
        lock.lock(); defer { lock.unlock() }
        return entries.count
    }
}
