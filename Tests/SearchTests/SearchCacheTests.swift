import Foundation
import Testing
@testable import Search

@Suite struct SearchCacheTests {
    /// Fifty small pages, analysed and indexed as a build saves them.
    func fiftyPageCache(_ table: TermTable) -> SearchCache {
        var pages: [String: SearchCache.Entry] = [:]
        for i in 0..<50 { pages["p\(i).md"] = entry("p\(i)", "Counterfeit sellers, case \(i).", table: table) }
        var cache = SearchCache(terms: table, pages: pages)
        cache.order = pages.keys.sorted()
        cache.index = SearchIndexState.build(cache.order.flatMap { pages[$0]!.documents }, table: table)
        return cache
    }

    func entry(_ id: String, _ text: String, table: TermTable) -> SearchCache.Entry {
        var analyzer = Analyzer()
        let doc = SearchDocument(pageID: id, pageURL: "sop/\(id).html", pageTitle: "Page \(id)", anchor: "rules", section: "Rules",
                                 lang: "en", markets: ["UK"], tags: ["counterfeit"], codes: ["IP-01"], defines: nil, text: text)
        return SearchCache.Entry(sourceHash: 7, documents: [IndexedDocument(SearchIndexBuilder.analyze(doc, analyzer: &analyzer), sourceHash: 7, table: table)])
    }

    func words(_ entry: SearchCache.Entry?, _ table: TermTable) -> [String] {
        (entry?.documents.first?.termIDs ?? []).map { table.names[Int($0)] }.sorted()
    }

    func temporaryFolder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("search-cache-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    func size(_ path: String) -> Int { ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? -1 }

    @Test func savesAppendOnlyWhatChangedAndReadBack() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let head = dir + "/site.search.bin", segment = SearchCache.segmentPath(head: head)
        #expect(segment == dir + "/site.search.seg")
        let table = TermTable()
        var pages: [String: SearchCache.Entry] = [:]
        for i in 0..<700 { pages["c\(i % 7)/p\(i).md"] = entry("p\(i)", "Replica handbags listed as genuine, case \(i).", table: table) }
        var first = SearchCache(terms: table, pages: pages)
        first.order = pages.keys.sorted()
        first.index = SearchIndexState.build(first.order.flatMap { pages[$0]!.documents }, table: table)
        #expect(first.save(to: head))
        let decoded = try #require(SearchCache.load(from: head))
        #expect(decoded.pages.count == 700)
        #expect(decoded.order == first.order)
        #expect(decoded.terms.names == table.names)
        #expect(words(decoded.pages["c3/p3.md"], decoded.terms) == words(pages["c3/p3.md"], table))
        #expect(decoded.pages["c3/p3.md"]?.documents.first?.document == pages["c3/p3.md"]?.documents.first?.document)
        #expect(decoded.index?.postings == first.index?.postings)
        let segmentBefore = size(segment)

        // The next build adds a page with new words: the term table grows, the other pages keep
        // their records, and only the new record and the postings that changed are appended.
        var next = decoded
        next.pages["c0/new.md"] = entry("new", "Counterfeit perfume sold in a livestream giveaway.", table: next.terms)
        next.pages["c1/p1.md"] = nil
        #expect(next.terms.count > table.count)
        #expect(next.save(to: head))
        #expect(size(segment) > segmentBefore && size(segment) < segmentBefore + 2_000)
        let again = try #require(SearchCache.load(from: head))
        #expect(again.pages.count == 700)
        #expect(again.pages["c1/p1.md"] == nil)
        #expect(words(again.pages["c0/new.md"], again.terms).contains("livestream"))
        #expect(words(again.pages["c5/p5.md"], again.terms) == words(pages["c5/p5.md"], table))
        #expect(again.index?.postings == first.index?.postings)

        // Rewriting the same page again and again: garbage is compacted away, so the file stays
        // within twice what is live.
        var current = again
        for round in 0..<60 {
            current.pages["c2/p2.md"] = entry("p2", "Round \(round): " + String(repeating: "replica listing evidence ", count: 40), table: current.terms)
            #expect(current.save(to: head))
            current = try #require(SearchCache.load(from: head))
        }
        #expect(size(segment) < 2 * segmentBefore + 64)
        #expect(words(current.pages["c2/p2.md"], current.terms).contains("59"))
        #expect(words(current.pages["c5/p5.md"], current.terms) == words(pages["c5/p5.md"], table))
    }

