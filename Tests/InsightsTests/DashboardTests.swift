import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Insights
@testable import Records

@Suite struct DashboardTests {
    static let hostileTitle = #"<script>alert("case")</script> & 'quoted'"#
    static let hostileComment = #"</td></tr><script>alert(1)</script><img src=x onerror="alert(2)">"#

    /// A small report whose case title, section title, action label, learner name and contest
    /// comment are all hostile, with one section linked to a `javascript:` URL.
    static func hostileReport() -> GapReport {
        var catalog = Catalog()
        let bad = catalog.addSection(SectionInfo(ref: "evil#x", title: #"Evil › <svg onload=alert(3)>"#, url: "javascript:alert(4)"))
        let good = catalog.addSection(SectionInfo(ref: "ip#ip-01", title: "Counterfeit › IP-01", url: "sop/ip.html#ip-01"))
        let labels = ["approve": "Approve", "remove": #"<b>Remove</b>"#]
        for (i, s) in [bad, bad, good, good].enumerated() {
            catalog.addQuestion(QuestionInfo(itemID: "case-\(i)", kind: .decision, title: i == 0 ? hostileTitle : "Case \(i)", sections: [s], codes: [],
                                             harm: 1, file: "cases/case-\(i).md", labels: labels))
        }
        var e = Evidence(catalog: catalog)
        for l in 0..<4 {
            e.addLearner(LearnerProfile(id: "mod-\(l)", name: l == 0 ? #"<i>Mallory</i>"# : "Moderator \(l)", team: "t"))
            for q in 0..<4 {
                let chosen = (l + q) % 3 == 0 ? "approve" : "remove"
                e.add(learnerID: "mod-\(l)", itemID: "case-\(q)", kind: .decision, chosen: chosen, gold: "remove", score: chosen == "remove" ? 1 : 0,
                      day: l % 2 == 0 ? "2026-10-05" : "2026-10-14")
            }
        }
        let contest = ContestRecord(id: 7, attemptID: 1, position: 0, itemID: "case-0", kind: "decision", learnerID: #"<u>mod-0</u>"#, comment: hostileComment,
                                    createdAt: "2026-10-05T10:00:00Z", status: "open", resolution: "", resolvedAt: nil, resolvedBy: "", chosen: "approve", gold: "remove")
        return GapReport.make(e, contests: [contest])
    }

    /// Each `<svg …>…</svg>` of the fragment.
    func svgs(_ html: String) -> [String] {
        var out: [String] = []
        var rest = html[...]
        while let start = rest.range(of: "<svg "), let end = rest[start.upperBound...].range(of: "</svg>") {
            out.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        return out
    }

    @Test func hostileTextIsEscapedEverywhere() {
        let html = Dashboard.html(Self.hostileReport())
        #expect(!html.contains("<script"), "no script element survives")
        #expect(!html.contains("<img") && !html.contains("<svg onload") && !html.contains("<b>Remove") && !html.contains("<i>Mallory") && !html.contains("<u>"))
        #expect(html.contains("&lt;script&gt;alert(&quot;case&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;"), "the case title is shown, escaped")
        #expect(html.contains("&lt;/td&gt;&lt;/tr&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt;"), "the contest comment is shown, escaped")
        #expect(html.contains("&lt;u&gt;mod-0&lt;/u&gt;"))
        #expect(html.contains("Evil › &lt;svg onload=alert(3)&gt;"))
        #expect(!html.contains("javascript:"), "a URL with a scheme is not linked")
        #expect(html.contains("href=\"/sop/ip.html#ip-01\""))
    }

    /// Sections and scrollable tables are landmarks: each needs a name of its own, or a screen
    /// reader's landmark list shows two alike (axe's landmark-unique; the review queue's table
    /// was named like its section).
    @Test func landmarksHaveDistinctNames() {
        for report in [GapReport.make(Cohort.make(seed: 11).evidence), Self.hostileReport()] {
            let html = Dashboard.html(report)
            var names: [String] = []
            for part in html.components(separatedBy: "role=\"region\" aria-label=\"").dropFirst() { names.append(String(part.prefix { $0 != "\"" })) }
            for part in html.components(separatedBy: "<section aria-labelledby=\"").dropFirst() {
                let id = part.prefix { $0 != "\"" }
                if let heading = html.range(of: "<h2 id=\"\(id)\">") { names.append(String(html[heading.upperBound...].prefix { $0 != "<" })) }
            }
            #expect(names.contains("Review queue") && names.count > 8)
            #expect(Set(names).count == names.count, "\(names.sorted())")
        }
    }

    @Test func chartsAreAccessibleSelfContainedSVG() throws {
        let report = GapReport.make(Cohort.make(seed: 11).evidence)
        let html = Dashboard.html(report)
        let charts = svgs(html).filter { $0.contains("role=\"img\"") || $0.contains("role=\"group\"") }
        #expect(charts.count == 3, "error rate by section, weekly trend, confusions")
        // The section chart links its labels, so it is a group: an image hides its content.
        #expect(charts[0].contains("role=\"group\" aria-labelledby=\"dash-sections-title\""))
        for svg in charts where svg.contains("<a ") { #expect(!svg.contains("role=\"img\""), "no link inside an image") }
        for svg in charts {
            #expect(svg.contains("viewBox=\"0 0 "))
            let title = try #require(svg.range(of: "<title id=\""), "each chart has a title")
            #expect(!svg[..<title.lowerBound].dropFirst().contains("<"), "the title is the chart’s first child")
            #expect(svg.contains("<desc id=\""))
            // Well-formed markup: XML parses it.
            #expect(XMLParser(data: Data(svg.utf8)).parse(), "\(svg.prefix(200))")
        }
        for svg in svgs(html) where !svg.contains("role=\"img\"") && !svg.contains("role=\"group\"") { #expect(svg.contains("aria-hidden=\"true\""), "decorative legend swatches are hidden") }
        // The server's CSP forbids inline styles; nothing may load from elsewhere.
        #expect(!html.contains("style="))
        #expect(!html.contains("http:") && !html.contains("https:") && !html.contains("//cdn"))
        // At most 15 sections, flagged ones marked, labels linking to the SOP section.
        let sectionChart = charts[0]
        #expect(sectionChart.components(separatedBy: "<g class=\"row").count - 1 == min(15, report.sections.count))
        let flagged = report.sections.prefix(15).filter(\.flagged)
        #expect(!flagged.isEmpty)
        #expect(sectionChart.components(separatedBy: "<g class=\"row flagged\"").count - 1 == flagged.count)
        #expect(sectionChart.contains("<a href=\"/\(flagged[0].url)\""))
        #expect(Dashboard.html(report, siteRoot: "../").contains("<a href=\"../\(flagged[0].url)\""))
        for heading in ["Summary", "Error rate by SOP section", "Weekly trend", "Confusions", "Flagged gaps", "Slice gaps", "Review queue",
                        "Learners to retrain", "Calibration"] {
            #expect(html.contains(">\(heading)</h2>"), "\(heading)")
        }
        #expect(html.contains("Krippendorff’s alpha"))
    }

    @Test func heatMapShadesByCountAndPrintsCounts() throws {
        let html = Dashboard.html(Self.hostileReport())
        let heat = try #require(svgs(html).first { $0.contains("dash-heat-title") })
        // Remove answered as Approve: learner/question pairs with (l + q) % 3 == 0: 6 of 16.
        #expect(heat.contains(">6</text>"))
        #expect(heat.contains("fill-opacity=\"1\""), "the largest count gets the darkest shade")
        #expect(heat.contains("class=\"heat-diagonal\""))
    }

    @Test func emptyReportExplainsInsteadOfDrawing() {
        let html = Dashboard.html(GapReport.make(Evidence(catalog: Catalog()), filter: ReportFilter(since: "2026-10-01", team: "id-listings")))
        #expect(html == """
        <div class="dashboard">
        <p class="dash-scope">Answers since 2026-10-01, team id-listings.</p>
        <section aria-labelledby="dash-summary">
        <h2 id="dash-summary">Summary</h2>
        <dl class="dash-figures">
        <div><dt>Answers</dt><dd>0</dd></div>
        <div><dt>Learners</dt><dd>0</dd></div>
        <div><dt>Questions</dt><dd>0</dd></div>
        <div><dt>To review</dt><dd>0</dd></div>
        </dl>
        </section>
        <p class="notice dash-empty" role="status">No answers match these filters yet, so there are no error rates, trends or confusions to chart. \
        Answers appear here once moderators take quizzes on this server; widen the dates or clear the market, team or vendor filter.</p>
        </div>

        """)
    }

    @Test func emptyWindowStillListsOpenContests() {
        let contest = ContestRecord(id: 3, attemptID: 1, position: 0, itemID: "case-9", kind: "decision", learnerID: "mod-1", comment: "Key says approve",
                                    createdAt: "", status: "open", resolution: "", resolvedAt: nil, resolvedBy: "", chosen: "", gold: "")
        let html = Dashboard.html(GapReport.make(Evidence(catalog: Catalog()), contests: [contest]))
        #expect(html.contains("No answers match"))
        #expect(html.contains(">Review queue</h2>") && html.contains("Key says approve"))
        #expect(!html.contains("<svg"))
    }
}
