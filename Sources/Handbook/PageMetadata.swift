/// Whether a page is published in the site.
public enum PageStatus: String, Sendable, Hashable, CaseIterable {
    case draft, published, retired

    /// MkDocs Material's page badges (`status: new`), which are no publishing state: the build
    /// warns and publishes the page, the import drops them.
    static let materialBadges: Set<String> = ["new", "deprecated"]
}

/// One entry of a page's change log, shown on "What's new".
public struct ChangeEntry: Sendable, Hashable {
    public var version: String
    /// ISO date, `YYYY-MM-DD`.
    public var date: String
    public var summary: String
    public var line: Int

    public init(version: String, date: String, summary: String, line: Int) {
        self.version = version; self.date = date; self.summary = summary; self.line = line
    }
}

/// An enforcement action declared in a page's `actions:` list.
public struct DeclaredAction: Sendable, Hashable {
    public var id: String
    public var label: String
    public var description: String
    /// The label in other languages, by language code, from `label_th:`-style keys.
    public var labels: [String: String]
    public init(id: String, label: String, description: String, labels: [String: String] = [:]) {
        self.id = id; self.label = label; self.description = description; self.labels = labels
    }
}

/// The front matter fields Casebook understands.
public struct PageMetadata: Sendable, Hashable {
    public var id: String
    /// The `title` field, or the first H1 when absent (resolved after rendering).
    public var title: String?
    public var summary: String = ""
    public var owner: String = ""
    public var version: String = ""
    /// ISO date, `YYYY-MM-DD`, or empty.
    public var effective: String = ""
    public var status: PageStatus = .published
    public var markets: [String] = []
    public var tags: [String] = []
    public var lang: String = "en"
    public var changes: [ChangeEntry] = []
    /// Sort position within the category; pages without one sort after, by title.
    public var order: Int?
    /// The id of the page this one translates. Its policy code headings refer to the
    /// original's codes rather than defining them again.
    public var translationOf: String?
    /// The version of the original a translation translates (`source_version`); nil when not declared.
    public var sourceVersion: String?
    /// The action list, on the one page that defines it.
    public var actions: [DeclaredAction] = []
    /// Every front matter key as written, including ones Casebook does not use.
    public var raw: YAMLNode?

    // Read from front matter written for other docs tools (issue 16).
    /// The shorter title shown in the navigation (`nav_title`, `shortTitle`, `sidebar_label`, `linkTitle`).
    public var navTitle: String?
    /// Old addresses of the page (`aliases`, `redirect_from`): each gets a redirect page.
    public var redirects: [String] = []

    public init(id: String) { self.id = id }

    /// Keys Casebook reads. Others are kept in `raw` and reported as warnings.
    public static let knownKeys: Set<String> = [
        "id", "title", "summary", "owner", "version", "effective", "status", "markets", "tags", "lang",
        "changes", "order", "actions", "translation_of", "source_version",
    ]
    /// Keys other site generators use that map onto Casebook fields without a warning.
    static let aliases: [String: String] = [
        "description": "summary", "date": "effective", "weight": "order", "draft": "status",
        "author": "owner", "keywords": "tags",
        // Hugo, MkDocs (Material), Docusaurus, Jekyll and GitHub Docs (issue 16).
        "sidebar_position": "order", "nav_order": "order", "intro": "summary", "lastmod": "effective", "slug": "id",
        "nav_title": "nav_title", "shortTitle": "nav_title", "sidebar_label": "nav_title", "linkTitle": "nav_title",
        "aliases": "redirects", "redirect_from": "redirects",
    ]

