import Handbook
import History
import Quiz

/// The SOP history as the quiz bank's review check reads it: what each version changed,
/// section by section, when it was published (the site's diff pages compare the versions as
/// each last stood: an edit that kept a version shows there, and flags items at the next version).
extension SiteHistory: SectionChangeSource {
    /// The versions of page `pageID` after its first, oldest first, with the sections and codes
    /// each changed; only versions committed after `date` (and the one on disk) are compared.
    /// Nil without a git repository.
    public func changes(of pageID: String, after date: String) throws(HandbookError) -> [SOPVersionChange]? {
        guard hasRepository else { return nil }
        var out: [SOPVersionChange] = []
        for (from, to) in pairs(of: pageID) {
            if let committed = to.date, committed <= date { continue }
            // As published: which items a version holds at a given instant must not change
            // with later commits that keep the version (`attempts verify` re-creates draws).
            out.append(Self.change(try diff(of: pageID, from: from, to: to, asPublished: true), version: to))
        }
        return out
    }

    /// A section diff as the review check needs it: the sections that differ (a section only
    /// moved does not; one whose anchor changed does) and the codes removed or renamed.
    static func change(_ diff: SectionDiff, version: SOPVersion) -> SOPVersionChange {
        var sections: [SOPVersionChange.Section] = []
        for s in diff.sections {
            switch s.status {
            case .added: sections.append(.init(kind: .added, oldAnchor: nil, newAnchor: s.newAnchor))
            case .removed: sections.append(.init(kind: .removed, oldAnchor: s.oldAnchor, newAnchor: nil))
            case .changed: sections.append(.init(kind: .changed, oldAnchor: s.oldAnchor, newAnchor: s.newAnchor))
            case .unchanged where s.oldAnchor != s.newAnchor: sections.append(.init(kind: .changed, oldAnchor: s.oldAnchor, newAnchor: s.newAnchor))
            case .unchanged: break
            }
        }
        var codes: [SOPVersionChange.Code] = []
        for c in diff.codeChanges {
            switch c.kind {
            case .removed: codes.append(.init(code: c.code, renamedTo: nil))
            case .renamed: if let old = c.oldCode { codes.append(.init(code: old, renamedTo: c.code)) }
            case .added, .harmChanged: break
            }
        }
        return SOPVersionChange(version: version.version, time: version.time, date: version.date, sections: sections, removedCodes: codes)
    }
}
