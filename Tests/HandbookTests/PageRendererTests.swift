import Testing
@testable import Handbook

@Suite struct PageRendererTests {
    let resolver = LinkResolver(pageIDs: ["policies/ip.md": "counterfeit", "ops/escalation.md": "escalation"], assets: ["policies/img/x.png"])

    func page(_ md: String, path: String = "policies/ip.md") -> RenderedPage {
        PageRenderer.render(path: path, category: "policies", file: nil, bytes: Array(md.utf8), resolver: resolver)
    }

    @Test func policyCodesAreRecognisedAtTheStartOfHeadings() {
        #expect(PageRenderer.policyCode(atStartOf: "IP-01 Counterfeit branded goods").map { [$0.code, $0.name] } == ["IP-01", "Counterfeit branded goods"])
        #expect(PageRenderer.policyCode(atStartOf: "PI-03: Wildlife").map { [$0.code, $0.name] } == ["PI-03", "Wildlife"])
        #expect(PageRenderer.policyCode(atStartOf: "SEV-12").map { [$0.code, $0.name] } == ["SEV-12", ""])
        #expect(PageRenderer.policyCode(atStartOf: "IP-1 Too short") == nil)
        #expect(PageRenderer.policyCode(atStartOf: "IP-012 Too long") == nil)
        #expect(PageRenderer.policyCode(atStartOf: "Ip-01 lowercase") == nil)
        #expect(PageRenderer.policyCode(atStartOf: "COVID-19 pricing") == nil)
        #expect(PageRenderer.policyCode(atStartOf: "Rules for IP-01") == nil)
    }

    @Test func anchorsComeFromExplicitIdsCodesOrSlugs() {
        let p = page("""
        ---
        id: counterfeit
        ---
        # Counterfeit

        ## Signs of a counterfeit {#signs}
        ### IP-01 Counterfeit branded goods {harm=high markets=uk,id}
        ### Worked example: "ORI" bags
        """)
        let s = p.summary.sections
        #expect(s.map(\.anchor) == ["signs", "ip-01", "worked-example-ori-bags"])
        #expect(s[1].code == "IP-01")
        #expect(s[1].codeName == "Counterfeit branded goods")
        #expect(s[1].harm == .high)
        #expect(s[1].markets == ["UK", "ID"])
        #expect(p.summary.title == "Counterfeit")
        #expect(p.summary.diagnostics.isEmpty)
        #expect(p.html.contains("<h3 id=\"ip-01\">IP-01 Counterfeit branded goods</h3>"))
        #expect(p.sectionHTML["ip-01"]?.hasPrefix("<h3 id=\"ip-01\">") == true)
    }

    /// An old version parsed for a diff (no HTML) has exactly the sections, anchors, title,
    /// metadata and section text of the full render: the diff pages must not change.
    @Test func parsingWithoutHTMLKeepsSectionsTitleAndText() {
        let md = """
        ---
        id: counterfeit
        version: "2.1"
        ---
        # Counterfeit

        Intro with a [link](../ops/escalation.md) and *emphasis*, ~~struck~~ and www.example.com.

        ## Signs {#signs}
        Text | table
        ---- | -----
        a | b

        ### IP-01 Counterfeit branded goods {harm=high markets=uk,id}
        - [ ] task item with `code`
        #### Deeper heading
        folded text <b>raw</b>
        ## Signs
        # A later H1
        after it
        """
        let full = page(md)
        let parsed = PageRenderer.render(path: "policies/ip.md", category: "policies", file: nil, bytes: Array(md.utf8),
                                         resolver: resolver, bodyHTML: false)
        #expect(parsed.html.isEmpty)
        #expect(!full.html.isEmpty)
        #expect(parsed.summary.sections == full.summary.sections)
        #expect(parsed.summary.sections.map(\.anchor) == ["signs", "ip-01", "deeper-heading", "signs-5"])
        #expect(parsed.summary.title == full.summary.title)
        #expect(parsed.summary.meta == full.summary.meta)
        #expect(parsed.sectionText == full.sectionText)
        #expect(parsed.sectionText["ip-01"]?.contains("folded text") == true)
    }

    @Test func duplicateExplicitAnchorsAreErrorsWithLines() {
        let p = page("## One {#same}\n\n## Two {#same}\n")
        let d = p.summary.diagnostics
        #expect(d.count == 1)
        #expect(d[0].severity == .error && d[0].line == 3 && d[0].message.contains("duplicate anchor '#same'") && d[0].message.contains("line 1"))
    }

