/// The characters of Word's symbol fonts that SOPs use: check marks, crosses and ballot boxes
/// ("✓ Allowed / ✗ Not allowed" tables, checklists). Those fonts put their pictures on
/// letters (Wingdings `þ` is a ticked box) or on private-use code points (`w:sym`
/// `F0FE`), which read as the wrong letter or as nothing outside the font.
enum WordSymbols {
    /// By font (lowercased), each character code (the low byte of a private-use code point)
    /// and what it shows.
    private static let fonts: [String: [UInt8: Character]] = [
        "wingdings": [0xFC: "✓", 0xFB: "✗", 0xFD: "☒", 0xFE: "☑", 0xA8: "☐", 0x6F: "☐", 0x71: "☐", 0x78: "☒",
                      0xA7: "▪", 0x6C: "●", 0x6E: "■", 0xD8: "➢", 0xE0: "→", 0xE8: "→", 0x4A: "☺", 0x4C: "☹"],
        "wingdings 2": [0x50: "✓", 0x4F: "✗", 0x52: "☑", 0x54: "☒", 0x53: "☒", 0xA3: "☐", 0x97: "●"],
        "webdings": [0x61: "✓", 0x72: "✗"],
    ]

    /// Whether `font` is one of the symbol fonts read here.
    static func isSymbolFont(_ font: String?) -> Bool { font.map { fonts[$0.lowercased()] != nil } ?? false }

    /// `text` in `font` as the characters it shows: in a symbol font, each character read
    /// through its table (one the table lacks is left out: it would show as a letter);
    /// in any other font, as it is.
    static func text(_ text: String, font: String?) -> String {
        guard let font, let table = fonts[font.lowercased()] else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            let v = scalar.value
            guard v < 0x100 || (0xF000...0xF0FF).contains(v), let c = table[UInt8(v & 0xFF)] else { continue }
            out.append(c)
        }
        return out
    }

    /// A `w:sym` (`font`, hex `code`) as its character, or nil when it is not one of those read.
    static func symbol(font: String?, code hex: String) -> Character? {
        guard let v = UInt32(hex, radix: 16) else { return nil }
        if let font, let table = fonts[font.lowercased()] {
            return v < 0x100 || (0xF000...0xF0FF).contains(v) ? table[UInt8(v & 0xFF)] : nil
        }
        // Another font's private-use code points mean nothing without it.
        guard !(0xE000...0xF8FF).contains(v), let s = Unicode.Scalar(v) else { return nil }
        return Character(s)
    }

    /// Whether a checklist's box is ticked (`☑`, `☒`), open (`☐`), or nil: no box.
    static func box(_ c: Character?) -> Bool? {
        switch c {
        case "☐": return false
        case "☑", "☒": return true
        default: return nil
        }
    }
}
