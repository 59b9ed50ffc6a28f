import Foundation
import Handbook
import Search

/// Builds the site's search index from the handbook, analysing only pages that changed.
enum SiteSearch {
    /// Indexed documents for every published page, in reading order, and the cache for next time.
    static func analyze(_ handbook: Handbook, cache: SearchCache?) throws(HandbookError) -> (documents: [IndexedDocument], cache: SearchCache) {
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
        var documents: [IndexedDocument] = []
        for (page, result) in zip(pages, fresh) {
            let entry: SearchCache.Entry
            if let indexed = try result.get() {
                entry = SearchCache.Entry(sourceHash: page.sourceHash, documents: indexed)
            } else if let hit = cache?.pages[page.path] {
                entry = hit
            } else {
                continue
            }
            next.pages[page.path] = entry
            documents += entry.documents
        }
        return (documents, next)
    }

    static func cachePath(for out: String) -> String {
        SiteBuilder.cacheFolderPath(for: out, suffix: ".search.bin")
    }
}
