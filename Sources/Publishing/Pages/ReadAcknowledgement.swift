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

    /// The bytes of `changes/<id>.json`: each earlier version compared with the current one.
    func versionChanges(_ page: PageSummary, versions: [SOPVersion]) throws(HandbookError) -> [UInt8] {
        let id = page.meta.id
        guard let current = versions.last else { return Array("{}\n".utf8) }
        var since: [VersionChanges.Since] = []
        for (i, v) in versions.dropLast().enumerated() where !v.version.isEmpty {
            let diff = try history.diff(of: id, from: v, to: current)
            let count = diff.sections.filter { $0.status != .unchanged || $0.moved || $0.oldAnchor != $0.newAnchor }.count
            let link = i == versions.count - 2 ? SiteURL.diffFile(from: v.version, to: current.version) : "versions.html"
            since.append(.init(version: v.version, sections: count, diff: LinkResolver.percentEncoded(id) + "/" + link))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = VersionChanges(sop: id, current: current.version, since: since)
        guard let data = try? encoder.encode(body) else { throw HandbookError(file: page.path, "the version changes could not be written") }
        return [UInt8](data) + [UInt8(ascii: "\n")]
    }
}