    /// Reads metadata from parsed front matter, reporting problems against `file`.
    public static func from(_ node: YAMLNode, defaultID: String, file: String, diagnostics: inout [Diagnostic]) -> PageMetadata {
        var meta = PageMetadata(id: defaultID)
        meta.raw = node
        guard let entries = node.mapEntries else { return meta }
        let present = Set(entries.map(\.key))
        func error(_ n: YAMLNode, _ message: String) {
            diagnostics.append(Diagnostic(.error, file: file, line: n.line, column: n.column, message))
        }
        func string(_ entry: YAMLEntry) -> String? {
            guard let s = entry.value.scalar else {
                error(entry.value, "'\(entry.key)' must be a single value, not a list or map")
                return nil
            }
            return s
        }
        func list(_ entry: YAMLEntry) -> [String] {
            guard let items = entry.value.listItems else {
                error(entry.value, "'\(entry.key)' must be a list, e.g. \(entry.key): [a, b]")
                return []
            }
            var out: [String] = []
            for item in items {
                if let s = item.scalar, !s.isEmpty { out.append(s) } else if item.scalar == nil { error(item, "items of '\(entry.key)' must be plain values") }
            }
            return out
        }
        for entry in entries {
            var key = entry.key
            if !knownKeys.contains(key) {
                if let alias = aliases[key], alias == key || !present.contains(alias) {
                    // Another tool's key saying the same as one present gives way to it.
                    if Self.shadowed(key, alias: alias, present: present) {
                        diagnostics.append(Diagnostic(.warning, file: file, line: entry.line, column: entry.column,
                            "'\(entry.key)' is ignored: another key of this front matter already gives the \(alias == "nav_title" ? "navigation title" : alias)"))
                        continue
                    }
                    key = alias
                } else if let alias = aliases[key] {
                    // Another tool's key for a field this front matter sets with Casebook's own
                    // key (Docusaurus pages write `id:` and `slug:`): Casebook's wins, as the
                    // README says; it was "unknown front matter key 'slug'". A slug beside an id
                    // is no problem at all; the others are one warning per key name.
                    if key == "slug" { continue }
                    diagnostics.append(Diagnostic(.warning, file: file, line: entry.line, column: entry.column,
                        "'\(entry.key)' is ignored: '\(alias)' in the same front matter gives the \(alias == "redirects" ? "old addresses" : alias)",
                        kind: .unknownKey, subject: entry.key))
                    continue
                } else {
                    diagnostics.append(Diagnostic(.warning, file: file, line: entry.line, column: entry.column,
                        "unknown front matter key '\(entry.key)' is kept but ignored; known keys: \(knownKeys.sorted().joined(separator: ", "))",
                        kind: .unknownKey, subject: entry.key))
                    continue
                }
            }
            switch key {
            case "id" where entry.key == "slug":
                // A URL slug, `/policies/counterfeit` or `counterfeit`: its last part, slugged.
                guard let s = string(entry) else { continue }
                let last = s.split(separator: "/").last.map(String.init) ?? ""
                if !Slug.make(last).isEmpty { meta.id = Slug.make(last) }
            case "nav_title":
                if let s = string(entry), !s.isEmpty { meta.navTitle = s }
            case "redirects":
                if let one = entry.value.scalar { if !one.isEmpty { meta.redirects.append(one) } } else { meta.redirects += list(entry) }
            case "id":
                guard let s = string(entry) else { continue }
                if s.isEmpty || Slug.make(s) != s.lowercased() || s.utf8.contains(UInt8(ascii: " ")) {
                    error(entry.value, "id '\(s)' must be lowercase letters, digits and hyphens, e.g. '\(Slug.make(s))'")
                } else {
                    meta.id = s
                }
            case "title": meta.title = string(entry)
            case "summary": meta.summary = string(entry)?.trimming("\n") ?? ""
            case "owner": meta.owner = string(entry) ?? ""
            case "version": meta.version = string(entry) ?? ""
            case "effective":
                // MkDocs Material's blog writes `date: {created: 2026-02-18, updated: ...}`:
                // the date the post was written is the one it took effect.
                if entry.key == "date", let created = entry.value["created"], let s = created.scalar {
                    if let d = isoDate(s) { meta.effective = d } else { error(created, "'date.created' must be a date written YYYY-MM-DD, found '\(s)'") }
                    continue
                }
                guard let s = string(entry) else { continue }
                if let d = isoDate(s) { meta.effective = d } else if !s.isEmpty {
                    error(entry.value, "'\(entry.key)' must be a date written YYYY-MM-DD, found '\(s)'")
                }
            case "status":
                if entry.key == "draft" {
                    let v = entry.value.scalar?.lowercased() ?? ""
                    if v == "true" || v == "yes" { meta.status = .draft }
                    continue
                }
                guard let s = string(entry) else { continue }
                if let st = PageStatus(rawValue: s.lowercased()) { meta.status = st } else if PageStatus.materialBadges.contains(s.lowercased()) {
                    // MkDocs Material's page badges, not a publishing state: a Material corpus
                    // built as it is failed on them. Any other value stays an error, so a
                    // mistyped `drfat` never publishes a draft.
                    diagnostics.append(Diagnostic(.warning, file: file, line: entry.value.line, column: entry.value.column,
                        "'status: \(s)' is MkDocs Material's page badge, not a Casebook status (draft, published, retired): the page is published; remove the key or set one of those",
                        kind: .unknownKey, subject: "status: " + s.lowercased()))
                } else {
                    error(entry.value, "status '\(s)' is not one of draft, published, retired")
                }
            case "markets":
                meta.markets = list(entry).map { $0.uppercased() }
            case "tags":
                meta.tags = list(entry).map { $0.lowercased() }
            case "lang":
                guard let s = string(entry) else { continue }
                meta.lang = s.isEmpty ? "en" : s.lowercased()
            case "order":
                guard let s = string(entry) else { continue }
                if let n = Int(s) { meta.order = n } else { error(entry.value, "'\(entry.key)' must be a whole number, found '\(s)'") }
            case "changes":
                guard let items = entry.value.listItems else {
                    error(entry.value, "'changes' must be a list of entries with version, date and summary")
                    continue
                }
                for item in items {
                    guard item.mapEntries != nil else {
                        error(item, "each change needs 'version', 'date' and 'summary' on their own lines")
                        continue
                    }
                    let version = item["version"]?.scalar ?? ""
                    let rawDate = item["date"]?.scalar ?? ""
                    guard let date = isoDate(rawDate) else {
                        error(item["date"] ?? item, "change date must be written YYYY-MM-DD, found '\(rawDate)'")
                        continue
                    }
                    meta.changes.append(ChangeEntry(version: version, date: date, summary: item["summary"]?.scalar ?? "", line: item.line))
                }
            case "actions":
                guard let items = entry.value.listItems else {
                    error(entry.value, "'actions' must be a list of entries with id, label and description")
                    continue
                }
                for item in items {
                    guard let id = item["id"]?.scalar, !id.isEmpty else {
                        error(item, "each action needs an 'id'")
                        continue
                    }
                    // `label_th: ลบ`: the label shown to learners who read Thai.
                    var labels: [String: String] = [:]
                    for e in item.mapEntries ?? [] where e.key.hasPrefix("label_") && e.key.count > 6 {
                        guard let text = e.value.scalar, !text.isEmpty else {
                            error(e.value, "'\(e.key)' is the action's label in that language, e.g. label_th: ลบ")
                            continue
                        }
                        labels[Messages.normalized(String(e.key.dropFirst(6)))] = text
                    }
                    meta.actions.append(DeclaredAction(id: id, label: item["label"]?.scalar ?? id, description: item["description"]?.scalar ?? "", labels: labels))
                }
            case "translation_of":
                guard let s = string(entry), !s.isEmpty else { continue }
                meta.translationOf = s
            case "source_version":
                guard let s = string(entry), !s.isEmpty else { continue }
                meta.sourceVersion = s
            default:
                break // "actions" and other keys read by later stages from `raw`
            }
        }
        // A version bumped without its `effective:` date: that date is then an earlier
        // version's, and "did it work?" splits the answers there, measuring the new rule from
        // the day the old one took effect.
        if !meta.effective.isEmpty, !meta.version.isEmpty,
           let earlier = meta.changes.filter({ VersionNumber.compare($0.version, meta.version) < 0 }).max(by: { $0.date < $1.date }),
           meta.effective <= earlier.date, let node = node["effective"] {
            diagnostics.append(Diagnostic(.warning, file: file, line: node.line, column: node.column,
                "'effective: \(meta.effective)' is not after version \(earlier.version)'s change of \(earlier.date) (line \(earlier.line)), but the SOP is at version \(meta.version): set 'effective:' to the day \(meta.version) applies; campaigns measure its effect from that day"))
        }
        return meta
    }

