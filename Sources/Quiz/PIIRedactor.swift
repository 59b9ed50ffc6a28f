import Foundation

/// A kind of personal data the importer removes from case text.
public enum RedactionKind: String, Sendable, Hashable, CaseIterable {
    case email, phone, url, handle
    case orderID = "order-id"
    case address
    /// Payment card numbers (Luhn-checked), their expiry dates and security codes.
    case card
    /// IBANs, sort codes and bank account numbers.
    case account
    /// Postcodes and postal codes (UK, US ZIP, ID, TH, VN).
    case postcode
    /// National ID numbers: Indonesian NIK, Thai ID, Vietnamese CCCD/CMND, UK NI number, US SSN.
    case nationalID = "national-id"

    /// The token that replaces a redacted piece of text, e.g. `[phone]`.
    public var token: String { "[\(rawValue)]" }

    /// The position in `allCases`.
    var ordinal: Int {
        switch self {
        case .email: 0
        case .phone: 1
        case .url: 2
        case .handle: 3
        case .orderID: 4
        case .address: 5
        case .card: 6
        case .account: 7
        case .postcode: 8
        case .nationalID: 9
        }
    }
}

/// How many pieces of each kind were redacted.
public struct RedactionCounts: Sendable, Hashable, CustomStringConvertible {
    /// One count per kind, in `RedactionKind.allCases` order (no hashing per row of an import).
    private var counts = SIMD16<Int32>(repeating: 0)

    /// No redactions.
    public init() {}

    /// The count for one kind (0 when none).
    public subscript(kind: RedactionKind) -> Int {
        get { Int(counts[kind.ordinal]) }
        set { counts[kind.ordinal] = Int32(truncatingIfNeeded: newValue) }
    }

    /// All redactions of every kind.
    public var total: Int { Int(counts.wrappedSum()) }

    /// The sum of two counts, kind by kind.
    public static func + (a: RedactionCounts, b: RedactionCounts) -> RedactionCounts {
        var sum = a
        sum.counts &+= b.counts
        return sum
    }

    /// Adds `b` to `a`, kind by kind.
    public static func += (a: inout RedactionCounts, b: RedactionCounts) {
        a.counts &+= b.counts
    }

    /// `1 email, 2 phone, 1 url` in a fixed order, or `nothing` when empty.
    public var description: String {
        let parts = RedactionKind.allCases.filter { self[$0] > 0 }.map { "\(self[$0]) \($0.rawValue)" }
        return parts.isEmpty ? "nothing" : parts.joined(separator: ", ")
    }
}

/// Replaces personal data in free text (e-mail addresses, phone numbers, links, contact
/// handles, order and tracking numbers, street addresses, payment cards, bank accounts,
/// postcodes, national ID numbers) with tokens such as `[email]`.
///
/// Patterns run in a fixed order, most specific first, so an e-mail address is not also
/// counted as a link. Prices (`Rp 185.000`, `฿1,290`, `450.000đ`, `£24.99`), policy codes,
/// dates, times and small numbers do not match. Text already redacted is left as it is, so
/// redacting twice gives the same text and counts nothing the second time.
public struct PIIRedactor: Sendable {
    /// A class, so running the rules copies no closures (and retains nothing per rule).
    final class Rule: Sendable {
        let kind: RedactionKind
        let regex: NSRegularExpression
        /// Capture group to replace; 0 replaces the whole match (keywords such as
        /// "resi" or "Line ID:" stay, only the number or name after them goes).
        let group: Int
        /// Extra check on the matched text, e.g. how many digits a phone number has.
        let accept: @Sendable (String) -> Bool
        /// Whether `accept` checks anything (else every match is accepted unread).
        let checks: Bool
        /// A necessary condition for the rule to change a text, on traits counted once per
        /// text (`TextTraits`): when it is false the pattern cannot match (or every match
        /// would fail `accept`), so the regex is not run. It must never be false for a text
        /// the pattern would redact; `RedactorGateTests` checks that rule by rule.
        let gate: @Sendable (TextTraits) -> Bool
        /// The pattern without its leading product-label lookbehind, when it has one: that
        /// lookbehind, tried at every position, is most of the pattern's cost, and where the
        /// rest finds no match the whole pattern cannot find one either.
        let prefilter: NSRegularExpression?
        /// The kind whose placeholder the pattern starts from (a redacted card before its
        /// expiry date), or nil.
        let after: RedactionKind?
        init(kind: RedactionKind, regex: NSRegularExpression, group: Int, accept: @escaping @Sendable (String) -> Bool, checks: Bool,
             gate: @escaping @Sendable (TextTraits) -> Bool, prefilter: NSRegularExpression?, after: RedactionKind?) {
            self.kind = kind; self.regex = regex; self.group = group; self.accept = accept; self.checks = checks
            self.gate = gate; self.prefilter = prefilter; self.after = after
        }
    }

