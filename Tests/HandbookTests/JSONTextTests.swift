import Foundation
import Testing
@testable import Handbook

@Suite struct JSONTextTests {
    static let samples = ["plain", "quote \" and back\\slash", "line\nbreak\ttab\r", "\u{8}\u{c}\u{1}\u{1f}", "</script><img src=x>",
                          "ขายของปลอม 🚫 a\u{2028}b\u{2029}c", "é", ""]

    @Test func matchesJSONSerialization() throws {
        for s in Self.samples {
            let expected = try JSONSerialization.data(withJSONObject: [s], options: [.withoutEscapingSlashes])
            let ours = "[" + JSONText.string(s) + "]"
            #expect(ours == String(decoding: expected, as: UTF8.self), "\(s)")
        }
    }

    @Test func scriptSafeLiteralsCannotCloseAScriptOrBreakALine() throws {
        let literal = JSONText.string("</script> a\u{2028}b\u{2029}c ok", scriptSafe: true)
        #expect(literal == #""\u003c/script> a\u2028b\u2029c ok""#)
        #expect(!literal.contains("<") && !literal.contains("\u{2028}"))
        // Still the same string to a JSON reader.
        for s in Self.samples {
            let decoded = try JSONSerialization.jsonObject(with: Data(("[" + JSONText.string(s, scriptSafe: true) + "]").utf8)) as? [String]
            #expect(decoded == [s])
        }
    }
}
