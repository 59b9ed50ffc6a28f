import Foundation
import Handbook
import History

// Read and acknowledge, on the served site: an SOP page carries an empty, hidden slot naming
// the SOP and its current version; `site.js` fills it only for a signed-in reader (from
// `casebook serve`'s /api/) who has not acknowledged that version. What changed since each
// earlier version (how many sections, which page shows it) is a small static file written with
// the version pages, `changes/<id>.json`, fetched only then. Without a server or a session the
// slot stays hidden and nothing is fetched.

/// `changes/<id>.json`: for each earlier version of an SOP, the sections changed between
/// it and the current version and the page that shows the change.
struct VersionChanges: Encodable {
    /// One earlier version.
    struct Since: Encodable {
        /// The earlier version.
        var version: String
        /// How many sections differ between it and the current version (changed, added,
        /// removed or moved).
        var sections: Int
        /// The page showing the change, relative to `sop/`: the diff page when it is the
        /// version just before the current one, else the list of versions (with every diff).
        var diff: String
    }
    /// The SOP's page id.
    var sop: String
    /// The current version.
    var current: String
    /// The earlier versions, oldest first.
    var since: [Since]
}

extension SiteURL {
    /// What changed since each earlier version of an SOP: `changes/<id>.json`.
    public static func changes(_ id: String) -> String { "changes/\(LinkResolver.percentEncoded(id)).json" }
}

extension SiteRenderer {
    /// The hidden slot `site.js` turns into the "changed since you last read it" banner, for a
    /// published SOP with a version; empty otherwise. A translation of the original's current
    /// version acknowledges the original (what campaigns assign); a translation that is behind
    /// or of an unknown version has no slot (its own banner sends the reader to the original).
    func readAcknowledgementSlot(_ page: PageSummary) -> String {
        guard page.meta.status == .published else { return "" }
        var sop = page
        if page.meta.translationOf != nil {
            guard handbook.translationState(page) == .current, let id = page.meta.translationOf, let original = handbook.page(id: id) else { return "" }
            sop = original
        }
        guard !sop.meta.version.isEmpty else { return "" }
        let e = HTML.escape
        var slot = "<section id=\"read-ack\" class=\"read-ack\" hidden aria-labelledby=\"read-ack-title\" data-sop=\"\(e(sop.meta.id))\" data-version=\"\(e(sop.meta.version))\""
        if history.isEnabled && !history.versions(of: sop.meta.id).isEmpty {
            slot += " data-changes=\"../\(e(SiteURL.changes(sop.meta.id)))\""
        }
        return slot + "></section>\n<p id=\"read-ack-status\" class=\"visually-hidden\" role=\"status\" aria-live=\"polite\"></p>\n"
    }

    /// The bytes of `changes/<id>.json`: for each earlier version, how many sections were
    /// touched by the updates since (see `SectionChanges.since`).
    func versionChanges(_ page: PageSummary, versions: [SOPVersion]) throws(HandbookError) -> [UInt8] {
        let id = page.meta.id
        guard let current = versions.last else { return Array("{}\n".utf8) }
        var steps: [[SectionChanges.Step]] = []
        for (from, to) in zip(versions, versions.dropFirst()) {
            steps.append(try sectionChanges.steps(id, from: from, to: to) { () throws(HandbookError) in try history.diff(of: id, from: from, to: to) })
        }
        let counts = SectionChanges.since(steps)
        var since: [VersionChanges.Since] = []
        for (i, v) in versions.dropLast().enumerated() where !v.version.isEmpty {
            let link = i == versions.count - 2 ? SiteURL.diffFile(from: v.version, to: current.version) : "versions.html"
            since.append(.init(version: v.version, sections: counts[i], diff: LinkResolver.percentEncoded(id) + "/" + link))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = VersionChanges(sop: id, current: current.version, since: since)
        guard let data = try? encoder.encode(body) else { throw HandbookError(file: page.path, "the version changes could not be written") }
        return [UInt8](data) + [UInt8(ascii: "\n")]
    }
}

/// What each consecutive pair of an SOP's versions changed, section by section, kept from the
/// diff pages that computed it so `changes/<id>.json` needs no diff of its own (computing one
/// only when its diff page has not been rendered yet in this build). Only the anchors are
/// kept, never the diffs' text. Shared by the rendering threads: one lock guards it.
final class SectionChanges: @unchecked Sendable {
    /// One section of a diff: its anchor before and after (nil: added or removed), and
    /// whether it changed (text, place or anchor), as the diff pages and their counts say.
    struct Step: Sendable {
        var old: String?
        var new: String?
        var changed: Bool
    }

    private var byPair: [String: [Step]] = [:]
    private let lock = NSLock()

    /// Keeps what `diff` changed between two versions of page `id`.
    func record(_ id: String, from: SOPVersion, to: SOPVersion, _ diff: SectionDiff) {
        let steps = Self.steps(diff)
        lock.lock(); defer { lock.unlock() }
        byPair[Self.key(id, from, to)] = steps
    }

    /// What changed between two versions of page `id`: as recorded, or from `diff()` now.
    func steps(_ id: String, from: SOPVersion, to: SOPVersion, diff: () throws(HandbookError) -> SectionDiff) throws(HandbookError) -> [Step] {
        lock.lock()
        let known = byPair[Self.key(id, from, to)]
        lock.unlock()
        if let known { return known }
        let computed = try diff()
        record(id, from: from, to: to, computed)
        return Self.steps(computed)
    }

    static func steps(_ diff: SectionDiff) -> [Step] {
        diff.sections.map { Step(old: $0.oldAnchor, new: $0.newAnchor, changed: $0.status != .unchanged || $0.moved || $0.oldAnchor != $0.newAnchor) }
    }

    static func key(_ id: String, _ from: SOPVersion, _ to: SOPVersion) -> String {
        [id, from.version, from.commit ?? "disk", to.version, to.commit ?? "disk"].joined(separator: "\u{0}")
    }

    /// For consecutive steps (versions 0→1, 1→2, ... n-1→n), how many sections of the current
    /// version (or removed on the way) were touched since each version 0...n-1: the union of
    /// the changed sections of every later step, followed through renamed anchors, so a section
    /// renamed in one update and edited in the next counts once. Since the version just before
    /// the current one it is that diff's count.
    static func since(_ steps: [[Step]]) -> [Int] {
        var touched = Set<String>()
        // Anchor in the later version of the step being read -> the section's key now (nil: the current version, keyed by its anchor).
        var forward: [String: String]? = nil
        var counts = Array(repeating: 0, count: steps.count)
        for j in steps.indices.reversed() {
            var earlier: [String: String] = [:]
            for (i, step) in steps[j].enumerated() {
                let key: String
                if let new = step.new { key = forward.map { $0[new] ?? "gone \(j) \(new)" } ?? new } else { key = "removed \(j) \(i) \(step.old ?? "")" }
                if step.changed { touched.insert(key) }
                if let old = step.old { earlier[old] = key }
            }
            forward = earlier
            counts[j] = touched.count
        }
        return counts
    }
}
