import Foundation
import Testing
@testable import Server

@Suite struct RequestDeadlinesTests {
    /// A connected pair of sockets: the first plays the server's, the second the client's.
    func pair() -> (Int32, Int32) {
        var fds: [Int32] = [0, 0]
        _ = socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds)
        return (fds[0], fds[1])
    }

    func isShutDown(_ client: Int32) -> Bool {
        var byte: UInt8 = 0
        return recv(client, &byte, 1, Int32(MSG_DONTWAIT)) == 0
    }

    @Test func cutsOnlyConnectionsStillReceivingPastTheDeadline() {
        let second: UInt64 = 1_000_000_000
        let d = RequestDeadlines(seconds: 2)
        let (slow, slowPeer) = pair(), (busy, busyPeer) = pair(), (again, againPeer) = pair()
        defer { [slow, slowPeer, busy, busyPeer, again, againPeer].forEach { close($0) } }
        d.opened(1, socket: slow, at: 10 * second)
        d.opened(2, socket: busy, at: 10 * second)
        d.received(2) // answering: no deadline
        d.opened(3, socket: again, at: 10 * second)
        d.received(3)
        d.completed(3, at: 11 * second) // answered: the next request's clock starts
        #expect(d.sweep(at: 12 * second) == 0)
        #expect(d.sweep(at: 12 * second + 1) == 1)
        #expect(isShutDown(slowPeer) && !isShutDown(busyPeer) && !isShutDown(againPeer))
        #expect(d.sweep(at: 12 * second + 2) == 0, "a cut connection is not cut again")
        #expect(d.sweep(at: 13 * second + 1) == 1)
        #expect(isShutDown(againPeer) && !isShutDown(busyPeer))
        d.closed(1); d.closed(2); d.closed(3)
        #expect(d.count == 0)
    }
}
