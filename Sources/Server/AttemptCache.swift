import Foundation
import Quiz
import Records

/// Started attempts by id with their drawn questions decoded. Every answer needs whose attempt
/// it is and its questions, and neither changes once the attempt starts, so they are read and
/// decoded once instead of per answer. Finishing is not trusted from here: an attempt seen
/// unfinished may have been finished since (by this server or another process), so answers
/// are checked again in the transaction that records them.
final class AttemptCache: @unchecked Sendable {
    /// An attempt as loaded (finished fields as of loading) and its questions.
    struct Entry: Sendable {
        var attempt: AttemptRecord
        var items: [QuizItem]
    }

    /// One attempt's entry; its lock makes concurrent first answers to an attempt wait for one
    /// load and decode instead of each doing their own.
    private final class Slot {
        let lock = NSLock()
        var entry: Entry?
        /// Set on each use, cleared when eviction passes over it: a slot used since the last
        /// pass gets a second chance (the CLOCK approximation of least recently used). Guarded
        /// by the cache's lock.
        var used = false
    }

    private let interner = QuestionInterner()
    private let lock = NSLock()
    /// Guarded by `lock`; each slot's entry by the slot's lock.
    private var slots: [Int64: Slot] = [:]
    /// Kept ids, oldest first, for eviction (`order[oldest...]`). Guarded by `lock`.
    private var order: [Int64] = []
    private var oldest = 0
    /// How many attempts are kept. A learner answers one attempt at a time, so this is how
    /// many attempts can be in progress at once before their questions are read and decoded
    /// again (2-4 ms each, while that attempt's answers wait). With their parts shared
    /// (`QuestionInterner`) a 100-question attempt costs about 34 kB, so a full cache is
    /// about 550 MB; finished attempts leave it.
    let capacity: Int

    init(capacity: Int = 16_384) {
        self.capacity = capacity
    }

    /// Keeps the questions of an attempt this server has just started, so its first answer
    /// does not read and decode them again.
    func insert(_ entry: Entry) {
        let slot = self.slot(entry.attempt.id)
        slot.lock.lock()
        if slot.entry == nil { slot.entry = Entry(attempt: entry.attempt, items: interner.intern(entry.items)) }
        slot.lock.unlock()
    }

    /// The entry for attempt `id`, loaded with `load` if it is not kept (nil: no such attempt,
    /// and nothing is kept).
    func entry(_ id: Int64, load: () throws -> Entry?) throws -> Entry? {
        let slot = self.slot(id)
        slot.lock.lock()
        defer { slot.lock.unlock() }
        if let entry = slot.entry { return entry }
        let loaded: Entry?
        do { loaded = try load() } catch {
            forget(id, slot)
            throw error
        }
        guard let loaded else {
            forget(id, slot)
            return nil
        }
        let kept = Entry(attempt: loaded.attempt, items: interner.intern(loaded.items))
        slot.entry = kept
        return kept
    }

    /// Drops a finished attempt: it takes no more answers, and its review is read again if opened.
    func remove(_ id: Int64) {
        lock.lock()
        slots.removeValue(forKey: id)
        lock.unlock()
    }

    private func slot(_ id: Int64) -> Slot {
        lock.lock()
        defer { lock.unlock() }
        if let slot = slots[id] {
            slot.used = true
            return slot
        }
        let slot = Slot()
        slots[id] = slot
        order.append(id)
        while slots.count > capacity, oldest < order.count {
            let candidate = order[oldest]
            oldest += 1
            guard let kept = slots[candidate] else { continue } // already forgotten
            if kept.used {
                kept.used = false
                order.append(candidate)
            } else {
                slots.removeValue(forKey: candidate)
            }
        }
        if oldest > capacity {
            order.removeFirst(oldest)
            oldest = 0
        }
        return slot
    }

    /// Drops a slot that holds no entry (the attempt does not exist or could not be read).
    private func forget(_ id: Int64, _ slot: Slot) {
        lock.lock()
        if slots[id] === slot { slots.removeValue(forKey: id) }
        lock.unlock()
    }
}
