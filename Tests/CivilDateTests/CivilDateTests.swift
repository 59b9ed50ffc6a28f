import Foundation
import Testing
import CivilDate

@Suite struct CivilDateTests {
    @Test func dayNumbersRoundTripOverFourHundredYears() {
        // 1900-01-01 to 2300-01-01: every day converts to a date and back, in order.
        var previous: CivilDate?
        for days in CivilDate.days(year: 1900, month: 1, day: 1)...CivilDate.days(year: 2300, month: 1, day: 1) {
            let d = CivilDate(days: days)
            #expect(d.days == days)
            #expect(CivilDate(year: d.year, month: d.month, day: d.day) == d)
            if let p = previous { #expect(p < d) }
            previous = d
        }
    }

    @Test func agreesWithTheCLibrary() {
        for days in stride(from: -30_000, through: 60_000, by: 7) {
            var t = time_t(days * 86_400)
            var parts = tm()
            gmtime_r(&t, &parts)
            let d = CivilDate(days: days)
            #expect(d.year == Int(parts.tm_year) + 1900 && d.month == Int(parts.tm_mon) + 1 && d.day == Int(parts.tm_mday))
            #expect(d.weekday == (Int(parts.tm_wday) + 6) % 7 + 1)
        }
    }

    /// `iso` writes its digits itself; it reads as `%04d-%02d-%02d` always did, from year 1 to
    /// 9999 and before and after.
    @Test func isoIsZeroPaddedYearMonthDay() {
        for days in stride(from: CivilDate.days(year: 1, month: 1, day: 1), through: CivilDate.days(year: 9999, month: 12, day: 31), by: 97) {
            let d = CivilDate(days: days)
            #expect(d.iso == String(format: "%04d-%02d-%02d", d.year, d.month, d.day))
            #expect(CivilDate(iso: d.iso)?.days == days)
        }
        #expect(CivilDate(days: CivilDate.days(year: 7, month: 3, day: 9)).iso == "0007-03-09")
        #expect(CivilDate(days: CivilDate.days(year: 10_000, month: 1, day: 1)).iso == "10000-01-01")
        #expect(CivilDate(days: CivilDate.days(year: -1, month: 1, day: 1)).iso == String(format: "%04d-%02d-%02d", -1, 1, 1))
    }

    @Test func knownDates() {
        #expect(CivilDate(days: 0).iso == "1970-01-01")
        #expect(CivilDate(iso: "2026-11-16")?.days == 20_773)
        #expect(CivilDate(iso: "2026-11-16")?.weekday == 1)
        #expect(CivilDate(iso: "2026-11-22")?.monday.iso == "2026-11-16")
        #expect(CivilDate(iso: "2024-02-29") != nil)
        #expect(CivilDate(iso: "2026-02-29") == nil)
        #expect(CivilDate(iso: "2026-13-01") == nil)
        #expect(CivilDate(iso: "2026-1-01") == nil)
        #expect(CivilDate(iso: "20261116") == nil)
        #expect(CivilDate.days(year: 2026, month: 2, day: 31) == CivilDate(iso: "2026-03-03")?.days, "days past the month's end count on")
    }

    @Test func isoWeeks() {
        #expect(ISOWeek(date: "2026-11-16") == ISOWeek(year: 2026, week: 47))
        #expect(ISOWeek(date: "2027-01-01") == ISOWeek(year: 2026, week: 53))
        #expect(ISOWeek(date: "2024-12-30") == ISOWeek(year: 2025, week: 1))
        #expect(ISOWeek(date: "2021-01-03") == ISOWeek(year: 2020, week: 53))
        #expect(ISOWeek(year: 2026, week: 7).paddedWeek == "07")
    }

    /// The quick reading of plain `YYYY-MM-DD` text agrees with the general one, which still
    /// takes everything else (signs in a part, other digits, other lengths) as it did.
    @Test func isoDatesReadQuicklyAndTheSameAsBefore() {
        #expect(CivilDate(iso: "2026-11-24") == CivilDate(year: 2026, month: 11, day: 24))
        #expect(CivilDate(iso: "0001-01-01")?.year == 1)
        #expect(CivilDate(iso: "2026-02-29") == nil && CivilDate(iso: "2026-13-01") == nil && CivilDate(iso: "2026-00-10") == nil)
        #expect(CivilDate(iso: "2026-11-24 ") == nil && CivilDate(iso: "2026-11-2") == nil && CivilDate(iso: "2026/11/24") == nil)
        #expect(CivilDate(iso: "２０２６-11-24") == nil && CivilDate(iso: "2026-11-2\u{0301}4") == nil)
        // Int() reads a sign, so the general reading takes these; the quick one must not change that.
        #expect(CivilDate(iso: "2026-+1-05") == CivilDate(year: 2026, month: 1, day: 5))
        #expect(CivilDate(iso: "+026-11-05") == CivilDate(year: 26, month: 11, day: 5))
        #expect(CivilDate(iso: "2026-11-24T09:00".prefix(10)) == CivilDate(year: 2026, month: 11, day: 24))
    }
}