    let rules: [Rule]
    /// Whether the gates are used; off, every regex runs on every text (the reference the
    /// tests compare the gated path with).
    let gated: Bool

    /// A redactor with every rule, in the fixed order described above.
    public init() {
        self.init(gated: true)
    }

    init(gated: Bool) {
        rules = Self.defaultRules
        self.gated = gated
    }

    /// Redacts `text` and counts what was replaced, by kind.
    public func redact(_ text: String) -> (text: String, counts: RedactionCounts) {
        redact(text, fired: nil)
    }

    /// `redact(_:)`, telling `fired` the index of each rule that replaced something (for the tests).
    ///
    /// Until a pass finds nothing more (at most 3 passes): what one rule replaces can open the
    /// boundary another needs. Two addresses pasted together ("a@shop.example2@b.example")
    /// leave "[email]2@b.example" after one pass, and a handle taken from "@0812+3456 7890"
    /// leaves "+3456 7890" for the phone rule, which ran before it. Text with nothing to redact
    /// takes one pass, as before.
    func redact(_ text: String, fired: ((Int) -> Void)?) -> (text: String, counts: RedactionCounts) {
        var (out, counts, glued) = redactOnce(text, fired: fired)
        var passes = 1
        while glued && passes < 3 {
            let (again, more, stillGlued) = redactOnce(out, fired: fired)
            passes += 1
            glued = stillGlued && more.total > 0
            out = again
            for kind in RedactionKind.allCases { counts[kind] += more[kind] }
        }
        return (out, counts)
    }

    /// One pass of every rule, in order. `glued`: something was replaced right next to a
    /// character other than a space or common punctuation, so another pass may find more.
    private func redactOnce(_ text: String, fired: ((Int) -> Void)?) -> (text: String, counts: RedactionCounts, glued: Bool) {
        if text.isEmpty { return (text, RedactionCounts(), false) }
        var glued = false
        // Tokens already in the text are swapped for private-use characters that no pattern
        // matches, and swapped back at the end: this is what makes redaction idempotent.
        var work = text
        // Foundation's search is not literal (canonically equivalent text matches too), but
        // no character decomposes to the ASCII letters, brackets or hyphen of a token, so a
        // token is found only where its bytes are: without them the swap changes nothing.
        if gated ? Self.containsToken(text.utf8) : text.contains("[") {
            for (i, kind) in RedactionKind.allCases.enumerated() {
                work = work.replacingOccurrences(of: kind.token, with: Self.placeholder(i))
            }
        }
        var counts = RedactionCounts()
        // The traits of the text the patterns see: counted again after a pattern replaced
        // something, so a gate also closes for what an earlier pattern took away (the e-mail
        // address whose "@" no later pattern needs to look at again).
        var traits = TextTraits(text)
        // Kinds whose placeholder may be in `work`: tokens already in the text, and what was redacted.
        // (A bit per kind, at its ordinal: no set to allocate per text.)
        var placed: UInt16 = traits.has("[") || traits.privateUse ? UInt16.max : 0
        for (index, rule) in rules.enumerated() {
            if gated {
                guard rule.gate(traits) else { continue }
                if let kind = rule.after, placed & (1 << kind.ordinal) == 0 { continue }
            }
            let ns = work as NSString
            let whole = NSRange(location: 0, length: ns.length)
            if gated, let prefilter = rule.prefilter, prefilter.firstMatch(in: work, range: whole) == nil { continue }
            var pieces: [(NSRange, Bool)] = []
            for match in rule.regex.matches(in: work, range: whole) {
                let range = match.range(at: rule.group)
                guard range.location != NSNotFound, range.length > 0 else { continue }
                // Rules without a check accept every match: the matched text is not needed.
                pieces.append((range, gated && !rule.checks ? true : rule.accept(ns.substring(with: match.range))))
            }
            guard pieces.contains(where: { $0.1 }) else { continue }
            let placeholder = Self.placeholder(rule.kind.ordinal)
            let out = NSMutableString(string: work)
            for (range, accepted) in pieces.reversed() where accepted {
                if !glued {
                    let end = range.location + range.length
                    glued = (end < ns.length && !Self.separates(ns.character(at: end)))
                        || (range.location > 0 && !Self.separates(ns.character(at: range.location - 1)))
                }
                out.replaceCharacters(in: range, with: placeholder)
                counts[rule.kind] += 1
            }
            placed |= 1 << rule.kind.ordinal
            fired?(index)
            work = out as String
            if gated { traits = TextTraits(work) }
        }
        // Every placeholder starts with U+E000: without one, swapping back changes nothing.
        if gated {
            if let swapped = Self.swapBack(work) { return (swapped, counts, glued) }
        } else if !work.contains("\u{E000}") {
            return (work, counts, glued)
        }
        for (i, kind) in RedactionKind.allCases.enumerated() {
            work = work.replacingOccurrences(of: Self.placeholder(i), with: kind.token)
        }
        return (work, counts, glued)
    }

