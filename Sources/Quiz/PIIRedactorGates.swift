import Foundation

// The cheap checks that let `PIIRedactor` skip patterns that cannot match a text: most case
// texts and comments hold no personal data, and running some fifty regular expressions on
// each of two million texts is what made a million-row import take minutes.
//
// Every gate is a necessary condition drawn from its pattern: characters the pattern
// requires literally ("@", "://", "+"), how many decimal digits it needs (in a row, or at
// all when its check counts them), and keywords it cannot match without. The traits are
// counted on the text before redaction; redaction only replaces pieces with private-use
// placeholders, so any run of other characters in the text a pattern sees was already in
// that text, and the counts can only fall.
//
// Traps kept in mind: `\d` matches every Unicode decimal digit (Thai ๑, full-width １), not
// only 0-9. A case-insensitive pattern in ICU compares case-folded text, fully folded: the
// long s "ſ" matches "s", "ﬆ" matches "st", the Kelvin sign matches "k", "ẞ" matches "ss".
// So case-insensitive keywords are looked for in the text with ASCII capitals lowered, and
// only when no other character of the text changes when case-folded (Thai never does, nor
// does lower-case Vietnamese); otherwise every such gate stays open. Case-sensitive keywords
// match code points exactly. ICU is not asked for canonical equivalence, so a decomposed
// "ấ" does not match a composed one.

/// What a text contains, counted once before the patterns run.
struct TextTraits: Sendable {
    /// Every character is ASCII.
    private(set) var ascii = true
    /// No character other than ASCII capitals changes when case-folded (nor is one unknown
    /// to Swift's Unicode tables): case-insensitive keywords can be looked for in `lowered`.
    private(set) var foldable = true
    /// Decimal digits (anything `\d` may match), in all and the longest run.
    private(set) var digits = 0
    private(set) var longestRun = 0
    /// The most digits in a row when one space, "-" or "." may stand between two of them
    /// ("0812 3456 7890" has 12, "12 - 34" has 2 and 2): phone, card, ID and account
    /// patterns separate their digit groups by at most one of those.
    private(set) var chain = 0
    /// Two ASCII capitals in a row.
    private(set) var upperPair = false
    /// An ASCII capital then a digit, with at most one space between ("SW1", "GIR 0").
    private(set) var upperDigit = false
    /// Two ASCII capitals then a digit, with at most one space between ("AB12", "QQ 12").
    private(set) var upperPairDigit = false
    /// A "." followed by an ASCII letter (a domain ending).
    private(set) var dotLetter = false
    /// Two ASCII capitals, then optionally "." and ",", then spaces or tabs and a digit
    /// ("TX 78701", "CA., 9"): a US state before a ZIP code.
    private(set) var upperPairSpaceDigit = false
    /// U+E000, the first character of every placeholder, is in the text as given.
    private(set) var privateUse = false
    /// ASCII characters present: bit c of `present[c >> 6]`.
    private var present: (UInt64, UInt64) = (0, 0)
    /// The text as UTF-8, and the same with ASCII capitals lowered.
    private let bytes: [UInt8]
    private let lowered: [UInt8]
    /// The pairs of adjacent bytes of `lowered`, hashed to one of 512 bits: a keyword is
    /// searched for only when every pair of its (lowered) bytes is here.
    private var pairs = SIMD8<UInt64>(repeating: 0)

