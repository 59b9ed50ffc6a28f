import Foundation
import Testing
@testable import Handbook
@testable import Publishing
@testable import Search
import CasebookTestSupport

@Suite struct SearchEngineTests {
    static let files: [String: String] = [
        "policies/ip.md": """
        ---
        id: counterfeit
        title: Counterfeit goods
        markets: [UK, ID]
        tags: [counterfeit]
        ---
        ## IP-01 Counterfeit branded goods {harm=high}

        Fake handbags with brand logos. Remove them.

        ## Replica wording {#replica}

        Listings that say "mirror quality" or "replica" admit a counterfeit.
        """,
        "policies/alcohol.md": """
        ---
        id: alcohol
        title: Alcohol
        markets: [TH]
        ---
        ## Alcohol advertising in Thailand {#alcohol-th}

        Hosts must not show drinking on streams. IP-01 does not apply.
        """,
        "policies/alcohol.th.md": """
        ---
        id: alcohol-th
        title: เครื่องดื่มแอลกอฮอล์
        lang: th
        translation_of: alcohol
        markets: [TH]
        ---
        ## การโฆษณาเครื่องดื่มแอลกอฮอล์ {#alcohol-th}

        ห้ามแสดงการดื่มในไลฟ์
        """,
    ]

    /// Builds the tree's `Content/` into its `site/` and opens the site's search index.
    func builtEngine(_ t: TempTree) throws -> SearchEngine {
        _ = try SiteBuilder.build(BuildOptions(content: t.path("Content"), out: t.path("site")))
        return try #require(SearchEngine(source: SiteIndexSource(site: t.path("site"))))
    }

    /// A tag past 255 bytes as a file name (an imported `keywords:` line of 40 words, 40 Thai
    /// words) failed the whole build with "File name too long", for its filter file in
    /// `search/f/` and its tag page. Both names are now bounded, and the filter still finds
    /// exactly the pages with that tag.
    @Test func aVeryLongTagBuildsAndFilters() throws {
        let long = String(repeating: "counterfeit-", count: 30) + "end"
        let thai = String(repeating: "สินค้าปลอม", count: 30)
        let t = try TempTree()
        try t.write("Content/a.md", "---\nid: a\ntags: [\"\(long)\", \"\(thai)\"]\n---\n## Handbags\n\nFake handbags.\n")
        try t.write("Content/b.md", "---\nid: b\ntags: [\"\(long)x\"]\n---\n## Handbags again\n\nMore handbags.\n")
        let e = try builtEngine(t)
        #expect(e.search("handbags tag:\(long)").map(\.url) == ["sop/a.html#handbags"])
        #expect(e.search("handbags tag:\(long)x").map(\.url) == ["sop/b.html#handbags-again"])
        for folder in ["search/f", "tags"] {
            let names = try FileManager.default.contentsOfDirectory(atPath: t.path("site/" + folder))
            #expect(names.allSatisfy { $0.utf8.count <= 220 }, "\(names)")
        }
        let page = try String(contentsOfFile: t.path("site/sop/a.html"), encoding: .utf8)
        #expect(page.contains("href=\"../tags/\(SiteURL.tag(thai).dropFirst(5))\""))
        #expect(FileManager.default.fileExists(atPath: t.path("site/") + LinkResolver.percentDecoded(SiteURL.tag(thai))))
    }

