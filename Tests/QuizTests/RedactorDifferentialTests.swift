import Foundation
import Testing
@testable import Quiz
import Randomness

/// The fast redactor (gates, prefilters, token swaps on bytes) against the reference path
/// `PIIRedactor(gated: false)`, which is the redactor as it was before those shortcuts:
/// Foundation swaps tokens in and out, every pattern runs on every text, every match is
/// read. They must give the same text and counts for every input; checked on generated
/// texts built from the pieces the patterns and the shortcuts care about (digit groups in
/// three scripts and every separator, keywords of the five markets, tokens and placeholder
/// characters, combining marks after them, characters ICU case-folds to ASCII).
@Suite struct RedactorDifferentialTests {
    static let fast = PIIRedactor()
    static let reference = PIIRedactor(gated: false)

    /// The quiz drawer's deterministic generator (SplitMix64), so a failure names a text that
    /// comes back.
    typealias Generator = SeededRandom

    static let words = [
        // Keywords and labels of the patterns, in the markets' languages.
        "call", "me", "WA", "wa", "Line ID:", "LINE", "IG:", "IG", "Zalo", "Telegram", "order", "order no.", "pesanan", "invoice", "INV/",
        "resi", "JNE", "SPX", "Kerry", "tracking #", "TXN-", "REF", "sort code", "rek", "rekening", "acc", "a/c", "STK", "số tài khoản",
        "NIK:", "KTP", "CCCD", "SSN", "national ID", "Thai ID", "เลขบัตรประชาชน", "exp", "expiry", "valid thru", "hết hạn", "หมดอายุ",
        "CVV", "cvc", "zip code", "post code", "kode pos", "mã bưu chính", "รหัสไปรษณีย์", "Jl.", "Jalan", "No.", "RT", "RW", "Moo",
        "Soi", "Sukhumvit", "Rd", "หมู่", "ม.", "ซอย", "ซ.", "ถนน", "ถ.", "đường", "Đường", "Nguyễn Trãi", "Quận", "phường", "P.",
        "Street", "Baker", "Ave", "Kecamatan", "Kota", "Jakarta Selatan", "เขต", "ต.", "จ.", "District", "TX", "CA", "SW1A", "1AA",
        "EAN", "model", "SKU", "BPOM", "barcode", "at", "dot", "[at]", "(dot)", "titik", "chấm", "จุด", "gmail", "yahoo", "com",
        "www.", "https://", "http://", ".com", ".co.id", "bit.ly/", "shope.ee/", "wa.me/", "@", "amina.putri", "toko_bagus",
        // Everyday words in the five markets.
        "Listing", "branded bag", "KW super", "ori 100%", "harga", "rb", "nego", "giá", "k", "chính hãng", "ราคา", "บาท", "฿",
        "Rp", "£", "$", "đ", "price", "quid", "ok", "should be remove", "seller", "GB", "QQ", "A", "C", "TB",
        // Around the gates of the US ZIP and bare-domain patterns.
        "NY", "TX.,", "Austin, TX", "WA.", ".shop", ".ID", ".CoM", ".bagus", "toko.bagus7", "x.co", "shop.ſite",
    ]
    static let marks = ["[", "]", "(", ")", "{", "<", ">", "#", ":", ";", ",", ".", "/", "-", "+", "_", "&", "%", "'", "\""]
    static let oddities = [
        "[email]", "[phone]", "[card]", "[address]", "[url]", "[national-id]", "[order-id]", "[handle]", "[postcode]", "[account]",
        "\u{E000}\u{E002}\u{E001}", "\u{E000}\u{E002}\u{E002}\u{E002}\u{E002}\u{E002}\u{E002}\u{E002}\u{E001}", "\u{E000}", "\u{E001}",
        "\u{0301}", "\u{0E31}", "\u{0E48}", "\u{00A0}", "\u{2028}", "ſ", "\u{212A}", "ß", "ﬆ", "É", "Ấ", "\u{1F600}", "\u{200D}",
    ]

