import Testing
@testable import Handbook

@Suite struct SourceTextTests {
    @Test func splitsFrontMatterAndCountsBodyLines() throws {
        let s = try SourceText.read(Array("---\nid: x\ntitle: X\n---\n# X\n\nBody\n".utf8), file: "x.md")
        #expect(s.frontMatter["id"]?.scalar == "x")
        #expect(s.body == "# X\n\nBody\n")
        #expect(s.bodyFirstLine == 5)
    }

    @Test func fileWithoutFrontMatterIsAllBody() throws {
        let s = try SourceText.read(Array("# Title\n".utf8), file: "x.md")
        #expect(s.frontMatter.mapEntries?.isEmpty == true)
        #expect(s.bodyFirstLine == 1)
    }

    @Test func emptyFileIsAccepted() throws {
        let s = try SourceText.read([], file: "empty.md")
        #expect(s.body.isEmpty)
    }

    @Test func byteOrderMarkAndWindowsLineEndingsAreHandled() throws {
        let s = try SourceText.read([0xEF, 0xBB, 0xBF] + Array("---\r\nid: x\r\n---\r\nBody\r\n".utf8), file: "x.md")
        #expect(s.frontMatter["id"]?.scalar == "x")
        #expect(s.body == "Body\n")
    }

    @Test func unclosedFrontMatterIsAnErrorOnLineOne() {
        #expect {
            _ = try SourceText.read(Array("---\nid: x\ntitle: never closed\n\n# Body".utf8), file: "open.md")
        } throws: { error in
            let d = (error as? HandbookError)?.diagnostics.first
            return d?.file == "open.md" && d?.line == 1 && d?.message.contains("never closed") == true
        }
    }

    @Test func yamlErrorsAreReportedAtTheirFileLine() {
        #expect {
            _ = try SourceText.read(Array("---\nid: x\ntitle: \"oops\n---\n".utf8), file: "bad.md")
        } throws: { error in
            let d = (error as? HandbookError)?.diagnostics.first
            return d?.line == 3 && d?.column == 8 && d?.message.contains("front matter") == true
        }
    }

    @Test func invalidUTF8NamesTheLineAndColumn() {
        let bytes = Array("---\nid: x\n---\nfine\nbad: ".utf8) + [0xC3, 0x28] + Array(" here\n".utf8)
        #expect {
            _ = try SourceText.read(bytes, file: "latin1.md")
        } throws: { error in
            let d = (error as? HandbookError)?.diagnostics.first
            return d?.line == 5 && d?.column == 6 && d?.message.contains("not valid UTF-8") == true
        }
    }

    @Test func binaryContentIsRejected() {
        #expect {
            _ = try SourceText.read([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01], file: "image.md")
        } throws: { error in
            (error as? HandbookError)?.diagnostics.first?.message.contains("binary file") == true
        }
    }

    @Test func tomlFrontMatterIsReadOrSkippedWithAWarning() throws {
        let s = try SourceText.read(Array("+++\ntitle = \"x\"\n+++\nBody\n".utf8), file: "hugo.md")
        #expect(s.body == "Body\n" && s.bodyFirstLine == 4)
        #expect(s.frontMatter["title"]?.scalar == "x" && s.warnings.isEmpty, "\(s.warnings)")
        // A multi-line string, which the hand-written reader skipped, is read.
        let multiLine = try SourceText.read(Array("+++\ntitle = \"\"\"x\n\"\"\"\n+++\nBody\n".utf8), file: "hugo.md")
        #expect(multiLine.frontMatter["title"]?.scalar == "x\n" && multiLine.warnings.isEmpty, "\(multiLine.warnings)")
        // Invalid TOML: skipped, with a warning at its line of the file saying what is wrong.
        let skipped = try SourceText.read(Array("+++\ntitle = \"x\"\ntags = [\"a\" \"b\"]\n+++\nBody\n".utf8), file: "hugo.md")
        #expect(skipped.body == "Body\n" && skipped.frontMatter.mapEntries?.isEmpty == true)
        let warning = try #require(skipped.warnings.first)
        #expect(warning.severity == .warning && warning.kind == .tomlFrontMatter && warning.file == "hugo.md" && warning.line == 3, "\(warning)")
        #expect(warning.message.hasPrefix("TOML front matter (+++) could not be read (") && warning.message.contains("array"), "\(warning.message)")
        #expect(skipped.tomlError?.line == 3)
    }
}
