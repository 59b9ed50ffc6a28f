import Foundation
import Handbook

/// What the previous build left for the next one: page summaries (so unchanged pages are not
/// parsed again) and a fingerprint per output file (so unchanged files are linked, not
/// rewritten). Stored outside the site so the site stays byte-identical for equal input.
public struct BuildCache: Sendable {
    public var generator: String
    /// Fingerprint of the output manifest; matches the `.casebook-build` file in the site it describes.
    public var buildID: UInt64
    public var resolverFingerprint: UInt64
    public var writtenAt: Int64
    public var includeDrafts: Bool
    public var pages: [String: CachedPage]
    /// The pages in the order to save them (the build sets reading order, without filling
    /// `pages`); when nil, `pages` sorted by path.
    public var orderedPages: [CachedPage]?
    public var outputs: [String: UInt64]
    /// The site before this one, kept beside the cache so the next build rewrites only what differs from it.
    public var spare: Spare?

    /// A kept copy of an earlier site: its build id (also in its marker file) and its files' fingerprints.
    public struct Spare: Sendable, Equatable {
        public var buildID: UInt64
        public var outputs: [String: UInt64]
        public init(buildID: UInt64, outputs: [String: UInt64]) {
            self.buildID = buildID
            self.outputs = outputs
        }
    }

    public init(generator: String, buildID: UInt64, resolverFingerprint: UInt64, writtenAt: Int64, includeDrafts: Bool, pages: [String: CachedPage], outputs: [String: UInt64], spare: Spare? = nil) {
        self.generator = generator
        self.buildID = buildID
        self.resolverFingerprint = resolverFingerprint
        self.writtenAt = writtenAt
        self.includeDrafts = includeDrafts
        self.pages = pages
        self.outputs = outputs
        self.spare = spare
    }

    /// The build id of a set of outputs: a hash of their paths and fingerprints that does not
    /// depend on their order (a wrapping sum of one hash per file), so no sort is needed.
    public static func buildID(_ outputs: [String: UInt64]) -> UInt64 {
        var sum: UInt64 = 0
        for (path, fp) in outputs {
            var f = Fingerprint()
            f.add(path); f.add(fp)
            sum = sum &+ f.value
        }
        var f = Fingerprint()
        f.add(sum); f.add(outputs.count)
        return f.value
    }

    static let magic = Array("CASEBOOK-CACHE-10\n".utf8)

    // MARK: - Encoding

    public func encoded() -> [UInt8] {
        var w = BinaryWriter()
        w.bytes(Self.magic)
        w.string(generator)
        w.u64(buildID); w.u64(resolverFingerprint); w.i64(writtenAt); w.bool(includeDrafts)
        // Pages are decoded on every core; a page the previous cache held unchanged is copied as stored.
        let list = orderedPages ?? pages.sorted { $0.key < $1.key }.map(\.value)
        ChunkedRecords.write(list, to: &w, stored: { $0.encoded }, encode: { page, w in w.summary(page.summary) })
        w.out.reserveCapacity(w.out.count + (outputs.count + (spare?.outputs.count ?? 0)) * 48)
        w.outputs(outputs)
        w.bool(spare != nil)
        if let spare { w.u64(spare.buildID); w.outputs(spare.outputs) }
        return w.out
    }

    /// Decodes a cache; nil when it is from another version or damaged (the build then starts fresh).
    /// With `pages: false` the page summaries are skipped (a full build only needs the site's manifest).
    public static func decode(_ bytes: [UInt8], pages decodePages: Bool = true) -> BuildCache? {
        var r = BinaryReader(bytes)
        guard r.expect(magic), let generator = r.string(), let buildID = r.u64(), let resolver = r.u64(),
              let writtenAt = r.i64(), let drafts = r.bool(),
              let records = ChunkedRecords.read(&r, skip: !decodePages, decode: { $0.summary() }) else { return nil }
        var pages: [String: CachedPage] = [:]
        pages.reserveCapacity(records.count)
        for (summary, stored) in records { pages[summary.path] = CachedPage(summary: summary, encoded: stored) }
        guard let outputs = r.outputs(), let hasSpare = r.bool() else { return nil }
        var spare: Spare?
        if hasSpare {
            guard let id = r.u64(), let files = r.outputs() else { return nil }
            spare = Spare(buildID: id, outputs: files)
        }
        let cache = BuildCache(generator: generator, buildID: buildID, resolverFingerprint: resolver, writtenAt: writtenAt,
                               includeDrafts: drafts, pages: pages, outputs: outputs, spare: spare)
        return cache
    }
}

// MARK: - Binary primitives

extension BinaryWriter {
    mutating func outputs(_ files: [String: UInt64]) {
        int(files.count)
        for (path, fp) in files { string(path); u64(fp) } // any order: the reader builds a dictionary
    }

