import Foundation
import Testing
@testable import Handbook
import CasebookTestSupport

/// Link targets besides headings: ids set by attribute lists as MkDocs (attr_list) and kramdown
/// write them, and the anchors earlier versions gave headings (old links and bookmarks).
@Suite struct InlineAnchorTests {
    static let options = """
    ---
    id: options
    ---
    # Options

    ## Theme options

    *   **`locale`**{ #mkdocs-locale }: The locale used to build the theme.
    *   **`locale`**{ #readthedocs-locale }: The same option for another theme.

    [](){#markdown-anchor}
    A paragraph that other pages link to. {: #para-id .note }

    Use {placeholders} and { a b } as written.

    ## What's a fork?

    ## Localization/Translation

    ## Seller's own brand {#own-brand}
    """
    static let linking = """
    ---
    id: linking
    ---
    # Linking

    See [locale](options.md#mkdocs-locale), [the other](options.md#readthedocs-locale),
    [anchor](options.md#markdown-anchor) and [para](options.md#para-id).
    Old bookmarks: [fork](options.md#what-s-a-fork) and [l10n](options.md#localization-translation).
    """

    @Test func attributeListIdsAreLinkTargets() throws {
        let t = try TempTree(["docs/options.md": Self.options, "docs/linking.md": Self.linking])
        let h = try Handbook.load(content: t.root)
        #expect(h.diagnostics.filter { $0.message.contains("broken link") }.isEmpty, "\(h.diagnostics)")
        let html = try #require(h.rendered["docs/options.md"]?.html)
        #expect(html.contains("<li><span id=\"mkdocs-locale\"></span><strong><code>locale</code></strong>: The locale used"))
        #expect(html.contains("<span id=\"readthedocs-locale\"></span>"))
        #expect(html.contains("<p><span id=\"markdown-anchor\"></span><span id=\"para-id\"></span>A paragraph that other pages link to.</p>"))
        // No empty link is left from `[](){#id}`, and braces that are not attribute lists stay.
        #expect(!html.contains("<a href=\"\"></a>") && !html.contains("<a href=\"\">"))
        #expect(html.contains("Use {placeholders} and { a b } as written."))
        #expect(!html.contains("{ #") && !html.contains("{: #"))
        let links = try #require(h.rendered["docs/linking.md"]?.html)
        #expect(links.contains("href=\"options.html#mkdocs-locale\""))
        #expect(links.contains("href=\"options.html#para-id\""))
    }

    /// kramdown's attribute lists that set no id (`{: datetime="…" }` under a date, `{: .note }`)
    /// are styling and metadata Jekyll never prints: Mozilla's legal documents, built as they
    /// are, showed "Last Updated March 18, 2024 {: datetime="2024-03-18" }" and searched it.
    /// Braces without kramdown's colon, or that hold no attribute list, stay as written.
    @Test func kramdownAttributeListsWithoutAnIdAreNotShown() throws {
        let page = """
        ---
        id: amo
        ---
        # AMO policies

        Last Updated March 18, 2024
        {: datetime="2024-03-18" }

        Report add-ons that break these rules. {: .note .info}

        Keep {:not a list}, { lang=en }, `{: .code }` and {: .mid } in a line as written.
        """
        let t = try TempTree(["docs/amo.md": page])
        let h = try Handbook.load(content: t.root)
        let rendered = try #require(h.rendered["docs/amo.md"])
        #expect(rendered.html.contains("<p>Last Updated March 18, 2024\n</p>"), "\(rendered.html)")
        #expect(rendered.html.contains("<p>Report add-ons that break these rules.</p>"), "\(rendered.html)")
        #expect(rendered.html.contains("Keep {:not a list}, { lang=en }, <code>{: .code }</code> and {: .mid } in a line as written."), "\(rendered.html)")
        #expect(!rendered.html.contains("datetime") && !rendered.html.contains(".info"))
        let words = rendered.sectionText.values.joined(separator: " ")
        #expect(!words.contains("datetime") && words.contains("Last Updated March 18, 2024"), "\(words)")
    }

