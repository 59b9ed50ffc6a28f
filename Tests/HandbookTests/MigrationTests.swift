import Foundation
import Testing
@testable import Handbook
import CasebookTestSupport

/// Issue 16, taking in a corpus written for another docs tool: broken links as warnings,
/// site-absolute links under a base path, front matter of other tools.
@Suite struct MigrationTests {
    static let brokenLinks: [String: String] = [
        "Content/a.md": "# A\n\nSee [gone](gone.md) and [b's rule](b.md#nowhere).\n",
        "Content/b.md": "# B\n\n## Rule {#rule}\n\nText.\n",
    ]

    @Test func brokenLinksAreErrorsByDefaultAndWarningsWithLinksWarn() throws {
        let t = try TempTree(Self.brokenLinks)
        let strict = try Handbook.load(content: t.path("Content"))
        #expect(strict.diagnostics.filter { $0.isBrokenLink && $0.severity == .error }.count == 2, "\(strict.diagnostics)")

        let flag = try Handbook.load(content: t.path("Content"), links: .warn)
        #expect(!flag.diagnostics.hasErrors, "\(flag.diagnostics)")
        #expect(flag.diagnostics.filter { $0.isBrokenLink && $0.severity == .warning }.count == 2)

        try t.write("casebook.yml", "links: warn\n")
        let configured = try Handbook.load(content: t.path("Content"))
        #expect(configured.config.links == .warn)
        #expect(configured.diagnostics.filter(\.isBrokenLink).map(\.severity) == [.warning, .warning])
        let overridden = try Handbook.load(content: t.path("Content"), links: .error)
        #expect(overridden.diagnostics.filter(\.isBrokenLink).map(\.severity) == [.error, .error], "--links error overrides the file")
    }

