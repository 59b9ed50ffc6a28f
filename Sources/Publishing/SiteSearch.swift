import Foundation
import Handbook
import Search

/// Builds the site's search index from the handbook, analysing only pages that changed.
enum SiteSearch {
    /// The documents of the pages analysed again (changed, or not in the cache), and the cache
    /// for next time with every published page in reading order.
    static func analyze(_ handbook: Handbook, cache: SearchCache?) throws(HandbookError) -> (changes: [(path: String, documents: [IndexedDocument])], cache: SearchCache) {
        let pages = handbook.publishedPages
        let table = cache?.terms ?? TermTable()
        // Analyse changed pages on all cores, numbering terms as we go so the per-document
        // dictionaries are freed page by page; reuse the rest.
        // Pages go to the cores in runs, each run with one analyzer, so a run's pages share its
        // stemmers and its memo of stemmed words.
        let runLength = 64
        let runs = stride(from: 0, to: pages.count, by: runLength).map { $0..<min(pages.count, $0 + runLength) }
        let analysed: [[Result<[IndexedDocument]?, HandbookError>]] = parallelMap(runs) { run in
            var analyzer = Analyzer()
            return pages[run].map { page -> Result<[IndexedDocument]?, HandbookError> in
                if handbook.rendered[page.path] == nil, let hit = cache?.pages[page.path], hit.sourceHash == page.sourceHash {
                    return .success(nil)
                }
                do throws(HandbookError) {
                    let rendered = try handbook.render(path: page.path)
                    return .success(SearchIndexBuilder.documents(for: page, rendered: rendered, pageURL: SiteURL.page(page.meta.id))
                        .map { IndexedDocument(SearchIndexBuilder.analyze($0, analyzer: &analyzer), sourceHash: page.sourceHash, table: table) })
                } catch {
                    return .failure(error)
                }
            }
        }
        let fresh = analysed.flatMap { $0 }
        var next = SearchCache(terms: table)
        next.segment = cache?.segment
        next.storedPostings = cache?.storedPostings ?? []
        var changes: [(path: String, documents: [IndexedDocument])] = []
        for (page, result) in zip(pages, fresh) {
            let entry: SearchCache.Entry
            if let indexed = try result.get() {
                entry = SearchCache.Entry(sourceHash: page.sourceHash, documents: indexed)
                changes.append((page.path, indexed))
            } else if let hit = cache?.pages[page.path] {
                entry = hit
            } else {
                continue
            }
            next.pages[page.path] = entry
            next.order.append(page.path)
        }
        return (changes, next)
    }

    /// The search index files for the handbook, and the cache for next time. The index of the
    /// previous build is updated when only pages' texts changed (`SearchIndexState.updated`);
    /// otherwise it is built from every page's documents. `incremental` says which happened.
    /// When a record of the cache turns out damaged on the way, the index is built again without it.
    /// What `index` gives: the index files, the cache for the next build, and whether the
    /// index was updated from the cache rather than built afresh.
    typealias Indexed = (files: [SearchIndexBuilder.IndexFile], cache: SearchCache, incremental: Bool)

    static func index(_ handbook: Handbook, cache: SearchCache?, trace: inout Trace) throws(HandbookError) -> Indexed {
        let (changes, analysed) = try analyze(handbook, cache: cache)
        var next = analysed
        trace.mark("search: analyse")
        let order = next.order
        // The first document of each page, in reading order.
        var starts: [Int] = []
        starts.reserveCapacity(order.count + 1)
        var total = 0
        for path in order { starts.append(total); total += next.pages[path]!.count }
        starts.append(total)
        let firsts = starts
        let entries = order.map { next.pages[$0]! }
        // The documents of a range, decoded from the pages that hold it.
        var documents: @Sendable (Range<Int>) -> [SearchDocument] = { range in
            var lo = 0, hi = entries.count
            while lo < hi { let mid = (lo + hi) / 2; if firsts[mid + 1] <= range.lowerBound { lo = mid + 1 } else { hi = mid } }
            var out: [SearchDocument] = []
            var p = lo
            while p < entries.count, firsts[p] < range.upperBound {
                let docs = entries[p].documents
                for (i, d) in docs.enumerated() where range.contains(firsts[p] + i) { out.append(d.document) }
                p += 1
            }
            return out
        }
        var state: SearchIndexState?
        // An update moves postings term by term: past a few dozen changed pages (every page, after
        // the binary changed) building the index afresh is much faster, and gives the same index.
        if let cache, let previous = cache.index, cache.order == order, changes.count <= max(64, order.count / 32) {
            var pageChanges: [SearchIndexState.PageChange] = []
            var position: [String: Int] = [:]
            for (i, path) in order.enumerated() { position[path] = i }
            for (path, documents) in changes {
                guard let old = cache.pages[path] else { pageChanges = []; break }
                pageChanges.append(.init(first: firsts[position[path]!], old: old.documents, new: documents))
            }
            if pageChanges.count == changes.count {
                state = changes.isEmpty ? previous : previous.updated(pageChanges, table: next.terms, documents: documents)
            }
        }
        let incremental = state != nil
        if state == nil {
            let all = parallelMap(entries) { $0.documents }.flatMap { $0 }
            state = SearchIndexState.build(all, table: next.terms)
            let flat = all.map(\.document)
            documents = { Array(flat[$0]) }
        }
        next.index = state
        if let segment = cache?.segment, segment.isDamaged { return try index(handbook, cache: nil, trace: &trace) }
        trace.mark(incremental ? "search: update index" : "search: build index")
        let provider = documents
        return (state!.files(table: next.terms, synonyms: handbook.searchSynonyms, documents: provider), next, incremental)
    }

    /// The error that stops a commit when a search cache record read while writing was damaged.
    static let damageMessage = "a record of the search cache is damaged; building the index again without it"

    static func cachePath(for out: String) -> String {
        SiteBuilder.cacheFolderPath(for: out, suffix: ".search.bin")
    }
}
