import Foundation
import Testing
@testable import Handbook
import CasebookTestSupport

/// Notion, Obsidian and GitHub wikis have no site language: a Thai or Vietnamese page came in
/// with no `lang`, and was served as English (its <html lang>, search and screen readers).
@Suite struct ImportLanguageGuessTests {
    @Test func notesOfAToolWithNoSiteLanguageSayTheLanguageTheirScriptTells() throws {
        let t = try TempTree()
        try t.write("export/Counterfeit goods 8c14a3b7b53f4b908b0f8db1eaa2fb87.md", "# Counterfeit goods\n\nNever contact the seller; escalate to the brand team.\n")
        try t.write("export/สินค้าปลอม 11112222333344445555666677778888.md", "# สินค้าปลอม\n\nห้ามติดต่อผู้ขาย ให้ส่งต่อทีมแบรนด์ทุกครั้ง\n")
        try t.write("export/Hàng giả 99998888777766665555444433332222.md", "# Hàng giả\n\nKhông liên hệ người bán; chuyển cho nhóm thương hiệu.\n")
        try t.write("export/Nota 12341234123412341234123412341234.md", "---\nlang: en\n---\n\n# Nota\n\nห้ามติดต่อผู้ขาย ให้ส่งต่อทีมแบรนด์ทุกครั้ง\n")
        let report = try t.importDocs("export")
        #expect(report.framework == "Notion")
        #expect(t.read("Content/สินค้าปลอม.md")?.contains("lang: th\n") == true, "\(t.read("Content/สินค้าปลอม.md") ?? "")")
        #expect(t.read("Content/Hàng giả.md")?.contains("lang: vi\n") == true, "\(t.read("Content/Hàng giả.md") ?? "")")
        #expect(t.read("Content/Counterfeit goods.md")?.contains("lang:") == false)
        // A language the page gives is kept.
        let nota = try #require(t.read("Content/Nota.md"))
        #expect(nota.contains("lang: en") && !nota.contains("lang: th"), "\(nota)")
        #expect(report.notes.contains("pages written in a language their script tells given its lang: th (1), vi (1)"), "\(report.notes)")
        let h = try Handbook.load(content: t.path("Content"), includeDrafts: true)
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
        #expect(h.pages.first { $0.title == "สินค้าปลอม" }?.meta.lang == "th")
    }

    /// A tool with a site language (Hugo, MkDocs, ...) says it itself: its pages are left as written.
    @Test func pagesOfAToolWithASiteLanguageAreLeftAsWritten() throws {
        let t = try TempTree()
        try t.write("site/mkdocs.yml", "site_name: Ops\nnav:\n  - rules.md\n")
        try t.write("site/docs/rules.md", "# กฎ\n\nห้ามติดต่อผู้ขาย ให้ส่งต่อทีมแบรนด์ทุกครั้ง\n")
        _ = try t.importDocs("site")
        #expect(t.read("Content/rules.md")?.contains("lang:") == false)
    }
}
