import Testing
@testable import History

@Suite struct WordDiffTests {
    @Test func insertionsAndDeletionsByWord() {
        #expect(WordDiff.diff("on marketplace orders.", "on all marketplace and app orders.") == [
            WordRun(.same, ["on"]), WordRun(.inserted, ["all"]), WordRun(.same, ["marketplace"]),
            WordRun(.inserted, ["and", "app"]), WordRun(.same, ["orders."]),
        ])
        #expect(WordDiff.diff("appeal within seven days", "appeal within fourteen days") == [
            WordRun(.same, ["appeal", "within"]), WordRun(.deleted, ["seven"]), WordRun(.inserted, ["fourteen"]), WordRun(.same, ["days"]),
        ])
    }

    @Test func replacementPutsTheDeletionFirst() {
        // Myers' script for a b c -> x b y: both changes are replacements, deletion then insertion.
        #expect(WordDiff.diff("a b c", "x b y") == [
            WordRun(.deleted, ["a"]), WordRun(.inserted, ["x"]), WordRun(.same, ["b"]), WordRun(.deleted, ["c"]), WordRun(.inserted, ["y"]),
        ])
    }

    @Test func emptySidesAndWhitespace() {
        #expect(WordDiff.diff("", "new words") == [WordRun(.inserted, ["new", "words"])])
        #expect(WordDiff.diff("old", "") == [WordRun(.deleted, ["old"])])
        #expect(WordDiff.diff("same  text\nhere", "same text here") == [WordRun(.same, ["same", "text", "here"])])
        #expect(WordDiff.diff("", "").isEmpty)
    }

    @Test func wordsAreSplitAsCharactersWouldBe() {
        // ASCII text is split on bytes: the same words as splitting by Character.
        let texts = ["", " ", "one", "  two  words ", "tab\tline\nfeed\u{0B}vt\u{0C}ff\r\ncrlf\rcr", "a\u{1F}b", "x{#id} [link](a.md) `code`",
                     "café au lait", "non\u{00A0}breaking", "e\u{301} combining", "space \u{301}mark", "ideographic\u{3000}space", "🙂 emoji"]
        for text in texts {
            #expect(WordDiff.words(text) == text.split(whereSeparator: { $0.isWhitespace }).map(String.init), "\(text.debugDescription)")
        }
        #expect(WordDiff.words("tab\tline\nfeed\u{0B}vt\u{0C}ff\r\ncrlf") == ["tab", "line", "feed", "vt", "ff", "crlf"])
        for text in texts + [" \t\n\r\n", "\u{00A0}", " \u{3000} ", " é "] {
            #expect(WordDiff.hasWords(text) == !WordDiff.words(text).isEmpty, "\(text.debugDescription)")
        }
    }

    @Test func scriptRebuildsBothTexts() {
        let a = WordDiff.words("the quick brown fox jumps over the lazy dog and the cat sleeps")
        let b = WordDiff.words("a quick red fox jumped over the dog while the cat sleeps soundly")
        let runs = WordDiff.diff(words: a, b)
        #expect(runs.filter { $0.kind != .inserted }.flatMap(\.words) == a)
        #expect(runs.filter { $0.kind != .deleted }.flatMap(\.words) == b)
        // Shortest script: "quick", "fox", "over the", "dog", "the cat sleeps" are kept (8 words).
        #expect(runs.filter { $0.kind == .same }.flatMap(\.words).count == 8)
    }

    @Test func aRewrittenLongSectionIsAllDeletedThenAllInserted() {
        let old = (0..<3000).map { "old\($0)" }, new = (0..<3000).map { "new\($0)" }
        #expect(WordDiff.diff(words: old, new) == [WordRun(.deleted, old), WordRun(.inserted, new)])
        // Just under the bound the script is still exact: 400 replaced words out of 4000.
        let base = (0..<4000).map { "w\($0)" }
        var edited = base
        for i in stride(from: 0, to: 4000, by: 10) { edited[i] = "x\(i)" }
        let runs = WordDiff.diff(words: base, edited)
        #expect(runs.filter { $0.kind == .deleted }.flatMap(\.words).count == 400)
        #expect(runs.filter { $0.kind != .deleted }.flatMap(\.words) == edited)
    }
}