    /// A UTF-16 unit that leaves the text on either side of a redaction as it was for every
    /// rule: a space, a line break or common punctuation. (Another placeholder is not one.)
    static func separates(_ unit: unichar) -> Bool {
        switch unit {
        case 0x20, 0x09, 0x0A, 0x0D, 0x2C, 0x2E, 0x3B, 0x3A, 0x21, 0x3F, 0x28, 0x29, 0x22, 0x27, 0x5B, 0x5D: return true
        default: return false
        }
    }

    /// Whether the bytes hold a token (`[email]` ...) exactly.
    static func containsToken(_ utf8: String.UTF8View) -> Bool {
        guard utf8.contains(UInt8(ascii: "[")) else { return false }
        return utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            RedactionKind.allCases.contains { kind in
                let token = Array(kind.token.utf8)
                guard bytes.count >= token.count else { return false }
                for i in 0...(bytes.count - token.count) where bytes[i] == token[0] {
                    var j = 1
                    while j < token.count, bytes[i + j] == token[j] { j += 1 }
                    if j == token.count { return true }
                }
                return false
            }
        } ?? true
    }

    /// The placeholders of `text` swapped back for their tokens, on the bytes: the same as
    /// Foundation's `replacingOccurrences` of each placeholder when every placeholder stands
    /// between ASCII characters (or the ends of the text). Nil when one does not (Foundation
    /// compares whole characters, and a combining mark after a placeholder makes it part of
    /// another one): then Foundation swaps them.
    static func swapBack(_ text: String) -> String? {
        let swapped = text.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            let n = bytes.count
            var out: [UInt8] = []
            var copied = 0
            var i = 0
            // U+E000 is EE 80 80, U+E001 EE 80 81, U+E002 EE 80 82.
            func at(_ k: Int, _ last: UInt8) -> Bool { k + 2 < n && bytes[k] == 0xEE && bytes[k + 1] == 0x80 && bytes[k + 2] == last }
            while i < n {
                guard at(i, 0x80) else { i += 1; continue }
                var j = i + 3
                while at(j, 0x82) { j += 3 }
                let index = (j - i) / 3 - 2
                guard j > i + 3, index < RedactionKind.allCases.count, at(j, 0x81) else { i += 3; continue }
                let end = j + 3
                if (i > 0 && bytes[i - 1] >= 0x80) || (end < n && bytes[end] >= 0x80) { return nil }
                if out.isEmpty { out.reserveCapacity(n) }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<i]))
                out.append(contentsOf: RedactionKind.allCases[index].token.utf8)
                copied = end
                i = end
            }
            if copied == 0 { return text }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<n]))
            return String(decoding: out, as: UTF8.self)
        }
        return swapped ?? nil
    }

    /// Private-use characters standing for a token while the patterns run.
    static func placeholder(_ index: Int) -> String {
        "\u{E000}" + String(repeating: "\u{E002}", count: index + 1) + "\u{E001}"
    }

    // MARK: - Patterns

    private static func digits(_ s: String) -> Int { s.unicodeScalars.filter { ("0"..."9").contains($0) }.count }

    private static func digitValues(_ s: String) -> [Int] {
        s.unicodeScalars.compactMap { ("0"..."9").contains($0) ? Int($0.value) - 48 : nil }
    }

    /// The Luhn check of payment card numbers.
    static func passesLuhn(_ s: String) -> Bool {
        let d = digitValues(s)
        guard d.count >= 12 else { return false }
        var sum = 0
        for (i, v) in d.reversed().enumerated() { sum += i % 2 == 1 ? (v * 2 > 9 ? v * 2 - 9 : v * 2) : v }
        return sum % 10 == 0
    }

    /// The ISO 13616 check of an IBAN (mod 97 of the rearranged number is 1).
    static func passesIBANCheck(_ s: String) -> Bool {
        let chars = Array(s.uppercased().unicodeScalars.filter { $0 != " " && $0 != "-" })
        guard chars.count >= 15, chars.count <= 34 else { return false }
        var remainder = 0
        for c in chars[4...] + chars[..<4] {
            let v: Int
            if ("0"..."9").contains(c) { v = Int(c.value) - 48 } else if ("A"..."Z").contains(c) { v = Int(c.value) - 55 } else { return false }
            remainder = (v < 10 ? remainder * 10 + v : remainder * 100 + v) % 97
        }
        return remainder == 1
    }

    /// The check digit of a Thai national ID (13 digits).
    static func passesThaiIDCheck(_ s: String) -> Bool {
        let d = digitValues(s)
        guard d.count == 13 else { return false }
        let sum = (0..<12).reduce(0) { $0 + d[$1] * (13 - $1) }
        return (11 - sum % 11) % 10 == d[12]
    }

    /// The structure of an Indonesian NIK (16 digits): a province code, then the birth date
    /// (day plus 40 for women) and month.
    static func looksLikeNIK(_ s: String) -> Bool {
        let d = digitValues(s)
        guard d.count == 16 else { return false }
        let provinces: Set<Int> = [11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94]
        let day = d[6] * 10 + d[7], month = d[8] * 10 + d[9]
        return provinces.contains(d[0] * 10 + d[1]) && ((1...31).contains(day) || (41...71).contains(day)) && (1...12).contains(month)
    }

    /// UK postcode areas (the letters before the first digit), for telling postcodes from model numbers.
    private static let ukAreas = "AB|AL|B|BA|BB|BD|BF|BH|BL|BN|BR|BS|BT|BX|CA|CB|CF|CH|CM|CO|CR|CT|CV|CW|DA|DD|DE|DG|DH|DL|DN|DT|DY|E|EC|EH|EN|EX|FK|FY|G|GL|GU|GY|HA|HD|HG|HP|HR|HS|HU|HX|IG|IM|IP|IV|JE|KA|KT|KW|KY|L|LA|LD|LE|LL|LN|LS|LU|M|ME|MK|ML|N|NE|NG|NN|NP|NR|NW|OL|OX|PA|PE|PH|PL|PO|PR|RG|RH|RM|S|SA|SE|SG|SK|SL|SM|SN|SO|SP|SR|SS|ST|SW|SY|TA|TD|TF|TN|TQ|TR|TS|TW|UB|W|WA|WC|WD|WF|WN|WR|WS|WV|YO|ZE"
    private static let usStates = "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR"
    /// Labels after which a number names a product or a public registration, not a person.
    private static let productLabel = #"(?<!(?:EAN|UPC|GTIN|ISBN|SKU|BPOM|MD|ML|SP|FDA reg\.|reg\.|Halal|barcode|model|part no\.)[ :#]{1,2})"#

    /// Characters a link or path can continue with; trailing punctuation is trimmed by the
    /// pattern ending in a letter, digit or slash.
    private static let urlTail = #"(?:[^\s<>"'()\[\]{}\uE000-\uE0FF]*[A-Za-z0-9/_=#&%-])?"#
    static let tlds = "com|net|org|info|biz|io|co|me|ly|gl|gg|ee|app|dev|shop|store|online|site|link|xyz|id|th|vn|uk|us|sg|my|ph|au"

    private static let defaultRules: [Rule] = {
        var rules: [Rule] = []
        func add(_ kind: RedactionKind, _ pattern: String, caseInsensitive: Bool = true, group: Int = 0, after: RedactionKind? = nil,
                 accept: (@Sendable (String) -> Bool)? = nil, when gate: @escaping @Sendable (TextTraits) -> Bool) {
            let options: NSRegularExpression.Options = caseInsensitive ? [.caseInsensitive] : []
            func compiled(_ pattern: String) -> NSRegularExpression {
                do { return try NSRegularExpression(pattern: pattern, options: options) } catch {
                    preconditionFailure("invalid redaction pattern \(pattern): \(error)")
                }
            }
            let prefilter = pattern.hasPrefix(productLabel) ? compiled(String(pattern.dropFirst(productLabel.count))) : nil
            rules.append(Rule(kind: kind, regex: compiled(pattern), group: group, accept: accept ?? { _ in true }, checks: accept != nil, gate: gate,
                              prefilter: prefilter, after: after))
        }

        // E-mail addresses, before links so the domain is not counted twice.
        add(.email, #"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}"#, when: { $0.has("@") && $0.has(".") })

        // E-mail addresses written to dodge filters: "john [at] gmail [dot] com", "x (at) y.com",
        // "hoa @ gmail.com", and plain words only when both are words: "sarah at yahoo dot com"
        // (so "look at amazon.com" stays). Dot words: dot, titik (ID), chấm (VN), จุด (TH).
        let label = #"[A-Za-z0-9](?:[A-Za-z0-9_%+-]*[A-Za-z0-9])?"#
        let dotWord = #"(?:\s*[\[({<]\s*(?:dot|titik|chấm|จุด)\s*[\])}>]\s*|[ \t]+(?:dot|titik|chấm|จุด)[ \t]+)"#
        let anyDot = "(?:" + dotWord + #"|\.)"#
        let bracketAt = #"(?:\s*[\[({<]\s*at\s*[\])}>]\s*|[ \t]*@[ \t]+|[ \t]+@[ \t]*)"#
        add(.email, #"(?<![\w.+-])"# + label + "(?:" + anyDot + label + ")*" + bracketAt + label + "(?:" + anyDot + label + ")*" + anyDot + #"[A-Za-z]{2,6}\b"#, when: { ($0.has("@") || ($0.hasAny("[({<") && $0.folded(Words.at))) && ($0.has(".") || $0.folded(Words.dot)) })
        add(.email, #"(?<![\w.+-])"# + label + "(?:" + anyDot + label + ")*" + #"[ \t]+at[ \t]+"# + label + "(?:" + dotWord + label + ")*" + dotWord + #"[A-Za-z]{2,6}\b"#, when: { $0.folded(Words.at) && $0.folded(Words.dot) })

        // Links: with a scheme, starting with www., or a bare domain with a known ending
        // (bit.ly/x, shope.ee/x, tokopedia.link/x, shop.example.co.id).
        add(.url, #"\b(?:https?|ftp)://"# + urlTail, when: { $0.contains(Words.scheme) })
        add(.url, #"(?<![\w.@/-])www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"# + #"(?:[/?#]"# + urlTail + ")?", when: { $0.has(".") && $0.folded(Words.www) })
        add(.url, #"(?<![\w.@/-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+(?:"# + tlds + #")\b(?![.-]?\w)(?:[/?#]"# + urlTail + ")?", when: { $0.has(".") && (!$0.foldable || $0.dotLetter) && $0.folded(Words.dotTLD) })

        // IBANs (mod-97 checked), in groups of four or run together.
        add(.account, #"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b"#, caseInsensitive: false, accept: passesIBANCheck, when: { $0.upperPairDigit && $0.longestRun >= 2 })

        // National ID numbers. After a word naming them, any grouping of 8 to 18 digits:
        // NIK / KTP (ID), บัตรประชาชน (TH), CCCD / CMND / căn cước (VN), SSN (US).
        let idWords = #"(?:\bNIK|\bKTP|\bCCCD|\bCMND|\bcăn\s*cước(?:\s*công\s*dân)?|\bThai\s*ID|\bnational\s*ID|\bID\s*card|\bSSN|\bsocial(?:\s*security)?(?:\s*(?:number|no\.?))?|เลขบัตรประชาชน|เลขประจำตัวประชาชน|บัตรประชาชน|บัตร\s*ปชช\.?)"#
        add(.nationalID, idWords + #"[^\d\n\uE000]{0,12}?(?<![\w.,/:+-])(\d(?:[ -]?\d){7,17})(?![\w.,/:-]?\d)"#, group: 1, when: { $0.chain >= 8 && $0.folded(Words.nationalID) })
        // Payment cards: 13 to 19 digits starting 2-6, in any grouping, that pass the Luhn check.
        add(.card, productLabel + #"(?<![\w.,/:+-])[2-6]\d{3}(?:[ -]?\d{2,6}){1,5}(?![\w.,/:-]?\d)"#, accept: { (13...19).contains(digits($0)) && passesLuhn($0) }, when: { $0.chain >= 13 && $0.longestRun >= 4 })
        // Expiry dates (MM/YY, MM/YYYY) after an expiry word or a redacted card, and security codes.
        let expiryWords = #"(?:\bexp(?:iry|ires|ired|iration)?(?:\s*date)?|\bvalid\s*(?:thru|through|until|to)|\bmasa\s*berlaku|\bberlaku\s*(?:s/d|sampai)|\bhết\s*hạn|หมดอายุ|วันหมดอายุ)"#
        add(.card, expiryWords + #"\.?\s*:?\s*((?:0[1-9]|1[0-2])\s?/\s?(?:20)?\d{2})(?![\d/])"#, group: 1, when: { $0.has("/") && $0.digits >= 4 && $0.folded(Words.expiry) })
        let cardToken = placeholder(RedactionKind.allCases.firstIndex(of: .card) ?? 0)
        add(.card, cardToken + #"\s*[,;]?\s*((?:0[1-9]|1[0-2])/(?:20)?\d{2})(?![\d/])"#, group: 1, after: .card, when: { $0.has("/") && $0.digits >= 4 })
        add(.card, #"\b(?:CVV2?|CVC2?|CSC|CID|sec(?:urity)?\s*code)\s*(?:nya|:)?\s*(\d{3,4})\b"#, group: 1, when: { $0.longestRun >= 3 && $0.folded(Words.securityCode) })

        // Without a word: Thai IDs (1-4-5-2-1, check digit), NIKs (structure), SSNs, NI numbers.
        add(.nationalID, productLabel + #"(?<![\w.,/:+-])\d[ -]?\d{4}[ -]?\d{5}[ -]?\d{2}[ -]?\d(?![\w.,/:-]?\d)"#, accept: passesThaiIDCheck, when: { $0.chain >= 13 && $0.longestRun >= 5 })
        add(.nationalID, productLabel + #"(?<![\w.,/:+-])\d{4}[ -]?\d{4}[ -]?\d{4}[ -]?\d{4}(?![\w.,/:-]?\d)"#, accept: looksLikeNIK, when: { $0.chain >= 16 && $0.longestRun >= 4 })
        add(.nationalID, #"(?<![\w.,/:+-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\w.,/:-]?\d)"#, when: { $0.has("-") && $0.chain >= 9 && $0.longestRun >= 4 })
        add(.nationalID, #"\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b"#, caseInsensitive: false, when: { $0.upperPairDigit && $0.chain >= 6 })

        // Order, payment and tracking numbers, before phone numbers: a 13-digit waybill
        // after "JNE" is a parcel, not a phone.
        add(.orderID, #"\bINV(?:OICE)?/[A-Z0-9]+(?:/[A-Z0-9]+)+"#, when: { $0.has("/") && $0.folded(Words.invoice) })
        add(.orderID, #"\b(?:TXN|TRX|TRANS|ORD|PAY|REF)[-_#]?(?=[A-Z]*\d)[A-Z0-9]{6,}\b"#, when: { $0.digits >= 1 && $0.folded(Words.paymentPrefix) })
        add(.orderID, #"\b(?:order|pesanan|invoice|đơn hàng|mã đơn)\s*(?:#|no\.?|number|id|nr\.?)\s*:?\s*((?=[A-Z/-]*\d)[A-Z0-9][A-Z0-9/-]{4,}[A-Z0-9])"#, group: 1, when: { $0.digits >= 1 && $0.folded(Words.order) })
        add(.orderID, #"\b(?:resi|no\.?\s*resi|AWB|waybill|tracking(?:\s*(?:no\.?|number|code|id|#))?|mã vận đơn|JNE|J&T|JNT|SiCepat|AnterAja|SPX|Kerry|Flash|Ninja\s*Van|GHN|GHTK|Viettel\s*Post|Royal\s*Mail|Evri|DPD|UPS|USPS|FedEx)(?:\s*[:#]\s*|\s+)((?=[A-Z]*\d)[A-Z0-9]{8,30})\b"#, group: 1, when: { $0.digits >= 1 && $0.folded(Words.courier) })
        // Courier codes on their own: letters then at least 9 digits (SPXID012345678, TH0123456789X).
        add(.orderID, productLabel + #"\b[A-Z]{2,6}\d{9,}[A-Z]{0,2}\b"#, caseInsensitive: false, when: { $0.longestRun >= 9 })

        // Phone numbers. International (+62 812-3456-7890, +44 7700 900123, +84 912 345 678),
        // US ((555) 010-4477, 555-010-4477), then national numbers starting with 0
        // (0812 3456 7890, 081-234-5678, 0912.345.678, 07700 900123, 02 123 4567).
        // Too short is not a phone; too long is still redacted (leaking is worse than a lost word).
        let phoneDigits: @Sendable (String) -> Bool = { digits($0) >= 9 }
        add(.phone, #"(?<![\w+])\+\d{1,3}[ .-]?(?:\(0?\d{1,4}\)[ .-]?)?\d{1,5}(?:[ .-]?\d{2,5}){1,4}(?![\w.,/:-]?\d)"#, accept: { digits($0) >= 8 }, when: { $0.has("+") && $0.digits >= 8 })
        add(.phone, #"(?<![\w)-])\(\d{3}\)[ .-]?\d{3}[ .-]\d{4}\b"#, when: { $0.has("(") && $0.digits >= 10 })
        // Area codes in brackets: (021) 5550 1234 (ID), (028) 3822 1234 (VN), (0161) 496 0123 (UK).
        add(.phone, #"(?<![\w)-])\(0\d{1,4}\)[ .-]?\d{3,5}[ .-]?\d{3,5}(?![\w.,/:-]?\d)"#, when: { $0.has("(") && $0.digits >= 8 })
        add(.phone, #"(?<![\w.,/:-])\d{3}([-.])\d{3}\1\d{4}(?![\w.,/:-]?\d)"#, when: { ($0.has("-") || $0.has(".")) && $0.chain >= 10 })
        add(.phone, productLabel + #"(?<![\w.,/:+-])0\d{1,4}(?:[ .-]?\d{2,5}){1,3}(?![\w.,/:-]?\d)"#, accept: phoneDigits, when: { $0.has("0") && $0.chain >= 9 })

        // Remaining long digit runs: bank accounts, payment references, waybills.
        add(.orderID, productLabel + #"(?<![\w.,/:+-])\d{10,}(?![\w.,/:-]?\d)"#, when: { $0.longestRun >= 10 })

        // Bank accounts: sort codes, numbers after an account word, and 10 to 20 digits in
        // groups of three to six (1234 5678 9012); thousands (1 250 000) have a short first group.
        add(.account, #"\bsort\s*code\s*:?\s*(\d{2}[- ]?\d{2}[- ]?\d{2})\b"#, group: 1, when: { $0.chain >= 6 && $0.folded(Words.sortCode) })
        let accountWords = #"(?:\b(?:rekening|rek|no\.?\s*rek|acc(?:ount)?|acct|a/c|STK|số\s*tài\s*khoản|tài\s*khoản)\b|เลขที่บัญชี|บัญชี)"#
        add(.account, accountWords + #"[^\d\n\uE000]{0,20}?(?<![\w.,/:+-])(\d(?:[ -]?\d){5,19})(?![\w.,/:-]?\d)"#, group: 1, when: { $0.chain >= 6 && $0.folded(Words.account) })
        add(.account, productLabel + #"(?<![\w.,/:+-])[1-9]\d{2,5}(?:[ -]\d{3,6}){2,4}(?![\w.,/:-]?\d)"#, accept: { (10...20).contains(digits($0)) }, when: { $0.chain >= 10 })

        // Contact handles: @name, and names after a messaging app ("Line ID: shopdee88",
        // "IG: toko.bagus", "WA tokobagus_ori"). Without a colon the name must contain a
        // digit, dot or underscore, so "WhatsApp for a cheaper price" stays.
        add(.handle, #"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?"#, when: { $0.has("@") })
        let apps = #"(?:Line\s*ID|LINE|Line|IG|Insta(?:gram)?|WA|WhatsApp|Zalo|Telegram|TG|WeChat|Kakao(?:Talk)?|Viber|Signal|Snap(?:chat)?|TikTok|FB|Facebook|Messenger)"#
        add(.handle, #"\b"# + apps + #"\s*:\s*([A-Za-z0-9_][A-Za-z0-9._-]*[A-Za-z0-9_])"#, caseInsensitive: false, group: 1, when: { $0.has(":") && $0.contains(Words.apps) })
        add(.handle, #"\b"# + apps + #"\s+((?=[A-Za-z-]*[0-9_.])[A-Za-z0-9_][A-Za-z0-9._-]*[A-Za-z0-9_])"#, caseInsensitive: false, group: 1, when: { ($0.digits >= 1 || $0.has("_") || $0.has(".")) && $0.contains(Words.apps) })

        // Street addresses, as far as patterns allow.
        // Indonesia: "Jl. Melati No. 12", "Jalan Kenanga No. 5 RT 03/RW 02".
        add(.address, #"\b(?:Jl|Jln|Jalan)\.?[ \t]+[\p{L}\p{M}\p{N}.' -]{1,50}?[ \t]*No\.?[ \t]*\d+[A-Za-z]?(?:[ \t]*,?[ \t]*RT\.?[ \t]*\d+(?:[ \t]*/[ \t]*RW\.?[ \t]*\d+)?)?"#, caseInsensitive: false, when: { $0.digits >= 1 && $0.contains(Words.jalan) && $0.contains(Words.no) })
        add(.address, #"\b(?:Jl|Jln|Jalan)\.?[ \t]+\p{Lu}[\p{L}\p{M}]*(?:[ \t]+\p{Lu}[\p{L}\p{M}]*)*"#, caseInsensitive: false, when: { $0.contains(Words.jalan) })
        // Thailand: "123/45 Moo 6 Sukhumvit Rd", "Soi Sukhumvit 11", "ถนนสุขุมวิท", "หมู่ 6".
        add(.address, #"\b\d+(?:/\d+)?,?[ \t]+(?:Moo|M\.)[ \t]*\d+(?:,?[ \t]+Soi[ \t]+[\p{L}\p{M}\p{N}]+(?:[ \t]+\d+)?)?(?:,?[ \t]+\p{Lu}[\p{L}\p{M}]*(?:[ \t]+\p{Lu}[\p{L}\p{M}]*)*[ \t]+(?:Road|Rd)\b\.?)?"#, caseInsensitive: false, when: { $0.digits >= 2 && $0.contains(Words.mooLatin) })
        add(.address, #"\bSoi[ \t]+[\p{L}\p{M}\p{N}]+(?:[ \t]+\d+)?"#, caseInsensitive: false, when: { $0.contains(Words.soi) })
        // Thai abbreviations (ม. ซ. ถ.) count only as words of their own, not inside กทม.
        add(.address, #"(?:\d+(?:/\d+)?[ \t]*)?(?:หมู่(?:ที่)?|(?<![\p{L}\p{M}])ม\.)[ \t]*\d+"#, when: { $0.digits >= 1 && $0.folded(Words.moo) })
        add(.address, #"(?:\d+(?:/\d+)?[ \t]*)?(?:ซอย|(?<![\p{L}\p{M}])ซ\.)[ \t]*[^\s,\uE000-\uE0FF]+(?:[ \t]+\d+(?:/\d+)?(?![\d,.]))?"#, when: { $0.folded(Words.soiThai) })
        add(.address, #"(?:\d+(?:/\d+)?[ \t]*)?(?:ถนน|(?<![\p{L}\p{M}])ถ\.)[ \t]*[^\s,\uE000-\uE0FF]+"#, when: { $0.folded(Words.road) })
        // Vietnam: "45 Nguyễn Trãi, Quận 1", "12 đường Lê Lợi", "đường Nguyễn Huệ, phường Bến Nghé".
        let vnArea = #"(?:,?[ \t]*(?:[Pp]hường|P\.|[Qq]uận|Q\.|[Xx]ã|[Hh]uyện)[ \t]*(?:\d+|\p{Lu}[\p{L}\p{M}]*(?:[ \t]+\p{Lu}[\p{L}\p{M}]*)*))"#
        add(.address, #"\b(?:[Ss]ố[ \t]*)?\d+[A-Za-z]?(?:/\d+)*[ \t]+(?:[Đđ]ường[ \t]+)?\p{Lu}[\p{L}\p{M}]*(?:[ \t]+\p{Lu}[\p{L}\p{M}]*){0,4}"# + vnArea + "+", caseInsensitive: false, when: { $0.digits >= 1 && $0.contains(Words.vnArea) })
        add(.address, #"(?:\b(?:[Ss]ố[ \t]*)?\d+[A-Za-z]?(?:/\d+)*[ \t]+)?[Đđ]ường[ \t]+\p{Lu}[\p{L}\p{M}]*(?:[ \t]+\p{Lu}[\p{L}\p{M}]*){0,4}"# + vnArea + "*", caseInsensitive: false, when: { $0.contains(Words.duong) })
        // English: "221B Baker Street", "1234 Example Ave", "10 Downing St".
        add(.address, #"\b\d{1,5}[A-Za-z]?(?:[/-]\d+)?[ \t]+(?:\p{Lu}[\p{L}\p{M}'-]*[ \t]+){1,4}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Close|Crescent|Terrace|Place|Court|Highway|Hwy)\b\.?"#, caseInsensitive: false, when: { $0.digits >= 1 && $0.contains(Words.street) })

        // Postcodes and postal codes. UK postcodes by their shape and area letters (not "M2 1TB",
        // a storage size); five- and six-digit codes (US ZIP, ID, TH, VN) only in address context:
        // after a US state abbreviation, a postcode word, a redacted street address, or a district,
        // province or city word, so prices, counts and item numbers stay.
        add(.postcode, #"(?<![\w-])(?:GIR ?0AA|(?:"# + ukAreas + #")\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})(?![\w-])"#, caseInsensitive: false,
            accept: { !$0.hasSuffix("TB") && !$0.hasSuffix("GB") }, when: { $0.upperDigit })
        add(.postcode, #"\b(?:"# + usStates + #")\.?,?[ \t]+(\d{5}(?:-\d{4})?)(?![\w-])"#, caseInsensitive: false, group: 1, when: { $0.upperPairSpaceDigit && $0.longestRun >= 5 })
        add(.postcode, #"\b(?:zip(?:\s*code)?|post\s*code|postal\s*code|kode\s*pos|mã\s*bưu\s*(?:chính|điện))(?:\s+is)?\s*:?\s*(\d{5,6}(?:-\d{4})?)(?![\w-])"#, group: 1, when: { $0.longestRun >= 5 && $0.folded(Words.postcode) })
        add(.postcode, #"(?:รหัสไปรษณีย์)\s*:?\s*(\d{5})(?!\d)"#, group: 1, when: { $0.longestRun >= 5 && $0.folded(Words.thaiPostcode) })
        let addressToken = placeholder(RedactionKind.allCases.firstIndex(of: .address) ?? 0)
        add(.postcode, addressToken + #"[^\n\uE000]{0,60}?(?<![\w.,/:+-])(\d{5,6}(?:-\d{4})?)(?![\w.,/:-]?\d)"#, group: 1, after: .address, when: { $0.longestRun >= 5 })
        let areaWords = #"(?:\b(?:Kec|Kab|Kel|Prov)\.|\b(?:Kecamatan|Kabupaten|Kelurahan|Kota|Provinsi|Jakarta\s+(?:Selatan|Utara|Barat|Timur|Pusat)|Jawa\s+(?:Barat|Tengah|Timur)|Khet|Khwaeng|Amphoe|Tambon|Changwat|Province|District|Phường|Quận|Huyện|Tỉnh|Thành\s*phố)\b|เขต|แขวง|อำเภอ|ตำบล|จังหวัด|(?<![\p{L}\p{M}])[ตอจ]\.)"#
        add(.postcode, areaWords + #"[^\n\uE000]{0,40}?(?<![\w.,/:+-])(\d{5,6})(?![\w.,/:-]?\d)"#, group: 1, when: { $0.longestRun >= 5 && $0.folded(Words.area) })
        return rules
    }()
}
