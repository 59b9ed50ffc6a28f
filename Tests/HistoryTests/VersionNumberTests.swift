import Testing
@testable import History
import Handbook

@Suite struct VersionNumberTests {
    @Test func dottedPartsCompareAsNumbers() {
        #expect(VersionNumber.precedes("3.1", "3.2"))
        #expect(VersionNumber.precedes("3.2", "3.10"))
        #expect(!VersionNumber.precedes("3.10", "3.9"))
        #expect(VersionNumber.compare("3", "3.0") == 0)
        #expect(VersionNumber.precedes("1.9", "2"))
        #expect(VersionNumber.compare("v2.1", "2.1") == 0)
        #expect(VersionNumber.precedes("2.1-beta", "2.2"))
    }

    /// Numbers inside a part compare as numbers and a pre-release comes before its release:
    /// "3.9-rc" then "3.10-rc", or "2026-9" then "2026-10", were "going backwards" (compared
    /// as text) and stopped the build.
    @Test func partsWithLettersAndDashesCompareAsPeopleNumberThem() {
        let ordered = ["1.0-alpha", "1.0-beta", "1.0-beta.2", "1.0-beta.10", "1.0-rc", "1.0-rc.1", "1.0", "1.0.1", "1.1-beta", "1.1"]
        for (a, b) in zip(ordered, ordered.dropFirst()) {
            #expect(VersionNumber.precedes(a, b), "\(a) < \(b)")
            #expect(!VersionNumber.precedes(b, a), "not \(b) < \(a)")
        }
        #expect(VersionNumber.precedes("3.9-rc", "3.10-rc"))
        #expect(VersionNumber.precedes("2026-9", "2026-10"))
        #expect(VersionNumber.precedes("2026-12", "2027-01"))
        #expect(VersionNumber.precedes("r9", "r10"))
        #expect(VersionNumber.precedes("10000000000000000000", "10000000000000000001"))
        #expect(VersionNumber.precedes("9", "10000000000000000000"))
        #expect(VersionNumber.compare("2026-01", "2026.1") == 0)
        #expect(VersionNumber.compare("V3.1-beta", "3.1-beta") == 0)
        // Thai digits by their values, and as the same numbers as ASCII ones.
        #expect(VersionNumber.precedes("๙", "๑๐") && VersionNumber.compare("๑๐", "10") == 0 && VersionNumber.precedes("๓.๒", "๓.๑๐"))
    }

    /// Versions of digits and dots take a faster path; it orders them as the general one does.
    @Test func digitsAndDotsCompareAsTheGeneralOrder() {
        let versions = ["0", "0.0.1", "0.1", "0.9", "0.10", "1", "1.0.0", "01.0", "1.0.1", "1.9", "1.10", "1.10.0", "2", "10", "10.0.0.1", "100", "99999999999999999999"]
        for a in versions {
            for b in versions {
                let expected = VersionNumber.compare(a + "-x", b + "-x")  // a pre-release of each: the general path
                #expect(VersionNumber.compare(a, b) == expected, "\(a) vs \(b)")
            }
        }
    }

    @Test func nextVersionForMessages() {
        #expect(VersionNumber.next(after: "3.9") == "3.10")
        #expect(VersionNumber.next(after: "2") == "3")
        #expect(VersionNumber.next(after: "3.9-rc") == "3.9")
    }
}
