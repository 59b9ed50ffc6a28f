import Foundation

/// Phase timings on stderr when `CASEBOOK_TRACE=1`, for finding where a build spends its time.
public struct Trace: Sendable {
    private let enabled = ProcessInfo.processInfo.environment["CASEBOOK_TRACE"] == "1"
    private var last = Date()
    public init() {}
    public mutating func mark(_ phase: String) {
        guard enabled else { return }
        let now = Date()
        FileHandle.standardError.write(Data(String(format: "trace: %-28@ %7.1f ms\n", phase, now.timeIntervalSince(last) * 1000).utf8))
        last = now
    }
}
