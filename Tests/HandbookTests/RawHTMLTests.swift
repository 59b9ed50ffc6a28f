import Testing
import Foundation
@testable import Handbook
import CasebookTestSupport

/// Raw HTML in Markdown goes through an allowlist (`RawHTML`): what real corpora write
/// (comments, `<br>`, `<sub>`, `<kbd>`, `<a name>` targets, `<img>`, `<details>`, centred
/// `<div>`s, tables) renders as a reader expects; anything else is shown as text.
@Suite struct RawHTMLTests {
    func render(_ md: String, rewrite: @escaping (String) -> LinkRewrite = { _ in .keep }) -> RenderedMarkdown {
        Markdown.render(md, anchors: { hs in hs.map { $0.attributes?.id ?? Slug.make($0.text) } }, rewriteURL: rewrite)
    }

    /// Comments were shown on the page as text ("<!-- TODO: check with legal -->"), and read by search.
    @Test func commentsAreNeverShownOrSearched() {
        let r = render("<!-- markdownlint-disable MD033 -->\n\nIntro <!-- ask legal --> text.\n\n<!--\nAn editor's note\nover lines\n-->\n\n## Rule\n\nBody.\n")
        #expect(!r.html.contains("markdownlint") && !r.html.contains("ask legal") && !r.html.contains("editor"), "\(r.html)")
        #expect(!r.html.contains("&lt;!--") && !r.html.contains("raw HTML omitted"), "\(r.html)")
        #expect(r.html.contains("<p>Intro  text.</p>"), "\(r.html)")
        #expect(!r.introText.contains("legal") && !r.introText.contains("editor") && r.introText.contains("Intro"))
        #expect(r.html.hasPrefix("<p>Intro"), "no blank lines where the comments were: \(r.html)")
    }

    @Test func formattingTagsRenderWithoutTheirAttributes() {
        let r = render("H<sub>2</sub>O, x<sup>2</sup>, <kbd>Ctrl</kbd>+<kbd>C</kbd>, a<br>b, <abbr title=\"Standard operating procedure\" onclick=\"x()\">SOP</abbr>, <b style=\"color:red\">bold</b>.\n")
        #expect(r.html == "<p>H<sub>2</sub>O, x<sup>2</sup>, <kbd>Ctrl</kbd>+<kbd>C</kbd>, a<br>b, <abbr title=\"Standard operating procedure\">SOP</abbr>, <b>bold</b>.</p>\n", "\(r.html)")
        #expect(r.introText.contains("a b"), "a line break separates words for search")
    }

    /// An open tag never leaks past its paragraph, and an end tag that closes nothing is dropped.
    @Test func tagsAreBalancedWithinTheirParagraph() {
        let r = render("Starts <b>bold\n\nNext paragraph.</b> and <i>one <u>two</i> three.\n")
        #expect(r.html == "<p>Starts <b>bold</b></p>\n<p>Next paragraph. and <i>one <u>two</u></i> three.</p>\n", "\(r.html)")
        // Inside and outside an emphasis: matched only within one parent, so well nested.
        let nested = render("*a <sub>b* c</sub>\n").html
        #expect(nested == "<p><em>a <sub>b</sub></em> c</p>\n", "\(nested)")
    }

    /// `## <a name="defs"></a>A. Definitions`: the target was shown as text and links to `#defs` were broken.
    @Test func anchorTargetsInHTMLAreLinkTargets() {
        let r = render("## <a name=\"defs\"></a>A. Definitions\n\nSee <a id=\"term-x\">term</a> and <span id=\"s1\">this</span>.\n\n## Two <a id=\"defs\"></a>\n")
        #expect(r.html.contains("<h2 id=\"a-definitions\"><span id=\"defs\"></span>A. Definitions</h2>"), "\(r.html)")
        #expect(r.html.contains("See <span id=\"term-x\"></span>term and <span id=\"s1\"></span>this."), "\(r.html)")
        #expect(r.inlineAnchors.map(\.id) == ["defs", "term-x", "s1", "defs"])
        #expect(r.inlineAnchors.map(\.duplicate) == [false, false, false, true])
        #expect(r.inlineAnchors[0].line == 1 && r.inlineAnchors[1].line == 3)
        #expect(r.html.components(separatedBy: "id=\"defs\"").count == 2, "a repeated id is written once")
        #expect(r.headings[0].text == "A. Definitions")
        #expect(!r.sectionText[0].contains("<"), "a heading's tags do not leak into the section's text: \(r.sectionText)")
    }

    /// GitHub-style pages give a heading its own anchor again (`## <a name="scope"></a>Scope`):
    /// written once, and no warning; another element repeating an id is warned about.
    @Test func aHeadingsOwnAnchorInHTMLIsNoDuplicateToWarnAbout() {
        let r = render("## <a name=\"scope\"></a>Scope\n\nText <a id=\"scope\"></a>.\n")
        #expect(r.inlineAnchors.map(\.duplicate) == [true, true])
        #expect(r.inlineAnchors.map(\.sameAsHeading) == [true, false])
        #expect(r.html.components(separatedBy: "id=\"scope\"").count == 2, "\(r.html)")
    }

    @Test func linksAndImagesInHTMLAreCheckedAndRewrittenLikeMarkdownOnes() {
        let md = "See <a href=\"other.md#x\" target=\"_blank\">the rule</a> and <a href=\"javascript:alert(1)\">this</a>.\n\n<p align=\"center\">\n  <img src=\"img/logo.png\" alt=\"Logo\" width=\"200\" onerror=\"alert(2)\">\n  <a href=\"gone.md\">old</a>\n</p>\n"
        let r = render(md) { url in
            url == "other.md#x" ? .replace("other.html#x") : url == "gone.md" ? .unlink : .keep
        }
        #expect(r.links.map(\.url) == ["other.md#x", "img/logo.png", "gone.md"])
        #expect(r.links.map(\.line) == [1, 4, 5] && r.links[1].isImage)
        #expect(r.html.contains("See <a href=\"other.html#x\">the rule</a> and this."), "\(r.html)")
        #expect(r.html.contains("<img src=\"img/logo.png\" alt=\"Logo\" width=\"200\">"), "\(r.html)")
        #expect(r.html.contains("\n  old\n"), "an unlinked link keeps its text: \(r.html)")
        #expect(!r.html.contains("javascript") && !r.html.contains("onerror") && !r.html.contains("align") && !r.html.contains("_blank"), "\(r.html)")
    }

    @Test func simpleHTMLBlocksRender() {
        let table = "<table>\n<tr><th colspan=\"2\" style=\"x\">Decision</th></tr>\n<tr><td>Fake bag<br>with logo</td><td><b>Remove</b></td></tr>\n</table>\n"
        let r = render(table + "\n<div align=\"center\">\n\n**Markdown** between\n\n</div>\n")
        #expect(r.html.contains("<div class=\"table-wrap\" role=\"region\" aria-label=\"Table 1\" tabindex=\"0\"><table>\n<tbody><tr><th colspan=\"2\">Decision</th></tr>\n<tr><td>Fake bag<br>with logo</td><td><b>Remove</b></td></tr>\n</tbody></table></div>"), "wrapped as Markdown's tables are: \(r.html)")
        #expect(r.html.contains("<div>\n<p><strong>Markdown</strong> between</p>\n</div>"), "a div closed by a later block wraps the Markdown between: \(r.html)")
        #expect(r.introText.contains("Fake bag") && r.introText.contains("Remove"))
    }

