import Foundation
import Testing
@testable import Quiz
import CasebookTestSupport
import Randomness

/// Personal data is found wherever it stands: at the start or end of a field, alone, inside
/// Thai, Indonesian or Vietnamese text, next to other non-ASCII text; the quick checks that
/// let the redactor skip a pattern (`TextTraits`) never skip one that would redact, and every
/// free-text field of a QA audit row is redacted exactly as running every pattern would.
@Suite struct RedactorPlacementTests {
    static let gated = PIIRedactor()
    static let ungated = PIIRedactor(gated: false)

    /// One piece of personal data per pattern (each of `RedactionKind`), as the labelled
    /// samples of `RedactorGateTests` give them.
    static var pieces: [String] {
        RedactorGateTests.samples.filter { ungated.redact($0).counts.total > 0 }
    }

    /// Where a piece is put: alone, at the start, at the end, in the middle of text in each
    /// language the redactor knows, with a line break or a tab beside it.
    static func placements(_ piece: String) -> [String] {
        [
            piece,
            piece + " ok",
            "ok " + piece,
            "Listing 12: ราคาถูก 450 บาท, " + piece,
            piece + " ขอบคุณครับ ส่งเร็ว",
            "ผู้ขายบอกว่า " + piece + " ค่ะ",
            "Penjual bilang " + piece + " ya kak, harga 185rb",
            piece + ", barang ori 100% cuma 99rb",
            "Người bán nói " + piece + " nhé, giá 450k",
            piece + " — giày chính hãng, đồng hồ giá rẻ",
            "「" + piece + "」",
            "line one\n" + piece + "\nline three",
            "\t" + piece,
        ]
    }

    @Test func everyKindIsRedactedAtEveryPlaceInEveryLanguage() {
        let kinds = Set(Self.pieces.flatMap { p in RedactionKind.allCases.filter { Self.ungated.redact(p).counts[$0] > 0 } })
        #expect(kinds == Set(RedactionKind.allCases), "kinds without a sample: \(Set(RedactionKind.allCases).subtracting(kinds))")
        for piece in Self.pieces {
            let alone = Self.ungated.redact(piece).counts
            for text in Self.placements(piece) {
                let fast = Self.gated.redact(text), full = Self.ungated.redact(text)
                #expect(fast.text == full.text, "\(text)")
                #expect(fast.counts == full.counts, "\(text)")
                // Still found where it stands (what it is may differ in context, not whether).
                #expect(full.counts.total >= 1, "nothing redacted in: \(text) (alone: \(alone))")
                #expect(!fast.text.contains(piece), "left in: \(fast.text)")
            }
        }
    }

    @Test func quickChecksCountWhatTheReferenceCountsOnMixedText() {
        // Scripts, digits of other scripts, characters that fold, placeholders, capitals and
        // separators, mixed at random (seeded) with every sample: the byte-level count of the
        // traits gives the same gates as counting scalar by scalar.
        let alphabet: [String] = ["a", "Z", "K", "S", "T", "X", " ", "\t", "\n", ".", ",", "-", "/", ":", "@", "+", "(", "[", "0", "5", "9",
                                  "ก", "๑", "ม.", "ấ", "Ấ", "đ", "Đ", "ſ", "\u{212A}", "ß", "ﬆ", "０", "٣", "\u{E000}", "\u{E001}", "😀",
                                  "\u{0378}", "\u{1D7D8}", "é", "e\u{301}", "中", "Jl", "No", "St", "zip", "NIK", "Line"]
        var generator = SeededRandom(seed: 15)  // the quiz drawer's SplitMix64: the same texts every run
        var texts = RedactorGateTests.samples
        for sample in RedactorGateTests.samples {
            for _ in 0..<4 {
                var s = ""
                for _ in 0..<Int(generator.next() % 12) { s += alphabet[Int(generator.next() % UInt64(alphabet.count))] }
                texts.append(generator.next() % 2 == 0 ? s + sample : sample + s)
            }
        }
        let rules = Self.gated.rules
        for text in texts {
            let traits = TextTraits(text), reference = ReferenceTraits(text)
            #expect(traits.ascii == reference.ascii && traits.foldable == reference.foldable, "\(text)")
            #expect(traits.digits == reference.digits && traits.longestRun == reference.longestRun && traits.chain == reference.chain, "\(text)")
            #expect(traits.upperPair == reference.upperPair && traits.upperDigit == reference.upperDigit
                    && traits.upperPairDigit == reference.upperPairDigit && traits.dotLetter == reference.dotLetter
                    && traits.upperPairSpaceDigit == reference.upperPairSpaceDigit && traits.privateUse == reference.privateUse, "\(text)")
            for c in (0..<128).compactMap(Unicode.Scalar.init) { #expect(traits.has(c) == text.unicodeScalars.contains(c), "\(text) \(c)") }
            // A closed gate: the pattern alone finds nothing to redact in the text.
            for rule in rules where !rule.gate(traits) {
                #expect(!Self.redacts(rule, text), "gate closed but \(rule.regex.pattern.prefix(60)) redacts: \(text)")
            }
            let bytes = Array(text.utf8), lowered = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
            for words in [Words.dot, Words.nationalID, Words.courier, Words.area, Words.thaiPostcode, Words.moo, Words.postcode, Words.dotTLD,
                          Words.apps, Words.vnArea, Words.street, Words.jalan, Words.duong, Words.mooLatin] {
                let exact = words.list.contains { Self.find($0, in: bytes) }
                let folded = !reference.foldable || words.list.contains { Self.find($0, in: lowered) }
                #expect(traits.contains(words) == exact && traits.folded(words) == folded, "\(text)")
            }
        }
    }

