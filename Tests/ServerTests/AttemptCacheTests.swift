import Foundation
import Testing
@testable import Records
@testable import Server
@testable import Quiz

@Suite struct AttemptCacheTests {
    func entry(_ id: Int64) -> AttemptCache.Entry {
        AttemptCache.Entry(attempt: AttemptRecord(id: id, learnerID: "amina", blueprintID: "b", seed: 1, contentVersion: "v", mode: "exam",
                                                  startedAt: "2026-11-21T10:00:00.000Z", itemsJSON: ""), items: [])
    }

    @Test func concurrentFirstAnswersLoadAnAttemptOnce() throws {
        let cache = AttemptCache()
        final class Count: @unchecked Sendable { let lock = NSLock(); var loads = 0 }
        let count = Count()
        DispatchQueue.concurrentPerform(iterations: 32) { _ in
            _ = try? cache.entry(7) {
                count.lock.lock(); count.loads += 1; count.lock.unlock()
                usleep(20_000)
                return entry(7)
            }
        }
        #expect(count.loads == 1)
    }

    @Test func missingAttemptsAndFailedLoadsAreNotKept() throws {
        let cache = AttemptCache()
        #expect(try cache.entry(1) { nil } == nil)
        #expect(throws: RecordsError.self) { try cache.entry(2) { throw RecordsError.storage(StorageError(code: 10, message: "disk", path: "")) } }
        #expect(try cache.entry(1) { entry(1) }?.attempt.id == 1)
        #expect(try cache.entry(2) { entry(2) }?.attempt.id == 2)
    }

    @Test func keepsAtMostItsCapacityAndRecentlyUsedAttemptsStay() throws {
        let cache = AttemptCache(capacity: 2)
        cache.insert(entry(1))
        cache.insert(entry(2))
        _ = try cache.entry(1) { Issue.record("attempt 1 is kept"); return nil }
        cache.insert(entry(3)) // evicts 2, the one not used since
        var reloaded: [Int64] = []
        for id: Int64 in [1, 3, 2] { _ = try cache.entry(id) { reloaded.append(id); return entry(id) } }
        #expect(reloaded == [2])
    }

    @Test func finishedAttemptsLeave() throws {
        let cache = AttemptCache()
        cache.insert(entry(5))
        cache.remove(5)
        var finished = entry(5)
        finished.attempt.finishedAt = "2026-11-21T11:00:00.000Z"
        #expect(try cache.entry(5) { finished }?.attempt.finishedAt == "2026-11-21T11:00:00.000Z", "read again, finished")
    }
}

@Suite struct QuestionInternerTests {
    func item(_ options: [String]) -> QuizItem {
        QuizItem(kind: .decision, itemID: "c1", itemVersion: "v1", caseID: "c1", prompt: String("What is the right decision?".reversed().reversed()),
                 options: options, optionKeys: options.map { $0.lowercased() }, correct: [0], multiple: false,
                 sections: [SectionRef(pageID: "ip", anchor: "ip-01")], codes: ["IP-01"], explanation: "Because.", difficulty: 1)
    }

    @Test func keepsQuestionsEqualToWhatWasDrawn() {
        let interner = QuestionInterner()
        let drawn = [item(["Approve", "Remove"]), item(["Remove", "Approve"])]
        #expect(interner.intern(drawn) == drawn)
        #expect(interner.intern(drawn) == drawn, "and again, from the shared copies")
    }

    @Test func startsAgainPastItsCapacityWithoutChangingQuestions() {
        let interner = QuestionInterner(capacity: 3)
        for n in 0..<20 {
            let drawn = [item(["Option \(n)", "Other \(n)"])]
            #expect(interner.intern(drawn) == drawn)
        }
    }
}
