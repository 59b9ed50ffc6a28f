import Testing
@testable import Search

/// The Contributor Covenant (a code of conduct in 60 languages, imported with import-docs)
/// built to a different site on each run: its Greek and Arabic search terms are kept
/// decomposed (`μέσω` as μ, ε, U+0301), and Swift's `String <` is not a consistent order on
/// such strings (`μέσω` < `μαζικής` < `μας`, and the result of sorting depends on the order of
/// the input), so the members of a shard, appended in the order the pages' threads finished,
/// were written in a different order each time.
@Suite struct ShardOrderTests {
    static let decomposed = ["μας", "με", "μ\u{3B5}\u{301}σα", "μ\u{3B5}\u{301}σω", "μαζικής", "μεγέθους", "μπορούν", "μ\u{3BF}\u{301}νιμα",
                             "ف\u{64A}\u{654}ات", "فرد", "فقط", "في", "فريق"]

    /// Every rotation of the list, forwards and backwards: one order out of all of them.
    static var inputOrders: [[Int32]] {
        let refs = (0..<Int32(decomposed.count)).map { $0 }
        var out: [[Int32]] = []
        for k in refs.indices {
            let rotated = Array(refs[k...] + refs[..<k])
            out.append(rotated)
            out.append(rotated.reversed())
        }
        return out
    }

    @Test func shardMembersAreInOneOrderWhateverOrderTheyCameIn() {
        var results = Set<[Int32]>()
        for input in Self.inputOrders {
            var refs = input
            SearchIndexState.order(&refs, Self.decomposed)
            results.insert(refs)
        }
        #expect(results.count == 1, "\(results.map { $0.map { Self.decomposed[Int($0)] } })")
        // That order is the bytes' (code points' for these): as the browser's search compares.
        let names = results.first.map { $0.map { Self.decomposed[Int($0)] } } ?? []
        #expect(names == Self.decomposed.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }, "\(names)")
    }

    @Test func surfaceWordsFollowTermsOfTheSameName() {
        var refs: [Int32] = [~1, 1, ~0, 0]
        SearchIndexState.order(&refs, ["μ\u{3B5}\u{301}σα", "μας"])
        #expect(refs == [1, ~1, 0, ~0], "μας (0xCE 0xB1 ...) before μέσα (0xCE 0xB5 ...)")
    }
}
