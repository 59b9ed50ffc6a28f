import Foundation
import Testing
@testable import Handbook
import CasebookTestSupport

/// Nextra 3 and 4 keep each folder's page titles and order in `_meta.js` / `_meta.ts`, not
/// `_meta.json`. Before, those were copied as files and the folders came in untitled and in
/// file-name order.
@Suite struct NextraMetaModuleTests {
    @Test func aMetaModuleWrittenAsPlainDataTitlesAndOrdersTheFolder() throws {
        let t = try TempTree()
        try t.write("site/index.mdx", "---\ntitle: Home\n---\n\nStart.\n")
        try t.write("site/faq.mdx", "---\ntitle: FAQ\n---\n\nAsk.\n")
        try t.write("site/policies/strikes.mdx", "---\ntitle: Strikes\n---\n\nThree.\n")
        try t.write("site/policies/appeals.mdx", "---\ntitle: Appeals\n---\n\nFourteen days.\n")
        try t.write("site/_meta.ts", """
            import type { MetaRecord } from 'nextra'

            /* The order moderators read in. */
            const meta: MetaRecord = {
              index: 'Home',
              '---': { type: 'separator' },
              policies: { title: "Policies \\u0026 strikes", type: 'page' }, // a folder
              faq: `Questions`,
            }

            export default meta
            """)
        try t.write("site/policies/_meta.js", "export default {\n  appeals: 'Appealing a strike',\n  strikes: '',\n}\n")
        // Code, not data: never run, copied as it was, with a note.
        try t.write("site/policies/extra/_meta.tsx", "import base from './base'\nexport default { ...base, intro: 'Intro' }\n")
        try t.write("site/policies/extra/intro.mdx", "---\ntitle: Intro\n---\n\nHi.\n")
        let report = try t.importDocs("site")
        #expect(t.read("Content/policies/_category.yml")?.contains("title: \"Policies & strikes\"") == true, "\(t.read("Content/policies/_category.yml") ?? "")")
        #expect(t.read("Content/policies/_category.yml")?.contains("order: 2") == true)
        let faq = try #require(t.read("Content/faq.md"))
        #expect(faq.contains("nav_title: Questions") && faq.contains("order: 3"), "\(faq)")
        let appeals = try #require(t.read("Content/policies/appeals.md"))
        #expect(appeals.contains("nav_title: Appealing a strike") && appeals.contains("order: 1"), "\(appeals)")
        // '' places a page and keeps its own title.
        let strikes = try #require(t.read("Content/policies/strikes.md"))
        #expect(strikes.contains("order: 2") && !strikes.contains("nav_title"), "\(strikes)")
        #expect(t.read("Content/_meta.ts") == nil && t.read("Content/policies/_meta.js") == nil)
        #expect(t.read("Content/policies/extra/_meta.tsx") != nil)
        #expect(report.notes.contains { $0.hasPrefix("policies/extra/_meta.tsx: 1 Nextra _meta file holding code") }, "\(report.notes)")
    }

    @Test func onlyPlainDataIsRead() {
        #expect(JSObjectLiteral.exportedObject("export default { a: 'x', b: [1, 2.5, true, null], }")?["b"]?.listItems?.count == 4)
        // One entry that is code is left out; the rest is read.
        let jsx = JSObjectLiteral.exportedObject("export default { _: { title: <Separator>Get started</Separator>, type: 'separator' }, b: f(1, [2]), c: '' }")
        #expect(jsx?.mapEntries?.map(\.key) == ["_", "c"], "\(String(describing: jsx))")
        #expect(jsx?["_"]?.mapEntries?.map(\.key) == ["type"])
        #expect(JSObjectLiteral.exportedObject("export default { a: f( }") == nil)
        #expect(JSObjectLiteral.exportedObject("export default { ...base, a: 'x' }") == nil)
        #expect(JSObjectLiteral.exportedObject("export default { a: `x ${y}` }") == nil)
        #expect(JSObjectLiteral.exportedObject("const a = 1\nexport default a") == nil)
        #expect(JSObjectLiteral.exportedObject("export default { a: 'x'") == nil)
        #expect(JSObjectLiteral.exportedObject(String(repeating: "export default {a:", count: 1) + String(repeating: "{a:", count: 5_000)) == nil)
        let keys = JSObjectLiteral.exportedObject("export default { z: 1, 'a': 2, \"m\": 3, a: 4 }")?.mapEntries?.map(\.key)
        #expect(keys == ["z", "m", "a"], "\(keys ?? [])") // order kept; a key given twice: the last wins
    }
}
