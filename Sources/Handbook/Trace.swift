import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Phase timings on stderr when `CASEBOOK_TRACE=1`, for finding where a build spends its time:
/// wall-clock time and the process's CPU time (all threads) in each phase.
public struct Trace: Sendable {
    private let enabled = ProcessInfo.processInfo.environment["CASEBOOK_TRACE"] == "1"
    private var last = Date()
    private var lastCPU = Trace.cpuSeconds()
    public init() {}
    public mutating func mark(_ phase: String) {
        guard enabled else { return }
        let now = Date()
        let cpu = Self.cpuSeconds()
        FileHandle.standardError.write(Data(String(format: "trace: %-28@ %7.1f ms  (cpu %7.1f ms)\n", phase, now.timeIntervalSince(last) * 1000, (cpu - lastCPU) * 1000).utf8))
        last = now
        lastCPU = cpu
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
