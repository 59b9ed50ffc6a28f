import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Closes connections that take longer than a deadline to send a whole request (head and
/// body), however steadily they trickle it in: the idle timeout alone lets a client that
/// sends one header line every few seconds hold its connection for ever (slowloris).
///
/// A connection's clock starts when it is accepted and again when a response has been sent
/// (so an idle keep-alive connection also lives at most the deadline); it stops while a
/// received request is being answered (a request waiting for a commit is never cut). A
/// timer shuts overdue sockets down (`shutdown`, not `close`: the socket stays
/// libmicrohttpd's, which then sees the end of the stream and closes the connection itself).
/// Connections are known by an opaque number; every call is thread-safe.
final class RequestDeadlines: @unchecked Sendable {
    private struct Clock {
        var socket: Int32
        /// When the current request's deadline started (monotonic nanoseconds), or nil while a request is answered.
        var since: UInt64?
    }

    /// The deadline in nanoseconds.
    let nanoseconds: UInt64
    private let lock = NSLock()
    /// Open connections. Guarded by `lock`; an entry is removed before libmicrohttpd closes its
    /// socket, so `sweep` (which holds the lock) never shuts down a socket number reused by another connection.
    private var clocks: [UInt: Clock] = [:]
    private var timer: DispatchSourceTimer?

    init(seconds: UInt32) {
        nanoseconds = UInt64(seconds) * 1_000_000_000
    }

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// A connection was accepted: its first request's deadline starts.
    func opened(_ connection: UInt, socket: Int32, at now: UInt64 = now()) {
        lock.lock()
        clocks[connection] = Clock(socket: socket, since: now)
        lock.unlock()
    }

    /// The whole request is in: no deadline while it is answered.
    func received(_ connection: UInt) {
        lock.lock()
        clocks[connection]?.since = nil
        lock.unlock()
    }

    /// A request ended (answered, or abandoned): the next request's deadline starts.
    func completed(_ connection: UInt, at now: UInt64 = now()) {
        lock.lock()
        clocks[connection]?.since = now
        lock.unlock()
    }

    /// The connection is closing; its socket is about to be closed.
    func closed(_ connection: UInt) {
        lock.lock()
        clocks[connection] = nil
        lock.unlock()
    }

    /// Shuts down the sockets of connections past their deadline; returns how many.
    @discardableResult
    func sweep(at now: UInt64 = now()) -> Int {
        lock.lock()
        defer { lock.unlock() }
        var cut = 0
        for (connection, clock) in clocks {
            guard let since = clock.since, now >= since, now - since > nanoseconds else { continue }
            shutdown(clock.socket, Int32(SHUT_RDWR))
            // Not cut again while libmicrohttpd closes it.
            clocks[connection]?.since = nil
            cut += 1
        }
        return cut
    }

    /// Sweeps four times a second until `stop`.
    func start() {
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
        timer.schedule(deadline: .now() + .milliseconds(250), repeating: .milliseconds(250), leeway: .milliseconds(50))
        timer.setEventHandler { [weak self] in self?.sweep() }
        lock.lock()
        self.timer = timer
        lock.unlock()
        timer.resume()
    }

    func stop() {
        lock.lock()
        let timer = self.timer
        self.timer = nil
        lock.unlock()
        timer?.cancel()
    }

    /// Open connections being timed (tests).
    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return clocks.count
    }
}