    @Test func badSettingsNameTheFileAndLine() throws {
        let t = try TempTree(["Content/a.md": "# A\n", "casebook.yml": "# settings\nlinks: maybe\n"])
        #expect {
            try Handbook.load(content: t.path("Content"))
        } throws: { error in
            let d = (error as? HandbookError)?.diagnostics.first
            return d?.file == "casebook.yml" && d?.line == 2 && d?.message.contains("'links' must be 'error' or 'warn'") == true
        }
        try t.write("casebook.yml", "base_path: docs\n")
        #expect(throws: HandbookError.self) { try Handbook.load(content: t.path("Content")) }
        try t.write("casebook.yml", "links: warn\ntheme: dark\n")
        let h = try Handbook.load(content: t.path("Content"))
        #expect(h.diagnostics.contains { $0.file == "casebook.yml" && $0.line == 2 && $0.severity == .warning && $0.message.contains("unknown setting 'theme'") })
    }

    @Test func aSettingsFileOfOnlyCommentsIsTheDefaults() throws {
        // As a team leaves it after commenting its one setting out.
        let t = try TempTree(["Content/a.md": "# A\n\nSee [b](b.md).\n", "casebook.yml": "# links: warn\n\n# base_path: /docs\n"])
        let h = try Handbook.load(content: t.path("Content"))
        #expect(h.diagnostics.filter(\.isBrokenLink).map(\.severity) == [.error], "the default: a broken link is an error")
        try t.write("casebook.yml", "links: [warn\n")
        #expect {
            try Handbook.load(content: t.path("Content"))
        } throws: { error in
            (error as? HandbookError)?.diagnostics.first?.file == "casebook.yml"
        }
    }

    static let basePathTree: [String: String] = [
        "casebook.yml": "base_path: /docs/\n",
        "Content/policies/counterfeit.md": "# Counterfeit\n\n## IP-01 Replicas\n\nText.\n",
        "Content/policies/privacy/index.md": "# Privacy\n\nText.\n",
        "Content/guide.md": """
        # Guide

        - [no .md](/docs/policies/counterfeit#ip-01)
        - [with .md](/docs/policies/counterfeit.md)
        - [folder](/docs/policies/privacy/)
        - [missing](/docs/policies/gone)
        - [bad anchor](/docs/policies/counterfeit#nowhere)
        - [elsewhere](/blog/post)
        - [prefix only](/docsets/x)

        """,
    ]

    @Test func siteAbsoluteLinksUnderTheBasePathAreRewrittenAndChecked() throws {
        let t = try TempTree(Self.basePathTree)
        let h = try Handbook.load(content: t.path("Content"))
        #expect(h.config.basePath == "/docs")
        let guide = try #require(h.pages.first { $0.path == "guide.md" })
        let targets = Dictionary(uniqueKeysWithValues: guide.links.map { ($0.url, $0.target) })
        #expect(targets["/docs/policies/counterfeit#ip-01"] == .page(path: "policies/counterfeit.md", anchor: "ip-01"))
        #expect(targets["/docs/policies/counterfeit.md"] == .page(path: "policies/counterfeit.md", anchor: nil))
        #expect(targets["/docs/policies/privacy/"] == .page(path: "policies/privacy/index.md", anchor: nil))
        #expect(targets["/docs/policies/gone"] == .missingPage(path: "policies/gone.md"))
        #expect(targets["/blog/post"] == .siteAbsolute)
        #expect(targets["/docsets/x"] == .siteAbsolute)
        let html = try h.render(path: "guide.md").html
        #expect(html.contains("href=\"counterfeit.html#ip-01\""), "\(html)")
        let errors = h.diagnostics.filter { $0.severity == .error }.map(\.message)
        #expect(errors.count == 2, "\(errors)")
        #expect(errors.contains { $0.contains("'/docs/policies/gone'") && $0.contains("no page policies/gone.md") })
        #expect(errors.contains { $0.contains("'/docs/policies/counterfeit#nowhere'") && $0.contains("no section '#nowhere'") })
        #expect(h.diagnostics.contains { $0.severity == .warning && $0.message.contains("site-absolute link '/blog/post'") })

        // Without a base path the same links are left as written, as before.
        try FileManager.default.removeItem(atPath: t.path("casebook.yml"))
        let plain = try Handbook.load(content: t.path("Content"))
        #expect(!plain.diagnostics.hasErrors)
        #expect(plain.pages.first { $0.path == "guide.md" }?.links.allSatisfy { $0.target == .siteAbsolute } == true)
    }

    /// GitHub Docs corpora link to pages by their old addresses (a renamed page keeps the
    /// old one in `redirect_from`): such a link is a link to the page, checked like any other.
    static let oldAddressTree: [String: String] = [
        "Content/privacy/general-privacy-statement.md": """
        ---
        title: General privacy statement
        redirect_from:
          - /site-policy/privacy-policies/github-privacy-statement
          - /privacy
        ---
        ## What's a fork? (or what's a clone?)

        Text.
        """,
        "Content/privacy/old-copy.md": "---\naliases: [/privacy]\n---\n# Old copy\n",
        "Content/terms.md": """
        # Terms

        See [the statement](/site-policy/privacy-policies/github-privacy-statement#whats-a-fork-or-whats-a-clone),
        [again](/site-policy/privacy-policies/github-privacy-statement), [its end](/site-policy/privacy-policies/github-privacy-statement#nowhere),
        and [privacy](/privacy), which two pages claim.
        """,
    ]

    @Test func linksToAPagesOldAddressGoToThePage() throws {
        let t = try TempTree(Self.oldAddressTree)
        let h = try Handbook.load(content: t.path("Content"), links: .warn)
        let terms = try #require(h.pages.first { $0.path == "terms.md" })
        let targets = Dictionary(terms.links.map { ($0.url, $0.target) }, uniquingKeysWith: { a, _ in a })
        let page = "privacy/general-privacy-statement.md"
        #expect(targets["/site-policy/privacy-policies/github-privacy-statement"] == .page(path: page, anchor: nil))
        #expect(targets["/site-policy/privacy-policies/github-privacy-statement#whats-a-fork-or-whats-a-clone"]
                == .page(path: page, anchor: "whats-a-fork-or-whats-a-clone"))
        #expect(targets["/privacy"] == .siteAbsolute, "an address two pages claim resolves to neither")
        let html = try h.render(path: "terms.md").html
        #expect(html.contains("href=\"general-privacy-statement.html#whats-a-fork-or-whats-a-clone\""), "\(html)")
        // The anchor of a heading with apostrophes is the one GitHub gives it, so the link lands.
        let broken = h.diagnostics.filter(\.isBrokenLink).map(\.message)
        #expect(broken.count == 1 && broken[0].contains("#nowhere"), "\(broken)")
    }

    /// A migrated corpus links to the same pages of its old site hundreds of times: one
    /// warning per link target, saying how often, not one per use.
    @Test func linkWarningsAreOnePerTarget() throws {
        var files: [String: String] = ["Content/b.md": "# B\n\n## Rule\n"]
        for n in 1...4 {
            files["Content/a\(n).md"] = """
            # A\(n)

            [billing](/billing/plans#x\(n)) and [plans](/billing/plans), [gone](gone.md), [rule](b.md#nowhere), [here](#missing).
            """
        }
        let t = try TempTree(files)
        let h = try Handbook.load(content: t.path("Content"), links: .warn)
        let absolute = h.diagnostics.filter { $0.message.hasPrefix("site-absolute link '/billing/plans") }
        #expect(absolute.count == 1, "\(absolute)")
        #expect(absolute.first?.file == "a1.md" && absolute.first?.message.contains("8 times in 4 files") == true, "\(absolute)")
        let gone = h.diagnostics.filter { $0.message.hasPrefix("broken link 'gone.md'") }
        #expect(gone.count == 1 && gone.first?.message.contains("4 times in 4 files") == true, "\(gone)")
        #expect(h.diagnostics.filter { $0.message.hasPrefix("broken link 'b.md#nowhere'") }.count == 1)
        // A missing section of "this page" is a problem of each page that has it.
        #expect(h.diagnostics.filter { $0.message.hasPrefix("broken link '#missing'") }.count == 4)
        // GitHub Docs lists `old#anchor` addresses, one per section pages took over: one
        // address claimed by several pages is one warning.
        try t.write("Content/c.md", "---\nredirect_from: [/old]\n---\n# C\n")
        try t.write("Content/d.md", "---\nredirect_from: ['/old#x', '/old#y']\n---\n# D\n")
        try t.write("Content/e.md", "---\nredirect_from: ['/old#z']\n---\n# E\n")
        let claimed = try Handbook.load(content: t.path("Content"), links: .warn).diagnostics
            .filter { $0.message.hasPrefix("old address '/old") && $0.message.contains("is also claimed by c.md") }
        #expect(claimed.count == 1 && claimed.first?.message.contains("3 times in 2 files") == true, "\(claimed)")
        // As errors (the default) every use is listed: each one must be fixed.
        let strict = try Handbook.load(content: t.path("Content"))
        #expect(strict.diagnostics.filter { $0.severity == .error && $0.message.hasPrefix("broken link 'gone.md'") }.count == 4)
    }
}

