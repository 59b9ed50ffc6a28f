import Foundation
import Testing
@testable import Server

@Suite struct JSONWriterTests {
    /// The writer replaces JSONSerialization on every API response: same bytes for the values the API sends.
    @Test func writesWhatJSONSerializationWrites() throws {
        let samples: [Any] = [
            ["position": 3, "recorded": true,
             "feedback": ["score": 0.5, "correct": false, "correct_options": [1, 2], "explanation": "Line\n\"quoted\" / tab\t\u{1}\u{8}\u{c}\r\\ é😀",
                          "sections": [["ref": "IP-01", "url": "/sop/ip.html#ip-01", "title": "Counterfeit › IP-01"]]]] as [String: Any],
            ["id": Int64(42), "finished": NSNull(), "percent": 66.7, "passed": true, "whole": 100.0, "tiny": 1e-7, "big": 1e16, "sum": 0.1 + 0.2,
             "attempts_left": 2, "attempt": 1] as [String: Any],
            [["a": 1], ["b": [String]()], ["c": [String: Any]()]] as [Any],
            ["options": ["A", "B"], "media": [["alt": "x"]], "count": 0, "by_code": ["IP-01": ["points": 1.5, "count": 2]]] as [String: Any],
        ]
        for value in samples {
            let expected = try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])
            let written = try #require(JSONWriter.data(value))
            #expect(String(decoding: written, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        }
    }

    @Test func booleansStayBooleansAndNumbersStayNumbers() throws {
        let written = try #require(JSONWriter.data(["done": true, "questions": 1, "score": 1.0] as [String: Any]))
        #expect(String(decoding: written, as: UTF8.self) == #"{"done":true,"questions":1,"score":1}"#)
    }

    @Test func leavesUnknownTypesToTheCaller() {
        #expect(JSONWriter.data(["when": Date()] as [String: Any]) == nil)
        #expect(JSONWriter.data(["bad": Double.nan] as [String: Any]) == nil)
    }
}
