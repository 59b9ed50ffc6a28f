import Foundation
import Handbook
import Search

/// Builds the site's search index from the handbook, analysing only pages that changed.
enum SiteSearch {
    /// Analysed documents for every published page, in reading order, and the cache for next time.
    static func analyze(_ handbook: Handbook, cache: SearchCache?) throws(HandbookError) -> (documents: [AnalyzedDocument], cache: SearchCache) {
        let pages = handbook.publishedPages
        let results: [Result<SearchCache.Entry, HandbookError>] = parallelMap(pages) { page in
            if handbook.rendered[page.path] == nil, let hit = cache?.pages[page.path], hit.sourceHash == page.sourceHash {
                return .success(hit)
            }
            do throws(HandbookError) {
                let rendered = try handbook.render(path: page.path)
                var analyzer = Analyzer()
                let docs = SearchIndexBuilder.documents(for: page, rendered: rendered, pageURL: SiteURL.page(page.meta.id))
                    .map { SearchIndexBuilder.analyze($0, analyzer: &analyzer) }
                return .success(SearchCache.Entry(sourceHash: page.sourceHash, documents: docs))
            } catch {
                return .failure(error)
            }
        }
        var next = SearchCache()
        var documents: [AnalyzedDocument] = []
        for (page, result) in zip(pages, results) {
            let entry = try result.get()
            next.pages[page.path] = entry
            documents += entry.documents
        }
        return (documents, next)
    }

    static func cachePath(for out: String) -> String {
        SiteBuilder.cachePath(for: out).replacingOccurrences(of: ".bin", with: ".search.bin")
    }
}
