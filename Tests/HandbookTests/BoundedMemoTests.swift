import Testing
@testable import Handbook

@Suite struct BoundedMemoTests {
    @Test func keepsWhatItIsGivenUpToItsLimit() {
        let memo = BoundedMemo<Int, String>(limit: 3)
        memo.set(1, "one"); memo.set(2, "two"); memo.set(3, "three")
        #expect(memo.count == 3)
        #expect(memo[2] == "two")
        // Replacing a known key is not growth: nothing is dropped.
        memo.set(2, "deux")
        #expect(memo.count == 3)
        #expect(memo[1] == "one")
        #expect(memo[2] == "deux")
    }

    @Test func startsAgainPastItsLimit() {
        let memo = BoundedMemo<Int, Int>(limit: 100)
        for n in 0..<1_000 { memo.set(n, n * n) }
        #expect(memo.count <= 100)
        #expect(memo[999] == 998_001)
        #expect(memo[0] == nil)
    }

    @Test func isSafeToShareBetweenThreads() async {
        let memo = BoundedMemo<Int, Int>(limit: 50)
        await withTaskGroup(of: Void.self) { group in
            for t in 0..<8 {
                group.addTask { for n in 0..<2_000 { memo.set(t * 10_000 + n, n); _ = memo[n] } }
            }
        }
        #expect(memo.count <= 50)
    }
}