    /// A run of digits in groups, in ASCII, Thai or full-width digits, with the separators
    /// the patterns allow and some they do not.
    static func digits(_ g: inout Generator) -> String {
        let base: UInt32 = g.below(10) < 8 ? 0x30 : (g.below(2) == 0 ? 0x0E50 : 0xFF10)
        var out = ""
        for group in 0..<(1 + g.below(5)) {
            if group > 0 { out += g.pick([" ", "-", ".", "", "  ", " - ", "/", ","]) }
            for _ in 0..<(1 + g.below(6)) { out.unicodeScalars.append(Unicode.Scalar(base + UInt32(g.below(10)))!) }
        }
        return out
    }

    static func text(_ g: inout Generator) -> String {
        var out = ""
        for _ in 0..<(1 + g.below(10)) {
            switch g.below(10) {
            case 0...3: out += words[g.below(words.count)]
            case 4...6: out += digits(&g)
            case 7: out += marks[g.below(marks.count)]
            case 8: out += oddities[g.below(oddities.count)]
            default: out += ["4111 1111 1111 1111", "0812 3456 7890", "+62 812-3456-7890", "3201 2345 6789 0001", "1-1037-00123-45-8",
                             "12/28", "123-45-6789", "GB82 WEST 1234 5698 7654 32", "amina.putri12@example.com", "(021) 5550 1234"][g.below(10)]
            }
            out += g.pick([" ", " ", " ", "", ", ", "\n", "\t", ": "])
        }
        return g.below(4) == 0 ? out.uppercased() : out
    }

    static func generated(_ count: Int, seed: UInt64) -> [String] {
        var g = Generator(seed: seed)
        return (0..<count).map { _ in text(&g) }
    }

    @Test func generatedTextsRedactAsTheReferenceDoes() {
        var redacted = 0
        for text in Self.generated(3000, seed: 15) {
            let fast = Self.fast.redact(text), full = Self.reference.redact(text)
            #expect(fast.text == full.text, "\(text.debugDescription)")
            #expect(fast.counts == full.counts, "\(text.debugDescription)")
            if full.counts.total > 0 { redacted += 1 }
        }
        // The generator is no good if it rarely makes personal data, or never anything else.
        #expect(redacted > 600 && redacted < 2900, "\(redacted) of 3000 generated texts redacted")
    }

    /// Texts where the byte-level token swaps must hand over to Foundation: a placeholder
    /// or token next to a combining mark or other non-ASCII character, stray placeholder
    /// characters, a token in the text already.
    @Test func tokenSwapsAgreeWithFoundationAtTheEdges() {
        let texts = [
            "call 0812 3456 7890\u{0301}", "โทร0812 3456 7890", "0812 3456 7890ครับ", "call 0812 3456 7890 \u{0E31}",
            "[phone]\u{0301} and 0812 3456 7890", "\u{0301}[phone]", "[phone]ครับ 0812 3456 7890", "x\u{E000}\u{E002}\u{E001}\u{0301}",
            "\u{E000}\u{E002}\u{E001}", "\u{E000}\u{E002}\u{E002}\u{E002}\u{E002}\u{E002}\u{E002}\u{E002}\u{E002}\u{E002}\u{E002}\u{E002}\u{E001} 0812 3456 7890",
            "\u{E000}\u{E000}\u{E002}\u{E001}", "[card] 12/28", "[[email]]", "[email", "email]", "[Email]", "mail a@b.co [email] again",
            "amina.putri12@example.com\u{E002}\u{E001}", "é[url]é https://x.example.com/a é",
        ]
        for text in texts {
            let fast = Self.fast.redact(text), full = Self.reference.redact(text)
            #expect(fast.text == full.text, "\(text.debugDescription)")
            #expect(fast.counts == full.counts, "\(text.debugDescription)")
        }
        // A placeholder between ASCII characters is swapped on the bytes; next to a combining mark it is left to Foundation.
        #expect(PIIRedactor.swapBack("a \u{E000}\u{E002}\u{E001} b") == "a [email] b")
        #expect(PIIRedactor.swapBack("a \u{E000}\u{E002}\u{E001}\u{0301}") == nil)
        #expect(PIIRedactor.swapBack("ก\u{E000}\u{E002}\u{E001}") == nil)
        #expect(PIIRedactor.swapBack("no placeholder ก") == "no placeholder ก")
        #expect(PIIRedactor.containsToken("a [phone] b".utf8) && !PIIRedactor.containsToken("a [phon] b".utf8) && !PIIRedactor.containsToken("none".utf8))
    }