    @Test func duplicateSlugsAreMadeUniqueWithAWarning() {
        let p = page("## Example\n\n## Example\n")
        #expect(p.summary.sections.map(\.anchor) == ["example", "example-2"])
        #expect(p.summary.diagnostics.first?.severity == .warning)
    }

    @Test func badHarmIsAnError() {
        let p = page("### IP-01 Fakes {harm=severe}\n")
        #expect(p.summary.diagnostics.contains { $0.severity == .error && $0.message.contains("harm 'severe'") })
    }

    @Test func linksAreRewrittenToSiteURLsAndBrokenOnesReported() {
        let p = page("""
        ---
        id: counterfeit
        ---
        See [escalation](../ops/escalation.md#legal), [here](#signs), [image](img/x.png),
        [gone](missing.md), [abs](/docs/other/) and [web](https://example.com).

        ## Signs {#signs}
        """)
        #expect(p.html.contains("href=\"escalation.html#legal\""))
        #expect(p.html.contains("href=\"#signs\""))
        #expect(p.html.contains("href=\"../media/policies/img/x.png\""))
        #expect(p.html.contains("href=\"https://example.com\""))
        let d = p.summary.diagnostics
        #expect(d.contains { $0.severity == .error && $0.line == 5 && $0.message.contains("broken link 'missing.md'") })
        #expect(d.contains { $0.severity == .warning && $0.message.contains("site-absolute link '/docs/other/'") })
    }

    @Test func titleFallsBackToTheFileName() {
        let p = PageRenderer.render(path: "ops/Live Stream Rules.md", category: "ops", file: nil, bytes: Array("No heading\n".utf8), resolver: resolver)
        #expect(p.summary.meta.id == "live-stream-rules")
        #expect(p.summary.title == "live-stream-rules")
    }

    /// Docsy's example site translates `_index.md` of 6 folders as `_index.fa.md`: every one
    /// took the id `index-fa`, and the build published them by path with a warning.
    @Test func aFolderPagesTranslationTakesTheFolderNameAndItsLanguage() {
        #expect(PageRenderer.defaultPageID(for: "docs/_index.fa.md") == "docs-fa")
        #expect(PageRenderer.defaultPageID(for: "blog/news/index.th.md") == "news-th")
        #expect(PageRenderer.defaultPageID(for: "guides/README.pt-br.md") == "guides-pt-br")
        #expect(PageRenderer.defaultPageID(for: "_index.fa.md") == "index-fa")
        #expect(PageRenderer.defaultPageID(for: "docs/indexing.md") == "indexing")
        #expect(PageRenderer.pathPageID(for: "a/docs/_index.fa.md") == "a-docs-fa")
        #expect(PageRenderer.pathPageID(for: "a/docs/_index.fa.md", keepingFileName: true) == "a-docs-index-fa")
    }

    @Test func fileNameIDsAreToldWithoutBuildingTheDefaultID() {
        for (id, path) in [("gen-01003", "cat-03/gen-01003.md"), ("gen-01003", "gen-01003.md"), ("a1", "x/y/a1.markdown")] {
            #expect(PageRenderer.isFileNameID(id, path: path), "\(path)")
            #expect(PageRenderer.defaultPageID(for: path) == id, "\(path)")
        }
        // Not told, whatever the default id is: the caller builds it.
        for (id, path) in [("index", "a/index.md"), ("readme", "a/readme.md"), ("foo", "a/Foo.md"), ("a--b", "x/a--b.md"), ("-a", "x/-a.md"),
                           ("a-", "x/a-.md"), ("", "x/.md"), ("gen", "x/gen"), ("café", "x/café.md"), ("gen", "gen.d/x"), ("a_b", "x/a_b.md"),
                           ("gen", "x/gen.tar.md"), ("x", "x/gen.md")] {
            #expect(!PageRenderer.isFileNameID(id, path: path), "\(id) \(path)")
        }
        // Whenever it tells, it agrees with defaultPageID.
        for path in ["a/b.md", "A/b-c.md", "d/e/f1-2.md", "g.md", "h/i.j.md", "k/l m.md", "n/o--p.md", "q/_index.md", "r/readme.md"] {
            let id = PageRenderer.defaultPageID(for: path)
            if PageRenderer.isFileNameID(id, path: path) { #expect(id == String(path.split(separator: "/").last!.split(separator: ".").first!)) }
        }
    }
}
