import Foundation
import Testing
@testable import Quiz

/// Recall and precision of the redactor on the labelled set in Fixtures/ (issue 12):
/// `pii-dev.tsv` (the redactor was developed against it) and `pii-holdout.tsv` (written
/// afterwards and never tuned on). `bench/pii.sh` prints the same figures.
@Suite struct RedactionSetTests {
    static let halves = ["pii-dev", "pii-holdout"]

    @Test(arguments: halves)
    func setIsLargeEnoughAndWellFormed(_ half: String) throws {
        let items = try RedactionSet.load(half)
        #expect(items.reduce(0) { $0 + $1.spans.count } >= 100, "at least 100 pii items in each half")
        #expect(items.filter { $0.spans.isEmpty }.count >= 100, "at least 100 look-alikes in each half")
    }

    @Test(arguments: halves)
    func recallAndPrecisionMeetTheGoal(_ half: String) throws {
        let score = RedactionSet.score(try RedactionSet.load(half), with: PIIRedactor())
        print("pii \(half): \(score.summary)")
        for miss in score.misses { print("pii \(half) missed: \(miss)") }
        for extra in score.falsePositives { print("pii \(half) false positive: \(extra)") }
        #expect(score.recall >= 0.99, "\(score.summary)")
        #expect(score.precision >= 0.98, "\(score.summary)")
    }

    @Test func scoringCountsPartialRedactionAsAMiss() {
        let items = [RedactionSet.Item(text: "card 4111 1111 1111 1111 and IP-01", spans: [5..<24])]
        struct Half: Redacting { func redactedText(_ text: String) -> String { text.replacingOccurrences(of: "4111 1111 1111", with: "[card]") } }
        let score = RedactionSet.score(items, with: Half())
        #expect(score.found == 0 && score.misses.count == 1)
        struct All: Redacting { func redactedText(_ text: String) -> String { "[card]" } }
        let greedy = RedactionSet.score(items, with: All())
        #expect(greedy.found == 1 && greedy.redactions == 1, "one run covering the item and its neighbours")
        struct Extra: Redacting { func redactedText(_ text: String) -> String { text.replacingOccurrences(of: "IP-01", with: "[order-id]") } }
        let extra = RedactionSet.score(items, with: Extra())
        #expect(extra.found == 0 && extra.falsePositives.count == 1)
    }
}

protocol Redacting { func redactedText(_ text: String) -> String }
extension PIIRedactor: Redacting { func redactedText(_ text: String) -> String { redact(text).text } }

/// The labelled set and its scoring.
enum RedactionSet {
    /// A line of the set: its text and the personal data in it (scalar offsets), none for a look-alike.
    struct Item { var text: String; var spans: [Range<Int>] }

    struct Score {
        var items = 0, found = 0, redactions = 0, correct = 0, lookAlikes = 0, lookAlikesKept = 0
        var misses: [String] = [], falsePositives: [String] = []
        var recall: Double { items == 0 ? 1 : Double(found) / Double(items) }
        var precision: Double { redactions == 0 ? 1 : Double(correct) / Double(redactions) }
        var summary: String {
            String(format: "recall %.3f (%d/%d), precision %.3f (%d/%d redactions), look-alikes kept %d/%d",
                   recall, found, items, precision, correct, redactions, lookAlikesKept, lookAlikes)
        }
    }

    static func load(_ half: String) throws -> [Item] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(half)", withExtension: "tsv"))
        var items: [Item] = []
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            try #require(fields.count == 3 && ["pii", "keep"].contains(fields[0]), "bad line: \(line)")
            var text = String.UnicodeScalarView(), spans: [Range<Int>] = [], start: Int?
            for s in fields[2].unicodeScalars {
                if s == "⟦" { start = text.count } else if s == "⟧", let st = start { spans.append(st..<text.count); start = nil } else { text.append(s) }
            }
            try #require((fields[0] == "pii") == !spans.isEmpty, "label does not match the marks: \(line)")
            items.append(Item(text: String(text), spans: spans))
        }
        return items
    }

    /// Aligns the output with the input (tokens stand for one or more input characters,
    /// everything else is kept literally) and scores each marked span and each redacted run.
    /// A span is found when every letter and digit in it is redacted; a redacted run is
    /// correct when it overlaps a span.
    static func score(_ items: [Item], with redactor: some Redacting) -> Score {
        var score = Score()
        for item in items {
            let input = Array(item.text.unicodeScalars)
            let redacted = alignment(input, redactor.redactedText(item.text))
            let runs = runs(of: redacted)
            if item.spans.isEmpty {
                score.lookAlikes += 1
                if runs.isEmpty { score.lookAlikesKept += 1 }
            }
            for span in item.spans {
                score.items += 1
                if span.allSatisfy({ redacted[$0] || !isAlphanumeric(input[$0]) }) { score.found += 1 } else {
                    score.misses.append("\(String(String.UnicodeScalarView(input[span]))) in: \(item.text)")
                }
            }
            for run in runs {
                score.redactions += 1
                if item.spans.contains(where: { $0.overlaps(run) }) { score.correct += 1 } else {
                    score.falsePositives.append("\(String(String.UnicodeScalarView(input[run]))) in: \(item.text)")
                }
            }
        }
        return score
    }

    static func isAlphanumeric(_ s: Unicode.Scalar) -> Bool { s.properties.isAlphabetic || s.properties.numericType != nil }

    static func runs(of redacted: [Bool]) -> [Range<Int>] {
        var runs: [Range<Int>] = [], start: Int?
        for (i, r) in redacted.enumerated() {
            if r, start == nil { start = i }
            if !r, let s = start { runs.append(s..<i); start = nil }
        }
        if let s = start { runs.append(s..<redacted.count) }
        return runs
    }

    /// Which input characters the output replaced by a token, choosing the fewest.
    static func alignment(_ input: [Unicode.Scalar], _ output: String) -> [Bool] {
        enum Piece: Equatable { case literal(Unicode.Scalar), token }
        var pieces: [Piece] = []
        var rest = Substring(output)
        let tokens = RedactionKind.allCases.map(\.token)
        while let first = rest.unicodeScalars.first {
            if let t = tokens.first(where: { rest.hasPrefix($0) }) { pieces.append(.token); rest = rest.dropFirst(t.count) } else {
                pieces.append(.literal(first)); rest = Substring(rest.unicodeScalars.dropFirst())
            }
        }
        let n = input.count, m = pieces.count
        // can[i][j]: input[i...] can produce pieces[j...].
        var can = [[Bool]](repeating: [Bool](repeating: false, count: m + 1), count: n + 1)
        can[n][m] = true
        for j in stride(from: m - 1, through: 0, by: -1) {
            var later = false // can[k][j + 1] for some k > i
            for i in stride(from: n, through: 0, by: -1) {
                switch pieces[j] {
                case .literal(let s): can[i][j] = i < n && input[i] == s && can[i + 1][j + 1]
                case .token: can[i][j] = later
                }
                later = later || can[i][j + 1]
            }
        }
        var redacted = [Bool](repeating: false, count: n)
        guard can[0][0] else { return [Bool](repeating: true, count: n) }
        var i = 0
        for j in 0..<m {
            switch pieces[j] {
            case .literal: i += 1
            case .token:
                var end = i + 1
                while !can[end][j + 1] { end += 1 }
                for k in i..<end { redacted[k] = true }
                i = end
            }
        }
        return redacted
    }
}