/// Small trees in the front matter of each tool, written for these tests.
@Suite struct OtherToolsFrontMatterTests {
    static let hugo = """
    ---
    title: "Counterfeit goods"
    linkTitle: Counterfeit
    slug: fakes
    weight: 3
    draft: false
    description: How to judge replica listings.
    tags: [Brands, IP]
    lastmod: 2024-01-02T10:00:00Z
    aliases: [/docs/old/counterfeit/, "/policies/fake <b>.html", "https://elsewhere.example/x"]
    ---
    # Counterfeit goods

    See {{< ref "other.md" >}} and {{< ref "third.md" >}} and {{% note %}}Careful{{% /note %}}.
    """
    static let mkdocs = """
    ---
    title: Scams
    description: Fraud and scams.
    tags:
      - fraud
    hide:
      - navigation
    ---
    # Scams

    Text.
    """
    static let docusaurus = """
    ---
    sidebar_label: Hate
    sidebar_position: 2
    keywords: [hate, slurs]
    ---
    # Hate speech

    Text.
    """
    static let jekyll = """
    ---
    title: Spam
    layout: page
    nav_order: 4
    redirect_from:
      - /spam-old.html
    ---
    Text.
    """
    static let githubDocs = """
    ---
    title: About privacy
    shortTitle: Privacy
    intro: 'What {% data variables.product.name %} collects.'
    layout: inline
    redirect_from:
      - /articles/privacy
    ---
    {% data reusables.privacy.intro %} and {% data variables.product.name %}.

    {% note %}Careful.{% endnote %}
    """

