import CivilDate
import Handbook

// MARK: - What the SOP history says

/// What one published version of an SOP changed against the version before it, section by
/// section: the input the bank's review check needs from the SOP history. The caller computes
/// it (from git, with the History module), so the quiz bank never reads git itself.
public struct SOPVersionChange: Sendable, Hashable {
    /// How a section differs from the version before.
    public enum Kind: String, Sendable, Hashable {
        /// Its text, heading, policy code, harm level or anchor changed.
        case changed
        /// It is new in this version.
        case added
        /// It is gone in this version (or its anchor changed to `newAnchor`).
        case removed
    }

    /// One section that differs from the version before (a section that only moved does not).
    public struct Section: Sendable, Hashable {
        public var kind: Kind
        /// Its anchor in the version before (nil when added).
        public var oldAnchor: String?
        /// Its anchor in this version (nil when removed).
        public var newAnchor: String?

        /// A section change.
        public init(kind: Kind, oldAnchor: String?, newAnchor: String?) {
            self.kind = kind
            self.oldAnchor = oldAnchor
            self.newAnchor = newAnchor
        }
    }

    /// A policy code of the version before that this version no longer defines.
    public struct Code: Sendable, Hashable {
        /// The code before.
        public var code: String
        /// Its new name when it was renamed; nil when it was removed.
        public var renamedTo: String?

        /// A removed (or renamed) policy code.
        public init(code: String, renamedTo: String?) {
            self.code = code
            self.renamedTo = renamedTo
        }
    }

    /// The `version` front matter value.
    public var version: String
    /// The commit time, seconds since 1970 UTC; nil for a version that exists only on disk.
    public var time: Int64?
    /// The commit's day (`YYYY-MM-DD`) in its committer's time zone, as `git log` shows it; nil
    /// for the UTC day of `time`.
    public var date: String?
    /// The sections that differ from the version before.
    public var sections: [Section]
    /// The policy codes removed or renamed in this version.
    public var removedCodes: [Code]

    /// A version's changes.
    public init(version: String, time: Int64?, date: String? = nil, sections: [Section], removedCodes: [Code]) {
        self.version = version
        self.time = time
        self.date = date
        self.sections = sections
        self.removedCodes = removedCodes
    }
}

/// Where the bank's review check reads what each SOP version changed (a site build's or a
/// command's SOP history).
public protocol SectionChangeSource: Sendable {
    /// The published versions of the SOP `pageID` after its first, oldest first, each with what
    /// it changed. Only versions committed after `date` (`YYYY-MM-DD`; "" for all) need their
    /// sections compared; the version on disk is always included. Nil when there is no history
    /// (no git repository): the page's change log is used instead.
    func changes(of pageID: String, after date: String) throws(HandbookError) -> [SOPVersionChange]?
}

// MARK: - Why an item needs review

/// Why an item needs review: an SOP section it cites changed after its `reviewed:` date.
///
/// A version counts from the day it was committed (its commit date in the committer's time
/// zone, as `git log` shows it), not from its
/// `effective` date: `reviewed:` says which text the reviewer read, and a version's text can
/// only be read once it is committed, whatever date it takes effect. A version that is not
/// committed yet (the file on disk) counts from its change-log date, else it is "not yet
/// committed": after every review. Never from its `effective` date, which a bump being written
/// often still carries from the version before. It holds exam items only from the moment the
/// bank was read, so attempts started earlier are re-created as they were (`attempts verify`).
public struct ReviewReason: Sendable, Hashable {
    /// How the cited section changed.
    public enum Kind: String, Sendable, Hashable {
        /// The section changed in `version`.
        case changed
        /// The section was added in `version` (the item was reviewed against a page without it).
        case added
        /// No history: the page's change log has an entry after the review.
        case pageChanged
    }
    /// The section the item cites (for `pageChanged`, its page and the cited anchor).
    public var section: SectionRef
    public var kind: Kind
    /// The version that changed it.
    public var version: String
    /// The day that version counts from (`YYYY-MM-DD`).
    public var date: String
    /// The instant it counts from, seconds since 1970 UTC: the commit time, or the start of `date`.
    public var since: Int64
    /// The change-log summary (`pageChanged` only).
    public var summary: String = ""
}

