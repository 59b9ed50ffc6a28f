import Testing
@testable import Handbook
@testable import Publishing
import CasebookTestSupport

@Suite struct TemplateTests {
    @Test func escapesTextAndInsertsRawHTML() throws {
        let t = try Template("<title>{{title}}</title>{{{main}}}{{ missing }}", file: "layout.html")
        #expect(t.render(["title": "<Fakes & \"replicas\">", "main": "<p>ok</p>"]) == "<title>&lt;Fakes &amp; &quot;replicas&quot;&gt;</title><p>ok</p>")
        #expect(t.names == ["title", "main", "missing"])
    }

    @Test func unclosedTagIsAnErrorWithItsLine() {
        #expect {
            _ = try Template("line one\n<p>{{title</p>", file: "theme/layout.html")
        } throws: { error in
            let d = (error as? HandbookError)?.diagnostics.first
            return d?.file == "theme/layout.html" && d?.line == 2
        }
    }

    @Test func themeFilesCanBeOverridden() throws {
        let t = try TempTree(["assets/style.css": "body{color:red}", "assets/extra.svg": "<svg/>"])
        let theme = try Theme.load(overrideDirectory: t.root)
        #expect(theme.files["assets/style.css"] == Array("body{color:red}".utf8))
        #expect(theme.files["assets/extra.svg"] != nil)
        #expect(theme.files["assets/site.js"] != nil)
        #expect(theme.fingerprint != (try Theme.load(overrideDirectory: nil)).fingerprint)
    }

    @Test func searchScriptsShipWithoutIndentationOrCommentLines() {
        let script = "(function () {\n  // loader\n\n  var u = \"file://x\"; // keep\n    return u;\n})();\n"
        #expect(DefaultTheme.compacted(Array(script.utf8)) == Array("(function () {\nvar u = \"file://x\"; // keep\nreturn u;\n})();\n".utf8))
        let shipped = String(decoding: DefaultTheme.files["assets/search.js"] ?? [], as: UTF8.self)
        #expect(!shipped.isEmpty && !shipped.contains("\n ") && !shipped.contains("\n//"))
    }

    @Test func layoutWithoutMainSlotIsRejected() throws {
        let t = try TempTree(["layout.html": "<html>{{title}}</html>"])
        #expect {
            _ = try Theme.load(overrideDirectory: t.root)
        } throws: { error in
            (error as? HandbookError)?.description.contains("{{{main}}}") == true
        }
    }

    @Test func defaultThemeMakesNoExternalRequests() {
        for (path, bytes) in DefaultTheme.files {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.contains("http://") && !text.contains("https://") && !text.contains("//cdn"), "\(path) refers to an external URL")
        }
    }
}