    init(_ text: String) {
        var bytes = Array(text.utf8)
        var run = 0
        // The digits of the current chain; whether the previous character was a digit, or a
        // separator right after a digit.
        var chainRun = 0
        var afterDigit = false, afterSeparator = false
        // Whether the previous one, two and three characters were capitals; the previous character.
        var up1 = false, up2 = false, up3 = false
        var previous: UInt32 = 0
        // After two capitals: 1 right after them, 2 then ".", 3 then ",", 4 then spaces or tabs.
        var zip = 0
        // The previous byte, ASCII capitals lowered: the pairs of adjacent bytes are hashed as
        // the text is read (the same pairs as over `lowered`).
        var previousByte: UInt8 = 0
        var capitals = false
        let count = bytes.count
        do {
            let b = bytes
            var i = 0
            while i < count {
                // The scalar at `i` (the text is valid UTF-8), and the pairs of its bytes.
                let lead = b[i]
                let v: UInt32
                let isDigit: Bool
                if lead < 0x80 {
                    v = UInt32(lead)
                    if v < 64 { present.0 |= 1 << UInt64(v) } else { present.1 |= 1 << UInt64(v - 64) }
                    isDigit = v >= 0x30 && v <= 0x39
                    let low = Self.lower(lead)
                    if low != lead { capitals = true }
                    if i > 0 { Self.addPair(&pairs, previousByte, low) }
                    previousByte = low
                    i += 1
                } else {
                    ascii = false
                    let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
                    var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
                    for k in 0..<length {
                        let byte = b[i + k]
                        if k > 0 { value = value << 6 | UInt32(byte & 0x3F) }
                        if i + k > 0 { Self.addPair(&pairs, previousByte, byte) }
                        previousByte = byte
                    }
                    v = value
                    i += length
                    if v == 0xE000 { privateUse = true }
                    let traits = Self.nonASCII(v)
                    isDigit = traits & Self.digitBit != 0
                    if traits & Self.foldsBit != 0 { foldable = false }
                }
                let isUpper = v >= 0x41 && v <= 0x5A
                if isDigit {
                    digits += 1
                    run += 1
                    if run > longestRun { longestRun = run }
                    chainRun = afterDigit || afterSeparator ? chainRun + 1 : 1
                    if chainRun > chain { chain = chainRun }
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
                if isUpper && up1 {
                    zip = 1
                } else if v == 0x2E && zip == 1 {
                    zip = 2
                } else if v == 0x2C && (zip == 1 || zip == 2) {
                    zip = 3
                } else if (v == 0x20 || v == 0x09) && zip >= 1 {
                    zip = 4
                } else {
                    zip = 0
                }
                if isUpper && up1 { upperPair = true }
                if previous == 0x2E && ((v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)) { dotLetter = true }
                up3 = up2
                up2 = up1
                up1 = isUpper
                previous = v
            }
        }
        self.bytes = bytes
        // Without ASCII capitals the lowered text is the text (one buffer for both).
        if capitals {
            for i in 0..<bytes.count { bytes[i] = Self.lower(bytes[i]) }
        }
        lowered = bytes
    }

    private static let digitBit: UInt8 = 1, foldsBit: UInt8 = 2

    /// For a scalar beyond ASCII: `digitBit` when `\d` may match it (a decimal digit, or
    /// unassigned: ICU's Unicode tables may be newer than Swift's), `foldsBit` when it
    /// changes when case-folded (or is unassigned). The Basic Multilingual Plane from a
    /// table made once; other planes looked up each time.
    private static func nonASCII(_ v: UInt32) -> UInt8 {
        if v < 0x10000 { return bmp[Int(v)] }
        return Unicode.Scalar(v).map(properties) ?? 0
    }

    private static func properties(_ scalar: Unicode.Scalar) -> UInt8 {
        let p = scalar.properties
        let category = p.generalCategory
        var traits: UInt8 = 0
        if category == .decimalNumber || category == .unassigned { traits |= digitBit }
        if category == .unassigned || p.changesWhenCaseFolded { traits |= foldsBit }
        return traits
    }

    private static let bmp: [UInt8] = (0..<0x10000).map { v in
        v < 0x80 ? 0 : Unicode.Scalar(UInt32(v)).map(properties) ?? 0
    }

    private static func addPair(_ pairs: inout SIMD8<UInt64>, _ a: UInt8, _ b: UInt8) {
        let h = pairHash(a, b)
        pairs[h >> 6] |= 1 << UInt64(h & 63)
    }

    private static func pairHash(_ a: UInt8, _ b: UInt8) -> Int { (Int(a) &* 31 &+ Int(b)) & 511 }
    private static func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c + 32 : c }

    /// Whether every pair of adjacent bytes of `word`, lowered, is in the text (lowered): a
    /// necessary condition for `word` to be in the text, exactly or lowered.
    private func mayHold(_ word: [UInt8]) -> Bool {
        guard word.count > 1 else { return true }
        for i in 1..<word.count {
            let h = Self.pairHash(Self.lower(word[i - 1]), Self.lower(word[i]))
            if pairs[h >> 6] & (1 << UInt64(h & 63)) == 0 { return false }
        }
        return true
    }

    /// Whether the ASCII character `c` is in the text.
    func has(_ c: Unicode.Scalar) -> Bool {
        let v = UInt64(c.value)
        return v < 64 ? present.0 & (1 << v) != 0 : v < 128 && present.1 & (1 << (v - 64)) != 0
    }

    /// Whether any of the ASCII characters in `set` is in the text.
    func hasAny(_ set: String) -> Bool { set.unicodeScalars.contains { has($0) } }