    /// `<details>` ... Markdown ... `</details>`, as READMEs write folded sections.
    @Test func detailsOpenedAndClosedAroundMarkdown() {
        let r = render("<details>\n<summary>Worked example</summary>\n\n- Step one\n\n</details>\n\nAfter.\n")
        #expect(r.html.contains("<details>\n<summary>Worked example</summary>\n<ul>\n<li>Step one</li>\n</ul>\n</details>\n<p>After.</p>"), "\(r.html)")
        let unclosed = render("<details><summary>S</summary>\n\nText\n").html
        #expect(unclosed.hasSuffix("</details>\n") || unclosed.hasSuffix("</details>"), "closed at the end of the page: \(unclosed)")
        let stray = render("Text\n\n</details>\n\n</div>\n").html
        #expect(stray == "<p>Text</p>\n", "end tags that close nothing are dropped: \(stray)")
    }

    /// dapr's docs embed 51 videos (`<iframe src="https://www.youtube-nocookie.com/embed/..."
    /// title="YouTube video player">`), shown as their tags: each embed is now a link to what it shows.
    @Test func embedsBecomeLinksToWhatTheyShow() {
        let r = render("Watch <iframe width=\"560\" src=\"https://www.youtube-nocookie.com/embed/abc\" title=\"Live-stream walkthrough\" allowfullscreen></iframe> first.\n\n<video controls width=\"400\">\n  <source src=\"clips/refund-scam.mp4\" type=\"video/mp4\">\n  Your browser cannot play it.\n</video>\n\n<iframe src=\"javascript:alert(1)\"></iframe>\n")
        #expect(r.html.contains("<p>Watch <a href=\"https://www.youtube-nocookie.com/embed/abc\">Live-stream walkthrough</a> first.</p>"), "\(r.html)")
        #expect(r.html.contains("<a href=\"clips/refund-scam.mp4\">clips/refund-scam.mp4</a>") && !r.html.contains("cannot play"), "\(r.html)")
        #expect(r.links.map(\.url) == ["https://www.youtube-nocookie.com/embed/abc", "clips/refund-scam.mp4"])
        #expect(!r.html.contains("<iframe") && !r.html.contains("<video") && !r.html.contains("javascript"), "\(r.html)")
        #expect(r.introText.contains("Live-stream walkthrough"))
    }

    /// cert-manager's docs show their diagrams as `<object data="....svg">` (104 times): an
    /// object showing an image file is that image; any other shows its own content.
    @Test func objectsShowingImagesAreImages() {
        let r = render("<object class=\"inline\" data=\"/images/flow.svg\"></object>\n\nSee <object data=\"img/a.png?v=2\" title=\"Flow\"></object> and <object data=\"movie.swf\">the movie</object>.\n")
        #expect(r.html.contains("<img src=\"/images/flow.svg\" alt=\"\">"), "\(r.html)")
        #expect(r.html.contains("<p>See <img src=\"img/a.png?v=2\" alt=\"Flow\"> and the movie.</p>"), "\(r.html)")
        #expect(r.links.map(\.url) == ["/images/flow.svg", "img/a.png?v=2"] && r.links.allSatisfy(\.isImage))
        #expect(!r.html.contains("object") && !r.html.contains("swf"))
    }

    /// Anything outside the allowlist is still shown as text (a script or style block left
    /// out), never passed through.
    @Test func anythingElseIsShownAsText() {
        let r = render("<script>alert(1)</script>\n\nA <b onclick=\"x()\">bold</b> <iframe src=\"https://x\"></iframe> and <Tabs>.\n\n<div>\n<form action=\"/x\"><input name=\"q\"></form>\n</div>\n\n<svg onload=\"alert(3)\"></svg>\n")
        #expect(!r.html.contains("alert(1)"), "a script block is left out: \(r.html)")
        #expect(r.html.contains("A <b>bold</b> <a href=\"https://x\">https://x</a> and &lt;Tabs&gt;."), "an iframe is a link: \(r.html)")
        #expect(r.html.contains("&lt;form action=&quot;/x&quot;&gt;"), "a block holding a tag outside the allowlist is text: \(r.html)")
        #expect(!r.html.contains("<script") && !r.html.contains("<iframe") && !r.html.contains("<form") && !r.html.contains("<svg") && !r.html.contains("<input"))
    }

    /// A `<br>` in a table cell is how GFM tables break a line; cmark-gfm's cells refuse custom nodes.
    @Test func lineBreaksInTableCells() {
        let r = render("| Case | Decision |\n|---|---|\n| Fake bag<br>logo | <kbd>Remove</kbd> |\n")
        #expect(r.html.contains("<td>Fake bag<br>logo</td>") && r.html.contains("<td><kbd>Remove</kbd></td>"), "\(r.html)")
    }

    /// A `<details>` left open is closed before the next heading: each section's HTML stays
    /// whole, as a policy code's section is shown alone on its code family's page. The
    /// author's `</details>` after the heading then closes nothing and is dropped.
    @Test func whatABlockLeavesOpenClosesBeforeTheNextHeading() throws {
        let r = render("Intro\n\n<details><summary>Example</summary>\n\nFolded.\n\n## Next\n\nText.\n\n</details>\n\n<div>\n\nEnd.\n")
        #expect(r.html == "<p>Intro</p>\n<details><summary>Example</summary>\n<p>Folded.</p>\n</details>\n<h2 id=\"next\">Next</h2>\n<p>Text.</p>\n<div>\n<p>End.</p>\n</div>\n", "\(r.html)")
        let t = try TempTree([
            "codes.md": "---\ntitle: Codes\n---\n\n## AB-01 First rule\n\n<details><summary>Example</summary>\n\nFolded.\n\n## AB-02 Second rule\n\nText.\n",
        ])
        let h = try Handbook.load(content: t.root)
        let sections = try #require(h.rendered["codes.md"]?.sectionHTML)
        for (anchor, html) in sections {
            #expect(html.components(separatedBy: "<details>").count == html.components(separatedBy: "</details>").count, "\(anchor): \(html)")
        }
        #expect(sections.count == 2)
    }

    /// babel's docs fold a version history in `<details>` (22 of them), its summary indented,
    /// the table right before `</details>`; kept as written, they render folded as on GitHub.
    @Test func detailsAsBabelWritesThemRenderFolded() {
        let r = render("<details>\n  <summary>History</summary>\n\n| Version | Changes |\n| --- | --- |\n| v7.22.0 | Supports `await using` |\n</details>\n\n<details><summary><code>uapi</code> use</summary>\n\n    uapi DomainInfo\n</details>\n\nAfter.\n")
        #expect(r.html.hasPrefix("<details>\n  <summary>History</summary>\n<div class=\"table-wrap\""), "\(r.html)")
        #expect(r.html.contains("<td>Supports <code>await using</code></td>\n</tr>\n</tbody>\n</table></div>\n</details>\n<details><summary><code>uapi</code> use</summary>\n<pre tabindex=\"0\"><code>uapi DomainInfo\n</code></pre>\n</details>\n<p>After.</p>"), "\(r.html)")
    }

