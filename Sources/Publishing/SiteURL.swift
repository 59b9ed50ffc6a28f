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
    static func slug(_ s: String) -> String {
        let s = Slug.make(s)
        return s.isEmpty ? "-" : LinkResolver.percentEncoded(s)
    }
}