    /// An index updated after an edit stores again only the postings of the terms it touched
    /// (a word gone from the page, a word new to the handbook); read back, every term's
    /// postings are those of the updated index, which are a fresh build's.
    @Test func anUpdatedIndexStoresTheTermsItChanged() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let head = dir + "/site.search.bin"
        let table = TermTable()
        var pages: [String: SearchCache.Entry] = [:]
        for i in 0..<50 { pages["c\(i % 5)/p\(i).md"] = entry("p\(i)", "Replica handbags listed as genuine, case \(i).", table: table) }
        var first = SearchCache(terms: table, pages: pages)
        first.order = pages.keys.sorted()
        first.index = SearchIndexState.build(first.order.flatMap { pages[$0]!.documents }, table: table)
        #expect(first.index?.changedTerms == nil)
        #expect(first.save(to: head))
        var next = try #require(SearchCache.load(from: head))
        #expect(next.index?.changedTerms == [])
        let order = next.order
        let at = try #require(order.firstIndex(of: "c3/p3.md"))
        // Same length, so the average field lengths (and the weights) stay.
        let edited = entry("p3", "Replica quokkas listed as genuine, case 3.", table: next.terms)
        let current = next
        let documents: (Range<Int>) -> [SearchDocument] = { range in
            range.map { i in (i == at ? edited : current.pages[order[i]]!).documents[0].document }
        }
        let updated = try #require(next.index?.updated([.init(first: at, old: next.pages["c3/p3.md"]!.documents, new: edited.documents)],
                                                       table: next.terms, documents: documents))
        let quokka = try #require(next.terms.names.firstIndex(of: "quokka"))
        let handbag = try #require(next.terms.names.firstIndex(of: "handbag"))
        #expect(updated.changedTerms?.contains(Int32(quokka)) == true && updated.changedTerms?.contains(Int32(handbag)) == true)
        next.pages["c3/p3.md"] = edited
        next.index = updated
        #expect(next.save(to: head))
        let again = try #require(SearchCache.load(from: head))
        let all = order.flatMap { again.pages[$0]!.documents }
        #expect(again.index?.postings == updated.postings)
        #expect(again.index?.postings == SearchIndexState.build(all, table: again.terms).postings)
    }

    /// A damaged, truncated or old cache is never read as valid; bytes appended by a save that
    /// a crash interrupted before the head was replaced are ignored.
    /// A build killed while writing leaves `name.tmp-PID`; the next save removes those of
    /// processes that no longer run (a cut-short segment file is as large as the index) and
    /// leaves those of a process still writing.
    @Test func leftoversOfAKilledBuildAreRemovedOnTheNextSave() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let head = dir + "/site.search.bin", segment = SearchCache.segmentPath(head: head)
        // A process that has ended, and one that runs for the whole test.
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let running = Process()
        running.executableURL = URL(fileURLWithPath: "/bin/sleep")
        running.arguments = ["30"]
        try running.run()
        defer { running.terminate() }
        let stale = [head + ".tmp-\(ended.processIdentifier)", segment + ".tmp-\(ended.processIdentifier)"]
        let live = [head + ".tmp-\(running.processIdentifier)", segment + ".tmp-\(running.processIdentifier)"]
        let unrelated = dir + "/site.search.bin.notes"
        for f in stale + live + [unrelated] { #expect(FileManager.default.createFile(atPath: f, contents: Data(repeating: 1, count: 100))) }
        let table = TermTable()
        var cache = SearchCache(terms: table, pages: ["p.md": entry("p", "Counterfeit sellers.", table: table)])
        cache.order = ["p.md"]
        #expect(cache.save(to: head))
        for f in stale { #expect(!FileManager.default.fileExists(atPath: f), "\(f) is removed") }
        for f in live + [unrelated] { #expect(FileManager.default.fileExists(atPath: f), "\(f) is kept") }
        #expect(SearchCache.load(from: head)?.pages.count == 1)
    }

    @Test func damagedCachesAreRefused() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let head = dir + "/site.search.bin", segment = SearchCache.segmentPath(head: head)
        let table = TermTable()
        let cache = fiftyPageCache(table)
        #expect(cache.save(to: head))
        let goodHead = try Data(contentsOf: URL(fileURLWithPath: head)), goodSegment = try Data(contentsOf: URL(fileURLWithPath: segment))
        func restore() throws {
            try goodHead.write(to: URL(fileURLWithPath: head))
            try goodSegment.write(to: URL(fileURLWithPath: segment))
        }
        #expect(SearchCache.load(from: head) != nil)

        // A save cut short after appending to the segment file: the old head still reads, and
        // the next save drops the stray bytes.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: segment))
        handle.seekToEndOfFile()
        handle.write(Data(repeating: 0xAB, count: 1000))
        handle.closeFile()
        let afterCrash = try #require(SearchCache.load(from: head))
        #expect(afterCrash.pages.count == 50)
        #expect(afterCrash.save(to: head))
        #expect(size(segment) == goodSegment.count)
        #expect(SearchCache.load(from: head) != nil)

        var damaged: [(String, () throws -> Void)] = [
            ("head truncated", { try goodHead.dropLast(3).write(to: URL(fileURLWithPath: head)) }),
            ("segment truncated", { try goodSegment.prefix(goodSegment.count - 10).write(to: URL(fileURLWithPath: segment)) }),
            ("segment missing", { try FileManager.default.removeItem(atPath: segment) }),
            ("an older version", {
                var bytes = [UInt8](goodHead)
                bytes.replaceSubrange(0..<18, with: Array("CASEBOOK-SEARCH-8\n".utf8))
                try Data(bytes).write(to: URL(fileURLWithPath: head))
            }),
            // A new segment file (a compaction) without its head: the old head names another file.
            ("segment of another save", {
                var bytes = [UInt8](goodSegment)
                bytes[SegmentFile.magic.count] ^= 1
                try Data(bytes).write(to: URL(fileURLWithPath: segment))
            }),
        ]
        for at in [30, goodHead.count / 2, goodHead.count - 12] {
            damaged.append(("head byte \(at) changed", {
                var bytes = [UInt8](goodHead)
                bytes[at] ^= 0x20
                try Data(bytes).write(to: URL(fileURLWithPath: head))
            }))
        }
        for (what, damage) in damaged {
            try restore()
            try damage()
            #expect(SearchCache.load(from: head) == nil, "\(what)")
        }

        // A changed byte in a page's record: the head and the postings are checked when the cache
        // is read, a page's record only when it is first decoded (a rebuild reads only the
        // records it uses). The damaged one then gives no documents and marks the file damaged,
        // which the build checks (it indexes again without the cache); the others still read.
        try restore()
        let loaded = try #require(SearchCache.load(from: head))
        let victim = try #require(loaded.pages["p17.md"]?.stored?.blob)
        var bytes = [UInt8](goodSegment)
        bytes[victim.offset + victim.length / 2] ^= 0x20
        try Data(bytes).write(to: URL(fileURLWithPath: segment))
        let late = try #require(SearchCache.load(from: head))
        let segmentFile = try #require(late.segment)
        #expect(late.pages["p3.md"]?.documents.count == 1)
        #expect(!segmentFile.isDamaged)
        #expect(late.pages["p17.md"]?.documents.isEmpty == true)
        #expect(segmentFile.isDamaged)
        // Every record of the file, decoded one by one: some bit flips anywhere in it are found.
        for at in stride(from: SegmentFile.headerLength, to: goodSegment.count, by: max(1, goodSegment.count / 97)) {
            var bytes = [UInt8](goodSegment)
            bytes[at] ^= 0x04
            try Data(bytes).write(to: URL(fileURLWithPath: segment))
            let cache = try #require(SearchCache.load(from: head), "segment byte \(at) changed")
            for entry in cache.pages.values { _ = entry.documents }
            if let index = cache.index { for t in index.postings.indices { _ = index.postings[t] } }
            #expect(cache.segment?.isDamaged == true, "segment byte \(at) changed")
        }
    }

    /// A term's postings are read from the segment file when first used, not when the cache is
    /// read: a rebuild uses those of a few hundred terms. A damaged list is found then: it
    /// reads as empty and marks the file damaged (the build then indexes again without it).
    @Test func postingsAreReadAndCheckedWhenFirstUsed() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let head = dir + "/site.search.bin", segment = SearchCache.segmentPath(head: head)
        let table = TermTable()
        let cache = fiftyPageCache(table)
        let built = try #require(cache.index)
        #expect(cache.save(to: head))
        let counterfeit = try #require(table.names.firstIndex(of: "counterfeit"))
        let seller = try #require(table.names.firstIndex(of: "seller"))
        let blob = try #require(SearchCache.load(from: head)?.storedPostings[counterfeit])
        #expect(blob.length == built.postings[counterfeit].count * 4 && blob.length > 0)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: segment)))
        bytes[blob.offset + 1] ^= 0x10
        try Data(bytes).write(to: URL(fileURLWithPath: segment))

        let loaded = try #require(SearchCache.load(from: head))
        let file = try #require(loaded.segment)
        let index = try #require(loaded.index)
        #expect(!file.isDamaged)
        #expect(index.postings[seller] == built.postings[seller])
        #expect(!file.isDamaged)
        #expect(index.postings[counterfeit].isEmpty)
        #expect(file.isDamaged)
    }
}

@Suite struct SnippetTests {
    @Test func asciiFastPathGivesTheSameSnippetsAsTheScalarPath() {
        var texts = ["", "   ", "Short text.", "  Leading and trailing  \n", "tabs\tand\r\nbreaks\n\nhere"]
        var seed: UInt64 = 42
        for length in [50, 199, 200, 201, 260, 1000] {
            var t = ""
            for _ in 0..<length {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                let r = Int(seed >> 59)
                t += r < 3 ? " " : r < 4 ? "\n" : String(UnicodeScalar(UInt8(97 + Int(seed >> 40) % 26)))
            }
            texts.append(t)
            texts.append(String(repeating: "x", count: length)) // no space to cut at
        }
        for t in texts {
            #expect(SearchIndexBuilder.asciiSnippet(t) == SearchIndexBuilder.scalarSnippet(t), "\(t.debugDescription)")
        }
        #expect(SearchIndexBuilder.asciiSnippet("ขาย ของ") == nil)
        #expect(SearchIndexBuilder.snippetText("ขาย  ของ") == "ขาย ของ")
    }
}