    /// dapr's and fastapi's references write lists and folded tables inside GFM table cells,
    /// where HTML allows blocks; in a paragraph they stay text.
    @Test func blocksInTableCells() {
        let r = render("| API | Use |\n|---|---|\n| Jobs | Scenarios: <ul><li>Batch jobs</li><li>Clean-ups</ul> |\n| contact | <details><summary><code>contact</code> fields</summary><table><tr><td>name</td></tr></table></details> |\n\nA <ul> in text.\n")
        #expect(r.html.contains("<td>Scenarios: <ul><li>Batch jobs</li><li>Clean-ups</li></ul></td>"), "an unclosed item closes with its list: \(r.html)")
        #expect(r.html.contains("<td><details><summary><code>contact</code> fields</summary>") && r.html.contains("<table><tr><td>name</td></tr></table></div></details></td>"), "\(r.html)")
        #expect(r.html.contains("<p>A &lt;ul&gt; in text.</p>"), "\(r.html)")
    }

    /// cmark writes an image's description as plain text, raw HTML included, without the
    /// marker the other tags are put in place of: the tags after one went one place off.
    @Test func tagsInAnImagesDescriptionAreDropped() {
        let r = render("![a <b>bold</b> logo](i.png) then <kbd>K</kbd> and <sub>2</sub>\n")
        #expect(r.html == "<p><img src=\"i.png\" alt=\"a bold logo\" /> then <kbd>K</kbd> and <sub>2</sub></p>\n", "\(r.html)")
    }

    @Test func markersAreReplacedOnlyWhenEachHasItsReplacement() {
        let html = Array("<p>a <!-- raw HTML omitted -->b<!-- raw HTML omitted --></p>".utf8)
        let one = html.withUnsafeBufferPointer { RawHTML.replacingOmitted($0, with: ["<b>", "</b>"]) }
        #expect(String(decoding: one, as: UTF8.self) == "<p>a <b>b</b></p>")
        let off = html.withUnsafeBufferPointer { RawHTML.replacingOmitted($0, with: ["<b>", "</b>", "<i>"]) }
        #expect(String(decoding: off, as: UTF8.self) == "<p>a b</p>")
    }

    @Test func summariesStillEscapeEveryTag() {
        #expect(Markdown.renderInline("A <b>tip</b> <!-- x -->") == "A &lt;b&gt;tip&lt;/b&gt; &lt;!-- x --&gt;")
    }

    /// A deeply nested block is shown as text rather than parsed without bound; one of many
    /// tags that nest shallowly renders (see `LargeRawHTMLTests`).
    @Test func oversizedBlocksAreShownAsText() {
        let deep = String(repeating: "<div>", count: 100) + "x" + String(repeating: "</div>", count: 100)
        #expect(render(deep + "\n").html.contains("&lt;div&gt;&lt;div&gt;"))
        let many = "<p>" + String(repeating: "<b>x</b>", count: 3_000) + "</p>"
        let html = render(many + "\n").html
        #expect(html.hasPrefix("<p><b>x</b><b>x</b>") && !html.contains("&lt;"), "\(html.prefix(200))")
    }

    @Test func codeKeepsItsTags() {
        let r = render("`<br>` and\n\n```html\n<!-- kept -->\n<b>x</b>\n```\n")
        #expect(r.html.contains("<code>&lt;br&gt;</code>") && r.html.contains("&lt;!-- kept --&gt;\n&lt;b&gt;x&lt;/b&gt;"), "\(r.html)")
    }

    /// A handbook whose pages link to `<a name>` targets and HTML images: the links land, the
    /// images are checked as Markdown's are, and a repeated HTML id is one warning in HTML's words.
    @Test func aHandbookLinksToHTMLTargetsAndChecksHTMLImages() throws {
        let t = try TempTree([
            "terms.md": "# Terms\n\n## <a name=\"a-definitions\"></a><a name=\"defs\"></a>A. Definitions\n\nText <span id=\"defs\"></span>.\n\n<p align=\"center\"><img src=\"img/seal.png\" alt=\"Seal\"></p>\n\n<img src=\"img/missing.png\" alt=\"x\">\n",
            "img/seal.png": "png",
            "b.md": "# B\n\n[defs](terms.md#defs) and <a href=\"terms.md#a-definitions\">the definitions</a>, <a href=\"terms.md#nope\">bad</a>.\n",
        ])
        let h = try Handbook.load(content: t.root, links: .warn)
        let broken = h.diagnostics.filter { $0.isBrokenLink }.map { "\($0.file):\($0.line)" }
        #expect(broken == ["b.md:3"], "\(h.diagnostics)")
        #expect(h.diagnostics.contains { $0.file == "terms.md" && $0.line == 9 && $0.message.contains("'img/missing.png' does not point to") }, "\(h.diagnostics)")
        #expect(h.diagnostics.filter { $0.message.contains("HTML id '#defs' is already used") }.map(\.line) == [5], "\(h.diagnostics)")
        let b = try #require(h.rendered["b.md"]?.html)
        #expect(b.contains("<a href=\"terms.html#a-definitions\">the definitions</a>"), "\(b)")
        let terms = try #require(h.rendered["terms.md"]?.html)
        #expect(terms.contains("<p><img src=\"../media/img/seal.png\" alt=\"Seal\"></p>"), "copied and linked as a Markdown image is: \(terms)")
    }

    /// The tags, and the attributes of each, in rendered HTML (text is escaped, so each `<`
    /// followed by a letter opens a tag).
    static func tags(in html: String) -> [(name: String, attributes: [(String, String)])] {
        var out: [(String, [(String, String)])] = []
        let chars = Array(html.unicodeScalars)
        var i = 0
        func isNameChar(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "-" || c == ":" || c == "_" }
        while i < chars.count {
            guard chars[i] == "<", i + 1 < chars.count, chars[i + 1].properties.isAlphabetic else { i += 1; continue }
            var j = i + 1
            var name = ""
            while j < chars.count, isNameChar(chars[j]) { name.unicodeScalars.append(chars[j]); j += 1 }
            var attributes: [(String, String)] = []
            while j < chars.count, chars[j] != ">" {
                if chars[j] == " " || chars[j] == "/" || chars[j] == "\n" { j += 1; continue }
                var key = ""
                while j < chars.count, chars[j] != "=", chars[j] != " ", chars[j] != ">" { key.unicodeScalars.append(chars[j]); j += 1 }
                var value = ""
                if j < chars.count, chars[j] == "=" {
                    j += 1
                    let quote = chars[j]
                    j += 1
                    while j < chars.count, chars[j] != quote { value.unicodeScalars.append(chars[j]); j += 1 }
                    j += 1
                }
                attributes.append((key.lowercased(), value))
            }
            out.append((name.lowercased(), attributes))
            i = j
        }
        return out
    }

