import Foundation
import Testing
@testable import Handbook
@testable import Publishing
@testable import Search
import CasebookTestSupport

/// `Content/_search.yml`: synonyms the trainers own, checked and applied at query time.
@Suite struct SynonymsTests {
    @Test func groupsAndExpansionsBecomeRules() {
        let (s, problems) = SearchSynonyms.parse("""
        en:
          groups:
            - [counterfeit, knock-off, dupe]
          expand:
            revenge porn: [non-consensual intimate imagery]
        id:
          groups:
            - [palsu, kw]
        """)
        #expect(problems.isEmpty)
        #expect(s.rules.map { "\($0.lang):\($0.from)->\($0.to.joined(separator: "|"))" } == [
            "en:counterfeit->knock-off|dupe", "en:knock-off->counterfeit|dupe", "en:dupe->counterfeit|knock-off",
            "en:revenge porn->non-consensual intimate imagery", "id:palsu->kw", "id:kw->palsu",
        ])
    }

    @Test func badFilesAreErrorsWithTheLineAndWhatToDo() {
        let (_, problems) = SearchSynonyms.parse("""
        en:
          groups:
            - [fake]
            - [vape, e-cig]
            - [vape, vaping]
          expand:
            ban: []
            market:uk: [x]
          synonym:
            - [a, b]
        english:
          groups:
            - [a, b]
        """)
        let lines = problems.map { "\($0.file):\($0.line): \($0.message)" }
        #expect(problems.allSatisfy { $0.severity == .error })
        #expect(lines.contains { $0.hasPrefix("_search.yml:3:") && $0.contains("at least two") && $0.contains("expand:") })
        #expect(lines.contains { $0.hasPrefix("_search.yml:5:") && $0.contains("'vape' is already in the group on line 4") })
        #expect(lines.contains { $0.hasPrefix("_search.yml:7:") && $0.contains("expands to nothing") })
        #expect(lines.contains { $0.hasPrefix("_search.yml:8:") && $0.contains("colon") })
        #expect(lines.contains { $0.hasPrefix("_search.yml:9:") && $0.contains("unknown key 'synonym'") })
        #expect(lines.contains { $0.hasPrefix("_search.yml:11:") && $0.contains("not a language code") })
    }

    /// Rules that could never apply passed `check` without a word: one keyed by a policy code
    /// (typed, a code finds its defining section and is never read as a synonym), a language
    /// written twice in different case (`EN:` and `en:` escaped the one-group rule), and a
    /// language no page is in (`in:`, Indonesian's old code).
    @Test func rulesThatCanNeverApplyAreReported() throws {
        let (_, problems) = SearchSynonyms.parse("""
        en:
          groups:
            - [fake, counterfeit]
            - [IP-02, knockoff]
          expand:
            IP-01: [knockoff]
            ip01: [knockoff]
        EN:
          groups:
            - [fake, replica]
        """)
        let lines = problems.map { "\($0.line) \($0.severity.rawValue): \($0.message)" }
        #expect(lines.contains { $0.hasPrefix("4 warning:") && $0.contains("'IP-02' is read by search as a policy code") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("6 warning:") && $0.contains("'IP-01' is read by search as a policy code") && $0.contains("never applies") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("7 warning:") && $0.contains("'ip01' is read by search as a policy code") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("8 error:") && $0.contains("'EN:' is the language of line 1 again") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("10 error:") && $0.contains("'fake' is already in the group on line 3") }, "\(lines)")

        let t = try TempTree()
        try t.write("Content/a.md", "---\nid: a\ntitle: A\n---\n## One\n\nText.\n")
        try t.write("Content/a.id.md", "---\nid: a-id\ntitle: A\nlang: id\ntranslation_of: a\n---\n## Satu\n\nTeks.\n")
        try t.write("Content/_search.yml", "en:\n  groups:\n    - [fake, counterfeit]\nin:\n  groups:\n    - [palsu, tiruan]\n")
        let handbook = try Handbook.load(content: t.path("Content"))
        let d = try #require(handbook.diagnostics.first { $0.file == "_search.yml" })
        #expect(d.severity == .warning && d.line == 4 && d.message.contains("no page is in language 'in'") && d.message.contains("did you mean 'id'?"), "\(d)")
    }

    @Test func checkReportsTheFileOfTheHandbook() throws {
        let t = try TempTree()
        try t.write("Content/a.md", "---\nid: a\ntitle: A\n---\n## One\n\nText.\n")
        try t.write("Content/_search.yml", "en:\n  groups:\n    - [only]\n")
        let handbook = try Handbook.load(content: t.path("Content"))
        let d = try #require(handbook.diagnostics.first { $0.file == "_search.yml" })
        #expect(d.severity == .error && d.line == 3)
        #expect(!handbook.assets.contains { $0.path == "_search.yml" }, "the file is not copied into the site")
    }

    @Test func theSampleHandbooksSynonymsAreValid() throws {
        let (s, problems) = SearchSynonyms.load(content: RepositoryRoot.path + "/Content")
        #expect(problems.isEmpty, "\(problems)")
        #expect(s.rules.count >= 30)
    }

    static let files: [String: String] = [
        "Content/ip.md": """
        ---
        id: ip
        title: Intellectual property
        ---
        ## Counterfeit handbags {#bags}

        Branded handbags sold as originals that are not.

        ## Counterfeit shoes {#shoes}

        Counterfeit trainers and shoes.

        ## Counterfeit watches {#watches}

        Counterfeit watches.

        ## Counterfeit phones {#phones}

        Counterfeit phones.

        ## Counterfeit perfume {#perfume}

        Counterfeit perfume.
        """,
        "Content/intimate.md": """
        ---
        id: intimate
        title: Non-consensual intimate imagery
        ---
        ## Reports {#reports}

        Remove intimate images shared without consent.
        """,
        "Content/reviews.md": """
        ---
        id: reviews
        title: Review manipulation
        ---
        ## Paid reviews {#paid}

        A fake handbag review bought from a review farm, not about counterfeit goods.
        """,
        "Content/other.md": """
        ---
        id: other
        title: Porn
        ---
        ## Adult content {#adult}

        Revenge is not a reason to keep content up.
        """,
        "Content/_search.yml": """
        en:
          groups:
            - [counterfeit, dupe]
          expand:
            revenge porn: [non-consensual intimate imagery]
        """,
    ]

    func engine() throws -> (TempTree, SearchEngine) {
        let t = try TempTree()
        for (p, text) in Self.files { try t.write(p, text) }
        _ = try SiteBuilder.build(BuildOptions(content: t.path("Content"), out: t.path("site")))
        return (t, try #require(SearchEngine(source: SiteIndexSource(site: t.path("site")))))
    }

    @Test func aSynonymFindsThePolicysOwnWords() throws {
        let (tree, e) = try engine()
        defer { withExtendedLifetime(tree) {} }
        // Without the group, "dupe handbags" matches nothing but "handbags".
        let results = e.search("dupe handbags ")
        #expect(results.first?.url == "sop/ip.html#bags")
        #expect(results.first?.highlights.contains("counterfeit") == true)
    }

    @Test func aMultiWordExpansionFindsAPageWithNoneOfTheWordsTyped() throws {
        let (tree, e) = try engine()
        defer { withExtendedLifetime(tree) {} }
        let results = e.search("revenge porn ")
        #expect(results.contains { $0.url.hasPrefix("sop/intimate.html") }, "\(results.map(\.url))")
    }

    @Test func expansionsAreOneWay() throws {
        let (tree, e) = try engine()
        defer { withExtendedLifetime(tree) {} }
        let results = e.search("intimate imagery ")
        #expect(results.first?.url.hasPrefix("sop/intimate.html") == true)
        #expect(!results.contains { $0.url.hasPrefix("sop/other.html") })
    }

    @Test func onePageIsOneResultWithItsOtherSectionsFolded() throws {
        let (tree, e) = try engine()
        defer { withExtendedLifetime(tree) {} }
        let results = e.search("counterfeit ", limit: 3)
        let pages = results.map { $0.url.split(separator: "#")[0] }
        #expect(Set(pages).count == pages.count, "\(pages)")
        let ip = try #require(results.first { $0.url.hasPrefix("sop/ip.html") })
        #expect(ip.more.count == SearchEngine.foldedSections)
        #expect(ip.more.allSatisfy { $0.url.hasPrefix("sop/ip.html#") })
        #expect(results.count >= 2, "other pages still get a place: \(pages)")
    }

    /// A group whose phrase holds a stopword (`[cod, cash on delivery]`): "on" is never
    /// indexed, so no page could hold the whole phrase, and a page saying "COD" once ranked
    /// above the page titled "Cash on delivery refunds". A rule's stopwords no longer count.
    @Test func aStopwordInASynonymPhraseDoesNotCount() throws {
        let t = try TempTree()
        try t.write("Content/cod.md", "---\nid: cod\ntitle: Cash on delivery refunds\n---\n## Cash on delivery refund rules\n\nA buyer who paid cash on delivery gets a refund to their wallet within 3 days.\n")
        try t.write("Content/wallet.md", "---\nid: wallet\ntitle: Wallet payments\n---\n## Payment methods\n\nWallet, card and COD are accepted. A refund for a card goes back to the card.\n")
        try t.write("Content/_search.yml", "en:\n  groups:\n    - [cod, cash on delivery]\n")
        _ = try SiteBuilder.build(BuildOptions(content: t.path("Content"), out: t.path("site")))
        let e = try #require(SearchEngine(source: SiteIndexSource(site: t.path("site"))))
        #expect(e.search("cash on delivery refund").first?.url == "sop/cod.html#cash-on-delivery-refund-rules")
        #expect(e.search("cod refund").map { $0.url.split(separator: "#")[0] }.prefix(2).sorted() == ["sop/cod.html", "sop/wallet.html"])
        // The rule's words as the engines read them: the stopword has no stem, the phrase none.
        let syn = try String(contentsOfFile: t.path("site/search/syn.js"), encoding: .utf8)
        #expect(syn.contains(#"["cash","on","delivery"],["cash","","deliveri"],["cod"]"#), "\(syn)")
        #expect(syn.contains(#"["cod"],["cod"],["cash delivery"]"#), "\(syn)")
    }

    @Test func anExactTitleComesFirst() throws {
        let (tree, e) = try engine()
        defer { withExtendedLifetime(tree) {} }
        #expect(e.search("review manipulation ").first?.url.hasPrefix("sop/reviews.html") == true)
        #expect(e.search("porn ").first?.url.hasPrefix("sop/other.html") == true)
    }
}