    /// Whether a key of another tool gives way to one that says the same more directly:
    /// `date` over `lastmod`, `weight` over `sidebar_position`, `description` over `intro`,
    /// `aliases` and `redirect_from` are both kept.
    static func shadowed(_ key: String, alias: String, present: Set<String>) -> Bool {
        if alias == "redirects" { return false }
        let preferred = aliases.filter { $0.value == alias && $0.key != key }.map(\.key)
        let order = ["date", "weight", "description", "keywords", "nav_title", "shortTitle", "sidebar_label", "linkTitle", "sidebar_position", "nav_order", "intro", "lastmod"]
        let rank = order.firstIndex(of: key) ?? order.count
        return preferred.contains { present.contains($0) && (order.firstIndex(of: $0) ?? order.count) < rank }
    }

    /// Accepts `YYYY-MM-DD`, or a timestamp starting with one, and returns the date part.
    public static func isoDate(_ s: String) -> String? {
        let u = Array(s.utf8)
        guard u.count >= 10 else { return nil }
        for (i, c) in u.prefix(10).enumerated() {
            if i == 4 || i == 7 { if c != UInt8(ascii: "-") { return nil } } else if !(48...57).contains(c) { return nil }
        }
        if u.count > 10, u[10] != UInt8(ascii: "T"), u[10] != UInt8(ascii: " ") { return nil }
        let month = Int(s.dropFirst(5).prefix(2)) ?? 0
        let day = Int(s.dropFirst(8).prefix(2)) ?? 0
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        return String(s.prefix(10))
    }
}