    /// Generated pages mixing what attackers and careless copies write: the rendered HTML holds
    /// no element that runs or loads anything, no event handler or style, and no link to a
    /// script; every element is one Casebook writes.
    @Test func generatedHTMLNeverPassesUnsafeMarkup() {
        let pieces = [
            "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<img src=\"javascript:alert(1)\">", "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
            "<a href=\" javascript:alert(1)\">x</a>", "<a href=\"JaVaScRiPt:alert(1)\">x</a>", "<a href=\"data:text/html,<script>x</script>\">x</a>",
            "<b onmouseover=\"x()\">b</b>", "<div style=\"position:fixed\">d</div>", "<svg><script>x</script></svg>", "<math><mi>x</mi></math>",
            "<iframe src=\"https://evil\"></iframe>", "<form action=x><input name=q></form>", "<style>body{}</style>", "<details open ontoggle=alert(1)>",
            "<table><tr><td background=\"javascript:x\">c</td></tr></table>", "<p align=center>p</p>", "<!-- c -->", "<!--", "-->", "</details>",
            "<abbr title=\"&quot; onmouseover=&quot;x\">a</abbr>", "<a name=\"x\" onclick=\"y\"></a>", "<br/>", "<sub>", "</sub>", "<kbd>k</kbd>",
            "<a href=\"vbscript:msgbox\">v</a>", "<img src=\"data:image/svg+xml;base64,PHN2Zz4=\">", "<object data=x></object>", "<embed src=x>",
            "<base href=\"https://evil/\">", "<meta http-equiv=refresh content=0;url=x>", "<link rel=stylesheet href=x>", "<textarea>t</textarea>",
            "<noscript><img src=x onerror=y></noscript>", "<template><script>x</script></template>", "<xmp><script>x</script></xmp>",
            "<ol start=\"1 onload=x\"><li>i</li></ol>", "<td colspan=\"2 onclick\">", "<span id=\"a\\\" onclick=\\\"x\">s</span>",
            "![a <b>x</b> <img src=y onerror=z>](i.png)", "[l <kbd>k</kbd>](gone.md)",
            "text", "**bold**", "\n\n", "\n", "- item ", "| a | b |\n|---|---|\n| ", " |\n", "## Heading ", "> quote ", "`code`",
            // Tables and lists that blank lines split, and end tags that go on a paragraph.
            "<table>\n<tr><td>", "\n\n</td><td>", "\n        </td></tr>\n</table>", "<ul>\n<li>", "\n        </li></ul>", "[l](javascript:x)",
        ]
        let forbiddenTags: Set<String> = ["script", "style", "iframe", "object", "embed", "form", "svg", "math", "link", "meta", "base",
                                          "textarea", "button", "select", "frame", "frameset", "template", "noscript", "xmp", "plaintext", "audio", "video"]
        var seed: UInt64 = 0x2545F4914F6CDD1D
        func next(_ n: Int) -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int((seed >> 33) % UInt64(n)) }
        for _ in 0..<1_500 {
            var md = ""
            for _ in 0..<(1 + next(12)) { md += pieces[next(pieces.count)] + (next(3) == 0 ? "\n" : " ") }
            let html = render(md).html
            for tag in Self.tags(in: html) {
                #expect(!forbiddenTags.contains(tag.name), "<\(tag.name)> from \(md.debugDescription): \(html)")
                if tag.name == "input" { #expect(tag.attributes.map(\.0).contains("disabled"), "only task-list boxes: \(html)") }
                for (key, value) in tag.attributes {
                    #expect(!key.hasPrefix("on") && key != "style" && key != "background" && key != "srcdoc" && key != "formaction",
                            "attribute \(key) from \(md.debugDescription): \(html)")
                    if key == "href" || key == "src" {
                        let v = value.lowercased().filter { !$0.isWhitespace && $0.asciiValue.map { $0 >= 32 } ?? true }
                        #expect(!v.hasPrefix("javascript:") && !v.hasPrefix("vbscript:") && !v.hasPrefix("data:"), "\(key)=\(value) from \(md.debugDescription)")
                    }
                }
            }
        }
    }

    /// What is not rendered as HTML is one warning per tag in a build, at its first use: a
    /// trainer sees that a `<form>` shows as text; CSS in a `<style>` block is left out.
    @Test func htmlNotRenderedIsOneWarningPerTag() throws {
        let t = try TempTree([
            "a.md": "# A\n\n<style>\nh1 { display: none; }\n</style>\n\n<div>\n<form><input name=q></form>\n</div>\n\nInline <button>Go</button> and <namespace> stay.\n",
            "b.md": "# B\n\n<div><form></form></div>\n\n<script>track()</script>\n",
        ])
        let h = try Handbook.load(content: t.root)
        let html = h.diagnostics.filter { $0.kind == .rawHTML }
        #expect(html.map { "\($0.file):\($0.line) \($0.subject)" } == ["a.md:3 <style> out", "a.md:8 <form> text", "a.md:11 <button> text", "b.md:5 <script> out"], "\(html)")
        #expect(html.allSatisfy { $0.severity == .warning } && !h.diagnostics.hasErrors)
        #expect(html.first { $0.subject == "<form> text" }?.message.contains("(2 times in 2 files; shown once)") == true, "\(html)")
        let a = try #require(h.rendered["a.md"]?.html)
        #expect(!a.contains("display: none") && a.contains("&lt;form&gt;") && a.contains("&lt;namespace&gt;"), "\(a)")
    }

    /// A heading "Main" took the id of the page's own `<main id="main">`: two elements with one
    /// id, and the skip link landed on the heading. The page's own ids are reserved.
    @Test func thePagesOwnIDsAreNotTakenByContent() throws {
        let t = try TempTree([
            "a.md": "# A\n\n## Main\n\nText <span id=\"toc-heading\">x</span>.\n\n## Rules {#changes-heading}\n\ny\n",
        ])
        let h = try Handbook.load(content: t.root, links: .warn)
        let html = try #require(h.rendered["a.md"]?.html)
        #expect(html.contains("<h2 id=\"main-2\">Main</h2>") && !html.contains("id=\"main\""), "\(html)")
        #expect(!html.contains("id=\"toc-heading\"") && !html.contains("id=\"changes-heading\""), "\(html)")
        #expect(h.diagnostics.contains { $0.message.contains("'#main', which the page itself uses") }, "\(h.diagnostics)")
        #expect(h.diagnostics.contains { $0.message.contains("'#changes-heading' is one the page itself uses") }, "\(h.diagnostics)")
        #expect(h.diagnostics.contains { $0.message.contains("HTML id '#toc-heading' is already used") }, "\(h.diagnostics)")
    }

    /// The warning for a heading that takes one of the page's own ids was folded with the
    /// repeated headings' ("shown once" for all of them), so in a reference corpus that repeats
    /// "Example" it was never shown. It is a problem of its own, one per anchor.
    @Test func aReservedAnchorIsNotHiddenBehindRepeatedHeadings() throws {
        let t = try TempTree([
            "a.md": "# A\n\n## Example\n\nx\n\n## Example\n\ny\n",
            "b.md": "# B\n\n## Example\n\nx\n\n## Example\n\ny\n\n## Main\n\nz\n",
            "c.md": "# C\n\n## Main\n\nz\n",
        ])
        let h = try Handbook.load(content: t.root)
        let warnings = h.diagnostics.filter { $0.severity == .warning }
        let reserved = warnings.filter { $0.message.contains("which the page itself uses") }
        #expect(reserved.count == 1 && reserved[0].file == "b.md" && reserved[0].message.contains("(2 times in 2 files; shown once)"), "\(warnings)")
        let repeated = warnings.filter { $0.message.contains("already used on line") }
        #expect(repeated.count == 1 && repeated[0].message.contains("(2 times in 2 files; shown once)"), "\(warnings)")
    }
}

