import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// ISO 8601 UTC timestamps, formatted without a (slow, allocating) date formatter: these are
/// written on every answer.
public enum Timestamp {
    /// `2026-11-21T22:25:46Z`, or `2026-11-21T22:25:46.123Z` with milliseconds.
    public static func iso(_ date: Date, milliseconds: Bool = false) -> String {
        let t = date.timeIntervalSince1970
        var seconds = time_t(t.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let millis = Int32((t - t.rounded(.down)) * 1000)
        return String(unsafeUninitializedCapacity: 24) { out in
            var n = 0
            func digits(_ value: Int32, _ width: Int) {
                var v = value
                for i in stride(from: width - 1, through: 0, by: -1) {
                    out[n + i] = UInt8(ascii: "0") + UInt8(v % 10)
                    v /= 10
                }
                n += width
            }
            func byte(_ c: Unicode.Scalar) { out[n] = UInt8(ascii: c); n += 1 }
            digits(parts.tm_year + 1900, 4); byte("-"); digits(parts.tm_mon + 1, 2); byte("-"); digits(parts.tm_mday, 2)
            byte("T"); digits(parts.tm_hour, 2); byte(":"); digits(parts.tm_min, 2); byte(":"); digits(parts.tm_sec, 2)
            if milliseconds { byte("."); digits(millis, 3) }
            byte("Z")
            return n
        }
    }
}
