import Foundation
import Testing
@testable import Quiz

/// The gates of `PIIRedactor` (PIIRedactorGates.swift) skip a pattern only when it cannot
/// change the text. Checked on the labelled sets, variants of them that stress what the
/// gates count (other digits, case, tokens already in the text), and a sample per pattern:
/// the gated redactor gives the same text and counts as running every pattern, and every
/// pattern that redacts something has its gate open.
@Suite struct RedactorGateTests {
    static let gated = PIIRedactor()
    static let ungated = PIIRedactor(gated: false)

    /// At least one text per pattern, in pattern order, and texts with the traps the gates
    /// must not fall into (digits of other scripts, characters ICU folds to ASCII letters).
    static let samples = [
        "mail amina.putri12@example.com now", "write to john [at] gmail [dot] com", "sarah at yahoo dot com",
        "see https://deals.example.com/x", "web www.shop-deal.example.com", "link bit.ly/shop-sale",
        "IBAN GB82 WEST 1234 5698 7654 32", "NIK: 3201 2345 6789 0001", "card 4111 1111 1111 1111 exp 12/28",
        "card 4111 1111 1111 1111, 12/28", "CVV 123", "id 1-1037-00123-45-8", "3201234567890001", "SSN 123-45-6789",
        "NI QQ 12 34 56 C", "order #INV/20261117/MPL/3345123", "ref TXN-88213344", "order no. A12B34C56",
        "tracking JNE 0123456789012", "SPXID012345678", "hub +62 812-3456-7890", "call (555) 010-4477", "(021) 5550 1234",
        "text 555-010-4477", "WA 0812 3456 7890", "BCA 1234567890 a.n. Toko", "sort code 12-34-56", "rek BCA 123456789",
        "pay to 1234 5678 9012", "IG @toko_bagus", "Line ID: shopdee88", "WA tokobagus_ori", "Jl. Melati No. 12 RT 03/RW 02",
        "Jalan Kenanga Indah", "123/45 Moo 6 Sukhumvit Rd", "Soi Sukhumvit 11", "บ้าน 12 หมู่ 6", "ซอยสุขุมวิท 11", "ถนนสุขุมวิท",
        "45 Nguyễn Trãi, Quận 1", "đường Nguyễn Huệ, phường Bến Nghé", "221B Baker Street", "London SW1A 1AA",
        "Austin, TX 78701", "zip code 12345", "รหัสไปรษณีย์ 10110", "Jl. Melati No. 12, Bandung 40115",
        "Kecamatan Coblong 40132",
        // Vietnamese and Thai spellings of the keywords.
        "lan.nguyen [at] gmail chấm com", "เลขบัตรประชาชน 1-1037-00123-45-8", "hết hạn 12/28", "mã đơn #A1234567",
        "mã vận đơn SPX12345678", "số tài khoản 0123456789", "บัญชี 123-4-56789-0", "mã bưu chính 700000",
        "Phường Bến Nghé 700000", "เขตบางรัก 10500", "ต.บางพลี 10540",
        // Traps: Thai and full-width digits, the Kelvin sign and long s (ICU folds them to k and s),
        // tokens and placeholder characters already in the text, nothing at all.
        "โทร ๐๘๑ ๒๓๔ ๕๖๗๘", "call ０８１２ ３４５６ ７８９０", "NI\u{212A} 3201 2345 6789 0001", "shop.ſite/x and ſort code 12-34-56",
        "already [card], 12/28 and [address] 40115", "\u{E000}\u{E002}\u{E002}\u{E002}\u{E002}\u{E002}\u{E002}\u{E002}\u{E001} 12/28",
        "Listing 1234567: branded bag, KW super, price 450k", "ok", "",
        // What an earlier pattern takes away closes later gates: the "@" of an address, the
        // digits of a card, a domain inside an e-mail address; what stays must still be found.
        "mail amina.putri9@example.com or @toko_bagus", "card 4111 1111 1111 1111 and 1234 5678 9012",
        "amina [at] gmail [dot] com, shop.example.co.id", "call 0812 3456 7890 or 081-234-5678, TX 78701",
        "Zalo 0912.345.006 toko.bagus7", "x@y.com WA tokobagus_ori",
    ]

    static func corpus() throws -> [String] {
        var texts = samples
        for half in RedactionSetTests.halves { texts += try RedactionSet.load(half).map(\.text) }
        var variants: [String] = []
        for t in texts {
            variants.append(t.uppercased())
            variants.append(t.lowercased())
            variants.append(Self.digits(t, base: 0x0E50))   // Thai
            variants.append(Self.digits(t, base: 0xFF10))   // full-width
            variants.append("[card] " + t)
            variants.append(t + " [address] 12345")
        }
        return texts + variants
    }

