/// Turns heading text or file names into URL-safe anchors.
public enum Slug {
    /// Lowercases, keeps letters and digits (any script), and joins every other run of
    /// characters with a single `-`, trimmed at both ends: "What's a fake discount?" ->
    /// "what-s-a-fake-discount".
    public static func make(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var pendingDash = false
        for scalar in text.lowercased().unicodeScalars {
            let p = scalar.properties
            if p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark || p.generalCategory == .spacingMark {
                if pendingDash && !out.isEmpty { out.append("-") }
                pendingDash = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        return out
    }

    /// Whether `text` is usable as an anchor as written: non-empty, no spaces, quotes or `#`.
    public static func isValidAnchor(_ text: String) -> Bool {
        !text.isEmpty && !text.contains { $0.isWhitespace || $0 == "\"" || $0 == "'" || $0 == "#" || $0 == "<" || $0 == ">" || $0 == "&" }
    }
}
