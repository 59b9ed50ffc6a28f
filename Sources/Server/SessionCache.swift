import Foundation
import Records

/// Signed-in sessions seen recently, by the hash of their id: the user behind each and when
/// it expires. Only answers use it, because an answer's own transaction checks again that
/// its session is live (`LiveSession`); every other request reads the session from the
/// database, so a logout or a revoke (perhaps by `casebook users revoke` in another process)
/// takes effect at once everywhere.
final class SessionCache: @unchecked Sendable {
    private struct Entry {
        var principal: Principal
        var expiresAt: String
    }

    private let lock = NSLock()
    /// Guarded by `lock`.
    private var entries: [String: Entry] = [:]
    /// Sessions kept at most; when full, all are dropped and read again as they come back.
    let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// The user of a session seen before and not expired at `now` (ISO time, as expiry times are written).
    func principal(_ idHash: String, now: String) -> Principal? {
        lock.lock()
        defer { lock.unlock() }
        guard let entry = entries[idHash] else { return nil }
        guard entry.expiresAt > now else {
            entries.removeValue(forKey: idHash)
            return nil
        }
        return entry.principal
    }

    func remember(_ idHash: String, _ principal: Principal, expiresAt: String) {
        lock.lock()
        if entries.count >= capacity { entries.removeAll() }
        entries[idHash] = Entry(principal: principal, expiresAt: expiresAt)
        lock.unlock()
    }

    func forget(_ idHash: String) {
        lock.lock()
        entries.removeValue(forKey: idHash)
        lock.unlock()
    }
}
