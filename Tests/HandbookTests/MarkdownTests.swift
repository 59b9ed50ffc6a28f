import Testing
import Foundation
@testable import Handbook

@Suite struct MarkdownTests {
    func render(_ md: String, rewrite: @escaping (String) -> LinkRewrite = { _ in .keep }) -> RenderedMarkdown {
        Markdown.render(md, anchors: { hs in hs.map { $0.attributes?.id ?? Slug.make($0.text) } }, rewriteURL: rewrite)
    }

    /// GitHub's alerts (GitHub Docs and READMEs write their notes as `> [!WARNING]`): cmark-gfm
    /// 0.29 reads the marker as text, and pages showed "[!WARNING]". The marker becomes its
    /// title in bold, as the import writes other tools' call-out boxes; anything else stays.
    @Test func gitHubAlertsShowTheirTitle() {
        let html = render("> [!WARNING]\n> Check the seller first.\n\n> [!note]\n> Useful.\n\n> [!NOTE] on the line\n\n> [!FOO]\n> x\n\n```\n> [!TIP]\n```\n").html
        #expect(html.contains("<blockquote>\n<p><strong>Warning</strong>\nCheck the seller first.</p>\n</blockquote>"), "\(html)")
        #expect(html.contains("<p><strong>Note</strong>\nUseful.</p>"), "\(html)")
        #expect(html.contains("<p>[!NOTE] on the line</p>") && html.contains("<p>[!FOO]\nx</p>") && html.contains("&gt; [!TIP]"), "\(html)")
    }

    /// ASCII headings are searched byte by byte, others Character by Character: the same
    /// text, attributes and brace offset (in characters) either way.
    @Test func headingAttributesAreSplitAlikeInASCIIAndOtherText() {
        func split(_ text: String) -> (String, String?, [String], Int)? {
            HeadingAttributeParser.split(text).map { ($0.0, $0.1.id, $0.1.classes, $0.2) }
        }
        for prefix in ["Title", "Café é\u{301}"] {
            let n = prefix.count
            #expect(split(prefix + " {#a .b}  ").map { [$0.0, $0.1 ?? "-", $0.2.joined(), String($0.3)] } == [prefix, "a", "b", String(n + 1)])
            #expect(split(prefix + " {x} {#id}").map { [$0.0, $0.1 ?? "-", String($0.3)] } == [prefix + " {x}", "id", String(n + 5)])
            #expect(split(prefix + " {#a}x") == nil)
            #expect(split(prefix + " {use placeholders}") == nil)
            #expect(split(prefix + " }") == nil)
            #expect(split(prefix + "{}").map { [$0.0, $0.1 ?? "-", String($0.3)] } == [prefix, "-", String(n)])
            let quoted = HeadingAttributeParser.split(prefix + " { #a\tdata-x=\"b c\" k='d' }")
            #expect(quoted?.1.id == "a" && quoted?.1.values == ["data-x": "b c", "k": "d"])
            #expect(split(prefix + " {#a k=\"open}") == nil)
        }
    }

    @Test func headingsGetIdsAndLoseTheirAttributeBlock() {
        let r = render("## Decision table {#decision-table}\n\nText\n\n### What counts?\n")
        #expect(r.html == "<h2 id=\"decision-table\">Decision table</h2>\n<p>Text</p>\n<h3 id=\"what-counts\">What counts?</h3>\n")
        #expect(r.headings.map(\.text) == ["Decision table", "What counts?"])
        #expect(r.headings[0].attributes?.id == "decision-table")
    }