/// Large HTML blocks: an API reference generated as one HTML table, a policy matrix exported
/// from a wiki. A block of more than 4,000 tags was shown as text, every tag of it, with no
/// warning (cert-manager's API reference: 325,000 tags on the page as text).
@Suite struct LargeRawHTMLTests {
    /// A table of `rows` rows, each with a code name, a line break and a described cell.
    static func matrix(rows: Int, cell: (Int) -> String = { "Rule \($0) applies." }) -> String {
        var html = "<table>\n<thead><tr><th>Field</th><th>Description</th></tr></thead>\n<tbody>\n"
        for i in 0..<rows {
            html += "<tr>\n<td><code>field\(i)</code><br/><em>string</em></td>\n<td><p>\(cell(i))</p></td>\n</tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    @Test func aLargeShallowBlockRendersAsHTML() throws {
        let table = Self.matrix(rows: 1_500)
        #expect(table.utf8.filter { $0 == UInt8(ascii: "<") }.count > 15_000)
        let t = try TempTree(["ref.md": "# Reference\n\n" + table + "\n## After\n\nText.\n"])
        let h = try Handbook.load(content: t.root)
        let html = try #require(h.rendered["ref.md"]?.html)
        #expect(!html.contains("&lt;td") && !html.contains("&lt;code"), "no tag shown as text")
        #expect(html.contains("<tr>\n<td><code>field1499</code><br><em>string</em></td>"), "\(html.suffix(400))")
        #expect(h.diagnostics.filter { $0.kind == .rawHTML }.isEmpty, "\(h.diagnostics)")
        // Search reads the cells' text, not their tags.
        let intro = try #require(h.rendered["ref.md"]?.sectionText[""])
        #expect(intro.contains("field1499") && intro.contains("Rule 1499 applies.") && !intro.contains("<td>"), "\(intro.suffix(200))")
    }

    /// The large path passes no more than the small one: hostile markup in the cells of a
    /// table of 2,000 rows is dropped or shown as text like anywhere else.
    @Test func aLargeBlockPassesNothingUnsafe() {
        let hostile = ["<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>", "<b onclick=\"x()\">b</b>",
                       "<script>alert(1)</script>", "<a href=\"data:text/html,x\">d</a>", "<style>p{}</style>"]
        let md = "# R\n\n" + Self.matrix(rows: 2_000) { hostile[$0 % hostile.count] } + "\n"
        let html = Markdown.render(md, anchors: { $0.map { Slug.make($0.text) } }, rewriteURL: { _ in .keep }).html
        #expect(html.contains("<td><code>field1999</code>"), "rendered as HTML")
        for tag in RawHTMLTests.tags(in: html) {
            #expect(!["script", "style"].contains(tag.name), "\(tag.name)")
            for (key, value) in tag.attributes {
                #expect(!key.hasPrefix("on"), "\(key)")
                #expect(!value.lowercased().hasPrefix("javascript:") && !value.lowercased().hasPrefix("data:"), "\(key)=\(value)")
            }
        }
    }

    /// A block too deep or too large to read is shown as text with a warning that says why
    /// and what to do: before, it was shown as text in silence.
    @Test func aBlockTooDeepOrTooLargeIsTextWithAWarning() throws {
        // 20,000 unclosed <div> then 20,000 </p>: gumbo took 1.7 s over it; it is not parsed.
        let deep = String(repeating: "<div>", count: 20_000) + String(repeating: "</p>", count: 20_000)
        // Small, but nested 70 levels: the renderer refuses it.
        let nested = String(repeating: "<div>", count: 70) + "x" + String(repeating: "</div>", count: 70)
        let huge = "<p>" + String(repeating: "a<br>", count: RawHTML.maxTags + 1) + "</p>"
        let t = try TempTree([
            "deep.md": "# Deep\n\nIntro.\n\n" + deep + "\n",
            "nested.md": "# Nested\n\n" + nested + "\n",
            "huge.md": "# Huge\n\n" + huge + "\n",
        ])
        let h = try Handbook.load(content: t.root)
        let notes = h.diagnostics.filter { $0.kind == .rawHTML }
        let tooDeep = notes.filter { $0.message.contains("more than 64 levels deep") }
        #expect(tooDeep.count == 1 && tooDeep[0].line == 5 && tooDeep[0].message.contains("(2 times in 2 files; shown once)"), "\(notes)")
        let tooLarge = notes.filter { $0.file == "huge.md" }
        #expect(tooLarge.count == 1 && tooLarge[0].message.contains("holds \(RawHTML.maxTags + 3) tags") && tooLarge[0].line == 3, "\(notes)")
        #expect(notes.allSatisfy { $0.severity == .warning })
        for page in ["deep.md", "nested.md", "huge.md"] {
            let html = try #require(h.rendered[page]?.html)
            #expect(html.contains("&lt;div&gt;") || html.contains("&lt;br&gt;"), "shown as text, nothing lost: \(page)")
            #expect(!html.contains("<div>") && !html.contains("<br>"), "\(page)")
        }
    }

    /// `nestingBound` never says a block is shallower than gumbo makes it (up to the
    /// bodies HTML adds to tables, `<tbody>` and `<tr>`): on generated tag soup with
    /// unclosed, misnested and stray tags, quoted '>' and comments.
    @Test func theNestingBoundHoldsOnTagSoup() {
        let pieces = ["<div>", "</div>", "<p>", "</p>", "<li>", "</li>", "<ul>", "</ul>", "<ol>", "<table>", "</table>", "<tr>", "</tr>",
                      "<td>", "</td>", "<th>", "<tbody>", "<b>", "</b>", "<i>", "</i>", "<a href=x>", "</a>", "<em>", "</em>", "<code>",
                      "</code>", "<span>", "</span>", "<details>", "</details>", "<summary>", "<blockquote>", "</blockquote>", "<pre>",
                      "<h2>", "</h2>", "<dl>", "<dt>", "<dd>", "<caption>", "<colgroup>", "<col>", "<br>", "<img src=y>", "<hr>",
                      "<div/>", "</x>", "<DIV>", "</Div>", "<a title=\"x>y\">", "<!-- <div> -->", "<3", "</>", "text ", "<b class=1>",
                      "<b class=2>", "<font>", "<nobr>", "<select>", "<option>", "<svg>", "</svg>", "<table><tr><td>", "<button>", "</button>"]
        var seed: UInt64 = 0x9E3779B97F4A7C15
        func next(_ n: Int) -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int((seed >> 33) % UInt64(n)) }
        var worst = 0.0
        for _ in 0..<2_000 {
            var html = ""
            for _ in 0..<(1 + next(200)) { html += pieces[next(pieces.count)] }
            let bound = RawHTML.nestingBound(html, limit: .max), parsed = RawHTML.parsedDepth(html)
            #expect(parsed <= 2 * bound + 2, "parsed \(parsed), bound \(bound): \(html)")
            if bound > 0 { worst = max(worst, Double(parsed) / Double(bound)) }
        }
        #expect(worst > 0.5, "the bound is not loose everywhere: \(worst)")
    }
}

