import Testing
@testable import Handbook
import CasebookTestSupport

@Suite struct LinkResolverTests {
    let resolver = LinkResolver(pageIDs: ["a/one.md": "one", "b/two words.md": "two-words"], assets: ["a/pic.png"])

    @Test func classifiesTargets() {
        #expect(resolver.resolve("https://x.org", from: "a/one.md") == .external)
        #expect(resolver.resolve("mailto:qa@example.com", from: "a/one.md") == .external)
        #expect(resolver.resolve("#scope", from: "a/one.md") == .inPage(anchor: "scope"))
        #expect(resolver.resolve("../b/two%20words.md#x", from: "a/one.md") == .page(path: "b/two words.md", anchor: "x"))
        #expect(resolver.resolve("./pic.png", from: "a/one.md") == .asset(path: "a/pic.png"))
        #expect(resolver.resolve("nope.md", from: "a/one.md") == .missingPage(path: "a/nope.md"))
        #expect(resolver.resolve("/abs/path", from: "a/one.md") == .siteAbsolute)
        #expect(resolver.resolve("../../outside.md", from: "a/one.md") == .unresolved)
    }

    @Test func buildsRelativeSiteURLs() {
        #expect(resolver.href(for: .page(path: "b/two words.md", anchor: "x y"), fromPageID: "one") == "two-words.html#x%20y")
        #expect(resolver.href(for: .page(path: "a/one.md", anchor: "s"), fromPageID: "one") == "#s")
        #expect(resolver.href(for: .asset(path: "a/pic.png"), fromPageID: "one") == "../media/a/pic.png")
        #expect(resolver.href(for: .external, fromPageID: "one") == nil)
    }

    /// A trainer links a whole section (`[payments SOPs](../payments/)`): it used to be left as
    /// written, a link to nothing in the built site, with a warning. It is the folder's
    /// category page, which lists its pages; a folder without pages is still no target.
    @Test func aLinkToAFolderOfPagesLeadsToItsCategoryPage() throws {
        let r = LinkResolver(pageIDs: ["a/one.md": "one", "payments/cards/refunds.md": "refunds"], assets: ["a/pic.png"], basePath: "/docs")
        #expect(r.resolve("../payments/", from: "a/one.md") == .category(folder: "payments"))
        #expect(r.resolve("../payments/cards", from: "a/one.md") == .category(folder: "payments/cards"))
        #expect(r.resolve("../payments/cards/_category.yml", from: "a/one.md") == .category(folder: "payments/cards"))
        #expect(r.resolve("/docs/payments/cards/", from: "a/one.md") == .category(folder: "payments/cards"))
        // An HTML site's address of a page is the page; a missing one names the .md file.
        #expect(r.resolve("/docs/payments/cards/refunds.html#x", from: "a/one.md") == .page(path: "payments/cards/refunds.md", anchor: "x"))
        #expect(r.resolve("/docs/api/grpc.html?#grpc.Call", from: "a/one.md") == .missingPage(path: "api/grpc.md"))
        #expect(r.resolve("../empty/", from: "a/one.md") == .unresolved)
        // A query alone is a search on the old site, not the page's folder.
        #expect(r.resolve("?q=refund", from: "payments/cards/refunds.md") == .unresolved)
        #expect(r.resolve("./", from: "payments/cards/refunds.md") == .category(folder: "payments/cards"))
        // A folder with its own page: the page.
        let withIndex = LinkResolver(pageIDs: ["a/one.md": "one", "b/index.md": "b", "b/two.md": "two"], assets: [])
        #expect(withIndex.resolve("../b/#scope", from: "a/one.md") == .page(path: "b/index.md", anchor: "scope"))
        #expect(withIndex.resolve("../b/_category.yml", from: "a/one.md") == .category(folder: "b"))
        #expect(r.href(for: .category(folder: "payments/cards"), fromPageID: "one") == "../category/payments-cards.html")
        let t = try TempTree([
            "Content/a/one.md": "# One\n\nSee [the payments SOPs](../payments/) and [cards](../payments/cards).\n",
            "Content/payments/cards/refunds.md": "# Refunds\n\nText.\n",
        ])
        let h = try Handbook.load(content: t.path("Content"))
        #expect(h.diagnostics.isEmpty, "\(h.diagnostics)")
        let html = h.rendered["a/one.md"]?.html ?? ""
        #expect(html.contains("<a href=\"../category/payments.html\">the payments SOPs</a>") && html.contains("<a href=\"../category/payments-cards.html\">cards</a>"), "\(html)")
        #expect(h.categories["payments/cards"]?.slug == "payments-cards")
    }

    @Test func fingerprintChangesWhenAnIdChanges() {
        let other = LinkResolver(pageIDs: ["a/one.md": "uno", "b/two words.md": "two-words"], assets: ["a/pic.png"])
        #expect(resolver.fingerprint != other.fingerprint)
        #expect(resolver.fingerprint == LinkResolver(pageIDs: resolver.pageIDs, assets: resolver.assets).fingerprint)
    }

    @Test func slugs() {
        #expect(Slug.make("What counts as a fake discount?") == "what-counts-as-a-fake-discount")
        // Apostrophes are dropped, as GitHub, MkDocs, Hugo and Docusaurus drop them.
        #expect(Slug.make("What's a fork?") == "whats-a-fork")
        #expect(Slug.make("B. What About Forks? (or What\u{2019}s a Fork?)") == "b-what-about-forks-or-whats-a-fork")
        #expect(Slug.make("Seller's own brand") == "sellers-own-brand")
        // Heading anchors keep underscores (as every other docs tool does); ids do not.
        #expect(Slug.anchor("exclude_docs") == "exclude_docs")
        #expect(Slug.anchor("The `site_url` setting") == "the-site_url-setting")
        #expect(Slug.make("site_url") == "site-url")
        #expect(Slug.anchor("Cấm bán_hàng giả") == "cấm-bán_hàng-giả")
        // Other punctuation is dropped without a break, as those tools drop it.
        #expect(Slug.anchor("Supporting theme Localization/Translation") == "supporting-theme-localizationtranslation")
        #expect(Slug.anchor("What's new in 3.2 (U.K. sellers)") == "whats-new-in-32-uk-sellers")
        #expect(Slug.anchor("Refunds & returns — the basics") == "refunds-returns-the-basics")
        #expect(Slug.anchor("ขายของปลอม: สินค้าแบรนด์") == "ขายของปลอม-สินค้าแบรนด์")
        #expect(Slug.make("and/or") == "and-or", "ids keep breaking at punctuation")
        #expect(Slug.make("Giảm giá ảo (VN)") == "giảm-giá-ảo-vn")
        #expect(Slug.make("สินค้าปลอม") == "สินค้าปลอม")
        #expect(Slug.make("  --  ") == "")
    }

    @Test func percentEncodingKeepsUnreservedTextAndEncodesTheRest() {
        #expect(LinkResolver.percentEncoded("gen-01003_A.b~") == "gen-01003_A.b~")
        #expect(LinkResolver.percentEncoded("") == "")
        #expect(LinkResolver.percentEncoded("a b/ค") == "a%20b%2F%E0%B8%84")
        #expect(LinkResolver.percentEncoded("100%") == "100%25")
    }
}