    static func find(_ word: [UInt8], in text: [UInt8]) -> Bool {
        guard word.count <= text.count else { return false }
        return (0...(text.count - word.count)).contains { i in text[i..<(i + word.count)].elementsEqual(word) }
    }

    /// Whether `rule` alone, run on `text`, changes it.
    static func redacts(_ rule: PIIRedactor.Rule, _ text: String) -> Bool {
        let ns = text as NSString
        return rule.regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).contains { match in
            let range = match.range(at: rule.group)
            return range.location != NSNotFound && range.length > 0 && rule.accept(ns.substring(with: match.range)) && rule.after == nil
        }
    }

    @Test func everyFreeTextFieldOfAnAuditRowIsRedactedLikeRunningEveryPattern() throws {
        let fixture = try BankFixture(AuditFixture.files)
        let columns = Dictionary(uniqueKeysWithValues: AuditField.allCases.map { ($0, $0.defaultColumn) })
        let v = AuditValidator(handbook: fixture.handbook, actions: ["approve", "restrict", "remove", "escalate"], columns: columns)
        var line = 2
        for piece in Self.pieces {
            for text in [piece, "ผู้ขาย " + piece, piece + " ya kak", "giá 450k " + piece] {
                line += 1
                let row = AuditFixture.row(line, ["team": text, "vendor": text, "queue": text, "case_text": text, "qa_comment": text])
                guard case .valid(let audit) = v.check(ImportTableRow(line: line, values: row)) else {
                    Issue.record("row rejected: \(text)")
                    continue
                }
                let oneLine = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                let short = Self.ungated.redact(oneLine), long = Self.ungated.redact(text)
                #expect(audit.team == short.text && audit.vendor == short.text && audit.queue == short.text, "\(text)")
                #expect(audit.caseText == long.text && audit.comment == long.text, "\(text)")
                #expect(audit.redactions == short.counts + short.counts + short.counts + long.counts + long.counts, "\(text)")
                #expect(long.counts.total > 0 && !audit.caseText.contains(piece), "\(text)")
            }
        }
    }
}

/// The traits of a text counted scalar by scalar, as `TextTraits` counted them before it
/// read bytes: the reference its gates are compared with.
struct ReferenceTraits {
    var ascii = true, foldable = true, privateUse = false
    var digits = 0, longestRun = 0, chain = 0
    var upperPair = false, upperDigit = false, upperPairDigit = false, dotLetter = false, upperPairSpaceDigit = false

    init(_ text: String) {
        var run = 0, chainRun = 0
        var afterDigit = false, afterSeparator = false
        var up1 = false, up2 = false, up3 = false
        var previous: UInt32 = 0
        var zip = 0
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let isDigit: Bool
            if v < 0x80 {
                isDigit = v >= 0x30 && v <= 0x39
            } else {
                ascii = false
                if v == 0xE000 { privateUse = true }
                let category = scalar.properties.generalCategory
                isDigit = category == .decimalNumber || category == .unassigned
                if category == .unassigned || scalar.properties.changesWhenCaseFolded { foldable = false }
            }
            let isUpper = v >= 0x41 && v <= 0x5A
            if isDigit {
                digits += 1
                run += 1
                longestRun = max(longestRun, run)
                chainRun = afterDigit || afterSeparator ? chainRun + 1 : 1
                chain = max(chain, chainRun)
                afterDigit = true
                afterSeparator = false
                if up1 || (previous == 0x20 && up2) { upperDigit = true }
                if (up1 && up2) || (previous == 0x20 && up2 && up3) { upperPairDigit = true }
            } else {
                run = 0
                afterSeparator = afterDigit && (v == 0x20 || v == 0x2D || v == 0x2E)
                afterDigit = false
            }
            if isDigit && zip == 4 { upperPairSpaceDigit = true }
            if isUpper && up1 { zip = 1 } else if v == 0x2E && zip == 1 { zip = 2 } else if v == 0x2C && (zip == 1 || zip == 2) { zip = 3 } else if (v == 0x20 || v == 0x09) && zip >= 1 { zip = 4 } else { zip = 0 }
            if isUpper && up1 { upperPair = true }
            if previous == 0x2E && ((v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)) { dotLetter = true }
            up3 = up2
            up2 = up1
            up1 = isUpper
            previous = v
        }
    }
}
