import Foundation
import Testing
@testable import Handbook
import CasebookTestSupport

/// `casebook import-docs` (issue 16) on the small corpora in Fixtures/import, one per tool.
@Suite struct DocsImportTests {
    static func fixture(_ tool: String) -> String { RepositoryRoot.path + "/Tests/HandbookTests/Fixtures/import/" + tool }

    /// Imports a fixture into a fresh Content/ and loads it as a handbook.
    static func imported(_ tool: String, from: DocsTool? = nil) throws -> (TempTree, DocsImportReport, Handbook) {
        let t = try TempTree()
        let report = try DocsImport.run(source: fixture(tool), destination: t.path("Content"), tool: from)
        let handbook = try Handbook.load(content: t.path("Content"), includeDrafts: true)
        return (t, report, handbook)
    }

    /// A Docusaurus or VitePress site run locally holds tens of thousands of installed files in
    /// `node_modules`, and a repository its objects in `.git`: the corpus listing walked every
    /// one of them (1.5 s for 50,000 files before the first page was read). They are named, not
    /// walked, and the import is the same.
    @Test func aSitesInstalledPackagesAndGitObjectsAreNamedNotWalked() throws {
        let t = try TempTree()
        try t.write("site/index.md", "# Home\n\nSee [refunds](guide/refunds.md).\n")
        try t.write("site/guide/refunds.md", "# Refunds\n\nHow refunds work.\n")
        try t.write("site/node_modules/left-pad/README.md", "# left-pad\n")
        try t.write("site/guide/node_modules/x/index.js", "x\n")
        try t.write("site/.git/objects/ab/cdef", "x")
        try t.write("site/.vitepress/config.mts", "export default {}\n")
        let listing = CorpusListing(t.path("site"))
        #expect(Set(listing.names ?? []) == [".git", ".vitepress", ".vitepress/config.mts", "guide", "guide/node_modules", "guide/refunds.md",
                                              "index.md", "node_modules"])
        #expect(Set(listing.visibleFiles) == ["guide/refunds.md", "index.md"])
        let report = try t.importDocs("site")
        #expect(Set(report.pages) == ["guide/refunds.md", "index.md"])
    }

    /// Hugo's `slug` names a page within its section: `a/x.md` and `b/y.md` may both have
    /// `slug: overview` (at /a/overview/ and /b/overview/). Both were written as `id: overview`
    /// and the build refused the second as a duplicate page id.
    @Test func pagesOfTwoFoldersWithOneSlugGetIDsOfTheirOwn() throws {
        let t = try TempTree()
        try t.write("site/hugo.toml", "baseURL = \"https://example.org/\"\n")
        try t.write("site/content/payments/intro.md", "---\ntitle: Payments\nslug: overview\n---\n\n# Payments\n\nSee [listings](../listings/start.md).\n")
        try t.write("site/content/listings/start.md", "---\ntitle: Listings\nslug: overview\n---\n\n# Listings\n\nSee [payments](../payments/intro.md).\n")
        try t.write("site/content/listings/other.md", "---\ntitle: Other\nslug: listings-overview\n---\n\n# Other\n")
        let report = try t.importDocs("site")
        #expect(t.read("Content/listings/start.md")?.contains("id: overview\n") == true)
        #expect(t.read("Content/payments/intro.md")?.contains("id: payments-overview\n") == true)
        #expect(report.notes.contains { $0.hasPrefix("listings/start.md: its id 'overview'") && $0.contains("payments/intro.md is 'payments-overview'") })
        let h = try Handbook.load(content: t.path("Content"), includeDrafts: true)
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
        #expect(Set(h.pages.map(\.meta.id)) == ["overview", "payments-overview", "listings-overview"])
    }

    /// An Eleventy handbook (no configuration Casebook reads, so taken as Jekyll's) failed to
    /// build after import, and lost links: an id `{##channel}` (markdown-it-attrs takes it) was
    /// an error; `{% link "https://..." %}` became `/"https://..."`; `{{site.base_url}}/x/`
    /// (an unknown variable, nothing on the old site) stayed in the address; `getting-started/`
    /// on `tools/slack.md`, served at `tools/slack/`, led nowhere; and `keywords: a, b, c`
    /// became one tag of every word, whose page name was too long to write.
    @Test func anEleventyHandbookWithoutConfigurationImportsAndBuilds() throws {
        let t = try TempTree()
        try t.write("site/pages/tools/slack.md", """
            ---
            title: Slack
            keywords: chat, slack, messages, chat
            ---
            Start with [getting started](getting-started/) and [records](records/).

            ## \\#help-wanted channel {##help-wanted-channel}

            Post in the channel. Signing is [required]({%link "https://github.com/18F/.allstar" %}) and
            [so is this]({% link 'tools/slack/records.md' %}). See the [business process]({{site.base_url}}/tools/slack/records/)
            and [software]({{ base.baseurl }}/tools/slack/getting-started/); the text {{ site.base_url }} stays.
            """)
        try t.write("site/pages/tools/slack/getting-started.md", "---\ntitle: Getting started\n---\nBack to [Slack](../) or [the channel](../#help-wanted-channel).\n")
        try t.write("site/pages/tools/slack/records.md", "---\ntitle: Records\n---\n## Bad {#a&b}\n\nKept.\n\n## Worse {#<> .wide}\n\nKept too.\n")
        let report = try t.importDocs("site/pages")
        let slack = try #require(t.read("Content/tools/slack.md"))
        #expect(slack.contains("tags: [chat, slack, messages]") || slack.contains("tags:\n  - chat\n  - slack\n  - messages"), "\(slack)")
        #expect(slack.contains("[getting started](slack/getting-started.md)"))
        #expect(slack.contains("[records](slack/records.md)"))
        #expect(slack.contains("## \\#help-wanted channel {#help-wanted-channel}"))
        #expect(slack.contains("[required](https://github.com/18F/.allstar)"))
        #expect(slack.contains("[so is this](slack/records.md)"))
        #expect(slack.contains("[business process](slack/records.md)"))
        #expect(slack.contains("[software](slack/getting-started.md)"))
        #expect(slack.contains("the text {{ site.base_url }} stays"))
        #expect(t.read("Content/tools/slack/getting-started.md")?.contains("Back to [Slack](../slack.md) or [the channel](../slack.md#help-wanted-channel)") == true)
        let records = try #require(t.read("Content/tools/slack/records.md"))
        #expect(records.contains("## Bad {#a-b}\n"), "\(records)")
        #expect(records.contains("## Worse {.wide}"), "\(records)")
        #expect(report.notes.contains { $0.hasPrefix("tools/slack.md:") && $0.contains("'{##help-wanted-channel}'") && $0.contains("'{#help-wanted-channel}'") })
        let h = try Handbook.load(content: t.path("Content"), includeDrafts: true)
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
        #expect(h.diagnostics.filter { $0.message.contains("link") }.isEmpty, "\(h.diagnostics)")
    }

    /// An Eleventy site (its configuration at the top, its pages in the folder `dir.input`
    /// names) is read as Jekyll's at pretty addresses; its link shortcode in a link's address
    /// (`{% page "x" %}`) is a link to that page; its `{% alert %}` boxes are quoted blocks;
    /// Liquid comments are left out (a trainer's note was shown to every reader); files its
    /// configuration copies from the top (`/downloads/form.pdf`) are copied.
    @Test func anEleventySiteImportsItsPagesLinksBoxesAndDownloads() throws {
        let t = try TempTree()
        try t.write("site/.eleventy.js", "module.exports = function (config) {\n  config.addPassthroughCopy(\"downloads\");\n  return { dir: { input: \"pages\", output: \"_site\" } };\n};\n")
        try t.write("site/README.md", "# The repository's readme\n")
        try t.write("site/downloads/form.pdf", "%PDF-1.4\n")
        try t.write("site/pages/travel/guide.md", """
            ---
            title: Travel guide
            ---
            {% alert "Updated guidance (07/13/2021)" %}
                Read the [new guidance]({% page "/travel/updated/" %}) first.

                Then the [form](/downloads/form.pdf).
            {% endalert %}

            {% alert "", "warning" %}
              Only for **employees**.
            {% endalert %}

            {% comment %}
            TODO: ask legal whether contractors may book.
            {% endcomment %}
            Book early.{% comment %} (not yet approved){% endcomment %} Keep receipts.

            ```liquid
            {% alert %}kept in code{% endalert %}
            ```

            {% raw %}{% comment %}shown{% endcomment %}{% endraw %}
            """)
        try t.write("site/pages/travel/updated.md", "---\ntitle: Updated guidance\n---\nSee the [guide](../guide/).\n")
        let report = try t.importDocs("site")
        #expect(report.notes.contains { $0.hasPrefix("Eleventy site (.eleventy.js, pages in pages/)") })
        #expect(t.read("Content/README.md") == nil)
        let guide = try #require(t.read("Content/travel/guide.md"))
        #expect(guide.contains("> **Updated guidance (07/13/2021)**\n> Read the [new guidance](updated.md) first.\n>\n> Then the [form](../downloads/form.pdf).\n"), "\(guide)")
        #expect(guide.contains("> **Warning**\n> Only for **employees**.\n"))
        #expect(!guide.contains("TODO") && !guide.contains("not yet approved") && !guide.contains("comment %}\n"))
        #expect(guide.contains("Book early. Keep receipts."))
        #expect(guide.contains("{% alert %}kept in code{% endalert %}"))
        #expect(guide.contains("{% comment %}shown{% endcomment %}"))
        #expect(t.read("Content/travel/updated.md")?.contains("[guide](guide.md)") == true)
        #expect(FileManager.default.fileExists(atPath: t.path("Content/downloads/form.pdf")))
        let h = try Handbook.load(content: t.path("Content"), includeDrafts: true)
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
        #expect(h.diagnostics.filter { $0.message.contains("link") }.isEmpty, "\(h.diagnostics)")
        // Only the example kept by `{% raw %}` is Liquid shown as text.
        #expect(h.diagnostics.filter { $0.message.contains("shortcode") }.map(\.line) == [24, 24], "\(h.diagnostics)")
    }

    /// A GitBook space, the tool many company handbooks are written in: read as plain Markdown
    /// it lost its pictures (in the hidden `.gitbook/assets/`), showed its blocks as text,
    /// published SUMMARY.md as a page, lost its `resources/` folder (taken for Hugo's) and
    /// its headings' anchors (GitBook keeps them as `<a id>` at the heading's end).
    @Test func aGitBookSpaceImportsWithItsBlocksPicturesNavigationAndRedirects() throws {
        let t = try TempTree()
        try t.write("space/.gitbook.yaml", "root: ./docs/\n\nstructure:\n  readme: README.md\n  summary: SUMMARY.md\n\nredirects:\n  old-escalation: policies/escalation.md\n  gone: nowhere.md\n")
        try t.write("space/docs/.gitbook/assets/flow (1).png", "png")
        try t.write("space/docs/.gitbook/assets/form.pdf", "%PDF")
        try t.write("space/docs/SUMMARY.md", """
            # Table of contents

            * [Welcome](README.md)

            ## Policies

            * [Counterfeit goods](policies/README.md)
              * [Escalation](policies/escalation.md)
            * [Videos](resources/videos.md)
            """)
        try t.write("space/docs/README.md", "# Welcome\n\nStart with [escalation](policies/escalation.md#id-2.-call-the-brand) or [the second example](policies/escalation.md#example-1) or [the second sample](policies/escalation.md#sample-1).\n")
        try t.write("space/docs/policies/README.md", """
            ---
            description: How we handle fakes.
            ---

            # Counterfeit goods

            {% hint style="warning" %}
            Never contact the seller. See [the old rule](broken-reference).

            {% tabs %}
            {% tab title="In chat" %}
            Do not reply.
            {% endtab %}
            {% endtabs %}
            {% endhint %}

            {% tabs %}
            {% tab title="Listing" %}
            Remove the listing.
            {% endtab %}

            {% tab title="Live stream" %}
            End the stream.
            {% endtab %}
            {% endtabs %}

            {% embed url="https://www.youtube.com/watch?v=abc" %}
            Training video
            {% endembed %}

            {% file src="../.gitbook/assets/form.pdf" %}

            <figure><img src="../.gitbook/assets/flow (1).png" alt="Review flow"><figcaption><p>Review flow</p></figcaption></figure>

            {% content-ref url="escalation.md" %}
            [escalation.md](escalation.md)
            {% endcontent-ref %}

            {% code title="report.txt" %}
            ```
            IP-01 {% hint %} stays in code
            ```
            {% endcode %}

            See [the old page](broken-reference) and <a href="broken-reference">this</a>.

            {% include "../.gitbook/includes/escalation-contacts.md" %}
            """)
        try t.write("space/docs/.gitbook/includes/escalation-contacts.md", "---\ntitle: Escalation contacts\n---\n\n{% hint style=\"info\" %}\nCall the [brand desk](../../policies/escalation.md#evidence).\n{% endhint %}\n")
        try t.write("space/docs/policies/escalation.md", """
            # Escalation

            ## 1. Collect evidence <a href="#evidence" id="evidence"></a>

            Screenshots.

            ## 2. Call the brand

            Phone.

            ## Example

            One.

            ## Example

            Two.

            ## Sample <a href="#sample" id="sample"></a>

            First.

            ## Sample <a href="#sample" id="sample"></a>

            Second.
            """)
        try t.write("space/docs/resources/videos.md", "# Videos\n\nSee [evidence](../policies/escalation.md#evidence).\n")
        let report = try t.importDocs("space")
        #expect(report.framework == "GitBook")
        #expect(t.read("Content/SUMMARY.md") == nil)
        #expect(t.read("Content/resources/videos.md") != nil)
        #expect(FileManager.default.fileExists(atPath: t.path("Content/assets/flow (1).png")))
        #expect(FileManager.default.fileExists(atPath: t.path("Content/assets/form.pdf")))
        let policy = try #require(t.read("Content/policies/README.md"))
        // A box's own tabs and lost links are converted too, before it is quoted.
        #expect(policy.contains("> **Warning**\n> Never contact the seller. See the old rule.\n>\n>\n> **In chat**\n> Do not reply.\n"), "\(policy)")
        #expect(policy.contains("**Listing**\nRemove the listing."))
        #expect(policy.contains("**Live stream**\nEnd the stream."))
        #expect(policy.contains("[Training video](https://www.youtube.com/watch?v=abc)"))
        #expect(policy.contains("[form.pdf](../assets/form.pdf)"))
        #expect(policy.contains("<img src=\"../assets/flow%20%281%29.png\" alt=\"Review flow\">"), "\(policy)")
        #expect(policy.contains("**report.txt**\n```\nIP-01 {% hint %} stays in code\n```"))
        #expect(policy.contains("See the old page and this."))
        // GitBook's reusable content, kept in the hidden .gitbook/includes/, is written out where
        // it is included, its links made from the including page.
        #expect(policy.contains("> **Note**\n> Call the [brand desk](escalation.md#evidence)."), "\(policy)")
        #expect(t.read("Content/.gitbook/includes/escalation-contacts.md") == nil)
        #expect(policy.components(separatedBy: "{% ").count == 2, "only the tag in code is left: \(policy)")
        let escalation = try #require(t.read("Content/policies/escalation.md"))
        #expect(escalation.contains("## 1. Collect evidence {#evidence}\n"))
        #expect(escalation.contains("aliases: [\"/old-escalation\"]") || escalation.contains("- /old-escalation"), "\(escalation)")
        #expect(report.notes.contains { $0.contains("redirect 'gone' leads to 'nowhere.md'") })
        let welcome = try #require(t.read("Content/README.md"))
        #expect(welcome.contains("(policies/escalation.md#2-call-the-brand)"), "\(welcome)")
        let category = try #require(t.read("Content/policies/_category.yml"))
        #expect(category.contains("Counterfeit goods") || category.contains("Policies"), "\(category)")
        let h = try Handbook.load(content: t.path("Content"), includeDrafts: true)
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
        #expect(h.diagnostics.filter { $0.isBrokenLink || $0.kind == .unresolvedLink || $0.message.contains("shortcode") }.isEmpty, "\(h.diagnostics)")
        // The second "Example" also answers to GitHub's and GitBook's `#example-1`.
        #expect(h.rendered["policies/escalation.md"]?.html.contains("<span id=\"example-1\"></span>") == true)
    }

    /// An mdBook book: `book.toml` names the pages' folder (`src/`), `SUMMARY.md` the order,
    /// titles and parts, `{{#include}}` reuses text and code (whole, by lines, by anchor),
    /// `{{#playground}}` shows a file as code, links name a chapter's published `.html` (a
    /// folder's README.md is its `index.html`), and `[output.html.redirect]` keeps old
    /// addresses. Read as plain Markdown, every page's address carried `src/`, SUMMARY.md was
    /// a page, the includes were text and the `index.html` links were broken.
    @Test func anMdBookImportsItsSummaryIncludesLinksAndRedirects() throws {
        let t = try TempTree()
        try t.write("book/book.toml", """
            [book]
            title = "Marketplace moderation"
            src = "pages"

            [output.html.redirect]
            "/escalation-old.html" = "policies/escalation.html"
            "/gone.html" = "nowhere.html"
            "/rules.html" = "https://example.org/rules.html"
            "/terms.html" = "https://example.org/terms.html"
            """)
        try t.write("book/pages/SUMMARY.md", """
            # Summary

            [Welcome](README.md)

            # Policies

            - [Counterfeit goods](policies/README.md)
                - [Escalation](policies/escalation.md)
                - [Later]()

            # Live

            - [Live commerce](live/README.md)
                - [Live streams](live/streams.md)

            ---

            [Glossary](glossary.md)
            """)
        try t.write("book/pages/README.md", "# Welcome\n\nStart with [counterfeits](policies/index.html) and [escalation](policies/escalation.html#call-the-brand).\n")
        try t.write("book/pages/policies/README.md", """
            # Counterfeit goods

            {{#include ../shared/evidence.md}}

            ```text
            {{#include ../shared/notice.txt:2:3}}
            ```

            ```text
            {{#include ../shared/notice.txt:reply}}
            ```

            {{#playground example.rs editable}}

            Write `\\{{#include file.md}}` to reuse text; `{{#include}}` alone is no include.

            ```text
            \\{{#include shown.md}}
            ```

            {{#include ../shared/missing.md}}
            """)
        try t.write("book/pages/policies/example.rs", "fn main() {\n    println!(\"IP-01\");\n}\n")
        try t.write("book/pages/shared/evidence.md", "Keep the [escalation steps](../policies/escalation.md) open.\n")
        try t.write("book/pages/shared/notice.txt", "Line one\nLine two\nLine three\n// ANCHOR: reply\nWe removed your listing.\n// ANCHOR_END: reply\n")
        try t.write("book/pages/policies/escalation.md", "{{#title Escalation | Moderation}}\n# Escalation\n\n## Call the brand\n\nPhone.\n")
        try t.write("book/pages/live/streams.md", "# Live streams\n\nSee [welcome](../index.html).\n")
        try t.write("book/pages/glossary.md", "# Glossary\n")
        try t.write("book/pages/live/README.md", "# Live commerce\n")
        try t.write("book/pages/404.md", "# Not found\n")
        let report = try t.importDocs("book")
        #expect(report.framework == "mdBook")
        #expect(t.read("Content/SUMMARY.md") == nil)
        #expect(t.read("Content/404.md") == nil)
        #expect(t.read("Content/pages/README.md") == nil, "the pages' folder is the top")
        let policy = try #require(t.read("Content/policies/README.md"))
        // A Markdown page included whole is converted as the including page's text.
        #expect(policy.contains("Keep the [escalation steps](escalation.md) open."), "\(policy)")
        #expect(policy.contains("```text\nLine two\nLine three\n```"), "\(policy)")
        #expect(policy.contains("```text\nWe removed your listing.\n```"), "\(policy)")
        #expect(policy.contains("```rust,editable\nfn main() {\n    println!(\"IP-01\");\n}\n```"), "\(policy)")
        #expect(policy.contains("```text\n{{#include shown.md}}\n```"), "an escaped include inside code is shown without its backslash: \(policy)")
        #expect(policy.contains("{{#include ../shared/missing.md}}"))
        #expect(report.notes.contains { $0.hasPrefix("policies/README.md:") && $0.contains("include \"../shared/missing.md\" does not lead to a file of the book") }, "\(report.notes)")
        #expect(!report.notes.contains { $0.contains("include \"\"") })
        let escalation = try #require(t.read("Content/policies/escalation.md"))
        #expect(!escalation.contains("{{#title"))
        #expect(escalation.contains("/escalation-old.html"), "\(escalation)")
        #expect(report.notes.contains { $0.contains("redirect '/gone.html' leads to 'nowhere.html'") })
        #expect(report.notes.contains { $0.hasPrefix("book.toml: 2 redirects to other sites left out") }, "\(report.notes)")
        let welcome = try #require(t.read("Content/README.md"))
        #expect(welcome.contains("[counterfeits](policies/README.md)"), "\(welcome)")
        #expect(welcome.contains("[escalation](policies/escalation.md#call-the-brand)"), "\(welcome)")
        #expect(t.read("Content/live/streams.md")?.contains("[welcome](../README.md)") == true)
        // The part "Policies" holds pages of two folders; the entry above the escalation page
        // titles its folder (not the draft under it).
        let category = try #require(t.read("Content/policies/_category.yml"))
        #expect(category.contains("title: Counterfeit goods"), "\(category)")
        #expect(t.read("Content/policies/escalation.md")?.contains("order: 1") == true)
        // The folder's own README.md entry titles it, over the part it is the only entry of.
        #expect(t.read("Content/live/_category.yml")?.contains("title: Live commerce") == true, "\(t.read("Content/live/_category.yml") ?? "")")
        let h = try Handbook.load(content: t.path("Content"), includeDrafts: true)
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
        #expect(h.diagnostics.filter { $0.isBrokenLink || $0.kind == .unresolvedLink }.isEmpty, "\(h.diagnostics)")
        #expect(h.redirects.contains { $0.path == "escalation-old.html" }, "\(h.redirects)")
    }

    /// mdBook's preprocessors most books use: mdbook-admonish's boxes (```` ```admonish warning
    /// title="..." ````, a kind alone, none, an older book's quoted title, `title=""` for none)
    /// and mdbook-toc's `{{#toc}}`. Imported as written, each box was a code block showing its
    /// Markdown and the marker was text.
    @Test func mdBookAdmonitionsAndTableOfContentsMarkersImport() throws {
        let t = try TempTree()
        try t.write("book/book.toml", "[book]\ntitle = \"Moderation\"\n")
        try t.write("book/src/SUMMARY.md", "# Summary\n\n- [Counterfeits](counterfeit.md)\n")
        try t.write("book/src/counterfeit.md", """
            # Counterfeits

            {{#toc}}

            ```admonish warning title="Check the seller"
            Read the [brand list](brands.md) first.

            - Replicas count.
            ```

            ```admonish
            A plain note.
            ```

            ````admonish tip "Keep the letter"
            ```text
            Dear brand,
            ```
            ````

            ```admonish info title=""
            No title.
            ```

            ```text
            {{#toc}}
            ```admonish is text here
            ```

            ```admonish bug
            Never closed.
            """)
        try t.write("book/src/brands.md", "# Brands\n")
        let report = try t.importDocs("book")
        #expect(report.framework == "mdBook")
        let page = try #require(t.read("Content/counterfeit.md"))
        #expect(page.components(separatedBy: "{{#toc}}").count == 2, "only the marker inside code is left: \(page)")
        #expect(page.contains("> **Check the seller**\n> Read the [brand list](brands.md) first.\n>\n> - Replicas count.\n"), "\(page)")
        #expect(page.contains("> **Note**\n> A plain note.\n"), "\(page)")
        #expect(page.contains("> **Keep the letter**\n> ```text\n> Dear brand,\n> ```\n"), "\(page)")
        #expect(page.contains(">\n> No title.\n"), "\(page)")
        // Inside code, both stay as written; a box never closed is left as it is.
        #expect(page.contains("```text\n{{#toc}}\n```admonish is text here\n```"), "\(page)")
        #expect(page.contains("```admonish bug\nNever closed."), "\(page)")
        let h = try Handbook.load(content: t.path("Content"), includeDrafts: true)
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
        #expect(h.diagnostics.filter { $0.isBrokenLink }.isEmpty, "\(h.diagnostics)")
    }

    /// Astro Starlight's components in its MDX pages: `<Aside>` (titled by its `title`, else its
    /// `type`), `<Tabs>` and `<TabItem label>`, `<Steps>` around an ordered list, `<CardGrid>`
    /// of `<Card>` and `<LinkCard>` (a link, its description after it), `<FileTree>` around a
    /// list, `<Badge text>` and `<LinkButton>` inside a sentence. Imported as written, each was
    /// shown as text; a site's own component still is, with a note naming Starlight.
    @Test func starlightComponentsBecomeMarkdown() throws {
        let t = try TempTree()
        try t.write("site/astro.config.mjs", "import starlight from '@astrojs/starlight'\nexport default { integrations: [starlight({ title: 'Moderation' })] }\n")
        try t.write("site/src/content/docs/appeals.md", "---\ntitle: Appeals\n---\n\nFourteen days.\n")
        // A language without its own page of an address links to the default language's, as Starlight shows it.
        try t.write("site/src/content/docs/index.md", "---\ntitle: Home\n---\n\nSee [appeals](/appeals/).\n")
        try t.write("site/src/content/docs/id/index.md", "---\ntitle: Beranda\n---\n\nLihat [banding](/id/appeals/).\n")
        try t.write("site/src/content/docs/guide.mdx", """
            ---
            title: Guide
            ---

            import { Aside, Tabs, TabItem, Steps, Card, CardGrid, LinkCard, FileTree, Badge, LinkButton } from '@astrojs/starlight/components';

            <Aside type="caution">Never contact the seller.</Aside>

            <Aside title="Before you start">
              Open the queue.
            </Aside>

            <Steps>

            1. Open the case.
            2. Decide.

            </Steps>

            <Tabs>
              <TabItem label="Indonesia">
                Use the ID queue.
              </TabItem>
            </Tabs>

            <CardGrid>
              <Card title="Counterfeits" icon="warning">
                Fakes and replicas.
              </Card>
              <LinkCard title="Appeals" href="/appeals/" description="How a seller appeals." />
            </CardGrid>

            <FileTree>
            - exports/
              - reports.csv
            </FileTree>

            Status: <Badge text="New" variant="tip" />. <LinkButton href="/appeals/">Read the appeals rules</LinkButton>

            <ReviewTimer minutes={5} />
            """)
        let report = try t.importDocs("site")
        #expect(report.framework == "Astro Starlight")
        let page = try #require(t.read("Content/guide.md"))
        #expect(page.contains("> **Caution:** Never contact the seller."), "\(page)")
        #expect(page.contains("> **Before you start**\n> Open the queue.\n"), "\(page)")
        #expect(page.contains("\n1. Open the case.\n2. Decide.\n"), "\(page)")
        #expect(page.contains("**Indonesia**\\\nUse the ID queue."), "\(page)")
        #expect(page.contains("**Counterfeits**\\\nFakes and replicas."), "\(page)")
        #expect(page.contains("**[Appeals](appeals.md)**: How a seller appeals."), "\(page)")
        #expect(page.contains("- exports/\n  - reports.csv"), "\(page)")
        #expect(page.contains("Status: New. [Read the appeals rules](appeals.md)"), "\(page)")
        #expect(!page.contains("<Aside") && !page.contains("<Steps>") && !page.contains("<CardGrid>") && !page.contains("<FileTree>"), "\(page)")
        #expect(page.contains("<ReviewTimer minutes={5} />"))
        #expect(report.notes.contains { $0.contains("<ReviewTimer> is the site's own (not one of Starlight's)") }, "\(report.notes)")
        #expect(t.read("Content/id/index.md")?.contains("[banding](../appeals.md)") == true, "\(t.read("Content/id/index.md") ?? "")")
        let h = try Handbook.load(content: t.path("Content"), includeDrafts: true)
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
        #expect(h.diagnostics.filter { $0.isBrokenLink || $0.kind == .unresolvedLink }.isEmpty, "\(h.diagnostics)")
    }

    /// MDX pages of a corpus of no tool Casebook knows (Nextra's, Fumadocs'): the components
    /// those sites share become Markdown (`<Callout type>`, `<Tabs items>` naming its `<Tab>`s
    /// in order, `<Steps>` and `<Step>`, `<Cards>` of `<Card title href>`, `<Accordions>` of
    /// `<Accordion title>`, `<Files>` of `<Folder>` and `<File>`), and a page inside a Next.js
    /// route group (`(policies)/`, no part of its address) is found by its address.
    @Test func commonMDXComponentsAndRouteGroupsOfAPlainCorpus() throws {
        let t = try TempTree()
        try t.write("site/(policies)/appeals.mdx", "---\ntitle: Appeals\n---\n\nFourteen days.\n")
        // Fumadocs' meta.json and Nextra's _meta.json give the folders' titles and the pages' order.
        try t.write("site/(policies)/strikes.mdx", "---\ntitle: Strikes\n---\n\nThree strikes.\n")
        try t.write("site/(policies)/meta.json", #"{"title": "Policies", "pages": ["strikes", "---Appeals---", "appeals", "..."]}"#)
        try t.write("site/faq.mdx", "---\ntitle: FAQ\n---\n\nAsk.\n")
        try t.write("site/_meta.json", #"{"index": "Home", "---": {"type": "separator"}, "faq": {"title": "Questions"}, "(policies)": "Policies"}"#)
        try t.write("site/index.mdx", """
            ---
            title: Home
            ---

            <Callout type="warning">Never contact the seller.</Callout>

            <Tabs items={['Indonesia', "Thailand"]}>
              <Tab>Use the ID queue.</Tab>
              <Tab>
                Use the TH queue.
              </Tab>
            </Tabs>

            <Steps>
            <Step>
            ### Open the case
            </Step>
            </Steps>

            <Cards>
              <Card title="Appeals" href="/appeals" />
            </Cards>

            <Accordions>
              <Accordion title="What if the seller is a brand?">
                Check the brand list.
              </Accordion>
            </Accordions>

            <Files>
              <Folder name="exports" defaultOpen>
                <File name="reports.csv" />
              </Folder>
            </Files>
            """)
        _ = try t.importDocs("site")
        let page = try #require(t.read("Content/index.md"))
        #expect(page.contains("> **Warning:** Never contact the seller."), "\(page)")
        #expect(page.contains("**Indonesia**: Use the ID queue."), "\(page)")
        #expect(page.contains("**Thailand**\\\nUse the TH queue."), "\(page)")
        #expect(page.contains("\n### Open the case\n"), "\(page)")
        #expect(page.contains("**[Appeals](%28policies%29/appeals.md)**"), "\(page)")
        #expect(page.contains("**What if the seller is a brand?**\\\nCheck the brand list."), "\(page)")
        #expect(page.contains("- exports/\n  - reports.csv"), "\(page)")
        #expect(t.read("Content/(policies)/_category.yml")?.contains("title: Policies") == true, "\(t.read("Content/(policies)/_category.yml") ?? "")")
        #expect(t.read("Content/(policies)/strikes.md")?.contains("order: 1") == true)
        #expect(t.read("Content/(policies)/appeals.md")?.contains("order: 2") == true)
        let faq = try #require(t.read("Content/faq.md"))
        #expect(faq.contains("nav_title: Questions") && faq.contains("order: 2"), "\(faq)")
        #expect(t.read("Content/_meta.json") == nil && t.read("Content/(policies)/meta.json") == nil)
        let h = try Handbook.load(content: t.path("Content"), includeDrafts: true)
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
        #expect(h.diagnostics.filter { $0.isBrokenLink || $0.kind == .unresolvedLink }.isEmpty, "\(h.diagnostics)")
    }

    /// A Mintlify `docs.json` that is not JSON (a comma missing between two pages, as hand
    /// edits leave one): the pages still come in with their components converted, and a note
    /// names the file and line, so the navigation can be fixed and the import run again. A
    /// snippet that is a symbolic link out of the corpus is never written into a page.
    @Test func aMintlifyConfigurationThatIsNotJSONIsNamedWithItsLine() throws {
        let t = try TempTree()
        try t.write("site/docs.json", "{\n  \"$schema\": \"https://mintlify.com/docs.json\",\n  \"navigation\": {\"pages\": [\"index\" \"faq\"]}\n}\n")
        try t.write("site/index.mdx", "---\ntitle: Home\n---\n\n<Note>Read the policies first.</Note>\n\nimport Secret from '/snippets/secret.mdx';\n\n<Secret />\n\n<Snippet file=\"secret.mdx\" />\n")
        // A snippet that is a symbolic link to a file outside the corpus is not written out.
        try t.write("outside/credentials.mdx", "aws_secret_access_key = abc\n")
        try FileManager.default.createDirectory(atPath: t.path("site/snippets"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: t.path("site/snippets/secret.mdx"), withDestinationPath: t.path("outside/credentials.mdx"))
        let report = try t.importDocs("site")
        #expect(report.framework == "Mintlify")
        let home = try #require(t.read("Content/index.md"))
        #expect(home.contains("> **Note:** Read the policies first."))
        #expect(!home.contains("aws_secret"), "\(home)")
        #expect(report.notes.contains { $0.hasPrefix("docs.json:3: not valid JSON;") }, "\(report.notes)")
    }

    /// Jekyll's includes: a box template of `_includes/` (`note.html`, `callout.html` titled by
    /// its `type`) showing `content`, a picture template, `toc.html`, and Markdown kept in
    /// `_includes/` or beside the page (`include_relative`). Imported as written, each was a
    /// Liquid tag shown as text.
    @Test func jekyllIncludesOfBoxesPicturesAndMarkdownAreWrittenOut() throws {
        let t = try TempTree()
        try t.write("site/_config.yml", "title: Moderation\n")
        try t.write("site/_includes/note.html", "<div class=\"alert alert-info\"><b>Note:</b> {{include.content}}</div>\n")
        try t.write("site/_includes/callout.html", "<div class=\"bs-callout bs-callout-{{include.type}}\">{{include.content}}</div>\n")
        try t.write("site/_includes/image.html", "<figure><img class=\"docimage\" src=\"images/{{include.file}}\" alt=\"{{include.alt}}\" />{% if include.caption %}<figcaption>{{include.caption}}</figcaption>{% endif %}</figure>\n")
        try t.write("site/_includes/toc.html", "<div id=\"toc\"></div>\n")
        try t.write("site/_includes/footer.html", "<footer>Moderation</footer>\n")
        try t.write("site/_includes/steps.md", "1. Open the [queue](/escalation.html).\n2. Decide.\n")
        try t.write("site/policies/counterfeit.md", """
            ---
            title: Counterfeit goods
            ---

            {% include toc.html %}

            {% include note.html content="Never contact the [seller](/escalation.html)." %}

            {% include callout.html content="Replicas count." type="warning" %}

            {% include callout.html content=notice %}

            {% include image.html file="queue.png" alt="Review queue" caption="The queue" %}

            {% include steps.md %}

            {% include_relative evidence.md %}

            {% include footer.html %}

            ```liquid
            {% include note.html content="code" %}
            ```
            """)
        try t.write("site/policies/evidence.md", "---\ntitle: Evidence\n---\n\nKeep the brand's letter.\n")
        try t.write("site/escalation.md", "---\ntitle: Escalation\n---\n\nCall.\n")
        try t.write("site/images/queue.png", "png")
        _ = try t.importDocs("site")
        let page = try #require(t.read("Content/policies/counterfeit.md"))
        #expect(!page.contains("toc.html"), "\(page)")
        #expect(page.contains("\n> **Note:** Never contact the [seller](../escalation.md).\n"), "\(page)")
        #expect(page.contains("\n> **Warning:** Replicas count.\n"), "\(page)")
        #expect(page.contains("{% include callout.html content=notice %}"), "a value that is a variable stays: \(page)")
        #expect(page.contains("![Review queue](../images/queue.png) *The queue*"), "\(page)")
        #expect(page.contains("\n1. Open the [queue](../escalation.md).\n2. Decide.\n"), "\(page)")
        #expect(page.contains("\nKeep the brand's letter.\n"), "\(page)")
        #expect(page.contains("{% include footer.html %}"))
        #expect(page.contains("```liquid\n{% include note.html content=\"code\" %}\n```"), "\(page)")
        let h = try Handbook.load(content: t.path("Content"), includeDrafts: true)
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
        #expect(h.diagnostics.filter { $0.isBrokenLink || $0.kind == .unresolvedLink }.isEmpty, "\(h.diagnostics)")
    }

    /// A Docsify site: an `index.html` loading Docsify, `_sidebar.md` for the navigation (list
    /// items that are no link group the entries under them), `_navbar.md` and `_coverpage.md`
    /// its frame, callouts written `!>` and `?>`, heading ids written `:id=`, section links
    /// written `?id=`, link options written as titles, embeds (`':include'`) of Markdown, code
    /// and fragments, and relative links read from the site's top. Read as plain Markdown, the
    /// frame files were pages, the callouts, ids and options were text and the links broken.
    @Test func aDocsifySiteImportsItsSidebarCalloutsEmbedsAndLinks() throws {
        let t = try TempTree()
        try t.write("site/docs/index.html", "<script>window.$docsify = { loadSidebar: true }</script>\n<script src=\"//cdn.jsdelivr.net/npm/docsify@4\"></script>\n")
        try t.write("site/docs/_sidebar.md", """
            - Policies

              - [Counterfeit goods](policies/counterfeit.md)
              - [Live streams](/policies/live)

            - [Escalation](escalation.md)
            """)
        try t.write("site/docs/_navbar.md", "- [English](/)\n")
        try t.write("site/docs/_coverpage.md", "# Moderation handbook\n")
        try t.write("site/docs/README.md", "# Moderation handbook\n\nStart with [counterfeits](policies/counterfeit.md?id=evidence) or [the stream rules](#/policies/live).\n")
        try t.write("site/docs/policies/counterfeit.md", """
            # Counterfeit goods

            !> Never contact the seller.
            Report the listing instead.

            ?> Keep the brand's letter.

            > [!WARNING] Replicas are counterfeits too.

            ## Collect evidence :id=evidence

            [Escalate](policies/live.md ':target=_blank') and see [the notice](_media/notice.md ':include').

            [letter](_media/letter.md ':include')

            [reply](_media/reply.txt ':include :type=code')

            [reply](_media/reply.js ':include :type=code :fragment=short')

            [missing](_media/none.md ':include')

                !> code stays
            """)
        try t.write("site/docs/_media/letter.md", "Dear brand, see [escalation](../escalation.md).\n")
        try t.write("site/docs/_media/notice.md", "# Notice\n")
        try t.write("site/docs/_media/reply.txt", "We removed your listing.\n")
        try t.write("site/docs/_media/reply.js", "const a = 1;\n/// [short]\nsay('removed');\n/// [short]\n")
        try t.write("site/docs/policies/live.md", """
            # Live streams

            Back to [counterfeits](policies/counterfeit.md).

            <!-- tabs:start -->

            #### **Indonesia**
            Use the ID queue.

            #### **Thailand**

            Use the TH queue.

            <!-- tabs:end -->

            ```md
            <!-- tabs:start -->
            #### **Code**
            ```
            """)
        try t.write("site/docs/escalation.md", "# Escalation\n")
        let report = try t.importDocs("site")
        #expect(report.framework == "Docsify")
        for frame in ["_sidebar.md", "_navbar.md", "_coverpage.md", "_media/letter.md"] { #expect(t.read("Content/" + frame) == nil, "\(frame)") }
        let policy = try #require(t.read("Content/policies/counterfeit.md"))
        #expect(policy.contains("> **Important:** Never contact the seller.\n> Report the listing instead.\n"), "\(policy)")
        #expect(policy.contains("> **Tip:** Keep the brand's letter."))
        #expect(policy.contains("> **Warning:** Replicas are counterfeits too."))
        #expect(policy.contains("## Collect evidence {#evidence}"))
        // Read from the site's top, not the page's folder (there is no policies/policies/).
        #expect(policy.contains("[Escalate](live.md)"), "\(policy)")
        // An embed alone on its line is written out, links made from the page; one inside a
        // sentence stays a link, to a page of its own.
        #expect(policy.contains("\nDear brand, see [escalation](../escalation.md).\n"), "\(policy)")
        #expect(policy.contains("see [the notice](../_media/notice.md)."), "\(policy)")
        #expect(t.read("Content/_media/notice.md") != nil)
        #expect(policy.contains("```txt\nWe removed your listing.\n```"), "\(policy)")
        #expect(policy.contains("```js\nsay('removed');\n```"), "\(policy)")
        #expect(policy.contains("    !> code stays"))
        #expect(report.notes.contains { $0.hasPrefix("policies/counterfeit.md:") && $0.contains("'_media/none.md' does not lead to a file") }, "\(report.notes)")
        let home = try #require(t.read("Content/README.md"))
        #expect(home.contains("[counterfeits](policies/counterfeit.md#evidence)"), "\(home)")
        #expect(home.contains("[the stream rules](policies/live.md)"), "\(home)")
        #expect(t.read("Content/policies/_category.yml")?.contains("title: Policies") == true)
        let live = try #require(t.read("Content/policies/live.md"))
        #expect(live.contains("order: 2"))
        // docsify-tabs: each tab's label a bold line above its text, not a heading.
        #expect(live.contains("\n**Indonesia**\\\nUse the ID queue.\n\n**Thailand**\n\nUse the TH queue."), "\(live)")
        #expect(!live.contains("tabs:start -->\n\n"), "\(live)")
        #expect(live.contains("```md\n<!-- tabs:start -->\n#### **Code**\n```"), "\(live)")
        let h = try Handbook.load(content: t.path("Content"), includeDrafts: true)
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
        // The embed of a missing file is the one link left broken.
        #expect(h.diagnostics.filter { $0.isBrokenLink || $0.kind == .unresolvedLink }.count <= 1, "\(h.diagnostics)")
    }

    /// A Mintlify site: `docs.json` gives the navigation (tabs, groups with a page of their
    /// own, a language kept in another file with `$ref`), the redirects and the languages;
    /// Mintlify's components become Markdown (call-outs, numbered steps, tabs, accordions,
    /// cards, fields with the anchors Mintlify links them by, trees, frames with their caption
    /// and the light theme's picture), text for AI agents and MDX comments are left out,
    /// snippets are written out where pages import them, props filled in. Read as plain
    /// Markdown, every component was text and no folder had its title.
    @Test func aMintlifySiteImportsItsNavigationComponentsSnippetsAndLanguages() throws {
        let t = try TempTree()
        try t.write("site/docs.json", """
            {"$schema": "https://mintlify.com/docs.json", "name": "Trust & Safety",
             "navigation": {"languages": [
               {"language": "en", "tabs": [{"tab": "Handbook", "groups": [
                 {"group": "Policies", "root": "policies/index", "pages": ["policies/live-selling", "policies/counterfeit"]},
                 {"group": "Reference", "pages": ["reference/fields"]}]},
                 {"tab": "Blog", "href": "https://example.com/blog"}]},
               {"$ref": "id.json"}]},
             "redirects": [{"source": "/old/counterfeit", "destination": "/policies/counterfeit"},
                           {"source": "/latest/:slug*", "destination": "/policies/:slug*"},
                           {"source": "/elsewhere", "destination": "https://example.com"}]}
            """)
        try t.write("site/id.json", #"{"language": "id", "tabs": [{"tab": "Panduan", "groups": [{"group": "Kebijakan", "pages": ["id/policies/counterfeit"]}]}]}"#)
        try t.write("site/policies/index.mdx", "---\ntitle: Policies\n---\n\nEvery rule a moderator applies.\n")
        try t.write("site/policies/live-selling.mdx", """
            ---
            title: Live selling
            sidebarTitle: Live
            ---

            import Escalate from "/snippets/escalate.mdx";

            {/* Reviewed by the policy team in November. */}

            <Note>Streams are reviewed while they run.</Note>

            <Warning>
              Never join the stream's chat.

              Report it instead.
            </Warning>

            <Steps>
              <Step title="Watch the clip">
                Open the clip and note the time.
              </Step>
              <Step title="Decide">
                - Remove the stream
                - Warn the seller
              </Step>
            </Steps>

            <Tabs>
              <Tab title="Indonesia">
                Use the ID queue.
              </Tab>
            </Tabs>

            <AccordionGroup>
              <Accordion title="What if the seller is a brand?">
                Check the [brand list](/policies/counterfeit#brands).
              </Accordion>
            </AccordionGroup>

            <CardGroup cols={2}>
              <Card title="Counterfeits" icon="tag" href="/policies/counterfeit">
                Fakes and replicas.
              </Card>
            </CardGroup>

            <Frame caption="The review queue">
              <img
                src="/images/queue-light.png"
                alt="Review queue"
                className="block dark:hidden"
              />
              <img src="/images/queue-dark.png" alt="Review queue" className="hidden dark:block" />
            </Frame>

            <Visibility for="agents">
              Agents: call the policy API first.
            </Visibility>

            <Escalate team="Live ops" />

            <Snippet file="signoff.mdx" />

            <ReviewTimer minutes={5} />

            See [the report field](/reference/fields#param-report-reason) and [the latest rules](/latest/counterfeit), or the <Tooltip tip="stock keeping unit">SKU</Tooltip> list.
            """)
        try t.write("site/policies/counterfeit.mdx", "---\ntitle: Counterfeit goods\n---\n\n## Brands\n\nBrands on the list.\n")
        try t.write("site/id/policies/counterfeit.mdx", "---\ntitle: Barang palsu\n---\n\n## Merek\n\nLihat [kebijakan](/id/policies/counterfeit).\n")
        try t.write("site/reference/fields.mdx", """
            ---
            title: Report fields
            ---

            <ResponseField name="report.reason" type="string" required>
              Why the item was reported.
            </ResponseField>

            <Tree>
              <Tree.Folder name="exports" defaultOpen>
                <Tree.File name="reports.csv" />
              </Tree.Folder>
            </Tree>

            <Info>
            Never closed, so not a box.
            """)
        try t.write("site/reference/api.mdx", "---\ntitle: Create a report\nopenapi: POST /reports\n---\n")
        try t.write("site/snippets/escalate.mdx", "Escalate to {team} within the hour.\n")
        try t.write("site/snippets/signoff.mdx", "Signed off by the policy team.\n")
        try t.write("site/images/queue-light.png", "png")
        try t.write("site/images/queue-dark.png", "png")
        let report = try t.importDocs("site")
        #expect(report.framework == "Mintlify")
        #expect(t.read("Content/snippets/escalate.md") == nil)
        let live = try #require(t.read("Content/policies/live-selling.md"))
        #expect(live.contains("nav_title: Live"), "\(live)")
        #expect(!live.contains("Reviewed by the policy team"))
        #expect(live.contains("> **Note:** Streams are reviewed while they run."), "\(live)")
        #expect(live.contains("> **Warning**\n> Never join the stream's chat.\n>\n> Report it instead.\n"), "\(live)")
        #expect(live.contains("**1. Watch the clip**\\\nOpen the clip and note the time."), "\(live)")
        #expect(live.contains("**2. Decide**\n- Remove the stream\n- Warn the seller"), "\(live)")
        #expect(live.contains("**Indonesia**\\\nUse the ID queue."), "\(live)")
        #expect(live.contains("**What if the seller is a brand?**\\\nCheck the [brand list](counterfeit.md#brands)."), "\(live)")
        #expect(live.contains("**[Counterfeits](counterfeit.md)**\\\nFakes and replicas."), "\(live)")
        #expect(live.contains("![Review queue](../images/queue-light.png)"), "\(live)")
        #expect(!live.contains("queue-dark"), "\(live)")
        #expect(live.contains("*The review queue*"), "\(live)")
        #expect(!live.contains("Agents: call"), "\(live)")
        #expect(live.contains("Escalate to Live ops within the hour."), "\(live)")
        #expect(live.contains("Signed off by the policy team."), "\(live)")
        #expect(live.contains("[the report field](../reference/fields.md#param-report-reason)"), "\(live)")
        // A link to an old address leads where the redirect pattern sends it.
        #expect(live.contains("[the latest rules](counterfeit.md)"), "\(live)")
        #expect(live.contains("the SKU list."), "\(live)")
        #expect(!live.contains("<Steps>") && !live.contains("<Step ") && !live.contains("</Card>"), "\(live)")
        // A component of the site's own stays, with one note naming it.
        #expect(live.contains("<ReviewTimer minutes={5} />"))
        #expect(report.notes.contains { $0.hasPrefix("policies/live-selling.mdx:") && $0.contains("<ReviewTimer>") }, "\(report.notes)")
        let fields = try #require(t.read("Content/reference/fields.md"))
        #expect(fields.contains("**report.reason**{#param-report-reason} (`string`, required)\\\nWhy the item was reported."), "\(fields)")
        #expect(fields.contains("- exports/\n  - reports.csv"), "\(fields)")
        #expect(fields.contains("\n<Info>\nNever closed, so not a box."), "\(fields)")
        #expect(report.notes.contains { $0.hasPrefix("reference/fields.mdx:15: <Info> is never closed") }, "\(report.notes)")
        #expect(t.read("Content/reference/api.md")?.contains("Mintlify generates this page") == true)
        // Navigation: the group titles its folder; a page's order comes from its place.
        #expect(t.read("Content/policies/_category.yml")?.contains("title: Policies") == true)
        #expect(live.contains("order: 1"), "\(live)")
        #expect(t.read("Content/policies/counterfeit.md")?.contains("order: 2") == true)
        let counterfeit = try #require(t.read("Content/policies/counterfeit.md"))
        #expect(counterfeit.contains("/old/counterfeit"), "\(counterfeit)")
        // The language's page goes beside its original as a translation.
        let translated = try #require(t.read("Content/policies/counterfeit.id.md"))
        #expect(translated.contains("lang: id") && translated.contains("translation_of: counterfeit"), "\(translated)")
        #expect(translated.contains("[kebijakan](counterfeit.id.md)"), "\(translated)")
        #expect(report.notes.contains { $0.contains("1 redirect written as a pattern") }, "\(report.notes)")
        let h = try Handbook.load(content: t.path("Content"), includeDrafts: true)
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
        #expect(h.diagnostics.filter { $0.isBrokenLink || $0.kind == .unresolvedLink }.isEmpty, "\(h.diagnostics)")
    }

    /// Hand-written anchors and other tools' slugs that name a heading with other punctuation
    /// (a company handbook's `#step-1:-notify-your-manager-&-the-people-team` for "Step 1:
    /// Notify your Manager & the People Team") lead to it; an anchor whose letters fit two
    /// headings, or none, is left as written.
    @Test func anchorsWrittenWithOtherPunctuationLeadToTheirHeading() throws {
        let t = try TempTree()
        try t.write("corpus/leave.md", "# Leave\n\n### **Step 1: Notify your Manager & the People Team**\n\nx\n\n## A-B\n\n## AB\n")
        try t.write("corpus/index.md", "# Home\n\n[notify](leave.md#step-1:-notify-your-manager-&-the-people-team), [ab](leave.md#a.b), [none](leave.md#nothing-here)\n")
        _ = try t.importDocs("corpus", tool: .jekyll)
        let home = try #require(t.read("Content/index.md"))
        #expect(home.contains("[notify](leave.md#step-1-notify-your-manager-the-people-team)"), "\(home)")
        #expect(home.contains("[ab](leave.md#a.b)"))
        #expect(home.contains("[none](leave.md#nothing-here)"))
    }

    /// A Notion export ("Markdown & CSV"): every name ends with Notion's 32-hex id, a page's
    /// subpages and pictures are in the folder of its name, a database is a CSV and a folder of
    /// pages whose properties are `Key: value` lines, callouts are `<aside>`. Read as plain
    /// Markdown, every id and address carried the hex digits, properties ran together into one
    /// paragraph and callouts lost their box.
    @Test func aNotionExportImportsWithCleanNamesPropertiesAndCallouts() throws {
        let t = try TempTree()
        let top = "Trust & Safety SOPs 0f1e2d3c4b5a69788796a5b4c3d2e1f0"
        let fakes = "Counterfeit goods 8c14a3b7b53f4b908b0f8db1eaa2fb87"
        let tracker = "Policy tracker 9a9a9a9a9a9a9a9a9a9a9a9a9a9a9a9a"
        func encoded(_ s: String) -> String { s.replacingOccurrences(of: " ", with: "%20") }
        try t.write("export/\(top).md", "# Trust & Safety SOPs\n\n[Counterfeit goods](\(encoded(top))/\(encoded(fakes)).md)\n\n[Policy tracker](\(encoded(top))/\(encoded(tracker)).csv)\n")
        try t.write("export/\(top)/\(fakes).md", """
            # Counterfeit goods

            <aside>
            💡 Never contact the seller.

            </aside>

            ![Untitled](\(encoded(fakes))/Untitled.png)

            See [Escalation](\(encoded(fakes))/Escalation%2011112222333344445555666677778888.md).

            ## Signs

            "ORI" in the title.
            """)
        try t.write("export/\(top)/\(fakes)/Untitled.png", "png")
        try t.write("export/\(top)/\(fakes)/Escalation 11112222333344445555666677778888.md", "# Escalation\n\nBack to [Counterfeit goods](../\(encoded(fakes)).md), as pasted: [the page](https://www.notion.so/acme/Counterfeit-goods-8c14a3b7b53f4b908b0f8db1eaa2fb87?pvs=4), [signs](https://www.notion.so/8c14a3b7-b53f-4b90-8b0f-8db1eaa2fb87#signs), [elsewhere](https://www.notion.so/acme/Other-00000000000000000000000000000000).\n")
        try t.write("export/\(top)/\(tracker).csv", "Name,Owner,Status,Tags\nLive selling rules,Dewi Lestari,Published,\"live, ID\"\n")
        try t.write("export/\(top)/\(tracker)_all.csv", "Name,Owner,Status,Tags\nLive selling rules,Dewi Lestari,Published,\"live, ID\"\n")
        try t.write("export/\(top)/\(tracker)/Live selling rules 22223333444455556666777788889999.md", """
            # Live selling rules

            Owner: Dewi Lestari
            Status: Published
            Tags: live, ID
            Markets: ID

            ## Rules

            Note: hosts must show the product.
            """)
        let report = try t.importDocs("export")
        #expect(report.framework == "Notion")
        let home = try #require(t.read("Content/Trust & Safety SOPs/index.md"))
        #expect(home.contains("[Counterfeit goods](Counterfeit%20goods/index.md)"), "\(home)")
        #expect(home.contains("[Policy tracker](Policy%20tracker.csv)"), "\(home)")
        let fakesPage = try #require(t.read("Content/Trust & Safety SOPs/Counterfeit goods/index.md"))
        #expect(fakesPage.contains(">\n> 💡 Never contact the seller.\n"), "\(fakesPage)")
        #expect(fakesPage.contains("![Untitled](Untitled.png)"))
        #expect(fakesPage.contains("[Escalation](Escalation.md)"))
        let escalation = try #require(t.read("Content/Trust & Safety SOPs/Counterfeit goods/Escalation.md"))
        #expect(escalation.contains("[Counterfeit goods](index.md), as pasted: [the page](index.md), [signs](index.md#signs), [elsewhere](https://www.notion.so/acme/Other-00000000000000000000000000000000)."), "\(escalation)")
        #expect(FileManager.default.fileExists(atPath: t.path("Content/Trust & Safety SOPs/Policy tracker_all.csv")))
        let row = try #require(t.read("Content/Trust & Safety SOPs/Policy tracker/Live selling rules.md"))
        #expect(row.contains("owner: Dewi Lestari"), "\(row)")
        #expect(row.contains("tags: [live, id]") || row.contains("tags: [live, ID]"), "\(row)")
        #expect(row.contains("- **Status:** Published\n- **Markets:** ID\n"))
        #expect(row.contains("Note: hosts must show the product."))
        let h = try Handbook.load(content: t.path("Content"), includeDrafts: true)
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
        #expect(h.diagnostics.filter { $0.isBrokenLink || $0.kind == .unresolvedLink }.isEmpty, "\(h.diagnostics)")
        #expect(Set(h.pages.map(\.meta.id)) == ["trust-safety-sops", "counterfeit-goods", "escalation", "live-selling-rules"], "\(h.pages.map(\.meta.id))")
    }

    /// An Obsidian vault (a `.obsidian/` folder at the top): wiki links by note name from any
    /// folder, target first (`[[Escalation#Call the brand|calling the brand]]`), embeds of
    /// pictures found by file name (`![[label photo.png|300]]`), call-outs with titles,
    /// `%%comments%%` and `==highlights==`. Read as plain Markdown, all were shown as written.
    @Test func anObsidianVaultImportsItsLinksEmbedsCalloutsAndComments() throws {
        let t = try TempTree()
        try t.write("vault/.obsidian/app.json", "{}")
        try t.write("vault/attachments/label photo.png", "png")
        try t.write("vault/Policies/Counterfeit goods.md", """
            ---
            aliases: [Fakes]
            tags: [ip]
            ---
            # Counterfeit goods

            > [!warning] Never contact the seller
            > Report instead.

            ## Signs

            ==ORI== in the title.%% check with legal %%

            %%
            A note for trainers only.
            %%

            ![[label photo.png|300]]

            See [[Escalation#Call the brand|calling the brand]] and [[Escalation]]. Keep `[[not a link]]`.
            """)
        try t.write("vault/Escalation.md", """
            # Escalation

            ## Call the brand

            Back to [[Fakes]], [[Counterfeit goods#Signs]] and [[Missing page]].

            ![[Counterfeit goods]]

            Read ![[Counterfeit goods]] first. [As a Markdown link](Policies/Counterfeit%20goods.md).
            """)
        try t.write("vault/Loop A.md", "# Loop A\n\nA's text.\n\n![[Loop B]]\n")
        try t.write("vault/Loop B.md", "# Loop B\n\nB's text.\n\n![[Loop A]]\n")
        let report = try t.importDocs("vault")
        #expect(report.framework == "Obsidian")
        // Notes that embed each other: each is written once inside the other, then a link.
        let loop = try #require(t.read("Content/Loop A.md"))
        #expect(loop.contains("B's text.") && loop.contains("[Loop A](Loop%20A.md)"), "\(loop)")
        let fakes = try #require(t.read("Content/Policies/Counterfeit goods.md"))
        #expect(fakes.contains("> **Never contact the seller**\n> Report instead."), "\(fakes)")
        #expect(fakes.contains("<mark>ORI</mark> in the title.\n"), "\(fakes)")
        #expect(!fakes.contains("legal") && !fakes.contains("trainers only"))
        #expect(fakes.contains("![label photo](../attachments/label%20photo.png)"))
        #expect(fakes.contains("See [calling the brand](../Escalation.md#call-the-brand) and [Escalation](../Escalation.md). Keep `[[not a link]]`."))
        #expect(!fakes.contains("aliases"), "an Obsidian alias is a name, not an old address: \(fakes)")
        let escalation = try #require(t.read("Content/Escalation.md"))
        #expect(escalation.contains("Back to [Fakes](Policies/Counterfeit%20goods.md), [Counterfeit goods > Signs](Policies/Counterfeit%20goods.md#signs) and Missing page."), "\(escalation)")
        // A note embedded on a line of its own is its text, its links made from here; one in a
        // sentence is a link.
        #expect(escalation.contains("> **Never contact the seller**\n> Report instead."), "\(escalation)")
        #expect(escalation.contains("![label photo](attachments/label%20photo.png)"), "\(escalation)")
        #expect(escalation.contains("See [calling the brand](Escalation.md#call-the-brand) and [Escalation](Escalation.md)."), "\(escalation)")
        #expect(!escalation.contains("trainers only"))
        #expect(escalation.contains("Read [Counterfeit goods](Policies/Counterfeit%20goods.md) first. [As a Markdown link](Policies/Counterfeit%20goods.md)."))
        #expect(report.notes.contains { $0.contains("'[[Missing page]]' names no note") })
        // Lines keep their numbers: the hidden comment's lines are blank, not gone (16 lines of
        // text under the front matter, as in the note).
        #expect(fakes.components(separatedBy: "\n---\n\n").last?.components(separatedBy: "\n").count == 16, "\(fakes)")
        let h = try Handbook.load(content: t.path("Content"), includeDrafts: true)
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
        #expect(h.diagnostics.filter { $0.isBrokenLink || $0.kind == .unresolvedLink }.isEmpty, "\(h.diagnostics)")
    }

    /// A corpus handed over for import may hold symbolic links to files elsewhere on the
    /// machine; their bytes were copied into Content/ and published by the build. They are left
    /// out with a note; a link that stays inside the corpus is followed as before.
    @Test func symbolicLinksOutOfTheCorpusAreNotCopied() throws {
        let t = try TempTree()
        try t.write("secret/credentials.txt", "aws_secret_access_key = abc\n")
        try t.write("secret/notes.md", "# Private\n\nSalary bands.\n")
        try t.write("corpus/_config.yml", "title: Policies\n")
        try t.write("corpus/index.md", "# Home\n\n![logo](assets/logo.png) and [notes](notes.md) and [inside](assets/real.png).\n")
        try t.write("corpus/assets/real.png", "png")
        try FileManager.default.createSymbolicLink(atPath: t.path("corpus/assets/logo.png"), withDestinationPath: t.path("secret/credentials.txt"))
        try FileManager.default.createSymbolicLink(atPath: t.path("corpus/notes.md"), withDestinationPath: t.path("secret/notes.md"))
        try FileManager.default.createSymbolicLink(atPath: t.path("corpus/assets/same.png"), withDestinationPath: t.path("corpus/assets/real.png"))
        let report = try t.importDocs("corpus")
        #expect(!t.exists("Content/assets/logo.png"))
        #expect(!t.exists("Content/notes.md"))
        #expect(t.read("Content/assets/real.png") == "png")
        #expect(t.read("Content/assets/same.png") == "png")
        #expect(report.notes.contains { $0.contains("a symbolic link to a file outside the corpus; left out (2 files)") }, "\(report.notes)")
    }

    /// A Hugo site's own shortcodes whose templates are a link (mastodon's `page-relref`,
    /// `<a href="{{ relref . (.Get "ref") }}">...{{ .Get "caption" }}</a>`, and `caption-link`,
    /// 417 uses) become Markdown links, a reference made a relative link; a template that is
    /// anything else stays text, and the site's own template of a name wins over its theme's.
    @Test func aHugoSitesOwnLinkShortcodesBecomeLinks() throws {
        let t = try TempTree()
        try t.write("site/hugo.toml", "baseURL = \"https://example.org/\"\ntheme = \"docs\"\n")
        try t.write("site/layouts/shortcodes/page-relref.html", "<a href=\"{{ relref . (.Get \"ref\") }}\" class=\"page-ref\">\n  <div class=\"page-ref-icon\"><svg viewBox=\"0 0 24 24\"><path d=\"M4 11v2\"/></svg></div>\n  {{ .Get \"caption\" | markdownify }}\n</a>")
        try t.write("site/layouts/shortcodes/caption-link.html", "<a href=\"{{ .Get \"url\" }}\" class=\"page-ref\">{{ .Get \"caption\" | markdownify }}</a>")
        try t.write("site/layouts/shortcodes/required.html", "<span class=\"required\">{{ i18n \"required\" }}</span>")
        try t.write("site/layouts/shortcodes/badge.html", "<span class=\"badge\">{{ .Get 0 }}</span>")
        try t.write("site/themes/docs/layouts/shortcodes/badge.html", "<a href=\"{{ .Get \"url\" }}\">{{ .Get \"text\" }}</a>")
        try t.write("site/themes/docs/layouts/shortcodes/card.html", "<a href=\"{{ relref . (.Get \"link\") }}\">{{ .Get \"title\" }}</a>")
        try t.write("site/content/entities/Role.md", "---\ntitle: Role\n---\n\n## Name\n\nThe role's name.\n")
        try t.write("site/content/admin/roles.md", """
            ---
            title: Roles
            ---

            {{< page-relref ref="entities/Role#name" caption="Name">}}

            Hosts: {{< caption-link url="https://masto.host" caption="Masto.host" >}} and {{< card link="entities/Role" title="Roles" >}}.

            The name is {{< required >}}. {{< badge url="https://x.org" text="X" >}}
            """)
        let report = try t.importDocs("site", tool: .hugo)
        let page = try #require(t.read("Content/admin/roles.md"))
        #expect(page.contains("[Name](../entities/Role.md#name)"), "\(page)")
        #expect(page.contains("Hosts: [Masto.host](https://masto.host) and [Roles](../entities/Role.md)."), "\(page)")
        #expect(page.contains("The name is {{< required >}}. {{< badge url=\"https://x.org\" text=\"X\" >}}"), "\(page)")
        #expect(report.notes.contains { $0.contains("'{{< required >}}'") || $0.contains("required") })
        let h = try Handbook.load(content: t.path("Content"), includeDrafts: true)
        #expect(h.diagnostics.filter { $0.isBrokenLink }.isEmpty, "\(h.diagnostics)")
    }

    /// A comment never closed is Liquid's error, not the rest of the page to leave out.
    @Test func anUnclosedLiquidCommentKeepsThePage() {
        var lines = ["Intro.", "{% comment %} never closed", "The rest of the policy."]
        #expect(JekyllLinkTags.removeComments(&lines) == 0)
        #expect(lines == ["Intro.", "{% comment %} never closed", "The rest of the policy."])
    }

    @Test func detectsEachTool() {
        #expect(DocsTool.detect(Self.fixture("hugo")) == .hugo)
        #expect(DocsTool.detect(Self.fixture("mkdocs")) == .mkdocs)
        #expect(DocsTool.detect(Self.fixture("docusaurus")) == .docusaurus)
        #expect(DocsTool.detect(Self.fixture("jekyll")) == .jekyll)
    }

    @Test func hugoCorpusBuildsWithFrontMatterNavigationAndLinksConverted() throws {
        let (t, report, h) = try Self.imported("hugo")
        #expect(report.tool == .hugo && report.basePath == "/handbook")
        #expect(report.pages.sorted() == ["_index.md", "commerce/_index.md", "commerce/counterfeit.md", "commerce/spam.md", "conduct/harassment.md"])
        #expect(!t.exists("Content/conduct/_index.md"), "an _index.md of front matter only becomes the folder's _category.yml")
        #expect(t.read("Content/commerce/counterfeit.md")?.hasPrefix("""
            ---
            title: Counterfeit goods
            nav_title: Counterfeits
            effective: 2024-05-02
            order: 10
            tags: [ip, brands]
            aliases: ["/handbook/old/counterfeit/"]
            ---

            """) == true, "\(t.read("Content/commerce/counterfeit.md") ?? "")")
        let counterfeit = t.read("Content/commerce/counterfeit.md") ?? ""
        #expect(counterfeit.contains("[spam](spam.md)"), "Hugo's page-relative ../spam/ is the sibling page")
        #expect(counterfeit.contains("[commerce](_index.md)"))
        #expect(counterfeit.contains("[spam's rule](spam.md#rule)"))
        #expect(t.read("Content/commerce/spam.md")?.contains("status: draft") == true)
        #expect(t.read("Content/commerce/spam.md")?.contains("[counterfeit](counterfeit.md#replicas)") == true)
        #expect(t.read("Content/_index.md")?.contains("[harassment](conduct/harassment.md)") == true)
        #expect(t.read("Content/commerce/_category.yml") == "title: Commerce\nsummary: Rules for listings and sellers.\norder: 2\n")
        #expect(t.read("Content/conduct/_category.yml") == "title: Conduct\norder: 1\n")
        // What it could not convert, once per key and per shortcode kind, and the broken link.
        #expect(report.notes.contains { $0.hasPrefix("commerce/counterfeit.md:") && $0.contains("'layout'") && $0.contains("(2 files)") })
        #expect(report.notes.contains { $0.contains("shortcode '{{< ref >}}'") })
        // A note box (GitLab's handbook theme's, Docsy's family) is a quoted box.
        #expect(counterfeit.contains("> **Note** Check the brand list first.\n"), "\(counterfeit)")
        #expect(!report.notes.contains { $0.contains("shortcode '{{% note %}}'") })
        #expect(report.notes.contains { $0.hasPrefix("conduct/harassment.md:7: link '/handbook/conduct/stalking/'") })
        // casebook.yml beside Content/ keeps checking site-absolute links under the base path,
        // as warnings: the one link to a page that never existed is the only broken link.
        #expect(t.read("casebook.yml") == "links: warn\nbase_path: /handbook\n")
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
        #expect(h.diagnostics.filter(\.isBrokenLink).map(\.file) == ["conduct/harassment.md"])
        #expect(h.categories["commerce"]?.title == "Commerce")
    }

    /// Hugo sites that place their pages with menus (mastodon's docs: `menu: {docs: {weight,
    /// name, parent}}` in all 242 pages, the sections named in the configuration's
    /// `[[menu.docs]]`) come in in that order and with those names, not alphabetically and
    /// titled from their folders ("Api"); a page's own weight and a section's `_index.md` win.
    @Test func hugoMenusGiveTheOrderAndNamesOfPagesAndSections() throws {
        let t = try TempTree()
        try t.write("site/config.toml", """
            baseURL = "https://example.org/"
            [[menu.docs]]
              name = "Using the platform"
              weight = 10
              url = "/user/"
            [[menu.docs]]
              name = "Running moderation"
              weight = 20
              url = "/admin/"
            [[languages.en.menu.docs]]
              name = "Ignored: the site's own menu names user first"
              url = "/user/"
            [[menu.docs]]
              name = "Glossary"
              weight = 5
              url = "/glossary/"
            """)
        try t.write("site/content/user/appeals.md", "---\ntitle: Appeals\nmenu:\n  docs:\n    name: Appeal a decision\n    weight: 30\n    parent: user\n---\n\nText.\n")
        try t.write("site/content/user/report.md", "---\ntitle: Reporting a post\nmenu:\n  main:\n    weight: 1\n  docs:\n    weight: 20\n---\n\nText.\n")
        try t.write("site/content/user/signup.md", "---\ntitle: Signing up\nweight: 1\nmenu:\n  docs:\n    weight: 99\n---\n\nText.\n")
        try t.write("site/content/admin/triage.md", "---\ntitle: Triage\nmenu: main\n---\n\nText.\n")
        try t.write("site/content/glossary/_index.md", "---\ntitle: Terms\nweight: 3\n---\n")
        try t.write("site/content/glossary/strike.md", "---\ntitle: Strike\nweight: 1e300\n---\n\nText.\n")
        let report = try t.importDocs("site")
        #expect(report.notes.contains("glossary/strike.md: order '1e300' is not a whole number Casebook can order by (up to 15 digits); left out"), "\(report.notes)")
        let h = try Handbook.load(content: t.path("Content"))
        #expect(h.categories["user"]?.title == "Using the platform" && h.categories["user"]?.order == 10)
        #expect(h.categories["admin"]?.title == "Running moderation" && h.categories["admin"]?.order == 20)
        #expect(h.categories["glossary"]?.title == "Terms" && h.categories["glossary"]?.order == 3)
        let user = h.pages.filter { $0.category == "user" }.sorted { ($0.meta.order ?? .max, $0.title) < ($1.meta.order ?? .max, $1.title) }
        #expect(user.map(\.title) == ["Signing up", "Reporting a post", "Appeals"])
        #expect(h.page(id: "appeals")?.meta.navTitle == "Appeal a decision")
        #expect(h.page(id: "strike")?.meta.order == nil, "a weight no Int holds is left out, not a crash")
    }

    /// Hugo reads the first of hugo.toml, hugo.yaml, hugo.yml, then config.*: the import reads
    /// that one file for the base path and the languages (it took the base path from the YAML
    /// file and the languages from the TOML one, and kept a TOML value's trailing comment).
    @Test func hugoConfigIsTheFileHugoReads() throws {
        let t = try TempTree()
        try t.write("site/hugo.toml", """
            baseURL = "https://help.example.com/handbook/" # where the site lives
            defaultContentLanguage = 'id'

            [languages.th]
            contentDir = "content/th" # Thai
            [languages.id]
            contentDir = "content/id"
            """)
        try t.write("site/config.yaml", "baseURL: https://old.example.com/other/\nlanguages:\n  en:\n    contentDir: content/en\n")
        try t.write("site/content/id/page.md", "# Page\n")
        let importer = Importer(source: t.path("site"), docs: t.path("site/content"), destination: t.path("Content"), tool: .hugo)
        let config = importer.hugo
        #expect(config.top["baseURL"] == "https://help.example.com/handbook/" && config.top["defaultContentLanguage"] == "id")
        #expect(config.languages == ["th": ["contentDir": "content/th"], "id": ["contentDir": "content/id"]])
        #expect(importer.defaultBasePath() == "/handbook")
        #expect(importer.hugoLanguages() == Importer.HugoLanguages(defaultLanguage: "id", folders: ["th": "th", "id": "id"], languages: ["th", "id"]))
        try FileManager.default.removeItem(atPath: t.path("site/hugo.toml"))
        #expect(Importer(source: t.path("site"), docs: t.path("site/content"), destination: t.path("Content"), tool: .hugo).defaultBasePath() == "/other",
                "without hugo.*, config.yaml is read")
    }

    /// hugo.toml in the forms the line-by-line reader misread (an inline table, a multi-line
    /// string) is read by toml++; one that is not TOML is named in the report with its line.
    @Test func hugoConfigIsReadAsTOMLOrReportedWithItsLine() throws {
        let t = try TempTree()
        try t.write("site/hugo.toml", #"""
            baseURL = "https://help.example.com/handbook/"
            params = { description = "x = y", menu = [ { name = "a" } ] }
            copyright = """
            [languages.xx] is not a table here
            """
            [languages.th]
            contentDir = "content/th"
            """#)
        try t.write("site/content/page.md", "# Page\n")
        let importer = Importer(source: t.path("site"), docs: t.path("site/content"), destination: t.path("Content"), tool: .hugo)
        let config = importer.hugo
        #expect(config.top == ["baseURL": "https://help.example.com/handbook/", "copyright": "[languages.xx] is not a table here\n"])
        #expect(config.languages == ["th": ["contentDir": "content/th"]] && config.problem == nil)

        try t.write("site/hugo.toml", "baseURL = \"https://help.example.com/handbook/\"\n[languages.th\ncontentDir = \"content/th\"\n")
        let report = try t.importDocs("site")
        #expect(report.notes.contains { $0.hasPrefix("hugo.toml:2: not read as TOML (") && $0.hasSuffix("correct it, or give --base-path") }, "\(report.notes)")
    }

    /// Hugo keeps each language in a content folder of its own (`[languages.id] contentDir`,
    /// as mastodon's documentation does) or beside the original (`contact.id.md`). Imported
    /// as they were, every translated page was a second page of the same name and the
    /// default language's site-absolute links (`/appeals/#how`) led nowhere.
    @Test func hugoLanguagesBecomeTranslationsBesideTheirOriginals() throws {
        let (t, report, h) = try Self.imported("hugo-languages")
        #expect(report.pages.sorted() == ["_index.md", "appeals.md", "appeals.th.md", "contact.id.md", "contact.md", "faq.md",
                                          "listings/faq.md", "listings/rules.id.md", "listings/rules.md", "only-id.id.md"])
        let rulesID = t.read("Content/listings/rules.id.md") ?? ""
        #expect(rulesID.contains("lang: id\ntranslation_of: rules\n"), "\(rulesID)")
        #expect(rulesID.contains("[mengajukan banding](../appeals.md#how)"), "the default language's address: \(rulesID)")
        #expect(t.read("Content/appeals.th.md")?.contains("lang: th\ntranslation_of: appeals\n") == true)
        #expect(t.read("Content/contact.id.md")?.contains("lang: id\ntranslation_of: contact\n") == true)
        let only = t.read("Content/only-id.id.md") ?? ""
        #expect(only.contains("lang: id\n") && !only.contains("translation_of"), "\(only)")
        let rules = t.read("Content/listings/rules.md") ?? ""
        #expect(rules.contains("aliases: [\"/rules/\", \"/listings/policy/\"]"), "a tab-indented alias list: \(rules)")
        #expect(rules.contains("[appeal](../appeals.md#how)") && rules.contains("[listing FAQ](faq.md)"), "\(rules)")
        #expect(t.read("Content/_index.md")?.contains("[listing rules](listings/rules.md)") == true)
        // Hugo's ref/relref shortcodes become links (Hugo matches the path ignoring case), and
        // a file of Hugo's static/ folder a page shows is copied.
        let appeals = t.read("Content/appeals.md") ?? ""
        #expect(appeals.contains("[listing rules](listings/rules.md#prohibited)") && appeals.contains("[questions](faq.md)"), "\(appeals)")
        #expect(appeals.contains("![The Appeal button](images/appeal-button.gif)") && t.exists("Content/images/appeal-button.gif"), "\(appeals)")
        #expect(appeals.contains("[help]({{< relref \"nowhere\" >}})"))
        #expect(report.notes.contains { $0.hasPrefix("en/appeals.md:12: Hugo ref 'nowhere' does not lead to a page") }, "\(report.notes)")
        #expect(report.assets == ["images/appeal-button.gif"])
        #expect(t.read("Content/listings/_category.yml") == "title: Listings\norder: 2\n")
        #expect(!t.exists("Content/en") && !t.exists("Content/id") && !t.exists("Content/th"), "no folder per language is left")
        #expect(report.notes.contains { $0.hasPrefix("Hugo languages: en (en/) at the top; id, th beside their originals") && $0.contains("3 translations") }, "\(report.notes)")

        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
        #expect(h.diagnostics.filter(\.isBrokenLink).isEmpty, "\(h.diagnostics)")
        let translated = h.pages.filter { $0.meta.translationOf != nil }.map { "\($0.meta.translationOf!).\($0.meta.lang)" }.sorted()
        #expect(translated == ["appeals.th", "contact.id", "rules.id"])
        let ids = Dictionary(uniqueKeysWithValues: h.pages.map { ($0.path, $0.meta.id) })
        #expect(ids["faq.md"] == "faq" && ids["listings/faq.md"] == "listings-faq", "\(ids)")
    }

    /// A corpus kept as one folder per language, its pages saying nothing of their language
    /// (mozilla/legal-docs: `en/`, `id/`, `pt-BR/` and 16 more). Imported as they were, each
    /// document was one unrelated page per language, and every page English to the build
    /// (`<html lang="en">` on the Indonesian page, searched with English stems). The site's
    /// language goes to the top and each translation beside its original; a folder that only
    /// looks like a language (`it/`, the IT team's pages, which English has not) stays as it is.
    @Test func languageNamedFoldersBecomeTranslationsBesideTheirOriginals() throws {
        let (t, report, h) = try Self.imported("language-folders")
        #expect(report.tool == .jekyll)
        #expect(report.pages.sorted() == ["acceptable-use.id.md", "acceptable-use.md", "acceptable-use.pt-br.md", "acceptable-use.th.md",
                                          "it/laptop-policy.md", "it/vpn-setup.md", "moderation/how-we-moderate.id.md",
                                          "moderation/how-we-moderate.md", "only-th.th.md"], "\(report.pages.sorted())")
        let indonesian = t.read("Content/acceptable-use.id.md") ?? ""
        #expect(indonesian.hasPrefix("---\nlang: id\ntranslation_of: acceptable-use\n---\n"), "\(indonesian)")
        #expect(indonesian.contains("[cara kami memoderasi](moderation/how-we-moderate.id.md)"), "its link follows the page it led to: \(indonesian)")
        #expect(t.read("Content/acceptable-use.pt-br.md")?.hasPrefix("---\nlang: pt-br\ntranslation_of: acceptable-use\n---\n") == true)
        let thaiOnly = t.read("Content/only-th.th.md") ?? ""
        #expect(thaiOnly.hasPrefix("---\nlang: th\n---\n"), "no original, no translation_of: \(thaiOnly)")
        let english = t.read("Content/acceptable-use.md") ?? ""
        #expect(english.contains("[how we moderate](moderation/how-we-moderate.md)") && english.contains("![How a report flows](img/flow.svg)"), "\(english)")
        #expect(report.assets == ["img/flow.svg"] && t.exists("Content/img/flow.svg"))
        #expect(t.read("Content/it/laptop-policy.md")?.contains("lang:") == false)
        #expect(!t.exists("Content/en") && !t.exists("Content/id") && !t.exists("Content/pt-BR") && !t.exists("Content/th"))
        #expect(report.notes.contains { $0.hasPrefix("languages by folder: en (en/) at the top; id, pt-br, th beside their originals") && $0.contains("4 translations linked") },
                "\(report.notes)")

        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
        #expect(h.diagnostics.filter(\.isBrokenLink).isEmpty, "\(h.diagnostics)")
        let translated = h.pages.filter { $0.meta.translationOf != nil }.map { "\($0.meta.translationOf!).\($0.meta.lang)" }.sorted()
        #expect(translated == ["acceptable-use.id", "acceptable-use.pt-br", "acceptable-use.th", "how-we-moderate.id"], "\(translated)")
        #expect(h.pages.first { $0.path == "only-th.th.md" }?.meta.lang == "th")
    }

    /// An MkDocs site translated with mkdocs-static-i18n's folder layout (`docs/en/`, `docs/th/`,
    /// `docs_structure: folder`): the default language's pages go to the top, the others beside
    /// them as page.<lang>.md with lang: and translation_of:, and the nav (written without the
    /// language folder) titles and orders the English pages. Before, every page stayed in its
    /// language's folder and was read as English.
    @Test func mkdocsLanguageFoldersBecomeTranslationsBesideTheirOriginals() throws {
        let (t, report, h) = try Self.imported("mkdocs-i18n-folders")
        #expect(report.tool == .mkdocs)
        #expect(report.pages.sorted() == ["index.md", "index.th.md", "listings/counterfeit.md", "listings/counterfeit.th.md", "listings/counterfeit.vi.md",
                                          "listings/prohibited.md", "listings/prohibited.vi.md"], "\(report.pages.sorted())")
        let thai = t.read("Content/listings/counterfeit.th.md") ?? ""
        #expect(thai.hasPrefix("---\nlang: th\ntranslation_of: counterfeit\n---\n"), "\(thai)")
        #expect(t.read("Content/index.th.md")?.contains("[สินค้าปลอม](listings/counterfeit.th.md)") == true, "a translation's link leads to the translation")
        let english = t.read("Content/listings/counterfeit.md") ?? ""
        #expect(english.hasPrefix("---\nnav_title: Counterfeit goods\norder: 2\n---\n"), "the nav's title and place: \(english)")
        #expect(t.read("Content/listings/_category.yml")?.contains("title: Listings") == true)
        // Links as the plugin serves them: the shared assets/ from the top, a page with no Thai
        // translation from the English one.
        #expect(t.read("Content/index.md")?.contains("![How a report flows](assets/report-flow.svg)") == true)
        let thaiHome = t.read("Content/index.th.md") ?? ""
        #expect(thaiHome.contains("[สินค้าต้องห้าม](listings/prohibited.md)") && thaiHome.contains("](assets/report-flow.svg)"), "\(thaiHome)")
        #expect(!report.notes.contains { $0.contains("does not lead to a file") }, "\(report.notes)")
        #expect(h.diagnostics.filter(\.isBrokenLink).isEmpty, "\(h.diagnostics)")
        #expect(!t.exists("Content/en") && !t.exists("Content/th") && !t.exists("Content/vi"))
        #expect(report.notes.contains { $0.hasPrefix("languages by folder: en (en/) at the top; th, vi beside their originals") }, "\(report.notes)")
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
        let translated = h.pages.filter { $0.meta.translationOf != nil }.map { "\($0.meta.translationOf!).\($0.meta.lang)" }.sorted()
        #expect(translated == ["counterfeit.th", "counterfeit.vi", "index.th", "prohibited.vi"], "\(translated)")
    }

    /// The plugin's older settings name the default language with `default_language:`, and a
    /// site may be written in Thai first: its Thai folder is the original, English the translation.
    /// The suffix layout (`appeals.en.md` beside `appeals.md`) follows the same default.
    @Test func mkdocsDefaultLanguageFromThePluginSettings() throws {
        let t = try TempTree([
            "site/mkdocs.yml": "site_name: คู่มือ\nplugins:\n  - i18n:\n      docs_structure: folder\n      default_language: th\n      languages:\n        th: ไทย\n        en: English\n",
            "site/docs/th/appeals.md": "# การอุทธรณ์\n\nอุทธรณ์ได้ภายในหกเดือน\n",
            "site/docs/en/appeals.md": "# Appeals\n\nAppeal within six months.\n",
            "suffix/mkdocs.yml": "site_name: คู่มือ\ntheme:\n  name: material\n  language: th\nplugins:\n  - i18n:\n      languages:\n        - locale: th\n          default: true\n        - locale: en\n",
            "suffix/docs/appeals.md": "# การอุทธรณ์\n\nอุทธรณ์ได้ภายในหกเดือน\n",
            "suffix/docs/appeals.en.md": "# Appeals\n\nAppeal within six months.\n",
            "suffix/docs/appeals.th.md": "# การอุทธรณ์ (ฉบับร่าง)\n\nร่าง\n",
        ])
        let report = try t.importDocs("site")
        #expect(report.pages.sorted() == ["appeals.en.md", "appeals.md"], "\(report.pages)")
        #expect(t.read("Content/appeals.en.md")?.hasPrefix("---\nlang: en\ntranslation_of: appeals\n---\n") == true)
        #expect(t.read("Content/appeals.md")?.contains("อุทธรณ์ได้ภายในหกเดือน") == true)

        let suffix = try t.importDocs("suffix", into: "Content2")
        #expect(suffix.pages.sorted() == ["appeals.en.md", "appeals.md", "appeals.th.md"], "\(suffix.pages)")
        #expect(t.read("Content2/appeals.en.md")?.hasPrefix("---\nlang: en\ntranslation_of: appeals\n---\n") == true)
        #expect(t.read("Content2/appeals.th.md")?.hasPrefix("---\nlang:") == false, "a page named for the site's own language is not its translation")
    }

    /// A handbook kept on GitHub links its own pages at GitHub's addresses (basecamp/handbook:
    /// 26 such links); imported as they were, each led out of the site. Links to a file of the
    /// corpus in its own repository (found from two or more such links, to pages other than a
    /// README, in one folder of it) lead to the imported page, anchor kept; links to the
    /// repository's other files and to other repositories are left as written.
    @Test func linksToTheCorpusOwnRepositoryLeadToItsPages() throws {
        let repo = "https://github.com/acme/moderation-handbook"
        let t = try TempTree([
            "site/index.md": """
                # Moderation handbook

                Read [appeals](\(repo)/blob/main/handbook/appeals.md#time-limits) and
                [strikes](https://github.com/Acme/Moderation-Handbook/tree/7f3c2e1/handbook/enforcement/strikes.md), the
                [repository's README](\(repo)/blob/main/README.md), the [scorer](\(repo)/blob/main/tools/score.py) and
                another team's [appeals](https://github.com/other/policies/blob/main/appeals.md).
                <\(repo)/blob/main/handbook/enforcement/strikes.md>
                """,
            "site/appeals.md": "# Appeals\n\n## Time limits\n\nSellers appeal within 14 days.\n",
            "site/enforcement/strikes.md": "# Strikes\n\nThree strikes in 90 days suspend the account.\n\nSee [appeals](\(repo)/blob/main/handbook/appeals.md).\n",
            "lone/index.md": "# Lone\n\nOnly [one link](https://github.com/acme/x/blob/main/docs/appeals.md) to its repository.\n",
            "lone/appeals.md": "# Appeals\n\nText.\n",
        ])
        let report = try t.importDocs("site")
        let index = t.read("Content/index.md") ?? ""
        #expect(index.contains("[appeals](appeals.md#time-limits)") && index.contains("[strikes](enforcement/strikes.md)"), "\(index)")
        #expect(index.contains("(\(repo)/blob/main/README.md)") && index.contains("(\(repo)/blob/main/tools/score.py)")
                && index.contains("(https://github.com/other/policies/blob/main/appeals.md)"), "other files and repositories are left: \(index)")
        #expect(t.read("Content/enforcement/strikes.md")?.contains("[appeals](../appeals.md)") == true)
        #expect(report.notes.contains { $0.hasPrefix("links to the corpus' own repository (github.com/acme/moderation-handbook, folder handbook/)") }, "\(report.notes)")
        let h = try Handbook.load(content: t.path("Content"), includeDrafts: true)
        #expect(h.diagnostics.filter(\.isBrokenLink).isEmpty, "\(h.diagnostics)")

        _ = try t.importDocs("lone", into: "Lone")
        #expect(t.read("Lone/index.md")?.contains("(https://github.com/acme/x/blob/main/docs/appeals.md)") == true, "one link is not enough to tell")
    }

    /// In a git checkout whose remote is the repository, one link is enough: the caller
    /// (`casebook import-docs`, through libgit2) says which repository the corpus is in and
    /// where its docs folder is.
    @Test func theCheckoutsRemoteNamesTheOwnRepository() throws {
        let t = try TempTree([
            "repo/docs/index.md": "# Handbook\n\nSee [appeals](https://github.com/acme/handbook/blob/main/docs/appeals.md#deadline).\n",
            "repo/docs/appeals.md": "# Appeals\n\n## Deadline\n\n14 days.\n",
        ])
        let checkout = DocsImport.Checkout(root: t.path("repo"), remoteURLs: ["git@github.com:Acme/handbook.git"])
        let report = try DocsImport.run(source: t.path("repo/docs"), destination: t.path("Content"), tool: nil, checkout: checkout)
        #expect(t.read("Content/index.md")?.contains("[appeals](appeals.md#deadline)") == true, "\(t.read("Content/index.md") ?? "")")
        #expect(report.notes.contains { $0.contains("(github.com/acme/handbook, folder docs/)") }, "\(report.notes)")
        _ = try t.importDocs("repo/docs", into: "Plain")
        #expect(t.read("Plain/index.md")?.contains("(https://github.com/acme/handbook/blob/main/docs/appeals.md#deadline)") == true,
                "without the checkout one link tells nothing")
    }

    @Test func remoteURLsAsRepositoryAddresses() {
        #expect(Importer.repositoryAddress(ofRemote: "https://github.com/Acme/Handbook.git") == "github.com/acme/handbook")
        #expect(Importer.repositoryAddress(ofRemote: "git@github.com:acme/handbook.git") == "github.com/acme/handbook")
        #expect(Importer.repositoryAddress(ofRemote: "ssh://git@github.com:22/acme/handbook") == "github.com/acme/handbook")
        #expect(Importer.repositoryAddress(ofRemote: "https://token@gitlab.com/trust/policies/handbook.git") == "gitlab.com/trust/policies/handbook")
        #expect(Importer.repositoryAddress(ofRemote: "/srv/mirrors/handbook.git") == nil)
        #expect(Importer.repositoryAddress(ofRemote: "https://git.example.com/acme/handbook.git") == nil)
    }

    @Test func repositoryFileAddresses() {
        typealias L = Importer.RepositoryFileLink
        #expect(Importer.repositoryFileLink("https://github.com/Acme/Hb/blob/main/docs/a%20b.md#x") == L(repository: "github.com/acme/hb", path: "docs/a b.md", anchor: "#x"))
        #expect(Importer.repositoryFileLink("https://raw.githubusercontent.com/acme/hb/main/img/flow.png") == L(repository: "github.com/acme/hb", path: "img/flow.png", anchor: ""))
        #expect(Importer.repositoryFileLink("https://gitlab.com/trust/policies/handbook/-/blob/main/appeals.md") == L(repository: "gitlab.com/trust/policies/handbook", path: "appeals.md", anchor: ""))
        #expect(Importer.repositoryFileLink("https://github.com/acme/hb/issues/4") == nil)
        #expect(Importer.repositoryFileLink("https://github.com/acme/hb") == nil)
        #expect(Importer.repositoryFileLink("https://example.com/acme/hb/blob/main/a.md") == nil)
    }

    /// A Jekyll site that names its language with a region (`lang: en-US`) keeps its English
    /// in `en/`: the same language, so the folders are still moved.
    @Test func aSiteLanguageWithARegionFindsItsFolder() throws {
        let t = try TempTree([
            "site/_config.yml": "title: Policies\nlang: en-US\n",
            "site/en/appeals.md": "# Appeals\n\nAppeal within six months.\n",
            "site/fr/appeals.md": "# Recours\n\nFaites appel dans les six mois.\n",
        ])
        let report = try t.importDocs("site")
        #expect(report.pages.sorted() == ["appeals.fr.md", "appeals.md"], "\(report.pages)")
        #expect(t.read("Content/appeals.fr.md")?.hasPrefix("---\nlang: fr\ntranslation_of: appeals\n---\n") == true)
    }

    /// A translation beside its original, named for its language and saying nothing of it
    /// (mkdocs-static-i18n's default layout): it was a second page, English to the build. A
    /// suffix that is no language, a page with no original, and one that says its language
    /// are left as they are.
    @Test func translationsNamedForTheirLanguageAreLinkedToTheirOriginals() throws {
        let t = try TempTree([
            "site/mkdocs.yml": "site_name: Safety\nplugins:\n  - i18n:\n      docs_structure: suffix\n",
            "site/docs/appeals.md": "# Appeals\n\nAppeal within six months.\n",
            "site/docs/appeals.th.md": "# การอุทธรณ์\n\nอุทธรณ์ภายในหกเดือน\n",
            "site/docs/rules/index.md": "# Rules\n\nNo harassment.\n",
            "site/docs/rules/index.pt-BR.md": "# Regras\n\nSem assédio.\n",
            "site/docs/notes.it.md": "# Notes for the IT team\n",
            "site/docs/setup.v2.md": "# Setup, second version\n",
            "site/docs/setup.md": "# Setup\n",
            "site/docs/faq.md": "# FAQ\n",
            "site/docs/faq.id.md": "---\nlang: ms\n---\n# Soalan lazim\n",
        ])
        let report = try t.importDocs("site")
        #expect(report.tool == .mkdocs)
        #expect(t.read("Content/appeals.th.md")?.hasPrefix("---\nlang: th\ntranslation_of: appeals\n---\n") == true, "\(t.read("Content/appeals.th.md") ?? "")")
        #expect(t.read("Content/rules/index.pt-BR.md")?.hasPrefix("---\nlang: pt-br\ntranslation_of: rules\n---\n") == true, "\(report.pages)")
        #expect(t.read("Content/notes.it.md")?.contains("lang:") == false)
        #expect(t.read("Content/setup.v2.md")?.contains("lang:") == false)
        #expect(t.read("Content/faq.id.md")?.contains("translation_of") == false, "it says its language: as written")
        #expect(report.notes.contains { $0.hasPrefix("translations named for their language (page.<lang>.md beside page.md): pt-br, th; 2 linked") }, "\(report.notes)")
        let h = try Handbook.load(content: t.path("Content"))
        let translated = h.pages.filter { $0.meta.translationOf != nil }.map { "\($0.meta.translationOf!).\($0.meta.lang)" }.sorted()
        #expect(translated == ["appeals.th", "rules.pt-br"], "\(translated)")
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
    }

    /// Language tags a folder of translations is named by, and names that only look like one.
    @Test func languageFolderNames() {
        #expect(LanguageFolders.tag("id") == "id" && LanguageFolders.tag("pt-BR") == "pt-br" && LanguageFolders.tag("zh_CN") == "zh-cn")
        #expect(LanguageFolders.tag("zh-Hans") == "zh-hans" && LanguageFolders.tag("es-419") == "es-419")
        for name in ["api", "docs", "xx", "en-", "pt-BRA", "e1", "faq", "en-US-x"] { #expect(LanguageFolders.tag(name) == nil, "\(name)") }
    }

    @Test func mkdocsNavGivesCategoriesTitlesAndOrder() throws {
        let (t, report, h) = try Self.imported("mkdocs")
        #expect(report.tool == .mkdocs && report.basePath == "/safety")
        #expect(report.assets == ["img/logo.svg"])
        #expect(t.read("Content/harassment/_category.yml") == "title: Harassment and threats\norder: 2\n")
        #expect(t.read("Content/privacy/_category.yml") == "title: Privacy\norder: 3\n")
        let threats = t.read("Content/harassment/threats.md") ?? ""
        // Pages numbered in the nav's reading order (Home 1, Overview 2, Threats 3, doxxing 4).
        #expect(threats.hasPrefix("---\ntitle: Threats of violence\nnav_title: Threats\nsummary: Credible threats and how to escalate them.\norder: 3\ntags: [violence]\n---\n"), "\(threats)")
        #expect(threats.contains("[privacy](../privacy/doxxing.md)"))
        #expect(t.read("Content/privacy/doxxing.md")?.hasPrefix("---\norder: 4\n---\n") == true)
        // MkDocs' admonitions were code blocks; they are quoted blocks with a bold title,
        // their links converted too, and a box inside fenced code stays as written.
        #expect(threats.contains("""
            > **Escalate the same shift**
            > A credible threat goes to the safety lead before the shift ends.
            >
            > Keep the [privacy](../privacy/doxxing.md) rules in mind.

            > **Note**
            > Threats in a live stream are clipped first.
            """), "\(threats)")
        #expect(threats.contains("```text\n!!! not a box inside code\n    stays as written\n```"))
        #expect(report.admonitions == 2)
        let page = try #require(h.rendered["harassment/threats.md"]?.html)
        #expect(page.contains("<blockquote>\n<p><strong>Escalate the same shift</strong>"), "\(page)")
        #expect(report.notes.contains { $0.contains("'hide'") })
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
    }

    /// A nested nav section whose pages sit in its parent's folder does not retitle it
    /// (mkdocs-material's "Insiders" folder came in as "Changelog", placed third); the folders
    /// of a section without a folder of its own are placed where that section is, not first.
    /// A folder's `index.md` of front matter only (a redirect page) that a page links to is a
    /// page listing the folder, not gone with its links noted as leading nowhere.
    /// pydantic's nav puts several sections' pages in one folder (api/: "Pydantic", "Pydantic
    /// Core", ...): each section numbered its pages from 1, so the folder's pages interleaved
    /// (BaseModel, Color, pydantic_core, ...). And a section or page titled "" gave `title: ""`.
    @Test func mkdocsSectionsSharingAFolderKeepTheNavsOrder() throws {
        let t = try TempTree()
        try t.write("site/mkdocs.yml", """
            site_name: Handbook
            nav:
              - Home: index.md
              - API:
                - "": api/index.md
                - Models:
                  - api/base.md
                  - api/root.md
                - Core:
                  - api/core.md
                  - api/schema.md
              - "":
                - tutorial/index.md
                - tutorial/first-steps.md
            """)
        try t.write("site/docs/tutorial/index.md", "# Tutorial - User Guide { #tutorial-user-guide }\n\nText.\n")
        try t.write("site/docs/tutorial/first-steps.md", "# First steps\n\nText.\n")
        try t.write("site/docs/index.md", "# Home\n\nText.\n")
        try t.write("site/docs/api/index.md", "# API reference\n\nText.\n")
        for name in ["base", "root", "core", "schema"] { try t.write("site/docs/api/\(name).md", "# \(name)\n\nText.\n") }
        _ = try t.importDocs("site")
        let orders = try ["base", "root", "core", "schema"].map { name -> Int in
            let page = try #require(t.read("Content/api/\(name).md"))
            return Int(page.split(separator: "\n").first { $0.hasPrefix("order: ") }?.dropFirst(7) ?? "") ?? 0
        }
        #expect(orders == orders.sorted() && Set(orders).count == 4, "\(orders)")
        #expect(t.read("Content/api/index.md")?.contains("title: \"\"") == false, "\(t.read("Content/api/index.md") ?? "")")
        #expect(t.read("Content/api/_category.yml")?.contains("title: API") == true, "\(t.read("Content/api/_category.yml") ?? "")")
        // A section titled "" is named by its folder's index page (Material's navigation.indexes).
        #expect(t.read("Content/tutorial/_category.yml")?.hasPrefix("title: Tutorial - User Guide\n") == true, "\(t.read("Content/tutorial/_category.yml") ?? "none")")
    }

    @Test func mkdocsNestedSectionsAndFrontMatterOnlyIndexes() throws {
        let t = try TempTree()
        try t.write("site/mkdocs.yml", """
            site_name: T&S handbook
            nav:
              - Home: index.md
              - Vendors:
                - vendors/index.md
                - Onboarding: vendors/onboarding.md
                - Changelog:
                  - vendors/changelog/index.md
                  - How to upgrade: vendors/upgrade.md
              - Appeals:
                - appeals/index.md
                - How to appeal: appeals/how-to-appeal.md
              - Community:
                - Reporting:
                  - reporting/bug.md
                - Guides:
                  - guides/start.md
            """)
        try t.write("site/docs/index.md", "# Home\n\nStart with [appeals](appeals/index.md).\n")
        try t.write("site/docs/vendors/index.md", "# Vendors\n\nText.\n")
        try t.write("site/docs/vendors/onboarding.md", "# Onboarding\n\nText.\n")
        try t.write("site/docs/vendors/upgrade.md", "# Upgrade\n\nText.\n")
        try t.write("site/docs/vendors/changelog/index.md", "# Changelog\n\nText.\n")
        try t.write("site/docs/appeals/index.md", "---\ntemplate: redirect.html\nlocation: how-to-appeal/\n---\n")
        try t.write("site/docs/appeals/how-to-appeal.md", "# How to appeal\n\nWrite to us.\n")
        try t.write("site/docs/reporting/bug.md", "# Report a bug\n\nText.\n")
        try t.write("site/docs/guides/start.md", "# Start\n\nText.\n")
        let report = try t.importDocs("site")
        #expect(t.read("Content/vendors/_category.yml") == "title: Vendors\norder: 2\n")
        #expect(t.read("Content/appeals/_category.yml") == "title: Appeals\norder: 3\n")
        #expect(t.read("Content/reporting/_category.yml") == "title: Reporting\norder: 4\n")
        #expect(t.read("Content/guides/_category.yml") == "title: Guides\norder: 4\n")
        #expect(!report.notes.contains { $0.contains("does not lead to a file of the corpus") }, "\(report.notes)")
        #expect(t.read("Content/appeals/index.md")?.contains("how-to-appeal.md") == true, "\(t.read("Content/appeals/index.md") ?? "none")")
        let h = try Handbook.load(content: t.path("Content"))
        #expect(!h.diagnostics.contains { $0.isBrokenLink }, "\(h.diagnostics)")
    }

    /// pymdownx.blocks, the syntax fastapi writes all its boxes and tabs in (885 marker lines
    /// in its English docs): the markers were paragraphs of slashes and the boxes' text was not
    /// set apart. Boxes are quoted with their title, tabs unfolded, blocks inside blocks too.
    @Test func mkdocsBlocksBecomeQuotedBoxesAndUnfoldedTabs() throws {
        let t = try TempTree()
        try t.write("site/mkdocs.yml", "site_name: Handbook\nmarkdown_extensions:\n  - pymdownx.blocks.admonition\n  - pymdownx.blocks.details\n  - pymdownx.blocks.tab\n")
        try t.write("site/docs/appeals.md", """
            # Appeals

            /// note | Technical Details

            The appeal goes to the **second** reviewer.

            ///

            //// tab | Marketplace

            Reply within 24 hours.

            /// warning
                type: danger

            Never promise an outcome.

            ///

            ////

            //// tab | Live

            Reply within 1 hour.

            ////

            /// details | Why
            Because.
            ///

            ```
            /// note | in code
            ///
            ```
            """)
        let report = try t.importDocs("site")
        let page = try #require(t.read("Content/appeals.md"))
        #expect(page.contains("> **Technical Details**\n>\n> The appeal goes to the **second** reviewer.\n>\n"), "\(page)")
        #expect(page.contains("**Marketplace**\n\nReply within 24 hours.\n\n> **Warning**\n>\n>\n> Never promise an outcome."), "\(page)")
        #expect(page.contains("**Live**\n\nReply within 1 hour."), "\(page)")
        #expect(page.contains("> **Why**\n> Because.\n"), "\(page)")
        #expect(page.contains("```\n/// note | in code\n///\n```"), "fenced code is left: \(page)")
        #expect(!page.contains("\n////") && !page.contains("\n///\n\n"), "\(page)")
        #expect(report.admonitions == 3 && report.tabs == 2, "\(report.admonitions) \(report.tabs)")
        let h = try Handbook.load(content: t.path("Content"))
        let html = try #require(h.rendered["appeals.md"]).html
        #expect(html.contains("<blockquote>") && !html.contains("<p>///"), "\(html)")
    }

    /// Boxes and tabs in a list item, indented as its text (pydantic's validators page): the
    /// markers were text and the bodies, indented eight spaces, code blocks showing the
    /// example's Markdown. They are converted in place, keeping the item's indentation.
    @Test func mkdocsBoxesAndTabsInListItems() throws {
        let t = try TempTree()
        try t.write("site/mkdocs.yml", "site_name: Handbook\nmarkdown_extensions:\n  - admonition\n  - pymdownx.tabbed\n")
        try t.write("site/docs/steps.md", """
            # Steps

            1. Check the seller.

                !!! warning "Before you remove"
                    Read the [appeal rules](appeals.md).

            2. Pick the market.

                === "Thailand"

                    Report to the TH team.

                === "Indonesia"

                    Report to the ID team.
            """)
        try t.write("site/docs/appeals.md", "# Appeals\n\nText.\n")
        let report = try t.importDocs("site")
        let page = try #require(t.read("Content/steps.md"))
        #expect(page.contains("    > **Before you remove**\n    > Read the [appeal rules](appeals.md).\n"), "\(page)")
        #expect(page.contains("    **Thailand**\n\n    Report to the TH team.\n\n    **Indonesia**\n\n    Report to the ID team."), "\(page)")
        #expect(report.admonitions == 1 && report.tabs == 2, "\(report.admonitions) \(report.tabs)")
        let h = try Handbook.load(content: t.path("Content"))
        let html = try #require(h.rendered["steps.md"]).html
        #expect(!html.contains("<pre") && !html.contains("!!!") && !html.contains("==="), "\(html)")
    }

    /// MkDocs Material's captioned pictures (`<figure markdown="span">`, the picture indented):
    /// the picture showed as the text of its Markdown. It is unwrapped, unindented, without
    /// the attribute list sizing it, its caption in italics.
    @Test func mkdocsFiguresBecomePicturesWithCaptions() throws {
        let t = try TempTree()
        try t.write("site/mkdocs.yml", "site_name: Handbook\nmarkdown_extensions:\n  - md_in_html\n  - attr_list\n")
        try t.write("site/docs/flow.md", """
            # Flow

            <figure markdown="span">
              ![How a report flows](img/flow.png){ width="500" }
              <figcaption>How a report flows</figcaption>
            </figure>
            """)
        try t.write("site/docs/img/flow.png", "PNG")
        _ = try t.importDocs("site")
        let page = try #require(t.read("Content/flow.md"))
        #expect(page.contains("\n![How a report flows](img/flow.png)\n*How a report flows*\n"), "\(page)")
        #expect(!page.contains("<figure"), "\(page)")
        let h = try Handbook.load(content: t.path("Content"))
        let html = try #require(h.rendered["flow.md"]).html
        #expect(html.contains("<img") && html.contains("flow.png") && !html.contains("![How"), "\(html)")
    }

    /// mkdocstrings' API pages (`::: pydantic.config` and its options) and autorefs'
    /// references (`[`BaseModel`][pydantic.BaseModel]`) showed as text, with no note.
    @Test func mkdocstringsBlocksAndReferencesAreNamedAndNoted() throws {
        let t = try TempTree()
        try t.write("site/mkdocs.yml", "site_name: Handbook\nplugins:\n  - search\n  - mkdocstrings:\n      handlers:\n        python: {}\n")
        try t.write("site/docs/api/config.md", "# Config\n\n::: pydantic.config\n    options:\n      members:\n        - ConfigDict\n\nAfter.\n")
        try t.write("site/docs/models.md", """
            # Models

            Subclass [`BaseModel`][pydantic.BaseModel] or see [the docs][docs] and [x][pydantic.y.Z].

            `[a][b.c]` in code stays.

            [docs]: https://example.org/docs
            """)
        let report = try t.importDocs("site")
        let api = try #require(t.read("Content/api/config.md"))
        #expect(api.contains("*API reference for `pydantic.config`: generated from the code by mkdocstrings, not imported.*\n\n\n\n\nAfter."), "\(api)")
        let models = try #require(t.read("Content/models.md"))
        #expect(models.contains("Subclass `BaseModel` or see [the docs][docs] and x."), "\(models)")
        #expect(models.contains("`[a][b.c]` in code stays."))
        #expect(report.notes.contains { $0.hasPrefix("api/config.md:3: mkdocstrings' API blocks") }, "\(report.notes)")
        #expect(report.notes.contains { $0.hasPrefix("models.md:3: autorefs' cross-references") }, "\(report.notes)")
    }

    /// fastapi keeps an MkDocs project per language (docs/en, docs/de, ...): importing the
    /// English one left 1,500 translated pages beside it without a word.
    @Test func mkdocsProjectsOfOtherLanguagesBesideAreNoted() throws {
        let t = try TempTree()
        try t.write("docs/en/mkdocs.yml", "site_name: Handbook\n")
        try t.write("docs/en/docs/index.md", "# Home\n\nText.\n")
        try t.write("docs/de/mkdocs.yml", "INHERIT: ../en/mkdocs.yml\n")
        try t.write("docs/de/docs/index.md", "# Start\n\nText.\n")
        try t.write("docs/ja/docs/index.md", "# ホーム\n\nText.\n")
        try t.write("docs/missing-translation/docs/index.md", "# x\n")
        let report = try t.importDocs("docs/en")
        #expect(report.notes.contains { $0.contains("2 more language projects beside this one (de, ja) were not imported") }, "\(report.notes)")
        let alone = try TempTree(["site/mkdocs.yml": "site_name: H\n", "site/docs/index.md": "# Home\n"])
        #expect(!(try alone.importDocs("site")).notes.contains { $0.contains("language project") })
    }

    /// MkDocs Material's inline syntax, turned on in mkdocs.yml, was shown as written
    /// (`++ctrl+alt+del++`, `==text==`, `:material-check:{ .lg }`; mkdocs-material's own docs
    /// hold 435 icons): keys, marks, super- and subscripts become the HTML Casebook renders,
    /// icons are left out (a check or a cross kept as ✓ and ✗), common emoji shortcodes become
    /// emoji. Code is left alone, and a corpus that does not turn an extension on keeps its text.
    @Test func mkdocsMaterialKeysMarksAndIconsFollowTheExtensionsTurnedOn() throws {
        let t = try TempTree()
        try t.write("site/mkdocs.yml", """
            site_name: Handbook
            markdown_extensions:
              - admonition
              - pymdownx.keys
              - pymdownx.mark
              - pymdownx.caret
              - pymdownx.tilde
              - pymdownx.arithmatex:
                  generic: true
              - pymdownx.emoji:
                  emoji_index: !!python/name:material.extensions.emoji.twemoji
            """)
        try t.write("site/docs/keys.md", """
            # Shortcuts

            Press ++ctrl+alt+del++ or ++cmd+"Escalate"++ then ++enter++; C++ and a++b stay.
            ==Check the seller first== but a == b stays; ^^new^^ and H~2~O and x^2^.
            :material-clock-fast:{ .lg .middle } Fast | :material-check: | :material-close: | :warning: :no_such_emoji:
            At 12:30:45 nothing changes, nor does $a^2+b^2$ or $$c^2+d^2$$.

            $$
            \\sum_{k=0}^{\\infty}\\frac{(-1)^k}{2}
            $$

            `++ctrl++ and ==x== and :material-check:` in code stay.

            ```
            ++ctrl+c++ ==x== :material-check:
            ```

            See [~/.bashrc](~/.bashrc), <https://example.com/~alice/notes~v2.txt>, https://x.example/~a/b~c and
            <a href="https://x.example/~alice/a~b">home</a>; math \\(x^2^ + y~1~\\) stays.
            [:fontawesome-brands-github:](https://github.com/example)

            <pre>
            ssh ~user@host:~/dir~ ==x==
            </pre>
            """)
        try t.write("plain/mkdocs.yml", "site_name: Plain\n")
        try t.write("plain/docs/keys.md", "# Shortcuts\n\nPress ++ctrl+c++ and ==x== and :material-check:.\n")
        let report = try t.importDocs("site")
        let page = try #require(t.read("Content/keys.md"))
        #expect(page.contains("Press <kbd>Ctrl</kbd>+<kbd>Alt</kbd>+<kbd>Del</kbd> or <kbd>Cmd</kbd>+<kbd>Escalate</kbd> then <kbd>Enter</kbd>; C++ and a++b stay."), "\(page)")
        #expect(page.contains("<mark>Check the seller first</mark> but a == b stays; <ins>new</ins> and H<sub>2</sub>O and x<sup>2</sup>."), "\(page)")
        #expect(page.contains("\n Fast | ✓ | ✗ | ⚠️ :no_such_emoji:\n"), "\(page)")
        #expect(page.contains("At 12:30:45 nothing changes, nor does $a^2+b^2$ or $$c^2+d^2$$."), "\(page)")
        #expect(page.contains("\\sum_{k=0}^{\\infty}\\frac{(-1)^k}{2}"), "\(page)")
        #expect(page.contains("`++ctrl++ and ==x== and :material-check:` in code stay."))
        #expect(page.contains("```\n++ctrl+c++ ==x== :material-check:\n```"))
        // Addresses, HTML, <pre> and \\(...\\) math are left as written; an icon that is a link's
        // whole text becomes its name (the link was left empty).
        #expect(page.contains("See [~/.bashrc](~/.bashrc), <https://example.com/~alice/notes~v2.txt>, https://x.example/~a/b~c and"), "\(page)")
        #expect(page.contains("<a href=\"https://x.example/~alice/a~b\">home</a>; math \\(x^2^ + y~1~\\) stays."), "\(page)")
        #expect(page.contains("[Github](https://github.com/example)"), "\(page)")
        #expect(page.contains("<pre>\nssh ~user@host:~/dir~ ==x==\n</pre>"), "\(page)")
        #expect(report.inlineMarks == 7 && report.icons == 4 && report.emoji == 1, "\(report.inlineMarks) \(report.icons) \(report.emoji)")
        let plain = try t.importDocs("plain", into: "Plain")
        #expect(t.read("Plain/keys.md")?.contains("Press ++ctrl+c++ and ==x== and :material-check:.") == true)
        #expect(plain.inlineMarks == 0 && plain.icons == 0)
        // What the build shows: the keys as keys, nothing of the icons' markup.
        let h = try Handbook.load(content: t.path("Content"))
        let html = try #require(h.rendered["keys.md"]).html
        #expect(html.contains("<kbd>Ctrl</kbd>+<kbd>Alt</kbd>+<kbd>Del</kbd>") && html.contains("<mark>Check the seller first</mark>"), "\(html)")
        #expect(!html.contains("material-clock-fast") && !html.contains(".lg .middle"))
    }

    /// Docusaurus' sidebars give the pages their order and the categories their labels, read
    /// as data (never run): prettier's 24 docs (website/sidebars.json) came in alphabetical,
    /// its introduction second to last. A category whose pages share a folder titles it; pages
    /// follow the sidebar across categories that are no folders.
    @Test func docusaurusSidebarsGiveOrderAndLabels() throws {
        let t = try TempTree()
        try t.write("site/docusaurus.config.js", "module.exports = { title: 'Handbook' };\n")
        try t.write("site/sidebars.js", """
            // Plain data; nothing here is run.
            const sidebars = 0;
            module.exports = {
              docs: [
                'intro',
                {type: 'category', label: 'Enforcement', link: {type: 'doc', id: 'enforcement/overview'},
                 items: ['enforcement/strikes', {type: 'doc', id: 'enforcement/appeals', label: 'Appeals (how to)'}]},
                {type: 'category', label: 'Usage', items: ['zebra', 'apple']},
                {type: 'link', label: 'Status', href: 'https://status.example.com'},
              ],
            };
            """)
        try t.write("site/docs/intro.md", "---\ntitle: What is this?\n---\nText.\n")
        try t.write("site/docs/zebra.md", "# Zebra\n\nText.\n")
        try t.write("site/docs/apple.md", "# Apple\n\nText.\n")
        try t.write("site/docs/enforcement/overview.md", "# Overview\n\nText.\n")
        try t.write("site/docs/enforcement/01-strikes.md", "# Strikes\n\nText.\n")
        try t.write("site/docs/enforcement/appeals.md", "---\nid: appeals\n---\n# Appeals\n\nText.\n")
        let report = try t.importDocs("site")
        #expect(report.notes.contains("sidebars.js: read for the pages' order and the categories' labels (6 pages placed), not copied"), "\(report.notes)")
        #expect(t.read("Content/enforcement/_category.yml") == "title: Enforcement\norder: 2\n")
        let h = try Handbook.load(content: t.path("Content"))
        let top = h.pages.filter { $0.category.isEmpty }.sorted { ($0.meta.order ?? .max, $0.title) < ($1.meta.order ?? .max, $1.title) }
        #expect(top.map(\.title) == ["What is this?", "Zebra", "Apple"])
        let enforcement = h.pages.filter { $0.category == "enforcement" }.sorted { ($0.meta.order ?? .max, $0.title) < ($1.meta.order ?? .max, $1.title) }
        #expect(enforcement.map(\.title) == ["Overview", "Strikes", "Appeals"])
        #expect(h.page(id: "appeals")?.meta.navTitle == "Appeals (how to)")
        // The same sidebar as JSON (prettier's website/sidebars.json).
        let j = try TempTree()
        try j.write("site/website/docusaurus.config.js", "module.exports = {};\n")
        try j.write("site/website/sidebars.json", "{\"docs\": {\"About\": [\"zebra\", \"apple\"]}}\n")
        try j.write("site/docs/zebra.md", "# Zebra\n\nText.\n")
        try j.write("site/docs/apple.md", "# Apple\n\nText.\n")
        _ = try j.importDocs("site")
        #expect(j.read("Content/zebra.md")?.contains("order: 1") == true && j.read("Content/apple.md")?.contains("order: 2") == true, "\(j.read("Content/zebra.md") ?? "")")
    }

    @Test func docusaurusCategoryJSONAndMDX() throws {
        let (t, report, h) = try Self.imported("docusaurus")
        #expect(report.tool == .docusaurus && report.basePath == "/docs")
        #expect(report.pages.sorted() == ["03-reports/01-how-to-report.id.md", "03-reports/01-how-to-report.md", "intro.id.md", "intro.md",
                                          "only-here.id.md", "scams/advance-fee.md", "scams/phishing.id.md", "scams/phishing.md",
                                          "scams/romance.id.md", "scams/romance.md"])
        // Docusaurus addresses: slugs, and ids and folders with their number prefixes dropped.
        let intro = t.read("Content/intro.md") ?? ""
        #expect(intro.contains("[advance-fee fraud](scams/advance-fee.md#signals)"), "\(intro)")
        #expect(intro.contains("[how to report](03-reports/01-how-to-report.md)"), "\(intro)")
        #expect(t.read("Content/03-reports/01-how-to-report.md")?.hasPrefix("---\nid: how-to-report\norder: 1\n---\n") == true)
        #expect(t.read("Content/03-reports/01-how-to-report.md")?.contains("[the phishing guide](../scams/phishing.md)") == true, ".mdx links follow the page to .md")
        #expect(t.read("Content/scams/_category.yml") == "title: \"Scams & fraud\"\nsummary: How to judge scams.\norder: 2\n")
        let phishing = t.read("Content/scams/phishing.md") ?? ""
        #expect(phishing.hasPrefix("---\nid: phishing\ntitle: Phishing\nnav_title: Phishing links\nsummary: Messages that ask for passwords.\norder: 1\ntags: [phishing, credentials]\n---\n"), "\(phishing)")
        #expect(t.read("Content/intro.md")?.contains("[the scams section](scams/phishing.md)") == true)
        let fee = t.read("Content/scams/advance-fee.md") ?? ""
        #expect(fee.hasPrefix("---\nid: advance-fee-fraud\norder: 3\ntags: [fraud]\n---\n"), "\(fee)")
        #expect(fee.contains("[phishing](phishing.md)"))
        #expect(fee.contains("> **Ask for the order number**\n> A real buyer has one.\n\n"), "\(fee)")
        #expect(fee.contains("> **Danger**\n> Never pay a fee to release a payout.\n"), "\(fee)")
        #expect(!fee.contains(":::"))
        #expect(report.notes.contains { $0.hasPrefix("scams/phishing.mdx: MDX") })
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
        #expect(h.page(id: "advance-fee-fraud") != nil)
        // Translations in i18n/<locale>/docusaurus-plugin-content-docs/current/ come in beside
        // their originals, as pages of their own (the original's id would clash) linking as
        // their originals do.
        let introID = t.read("Content/intro.id.md") ?? ""
        #expect(introID.contains("lang: id\ntranslation_of: intro\n"), "\(introID)")
        #expect(introID.contains("[bagian penipuan](scams/phishing.md)") && introID.contains("[penipuan biaya di muka](scams/advance-fee.md#signals)"), "\(introID)")
        let phishingID = t.read("Content/scams/phishing.id.md") ?? ""
        #expect(phishingID.hasPrefix("---\nid: phishing-id\n") && phishingID.contains("lang: id\ntranslation_of: phishing\n"), "\(phishingID)")
        #expect(phishingID.contains("[cara melapor](../03-reports/01-how-to-report.md)"), "\(phishingID)")
        let reportID = t.read("Content/03-reports/01-how-to-report.id.md") ?? ""
        #expect(reportID.hasPrefix("---\nid: how-to-report-id\n") && reportID.contains("translation_of: how-to-report\n"), "\(reportID)")
        #expect(t.read("Content/only-here.id.md")?.contains("translation_of") == false)
        // A translation that writes its original's id (`id: romance`) beside an original
        // without one: the original keeps its file name's id.
        #expect(t.read("Content/scams/romance.id.md")?.hasPrefix("---\nid: romance-id\n") == true)
        #expect(t.read("Content/scams/romance.id.md")?.contains("translation_of: romance\n") == true)
        #expect(report.notes.contains { $0.hasPrefix("../i18n/id/docusaurus-plugin-content-docs/current/scams/phishing.mdx: MDX") && $0.hasSuffix("written as scams/phishing.id.md") }, "\(report.notes)")
        #expect(report.notes.contains { $0.hasPrefix("Docusaurus translations (i18n/): 5 pages") && $0.contains("4 linked") }, "\(report.notes)")
        let translated = h.pages.filter { $0.meta.translationOf != nil }.map { "\($0.meta.translationOf!).\($0.meta.lang)" }.sorted()
        #expect(translated == ["how-to-report.id", "intro.id", "phishing.id", "romance.id"])
        #expect(!h.diagnostics.contains { $0.message.contains("translation_of") && $0.severity == .error }, "\(h.diagnostics)")
    }

    @Test func jekyllAndGitHubDocsFrontMatter() throws {
        let (t, report, h) = try Self.imported("jekyll")
        #expect(report.tool == .jekyll && report.basePath == "/community")
        #expect(!report.pages.contains { $0.hasPrefix("_layouts") } && !report.assets.contains { $0.hasPrefix("_") })
        let hate = t.read("Content/guidelines/hate-speech.md") ?? ""
        #expect(hate.hasPrefix("---\ntitle: Hate speech\nnav_title: Hate\naliases: [\"/articles/hate/\", \"/hate-speech.html\"]\n---\n"), "\(hate)")
        #expect(hate.contains("{% data reusables.policy.intro %}"), "shortcodes stay as text")
        #expect(t.read("Content/guidelines/spam.md")?.contains("status: draft") == true)
        #expect(t.read("Content/index.md")?.contains("[hate speech](guidelines/hate-speech.md)") == true)
        #expect(t.read("Content/index.md")?.contains("[spam](guidelines/spam.md)") == true)
        #expect(t.read("Content/index.md")?.contains("[its permalink](guidelines/hate-speech.md)") == true, "a link to a permalink")
        #expect(report.notes.filter { $0.contains("shortcode '{% data %}'") }.count == 1)
        #expect(report.notes.contains { $0.contains("'permalink'") } && report.notes.contains { $0.contains("'versions'") })
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
        #expect(h.redirects.map(\.path).sorted() == ["articles/hate/index.html", "hate-speech.html"])
    }

    @Test func gitHubDocsChildrenGiveTheOrder() throws {
        #expect(DocsTool.detect(Self.fixture("githubdocs")) == .jekyll)
        let (t, report, h) = try Self.imported("githubdocs")
        #expect(report.docsFolder.hasSuffix("githubdocs/content"))
        #expect(t.read("Content/policies/_category.yml") == "title: Acceptable use\nsummary: What you may and may not post.\norder: 1\n")
        let spam = t.read("Content/policies/spam.md") ?? ""
        #expect(spam.hasPrefix("---\ntitle: Spam and inauthentic activity\nnav_title: Spam\norder: 1\n---\n"), "\(spam)")
        #expect(spam.contains("[harassment](harassment.md#targeted-abuse)"))
        let harassment = t.read("Content/policies/harassment.md") ?? ""
        #expect(harassment.hasPrefix("---\ntitle: Harassment and abuse\nnav_title: Harassment\nsummary: Targeted abuse of other users.\norder: 2\naliases: [\"/articles/harassment\"]\n---\n"), "\(harassment)")
        #expect(report.notes.contains { $0.contains("'versions'") && $0.contains("(2 files)") })
        #expect(!report.notes.contains { $0.contains("'children'") })
        #expect(report.pages.sorted() == ["policies/harassment.md", "policies/spam.md"], "index.md files of front matter only become _category.yml")
        #expect(!h.diagnostics.contains { $0.message.contains("no content") })
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
    }

    /// github/site-policy: GitHub Docs articles in a repository of their own, no `content/`
    /// and no configuration file; the pages sit in `Policies/` beside the repository's README
    /// and are linked as `/site-policy/...`, renamed pages by their old addresses.
    static let articleRepository: [String: String] = [
        "README.md": "# About this repository\n",
        "CONTRIBUTING.md": "# Contributing\n",
        "Policies/terms/terms-of-service.md": """
        ---
        title: Terms of service
        versions:
          fpt: '*'
        ---
        See the [acceptable use policies](/site-policy/acceptable-use/acceptable-use-policies#spam),
        [privacy](/github/site-policy/github-privacy-statement#cookies), [spam](/site-policy/acceptable-use/acceptable-use-policies)
        and [billing](/billing/plans).
        """,
        "Policies/acceptable-use/acceptable-use-policies.md": """
        ---
        title: Acceptable use policies
        versions:
          fpt: '*'
        ---
        ## Spam

        Read the [terms](/site-policy/terms/terms-of-service).
        """,
        "Policies/privacy/general-privacy-statement.md": """
        ---
        title: General privacy statement
        redirect_from:
          - /github/site-policy/github-privacy-statement
        versions:
          fpt: '*'
        ---
        ## Cookies

        Text.
        """,
    ]

    @Test func gitHubDocsArticlesOfTheirOwnRepositoryImportWithTheirBasePath() throws {
        let source = try TempTree(Self.articleRepository)
        #expect(DocsTool.detect(source.path("")) == .jekyll)
        let t = try TempTree()
        let report = try DocsImport.run(source: source.path(""), destination: t.path("Content"), tool: nil)
        #expect(report.docsFolder.hasSuffix("/Policies"), "\(report.docsFolder)")
        #expect(report.pages.sorted() == ["acceptable-use/acceptable-use-policies.md", "privacy/general-privacy-statement.md",
                                          "terms/terms-of-service.md"], "the repository's README is not a page")
        #expect(report.basePath == "/site-policy")
        #expect(report.notes.contains { $0.hasPrefix("base path /site-policy: 3 site-absolute links") }, "\(report.notes)")
        let terms = t.read("Content/terms/terms-of-service.md") ?? ""
        #expect(terms.contains("(../acceptable-use/acceptable-use-policies.md#spam)"), "\(terms)")
        #expect(terms.contains("(../privacy/general-privacy-statement.md#cookies)"), "an old address outside the base path: \(terms)")
        #expect(terms.contains("(/billing/plans)"), "a page of the old site outside the corpus is left as written")
        let h = try Handbook.load(content: t.path("Content"))
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
        // A base path given on the command line wins over the one the links suggest.
        let u = try TempTree()
        let given = try DocsImport.run(source: source.path(""), destination: u.path("Content"), tool: nil, basePath: "/")
        #expect(given.basePath == "/" && !given.notes.contains { $0.hasPrefix("base path") })
    }

    @Test func neverOverwritesAFile() throws {
        let t = try TempTree(["Content/commerce/spam.md": "# Mine\n"])
        let first = try DocsImport.run(source: Self.fixture("hugo"), destination: t.path("Content"), tool: .hugo)
        #expect(first.kept == ["commerce/spam.md"])
        #expect(t.read("Content/commerce/spam.md") == "# Mine\n")
        let again = try DocsImport.run(source: Self.fixture("hugo"), destination: t.path("Content"), tool: .hugo)
        #expect(again.pages.isEmpty && again.categories.isEmpty)
        #expect(again.kept.count == 8, "\(again.kept)")
        // Nothing is written, so nothing is said to be converted.
        #expect(again.linksRewritten == 0 && again.admonitions == 0 && again.tabs == 0 && again.shortcodesConverted == 0,
                "\(again.linksRewritten) \(again.admonitions) \(again.tabs) \(again.shortcodesConverted)")
    }

    /// A second import keeps every file and converts none: it said "3 call-out boxes quoted".
    @Test func aSecondImportCountsNoConversion() throws {
        let t = try TempTree()
        let first = try DocsImport.run(source: Self.fixture("mkdocs"), destination: t.path("Content"), tool: .mkdocs)
        #expect(first.admonitions > 0)
        let again = try DocsImport.run(source: Self.fixture("mkdocs"), destination: t.path("Content"), tool: .mkdocs)
        #expect(again.pages.isEmpty)
        #expect(again.admonitions == 0 && again.tabs == 0 && again.linksRewritten == 0, "\(again.admonitions) \(again.tabs)")
    }

    @Test func unknownToolAndMissingFolderAreClearErrors() throws {
        let t = try TempTree(["notes/a.txt": "x"])
        #expect(throws: DocsImportError.self) { try t.importDocs("notes") }
        #expect(throws: DocsImportError.self) { try t.importDocs("nowhere", tool: .hugo) }
        #expect(!t.exists("Content"))
    }

    /// A folder of plain Markdown with no docs tool's configuration anywhere near it (a wiki
    /// export, notes kept in git; Artemis' wiki) was an error asking for --from: it is read as
    /// plain Markdown, with a note saying so.
    @Test func aFolderOfPlainMarkdownImportsWithoutNamingATool() throws {
        let t = try TempTree([
            "notes/home.md": "# Home\n\nSee [the FAQ](faq) and [guides](guides/setup.md).\n",
            "notes/faq.md": "# FAQ\n\nText.\n",
            "notes/guides/setup.md": "---\ntitle: Setup\n---\n\nText.\n",
        ])
        let report = try t.importDocs("notes")
        #expect(report.tool == .jekyll)
        #expect(report.notes.contains { $0.hasPrefix("no docs tool's configuration found: read as plain Markdown") }, "\(report.notes)")
        // A `home.md` is no GitHub wiki's home (GitHub names it `Home.md`): no wiki note.
        #expect(!report.notes.contains { $0.contains("GitHub wiki") }, "\(report.notes)")
        #expect(t.read("Content/home.md")?.contains("See [the FAQ](faq.md) and [guides](guides/setup.md).") == true, "\(t.read("Content/home.md") ?? "")")
    }

    /// argo-cd's proposals open with front matter that is not YAML (`authors:` items out of
    /// line, `- @name` unquoted): the page was copied as it was, and the build refused it.
    /// The lines stay, line for line, in a YAML code block at the top, and the page builds.
    @Test func frontMatterThatIsNotYAMLIsKeptAsACodeBlock() throws {
        let t = try TempTree([
            "m/mkdocs.yml": "site_name: M\n",
            "m/docs/proposal.md": "---\ntitle: Idea\nauthors:\n- \"@alexmt\"\n  sponsors:\n- TBD\n---\n\n# Idea\n\nSee [the other](other.md).\n",
            "m/docs/other.md": "# Other\n",
        ])
        let report = try t.importDocs("m")
        #expect(t.read("Content/proposal.md") == "```yaml\ntitle: Idea\nauthors:\n- \"@alexmt\"\n  sponsors:\n- TBD\n```\n\n# Idea\n\nSee [the other](other.md).\n", "\(t.read("Content/proposal.md") ?? "")")
        #expect(report.notes.contains { $0.hasPrefix("proposal.md:5: front matter could not be read") && $0.contains("kept at the top of the page as a YAML code block") }, "\(report.notes)")
        let h = try Handbook.load(content: t.path("Content"), includeDrafts: true)
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
    }

    /// MkDocs reads `!ENV VARIABLE` as that variable's value (argo-cd: `site_url: !ENV
    /// READTHEDOCS_CANONICAL_URL`): the variable's name became the base path, and the build
    /// refused casebook.yml. `!ENV [VARIABLE, default]` gives the default.
    @Test func mkdocsEnvironmentValuesAreNotTakenForTheirNames() throws {
        let t = try TempTree([
            "a/mkdocs.yml": "site_name: A\nsite_url: !ENV READTHEDOCS_CANONICAL_URL\n",
            "a/docs/index.md": "# Home\n",
            "b/mkdocs.yml": "site_name: B\nsite_url: !ENV [READTHEDOCS_CANONICAL_URL, 'https://example.org/handbook/']\n",
            "b/docs/index.md": "# Home\n",
        ])
        let a = try t.importDocs("a", into: "A/Content")
        #expect(a.basePath == "/")
        let h = try Handbook.load(content: t.path("A/Content"), includeDrafts: true)
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
        let b = try t.importDocs("b", into: "B/Content")
        #expect(b.basePath == "/handbook")
    }

    /// Links in raw HTML (`<a href="../setup/#themes">`, `<img src="/img/logo.png">`, as
    /// mkdocs' own docs write them) are made relative to the imported files as Markdown's are;
    /// once the build rendered them, they were links to the old site's addresses.
    @Test func linksInRawHTMLAreMadeRelative() throws {
        let t = try TempTree([
            "s/mkdocs.yml": "site_name: S\nsite_url: https://example.org/guide/\n",
            "s/docs/index.md": "# Home\n\n<a href=\"setup/#themes\">Themes</a> and <a href='/guide/setup/'>setup</a>.\n\n<p align=\"center\">\n  <img src=\"/guide/img/logo.png\" alt=\"Logo\">\n</p>\n\n<object data=\"/guide/img/logo.png\"></object>\n",
            "s/docs/setup.md": "# Setup\n\n## Themes\n\nx\n",
            "s/docs/img/logo.png": "png",
        ])
        let report = try t.importDocs("s")
        let home = t.read("Content/index.md") ?? ""
        #expect(home.contains("<a href=\"setup.md#themes\">Themes</a> and <a href='setup.md'>setup</a>."), "\(home)")
        #expect(home.contains("<img src=\"img/logo.png\" alt=\"Logo\">"), "\(home)")
        #expect(home.contains("<object data=\"img/logo.png\"></object>"), "\(home)")
        #expect(report.linksRewritten == 4 && !report.notes.contains { $0.contains("could not be found") }, "\(report.notes)")
        let h = try Handbook.load(content: t.path("Content"))
        #expect(!h.diagnostics.contains { $0.severity == .warning || $0.severity == .error }, "\(h.diagnostics)")
    }

    /// rundeck/docs is a VuePress site (`docs/.vuepress/`, no configuration file at the top):
    /// read from the repository's top, its `/manual/x.md` links and `/assets/img/` images led to
    /// nothing (2,211 broken links) and its 500 `::: tip` containers showed as text.
    @Test func aVuePressSiteIsReadFromItsSourceFolder() throws {
        let t = try TempTree([
            "repo/README.md": "# The docs' repository\n",
            "repo/docs/.vuepress/config.ts": "export default {}\n",
            "repo/docs/.vuepress/public/assets/img/map.png": "png",
            "repo/docs/guide/intro.md": "# Intro\n\n::: tip Check first\nSee [other](/guide/other.md) and ![map](/assets/img/map.png).\n:::\n\n::: tabs\n@tab Linux\nrun it\n@tab Windows\nclick it\n:::\n",
            "repo/docs/guide/other.md": "# Other\n",
        ])
        let report = try t.importDocs("repo")
        #expect(report.notes.contains { $0.hasPrefix("VuePress site (docs/.vuepress, pages in docs/)") }, "\(report.notes)")
        #expect(report.pages.sorted() == ["guide/intro.md", "guide/other.md"])
        #expect(t.read("Content/guide/intro.md") == "# Intro\n\n> **Check first**\n> See [other](other.md) and ![map](../assets/img/map.png).\n\n\n> **Tabs**\n> **Linux**\n> run it\n> **Windows**\n> click it\n\n", "\(t.read("Content/guide/intro.md") ?? "")")
        #expect(t.read("Content/assets/img/map.png") == "png")
        let h = try Handbook.load(content: t.path("Content"), includeDrafts: true)
        #expect(!h.diagnostics.hasErrors && !h.diagnostics.contains { $0.isBrokenLink }, "\(h.diagnostics)")
    }

    /// vite's pages open with `<script setup>` (imports, data for their Vue components), which
    /// Casebook showed as text at the top of the page; a `<script setup>` in fenced code is an
    /// example and stays.
    @Test func aVitePressPagesScriptAndStyleBlocksAreLeftOut() throws {
        let t = try TempTree([
            "docs/.vitepress/config.ts": "export default {}\n",
            "docs/team.md": "---\ntitle: Team\n---\n\n<script setup>\nimport { members } from './_data/team'\n</script>\n\n# Team\n\n```vue\n<script setup>\nconst x = 1\n</script>\n```\n\n<style scoped>\n.x { color: red }\n</style>\nEnd.\n",
        ])
        let report = try t.importDocs("docs")
        #expect(t.read("Content/team.md") == "---\ntitle: Team\n---\n\n\n\n\n\n# Team\n\n```vue\n<script setup>\nconst x = 1\n</script>\n```\n\n\n\n\nEnd.\n", "\(t.read("Content/team.md") ?? "")")
        #expect(report.notes.contains { $0.hasPrefix("2 <script> and <style> blocks of the pages") }, "\(report.notes)")
    }

    /// kyverno's website is an Astro Starlight site: its pages are in `src/content/docs/` and
    /// link to `/guides/x/` from there; read from the top, none of those links resolved.
    @Test func anAstroStarlightSiteIsReadFromItsDocsFolder() throws {
        let t = try TempTree([
            "site/astro.config.mjs": "import starlight from '@astrojs/starlight'\nexport default defineConfig({ integrations: [starlight({ title: 'K' })] })\n",
            "site/README.md": "# Repo\n",
            "site/src/content/docs/guides/intro.md": "---\ntitle: Intro\n---\n\n:::note[Heads up]\nSee [other](/guides/other/) and ![x](/img/x.png).\n:::\n",
            "site/src/content/docs/guides/other.md": "---\ntitle: Other\n---\n\nText.\n",
            "site/public/img/x.png": "png",
        ])
        let report = try t.importDocs("site")
        #expect(report.notes.contains { $0.hasPrefix("Astro Starlight site (astro.config.mjs, pages in src/content/docs/)") }, "\(report.notes)")
        #expect(report.pages.sorted() == ["guides/intro.md", "guides/other.md"])
        #expect(t.read("Content/guides/intro.md")?.contains("> **Heads up**\n> See [other](other.md) and ![x](../img/x.png).") == true, "\(t.read("Content/guides/intro.md") ?? "")")
        #expect(t.read("Content/img/x.png") == "png")
    }

    /// vuejs/docs keeps `.vitepress/` at the top and its pages in `src/` (`srcDir: 'src'`).
    @Test func aVitePressSrcDirIsTheSourceFolder() throws {
        let t = try TempTree([
            "repo/.vitepress/config.ts": "export default defineConfig({\n  srcDir: 'src',\n  title: 'Vue'\n})\n",
            "repo/README.md": "# Repo\n",
            "repo/src/guide/intro.md": "# Intro\n\nSee [the API](/api/app) and ![logo](/logo.svg).\n",
            "repo/src/api/app.md": "# App API\n",
            "repo/src/public/logo.svg": "<svg/>",
        ])
        let report = try t.importDocs("repo")
        #expect(report.notes.contains { $0.hasPrefix("VitePress site (.vitepress, pages in src/)") }, "\(report.notes)")
        #expect(report.pages.sorted() == ["api/app.md", "guide/intro.md"])
        #expect(t.read("Content/guide/intro.md")?.contains("See [the API](../api/app.md) and ![logo](../logo.svg).") == true, "\(t.read("Content/guide/intro.md") ?? "")")
        #expect(t.exists("Content/logo.svg"))
    }

    /// A corpus of no known tool is often published by a web framework that serves `public/`
    /// at the site's root (prometheus/docs, a Next.js site: 79 links to `/assets/blog/...`
    /// images were left to nothing, the images not copied).
    @Test func aPlainCorpusFindsItsImagesInPublic() throws {
        let t = try TempTree([
            "site/docs/intro.md": "# Intro\n\n![Map](/assets/map.png) and [spec](/assets/spec.pdf).\n",
            "site/public/assets/map.png": "png",
            "site/public/assets/spec.pdf": "pdf",
            "site/public/assets/unused.png": "png",
        ])
        let report = try t.importDocs("site")
        #expect(t.read("Content/docs/intro.md")?.contains("![Map](../assets/map.png) and [spec](../assets/spec.pdf).") == true, "\(t.read("Content/docs/intro.md") ?? "")")
        #expect(t.read("Content/assets/map.png") == "png" && t.exists("Content/assets/spec.pdf") && !t.exists("Content/assets/unused.png"))
        #expect(!report.notes.contains { $0.contains("/assets/") }, "\(report.notes)")
    }

    /// fastapi keeps one MkDocs site per language in `docs/en/`, `docs/hi/`: imported from the
    /// repository's top, the error said only to name a tool, which would have imported the
    /// whole repository as Jekyll. It names the folders to import instead.
    @Test func aCorpusAFolderOrTwoDownIsNamedInTheError() throws {
        let t = try TempTree([
            "repo/README.md": "# Tool\n",
            "repo/docs/en/mkdocs.yml": "site_name: X\n",
            "repo/docs/en/docs/index.md": "# Home\n",
            "repo/docs/hi/mkdocs.yml": "site_name: X\n",
            "repo/node_modules/pkg/_config.yml": "x: 1\n",
            "repo/src/config.toml": "[tool]\n",
        ])
        do {
            _ = try t.importDocs("repo")
            Issue.record("no error")
        } catch {
            #expect(error.description.contains("in a folder below: docs/en (mkdocs.yml), docs/hi (mkdocs.yml): import that folder (casebook import-docs \(t.path("repo"))/docs/en --to ...)"), "\(error.description)")
            #expect(!error.description.contains("node_modules") && !error.description.contains("src"), "\(error.description)")
        }
        #expect(!t.exists("Content"))
        // Another folder of an MkDocs project, given instead of the project: the folder above.
        try t.write("repo/docs/en/overrides/note.md", "# Note\n")
        do {
            _ = try t.importDocs("repo/docs/en/overrides")
            Issue.record("no error")
        } catch {
            #expect(error.description.contains("the folder above holds a docs tool's configuration: import it (casebook import-docs \(t.path("repo/docs/en")) --to ...)"), "\(error.description)")
        }
        // Its docs folder is imported as the project (see theDocsFolderOfASiteConfiguredAboveIsImportedAsThatSite).
        let report = try t.importDocs("repo/docs/en/docs")
        #expect(report.tool == .mkdocs && report.pages == ["index.md"], "\(report.pages)")
    }
}
