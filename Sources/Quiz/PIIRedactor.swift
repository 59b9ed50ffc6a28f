import Foundation

/// A kind of personal data the importer removes from case text.
public enum RedactionKind: String, Sendable, Hashable, CaseIterable {
    case email, phone, url, handle
    case orderID = "order-id"
    case address

    /// The token that replaces a redacted piece of text, e.g. `[phone]`.
    public var token: String { "[\(rawValue)]" }
}

/// How many pieces of each kind were redacted.
public struct RedactionCounts: Sendable, Hashable, CustomStringConvertible {
    private var counts: [RedactionKind: Int] = [:]

    public init() {}

    public subscript(kind: RedactionKind) -> Int {
        get { counts[kind] ?? 0 }
        set { counts[kind] = newValue == 0 ? nil : newValue }
    }

    /// All redactions of every kind.
    public var total: Int { counts.values.reduce(0, +) }

    public static func + (a: RedactionCounts, b: RedactionCounts) -> RedactionCounts {
        var sum = a
        for kind in RedactionKind.allCases { sum[kind] += b[kind] }
        return sum
    }

    public static func += (a: inout RedactionCounts, b: RedactionCounts) { a = a + b }

    /// `1 email, 2 phone, 1 url` in a fixed order, or `nothing` when empty.
    public var description: String {
        let parts = RedactionKind.allCases.filter { self[$0] > 0 }.map { "\(self[$0]) \($0.rawValue)" }
        return parts.isEmpty ? "nothing" : parts.joined(separator: ", ")
    }
}

/// Replaces personal data in free text (e-mail addresses, phone numbers, links, contact
/// handles, order and tracking numbers, street addresses) with tokens such as `[email]`.
///
/// Patterns run in a fixed order, most specific first, so an e-mail address is not also
/// counted as a link. Prices (`Rp 185.000`, `฿1,290`, `450.000đ`, `£24.99`), policy codes,
/// dates, times and small numbers do not match. Text already redacted is left as it is, so
/// redacting twice gives the same text and counts nothing the second time.
public struct PIIRedactor: Sendable {
    struct Rule: Sendable {
        var kind: RedactionKind
        var regex: NSRegularExpression
        /// Capture group to replace; 0 replaces the whole match (keywords such as
        /// "resi" or "Line ID:" stay, only the number or name after them goes).
        var group: Int
        /// Extra check on the matched text, e.g. how many digits a phone number has.
        var accept: @Sendable (String) -> Bool
    }

    let rules: [Rule]

    public init() {
        rules = Self.defaultRules
    }

    /// Redacts `text` and counts what was replaced, by kind.
    public func redact(_ text: String) -> (text: String, counts: RedactionCounts) {
        // Tokens already in the text are swapped for private-use characters that no pattern
        // matches, and swapped back at the end: this is what makes redaction idempotent.
        var work = text
        for (i, kind) in RedactionKind.allCases.enumerated() {
            work = work.replacingOccurrences(of: kind.token, with: Self.placeholder(i))
        }
        var counts = RedactionCounts()
        for rule in rules {
            let ns = work as NSString
            var pieces: [(NSRange, Bool)] = []
            for match in rule.regex.matches(in: work, range: NSRange(location: 0, length: ns.length)) {
                let range = match.range(at: rule.group)
                guard range.location != NSNotFound, range.length > 0 else { continue }
                pieces.append((range, rule.accept(ns.substring(with: match.range))))
            }
            guard pieces.contains(where: { $0.1 }) else { continue }
            let placeholder = Self.placeholder(RedactionKind.allCases.firstIndex(of: rule.kind) ?? 0)
            let out = NSMutableString(string: work)
            for (range, accepted) in pieces.reversed() where accepted {
                out.replaceCharacters(in: range, with: placeholder)
                counts[rule.kind] += 1
            }
            work = out as String
        }
        for (i, kind) in RedactionKind.allCases.enumerated() {
            work = work.replacingOccurrences(of: Self.placeholder(i), with: kind.token)
        }
        return (work, counts)
    }

    /// Private-use characters standing for a token while the patterns run.
    private static func placeholder(_ index: Int) -> String {
        "\u{E000}" + String(repeating: "\u{E002}", count: index + 1) + "\u{E001}"
    }

    // MARK: - Patterns

    private static func digits(_ s: String) -> Int { s.unicodeScalars.filter { ("0"..."9").contains($0) }.count }

    /// Characters a link or path can continue with; trailing punctuation is trimmed by the
    /// pattern ending in a letter, digit or slash.
    private static let urlTail = #"(?:[^\s<>"'()\[\]{}\uE000-\uE0FF]*[A-Za-z0-9/_=#&%-])?"#
    private static let tlds = "com|net|org|info|biz|io|co|me|ly|gl|gg|ee|app|dev|shop|store|online|site|link|xyz|id|th|vn|uk|us|sg|my|ph|au"