    /// Whether one of `words` is in the text exactly (for case-sensitive patterns).
    func contains(_ words: Words) -> Bool { words.list.contains { mayHold($0) && Self.find($0, in: bytes) } }

    /// Whether one of `words` (case-folded, i.e. lower case) may match a case-insensitive
    /// pattern: found in `lowered` when the text is `foldable`; any other text may match.
    func folded(_ words: Words) -> Bool { !foldable || words.list.contains { mayHold($0) && Self.find($0, in: lowered) } }

    private static func find(_ word: [UInt8], in text: [UInt8]) -> Bool {
        guard let first = word.first, word.count <= text.count else { return false }
        return text.withUnsafeBufferPointer { t in
            word.withUnsafeBufferPointer { w in
                var i = 0
                let last = t.count - w.count
                while i <= last {
                    if t[i] == first {
                        var j = 1
                        while j < w.count, t[i + j] == w[j] { j += 1 }
                        if j == w.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }
}

/// Keywords a gate looks for, as UTF-8: lower case for `TextTraits.folded`, exactly as in
/// the pattern for `TextTraits.contains`. Each list holds a piece of every alternative of
/// the pattern's word group, in the pattern's own spelling (composed, NFC).
struct Words: Sendable {
    let list: [[UInt8]]
    init(_ words: [String]) { list = words.map { Array($0.utf8) } }

    // Case-insensitive patterns (case-folded).
    static let at = Words(["at"])
    static let dot = Words(["dot", "titik", "chấm", "จุด"])
    static let www = Words(["www."])
    /// The endings of the bare-domain link pattern, each after its dot.
    static let dotTLD = Words(PIIRedactor.tlds.split(separator: "|").map { "." + $0 })
    static let nationalID = Words(["nik", "ktp", "cccd", "cmnd", "căn", "thai", "national", "card", "ssn", "social", "ประชาชน", "บัตร"])
    static let expiry = Words(["exp", "valid", "berlaku", "hết", "หมดอายุ"])
    static let securityCode = Words(["cvv", "cvc", "csc", "cid", "sec"])
    static let invoice = Words(["inv"])
    static let paymentPrefix = Words(["txn", "trx", "trans", "ord", "pay", "ref"])
    static let order = Words(["order", "pesanan", "invoice", "đơn"])
    static let courier = Words(["resi", "awb", "waybill", "tracking", "đơn", "jne", "j&t", "jnt", "sicepat", "anteraja", "spx", "kerry", "flash",
                                "ninja", "ghn", "ghtk", "viettel", "royal", "evri", "dpd", "ups", "usps", "fedex"])
    static let sortCode = Words(["sort"])
    static let account = Words(["rek", "acc", "a/c", "stk", "khoản", "บัญชี"])
    static let postcode = Words(["zip", "post", "kode", "bưu"])
    static let thaiPostcode = Words(["รหัสไปรษณีย์"])
    static let area = Words(["kec", "kab", "kel", "prov", "kota", "jakarta", "jawa", "khet", "khwaeng", "amphoe", "tambon", "changwat", "district",
                             "phường", "quận", "huyện", "tỉnh", "thành", "เขต", "แขวง", "อำเภอ", "ตำบล", "จังหวัด", "ต.", "อ.", "จ."])
    static let moo = Words(["หมู่", "ม."])
    static let soiThai = Words(["ซอย", "ซ."])
    static let road = Words(["ถนน", "ถ."])

    // Case-sensitive patterns (exact).
    static let scheme = Words(["://"])
    static let apps = Words(["Line", "LINE", "IG", "Insta", "WA", "WhatsApp", "Zalo", "Telegram", "TG", "WeChat", "Kakao", "Viber", "Signal",
                             "Snap", "TikTok", "FB", "Facebook", "Messenger"])
    static let jalan = Words(["Jl", "Jalan"])
    static let no = Words(["No"])
    static let mooLatin = Words(["Moo", "M."])
    static let soi = Words(["Soi"])
    static let vnArea = Words(["Phường", "phường", "P.", "Quận", "quận", "Q.", "Xã", "xã", "Huyện", "huyện"])
    static let duong = Words(["Đường", "đường"])
    static let street = Words(["St", "Road", "Rd", "Ave", "Lane", "Ln", "Dr", "Blvd", "Boulevard", "Way", "Close", "Crescent", "Terrace",
                               "Place", "Court", "Highway", "Hwy"])
}