    /// The product-label prefilter: a number after a product label is not redacted, the same
    /// number elsewhere is, and the prefilter is only the pattern without its label lookbehind.
    @Test func prefiltersAreThePatternsWithoutTheLabelLookbehind() {
        let rules = PIIRedactor().rules.filter { $0.prefilter != nil }
        #expect(rules.count >= 5)
        for rule in rules {
            #expect(rule.regex.pattern.hasSuffix(rule.prefilter!.pattern) && rule.regex.pattern.hasPrefix("(?<!(?:EAN|"), "\(rule.regex.pattern)")
            #expect(rule.regex.options == rule.prefilter!.options)
        }
        for text in ["EAN 0812 3456 7890", "model 1234 5678 9012", "call 0812 3456 7890", "pay 1234 5678 9012", "EAN: 3201234567890001"] {
            #expect(Self.fast.redact(text) == Self.reference.redact(text), "\(text)")
        }
        #expect(Self.fast.redact("EAN 0812 3456 7890").counts.total == 0)
        #expect(Self.fast.redact("call 0812 3456 7890").text == "call [phone]")
    }

    /// `CaseImporter.clean` as it was before its shortcut: every scalar looked at.
    static func cleanEveryScalar(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var previousCR = false
        for c in s.unicodeScalars {
            defer { previousCR = c == "\r" }
            if c == "\r" { out.append("\n"); continue }
            if c == "\n", previousCR { continue }
            if c == "\n" || c == "\t" { out.append(c); continue }
            if c.properties.generalCategory == .control || c == "\u{2028}" || c == "\u{2029}" { continue }
            out.append(c)
        }
        return String(out)
    }

    /// The importers' field reading (`CaseImporter.field`) is `clean` and Foundation's trim,
    /// as before, with shortcuts for the values that need neither.
    @Test func fieldsAreCleanedAndTrimmedAsBefore() {
        var g = Generator(seed: 7)
        let pieces = ["a", "B", "1", " ", "\t", "\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "\u{00}", "\u{1F}", "\u{7F}", "\u{85}", "\u{9F}", "\u{A0}",
                      "\u{2028}", "\u{2029}", "\u{3000}", "\u{2003}", "\u{200B}", "é", "e\u{0301}", "ไทย", "\u{1F600}", "x-y", "",
                      "\u{1680}", "\u{180E}", "\u{202F}", "\u{205F}", "\u{FEFF}", "\u{0301}", "đồng", "ราคา ๑๒", "ﬆ"]
        var texts = ["", " ", "plain", " lead", "trail ", "\ttab", "nbsp\u{A0}", "\u{A0}nbsp", "line\u{2028}sep", "ctl\u{01}x", "c1\u{85}x"]
        for _ in 0..<3000 { texts.append((0..<(1 + g.below(6))).map { _ in g.pick(pieces) }.joined()) }
        for text in texts {
            #expect(CaseImporter.field(text) == Self.cleanEveryScalar(text).trimmingCharacters(in: .whitespacesAndNewlines), "\(text.debugDescription)")
            #expect(CaseImporter.clean(text) == Self.cleanEveryScalar(text), "\(text.debugDescription)")
        }
    }
}

extension SeededRandom {
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func pick<T>(_ xs: [T]) -> T { xs[below(xs.count)] }
}