    static func tree() throws -> TempTree {
        try TempTree(["casebook.yml": "base_path: /docs\n",
                      "Content/hugo/counterfeit.md": hugo, "Content/mkdocs/scams.md": mkdocs, "Content/docusaurus/hate.md": docusaurus,
                      "Content/jekyll/spam.md": jekyll, "Content/github/privacy.md": githubDocs])
    }

    @Test func fieldsOfEachToolMapToCasebooks() throws {
        let t = try Self.tree()
        let h = try Handbook.load(content: t.path("Content"))
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
        let hugo = try #require(h.page(id: "fakes"), "slug gives the id")
        #expect(hugo.meta.navTitle == "Counterfeit" && hugo.meta.order == 3 && hugo.meta.status == .published)
        #expect(hugo.meta.summary == "How to judge replica listings." && hugo.meta.tags == ["brands", "ip"] && hugo.meta.effective == "2024-01-02")
        #expect(hugo.meta.redirects.count == 3)
        let mkdocs = try #require(h.page(id: "scams"))
        #expect(mkdocs.meta.summary == "Fraud and scams." && mkdocs.meta.tags == ["fraud"])
        let docusaurus = try #require(h.page(id: "hate"))
        #expect(docusaurus.meta.navTitle == "Hate" && docusaurus.meta.order == 2 && docusaurus.meta.tags == ["hate", "slurs"])
        #expect(h.page(id: "spam")?.meta.order == 4)
        let github = try #require(h.page(id: "privacy"))
        #expect(github.meta.navTitle == "Privacy" && github.meta.summary.hasPrefix("What "))
        // Old addresses become redirects to pages of this site; another site's URL and an unusable path do not.
        #expect(h.redirects.map(\.path) == ["articles/privacy/index.html", "old/counterfeit/index.html", "spam-old.html"])
        #expect(h.redirects.first { $0.path == "spam-old.html" }?.pageID == "spam")
        let skipped = h.diagnostics.filter { $0.message.hasPrefix("old address") }
        #expect(skipped.count == 2 && skipped.allSatisfy { $0.file == "hugo/counterfeit.md" && $0.severity == .warning }, "\(skipped)")
    }

    @Test func unknownKeysAndShortcodesWarnOncePerKindPerBuild() throws {
        let t = try Self.tree()
        try t.write("Content/jekyll/more.md", "---\nlayout: page\n---\n{% data reusables.x %}\n")
        let h = try Handbook.load(content: t.path("Content"))
        let layout = h.diagnostics.filter { $0.message.hasPrefix("unknown front matter key 'layout'") }
        #expect(layout.count == 1, "\(layout)")
        #expect(layout.first?.message.contains("3 times in 3 files") == true && layout.first?.file == "github/privacy.md")
        #expect(h.diagnostics.filter { $0.message.hasPrefix("unknown front matter key 'hide'") }.count == 1)
        let shortcodes = h.diagnostics.filter { $0.message.hasPrefix("shortcode '") }.map(\.message)
        #expect(shortcodes.filter { $0.hasPrefix("shortcode '{% data %}'") }.count == 1, "\(shortcodes)")
        #expect(shortcodes.contains { $0.hasPrefix("shortcode '{% data %}'") && $0.contains("2 times in 2 files") })
        #expect(shortcodes.filter { $0.hasPrefix("shortcode '{{< ref >}}'") }.count == 1)
        #expect(shortcodes.contains { $0.hasPrefix("shortcode '{{% note %}}'") })
        #expect(shortcodes.contains { $0.hasPrefix("shortcode '{% note %}'") })
        #expect(shortcodes.count == 5, "one per kind: \(shortcodes)")
        let html = try h.render(path: "github/privacy.md").html
        #expect(html.contains("{% data reusables.privacy.intro %}"), "shown as text: \(html)")
    }
}