/// HTML that blank lines split into several blocks: CommonMark ends an HTML block at a blank
/// line, so a cell of two paragraphs, or rows set apart, became several blocks, the later ones
/// read alone (`<td>` outside a table) and shown as text (cert-manager's approver-policy
/// reference: 114 times in 13 files). A block is now read inside what earlier ones left open.
@Suite struct SplitRawHTMLTests {
    func render(_ md: String) -> String {
        Markdown.render(md, anchors: { $0.map { $0.attributes?.id ?? Slug.make($0.text) } }, rewriteURL: { _ in .keep }).html
    }

    /// Every start tag is closed, in order (the page's HTML is whole: no `</td>` without its
    /// `<td>`, nothing left open).
    static func isBalanced(_ html: String) -> Bool {
        let void: Set<String> = ["br", "wbr", "hr", "img", "input", "col"]
        var open: [String] = []
        var i = html.startIndex
        while let lt = html[i...].firstIndex(of: "<") {
            let rest = html[html.index(after: lt)...]
            let closing = rest.first == "/"
            let name = String((closing ? rest.dropFirst() : rest).prefix { $0.isLetter || $0.isNumber }).lowercased()
            i = rest.firstIndex(of: ">").map { html.index(after: $0) } ?? html.endIndex
            if name.isEmpty || void.contains(name) { continue }
            if closing {
                guard open.last == name else { return false }
                open.removeLast()
            } else {
                open.append(name)
            }
        }
        return open.isEmpty
    }

    static let wrap = "<div class=\"table-wrap\" role=\"region\" aria-label=\"Table 1\" tabindex=\"0\">"

    /// As READMEs put code and lists in a table: each cell opened by one HTML block, its
    /// Markdown after a blank line, the next block closing it. Before, the table was empty
    /// and its cells' content came after it.
    @Test func markdownInCellsStaysInItsTable() {
        let html = render("<table>\n<tr>\n<td>\n\n```yaml\nkind: Policy\n```\n\n</td>\n<td>\n\n- first\n- second\n\n</td>\n</tr>\n</table>\n\nAfter.\n")
        #expect(html == Self.wrap + "<table>\n<tbody><tr>\n<td>\n<pre tabindex=\"0\"><code class=\"language-yaml\">kind: Policy\n</code></pre>\n</td>\n<td>\n<ul>\n<li>first</li>\n<li>second</li>\n</ul>\n</td></tr></tbody></table></div>\n<p>After.</p>\n", "\(html)")
        #expect(Self.isBalanced(html), "\(html)")
    }

    @Test func rowsSetApartByBlankLinesAreOneTable() {
        let html = render("<table>\n<tr><th>Signal</th><th>Action</th></tr>\n\n<tr><td>Logo mismatch</td><td>Remove</td></tr>\n\n<tr><td>Price below 30%</td><td>Escalate</td></tr>\n\n</table>\n")
        #expect(html == Self.wrap + "<table>\n<tbody><tr><th>Signal</th><th>Action</th></tr>\n<tr><td>Logo mismatch</td><td>Remove</td></tr>\n<tr><td>Price below 30%</td><td>Escalate</td></tr>\n</tbody></table></div>\n", "\(html)")
    }

    @Test func aListItemOfSeveralParagraphs() {
        let html = render("<ul>\n<li>Check the seller's history.\n\nA first offence gets a warning.\n\n</li>\n<li>Then the listing.</li>\n</ul>\n")
        #expect(html == "<ul>\n<li>Check the seller&#39;s history.\n<p>A first offence gets a warning.</p>\n</li>\n<li>Then the listing.</li>\n</ul>\n", "\(html)")
    }

    /// Markdown between a table's rows could stand in no part of it: the table closes first,
    /// as before. A heading closes what is open, and the section stays whole.
    @Test func whatCannotBeHeldClosesTheTableFirst() {
        let html = render("<table>\n<tr><td>a</td></tr>\n\nA paragraph.\n\n<tr><td>b</td></tr>\n</table>\n")
        #expect(html.hasPrefix(Self.wrap + "<table>\n<tbody><tr><td>a</td></tr>\n</tbody></table></div>\n<p>A paragraph.</p>\n"), "\(html)")
        #expect(Self.isBalanced(html), "\(html)")
        let heading = render("<table><tr><td>Cell\n\nMore.\n\n## Next\n\nText.\n\n</td></tr></table>\n")
        #expect(heading == Self.wrap + "<table><tbody><tr><td>Cell\n<p>More.</p>\n</td></tr></tbody></table></div>\n<h2 id=\"next\">Next</h2>\n<p>Text.</p>\n", "\(heading)")
    }

    /// Generated pages of HTML tables and lists split by blank lines, with Markdown, headings
    /// and stray end tags between: the HTML is always whole.
    @Test func generatedSplitHTMLIsAlwaysWhole() {
        let pieces = ["<table>", "<table>\n<tr><td>", "<tr><td>", "</td><td>", "</td></tr>", "</table>", "<ul>\n<li>", "<li>", "</li>",
                      "</ul>", "<details><summary>S</summary>", "</details>", "<div>", "</div>", "<dl><dt>T</dt><dd>", "</dd></dl>",
                      "<br/>", "text", "**bold**", "- item", "## Heading", "> quote", "`code`", "| a | b |\n|---|---|\n| c | d |",
                      "<!-- note -->", "<td>stray</td>", "</tr>", "<th>h", "<caption>c", "<ol start=2><li>o"]
        var seed: UInt64 = 0xD1B54A32D192ED03
        func next(_ n: Int) -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int((seed >> 33) % UInt64(n)) }
        for _ in 0..<1_500 {
            var md = ""
            for _ in 0..<(1 + next(14)) { md += pieces[next(pieces.count)] + ["\n\n", "\n", " "][next(3)] }
            let html = render(md)
            #expect(Self.isBalanced(html), "\(md.debugDescription): \(html)")
        }
    }
}

extension SplitRawHTMLTests {
    /// cert-manager's approver-policy reference: a cell's second paragraph goes on with the
    /// row's end tags, indented, so no HTML block starts and they were inline tags of a
    /// paragraph, shown as text (`&lt;/td&gt;&lt;td&gt;false...`). The paragraph is read as
    /// HTML inside the open cell, as a browser reads it on GitHub.
    @Test func aParagraphThatGoesOnWithTheTablesEndTags() {
        let md = """
        <table>
          <tbody><tr>
            <td><b>value</b></td>
            <td>
              Value defines the allowed value.
        If set, the field must match.

        NOTE: `value: ""` with `required: true` never grants a [request](requests.md).
        <br/>
                </td>
                <td>false</td>
              </tr></tbody>
        </table>

        After, a paragraph with <td> in its text.
        """
        let html = render(md + "\n")
        #expect(!html.contains("&lt;/td") && !html.contains("&lt;tr"), "no tag of the table shown as text: \(html)")
        #expect(html.contains("If set, the field must match.\nNOTE: <code>value: &quot;&quot;</code> with <code>required: true</code> never grants a <a href=\"requests.md\">request</a>.\n<br>\n</td>\n<td>false</td>\n</tr></tbody>\n</table>"), "\(html)")
        #expect(html.hasSuffix("</table></div>\n<p>After, a paragraph with &lt;td&gt; in its text.</p>\n"), "outside a table, a tag in text stays text: \(html)")
        #expect(Self.isBalanced(html), "\(html)")
        // In a <details> left open (no table or list to go on with), a tag in a sentence stays text.
        let folded = render("<details><summary>Tags</summary>\n\nWrite each row as a <tr> element.\n\n</details>\n")
        #expect(folded.contains("<p>Write each row as a &lt;tr&gt; element.</p>"), "\(folded)")
    }
}

