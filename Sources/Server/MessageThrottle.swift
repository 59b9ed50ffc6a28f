import Dispatch
import Foundation

/// Keeps the server's own messages from flooding the log under attack: libmicrohttpd writes
/// one line per connection it refuses or loses, so a client opening connections as fast as
/// it can would write as fast as it can. At most `perMinute` messages are written a minute;
/// the first message after a minute with messages left out says how many. Thread-safe.
final class MessageThrottle: @unchecked Sendable {
    let perMinute: Int
    private let clock: @Sendable () -> Double
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var windowStart = -Double.infinity, written = 0, leftOut = 0

    init(perMinute: Int = 20, clock: @escaping @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }) {
        self.perMinute = perMinute
        self.clock = clock
    }

    /// The lines to write for `message` now: none when it is left out.
    func admit(_ message: String) -> [String] {
        let now = clock()
        lock.lock()
        defer { lock.unlock() }
        var lines: [String] = []
        if now - windowStart >= 60 {
            if leftOut > 0 { lines.append("(\(leftOut) more server messages were left out in the last minute)\n") }
            windowStart = now
            written = 0
            leftOut = 0
        }
        if written < perMinute {
            written += 1
            lines.append(message)
        } else {
            leftOut += 1
        }
        return lines
    }
}
