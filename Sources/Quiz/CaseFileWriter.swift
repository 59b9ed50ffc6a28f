import Foundation
import Handbook

/// The YAML writer of `casebook cases import`: a checked row as a case file in the format of
/// the hand-written cases, which the bank reads back unchanged.
extension CaseImporter {
    /// The case file, in the format of the hand-written cases.
    func render(_ d: Draft) -> String {
        let (first, second) = Self.sectionTitles(d.type)
        var out = "---\n"
        out += "id: \(d.id)\n"
        out += "type: \(d.type)\n"
        out += "source: \(Self.yaml(source))\n"
        out += "sampled: \(d.sampled)\n"
        out += "market: \(Self.yaml(d.market))\n"
        out += "lang: \(Self.yaml(d.lang))\n"
        if !d.price.isEmpty { out += "price: \(Self.quoted(d.price))\n" }
        out += "decision: \(Self.yaml(d.decision))\n"
        out += "codes: [\(d.codes.joined(separator: ", "))]\n"
        out += "sop: \(Self.yaml(d.sop))\n"
        out += "difficulty: \(d.difficulty)\n"
        out += "sensitive: \(d.sensitive)\n"
        out += "status: active\n"
        // QA checked the gold decision against the SOP as it stood on the sample date, so
        // that is when the case was last reviewed: a later SOP change flags it for review.
        out += "reviewed: \(d.sampled)\n"
        out += "tags: [\(d.tags.joined(separator: ", "))]\n"
        if !d.media.isEmpty {
            out += "media:\n"
            for m in d.media { out += "  - ref: \(Self.yaml(m.ref))\n    alt: \(Self.yaml(m.alt))\n" }
        } else if !d.mediaAlt.isEmpty {
            out += "media:\n  - ref: \"\"\n    alt: \(Self.yaml(d.mediaAlt))\n"
        }
        out += "---\n"
        out += "# \(d.title)\n\n"
        out += "## \(first)\n\(Self.body(d.description))\n\n"
        if !d.notes.isEmpty { out += "## \(second)\n\(Self.body(d.notes))\n\n" }
        out += "## Rationale\n\(Self.body(d.rationale))\n"
        return out
    }

    /// Section text with lines that would start a new section (`## `) indented by a space.
    static func body(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("## ") || $0 == "##" ? " " + $0 : String($0) }
            .joined(separator: "\n")
    }

    /// A YAML scalar, plain or double-quoted (`YAMLText.scalar`).
    static func yaml(_ s: String) -> String { YAMLText.scalar(s) }

    /// A double-quoted YAML string (`YAMLText.quoted`).
    static func quoted(_ s: String) -> String { YAMLText.quoted(s) }

    /// Text with Windows line breaks normalised and control characters other than line
    /// breaks and tabs removed.
    static func clean(_ s: String) -> String {
        if !needsCleaning(s.utf8) { return s }
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

    /// A field's value as the importers read it: `clean`, then trimmed of white space and
    /// line breaks (`CharacterSet.whitespacesAndNewlines`). Most values need neither, which
    /// their first and last bytes tell; only the others go through Foundation.
    static func field(_ s: String) -> String {
        let utf8 = s.utf8
        guard let first = utf8.first, let last = utf8.last else { return s }
        // ASCII that is not a tab, line break, vertical tab, form feed or space is not trimmed.
        func kept(_ b: UInt8) -> Bool { b < 0x80 && b != 0x20 && !(0x09...0x0D).contains(b) }
        if kept(first), kept(last), !needsCleaning(utf8) { return s }
        // Text ending in other scripts (Thai, Vietnamese): nothing to clean, and its first and
        // last characters outside the set trimmed, so neither step changes it.
        if (first >= 0x80 || kept(first)), (last >= 0x80 || kept(last)), !needsCleaning(utf8),
           let head = s.unicodeScalars.first, let tail = s.unicodeScalars.last,
           !whitespace.contains(head), !whitespace.contains(tail) {
            return s
        }
        return clean(s).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether `clean` could change the text: a control character (C0, DEL, C1, which includes
    /// tab and line breaks) or a line or paragraph separator (U+2028, U+2029) is in it.
    private static let whitespace = CharacterSet.whitespacesAndNewlines

    private static func needsCleaning(_ utf8: String.UTF8View) -> Bool {
        if let found = utf8.withContiguousStorageIfAvailable(needsCleaning) { return found }
        return needsCleaning(Array(utf8))
    }

    private static func needsCleaning<Bytes: Collection<UInt8>>(_ utf8: Bytes) -> Bool {
        var previous: UInt8 = 0, beforePrevious: UInt8 = 0
        for b in utf8 {
            if b < 0x20 || b == 0x7F { return true }
            if previous == 0xC2, b >= 0x80, b <= 0x9F { return true }                              // U+0080-U+009F
            if beforePrevious == 0xE2, previous == 0x80, b == 0xA8 || b == 0xA9 { return true }      // U+2028, U+2029
            beforePrevious = previous
            previous = b
        }
        return false
    }
}
