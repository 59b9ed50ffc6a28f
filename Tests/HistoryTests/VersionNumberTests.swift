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

    @Test func nextVersionForMessages() {
        #expect(VersionNumber.next(after: "3.9") == "3.10")
        #expect(VersionNumber.next(after: "2") == "3")
    }
}