    private static let defaultRules: [Rule] = {
        var rules: [Rule] = []
        func add(_ kind: RedactionKind, _ pattern: String, caseInsensitive: Bool = true, group: Int = 0,
                 accept: @escaping @Sendable (String) -> Bool = { _ in true }) {
            do {
                let regex = try NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : [])
                rules.append(Rule(kind: kind, regex: regex, group: group, accept: accept))
            } catch {
                preconditionFailure("invalid redaction pattern \(pattern): \(error)")
            }
        }

        // E-mail addresses, before links so the domain is not counted twice.
        add(.email, #"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}"#)

        // Links: with a scheme, starting with www., or a bare domain with a known ending
        // (bit.ly/x, shope.ee/x, tokopedia.link/x, shop.example.co.id).
        add(.url, #"\b(?:https?|ftp)://"# + urlTail)
        add(.url, #"(?<![\w.@/-])www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"# + #"(?:[/?#]"# + urlTail + ")?")
        add(.url, #"(?<![\w.@/-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+(?:"# + tlds + #")\b(?![.-]?\w)(?:[/?#]"# + urlTail + ")?")

        // Order, payment and tracking numbers, before phone numbers: a 13-digit waybill
        // after "JNE" is a parcel, not a phone.
        add(.orderID, #"\bINV(?:OICE)?/[A-Z0-9]+(?:/[A-Z0-9]+)+"#)
        add(.orderID, #"\b(?:TXN|TRX|TRANS|ORD|PAY|REF)[-_#]?(?=[A-Z]*\d)[A-Z0-9]{6,}\b"#)
        add(.orderID, #"\b(?:order|pesanan|invoice|đơn hàng|mã đơn)\s*(?:#|no\.?|number|id|nr\.?)\s*:?\s*((?=[A-Z/-]*\d)[A-Z0-9][A-Z0-9/-]{4,}[A-Z0-9])"#, group: 1)
        add(.orderID, #"\b(?:resi|no\.?\s*resi|AWB|waybill|tracking(?:\s*(?:no\.?|number|code|id|#))?|mã vận đơn|JNE|J&T|JNT|SiCepat|AnterAja|SPX|Kerry|Flash|Ninja\s*Van|GHN|GHTK|Viettel\s*Post|Royal\s*Mail|Evri|DPD|UPS|USPS|FedEx)(?:\s*[:#]\s*|\s+)((?=[A-Z]*\d)[A-Z0-9]{8,30})\b"#, group: 1)
        // Courier codes on their own: letters then at least 9 digits (SPXID012345678, TH0123456789X).
        add(.orderID, #"\b[A-Z]{2,6}\d{9,}[A-Z]{0,2}\b"#, caseInsensitive: false)

        // Phone numbers. International (+62 812-3456-7890, +44 7700 900123, +84 912 345 678),
        // US ((555) 010-4477, 555-010-4477), then national numbers starting with 0
        // (0812 3456 7890, 081-234-5678, 0912.345.678, 07700 900123, 02 123 4567).
        // Too short is not a phone; too long is still redacted (leaking is worse than a lost word).
        let phoneDigits: @Sendable (String) -> Bool = { digits($0) >= 9 }
        add(.phone, #"(?<![\w+])\+\d{1,3}[ .-]?(?:\(0?\d{1,4}\)[ .-]?)?\d{1,5}(?:[ .-]?\d{2,5}){1,4}(?![\w.,/:-]?\d)"#, accept: { digits($0) >= 8 })
        add(.phone, #"(?<![\w)-])\(\d{3}\)[ .-]?\d{3}[ .-]\d{4}\b"#)
        add(.phone, #"(?<![\w.,/:-])\d{3}([-.])\d{3}\1\d{4}(?![\w.,/:-]?\d)"#)
        add(.phone, #"(?<![\w.,/:+-])0\d{1,4}(?:[ .-]?\d{2,5}){1,3}(?![\w.,/:-]?\d)"#, accept: phoneDigits)

        // Remaining long digit runs: bank accounts, payment references, waybills.
        add(.orderID, #"(?<![\w.,/:+-])\d{10,}(?![\w.,/:-]?\d)"#)

        // Contact handles: @name, and names after a messaging app ("Line ID: shopdee88",
        // "IG: toko.bagus", "WA tokobagus_ori"). Without a colon the name must contain a
        // digit, dot or underscore, so "WhatsApp for a cheaper price" stays.
        add(.handle, #"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?"#)
        let apps = #"(?:Line\s*ID|LINE|Line|IG|Insta(?:gram)?|WA|WhatsApp|Zalo|Telegram|TG|WeChat|Kakao(?:Talk)?|Viber|Signal|Snap(?:chat)?|TikTok|FB|Facebook|Messenger)"#
        add(.handle, #"\b"# + apps + #"\s*:\s*([A-Za-z0-9_][A-Za-z0-9._-]*[A-Za-z0-9_])"#, caseInsensitive: false, group: 1)
        add(.handle, #"\b"# + apps + #"\s+((?=[A-Za-z-]*[0-9_.])[A-Za-z0-9_][A-Za-z0-9._-]*[A-Za-z0-9_])"#, caseInsensitive: false, group: 1)

        // Street addresses, as far as patterns allow.
        // Indonesia: "Jl. Melati No. 12", "Jalan Kenanga No. 5 RT 03/RW 02".
        add(.address, #"\b(?:Jl|Jln|Jalan)\.?[ \t]+[\p{L}\p{M}\p{N}.' -]{1,50}?[ \t]*No\.?[ \t]*\d+[A-Za-z]?(?:[ \t]*,?[ \t]*RT\.?[ \t]*\d+(?:[ \t]*/[ \t]*RW\.?[ \t]*\d+)?)?"#, caseInsensitive: false)
        add(.address, #"\b(?:Jl|Jln|Jalan)\.?[ \t]+\p{Lu}[\p{L}\p{M}]*(?:[ \t]+\p{Lu}[\p{L}\p{M}]*)*"#, caseInsensitive: false)
        // Thailand: "123/45 Moo 6 Sukhumvit Rd", "Soi Sukhumvit 11", "ถนนสุขุมวิท", "หมู่ 6".
        add(.address, #"\b\d+(?:/\d+)?,?[ \t]+(?:Moo|M\.)[ \t]*\d+(?:,?[ \t]+Soi[ \t]+[\p{L}\p{M}\p{N}]+(?:[ \t]+\d+)?)?(?:,?[ \t]+\p{Lu}[\p{L}\p{M}]*(?:[ \t]+\p{Lu}[\p{L}\p{M}]*)*[ \t]+(?:Road|Rd)\b\.?)?"#, caseInsensitive: false)
        add(.address, #"\bSoi[ \t]+[\p{L}\p{M}\p{N}]+(?:[ \t]+\d+)?"#, caseInsensitive: false)
        // Thai abbreviations (ม. ซ. ถ.) count only as words of their own, not inside กทม.
        add(.address, #"(?:\d+(?:/\d+)?[ \t]*)?(?:หมู่(?:ที่)?|(?<![\p{L}\p{M}])ม\.)[ \t]*\d+"#)
        add(.address, #"(?:\d+(?:/\d+)?[ \t]*)?(?:ซอย|(?<![\p{L}\p{M}])ซ\.)[ \t]*[^\s,\uE000-\uE0FF]+"#)
        add(.address, #"(?:\d+(?:/\d+)?[ \t]*)?(?:ถนน|(?<![\p{L}\p{M}])ถ\.)[ \t]*[^\s,\uE000-\uE0FF]+"#)
        // Vietnam: "45 Nguyễn Trãi, Quận 1", "12 đường Lê Lợi", "đường Nguyễn Huệ, phường Bến Nghé".
        let vnArea = #"(?:,?[ \t]*(?:[Pp]hường|P\.|[Qq]uận|Q\.|[Xx]ã|[Hh]uyện)[ \t]*(?:\d+|\p{Lu}[\p{L}\p{M}]*(?:[ \t]+\p{Lu}[\p{L}\p{M}]*)*))"#
        add(.address, #"\b(?:[Ss]ố[ \t]*)?\d+[A-Za-z]?(?:/\d+)*[ \t]+(?:[Đđ]ường[ \t]+)?\p{Lu}[\p{L}\p{M}]*(?:[ \t]+\p{Lu}[\p{L}\p{M}]*){0,4}"# + vnArea + "+", caseInsensitive: false)
        add(.address, #"(?:\b(?:[Ss]ố[ \t]*)?\d+[A-Za-z]?(?:/\d+)*[ \t]+)?[Đđ]ường[ \t]+\p{Lu}[\p{L}\p{M}]*(?:[ \t]+\p{Lu}[\p{L}\p{M}]*){0,4}"# + vnArea + "*", caseInsensitive: false)
        // English: "221B Baker Street", "1234 Example Ave", "10 Downing St".
        add(.address, #"\b\d{1,5}[A-Za-z]?(?:[/-]\d+)?[ \t]+(?:\p{Lu}[\p{L}\p{M}'-]*[ \t]+){1,4}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Close|Crescent|Terrace|Place|Court|Highway|Hwy)\b\.?"#, caseInsensitive: false)
        return rules
    }()
}
