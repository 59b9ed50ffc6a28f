import Foundation
import Testing
@testable import Server

@Suite struct MessageThrottleTests {
    final class Clock: @unchecked Sendable { var now = 100.0 }

    @Test func writesAtMostItsShareAMinuteThenCountsTheRest() {
        let clock = Clock()
        let t = MessageThrottle(perMinute: 3, clock: { clock.now })
        var lines: [String] = []
        for i in 0..<1000 { lines += t.admit("refused \(i)\n"); clock.now += 0.01 }
        #expect(lines == ["refused 0\n", "refused 1\n", "refused 2\n"])
        clock.now = 161
        #expect(t.admit("refused again\n") == ["(997 more server messages were left out in the last minute)\n", "refused again\n"])
    }
}