    static func digits(_ s: String, base: UInt32) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { ("0"..."9").contains($0) ? Unicode.Scalar(base + $0.value - 48)! : $0 }))
    }

    @Test func gatedRedactionIsTheSameAsRunningEveryPattern() throws {
        for text in try Self.corpus() {
            let fast = Self.gated.redact(text), full = Self.ungated.redact(text)
            #expect(fast.text == full.text, "\(text)")
            #expect(fast.counts == full.counts, "\(text)")
        }
    }

    @Test func everyPatternThatRedactsHasItsGateOpen() throws {
        let rules = Self.ungated.rules
        var firedAnywhere = Set<Int>()
        for text in try Self.corpus() {
            let traits = TextTraits(text)
            var fired: [Int] = []
            _ = Self.ungated.redact(text) { fired.append($0) }
            for (n, i) in fired.enumerated() {
                firedAnywhere.insert(i)
                #expect(rules[i].gate(traits), "rule \(i) (\(rules[i].regex.pattern.prefix(60))) redacts but its gate is closed: \(text)")
                if let kind = rules[i].after {
                    let placed = traits.has("[") || traits.privateUse || fired[..<n].contains { rules[$0].kind == kind }
                    #expect(placed, "rule \(i) redacts after no \(kind.token): \(text)")
                }
            }
        }
        // Every pattern is exercised, so no gate is checked only on texts it closes for.
        let idle = Set(rules.indices).subtracting(firedAnywhere).sorted()
        #expect(idle.isEmpty, "patterns no sample redacts with: \(idle.map { rules[$0].regex.pattern.prefix(60) })")
    }

    @Test func textsWithoutPersonalDataSkipAlmostEveryPattern() {
        for text in ["Listing 123456: branded bag, grade A, price 450k", "should be remove", "ok"] {
            let traits = TextTraits(text)
            let open = PIIRedactor().rules.filter { $0.gate(traits) }.count
            #expect(open <= 2, "\(open) patterns run on: \(text)")
        }
    }

    @Test func countsAreKeptByKindInCaseOrder() {
        #expect(RedactionKind.allCases.enumerated().allSatisfy { $0.offset == $0.element.ordinal })
        #expect(AuditField.allCases.enumerated().allSatisfy { $0.offset == $0.element.ordinal })
        var counts = RedactionCounts()
        counts[.card] += 2
        counts += RedactionCounts()
        var other = RedactionCounts()
        other[.email] = 1
        #expect((counts + other).total == 3 && (counts + other)[.card] == 2 && (counts + other).description == "1 email, 2 card")
        #expect(RedactionCounts() == RedactionCounts() && counts != other)
    }

    @Test func traitsCountWhatThePatternsCanMatch() {
        let thai = TextTraits("โทร ๐๘๑ 23 Ngõ chấm")
        #expect(!thai.ascii && thai.foldable && thai.digits == 5 && thai.longestRun == 3)
        #expect(thai.folded(Words(["โทร"])) && thai.folded(Words(["ngõ"])) && thai.folded(Words(["chấm"])) && !thai.folded(Words(["zzz"])))
        // Characters that change when case-folded may fold to any keyword (ſ to s, the Kelvin sign to k, Ấ to ấ).
        for text in ["ſort", "\u{212A}TP", "CHẤM", "ﬆreet", "Straße"] {
            let t = TextTraits(text)
            #expect(!t.foldable && t.folded(Words(["zzz"])), "\(text)")
        }
        let plain = TextTraits("Sort code: AB 12, x.Co SW1")
        #expect(plain.ascii && plain.digits == 3 && plain.longestRun == 2)
        #expect(plain.folded(Words(["sort"])) && !plain.folded(Words(["zip"])))
        #expect(plain.contains(Words(["Sort"])) && !plain.contains(Words(["sort"])))
        #expect(plain.upperPairDigit && plain.upperDigit && plain.upperPair && plain.dotLetter)
        #expect(plain.has(":") && plain.has(".") && !plain.has("@") && plain.hasAny("@,"))
        let none = TextTraits("ab 1 a.1 A b2")
        #expect(!none.upperPairDigit && !none.upperDigit && !none.upperPair && !none.dotLetter)
        #expect(TextTraits("x\u{E000}").privateUse && !TextTraits("x[").privateUse)
        // Digit chains: one space, "-" or "." may stand between two digits, in any script.
        #expect(TextTraits("call 0812 3456 7890").chain == 12 && TextTraits("12 - 34 5.6").chain == 4)
        // A US state before a ZIP code: two capitals, "." and "," at most, spaces or tabs, a digit.
        for text in ["Austin, TX 78701", "TX.,\t 7", "CA  ๑๒๓๔๕", "in NY. 1"] { #expect(TextTraits(text).upperPairSpaceDigit, "\(text)") }
        for text in ["KW super 12345", "TX-78701", "T X 7", "TX,. 7", "TX7", "Tx 78701"] { #expect(!TextTraits(text).upperPairSpaceDigit, "\(text)") }
        #expect(TextTraits("shop x.CoM").folded(Words.dotTLD) && !TextTraits("toko.bagus7 x.y").folded(Words.dotTLD) && TextTraits("x.ſhop").folded(Words.dotTLD))
        #expect(TextTraits("Listing 123456: price 450k").chain == 6 && TextTraits("๐๘๑-๒๓๔ x").chain == 6 && TextTraits("ok").chain == 0)
    }
}
