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
                     "café au lait", "non\u{00A0}breaking", "e\u{301} combining", "space \u{301}mark", "ideographic\u{3000}space", "🙂 emoji",
                     "ผู้ขายต้อง คืนเงิน\u{00A0}ภายใน ๗ วัน", "Người bán phải hoàn tiền trong 7 ngày", "x\u{200D} y", " \u{200D}\u{301}z  ",
                     "a \u{1F3FB}b", "\u{2003}em\u{2028}line\u{205F}math\u{85}nel", "क्षि ति", "mix\u{0E31} \u{0E31}thai"]
        for text in texts {
            #expect(WordDiff.words(text) == text.split(whereSeparator: { $0.isWhitespace }).map(String.init), "\(text.debugDescription)")
        }
        #expect(WordDiff.words("tab\tline\nfeed\u{0B}vt\u{0C}ff\r\ncrlf") == ["tab", "line", "feed", "vt", "ff", "crlf"])
        for text in texts + [" \t\n\r\n", "\u{00A0}", " \u{3000} ", " é "] {
            #expect(WordDiff.hasWords(text) == !WordDiff.words(text).isEmpty, "\(text.debugDescription)")
        }
    }

    /// Thai (like Chinese, Lao, Khmer) is written without spaces between words: a sentence was
    /// one "word", so changing one word in it showed the whole sentence deleted and inserted.
    /// ICU's dictionaries split it: the changed word is the change, and the text reads as
    /// written (no space put between Thai words).
    @Test func aChangedWordInThaiIsThatWordNotTheWholeSentence() {
        let g = String(WordDiff.glue)
        let old = "ผู้ขายต้องคืนเงินให้ผู้ซื้อภายในสิบสี่วันหลังจากได้รับสินค้าคืน"
        let new = "ผู้ขายต้องคืนเงินให้ผู้ซื้อภายในเจ็ดวันหลังจากได้รับสินค้าคืน"
        let runs = WordDiff.diff(old, new)
        #expect(runs.map(\.kind) == [.same, .deleted, .inserted, .same], "\(runs)")
        #expect(runs.count == 4)
        if runs.count == 4 {
            #expect(runs[0].text == "ผู้ขายต้องคืนเงินให้ผู้ซื้อภายใน")
            #expect(runs[1].text == "สิบสี่")
            #expect(runs[2].text == "เจ็ด")
            #expect(runs[3].text == "วันหลังจากได้รับสินค้าคืน")
            // Each run after the first goes on without a space.
            #expect(runs.dropFirst().allSatisfy { $0.separator(before: 0) == "" })
        }
        // The old and new texts come back from the runs, as written.
        func rebuilt(_ kinds: Set<WordRun.Kind>) -> String {
            var out = ""
            for run in runs where kinds.contains(run.kind) {
                if !out.isEmpty { out += run.separator(before: 0) }
                out += run.text
            }
            return out
        }
        #expect(rebuilt([.same, .deleted]) == old)
        #expect(rebuilt([.same, .inserted]) == new)
        // Spaced words around an unspaced script keep their spaces; Chinese is split as well.
        let mixed = WordDiff.diff("Refunds คืนเงินภายในเจ็ดวัน for 退款七天内 orders", "Refunds คืนเงินภายในสิบวัน for 退款十天内 orders")
        #expect(mixed.map(\.kind) == [.same, .deleted, .inserted, .same, .deleted, .inserted, .same])
        #expect(mixed.filter { $0.kind == .deleted }.map(\.text) == ["เจ็ด", "七天"])
        #expect(mixed.filter { $0.kind == .inserted }.map(\.text) == ["สิบ", "十天"])
        #expect(mixed.first?.text == "Refunds คืนเงินภายใน")
        #expect(mixed.dropFirst(3).first?.text == "วัน for 退款")
        // English is split on spaces exactly as before: no glued word, nothing else in its JSON.
        #expect(WordDiff.diff("appeal within seven days", "appeal within fourteen days").allSatisfy { $0.glued == nil })
        #expect(WordDiff.tokens("ผู้ขายต้องคืนเงิน") == ["ผู้", "\(g)ขาย", "\(g)ต้อง", "\(g)คืน", "\(g)เงิน"])
        #expect(WordDiff.tokens("ผู้ขาย ต้อง") == ["ผู้", "\(g)ขาย", "ต้อง"])
        // A word joiner in the text is text: a word that starts with one is not glued.
        #expect(WordDiff.diff("a \u{2060}b", "a \u{2060}c") == [WordRun(.same, ["a"]), WordRun(.deleted, ["\u{2060}b"]), WordRun(.inserted, ["\u{2060}c"])])
        // Spaced words are never split at their punctuation, Thai ones are at each word.
        #expect(WordDiff.tokens("Refunds คืนเงิน, orders. (ID) ภายใน") == ["Refunds", "คืน", "\(g)เงิน", "\(g),", "orders.", "(ID)", "ภายใน"])
    }

    /// Non-ASCII text is split scalar by scalar; on random mixes of spaces, combining marks,
    /// joiners, Thai and emoji it gives the words splitting by Character gives.
    @Test func nonASCIIWordsAreSplitAsCharactersWouldBe() {
        let alphabet: [String] = [" ", "\u{301}", "\u{200D}", "a", "ก", "\u{0E31}", "\u{00A0}", "\u{1F3FB}", "\r", "\n", "\u{3000}", "🙂",
                                  "\u{0903}", "é", "\u{2009}", "\u{FE0F}", "ệ"]
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17
            return Int(seed % UInt64(alphabet.count))
        }
        for _ in 0..<3000 {
            let text = (0..<(next() + 1)).map { _ in alphabet[next()] }.joined()
            #expect(WordDiff.words(text) == text.split(whereSeparator: { $0.isWhitespace }).map(String.init), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
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