    /// cmark-gfm refuses any node but text-like inlines in a table cell: the target of an
    /// attribute list there was dropped (and leaked, found by `make fuzz`), so a link that
    /// `check` passed landed nowhere. It now lands on the row.
    @Test func anAttributeListInATableCellIsATargetOnItsRow() throws {
        let page = """
        ---
        id: table
        ---
        # Table

        | Situation | Decision |
        |---|---|
        | Flood window, water at 3x {#flood} | `remove` |
        | Two ids {#a} in one {#b} row | `warn` |
        | *Emphasis {#in-em}* | `approve` |

        See [the flood row](#flood), [a](#a), [b](#b) and [em](#in-em).
        """
        let t = try TempTree(["docs/table.md": page])
        let h = try Handbook.load(content: t.root)
        #expect(h.diagnostics.filter { $0.message.contains("broken link") }.isEmpty, "\(h.diagnostics)")
        let html = try #require(h.rendered["docs/table.md"]?.html)
        #expect(html.contains("<td><span id=\"flood\"></span>Flood window, water at 3x</td>"), "\(html)")
        #expect(html.contains("<td><span id=\"a\"></span><span id=\"b\"></span>Two ids "), "\(html)")
        #expect(html.contains("<span id=\"in-em\"></span>"), "\(html)")
        #expect(!html.contains("{#"))
    }

