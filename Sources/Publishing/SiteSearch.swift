import Foundation
import Handbook
import Search

/// Builds the site's search index from the handbook, analysing only pages that changed.
enum SiteSearch {
    /// Indexed documents for every published page, in reading order, and the cache for next time.
    static func analyze(_ handbook: Handbook, cache: SearchCache?) throws(HandbookError) -> (documents: [IndexedDocument], cache: SearchCache) {
        let pages = handbook.publishedPages
        // Analyse changed pages on all cores; reuse the rest.
        let fresh: [Result<[AnalyzedDocument]?, HandbookError>] = parallelMap(pages) { page in
            if handbook.rendered[page.path] == nil, let hit = cache?.pages[page.path], hit.sourceHash == page.sourceHash {
                return .success(nil)
            }
            do throws(HandbookError) {
                let rendered = try handbook.render(path: page.path)
                var analyzer = Analyzer()
                return .success(SearchIndexBuilder.documents(for: page, rendered: rendered, pageURL: SiteURL.page(page.meta.id))
                    .map { SearchIndexBuilder.analyze($0, analyzer: &analyzer) })
            } catch {
                return .failure(error)
            }
        }
        let table = cache?.terms ?? TermTable()
        var next = SearchCache(terms: table)
        var documents: [IndexedDocument] = []
        for (page, result) in zip(pages, fresh) {
            let entry: SearchCache.Entry
            if let analyzed = try result.get() {
                entry = SearchCache.Entry(sourceHash: page.sourceHash,
                                          documents: analyzed.map { IndexedDocument($0, sourceHash: page.sourceHash, table: table) })
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
        SiteBuilder.cachePath(for: out).replacingOccurrences(of: ".bin", with: ".search.bin")
    }
}
