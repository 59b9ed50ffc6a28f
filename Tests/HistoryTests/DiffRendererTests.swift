import Foundation
import Testing
import Handbook
@testable import History

@Suite struct DiffRendererTests {
    static func diff() throws -> SectionDiff {
        let old = try PageOutline.parse(Array("---\ntitle: Rules <b>\nversion: \"1\"\n---\n## Scope\n\nUse <script> never.\n\n### AB-01 One\n\nx\n".utf8), path: "p.md", version: "1")
        let new = try PageOutline.parse(Array("---\ntitle: Rules <b>\nversion: \"2\"\n---\n## Scope\n\nUse <blink> & never.\n\n### AB-02 One\n\nx\n".utf8), path: "p.md", version: "2")
        return SectionDiff.compare(old, new, page: "rules")
    }

    @Test func htmlMarksChangesAndEscapesEveryText() throws {
        #expect(DiffRenderer.render(try Self.diff(), as: .html) == """
            <section class="sop-diff" aria-label="Changes from version 1 to 2">
            <h2>Policy codes</h2>
            <ul class="code-changes">
            <li class="code-renamed"><strong>renamed</strong> AB-01 → AB-02</li>
            </ul>
            <h2>Sections</h2>
            <section class="diff-section diff-changed">
            <h3>Scope <span class="diff-status">changed</span></h3>
            <p>Use <del><span class="visually-hidden">deleted: </span>&lt;script&gt;</del> <ins><span class="visually-hidden">inserted: </span>&lt;blink&gt; &amp;</ins> never.</p>
            </section>
            <section class="diff-section diff-changed">
            <h3><del><span class="visually-hidden">deleted: </span>AB-01</del> <ins><span class="visually-hidden">inserted: </span>AB-02</ins> One <span class="diff-status">changed, anchor #ab-01 → #ab-02</span></h3>
            </section>
            </section>

            """)
    }

    @Test func textWithAndWithoutColour() throws {
        let plain = DiffRenderer.render(try Self.diff(), as: .text)
        #expect(plain == """
            Rules <b> (rules): version 1 → 2

            Policy codes:
              renamed       AB-01 → AB-02

            Sections:
              changed: Scope (#scope)
                Use [-<script>-] {+<blink> &+} never.
              changed, anchor #ab-01 → #ab-02: AB-02 One (#ab-02)
                heading: [-AB-01-] {+AB-02+} One

            """)
        let coloured = DiffRenderer.render(try Self.diff(), as: .text, colour: true)
        #expect(coloured.contains("\u{1B}[31m[-<script>-]\u{1B}[0m {+") == false)
        #expect(coloured.contains("\u{1B}[31m[-<script>-]\u{1B}[0m \u{1B}[32m{+<blink> &+}\u{1B}[0m"))
    }

    @Test func markdownEscapesAndMarksChanges() throws {
        let md = DiffRenderer.render(try Self.diff(), as: .markdown)
        #expect(md.contains("- **Scope** (`#scope`): changed\n  - Use ~~\\<script\\>~~ **\\<blink\\> &** never.\n"))
        #expect(md.contains("### Policy codes\n\n- Renamed: AB-01 → AB-02\n"))
    }

    @Test func jsonIsStableAndDecodable() throws {
        let json = DiffRenderer.render(try Self.diff(), as: .json)
        #expect(json == DiffRenderer.render(try Self.diff(), as: .json))
        let decoded = try JSONDecoder().decode(SectionDiff.self, from: Data(json.utf8))
        #expect(decoded == (try Self.diff()))
    }

    @Test func longUnchangedTextIsShortenedInText() {
        let words = (1...30).map { "w\($0)" }
        let runs = [WordRun(.same, words), WordRun(.inserted, ["new"]), WordRun(.same, words)]
        #expect(DiffRenderer.trimmed(runs) == [
            WordRun(.same, ["…"] + Array(words.suffix(6))), WordRun(.inserted, ["new"]), WordRun(.same, Array(words.prefix(6)) + ["…"]),
        ])
    }

    /// The HTML of a section's runs is built in one buffer; it is the text the joined and
    /// escaped runs give, for every escaped character, other scripts and empty runs.
    @Test func htmlRunsAreTheEscapedJoinedRuns() {
        func reference(_ runs: [WordRun]) -> String {
            runs.map { run in
                switch run.kind {
                case .same: return HTML.escape(run.text)
                case .deleted: return "<del><span class=\"visually-hidden\">deleted: </span>\(HTML.escape(run.text))</del>"
                case .inserted: return "<ins><span class=\"visually-hidden\">inserted: </span>\(HTML.escape(run.text))</ins>"
                }
            }.joined(separator: " ")
        }
        let cases: [[WordRun]] = [
            [],
            [WordRun(.same, ["Use", "<script>", "&", "\"quoted\"", "it's"])],
            [WordRun(.same, ["a"]), WordRun(.deleted, ["<b>", "x&y"]), WordRun(.inserted, ["đồ", "giả", "สินค้า", "👍🏽"]), WordRun(.same, ["z'"])],
            [WordRun(.deleted, []), WordRun(.inserted, ["&amp;", ">"])],
        ]
        for runs in cases { #expect(DiffRenderer.htmlRuns(runs) == reference(runs)) }
    }
}
