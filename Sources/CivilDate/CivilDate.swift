import Foundation

/// A day of the proleptic Gregorian calendar (year, month, day), with no time zone: the one
/// place where dates become day numbers and back, and where ISO weeks are worked out.
///
/// Day numbers count days since 1970-01-01 (a Thursday), by Howard Hinnant's
/// days-from-civil and civil-from-days algorithms, so they are exact for any year.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// The date `days` days after 1970-01-01 (before it when negative).
    public init(days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// The date, or nil when the month or day does not exist (2026-02-29, 2026-13-01).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// A `YYYY-MM-DD` date; nil when the text has another shape or is not a real date.
    public init?(iso text: some StringProtocol) {
        // The common case read off the bytes: ten ASCII characters, digits and two hyphens,
        // which the general reading below takes exactly the same way.
        var bytes = text.utf8.makeIterator()
        var digits = (0, 0, 0)
        var ascii = true
        for i in 0..<10 {
            guard let b = bytes.next() else { ascii = false; break }
            if i == 4 || i == 7 {
                if b != UInt8(ascii: "-") { ascii = false; break }
            } else {
                guard b >= 0x30, b <= 0x39 else { ascii = false; break }
                let d = Int(b - 0x30)
                if i < 4 { digits.0 = digits.0 * 10 + d } else if i < 7 { digits.1 = digits.1 * 10 + d } else { digits.2 = digits.2 * 10 + d }
            }
        }
        if ascii, bytes.next() == nil {
            self.init(year: digits.0, month: digits.1, day: digits.2)
            return
        }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Days since 1970-01-01.
    public var days: Int { Self.days(year: year, month: month, day: day) }

    /// Days since 1970-01-01 of a year, month and day. A day past the month's end counts on
    /// into the next month (2026-02-31 is 2026-03-03), as day arithmetic does.
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Days in `month` of `year` (leap years by the Gregorian rule).
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// 1 for Monday through 7 for Sunday (ISO 8601).
    public var weekday: Int { ((days % 7) + 7 + 3) % 7 + 1 }

    /// The Monday that starts this date's ISO week.
    public var monday: CivilDate { CivilDate(days: days - weekday + 1) }

    /// The ISO 8601 week holding this date (week 1 holds the year's first Thursday).
    public var isoWeek: ISOWeek {
        let thursday = days - weekday + 4
        let year = CivilDate(days: thursday).year
        return ISOWeek(year: year, week: (thursday - Self.days(year: year, month: 1, day: 1)) / 7 + 1)
    }

    /// `YYYY-MM-DD`.
    public var iso: String {
        // Digits written directly: `String(format:)` boxes its arguments, and reports format
        // a date for every audit or answer they read one by one.
        guard (0...9999).contains(year), (0...99).contains(month), (0...99).contains(day) else {
            return String(format: "%04d-%02d-%02d", year, month, day)
        }
        return String(unsafeUninitializedCapacity: 10) { b in
            func put(_ value: Int, _ width: Int, at start: Int) {
                var v = value
                for i in stride(from: start + width - 1, through: start, by: -1) { b[i] = UInt8(48 + v % 10); v /= 10 }
            }
            put(year, 4, at: 0)
            b[4] = UInt8(ascii: "-")
            put(month, 2, at: 5)
            b[7] = UInt8(ascii: "-")
            put(day, 2, at: 8)
            return 10
        }
    }
    public var description: String { iso }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
}

/// An ISO 8601 week: weeks start on Monday; week 1 holds the year's first Thursday.
public struct ISOWeek: Hashable, Sendable {
    public var year: Int
    public var week: Int

    public init(year: Int, week: Int) {
        self.year = year
        self.week = week
    }

    /// The week of a `YYYY-MM-DD` date; nil when the text is not a real date.
    public init?(date: some StringProtocol) {
        guard let d = CivilDate(iso: date) else { return nil }
        self = d.isoWeek
    }

    /// The week number with two digits (`07`, `47`).
    public var paddedWeek: String { week < 10 ? "0\(week)" : "\(week)" }
}
