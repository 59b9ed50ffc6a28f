import Foundation
import Testing
@testable import Server

@Suite struct LoginThrottleTests {
    final class Clock: @unchecked Sendable {
        var now = 1000.0
    }

    @Test func tenFailuresAMinuteThenWaitUntilTheOldestIsAMinuteOld() {
        let clock = Clock()
        let t = LoginThrottle(clock: { clock.now })
        for i in 0..<10 {
            #expect(t.retryAfter("10.0.0.1") == nil, "failure \(i) is allowed")
            t.failed("10.0.0.1")
            clock.now += 1
        }
        #expect(t.retryAfter("10.0.0.1") == 50) // the first failure was at 1000, now is 1010
        #expect(t.retryAfter("10.0.0.2") == nil, "another address is not held back")
        clock.now = 1059.5
        #expect(t.retryAfter("10.0.0.1") == 1)
        clock.now = 1060
        #expect(t.retryAfter("10.0.0.1") == nil, "the oldest failure left the window")
        t.failed("10.0.0.1")
        #expect(t.retryAfter("10.0.0.1") == 1, "nine failures from 1001 on are still in the window, and this one")
    }

    @Test func remembersAtMostItsCapacity() {
        let clock = Clock()
        let t = LoginThrottle(failures: 1, capacity: 3, clock: { clock.now })
        for i in 0..<5 { t.failed("10.0.0.\(i)"); clock.now += 1 }
        #expect(t.retryAfter("10.0.0.4") != nil && t.retryAfter("10.0.0.3") != nil && t.retryAfter("10.0.0.2") != nil)
        #expect(t.retryAfter("10.0.0.0") == nil, "the quietest address was forgotten")
    }
}