    mutating func summary(_ s: PageSummary) {
        string(s.path); string(s.category)
        let m = s.meta
        string(m.id); optional(m.title); string(m.summary); string(m.owner); string(m.version); string(m.effective)
        string(m.status.rawValue); strings(m.markets); strings(m.tags); string(m.lang)
        int(m.changes.count)
        for c in m.changes { string(c.version); string(c.date); string(c.summary); int(c.line) }
        optional(m.order.map(String.init))
        optional(m.translationOf)
        optional(m.sourceVersion)
        int(m.actions.count)
        for a in m.actions { string(a.id); string(a.label); string(a.description) }
        string(s.title)
        optional(m.navTitle); strings(m.redirects)
        int(s.sections.count)
        for sec in s.sections {
            int(sec.level); string(sec.title); string(sec.anchor); int(sec.line)
            optional(sec.code); optional(sec.codeName); optional(sec.harm?.rawValue); strings(sec.markets)
        }
        strings(s.extraAnchors)
        int(s.links.count)
        for l in s.links {
            string(l.url); int(l.line); int(l.column)
            switch l.target {
            case .external: int(0)
            case .inPage(let a): int(1); string(a)
            case .page(let p, let a): int(2); string(p); optional(a)
            case .asset(let p): int(3); string(p)
            case .siteAbsolute: int(4)
            case .missingPage(let p): int(5); string(p)
            case .unresolved: int(6)
            }
        }
        int(s.diagnostics.count)
        for d in s.diagnostics { string(d.severity.rawValue); string(d.file); int(d.line); int(d.column); string(d.message) }
        u64(s.sourceHash); int(s.size); i64(s.modified)
    }
}

extension BinaryReader {
    mutating func outputs() -> [String: UInt64]? {
        guard let count = int(), count >= 0 else { return nil }
        var files: [String: UInt64] = [:]
        files.reserveCapacity(count)
        for _ in 0..<count {
            guard let path = string(), let fp = u64() else { return nil }
            files[path] = fp
        }
        return files
    }

    mutating func summary() -> PageSummary? {
        guard let path = string(), let category = string(), let id = string(), let title = optional(),
              let summary = string(), let owner = string(), let version = string(), let effective = string(),
              let statusRaw = string(), let status = PageStatus(rawValue: statusRaw), let markets = strings(),
              let tags = strings(), let lang = string(), let changeCount = int(), changeCount >= 0 else { return nil }
        var meta = PageMetadata(id: id)
        meta.title = title; meta.summary = summary; meta.owner = owner; meta.version = version; meta.effective = effective
        meta.status = status; meta.markets = markets; meta.tags = tags; meta.lang = lang
        for _ in 0..<changeCount {
            guard let v = string(), let d = string(), let s = string(), let l = int() else { return nil }
            meta.changes.append(ChangeEntry(version: v, date: d, summary: s, line: l))
        }
        guard let order = optional() else { return nil }
        meta.order = order.flatMap { Int($0) }
        guard let translationOf = optional() else { return nil }
        meta.translationOf = translationOf
        guard let sourceVersion = optional() else { return nil }
        meta.sourceVersion = sourceVersion
        guard let actionCount = int(), actionCount >= 0, actionCount < 10_000 else { return nil }
        for _ in 0..<actionCount {
            guard let id = string(), let label = string(), let description = string() else { return nil }
            meta.actions.append(DeclaredAction(id: id, label: label, description: description))
        }
        guard let pageTitle = string(), let navTitle = optional(), let redirects = strings(),
              let sectionCount = int(), sectionCount >= 0 else { return nil }
        meta.navTitle = navTitle; meta.redirects = redirects
        var sections: [Section] = []
        for _ in 0..<sectionCount {
            guard let level = int(), let t = string(), let anchor = string(), let line = int(),
                  let code = optional(), let codeName = optional(), let harm = optional(), let ms = strings() else { return nil }
            var s = Section(level: level, title: t, anchor: anchor, line: line)
            s.code = code; s.codeName = codeName; s.harm = harm.flatMap { HarmLevel(rawValue: $0) }; s.markets = ms
            sections.append(s)
        }
        guard let extraAnchors = strings(), let linkCount = int(), linkCount >= 0 else { return nil }
        var links: [ResolvedLink] = []
        for _ in 0..<linkCount {
            guard let url = string(), let line = int(), let column = int(), let kind = int() else { return nil }
            let target: ResolvedLink.Target
            switch kind {
            case 0: target = .external
            case 1: guard let a = string() else { return nil }; target = .inPage(anchor: a)
            case 2: guard let p = string(), let a = optional() else { return nil }; target = .page(path: p, anchor: a)
            case 3: guard let p = string() else { return nil }; target = .asset(path: p)
            case 4: target = .siteAbsolute
            case 5: guard let p = string() else { return nil }; target = .missingPage(path: p)
            case 6: target = .unresolved
            default: return nil
            }
            links.append(ResolvedLink(url: url, line: line, column: column, target: target))
        }
        guard let diagnosticCount = int(), diagnosticCount >= 0 else { return nil }
        var diagnostics: [Diagnostic] = []
        for _ in 0..<diagnosticCount {
            guard let sev = string(), let severity = Diagnostic.Severity(rawValue: sev), let file = string(),
                  let line = int(), let column = int(), let message = string() else { return nil }
            diagnostics.append(Diagnostic(severity, file: file, line: line, column: column, message))
        }
        guard let hash = u64(), let size = int(), let modified = i64() else { return nil }
        return PageSummary(path: path, category: category, meta: meta, title: pageTitle, sections: sections, extraAnchors: extraAnchors, links: links,
                           diagnostics: diagnostics, sourceHash: hash, size: size, modified: modified)
    }
}
