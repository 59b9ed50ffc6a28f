import Foundation
import Testing
@testable import Handbook
@testable import Publishing
@testable import Search
import CasebookTestSupport

/// Hostile shapes of content that the site index must survive (issue 12).
@Suite struct SearchIndexTests {
    /// A "word" of `count` letters, the same on every run.
    static func longWord(_ count: Int, seed: UInt64) -> String {
        var state = seed
        var letters = String.UnicodeScalarView()
        for _ in 0..<count {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            letters.append(Unicode.Scalar(UInt8(97 + (state >> 33) % 26)))
        }
        return String(letters)
    }

    func build(_ body: String) throws -> (TempTree, SearchEngine) {
        let t = try TempTree()
        try t.write("Content/policies/spam.md", "---\nid: spam\ntitle: Spam\n---\n## Keyboard spam {#kb}\n\n\(body)\n")
        try t.write("Content/policies/other.md", "---\nid: other\ntitle: Other\n---\nA normal page about counterfeit goods.\n")
        _ = try SiteBuilder.build(BuildOptions(content: t.path("Content"), out: t.path("site")))
        return (t, try #require(SearchEngine(source: SiteIndexSource(site: t.path("site")))))
    }

    func shardFiles(_ t: TempTree) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: t.path("site/search/t"))
    }

    @Test(.timeLimit(.minutes(1)))
    func aTermLargerThanAShardGetsAShardOfItsOwn() throws {
        let word = Self.longWord(10_000, seed: 1)
        let (t, e) = try build("Before \(word) after.")
        #expect(e.search(word).first?.url == "sop/spam.html#kb")
        #expect(e.search("counterfeit").first?.url == "sop/other.html")
        for name in try shardFiles(t) { #expect(name.utf8.count <= 2 * 4 * SearchIndexBuilder.maxShardKeyLength + 4) }
    }

    @Test(.timeLimit(.minutes(1)))
    func termsSharingALongPrefixStopSplittingAtTheKeyCap() throws {
        // Three 4,000-letter terms that differ only in their last letters: no short key separates them.
        let stem = Self.longWord(3_990, seed: 2)
        let words = ["aqzx", "bqzx", "cqzx"].map { stem + $0 + "q" }
        let (t, e) = try build(words.joined(separator: " "))
        for w in words { #expect(e.search(w).first?.url == "sop/spam.html#kb") }
        let meta = try String(contentsOfFile: t.path("site/search/meta.js"), encoding: .utf8)
        #expect(meta.count < 1_000, "split keys stay short")
        for name in try shardFiles(t) { #expect(name.utf8.count <= 2 * 4 * SearchIndexBuilder.maxShardKeyLength + 4) }
    }

    @Test func longTermsSharingAPrefixKeepShortShardNames() throws {
        // Two 5,500-letter terms sharing 200 letters: before the cap, the key grew to 201 letters
        // and its file name (hex) passed the 255 bytes a file system allows.
        let prefix = Self.longWord(200, seed: 3)
        let words = [prefix + "a" + Self.longWord(5_300, seed: 4), prefix + "b" + Self.longWord(5_300, seed: 5)]
        let (t, e) = try build(words.joined(separator: " "))
        for w in words { #expect(e.search(w).first?.url == "sop/spam.html#kb") }
        for name in try shardFiles(t) { #expect(name.utf8.count < 255) }
    }

    /// A handbook in Japanese (bigram terms): a split key's terms go to at most 16 shards by
    /// their next letter's bucket, not one shard per bigram (kyama0/gitlab-handbook-ja's 4,500
    /// pages wrote 62,661 shard files, 87 bytes in the median), and every bigram is still found.
    @Test(.timeLimit(.minutes(2)))
    func japaneseTermsUnderASplitKeyShareSixteenShards() throws {
        let letters = Array("あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわ").map(String.init)
        var state: UInt64 = 7
        func next(_ n: Int) -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int((state >> 33) % UInt64(n)) }
        let t = try TempTree()
        var phrases: [String] = []
        for p in 0..<200 {
            let text = (0..<1200).map { _ in letters[next(letters.count)] }.joined()
            let phrase = (0..<6).map { _ in letters[next(letters.count)] }.joined() + "審査手順\(p)"
            phrases.append(phrase)
            try t.write("Content/ja/p\(p).md", "---\nid: p\(p)\ntitle: ページ \(p)\nlang: ja\n---\n## 概要\n\n\(text)\n\n\(phrase)\n")
        }
        _ = try SiteBuilder.build(BuildOptions(content: t.path("Content"), out: t.path("site")))
        let e = try #require(SearchEngine(source: SiteIndexSource(site: t.path("site"))))
        let keys = try shardFiles(t).map { name -> String in
            let hex = name.dropLast(3) // ".js"
            var bytes: [UInt8] = []
            var i = hex.startIndex
            while i < hex.endIndex { let j = hex.index(i, offsetBy: 2); bytes.append(UInt8(hex[i..<j], radix: 16)!); i = j }
            return String(decoding: bytes, as: UTF8.self)
        }
        #expect(!e.splits.isEmpty, "the test needs split keys")
        let split = keys.filter { $0.unicodeScalars.count >= 2 }
        #expect(!split.isEmpty)
        for key in split {
            for s in key.unicodeScalars.dropFirst() where s != "$" {
                #expect((0xE000..<0xE000 + SearchIndexBuilder.unspacedBuckets).contains(s.value), "key \(key) names a letter, not a bucket")
            }
        }
        #expect(keys.count <= Set(keys.map { $0.unicodeScalars.first! }).count * Int(SearchIndexBuilder.unspacedBuckets + 1))
        for (p, phrase) in phrases.enumerated().prefix(20) {
            #expect(e.search(phrase).first?.url.hasPrefix("sop/p\(p).html") == true, "\(phrase)")
        }
    }
}
