import Foundation
import Handbook
import Search

/// What the previous build left for the next one: page summaries (so unchanged pages are not
/// parsed again) and a fingerprint per output file (so unchanged files are linked, not
/// rewritten). Stored outside the site so the site stays byte-identical for equal input.
///
/// On disk it is a head (`<site>.bin`: the build's ids, where each page's record is, the
/// outputs) and a segment file of page summaries (`<site>.seg`, see `SegmentFile`), as the
/// search cache is: a rebuild appends the records of the pages that changed and replaces the
/// head, instead of writing every page's summary again.
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
    /// The output groups (each SOP's history pages) by key: fingerprint and files, kept as one
    /// entry each (see `OutputGroup`).
    public var groups: [String: OutputGroupRecord] = [:]
    /// The site before this one, kept beside the cache so the next build rewrites only what differs from it.
    public var spare: Spare?
    /// The segment file the page summaries were read from, and where each page's record is in it.
    public var segment: SegmentFile?
    public var stored: [String: SegmentBlob] = [:]
    /// Records of `segment` the next save keeps as they are, by page path (pages that did not change).
    public var keep: [String: SegmentBlob] = [:]
    /// What the checks across pages found in each page (`Handbook.linkFindings`), so the next
    /// build checks again only the pages that changed and those linking to them.
    public var checks: [String: [Diagnostic]] = [:]

    /// A kept copy of an earlier site: its build id (also in its marker file) and its files' fingerprints.
    public struct Spare: Sendable, Equatable {
        public var buildID: UInt64
        public var outputs: [String: UInt64]
        public var groups: [String: OutputGroupRecord]
        public init(buildID: UInt64, outputs: [String: UInt64], groups: [String: OutputGroupRecord] = [:]) {
            self.buildID = buildID
            self.outputs = outputs
            self.groups = groups
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
    /// depend on their order (a wrapping sum of one hash per file), so no sort is needed. A
    /// group counts as its key and fingerprint (which cover its files).
    public static func buildID(_ outputs: [String: UInt64], groups: [String: OutputGroupRecord] = [:]) -> UInt64 {
        var sum: UInt64 = 0
        for (path, fp) in outputs {
            var f = Fingerprint()
            f.add(path); f.add(fp)
            sum = sum &+ f.value
        }
        for (key, g) in groups {
            var f = Fingerprint()
            f.add(key); f.add(g.fingerprint)
            sum = sum &+ f.value
        }
        var f = Fingerprint()
        f.add(sum); f.add(outputs.count)
        if !groups.isEmpty { f.add(groups.count) }
        return f.value
    }

    static let magic = Array("CASEBOOK-CACHE-15\n".utf8)

    /// The segment file beside head `path` (`x.bin` -> `x.seg`).
    public static func segmentPath(head path: String) -> String {
        (path.hasSuffix(".bin") ? String(path.dropLast(4)) : path) + ".seg"
    }

    // MARK: - Saving and loading

    /// Writes the page records (those in `keep` stay where they are in `segment`, the others are
    /// appended, or all are written to a new file when most of it is garbage) and returns the
    /// head to publish with `CacheFile.write` once the site it describes is in place; nil when
    /// the segment file could not be written. Until the head is replaced, the old one reads
    /// only what it published.
    public func prepareSave(head path: String) -> [UInt8]? {
        try? FileManager.default.createDirectory(atPath: PathText.parent(of: path), withIntermediateDirectories: true)
        let list = orderedPages ?? pages.sorted { $0.key < $1.key }.map(\.value)
        let segment = self.segment, keep = self.keep
        let fresh = list.indices.filter { segment == nil || keep[list[$0].summary.path] == nil }
        // Pages that changed, encoded on all cores (a full build encodes every page).
        var encoded: [[UInt8]] = parallelMap(fresh) { i in
            var w = BinaryWriter()
            w.summary(list[i].summary)
            return w.out
        }
        var writer = SegmentWriter(current: segment)
        writer.pending.reserveCapacity(encoded.reduce(0) { $0 + $1.count })
        var records: [Int] = []
        records.reserveCapacity(list.count)
        var next = 0
        for (i, page) in list.enumerated() {
            if next < fresh.count, fresh[next] == i {
                records.append(writer.add(encoded[next]))
                encoded[next] = []
                next += 1
            } else if let segment, let blob = keep[page.summary.path] {
                records.append(writer.keep(blob, in: segment))
            }
        }
        guard let (blobs, id, length) = writer.write(path: Self.segmentPath(head: path)) else { return nil }
        var w = BinaryWriter()
        let groupBytes = groups.values.reduce(0) { $0 + $1.members.count + 32 }
        w.out.reserveCapacity(64 + records.count * 12 + (outputs.count + (spare?.outputs.count ?? 0)) * 48 + groupBytes)
        w.bytes(Self.magic)
        w.string(generator)
        w.u64(buildID); w.u64(resolverFingerprint); w.i64(writtenAt); w.bool(includeDrafts)
        w.u64(id); w.varint(length)
        w.varint(records.count)
        for r in records { SearchCache.write(blobs[r], to: &w) }
        w.outputs(outputs)
        w.groups(groups)
        w.bool(spare != nil)
        if let spare { w.u64(spare.buildID); w.outputs(spare.outputs); w.groups(spare.groups, since: groups) }
        w.varint(checks.count)
        for (path, found) in checks.sorted(by: { $0.key < $1.key }) { w.string(path); w.diagnostics(found) }
        w.u64(UInt64(SegmentFile.checksum(w.out)))
        return w.out
    }

    /// Saves the cache at once (see `prepareSave`); false when it could not be written.
    @discardableResult
    public func save(to path: String) -> Bool {
        guard let head = prepareSave(head: path) else { return false }
        return CacheFile.write(head, to: path)
    }

    /// Reads a cache; nil when it is from another version, missing or damaged (the build then
    /// starts fresh): the head's and every page record's checksums are checked, as every page
    /// is decoded. With `pages: false` the page summaries are skipped (a full build only needs
    /// the site's manifest).
    public static func load(from path: String, pages decodePages: Bool = true) -> BuildCache? {
        guard let bytes = ContentTree.readIfPresent(path), bytes.count >= 8 else { return nil }
        let body = bytes.count - 8
        let check = bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: body, as: UInt64.self)) }
        guard check <= UInt64(UInt32.max),
              bytes.withUnsafeBytes({ SegmentFile.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<body])) }) == UInt32(check) else { return nil }
        var r = BinaryReader(bytes, range: 0..<body)
        guard r.expect(magic), let generator = r.string(), let buildID = r.u64(), let resolver = r.u64(),
              let writtenAt = r.i64(), let drafts = r.bool(), let id = r.u64(), let length = r.varint(),
              let count = r.varint(), count <= body else { return nil }
        var blobs: [SegmentBlob] = []
        blobs.reserveCapacity(count)
        for _ in 0..<count {
            guard let blob = SearchCache.readBlob(&r) else { return nil }
            blobs.append(blob)
        }
        guard let outputs = r.outputs(), let groups = r.groups(), let hasSpare = r.bool() else { return nil }
        var spare: Spare?
        if hasSpare {
            guard let id = r.u64(), let files = r.outputs(), let spareGroups = r.groups(since: groups) else { return nil }
            spare = Spare(buildID: id, outputs: files, groups: spareGroups)
        }
        guard let checkCount = r.varint(), checkCount <= body else { return nil }
        var checks: [String: [Diagnostic]] = [:]
        for _ in 0..<checkCount {
            guard let path = r.string(), let found = r.diagnostics() else { return nil }
            checks[path] = found
        }
        guard r.pos == r.end else { return nil }
        var cache = BuildCache(generator: generator, buildID: buildID, resolverFingerprint: resolver, writtenAt: writtenAt,
                               includeDrafts: drafts, pages: [:], outputs: outputs, spare: spare)
        cache.groups = groups
        cache.checks = checks
        guard decodePages else { return cache }
        guard let file = SegmentFile(path: segmentPath(head: path), id: id, length: length) else { return nil }
        // Every record is decoded (the loader needs every page's summary) and checked, on all cores.
        let list = blobs
        let chunks = stride(from: 0, to: list.count, by: 256).map { $0..<min(list.count, $0 + 256) }
        let decoded: [[PageSummary]?] = parallelMap(chunks) { chunk in
            var part: [PageSummary] = []
            part.reserveCapacity(chunk.count)
            for blob in list[chunk] {
                guard let raw = file.array(blob) else { return nil }
                var pr = BinaryReader(raw)
                guard let summary = pr.summary(), pr.pos == pr.end else { return nil }
                part.append(summary)
            }
            return part
        }
        cache.pages.reserveCapacity(list.count)
        cache.stored.reserveCapacity(list.count)
        for (chunk, part) in zip(chunks, decoded) {
            guard let part else { return nil }
            for (blob, summary) in zip(list[chunk], part) {
                cache.pages[summary.path] = CachedPage(summary: summary)
                cache.stored[summary.path] = blob
            }
        }
        cache.segment = file
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
        strings(s.titleAnchors)
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
            case .category(let f): int(7); string(f)
            }
        }
        diagnostics(s.diagnostics)
        u64(s.sourceHash); int(s.size); i64(s.modified)
    }

    mutating func diagnostics(_ list: [Diagnostic]) {
        int(list.count)
        for d in list { string(d.severity.rawValue); string(d.file); int(d.line); int(d.column); string(d.message); string(d.kind?.rawValue ?? ""); string(d.subject) }
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

    mutating func diagnostics() -> [Diagnostic]? {
        guard let count = int(), count >= 0, count <= end - pos else { return nil }
        var diagnostics: [Diagnostic] = []
        for _ in 0..<count {
            guard let sev = string(), let severity = Diagnostic.Severity(rawValue: sev), let file = string(),
                  let line = int(), let column = int(), let message = string(), let kind = string(), let subject = string() else { return nil }
            let known = Diagnostic.Kind(rawValue: kind)
            guard kind.isEmpty || known != nil else { return nil }
            diagnostics.append(Diagnostic(severity, file: file, line: line, column: column, message, kind: known, subject: subject))
        }
        return diagnostics
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
        guard let extraAnchors = strings(), let titleAnchors = strings(), let linkCount = int(), linkCount >= 0 else { return nil }
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
            case 7: guard let f = string() else { return nil }; target = .category(folder: f)
            default: return nil
            }
            links.append(ResolvedLink(url: url, line: line, column: column, target: target))
        }
        guard let diagnostics = diagnostics() else { return nil }
        guard let hash = u64(), let size = int(), let modified = i64() else { return nil }
        return PageSummary(path: path, category: category, meta: meta, title: pageTitle, sections: sections, extraAnchors: extraAnchors,
                           titleAnchors: titleAnchors, links: links, diagnostics: diagnostics, sourceHash: hash, size: size, modified: modified)
    }
}