@Suite struct FolderIndexPageTests {
    /// Hugo puts an `_index.md` in every section and GitHub Docs an `index.md`: each took the
    /// id "index", and the build failed with duplicate page ids.
    @Test func aFoldersOwnPageTakesTheFoldersName() throws {
        let t = try TempTree(["policies/_index.md": "# Policies\n", "operations/_index.md": "# Operations\n",
                              "guides/index.md": "# Guides\n", "faq/README.md": "# FAQ\n", "index.md": "# Home\n"])
        let h = try Handbook.load(content: t.root)
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
        #expect(Set(h.pages.map(\.meta.id)) == ["policies", "operations", "guides", "faq", "index"])
    }
}

/// Found importing mastodon's Hugo documentation (243 pages): 30 pages share a file name
/// with another (`entities/Preferences.md`, `methods/preferences.md`; `en/user/signup.md` and
/// its Japanese `ja/user/signup.md`) and the build failed with duplicate page ids; 1,281
/// repeated-heading warnings buried the rest; explicit `{#basic}` used twice was an error
/// even with `--links warn`; old addresses under `/api/` gave 173 warnings.
@Suite struct RealCorpusLayoutTests {
    static let sharedNames: [String: String] = [
        "en/entities/Preferences.md": "# Preferences entity\n",
        "en/methods/preferences.md": "# Preferences API\n\nReturns [the entity](../entities/Preferences.md).\n",
        "ja/methods/preferences.md": "# 設定\n",
        "other/faq.md": "---\nid: faq\n---\n# FAQ\n",
        "help/faq.md": "# Help FAQ\n",
        "unique.md": "# Unique\n\nSee [help](help/faq.md) and [API](en/methods/preferences.md).\n",
    ]