extension QuizBank {
    /// Why the item `id` needs review (empty when it does not).
    public func reviewReasons(of id: String) -> [ReviewReason] { reviewReasons[id] ?? [] }

    /// The active cases and questions citing a section `cites` accepts (a case's `sop:`, any
    /// of a question's), sorted by id: `ready` were reviewed since their section last changed,
    /// `held` need review first. Campaign and retraining quizzes draw only from `ready`.
    public func itemsCiting(_ cites: (SectionRef) -> Bool) -> (ready: [String], held: [String]) {
        let citing = (activeCases.filter { cites($0.sop) }.map(\.id) + activeQuestions.filter { $0.sops.contains(where: cites) }.map(\.id)).sorted()
        return (citing.filter { reviewReasons(of: $0).isEmpty }, citing.filter { !reviewReasons(of: $0).isEmpty })
    }

    /// "2 are ready; 1 more needs review after <change> (q1): <check> and update its 'reviewed'
    /// date": what an assigning command says when too few items are `ready`.
    public static func readiness(ready: Int, held: [String], after change: String, check: String = "check each") -> String {
        let waiting = held.isEmpty ? "" : "; \(held.count) more \(held.count == 1 ? "needs" : "need") review after \(change) (\(held.prefix(10).joined(separator: ", "))\(held.count > 10 ? ", ..." : "")): \(check) and update its 'reviewed' date"
        return "\(ready) \(ready == 1 ? "is" : "are") ready" + waiting
    }

    /// The items needing review at `instant` (seconds since 1970 UTC): those with a reason
    /// that counts from then or earlier. A draw at a given time always sees the same set, so
    /// `attempts verify` re-creates it.
    public func heldForReview(at instant: Int64) -> Set<String> {
        var out = Set<String>()
        for (id, reasons) in reviewReasons where reasons.contains(where: { $0.since <= instant }) { out.insert(id) }
        return out
    }

    /// The note shown with a drawn item that is being reviewed at `instant`; nil when it is not.
    public func reviewNote(_ id: String, at instant: Int64) -> String? {
        let reasons = reviewReasons(of: id).filter { $0.since <= instant }
        guard !reasons.isEmpty else { return nil }
        return "This item is being reviewed after an SOP change (\(Self.describe(reasons))); its answer key may change."
    }

    /// "ip#ip-01 changed in v2.1 (2026-09-10) and v2.2 (2026-10-20)": the reasons grouped by
    /// section, in order, each version named once (with its date when `dates`).
    public static func describe(_ reasons: [ReviewReason], dates: Bool = false) -> String {
        var sections: [(key: String, parts: [String])] = []
        var lastKind: [String: ReviewReason.Kind] = [:]
        for r in reasons {
            let key = r.kind == .pageChanged ? r.section.pageID : r.section.description
            let version = "v\(r.version)" + (dates ? " (\(r.date))" : "")
            let verb = r.kind == .added ? "added in " : "changed in "
            let part = lastKind[key] == r.kind ? version : verb + version
            lastKind[key] = r.kind
            if let i = sections.firstIndex(where: { $0.key == key }) { sections[i].parts.append(part) } else { sections.append((key, [part])) }
        }
        return list(sections.map { "\($0.key) \(list($0.parts))" })
    }

    /// "a", "a and b", "a, b and c".
    static func list(_ parts: [String]) -> String {
        guard parts.count > 1 else { return parts.first ?? "" }
        return parts.dropLast().joined(separator: ", ") + " and " + parts[parts.count - 1]
    }
}

// MARK: - The check

/// The review check of a loaded bank: which active items cite a section changed after their
/// `reviewed:` date, and where a cited anchor or code went.
struct ReviewCheck {
    let handbook: Handbook
    let source: (any SectionChangeSource)?
    /// When the bank was read (seconds since 1970 UTC): a version not committed yet holds
    /// items from then on, never before (see `dated`).
    let readAt: Int64
    /// Versions by page id, as read (nil: no history for that page).
    private var versions: [String: [SOPVersionChange]?] = [:]
    private var allVersions: [String: [SOPVersionChange]?] = [:]

    init(handbook: Handbook, source: (any SectionChangeSource)?, readAt: Int64) {
        self.handbook = handbook
        self.source = source
        self.readAt = readAt
    }