extension RawHTMLTests {
    /// opensource.guide's checklists (840 boxes): `<input type="checkbox" id=...>` and a
    /// `<label for=...>` in a `<div>`; the whole block was shown as text. A checkbox is the
    /// character for one (ticked when `checked`) and the label its text; another input stays
    /// outside the allowlist.
    @Test func checklistBoxesAreBoxCharacters() {
        let r = render("""
            **Before you escalate**

            <div class="clearfix mb-2">
              <input type="checkbox" id="cbox1" class="d-block float-left" value="checkbox">
              <label for="cbox1" class="overflow-hidden">Is the seller's licence on file?</label>
            </div>

            Done: <input type="checkbox" checked disabled> evidence saved; ask <input type="text" name="q">.
            """ + "\n")
        #expect(r.html.contains("<div>\n  <span id=\"cbox1\"></span>\u{2610}\n  Is the seller&#39;s licence on file?\n</div>"), "\(r.html)")
        #expect(r.html.contains("Done: \u{2611} evidence saved; ask &lt;input type=&quot;text&quot; name=&quot;q&quot;&gt;."), "\(r.html)")
        #expect(!r.html.contains("<input") && !r.html.contains("<label"), "\(r.html)")
        #expect(r.sectionText.joined().contains("\u{2610}") || r.introText.contains("licence on file"), "searchable")
    }
}

extension LargeRawHTMLTests {
    /// cert-manager's API reference writes "`<rule>`" in a cell's text, which in an HTML block
    /// is a tag: one tag outside the allowlist made the whole 11,000-tag table text. Its tags
    /// are now text where they stand, and the rest of the block renders.
    @Test func aTagOutsideTheAllowlistIsTextWhereItStands() throws {
        let table = Self.matrix(rows: 600) { $0 == 300 ? "If unset: \"failed rule: `<rule>`\"." : "Rule \($0)." }
        let t = try TempTree(["ref.md": "# Reference\n\n" + table + "\n<div><Tabs><b>Kept</b></Tabs></div>\n"])
        let h = try Handbook.load(content: t.root)
        let html = try #require(h.rendered["ref.md"]?.html)
        #expect(html.contains("<td><p>If unset: &quot;failed rule: `&lt;rule&gt;`&quot;.</p></td>"), "\(html.count)")
        #expect(html.contains("<td><code>field599</code>") && !html.contains("&lt;td"), "the table renders")
        #expect(html.contains("<div>&lt;Tabs&gt;<b>Kept</b>&lt;/Tabs&gt;</div>"), "as written, its content rendered")
        let notes = h.diagnostics.filter { $0.kind == .rawHTML }.map(\.subject)
        #expect(notes == ["<rule> text", "<tabs> text"], "\(notes)")
        // An <svg>'s own elements are the <svg> shown as text: one warning, not one per shape.
        let svg = try TempTree(["d.md": "# D\n\n<div><svg viewBox=\"0 0 10 10\"><g><path d=\"M0 0\"/><text>Flow</text></g></svg></div>\n"])
        let d = try Handbook.load(content: svg.root)
        #expect(d.diagnostics.filter { $0.kind == .rawHTML }.map(\.subject) == ["<svg> text"], "\(d.diagnostics)")
        #expect(d.rendered["d.md"]?.html.contains("<div>&lt;svg viewBox=&quot;0 0 10 10&quot;&gt;&lt;g&gt;&lt;path d=&quot;M0 0&quot;/&gt;&lt;text&gt;Flow&lt;/text&gt;&lt;/g&gt;&lt;/svg&gt;</div>") == true, "\(d.rendered["d.md"]?.html ?? "")")
    }
}

extension SplitRawHTMLTests {
    /// 3,000 blocks each leaving a `<div>` open: each was read inside all the earlier ones
    /// (parses growing with the page, and every block past the 64th level shown as text with
    /// a warning). Past `RawHTML.maxContext` levels, what is open closes before the next block.
    @Test func manyBlocksLeavingDivsOpenStayHTML() throws {
        var md = "# Deep\n\n"
        for i in 0..<3_000 { md += "<div>\n\ntext \(i)\n\n" }
        let t = try TempTree(["deep.md": md])
        let h = try Handbook.load(content: t.root)
        #expect(h.diagnostics.filter { $0.kind == .rawHTML }.isEmpty, "\(h.diagnostics.prefix(3))")
        let html = try #require(h.rendered["deep.md"]?.html)
        #expect(!html.contains("&lt;div") && html.contains("<p>text 2999</p>") && Self.isBalanced(html))
    }
}

extension RawHTMLTests {
    /// gumbo gives `<template>` a node type of its own, which the writer did not know: a block
    /// holding one was shown as text, every tag of it, with no warning, though README says a
    /// template is left out with what it holds.
    @Test func aTemplateIsLeftOutAndTheRestOfItsBlockRenders() throws {
        let t = try TempTree(["t.md": "# T\n\n<div>\n<template><b>x</b></template>\nVisible text.\n</div>\n"])
        let h = try Handbook.load(content: t.root)
        let html = try #require(h.rendered["t.md"]?.html)
        #expect(html.contains("<div>") && html.contains("Visible text.") && !html.contains("&lt;") && !html.contains("<b>x"), "\(html)")
        #expect(h.diagnostics.filter { $0.kind == .rawHTML }.map(\.subject) == ["<template> out"], "\(h.diagnostics)")
    }
}

/// Headings written in HTML at the top level of an HTML block are sections of the page, as on
/// GitHub: cert-manager's generated API reference writes `<h2 id="acme.cert-manager.io/v1">`
/// and `<h3 id="acme.cert-manager.io/v1.Challenge">` (3,400 of them in 39 pages) and links to
/// those ids; they were bold paragraphs, in no table of contents and no search section.
extension RawHTMLTests {
    static let reference = """
        # API reference

        Packages:

        <h2 id="acme.cert-manager.io/v1">acme.cert-manager.io/v1</h2>
        <div>
        <p>Package v1 is the v1 version of the API.</p>
        </div>
        <h3 id="acme.cert-manager.io/v1.Challenge">Challenge</h3>
        <p>Challenge is a type to represent a <em>Challenge</em> request.</p>

        Markdown after it.

        """