    /// `search.js` computes the same file names (Tests/Browser/test_search.py checks these
    /// vectors in the browser).
    @Test func longKeysHaveShortFileNames() {
        #expect(IndexEncoding.fileName("tag:pricing") == IndexEncoding.hex("tag:pricing"))
        #expect(IndexEncoding.fileName("tag:attend, attending, speaking, speaker, event, event, conference, conferences, idp, training, sf-182, sf182")
            == "7461673a617474656e642c20617474656e64696e672c20737065616b696e672c20737065616b6572-fc0e87c7")
        #expect(IndexEncoding.fileName("tag:" + String(repeating: "ข", count: 40))
            == "7461673ae0b882e0b882e0b882e0b882e0b882e0b882e0b882e0b882e0b882e0b882e0b882e0b882-16c9030b")
    }

    func engine() throws -> (TempTree, SearchEngine) {
        let t = try TempTree()
        for (p, text) in Self.files { try t.write("Content/" + p, text) }
        return (t, try builtEngine(t))
    }

    /// An SOP and its translations are one result: the original when it matches as many query
    /// words (a loanword in the translation's heading does not put the translation first), the
    /// translation when it matches more; the other language is folded under it.
    @Test func anSOPAndItsTranslationAreOneResult() throws {
        let t = try TempTree()
        for (path, text) in FixtureText.liveStreamSOPAndTranslation { try t.write(path, text) }
        try t.write("Content/sampling.md", """
            ---
            id: sampling
            title: QA sampling
            ---
            ## Worked example {#example}

            A livestream was sampled twice.
            """)
        let e = try builtEngine(t)
        let english = e.search("child livestream")
        #expect(english.first?.url == "sop/live.html#minors", "\(english.map(\.url))")
        #expect(!english.contains { $0.url.hasPrefix("sop/live-vi.html") }, "the translation is not a result of its own: \(english.map(\.url))")
        #expect(english.first?.more.contains { $0.url.hasPrefix("sop/live-vi.html") } == true, "it is folded under the original")
        #expect(english.contains { $0.url.hasPrefix("sop/sampling.html") })
        let vietnamese = e.search("trẻ em livestream")
        #expect(vietnamese.first?.url == "sop/live-vi.html#dem-khuya", "\(vietnamese.map(\.url))")
        #expect(vietnamese.first?.more.contains { $0.url.hasPrefix("sop/live.html") } == true)
        #expect(!vietnamese.dropFirst().contains { $0.url.hasPrefix("sop/live.html") })
    }

    @Test func codeQueryGoesToTheDefiningSection() throws {
        let (tree, e) = try engine()
        defer { withExtendedLifetime(tree) {} }
        let results = e.search("ip-01")
        #expect(results.first?.url == "sop/counterfeit.html#ip-01")
        #expect(results.contains { $0.url == "sop/alcohol.html#alcohol-th" }, "sections mentioning the code come after")
    }

    @Test func headingHitsBeatBodyHits() throws {
        let (tree, e) = try engine()
        defer { withExtendedLifetime(tree) {} }
        #expect(e.search("replica").first?.url == "sop/counterfeit.html#replica")
    }

    /// A page whose best-scoring section is its introduction, with the words in the heading of
    /// another of its sections, comes before a page that only says them in body text, however
    /// often (in the sample handbook, a QA worked example came above the weight-loss rule).
    @Test func aHeadingInAnyOfThePagesSectionsBeatsBodyText() throws {
        let t = try TempTree()
        try t.write("Content/claims.md", """
        ---
        id: claims
        title: Misleading claims
        description: Rules for health, weight loss, urgency and social-proof claims in listings.
        ---
        This SOP covers weight loss claims, health claims and fake urgency. Weight loss claims are the most common.

        ## Weight-loss and body-shape claims {#mc-02}

        Promises of a number of kilograms lost in a time, before-and-after photos, pills that melt fat, teas that flatten the stomach, belts that shape the waist, creams that remove cellulite, and any product said to change body shape without diet or exercise. Ask for evidence from the seller and remove the listing when the seller cannot give it within three days.
        """)
        try t.write("Content/qa.md", """
        ---
        id: qa
        title: QA sampling
        description: How QA samples decisions and scores them.
        ---
        QA reviews a sample of decisions every week.

        ## Worked example {#worked-example}

        A sampled listing offered slimming lozenges for weight loss, "lose 5 kg a week". The moderator removed it for weight loss claims; the reviewer agreed that the weight loss promise was the deciding point.

        ## Second opinion {#second-opinion}

        When the reviewer and the moderator disagree on a weight loss listing, a lead gives a second opinion on the weight loss claim.
        """)
        let e = try builtEngine(t)
        let results = e.search("weight loss")
        #expect(results.map { String($0.url.split(separator: "#")[0]) } == ["sop/claims.html", "sop/qa.html"])
        #expect(results.first?.more.map(\.url) == ["sop/claims.html#mc-02"])
    }

    /// Pages that hold every query word come first; among the others, the number of words a
    /// page holds somewhere does not rank it. Counted word by word, terms of service that say
    /// "someone", "post", "permission" and "without" in four unrelated sections outranked the
    /// short reply titled for the question's one rare word ("reblogged"), which BM25 puts
    /// first (Automattic's legal set).
    @Test func aLongPageWithMostWordsScatteredDoesNotOutrankThePageForTheRareWord() throws {
        let t = try TempTree()
        try t.write("Content/terms.md", """
        ---
        id: terms
        title: Terms of service
        ---
        ## Your content {#content}

        You keep the rights to what you post on the service.

        ## Licence you give us {#licence}

        You give us permission to show and copy what you publish.

        ## Other people's rights {#others}

        Do not upload what someone else owns.

        ## Ending accounts {#ending}

        We may close an account without notice when these terms are broken.
        """)
        try t.write("Content/reblog.md", """
        ---
        id: reblog
        title: Reblogging reply
        ---
        A reblog shows an excerpt of a post with a link to it, which is not an infringement.
        """)
        let e = try builtEngine(t)
        let pages = e.search("someone reblogged my post without permission").map { String($0.url.split(separator: "#")[0]) }
        #expect(pages.first == "sop/reblog.html", "\(pages)")
        #expect(pages.contains("sop/terms.html"))

        // A page that holds every word still comes first, whatever its title.
        try t.write("Content/faq.md", """
        ---
        id: faq
        title: Questions from bloggers
        ---
        If someone reblogged your post without your permission, say so in a report.
        """)
        let all = try builtEngine(t).search("someone reblogged post without permission").map { String($0.url.split(separator: "#")[0]) }
        #expect(all.first == "sop/faq.html", "\(all)")
        #expect(all.dropFirst().first == "sop/reblog.html", "\(all)")
    }

    /// A translation made from a translation (Thai from the Indonesian page): it was a second
    /// search result beside its SOP, and `check` said nothing. It is grouped with the original
    /// at the chain's end, and `check` warns with the id to name.
    @Test func aTranslationOfATranslationIsOneResultWithItsSOP() throws {
        let t = try TempTree()
        try t.write("Content/scam.md", "---\nid: scam\ntitle: Scam listings\n---\n## Scam signals\n\nScam listings ask for payment outside.\n")
        try t.write("Content/scam.id.md", "---\nid: scam-id\ntitle: Listing penipuan\nlang: id\ntranslation_of: scam\n---\n## Tanda scam\n\nListing scam meminta pembayaran di luar.\n")
        try t.write("Content/scam.th.md", "---\nid: scam-th\ntitle: รายการหลอกลวง\nlang: th\ntranslation_of: scam-id\n---\n## สัญญาณ scam\n\nรายการ scam ขอให้จ่ายเงินนอกระบบ\n")
        let report = try SiteBuilder.build(BuildOptions(content: t.path("Content"), out: t.path("site")))
        let warning = try #require(report.diagnostics.first { $0.file == "scam.th.md" && $0.severity == .warning })
        #expect(warning.message.contains("itself a translation (of 'scam')") && warning.message.contains("translation_of: scam"), "\(warning.message)")
        let e = try #require(SearchEngine(source: SiteIndexSource(site: t.path("site"))))
        let pages = e.search("scam").map { $0.url.split(separator: "#")[0] }
        #expect(pages.count == 1, "\(pages)")
    }

    /// Pages that name each other as their original (or a page naming itself) have no
    /// original: an error saying so, not advice to write the line that is already there.
    @Test func translationsGoingRoundInACircleAreAnError() throws {
        let t = try TempTree()
        try t.write("Content/a.md", "---\nid: a\ntitle: A\ntranslation_of: b\n---\n## One\n\nText.\n")
        try t.write("Content/b.md", "---\nid: b\ntitle: B\nlang: id\ntranslation_of: a\n---\n## Satu\n\nTeks.\n")
        let h = try Handbook.load(content: t.path("Content"))
        let d = h.diagnostics.filter { $0.message.contains("round in a circle") }
        #expect(d.count == 2 && d.allSatisfy { $0.severity == .error }, "\(h.diagnostics)")
        #expect(d.contains { $0.message.contains("a → b → a") }, "\(d)")
    }

    /// Words shaped like policy codes (`win10`, `fy24`, read as WIN-10, FY-24) found nothing,
    /// even on a page saying them, when no page has such a code: they are the words then.
    @Test func aCodeShapedWordNoPageHasAsACodeIsTheWord() throws {
        let t = try TempTree()
        try t.write("Content/plan.md", "---\nid: plan\ntitle: Plan\n---\n## Budget\n\nThe FY24 budget and Win10 laptops.\n")
        try t.write("Content/ip.md", "---\nid: ip\ntitle: Brands\n---\n## IP-01 Counterfeit goods\n\nRemove them.\n")
        let e = try builtEngine(t)
        #expect(e.search("fy24").first?.url == "sop/plan.html#budget")
        #expect(e.search("win10").first?.url == "sop/plan.html#budget")
        #expect(e.search("ip01").first?.url == "sop/ip.html#ip-01", "a code the handbook has is still the code")
    }

    @Test func pluralsTyposAndPrefixes() throws {
        let (tree, e) = try engine()
        defer { withExtendedLifetime(tree) {} }
        #expect(e.search("handbag").first?.url == "sop/counterfeit.html#ip-01")
        #expect(e.search("counterfiet goods").first?.url.hasPrefix("sop/counterfeit.html") == true)
        #expect(e.search("advert").first?.url == "sop/alcohol.html#alcohol-th")
    }

    @Test func phrasesAndFilters() throws {
        let (tree, e) = try engine()
        defer { withExtendedLifetime(tree) {} }
        #expect(e.search("\"mirror quality\"").first?.url == "sop/counterfeit.html#replica")
        #expect(e.search("streams market:UK").isEmpty)
        #expect(e.search("lang:th ไลฟ์").first?.url == "sop/alcohol-th.html#alcohol-th")
    }

    @Test func everyDocumentIsFoundInItsSnippetBucket() throws {
        let t = try TempTree()
        let sections = (1...20).map { "## Step \($0) {#step-\($0)}\n\nRule number \($0) of the long procedure.\n" }.joined(separator: "\n")
        try t.write("Content/policies/long.md", "---\nid: long\ntitle: Long procedure\n---\nIntro text.\n\n" + sections)
        try t.write("Content/policies/short.md", "---\nid: short\ntitle: Short procedure\n---\nOnly an introduction.\n")
        let e = try builtEngine(t)
        #expect(e.n == 22 && e.bucketSize == SearchIndexBuilder.minBucketSize)
        let buckets = try FileManager.default.contentsOfDirectory(atPath: t.path("site/search/d"))
        #expect(buckets.count == 3)
        let urls = (0..<e.n).compactMap { e.document($0)?.url }
        #expect(urls == ["sop/long.html"] + (1...20).map { "sop/long.html#step-\($0)" } + ["sop/short.html"])
        #expect(e.document(e.n) == nil)
        #expect(e.search("step 17").first?.snippet == "Rule number 17 of the long procedure.")
    }

    @Test func snippetsAndMetadataComeWithResults() throws {
        let (tree, e) = try engine()
        defer { withExtendedLifetime(tree) {} }
        let r = try #require(e.search("mirror").first)
        #expect(r.title == "Counterfeit goods" && r.section == "Replica wording")
        #expect(r.snippet.contains("mirror quality"))
        #expect(r.markets == ["UK", "ID"] && r.tags == ["counterfeit"])
    }

    /// Pages where a word is written in another form of its family, or where a heading holds
    /// the words a longer page scatters over its sections.
    func rankingTree() throws -> (TempTree, SearchEngine) {
        let t = try TempTree()
        try t.write("Content/policies/cancellation.md", """
        ---
        id: cancellation
        title: Cancellation policy
        ---
        ## What happens when you cancel an account?

        Content is deleted 30 days after the end of the subscription.
        """)
        try t.write("Content/policies/privacy.md", """
        ---
        id: privacy
        title: Privacy policy
        ---
        ## Deleting content

        What happens to content when an account is cancelled or deleted: the account keeps it for 30 days.

        ## Closed accounts

        When an account is cancelled, its billing history is kept for tax purposes.

        ## Account data

        Account data of a cancelled account is removed from backups when they expire.
        """)
        try t.write("Content/policies/conduct.md", "---\nid: conduct\ntitle: Conduct\n---\n## Restricted behaviour\n\nMembers must not harass or threaten other members.\n")
        try t.write("Content/policies/security.md", "---\nid: security\ntitle: Security\n---\n## Protection\n\nWe protect members from the latest threats.\n")
        return (t, try builtEngine(t))
    }

    @Test func aWordFindsTheLongerFormsOfItsStem() throws {
        let (tree, e) = try rankingTree()
        defer { withExtendedLifetime(tree) {} }
        // Snowball keeps "threaten" whole: "threats" (stem "threat") still finds it, below the word itself.
        #expect(e.search("threats").map(\.url) == ["sop/security.html#protection", "sop/conduct.html#restricted-behaviour"])
        #expect(e.search("harassment threats").first?.url == "sop/conduct.html#restricted-behaviour")
    }

    @Test func aHeadingHoldingTheQueryOutranksAPageThatScattersIt() throws {
        let (tree, e) = try rankingTree()
        defer { withExtendedLifetime(tree) {} }
        // Both pages hold both words; the privacy page more often, in three sections, but only
        // the cancellation page's heading says it.
        #expect(Array(e.search("cancelled account").map(\.url).prefix(2)) == ["sop/cancellation.html#what-happens-when-you-cancel-an-account", "sop/privacy.html#account-data"])
    }

    @Test func aMisspellingFindsTheWordOneEditAwayBeforeAShorterWord() throws {
        let t = try TempTree()
        try t.write("Content/policies/ip.md", "---\nid: ip\ntitle: Brands\n---\n## Fake goods\n\nCounterfeit perfume is removed.\n")
        try t.write("Content/policies/appeals.md", "---\nid: appeals\ntitle: Appeals\n---\n## Notices\n\nA seller may answer with a counter notice about the perfume.\n")
        let e = try builtEngine(t)
        // "counterfit" is one letter from "counterfeit" and three letters longer than "counter".
        #expect(e.search("counterfit perfume").first?.url == "sop/ip.html#fake-goods")
        #expect(e.search("counterfit").map(\.url) == ["sop/ip.html#fake-goods"])
    }

    @Test func aCodeBeingTypedFindsTheCodesItStarts() throws {
        let t = try TempTree()
        try t.write("Content/policies/kyc.md", "---\nid: kyc\ntitle: Seller identity\n---\n### SV-01 Missing documents {harm=medium}\n\nThe seller sent no papers.\n")
        try t.write("Content/policies/forms.md", "---\nid: forms\ntitle: Forms\n---\n## SV numbers\n\nThe SV number of a form is on its back; SV forms are kept 0 days.\n")
        let e = try builtEngine(t)
        #expect(e.search("SV-0").map(\.url) == ["sop/kyc.html#sv-01"])
        #expect(e.search("sv-0 ").map(\.url).first == "sop/forms.html#sv-numbers", "a closed query is words, not a code being typed")
    }
}