    /// One item as the check sees it.
    struct Item {
        var id: String
        var noun: String
        var file: String
        var refs: [SectionRef]
        var codes: [String]
        var reviewed: String
        var active: Bool
        var check: String
    }

    /// The reasons per item id, the diagnostics, and the replacements of missing-anchor and
    /// unknown-code errors (old message -> new message, per file) where history knows more.
    mutating func run(_ items: [Item]) throws(HandbookError) -> (reasons: [String: [ReviewReason]], diagnostics: [Diagnostic], rewrites: [String: [String: String]]) {
        // Read each page once, from the earliest review date of the items that cite it.
        var earliest: [String: String] = [:]
        for item in items where item.active && PageMetadata.isoDate(item.reviewed) != nil {
            for r in item.refs where handbook.page(id: r.pageID) != nil {
                earliest[r.pageID] = min(earliest[r.pageID] ?? item.reviewed, item.reviewed)
            }
        }
        if let source {
            // Pages are compared on all cores (SiteHistory serialises only its git reads).
            let pages = earliest.sorted { $0.key < $1.key }.map { (page: $0.key, date: $0.value) }
            let read = parallelMap(pages) { p -> Result<[SOPVersionChange]?, HandbookError> in
                do throws(HandbookError) { return .success(try source.changes(of: p.page, after: p.date)) } catch { return .failure(error) }
            }
            for (p, result) in zip(pages, read) { versions[p.page] = try result.get() }
        }
        var reasons: [String: [ReviewReason]] = [:]
        var diagnostics: [Diagnostic] = []
        for item in items where item.active && PageMetadata.isoDate(item.reviewed) != nil {
            var found: [ReviewReason] = []
            for ref in item.refs {
                guard let page = handbook.page(id: ref.pageID) else { continue }
                let mine: [ReviewReason]
                if source != nil, let history = versions[ref.pageID] ?? nil {
                    mine = sectionReasons(ref, page: page, history: history, reviewed: item.reviewed)
                    if !mine.isEmpty {
                        diagnostics.append(Diagnostic(.warning, file: "Quizzes/" + item.file,
                            "needs review: \(QuizBank.describe(mine, dates: true)) after this \(item.noun) was reviewed on \(item.reviewed); check \(item.check) and update 'reviewed'"))
                    }
                } else {
                    // No history: today's rule, the page's change log.
                    let later = page.meta.changes.filter { $0.date > item.reviewed }.sorted { $0.date > $1.date }
                    guard let latest = later.first else { continue }
                    if !found.contains(where: { $0.kind == .pageChanged && $0.section.pageID == ref.pageID }) {
                        diagnostics.append(Diagnostic(.warning, file: "Quizzes/" + item.file,
                            "needs review: \(page.meta.id) changed on \(latest.date) (v\(latest.version): \(latest.summary)) after this \(item.noun) was last reviewed on \(item.reviewed); check \(item.check) and update 'reviewed'"))
                    }
                    mine = later.reversed().map { ReviewReason(section: ref, kind: .pageChanged, version: $0.version, date: $0.date,
                                                    since: Self.startOfDay($0.date), summary: $0.summary) }
                }
                for reason in mine where !found.contains(where: { $0.kind == reason.kind && $0.version == reason.version && $0.section.pageID == reason.section.pageID && ($0.kind == .pageChanged || $0.section == reason.section) }) {
                    found.append(reason)
                }
            }
            if !found.isEmpty { reasons[item.id] = found }
        }
        let rewrites = try removals(items)
        return (reasons, diagnostics, rewrites)
    }

    /// The versions after `reviewed` that changed the section `ref` cites, oldest first,
    /// following the section back through anchor changes.
    func sectionReasons(_ ref: SectionRef, page: PageSummary, history: [SOPVersionChange], reviewed: String) -> [ReviewReason] {
        guard page.sections.contains(where: { $0.anchor == ref.anchor }) else { return [] } // a missing anchor is an error already
        var anchor = ref.anchor
        var out: [ReviewReason] = []
        for version in history.reversed() {
            guard let s = version.sections.first(where: { $0.newAnchor == anchor }) else { continue }
            // Each version is dated on its own: the one on disk may carry an earlier change-log date.
            let (date, since) = dated(version, page: page)
            if date > reviewed {
                out.append(ReviewReason(section: ref, kind: s.kind == .added ? .added : .changed, version: version.version, date: date, since: since))
            }
            guard let old = s.oldAnchor else { break }
            anchor = old
        }
        return out.reversed()
    }