    @Test func aTopLevelHTMLHeadingIsASectionOfThePage() throws {
        let r = render(Self.reference)
        #expect(r.headings.map(\.text) == ["API reference", "acme.cert-manager.io/v1", "Challenge"], "\(r.headings)")
        #expect(r.headings.map(\.level) == [1, 2, 3] && r.headings.map(\.line) == [1, 5, 9])
        #expect(r.anchors == ["api-reference", "acme.cert-manager.io/v1", "acme.cert-manager.io/v1.Challenge"])
        #expect(r.html.contains("<h2 id=\"acme.cert-manager.io/v1\">acme.cert-manager.io/v1</h2>\n<div>\n<p>Package v1 is the v1 version of the API.</p>\n</div>\n<h3 id=\"acme.cert-manager.io/v1.Challenge\">Challenge</h3>"), "\(r.html)")
        #expect(!r.html.contains("<strong>") && !r.html.contains("data-sourcepos") && !r.html.contains("<span id"), "\(r.html)")
        #expect(r.inlineAnchors.isEmpty, "the ids are the headings' anchors, not extra targets: \(r.inlineAnchors)")
        // Each heading starts a section: the text before it is the section before's.
        try #require(r.sectionText.count == 3)
        #expect(r.sectionText[0].contains("Packages") && !r.sectionText[0].contains("Package v1"), "\(r.sectionText)")
        #expect(r.sectionText[1].contains("Package v1") && !r.sectionText[1].contains("Challenge"), "\(r.sectionText)")
        #expect(r.sectionText[2].contains("request") && r.sectionText[2].contains("Markdown after it"), "\(r.sectionText)")
        // Each offset is its heading's start tag.
        for (i, o) in r.headingOffsets.enumerated() {
            guard let o else { continue }
            let at = String(r.html.utf8.dropFirst(o).prefix(80))!
            #expect(at.hasPrefix("<h\(r.headings[i].level) id=\"\(r.anchors[i])"), "\(at)")
        }
        // After what an earlier block left open (closed by this one) and before what it leaves
        // open (closed before the next heading), a heading at its top level is a section.
        let around = render("<details><summary>S</summary>\n\nFolded.\n\n</details>\n<h2>After</h2>\n<details><summary>T</summary>\n\nMore.\n\n## Next\n").html
        #expect(around == "<details><summary>S</summary>\n<p>Folded.</p>\n</details>\n<h2 id=\"after\">After</h2>\n<details><summary>T</summary>\n<p>More.</p>\n</details>\n<h2 id=\"next\">Next</h2>\n", "\(around)")
        // Parsing only gives the same headings, anchors and text.
        let parsed = Markdown.render(Self.reference, renderHTML: false, anchors: { hs in hs.map { $0.attributes?.id ?? Slug.make($0.text) } }, rewriteURL: { _ in .keep })
        #expect(parsed.headings == r.headings && parsed.anchors == r.anchors && parsed.sectionText == r.sectionText)
    }

    /// A heading's inline content renders as it did (code, links, emphasis); its plain text is
    /// its anchor's and the contents'. Without an id Casebook takes (a space in it), its anchor
    /// is its text's; with no text, `section-N`; attributes other than `id` are dropped.
    @Test func anHTMLHeadingsContentAndAnchor() {
        let r = render("<h2 id=\"two words\" align=\"center\" onclick=\"x()\">The <code>spec</code> of <a href=\"other.md\">a <em>rule</em></a></h2>\n\n<h3></h3>\n\n<h4 class=\"x\">\n  Split\n  over lines<br>here\n</h4>\n")
        #expect(r.headings.map(\.text) == ["The spec of a rule", "", "Split over lines here"], "\(r.headings)")
        #expect(r.headings.map { $0.attributes?.id } == [nil, nil, nil])
        #expect(r.html.contains("<h2 id=\"the-spec-of-a-rule\">The <code>spec</code> of <a href=\"other.md\">a <em>rule</em></a></h2>"), "\(r.html)")
        #expect(r.html.contains("<h3 id=\"\"></h3>") || r.html.contains("<h3 id=\""), "\(r.html)")
        #expect(!r.html.contains("onclick") && !r.html.contains("align") && !r.html.contains("class"), "\(r.html)")
        #expect(r.links.map(\.url) == ["other.md"])
    }

    /// A heading nested in another element (vuejs' style guide: `<div class="style-example
    /// example-bad"><h3>Bad</h3>`) or in a list, a table, a quote is no section: a bold
    /// paragraph, as before, its id a link target. So is one in HTML an earlier block left open.
    @Test func aNestedHTMLHeadingStaysBoldText() {
        let r = render("<div class=\"example\">\n<h3 id=\"bad\">Bad</h3>\n<p>Text</p>\n</div>\n\n<table><tr><td>\n\n<h2>In a cell</h2>\n\n</td></tr></table>\n\n> <h2>Quoted</h2>\n")
        #expect(r.headings.isEmpty, "\(r.headings)")
        #expect(r.html.hasPrefix("<div>\n<span id=\"bad\"></span><p><strong>Bad</strong></p>\n<p>Text</p>\n</div>"), "\(r.html)")
        #expect(r.html.contains("<p><strong>In a cell</strong></p>") && r.html.contains("<p><strong>Quoted</strong></p>"), "\(r.html)")
        #expect(r.inlineAnchors.map(\.id) == ["bad"])
    }

    /// An HTML heading's id repeated is warned about, as an HTML id is, and numbered as a
    /// repeated heading; an id the page itself uses is not taken. A policy code heading written
    /// in HTML defines its code, as the same heading in Markdown does.
    @Test func htmlHeadingsFollowTheRulesOfHeadings() throws {
        let t = try TempTree([
            "a.md": "# A\n\n## Scope\n\n<h2 id=\"scope\">Scope again</h2>\n\n<h2 id=\"main\">Main part</h2>\n\n<h3>IP-01 Counterfeit goods</h3>\n\nRemove them.\n",
        ])
        let h = try Handbook.load(content: t.root)
        let page = try #require(h.rendered["a.md"])
        #expect(page.summary.sections.map(\.anchor) == ["scope", "scope-3", "main-4", "ip-01"], "\(page.summary.sections)")
        #expect(page.summary.sections.last?.code == "IP-01" && page.summary.sections.last?.codeName == "Counterfeit goods")
        #expect(page.html.contains("<h3 id=\"ip-01\">IP-01 Counterfeit goods</h3>"), "\(page.html)")
        #expect(page.sectionHTML["ip-01"] == "<h3 id=\"ip-01\">IP-01 Counterfeit goods</h3>\n<p>Remove them.</p>\n", "\(page.sectionHTML)")
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
        let warnings = h.diagnostics.map(\.message)
        #expect(warnings.contains { $0.contains("HTML id '#scope' of heading 'Scope again' is already used") }, "\(warnings)")
        #expect(warnings.contains { $0.contains("HTML id '#main' of heading 'Main part' is one the page itself uses") }, "\(warnings)")
    }

    /// cert-manager's reference: a page links to another's HTML heading; the heading is in the
    /// page's contents and its search sections.
    @Test func aLinkToAnHTMLHeadingLandsAndTheHeadingIsASection() throws {
        let t = try TempTree([
            "reference.md": Self.reference,
            "guide.md": "# Guide\n\nSee [the Challenge](reference.md#acme.cert-manager.io/v1.Challenge) and [v1](reference.md#acme.cert-manager.io/v1).\n",
        ])
        let h = try Handbook.load(content: t.root)
        #expect(!h.diagnostics.contains { $0.isBrokenLink }, "\(h.diagnostics)")
        let page = try #require(h.rendered["reference.md"])
        #expect(page.summary.sections.map(\.title) == ["acme.cert-manager.io/v1", "Challenge"])
        #expect(page.html.contains("<h2 id=\"acme.cert-manager.io/v1\">acme.cert-manager.io/v1</h2>"), "\(page.html)")
        #expect(page.sectionText["acme.cert-manager.io/v1"]?.contains("Package v1") == true, "\(page.sectionText)")
        #expect(page.sectionText["acme.cert-manager.io/v1.Challenge"]?.contains("Challenge is a type") == true, "\(page.sectionText)")
    }
}
