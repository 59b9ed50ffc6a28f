import Dispatch
import Foundation

/// Limits failed sign-ins per client address: after `failures` failures within `window`
/// seconds, sign-ins from that address are refused until the oldest of them is `window`
/// seconds old. Tokens are 256-bit, so guessing is hopeless anyway; this keeps the logs and
/// the CPU out of a guesser's hands. A success does not reset the count (else one valid
/// token would let a client guess without limit). Thread-safe.
public final class LoginThrottle: @unchecked Sendable {
    /// Failed sign-ins allowed per address within `window`.
    public let failures: Int
    /// Seconds.
    public let window: Double
    /// Addresses remembered at most; beyond, the longest quiet ones are forgotten.
    let capacity: Int
    private let clock: @Sendable () -> Double
    private let lock = NSLock()
    /// Failure times by address, oldest first, at most `failures` each. Guarded by `lock`.
    private var recent: [String: [Double]] = [:]

    /// `clock` returns seconds on a monotonic scale (tests pass their own).
    public init(failures: Int = 10, window: Double = 60, capacity: Int = 10_000,
                clock: @escaping @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }) {
        self.failures = max(1, failures)
        self.window = window
        self.capacity = capacity
        self.clock = clock
    }

    /// Whole seconds until `address` may try again, or nil when it may now.
    public func retryAfter(_ address: String) -> Int? {
        let now = clock()
        lock.lock()
        defer { lock.unlock() }
        guard let times = recent[address], times.count >= failures, let oldest = times.first, now - oldest < window else { return nil }
        return max(1, Int((oldest + window - now).rounded(.up)))
    }

    /// Records a failed sign-in from `address`.
    public func failed(_ address: String) {
        let now = clock()
        lock.lock()
        defer { lock.unlock() }
        var times = (recent[address] ?? []).filter { now - $0 < window }
        times.append(now)
        if times.count > failures { times.removeFirst(times.count - failures) }
        recent[address] = times
        if recent.count > capacity { forget(now: now) }
    }

    /// Drops addresses without a failure in the window, then, if still over capacity, the
    /// quietest. Called with `lock` held.
    private func forget(now: Double) {
        recent = recent.filter { now - ($0.value.last ?? 0) < window }
        guard recent.count > capacity else { return }
        let quietest = recent.sorted { ($0.value.last ?? 0) < ($1.value.last ?? 0) }.prefix(recent.count - capacity)
        for (address, _) in quietest { recent[address] = nil }
    }
}