    /// The day and instant a version counts from: its commit. For the version on disk (not
    /// committed yet, the current version all the same), its change-log date, else "not yet
    /// committed" (sorting after every date: it changed what every earlier review read); its
    /// `effective` date does not count (a bump being written often keeps the previous
    /// version's, and it says when the rule applies, not when its text was written). Either
    /// holds items from the moment the bank was read at the earliest: attempts started before
    /// never saw that text, and `attempts verify` re-creates them as they were.
    func dated(_ version: SOPVersionChange, page: PageSummary) -> (date: String, since: Int64) {
        // The committer's day: a version committed at 03:00 in Bangkok on 2 January counts
        // from 2 January (its UTC day, 1 January, missed items reviewed on the 1st).
        if let time = version.time { return (version.date ?? Self.day(time), time) }
        guard let logged = page.meta.changes.last(where: { $0.version == version.version })?.date else {
            return ("not yet committed", readAt)
        }
        return (logged, max(Self.startOfDay(logged), readAt))
    }

    // MARK: Removed anchors and codes

    /// For each cited anchor the page no longer has and each cited code the handbook no
    /// longer defines: the error message naming the version that removed (or renamed) it.
    mutating func removals(_ items: [Item]) throws(HandbookError) -> [String: [String: String]] {
        guard let source else { return [:] }
        var rewrites: [String: [String: String]] = [:]
        for item in items {
            let file = "Quizzes/" + item.file
            for ref in item.refs {
                guard let page = handbook.page(id: ref.pageID), !page.sections.contains(where: { $0.anchor == ref.anchor }) else { continue }
                guard let history = try all(ref.pageID, source: source) else { continue }
                for version in history.reversed() {
                    guard let s = version.sections.first(where: { $0.oldAnchor == ref.anchor && $0.newAnchor != ref.anchor }) else { continue }
                    let (date, _) = dated(version, page: page)
                    let how = s.newAnchor.map { "its anchor became '#\($0)' in v\(version.version) (\(date)); cite '\(ref.pageID)#\($0)' if that section still decides this \(item.noun)" }
                        ?? "it was removed in v\(version.version) (\(date)); cite the section that decides this \(item.noun) now"
                    rewrites[file, default: [:]][Resolution.missingSectionMessage(ref, page: page)] = "\(ref.pageID) has no section '#\(ref.anchor)': \(how)"
                    break
                }
            }
            for code in item.codes where handbook.codes[code] == nil {
                search: for pageID in Set(item.refs.map(\.pageID)).sorted() {
                    guard let page = handbook.page(id: pageID), let history = try all(pageID, source: source) else { continue }
                    for version in history.reversed() {
                        guard let c = version.removedCodes.first(where: { $0.code == code }) else { continue }
                        let (date, _) = dated(version, page: page)
                        let how = c.renamedTo.map { "it was renamed \($0) in \(pageID) v\(version.version) (\(date)); cite \($0) if it still applies" }
                            ?? "it was removed from \(pageID) in v\(version.version) (\(date)); cite the codes that apply now"
                        rewrites[file, default: [:]][Resolution.unknownCodeMessage(code)] = "policy code '\(code)' is no longer defined: \(how)"
                        break search
                    }
                }
            }
        }
        return rewrites
    }

    /// Every version of a page (for the rare missing anchor or code), read once.
    private mutating func all(_ pageID: String, source: any SectionChangeSource) throws(HandbookError) -> [SOPVersionChange]? {
        if let known = allVersions[pageID] { return known }
        let read = try source.changes(of: pageID, after: "")
        allVersions[pageID] = read
        return read
    }

    // MARK: Dates

    static func day(_ seconds: Int64) -> String {
        CivilDate(days: Int((seconds - ((seconds % 86_400) + 86_400) % 86_400) / 86_400)).iso
    }

    static func startOfDay(_ date: String) -> Int64 {
        guard let day = CivilDate(iso: date) else { return Int64.max }
        return Int64(day.days) * 86_400
    }
}