    @Test func pagesSharingAFileNameArePublishedUnderTheirPaths() throws {
        let t = try TempTree(Self.sharedNames)
        let h = try Handbook.load(content: t.root)
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
        let ids = Dictionary(uniqueKeysWithValues: h.pages.map { ($0.path, $0.meta.id) })
        #expect(ids == ["en/entities/Preferences.md": "en-entities-preferences", "en/methods/preferences.md": "en-methods-preferences",
                        "ja/methods/preferences.md": "ja-methods-preferences",
                        "other/faq.md": "faq", "help/faq.md": "help-faq", "unique.md": "unique"],
                "an id written in front matter is kept; only pages without one take their path")
        let shared = h.diagnostics.filter { $0.kind == .sharedName }
        #expect(shared.count == 1, "one warning per build: \(shared)")
        #expect(shared.first?.severity == .warning && shared.first?.message.contains("2 times in 2 files") == true, "\(shared)")
        // Links to them resolve to the new ids.
        let html = try h.render(path: "unique.md").html
        #expect(html.contains("href=\"help-faq.html\"") && html.contains("href=\"en-methods-preferences.html\""), "\(html)")
        #expect(try h.render(path: "help/faq.md").summary.meta.id == "help-faq", "a page rendered again keeps its path id")
    }

    /// A rebuild tells a cached page's path id from an id written in front matter by reading
    /// the page again; pages whose id is their file name are not read (`isFileNameID`).
    @Test func aPageNoLongerSharingItsNameTakesItsFileNameAgainOnARebuild() throws {
        let t = try TempTree(Self.sharedNames)
        let first = try Handbook.load(content: t.root)
        let cache = Dictionary(uniqueKeysWithValues: first.pages.map { ($0.path, CachedPage(summary: $0)) })
        let later = Int64(Date().timeIntervalSince1970 * 1e9) + 5_000_000_000
        try FileManager.default.removeItem(atPath: t.root + "/other/faq.md")
        let again = try Handbook.load(content: t.root, cache: cache, cacheResolverFingerprint: first.resolver.fingerprint, cacheWrittenAt: later)
        let ids = Dictionary(uniqueKeysWithValues: again.pages.map { ($0.path, $0.meta.id) })
        #expect(ids["help/faq.md"] == "faq" && ids["unique.md"] == "unique" && ids["en/methods/preferences.md"] == "en-methods-preferences", "\(ids)")
        let fresh = try Handbook.load(content: t.root)
        #expect(again.pages.map(\.meta.id) == fresh.pages.map(\.meta.id), "a rebuild gives the ids a clean load gives")
    }

    /// argo-cd's docs hold `proposals/manifest-hydrator.md` and `proposals/manifest-hydrator/README.md`
    /// beside `other/manifest-hydrator.md`: the first two have one path id as well, and the
    /// build refused the second as a duplicate page id.
    @Test func aPageAndAFolderOfTheSameNameGetIdsOfTheirOwn() throws {
        let t = try TempTree(["proposals/hydrator.md": "# Hydrator\n\nSee [the design](hydrator/README.md).\n",
                              "proposals/hydrator/README.md": "# Hydrator design\n",
                              "other/hydrator.md": "# Other\n"])
        let h = try Handbook.load(content: t.root)
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
        let ids = Dictionary(uniqueKeysWithValues: h.pages.map { ($0.path, $0.meta.id) })
        #expect(ids == ["proposals/hydrator.md": "proposals-hydrator", "proposals/hydrator/README.md": "proposals-hydrator-readme",
                        "other/hydrator.md": "other-hydrator"], "\(ids)")
        #expect(try h.render(path: "proposals/hydrator.md").html.contains("href=\"proposals-hydrator-readme.html\""))
    }

    @Test func twoWrittenIdsStayAnError() throws {
        let t = try TempTree(["a/faq.md": "---\nid: faq\n---\n# A\n", "b/faq.md": "---\nid: faq\n---\n# B\n"])
        let h = try Handbook.load(content: t.root)
        #expect(h.diagnostics.contains { $0.severity == .error && $0.file == "b/faq.md" && $0.message.contains("duplicate page id 'faq'") })
    }

    @Test func repeatedHeadingsAndOwnFolderAddressesAreOneWarningEach() throws {
        var tree: [String: String] = [:]
        for name in ["accounts", "statuses", "polls"] {
            tree["methods/\(name).md"] = "---\naliases: [/api/methods/\(name), /api/v1/\(name)]\n---\n# \(name)\n\n## Example\n\n## Example\n\n## Parameters\n\n## Parameters\n"
        }
        let t = try TempTree(tree)
        let h = try Handbook.load(content: t.root, links: .warn)
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
        let headings = h.diagnostics.filter { $0.message.contains("' gives the anchor '#") }
        #expect(headings.count == 1 && headings[0].message.contains("6 times in 3 files; shown once"), "\(headings)")
        let own = h.diagnostics.filter { $0.message.hasPrefix("old address '/api/") }
        #expect(own.count == 1 && own[0].message.contains("the site's own folder api/") && own[0].message.contains("6 times in 3 files"), "\(own)")
        // Each page still gets every section, numbered by the heading's place in the page (the title is the first).
        #expect(h.pages.first { $0.path == "methods/polls.md" }?.sections.map(\.anchor) == ["example", "example-3", "parameters", "parameters-5"])
    }

    @Test func translationsWithoutASourceVersionAreOneWarning() throws {
        var tree: [String: String] = [:]
        for name in ["signup", "posting", "moving"] {
            tree["\(name).md"] = "---\nversion: \"1.0\"\n---\n# \(name)\n"
            tree["\(name).ja.md"] = "---\nlang: ja\ntranslation_of: \(name)\n---\n# \(name)\n"
        }
        let t = try TempTree(tree)
        let h = try Handbook.load(content: t.root)
        let unknown = h.diagnostics.filter { $0.message.contains("does not say which version it translates") }
        #expect(unknown.count == 1 && unknown[0].message.contains("(3 times in 3 files; shown once)"), "\(unknown)")
    }

    /// A corpus copied in with a folder per language (mozilla/legal-docs' `en/`, `id/` and 17
    /// more), its pages saying nothing of their language: every page was read as English
    /// (`<html lang="en">` on the Indonesian one, English stems in search) and nothing said so.
    /// One warning names the folders and the two ways out; a folder only named like a
    /// language (`it/`, the IT team's own pages) and pages that say their language are not in it.
    @Test func foldersOfTranslationsWithoutALanguageAreOneWarning() throws {
        let t = try TempTree([
            "en/acceptable-use.md": "# Acceptable use\n\nDo not harass others.\n",
            "en/appeals.md": "# Appeals\n\nAppeal within six months.\n",
            "id/acceptable-use.md": "# Penggunaan yang dapat diterima\n\nJangan melecehkan orang lain.\n",
            "id/appeals.md": "# Banding\n\nAjukan banding dalam enam bulan.\n",
            "pt-BR/appeals.md": "# Recursos\n\nRecorra em até seis meses.\n",
            "th/appeals.md": "---\nlang: th\ntranslation_of: en-appeals\n---\n# การอุทธรณ์\n\nอุทธรณ์ภายในหกเดือน\n",
            "it/laptops.md": "# Laptops\n\nThe IT team replaces laptops every three years.\n",
        ])
        let h = try Handbook.load(content: t.root)
        let warnings = h.diagnostics.filter { $0.kind == .languageFolder }
        #expect(warnings.count == 1, "\(h.diagnostics)")
        let message = warnings.first?.message ?? ""
        #expect(message.hasPrefix("3 pages in folders named for a language (id/ 2, pt-BR/ 1) say nothing of their language and are read as 'en'"), "\(message)")
        #expect(message.contains("'lang: id' in id/") && message.contains("casebook import-docs"), "\(message)")
        #expect(warnings.first?.file == "id/" && warnings.first?.severity == .warning)
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")

        // A page named for its language beside its original (mkdocs-static-i18n's layout), too:
        // one more warning for all such pages; `notes.it.md` with no `notes.md` is not one.
        let named = try TempTree(["appeals.md": "# Appeals\n", "appeals.th.md": "# การอุทธรณ์\n", "rules.md": "# Rules\n",
                                  "rules.th.md": "# กฎ\n", "notes.it.md": "# Notes\n"])
        let namedWarnings = try Handbook.load(content: named.root).diagnostics.filter { $0.kind == .languageFolder }
        #expect(namedWarnings.count == 1 && namedWarnings[0].file == "appeals.th.md", "\(namedWarnings)")
        #expect(namedWarnings.first?.message.hasPrefix("2 pages named for a language beside their originals (appeals.th.md, rules.th.md) say nothing of their language") == true,
                "\(namedWarnings)")

        // Casebook's own layout, and pages that say their language, get none.
        let own = try TempTree(["appeals.md": "# Appeals\n", "appeals.id.md": "---\nlang: id\ntranslation_of: appeals\n---\n# Banding\n",
                                "id/appeals.md": "---\nlang: id\n---\n# Banding\n"])
        let ownLoaded = try Handbook.load(content: own.root)
        #expect(ownLoaded.diagnostics.allSatisfy { $0.kind != .languageFolder }, "\(ownLoaded.diagnostics)")
    }

    @Test func anExplicitAnchorUsedTwiceIsAWarningWhileMigrating() throws {
        let t = try TempTree(["config.md": "# Config\n\n## Basic {#basic}\n\n## Email\n\n### Basic configuration {#basic}\n",
                              "codes.md": "# Codes\n\n## IP-01 One\n\n## IP-01 Again\n"])
        let strict = try Handbook.load(content: t.root)
        #expect(strict.diagnostics.contains { $0.severity == .error && $0.file == "config.md" && $0.message.contains("duplicate anchor '#basic'") })
        let warn = try Handbook.load(content: t.root, links: .warn)
        #expect(warn.diagnostics.contains { $0.severity == .warning && $0.file == "config.md" && $0.line == 7 && $0.message.contains("duplicate anchor '#basic'") }, "\(warn.diagnostics)")
        #expect(warn.pages.first { $0.path == "config.md" }?.sections.map(\.anchor) == ["basic", "email", "basic-4"])
        #expect(warn.diagnostics.contains { $0.severity == .error && $0.file == "codes.md" && $0.message.contains("duplicate anchor '#ip-01'") },
                "a policy code defined twice stays an error: \(warn.diagnostics)")
    }
}
