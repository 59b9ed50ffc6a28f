import CivilDate
import Foundation

/// ISO 8601 UTC timestamps, formatted without a (slow, allocating) date formatter: these are
/// written on every answer.
public enum Timestamp {
    /// `2026-11-21T22:25:46Z`, or `2026-11-21T22:25:46.123Z` with milliseconds.
    public static func iso(_ date: Date, milliseconds: Bool = false) -> String {
        let t = date.timeIntervalSince1970
        let whole = Int(t.rounded(.down))
        let (dayNumber, secondOfDay) = whole.quotientAndRemainder(dividingBy: 86_400)
        let day = CivilDate(days: secondOfDay < 0 ? dayNumber - 1 : dayNumber)
        let second = Int32(secondOfDay < 0 ? secondOfDay + 86_400 : secondOfDay)
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
            digits(Int32(day.year), 4); byte("-"); digits(Int32(day.month), 2); byte("-"); digits(Int32(day.day), 2)
            byte("T"); digits(second / 3600, 2); byte(":"); digits(second / 60 % 60, 2); byte(":"); digits(second % 60, 2)
            if milliseconds { byte("."); digits(millis, 3) }
            byte("Z")
            return n
        }
    }
}
