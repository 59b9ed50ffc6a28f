import Foundation
import Testing
@testable import Handbook
@testable import Publishing
import History
import CasebookTestSupport

/// The static half of read-and-acknowledge: the hidden slot on SOP pages and
/// `changes/<id>.json`, what changed since each earlier version.
@Suite struct ReadAcknowledgementTests {
    func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    func build(_ content: String, _ out: String, history: Bool = true) throws {
        var options = BuildOptions(content: content, out: out)
        options.history = history
        _ = try SiteBuilder.build(options)
    }

    @Test func changesListEachEarlierVersionWithItsChangedSectionsAndDiffPage() throws {
        let fixture = try SOPHistoryFixture()
        let out = fixture.repository.root + "/site"
        try build(fixture.content, out)
        // 1.9 -> 1.10 changed Appeals only; since 1.0 also the Scope reworded, Contact moved,
        // RF-01 renamed RF-05, RF-02's harm raised and RF-03 added: 6 sections.
        #expect(read(out + "/changes/refunds.json") == """
            {"current":"1.10","since":[{"diff":"refunds/versions.html","sections":6,"version":"1.0"},{"diff":"refunds/diff-1.9-1.10.html","sections":1,"version":"1.9"}],"sop":"refunds"}

            """)
        let page = read(out + "/sop/refunds.html")
        #expect(page.contains("""
            <section id="read-ack" class="read-ack" hidden aria-labelledby="read-ack-title" data-sop="refunds" data-version="1.10" data-changes="../changes/refunds.json"></section>
            <p id="read-ack-status" class="visually-hidden" role="status" aria-live="polite"></p>
            """))
        // Linked diff pages exist.
        #expect(FileManager.default.fileExists(atPath: out + "/sop/refunds/diff-1.9-1.10.html"))
        #expect(FileManager.default.fileExists(atPath: out + "/sop/refunds/versions.html"))
    }

    @Test func sectionsTouchedSinceEachVersionAreCountedOnceThroughRenames() {
        typealias Step = SectionChanges.Step
        // 0 -> 1: a renamed b (text kept), c edited, d removed, e unchanged.
        // 1 -> 2: b edited, c edited back, f added, e unchanged.
        let first = [Step(old: "a", new: "b", changed: true), Step(old: "c", new: "c", changed: true), Step(old: "d", new: nil, changed: true),
                     Step(old: "e", new: "e", changed: false)]
        let second = [Step(old: "b", new: "b", changed: true), Step(old: "c", new: "c", changed: true), Step(old: nil, new: "f", changed: true),
                      Step(old: "e", new: "e", changed: false)]
        // Since 1: b, c, f. Since 0: b (once, though renamed then edited), c, f and the removed d.
        #expect(SectionChanges.since([first, second]) == [4, 3])
        #expect(SectionChanges.since([second]) == [3])
        #expect(SectionChanges.since([]) == [])
        #expect(SectionChanges.since([first, [Step(old: "b", new: "b", changed: false), Step(old: "c", new: "c", changed: false), Step(old: "e", new: "e", changed: false)]]) == [3, 0])
    }

    @Test func withoutHistoryTheSlotHasNoChangesAndPagesWithoutAVersionHaveNoSlot() throws {
        let fixture = try SOPHistoryFixture()
        try fixture.repository.tree.write("Content/plain.md", "---\nid: plain\ntitle: Plain\n---\n## One\nText.\n")
        let out = fixture.repository.root + "/site"
        try build(fixture.content, out, history: false)
        let page = read(out + "/sop/refunds.html")
        #expect(page.contains("<section id=\"read-ack\" class=\"read-ack\" hidden aria-labelledby=\"read-ack-title\" data-sop=\"refunds\" data-version=\"1.10\"></section>"))
        #expect(!FileManager.default.fileExists(atPath: out + "/changes"))
        #expect(!read(out + "/sop/plain.html").contains("read-ack"))
        #expect(read(out + "/sop/plain.html").contains("<h1>Plain</h1>"))
    }

    @Test func aCurrentTranslationAcknowledgesItsOriginalAndAStaleOneHasNoSlot() throws {
        let fixture = try SOPHistoryFixture()
        func translation(_ lang: String, _ source: String) -> String {
            "---\nid: refunds-\(lang)\ntitle: Refunds \(lang)\nlang: \(lang)\nversion: \"9.0\"\ntranslation_of: refunds\nsource_version: \"\(source)\"\n---\n## One\nText.\n"
        }
        try fixture.repository.tree.write("Content/trust/refunds.th.md", translation("th", "1.10"))
        try fixture.repository.tree.write("Content/trust/refunds.id.md", translation("id", "1.9"))
        let out = fixture.repository.root + "/site"
        try build(fixture.content, out)
        #expect(read(out + "/sop/refunds-th.html").contains("<section id=\"read-ack\" class=\"read-ack\" hidden aria-labelledby=\"read-ack-title\" data-sop=\"refunds\" data-version=\"1.10\" data-changes=\"../changes/refunds.json\"></section>"))
        let stale = read(out + "/sop/refunds-id.html")
        // The banner is in the page's language (Indonesian, from the theme's i18n/id.yml).
        #expect(stale.contains("Terjemahan ini sudah usang.") && !stale.contains("read-ack"))
    }

    @Test func theSiteScriptAndStylesheetCarryTheBanner() throws {
        let js = String(decoding: DefaultTheme.files["assets/site.js"] ?? [], as: UTF8.self)
        #expect(js.contains("\"/api/me/acknowledgements?sop=\""))
        // Its words come from the page language's catalogue (assets/i18n/<lang>.js).
        #expect(js.contains("tr(\"js.ack_changed\", { from: last.version, to: version })"))
        #expect(DefaultTheme.messages.localized("en")("js.ack_changed", ["from": "1.0", "to": "1.1"]) == "Changed since you last read it (1.0 → 1.1)")
        let css = String(decoding: DefaultTheme.files["assets/style.css"] ?? [], as: UTF8.self)
        let print = try #require(css.range(of: "@media print"))
        #expect(css[print.lowerBound...].contains(".reports-filter, .read-ack { display: none !important; }"))
    }
}
