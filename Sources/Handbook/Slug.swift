/// Turns heading text or file names into URL-safe anchors.
public enum Slug {
    /// Lowercases, keeps letters and digits (any script), drops apostrophes, and joins every
    /// other run of characters with a single `-`, trimmed at both ends: "What's a fake
    /// discount?" -> "whats-a-fake-discount". Apostrophes are dropped as GitHub, MkDocs, Hugo
    /// and Docusaurus drop them, so links written for a handbook's old docs tool
    /// (`#whats-a-fork`) still land on their heading.
    public static func make(_ text: String) -> String { make(text, anchor: false) }

    /// The anchor of a heading, as GitHub, MkDocs, Hugo and Docusaurus make it, so links
    /// written for those tools land: letters, digits and underscores kept (`### exclude_docs`
    /// is `#exclude_docs`), other punctuation dropped without a break (`Localization/Translation`
    /// is `#localizationtranslation`, `What's new in 3.2` is `#whats-new-in-32`), each run of
    /// spaces and hyphens one `-`. Ids of pages and categories stay `make`'s letters, digits
    /// and hyphens.
    public static func anchor(_ heading: String) -> String { make(heading, anchor: true) }

    static func make(_ text: String, anchor: Bool) -> String {
        // Most headings and ids are ASCII: letters and digits are known without Unicode tables.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            var pendingDash = false
            for b in text.utf8 {
                let lower = (b >= 65 && b <= 90) ? b + 32 : b
                if (lower >= 97 && lower <= 122) || (lower >= 48 && lower <= 57) || (anchor && b == UInt8(ascii: "_")) {
                    if pendingDash && !bytes.isEmpty { bytes.append(UInt8(ascii: "-")) }
                    pendingDash = false
                    bytes.append(lower)
                } else if b == UInt8(ascii: "'") {
                    continue
                } else if !anchor || b == UInt8(ascii: "-") || b == 32 || (9...13).contains(b) {
                    pendingDash = true
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var pendingDash = false
        for scalar in text.lowercased().unicodeScalars {
            let p = scalar.properties
            if p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark || p.generalCategory == .spacingMark
                || (anchor && scalar == "_") {
                if pendingDash && !out.isEmpty { out.append("-") }
                pendingDash = false
                out.unicodeScalars.append(scalar)
            } else if scalar == "'" || scalar == "\u{2019}" {
                continue
            } else if !anchor || scalar == "-" || p.isWhitespace {
                pendingDash = true
            }
        }
        return out
    }

    /// The anchors earlier versions gave a heading, newest first, without the current one:
    /// every run of other characters a `-` with apostrophes kept as breaks (before 2026-12,
    /// "What's a fork?" -> `what-s-a-fork`), then apostrophes dropped but other punctuation
    /// still a break (`Localization/Translation` -> `localization-translation`). Pages carry
    /// them as extra targets so bookmarks and links to the old form still land.
    public static func formerAnchors(_ heading: String) -> [String] {
        let current = anchor(heading)
        var out: [String] = []
        let first = make(heading)
        // Without an apostrophe the second form is the first (and Foundation's replacing
        // costs more than the rest of a page's anchors).
        let apostrophe = heading.unicodeScalars.contains { $0 == "'" || $0 == "\u{2019}" }
        let second = apostrophe ? make(heading.replacingOccurrences(of: "'", with: "-").replacingOccurrences(of: "\u{2019}", with: "-")) : first
        for candidate in [first, second]
        where !candidate.isEmpty && candidate != current && !out.contains(candidate) {
            out.append(candidate)
        }
        return out
    }

    /// The anchor GitHub, Docusaurus and Hugo (github-slugger's rule, Hugo's default
    /// `autoHeadingIDType`) give a heading: lowercased, everything but letters, digits,
    /// marks, `-` and `_` dropped, and each space a `-`, runs and ends kept. It differs from
    /// `anchor` (MkDocs' rule, which joins runs) when a heading has punctuation between
    /// spaces or starts with a hyphen: "`bail` [number | boolean]" is `#bail-number--boolean`
    /// there, "`--watch`" is `#--watch`, and links written for those tools use these.
    public static func githubAnchor(_ heading: String) -> String {
        var out = ""
        out.reserveCapacity(heading.utf8.count)
        for scalar in heading.lowercased().unicodeScalars {
            let p = scalar.properties
            if p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark || p.generalCategory == .spacingMark
                || scalar == "_" || scalar == "-" {
                out.unicodeScalars.append(scalar)
            } else if scalar == " " {
                out.append("-")
            }
        }
        return out
    }

    /// The other anchors a heading carries as empty targets, so links land: the forms earlier
    /// versions of Casebook gave it (`formerAnchors`), then GitHub's (`githubAnchor`) when it differs.
    public static func extraAnchors(_ heading: String) -> [String] {
        var out = formerAnchors(heading)
        let github = githubAnchor(heading)
        if !github.isEmpty, github != anchor(heading), !out.contains(github), isValidAnchor(github) { out.append(github) }
        return out
    }

    /// Whether `text` is usable as an anchor as written: non-empty, no spaces, quotes or `#`.
    public static func isValidAnchor(_ text: String) -> Bool {
        !text.isEmpty && !text.contains { $0.isWhitespace || $0 == "\"" || $0 == "'" || $0 == "#" || $0 == "<" || $0 == ">" || $0 == "&" }
    }
}
