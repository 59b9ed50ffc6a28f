import Testing
@testable import Search

@Suite struct AnalyzerTests {
    @Test func foldsCaseDiacriticsAndCompatibilityForms() {
        #expect(Analyzer.fold("Giảm GIÁ Đặc biệt") == "giam gia dac biet")
        #expect(Analyzer.fold("Señor Crème") == "senor creme")
        #expect(Analyzer.fold("ＵＫ ﬁne") == "uk fine")
        // Thai vowels and tone marks are kept: they are letters of the word, not accents.
        #expect(Analyzer.fold("สินค้า") == "สินค้า")
    }

    /// Kana and Hangul stay composed when the text also holds an accented Latin letter: the
    /// whole text was decomposed then, が became か and a combining mark, and the browser (whose
    /// strings compare by code units, not by canonical equivalence as Swift's do) never found
    /// the page's words. Compared scalar by scalar, as the browser compares.
    @Test func accentsAreDroppedWithoutDecomposingOtherScripts() {
        let folded = Analyzer.fold("Café がいこく 한국 Giảm")
        #expect(Array(folded.unicodeScalars) == Array("cafe がいこく 한국 giam".unicodeScalars), "\(folded.unicodeScalars.map { String($0.value, radix: 16) })")
        #expect(Array(Analyzer.fold("がいこく").unicodeScalars) == Array("がいこく".unicodeScalars))
        // Thai text (with Latin capitals in it) is lowercased and kept as written.
        #expect(Array(Analyzer.fold("สินค้า ORI ของแท้ IP-01").unicodeScalars) == Array("สินค้า ori ของแท้ ip-01".unicodeScalars))
        #expect(Array(Analyzer.fold("Café สินค้า").unicodeScalars) == Array("cafe สินค้า".unicodeScalars))
        // A combining accent written after a Latin letter is dropped as before.
        #expect(Array(Analyzer.fold("cafe\u{301} é").unicodeScalars) == Array("cafe e".unicodeScalars))
    }

    @Test func wordsAndBigrams() {
        #expect(Analyzer.pieces("fake bags, 2 pcs") == [.word("fake"), .word("bags"), .word("2"), .word("pcs")])
        #expect(Analyzer.pieces("ปลอม") == [.bigram("ปล"), .bigram("ลอ"), .bigram("อม")])
        #expect(Analyzer.pieces("ok 假货") == [.word("ok"), .bigram("假货")])
    }

    @Test func stemsByPageLanguage() {
        var a = Analyzer()
        #expect(a.terms("Counterfeits escalating", lang: "en") == ["counterfeit", "escal"])
        #expect(a.terms("penjualan barang palsu", lang: "id") == ["jual", "barang", "palsu"])
        #expect(a.terms("the and of", lang: "en").isEmpty)
        #expect(a.terms("hàng giả", lang: "vi") == ["hang", "gia"])
    }

    @Test func policyCodesAreFoundWhole() {
        #expect(Analyzer.codes(in: "remove under IP-01, see ri-02 and PA-03.") == ["IP-01", "RI-02", "PA-03"])
        #expect(Analyzer.codes(in: "COVID-19 and XIP-012 and A-01") == [])
    }

    @Test func encodingsRoundTrip() {
        let postings = [(doc: 0, weight: 63), (doc: 5, weight: 1), (doc: 40_000, weight: 17)]
        #expect(IndexEncoding.decodePostings(IndexEncoding.postings(postings)).map { [$0.doc, $0.weight] } == postings.map { [$0.doc, $0.weight] })
        #expect(IndexEncoding.decodeRuns(IndexEncoding.runs([1, 2, 3, 7, 9, 10])) == [1, 2, 3, 7, 9, 10])
        #expect(IndexEncoding.decodeNumbers(IndexEncoding.numbers([0, 31, 32, 1_000_000])) == [0, 31, 32, 1_000_000])
    }

    @Test func queriesParseIntoWordsPhrasesCodesAndFilters() {
        let q = SearchEngine.parse("\"fake discount\" IP-03 market:TH tag:pricing brand own")
        #expect(q.phrases == [["fake", "discount"]])
        #expect(q.filters.map { $0.0 + "=" + $0.1 } == ["market=th", "tag=pricing"])
        #expect(q.words == [.word("fake", prefix: false), .word("discount", prefix: false), .code("ip-03"),
                            .word("brand", prefix: false), .word("own", prefix: true)])
        #expect(SearchEngine.parse("brand owner ").words.last == .word("owner", prefix: false))
    }

    /// A query is split where `search.js` splits it, scalar by scalar, at what JavaScript's
    /// `\s` calls whitespace: a byte-order mark pasted at the end ends the last word (it was
    /// read as part of it, so the CLI found pages the browser did not), U+0085 does not, and a
    /// combining mark after a space starts the next word.
    @Test func queriesSplitAtTheWhitespaceTheBrowserSplitsAt() {
        #expect(SearchEngine.parse("counterf\u{FEFF}").words == [.word("counterf", prefix: false)])
        #expect(SearchEngine.parse("counterf\u{0085}").words == [.word("counterf", prefix: true)])
        #expect(SearchEngine.parse("brand \u{0301}owner").words.first == .word("brand", prefix: false))
        #expect(SearchEngine.parse("brand \u{0301}owner").words.count == 2)
        #expect(SearchEngine.parse("fake\u{3000}discount").words == [.word("fake", prefix: false), .word("discount", prefix: true)])
    }

    /// Moderators type codes without the hyphen: `ip01`, `LS05` are the codes IP-01 and LS-05;
    /// other letter-digit words stay words.
    @Test func aCodeTypedWithoutItsHyphenIsTheCode() {
        #expect(SearchEngine.parse("ip01").words == [.code("ip-01")])
        #expect(SearchEngine.parse("LS05 warn").words == [.code("ls-05"), .word("warn", prefix: true)])
        #expect(SearchEngine.parse("mp3").words != [.code("mp-3")])
        #expect(SearchEngine.parse("covid19").words.allSatisfy { if case .code = $0 { return false } else { return true } })
        #expect(SearchEngine.parse("a12 abcde12").words.allSatisfy { if case .code = $0 { return false } else { return true } })
    }

    @Test func oneEditMeansOneInsertionDeletionSubstitutionOrSwap() {
        func near(_ a: String, _ b: String) -> Bool { SearchEngine.withinOneEdit(Array(a.unicodeScalars), Array(b.unicodeScalars)) }
        #expect(near("counterfiet", "counterfeit"))
        #expect(near("escalaton", "escalation"))
        #expect(near("wellbeing", "welbeing"))
        #expect(near("vapes", "vapez"))
        #expect(!near("vape", "vape"))
        #expect(!near("counterfeit", "countrefiet"))
    }
}