    /// cmark's text is `{#id}` whether the author wrote `{#id}` or escaped a brace to show it
    /// (`\{#id}`, `&#123;#id}`, `{#id\}`): the escaped ones were taken as anchors and vanished
    /// from the page. They are text; one written as is, in the same paragraph, still sets its id.
    /// (The Word import wrote `{<!-- -->#id}` to get round it; it now writes `\{#id}`.)
    @Test func anEscapedBraceIsTextNotAnAttributeList() throws {
        let page = #"""
        ---
        id: macros
        ---
        # Macros

        Type the macro as \{#seller_name} in the reply field.
        Or as &#123;#buyer_name} and {#order_id\} there. {#macros-para}

        | Field | Macro |
        |---|---|
        | Seller | \{#seller} |

        ## Placeholders \{#not-an-anchor}

        ## The macro `{#seller_tag}`

        ## Real anchor {#real}

        See [the paragraph](#macros-para) and [real](#real).
        """#
        let t = try TempTree(["docs/macros.md": page])
        let h = try Handbook.load(content: t.root)
        #expect(h.diagnostics.filter { $0.message.contains("broken link") }.isEmpty, "\(h.diagnostics)")
        let html = try #require(h.rendered["docs/macros.md"]?.html)
        #expect(html.contains("Type the macro as {#seller_name} in the reply field."), "\(html)")
        #expect(html.contains("Or as {#buyer_name} and {#order_id} there."), "\(html)")
        #expect(html.contains("<span id=\"macros-para\"></span>"), "\(html)")
        #expect(html.contains("<td>{#seller}</td>"), "\(html)")
        #expect(!html.contains("id=\"seller_name\"") && !html.contains("id=\"seller\""))
        #expect(html.contains(">Placeholders {#not-an-anchor}</h2>"), "\(html)")
        #expect(!html.contains("id=\"not-an-anchor\""))
        // Nor is a code span ending a heading an attribute list.
        #expect(html.contains("The macro <code>{#seller_tag}</code></h2>"), "\(html)")
        #expect(!html.contains("id=\"seller_tag\""))
        #expect(html.contains("id=\"real\""))
    }

    @Test func aMissingOrRepeatedIdIsStillReported() throws {
        let t = try TempTree(["docs/options.md": Self.options + "\n\nAgain **x**{ #para-id }\n",
                              "docs/linking.md": Self.linking + "\n[gone](options.md#no-such-term)\n"])
        let h = try Handbook.load(content: t.root)
        #expect(h.diagnostics.contains { $0.file == "docs/linking.md" && $0.message.contains("has no section '#no-such-term'") })
        #expect(h.diagnostics.contains { $0.file == "docs/options.md" && $0.line == 22 && $0.message.contains("'#para-id' is already used") })
        let html = try #require(h.rendered["docs/options.md"]?.html)
        #expect(html.components(separatedBy: "id=\"para-id\"").count == 2, "one element per id")
    }

    /// Anchors changed in 2026-12 (apostrophes and punctuation dropped, as other docs tools
    /// do): headings also carry their former anchors as empty targets, so `page.html#what-s-a-fork`
    /// still lands on "What's a fork?". Ids stay unique; explicit ids have no former form.
    @Test func headingsKeepTheirFormerAnchors() throws {
        #expect(Slug.formerAnchors("What's a fork?") == ["what-s-a-fork"])
        #expect(Slug.formerAnchors("Localization/Translation") == ["localization-translation"])
        #expect(Slug.formerAnchors("What's new in 3.2") == ["whats-new-in-3-2", "what-s-new-in-3-2"])
        #expect(Slug.formerAnchors("Plain words").isEmpty)
        // Curly apostrophes too, and headings with no apostrophe in other scripts (the fast
        // path that skips the replacing gives what the replacing gives).
        #expect(Slug.formerAnchors("What\u{2019}s new in 3.2") == ["whats-new-in-3-2", "what-s-new-in-3-2"])
        #expect(Slug.formerAnchors("Đồ giả/hàng nhái") == ["đồ-giả-hàng-nhái"])
        for heading in ["Đồ giả / hàng nhái", "Localization/Translation", "สินค้า ปลอม", "It\u{2019}s O'Brien's", "e\u{301}'x"] {
            let first = Slug.make(heading)
            let second = Slug.make(heading.replacingOccurrences(of: "'", with: "-").replacingOccurrences(of: "\u{2019}", with: "-"))
            var expected: [String] = []
            for c in [first, second] where !c.isEmpty && c != Slug.anchor(heading) && !expected.contains(c) { expected.append(c) }
            #expect(Slug.formerAnchors(heading) == expected, "\(heading)")
        }
        let t = try TempTree(["docs/options.md": Self.options])
        let h = try Handbook.load(content: t.root)
        let html = try #require(h.rendered["docs/options.md"]?.html)
        #expect(html.contains("<h2 id=\"whats-a-fork\"><span id=\"what-s-a-fork\"></span>What's a fork?</h2>"))
        #expect(html.contains("<h2 id=\"localizationtranslation\"><span id=\"localization-translation\"></span>Localization/Translation</h2>"))
        #expect(html.contains("<h2 id=\"own-brand\">Seller's own brand</h2>"))
        #expect(html.contains("<h2 id=\"theme-options\">Theme options</h2>"))
        // A former anchor that another heading now has is not repeated.
        let clash = try TempTree(["p.md": "# P\n\n## What's up\n\n## What s up\n"])
        let c = try #require(try Handbook.load(content: clash.root).rendered["p.md"]?.html)
        #expect(c.contains("<h2 id=\"whats-up\">What's up</h2>"), "\(c)")
        #expect(c.components(separatedBy: "id=\"what-s-up\"").count == 2, "\(c)")
        // Same input, same output.
        #expect(try Handbook.load(content: t.root).rendered["docs/options.md"]?.html == html)
    }

    /// Found on jest's Docusaurus documentation: links written for Docusaurus (`CLI.md#--watch`,
    /// `Configuration.md#bail-number--boolean`) were 20 broken-anchor warnings, since GitHub's
    /// rule keeps each space a hyphen where MkDocs' (Casebook's) joins runs.
    @Test func headingsAlsoCarryGitHubsAnchor() throws {
        #expect(Slug.githubAnchor("`--watch`") == "--watch")
        #expect(Slug.githubAnchor("`bail` [number | boolean]") == "bail-number--boolean")
        #expect(Slug.githubAnchor("this.equals(a, b, customTesters?)") == "thisequalsa-b-customtesters")
        #expect(Slug.githubAnchor("What's a fork?") == "whats-a-fork")
        #expect(Slug.extraAnchors("What's a fork?") == ["what-s-a-fork"], "same as Casebook's: not repeated")
        #expect(Slug.extraAnchors("`bail` [number | boolean]") == ["bail-number--boolean"])
        let t = try TempTree(["CLI.md": "# CLI\n\n## `--watch`\n\nWatch files.\n\n## `bail` [number | boolean]\n\nStop early.\n",
                              "Guide.md": "# Guide\n\nUse [watch](CLI.md#--watch) or [bail](CLI.md#bail-number--boolean) or [old](CLI.md#bail-number-boolean).\n"])
        let h = try Handbook.load(content: t.root)
        #expect(!h.diagnostics.contains { $0.isBrokenLink }, "\(h.diagnostics)")
        let html = try #require(h.rendered["CLI.md"]?.html)
        #expect(html.contains("<h2 id=\"watch\"><span id=\"--watch\"></span><code>--watch</code></h2>"), "\(html)")
        #expect(html.contains("<h2 id=\"bail-number-boolean\"><span id=\"bail-number--boolean\"></span>"), "\(html)")
    }
}