    /// gohugoio's documentation writes its settings as definition lists (Goldmark's extension)
    /// and links to their terms (`all.md#baseurl`), which Hugo's `autoDefinitionTermID` gives
    /// ids: cmark-gfm read them as paragraphs, and about 200 of its anchors were broken.
    @Test func definitionListsRenderWithTermIDs() {
        let r = render("""
            ## Settings

            `baseURL`
            : (`string`) The absolute URL
            continued.

            `--watch`
            : new
            : Watch files.

              - one
              - two

            After the list.

            `settings`
            : again

            : no term, no list
            """)
        #expect(r.html == """
            <h2 id="settings">Settings</h2>
            <dl>
            <dt id="baseurl">
            <code>baseURL</code>
            </dt>
            <dd>
            (<code>string</code>) The absolute URL
            continued.
            </dd>
            <dt id="watch"><span id="--watch"></span>
            <code>--watch</code>
            </dt>
            <dd>
            new
            </dd>
            <dd>
            <p>Watch files.</p>
            <ul>
            <li>one</li>
            <li>two</li>
            </ul>
            </dd>
            </dl>
            <p>After the list.</p>
            <dl>
            <dt id="settings-1">
            <code>settings</code>
            </dt>
            <dd>
            again
            </dd>
            </dl>
            <p>: no term, no list</p>

            """, "\(r.html)")
        #expect(r.termAnchors == ["baseurl", "watch", "--watch", "settings-1"])
        // Parse only (the import's link scan, an old version's diff): the ids are known all the same.
        let parsed = Markdown.render("Term\n: text\n", renderHTML: false, anchors: { $0.map { _ in "" } }, rewriteURL: { _ in .keep })
        #expect(parsed.termAnchors == ["term"])
        // A term's attribute list sets an id beside the term's own, and is not part of it.
        let given = render("**Refund window** {#window}\n: Fourteen days.\n")
        #expect(given.termAnchors == ["refund-window"] && given.inlineAnchors.map(\.id) == ["window"], "\(given.termAnchors)")
        #expect(given.html.hasPrefix("<dl>\n<dt id=\"refund-window\">\n<span id=\"window\"></span><strong>Refund window</strong>"), "\(given.html)")
        // A colon that starts no definition (`:smile:`, a time) leaves the paragraph alone.
        #expect(render("Meet at\n:30 past, or\n:smile: later\n").html == "<p>Meet at\n:30 past, or\n:smile: later</p>\n")
    }

    @Test func attributeValuesAndClassesAreParsed() {
        let r = render("### RI-02 Alcohol in Thailand {harm=high markets=TH,ID .strict}\n")
        let a = r.headings[0].attributes
        #expect(a?.values == ["harm": "high", "markets": "TH,ID"])
        #expect(a?.classes == ["strict"])
        #expect(r.headings[0].text == "RI-02 Alcohol in Thailand")
    }

    @Test func bracesThatAreNotAttributesStayInTheHeading() {
        let r = render("## Use {placeholders} carefully\n")
        #expect(r.headings[0].text == "Use {placeholders} carefully")
        #expect(r.headings[0].attributes == nil)
    }

    @Test func leadingH1BecomesTheTitleAndIsDropped() {
        let r = render("# Counterfeit goods\n\nIntro\n")
        #expect(r.leadingTitle == "Counterfeit goods")
        #expect(r.html == "<p>Intro</p>\n")
    }

    @Test func gfmExtensionsRenderWhenTheirSyntaxIsUsed() {
        #expect(render("Old rule: ~~remove at once~~ warn first.\n").html.contains("<del>remove at once</del>"))
        #expect(render("See https://example.com/policy for details.\n").html.contains("<a href=\"https://example.com/policy\">"))
        #expect(render("Visit www.example.com today.\n").html.contains("<a href=\"http://www.example.com\">"))
        #expect(render("Write to trust@example.com.\n").html.contains("href=\"mailto:trust@example.com\""))
        let tasks = render("- [ ] Check the seller's ID\n- [x] Compare the photos\n").html
        // The boxes are characters, not inputs: an input with no label fails axe (critical).
        // Each item is a task, whose box is its marker (no bullet beside it).
        #expect(tasks.contains("<li class=\"task\">\u{2610} Check the seller's ID</li>"), "\(tasks)")
        #expect(tasks.contains("<li class=\"task\">\u{2611} Compare the photos</li>"), "\(tasks)")
        let loose = render("- [ ] Check the ID\n\n- [x] Compare\n\n- Plain item\n").html
        // In a loose list the box is on its text's line, in its paragraph.
        #expect(loose.contains("<li class=\"task\">\n<p>\u{2610} Check the ID</p>") && loose.contains("<li>\n<p>Plain item</p>"), "\(loose)")
        #expect(!tasks.contains("<input"))
        // A fenced code block's language is a class, not `lang` (a human language).
        let code = render("```sql\nSELECT 1;\n```\n").html
        #expect(code.contains("<pre tabindex=\"0\"><code class=\"language-sql\">SELECT 1;"), "\(code)")
        // All of them in one page, with a table, as an SOP would have them.
        let all = render("| Sign | Action |\n|---|---|\n| ~~old~~ | see www.example.com |\n\n- [ ] done\n").html
        #expect(all.contains("<table>") && all.contains("<del>old</del>") && all.contains("http://www.example.com") && all.contains("\u{2610} done"))
        // Without their syntax, text is left alone.
        #expect(render("Plain text: no links, no tables.\n").html == "<p>Plain text: no links, no tables.</p>\n")
    }

    @Test func extensionsAreAttachedOnlyWhereTheirSyntaxCanOccur() {
        func needed(_ s: String) -> [Bool] { Array(s.utf8).withUnsafeBufferPointer { Markdown.extensionsNeeded($0) } }
        #expect(needed("plain words") == [false, false, false, false])
        #expect(needed("a | b") == [true, false, false, false])
        #expect(needed("~~x~~") == [false, true, false, false])
        #expect(needed("go to https://x.y") == [false, false, true, false])
        #expect(needed("www.x.y") == [false, false, true, false])
        #expect(needed("a@b.c") == [false, false, true, false])
        #expect(needed("- [x] done") == [false, false, false, true])
        #expect(needed("[link](x.md) and [ ]") == [false, false, false, true])
        #expect(needed("[link](x.md)") == [false, false, false, false])
    }

    @Test func gfmTablesRenderInAScrollableRegion() {
        let r = render("| Situation | Decision |\n|---|:---:|\n| Fake bag | remove |\n")
        #expect(r.html == """
        <div class="table-wrap" role="region" aria-label="Table 1" tabindex="0"><table>
        <thead>
        <tr>
        <th>Situation</th>
        <th align="center">Decision</th>
        </tr>
        </thead>
        <tbody>
        <tr>
        <td>Fake bag</td>
        <td align="center">remove</td>
        </tr>
        </tbody>
        </table></div>

        """)
    }

    /// Each table is a landmark (a labelled region), so two tables of one page need two names
    /// (axe's landmark-unique).
    @Test func tablesOfOnePageAreNumbered() {
        let table = "| Situation | Decision |\n|---|---|\n| Fake bag | remove |\n"
        let r = render(table + "\nText\n\n" + table + "\n" + table)
        let labels = r.html.components(separatedBy: "aria-label=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(labels == ["Table 1", "Table 2", "Table 3"])
    }

    /// Raw HTML is never passed through: a tag outside `RawHTML`'s allowlist is text, an
    /// allowed one loses its attributes (see `RawHTMLTests`).
    @Test func rawHTMLIsEscapedNotPassedThrough() {
        let r = render("Run <script>alert(1)</script>\n\nA <b onclick=\"x()\">bold</b> claim\n")
        #expect(!r.html.contains("<script"))
        #expect(!r.html.contains("<b ") && !r.html.contains("onclick"))
        #expect(r.html.contains("Run &lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(r.html.contains("A <b>bold</b> claim"))
    }

    @Test func dangerousLinkSchemesAreNotRendered() {
        let r = render("[click](javascript:alert(1))\n")
        #expect(!r.html.contains("javascript:"))
    }

    @Test func linksAreRewrittenAndRecordedWithPositions() {
        let r = render("Intro\n\nSee [the rule](other.md#ip-01) and ![logo](img/a.png).\n") { url in
            url == "other.md#ip-01" ? .replace("other.html#ip-01") : .keep
        }
        #expect(r.html.contains("<a href=\"other.html#ip-01\">the rule</a>"))
        #expect(r.html.contains("<img src=\"img/a.png\" alt=\"logo\" />"))
        #expect(r.links.map(\.url) == ["other.md#ip-01", "img/a.png"])
        #expect(r.links[0].line == 3)
        #expect(r.links[1].isImage)
    }

    @Test func unlinkedLinksKeepTheirText() {
        let r = render("See [the *old* guide](old.md) now.\n") { _ in .unlink }
        #expect(r.html == "<p>See the <em>old</em> guide now.</p>\n")
    }

    @Test func lineNumbersAreOffsetByTheFrontMatter() {
        let r = Markdown.render("\n## Late heading\n", firstLine: 10, anchors: { $0.map { _ in "x" } }, rewriteURL: { _ in .keep })
        #expect(r.headings[0].line == 11)
    }

    @Test func sectionTextIsCollectedPerHeading() {
        let r = render("Intro text\n\n## One\n\nFirst *body*\n\n## Two\n\n- item\n")
        #expect(r.introText.contains("Intro text"))
        #expect(r.sectionText[0].contains("First body"))
        #expect(r.sectionText[1].contains("item"))
    }

    @Test func inlineSummariesRenderWithoutParagraphs() {
        #expect(Markdown.renderInline("Plain & simple <b>") == "Plain &amp; simple &lt;b&gt;")
        #expect(Markdown.renderInline("Uses *emphasis*") == "Uses <em>emphasis</em>")
    }
}

/// cmark-gfm's inline extensions share one table of special characters across threads; pages
/// rendered at once must render exactly as they do alone (a build renders pages on every core).
@Suite struct MarkdownConcurrencyTests {
    @Test func pagesRenderedAtOnceRenderAsTheyDoAlone() {
        let autolinks = (0..<40).map { i in
            "Report \(i) at https://example.org/report/\(i) or www.example.com/\(i); mail help\(i)@example.org.\n\n"
        }.joined() + "Ends with ~~withdrawn~~ text.\n"
        let strikes = (0..<40).map { i in "Rule \(i) was ~~old \(i)~~ and is now new.\n\n" }.joined()
        let plain = (0..<40).map { i in "Plain words \(i): window, workflow, wow.\n\n" }.joined()
        let pages = [autolinks, strikes, plain]
        @Sendable func render(_ md: String) -> String {
            Markdown.render(md, anchors: { $0.map { _ in "h" } }, rewriteURL: { _ in .keep }).html
        }
        let alone = pages.map(render)
        #expect(alone[0].contains("<a href=\"https://example.org/report/39\">") && alone[0].contains("<del>withdrawn</del>"))
        #expect(alone[1].contains("<del>old 39</del>"))
        let rounds = 1500
        let counter = ManagedCounter()
        DispatchQueue.concurrentPerform(iterations: rounds) { i in
            if render(pages[i % pages.count]) != alone[i % pages.count] { counter.add() }
        }
        let differing = counter.value
        #expect(differing == 0, "\(differing) of \(rounds) pages rendered at once differ from the page rendered alone")
    }
}

private final class ManagedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
