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
}
