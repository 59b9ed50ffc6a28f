import Dispatch
import Foundation

/// Maps `items` on all cores, keeping the input order. `transform` must be safe to run
/// concurrently with itself.
public func parallelMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
    if items.count < 2 { return items.map(transform) }
    let results = ResultSlots<R>(count: items.count)
    items.withUnsafeBufferPointer { buffer in
        let input = UnsafeSendableBuffer(buffer: buffer)
        DispatchQueue.concurrentPerform(iterations: items.count) { i in
            results.set(i, transform(input.buffer[i]))
        }
    }
    return results.values()
}

private struct UnsafeSendableBuffer<T>: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<T>
}

/// Write-once slots filled from concurrent iterations, each slot by exactly one iteration.
private final class ResultSlots<R>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<R?>
    private let count: Int
    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil, count: count)
    }
    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }
    func set(_ i: Int, _ value: R) { storage[i] = value }
    func values() -> [R] { (0..<count).map { storage[$0]! } }
}

/// A value computed on a background thread; `value` waits for it.
public final class BackgroundValue<T: Sendable>: @unchecked Sendable {
    private var result: T?
    private let done = DispatchSemaphore(value: 0)

    public init(_ work: @escaping @Sendable () -> T) {
        Thread.detachNewThread { [self] in
            result = work()
            done.signal()
        }
    }

    public var value: T {
        done.wait()
        done.signal()
        return result!
    }
}

/// Holds large values so they are freed on a background thread rather than by the caller.
///
/// Freeing a whole handbook (tens of thousands of strings and arrays) takes tens of
/// milliseconds; a command that is about to print and exit need not wait for it. Values
/// given to `keep` must not be referenced elsewhere once the caller's scope ends, or the
/// last of those references frees them instead (still correct, just not faster).
public final class DeferredRelease: @unchecked Sendable {
    private let lock = NSLock()
    private var kept: [Any] = []
    public init() {}

    public func keep(_ value: Any) {
        lock.lock(); kept.append(value); lock.unlock()
    }

    /// Drops everything kept, on a background thread.
    public func releaseInBackground() {
        Thread.detachNewThread { [self] in
            lock.lock()
            let values = kept
            kept = []
            lock.unlock()
            _ = values
        }
    }
}
