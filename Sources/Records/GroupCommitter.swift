import Foundation

/// Batches concurrent response writes into one transaction per flush.
///
/// Answers queue here; one commit at a time runs on a serial queue and takes everything
/// queued by the time it starts, so while one batch's disk flush runs the next batch
/// gathers. Nobody waits on a thread of their own: each answer's completion is called
/// once its batch is durable.
final class GroupCommitter: @unchecked Sendable {
    typealias Completion = @Sendable (Result<ResponseRecord, RecordsError>) -> Void

    private struct Pending {
        let response: ResponseRecord
        let session: LiveSession?
        let done: Completion
    }

    private let lock = NSLock()
    /// Answers waiting for the next commit. Guarded by `lock`.
    private var queue: [Pending] = []
    /// True while a drain is scheduled or running. Guarded by `lock`.
    private var draining = false
    private let writer = DispatchQueue(label: "casebook.records.group-commit")

    /// Queues `r` for `records` (the records that own this committer); `done` is called once
    /// it is committed (or failed).
    func submit(_ r: ResponseRecord, session: LiveSession?, to records: Records, then done: @escaping Completion) {
        lock.lock()
        queue.append(Pending(response: r, session: session, done: done))
        let start = !draining
        draining = true
        lock.unlock()
        guard start else { return }
        // Holds the records (and so the connection) until the queue is empty.
        writer.async { self.drain(records) }
    }

    /// Commits batches until none is waiting.
    private func drain(_ records: Records) {
        while true {
            lock.lock()
            let batch = queue
            queue = []
            if batch.isEmpty { draining = false }
            lock.unlock()
            if batch.isEmpty { return }
            for (p, result) in zip(batch, commit(batch, records)) { p.done(result) }
        }
    }

    private func commit(_ batch: [Pending], _ records: Records) -> [Result<ResponseRecord, RecordsError>] {
        // On PostgreSQL every statement is a round trip to the server, one after the other on
        // the one writing connection: the batch is written with one statement for all of its
        // answers (its rows are one JSON parameter, so a batch of any size fits). If the server
        // refuses it (a constraint, a deadlock), nothing of that transaction is kept and the batch is
        // written again below, one savepoint per answer, so that only the refused answer
        // fails. (So is a batch that answers one question twice, in order.)
        if records.db.engine == .postgres, Set(batch.map { AnswerKey($0.response) }).count == batch.count {
            let now = Records.now(), sessionNow = Timestamp.iso(Date())
            let answers = batch.map { (response: $0.response, session: $0.session) }
            // One statement, one round trip: its own transaction (this queue's thread is never
            // inside one). Refused, it wrote nothing, and the batch is written as below.
            do throws(RecordsError) {
                if let results = try records.insertResponsesInOneStatement(answers, now: now, sessionNow: sessionNow) { return results }
            } catch {}
        }
        var results: [Result<ResponseRecord, RecordsError>] = []
        results.reserveCapacity(batch.count)
        do throws(RecordsError) {
            try records.db.transaction { () throws(RecordsError) in
                var finished: [Int64: Bool] = [:]
                var live: [LiveSession: Bool] = [:]
                let now = Records.now()
                let sessionNow = Timestamp.iso(Date()) // as sessions' expiry times are written
                for p in batch {
                    // One bad answer (finished attempt, ended session, a statement the server
                    // refused) must not fail the others: on PostgreSQL a failed statement aborts
                    // the transaction, so each answer runs in a savepoint of its own.
                    do throws(RecordsError) {
                        let stored = try records.db.savepoint { () throws(RecordsError) -> ResponseRecord in
                            if let session = p.session {
                                var isLive = live[session]
                                if isLive == nil {
                                    isLive = try records.isLive(session, now: sessionNow)
                                    live[session] = isLive
                                }
                                if isLive != true { throw .sessionEnded }
                            }
                            return try records.insertResponse(p.response, finished: &finished, now: now)
                        }
                        results.append(.success(stored))
                    } catch {
                        results.append(.failure(error))
                    }
                }
            }
        } catch {
            return batch.map { _ in .failure(error) }
        }
        return results
    }
}
