import Handbook

/// Site URLs, relative to the site root.
public enum SiteURL {
    /// An SOP's page: `sop/<id>.html`.
    public static func page(_ id: String) -> String { "sop/\(LinkResolver.percentEncoded(id)).html" }
    /// A category's page (the home page for the root category).
    public static func category(_ c: Category) -> String { c.path.isEmpty ? "index.html" : "category/\(c.slug).html" }
    /// A tag's page.
    public static func tag(_ t: String) -> String { "tags/\(slug(t)).html" }
    /// A market's page.
    public static func market(_ m: String) -> String { "markets/\(slug(m)).html" }
    /// A policy code's stable URL: its family page (all codes with the same prefix) at its anchor.
    public static func code(_ c: String) -> String { "codes/\(family(c)).html#\(c.lowercased())" }
    /// The family page of codes with prefix `prefix`.
    public static func codeFamily(_ prefix: String) -> String { "codes/\(prefix).html" }
    /// "IP-01" -> "IP".
    public static func family(_ code: String) -> String { String(code.prefix { $0 != "-" }) }
    /// The file a site URL is written to. Links percent-encode letters outside ASCII (a Thai
    /// tag's page is `tags/%E0%B8%AA....html`) and a browser, a web server or file:// decodes
    /// them to the UTF-8 name it opens, so the file is written under that name; written under
    /// the encoded one, every such page was a "not found". A URL whose decoding would add a
    /// `/`, a `%` or a control character is kept as it is.
    public static func file(_ url: String) -> String {
        guard url.utf8.contains(UInt8(ascii: "%")) else { return url }
        let decoded = LinkResolver.percentDecoded(url)
        let slashes = { (s: String) in s.utf8.count { $0 == UInt8(ascii: "/") } }
        guard slashes(decoded) == slashes(url), !decoded.utf8.contains(UInt8(ascii: "%")),
              !decoded.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) else { return url }
        return decoded
    }

    static func slug(_ s: String) -> String {
        let s = bounded(Slug.make(s))
        return s.isEmpty ? "-" : LinkResolver.percentEncoded(s)
    }

    /// A slug short enough for a file name: past 100 UTF-8 bytes (a tag written as one long
    /// comma-separated string, 40 Thai words) it keeps its first 80 bytes' letters, then `-` and
    /// 8 hex digits of the whole slug's fingerprint. File systems refuse names of 256 bytes.
    static func bounded(_ slug: String) -> String {
        guard slug.utf8.count > 100 else { return slug }
        var kept = ""
        for c in slug {
            guard kept.utf8.count + c.utf8.count <= 80 else { break }
            kept.append(c)
        }
        var f = Fingerprint()
        f.add(slug)
        let digits = String(f.value & 0xffff_ffff, radix: 16)
        return kept + "-" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
