import Testing
@testable import Publishing
@testable import Quiz

@Suite struct CommonMistakesTests {
    @Test func theMistakeGoesUnderItsSectionHeadingEscaped() {
        let html = "<h2 id=\"intro\">Intro</h2>\n<p>x</p>\n<h3 id=\"pi-01\">PI-01 Weapons</h3>\n<p>Rule.</p>\n"
        let m = CommonMistake(section: "prohibited-items#pi-01", gold: "Remove", answered: "Restrict <script>", share: 40, responses: 120,
                              note: "Toy guns <b>with</b> an orange tip are **restricted**.", published: "2026-11-21")
        let out = SiteRenderer.insertingMistakes([m], into: html)
        #expect(out.contains("<h3 id=\"pi-01\">PI-01 Weapons</h3>\n<aside class=\"common-mistake\" role=\"note\" aria-label=\"Common mistake\">"))
        #expect(out.contains("moderators answer <em>Restrict &lt;script&gt;</em> where this section says <em>Remove</em> (40% of wrong answers here, 120 answers, as of 2026-11-21)."))
        #expect(out.contains("<strong>restricted</strong>"))
        #expect(!out.contains("<b>with</b>"))
        #expect(out.hasSuffix("<p>Rule.</p>\n"))
        // A section that no longer exists leaves the page unchanged.
        #expect(SiteRenderer.insertingMistakes([CommonMistake(section: "p#gone", gold: "a", answered: "b", share: 0, responses: 0, note: "", published: "")], into: html) == html)
    }
}
