import Foundation
import Testing
@testable import Handbook
import CasebookTestSupport

/// Defects found importing and building real corpora (issue 16): MkDocs Material's own
/// documentation, gohugoio's, jest's and redux's (Docusaurus in `website/`), jekyll's. Each
/// fixture is the smallest form of what the corpus wrote.
@Suite struct ImportRealCorporaTests {
    /// MkDocs Material writes `### with pip <small>recommended</small> { #with-pip data-toc-label="with pip" }`
    /// and its changelog `### 9.7.5 <small>March 10, 2026</small> { id="9.7.5" }`: the quoted value
    /// with a space kept the whole block in the heading (anchor
    /// `#with-pip-recommended-with-pip-data-toc-labelwith-pip`, links to `#with-pip` broken),
    /// `id=` was an unknown attribute, and every heading gave a warning of its own (over 600).
    @Test func headingAttributeListsOfMkDocsMaterialGiveTheirAnchorsAndOneWarningPerName() throws {
        let t = try TempTree([
            "Content/getting-started.md": """
                # Getting started

                ### with pip <small>recommended</small> { #with-pip data-toc-label="with pip" }

                Text.

                ### with docker { #with-docker data-toc-label='with docker' }

                Text.

                ## Kramdown form {: #kramdown }

                See [pip](#with-pip), [docker](#with-docker), [kramdown](#kramdown) and [9.7.5](changelog.md#9.7.5).

                """,
            "Content/changelog.md": """
                # Changelog

                ### 9.7.5 <small>March 10, 2026</small> { id="9.7.5" }

                Fixed.

                ### 9.7.4 <small>March 1, 2026</small> { id="9.7.4" data-toc-label="9.7.4" }

                Fixed.

                """,
        ])
        let h = try Handbook.load(content: t.path("Content"))
        #expect(!h.diagnostics.contains { $0.isBrokenLink }, "\(h.diagnostics)")
        let unknown = h.diagnostics.filter { $0.message.hasPrefix("unknown heading attribute") }
        #expect(unknown.count == 1, "one warning per attribute name: \(unknown)")
        #expect(unknown.first?.message.contains("'data-toc-label'") == true && unknown.first?.message.contains("3 times in 2 files") == true, "\(unknown)")
        let page = try h.render(path: "getting-started.md").html
        #expect(page.contains("id=\"with-pip\"") && page.contains("id=\"with-docker\"") && page.contains("id=\"kramdown\""), "\(page)")
        #expect(!page.contains("data-toc-label"), "the block is not heading text: \(page)")
        let changelog = try h.render(path: "changelog.md").html
        #expect(changelog.contains("id=\"9.7.5\"") && changelog.contains("id=\"9.7.4\""), "\(changelog)")
    }

    @Test func attributeTokensKeepQuotedValuesWhole() {
        #expect(attributeTokens(#" #a data-x="b c" .d "#[...]).map { $0.map(String.init) } == ["#a", "data-x=\"b c\"", ".d"])
        #expect(attributeTokens(#"key='x y'"#[...]).map { $0.map(String.init) } == ["key='x y'"])
        #expect(attributeTokens(#"a="open"#[...]) == nil, "an unclosed quote is not an attribute list")
        #expect(HeadingAttributeParser.split("Use {placeholders}") == nil)
        #expect(HeadingAttributeParser.split("It's {a b}") == nil)
    }

    /// MkDocs Material's page status (`status: new`, `status: deprecated`) is a badge: imported
    /// as Casebook's `status`, the build failed ("status 'deprecated' is not one of draft,
    /// published, retired") on the first build of the imported corpus.
    @Test func aStatusOfAnotherToolIsDroppedWithOneNotePerValue() throws {
        let t = try TempTree([
            "site/mkdocs.yml": "site_name: Docs\n",
            "site/docs/index.md": "# Home\n\n[projects](projects.md)\n",
            "site/docs/projects.md": "---\ntitle: Projects\nstatus: deprecated\n---\n\n# Projects\n\nText.\n",
            "site/docs/typeset.md": "---\ntitle: Typeset\nstatus: deprecated\n---\n\n# Typeset\n\nText.\n",
            "site/docs/meta.md": "---\ntitle: Meta\nstatus: new\n---\n\n# Meta\n\nText.\n",
            "site/docs/old.md": "---\ntitle: Old\nstatus: Retired\n---\n\n# Old\n\nText.\n",
        ])
        let report = try t.importDocs("site")
        #expect(t.read("Content/projects.md")?.contains("status") == false, "\(t.read("Content/projects.md") ?? "")")
        #expect(t.read("Content/old.md")?.contains("status: retired\n") == true, "Casebook's own statuses stay")
        let notes = report.notes.filter { $0.contains("is not a Casebook status") }
        #expect(notes == ["projects.md:3: 'status: deprecated' is not a Casebook status (draft, published, retired) and was dropped (2 files)",
                          "meta.md:3: 'status: new' is not a Casebook status (draft, published, retired) and was dropped (1 file)"], "\(report.notes)")
        let h = try Handbook.load(content: t.path("Content"), includeDrafts: true)
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
    }

    /// jest, redux, react-native and many more keep `docs/` at the top and Docusaurus in
    /// `website/` (`path: '../docs'`): the import said it could not tell the tool. redux serves
    /// its docs at the root (`routeBasePath: '/'`), so its `/api/store` links were "outside the
    /// base path /docs", and images of `website/static/` (`/img/...`) were not copied.
    static let docusaurusInWebsite: [String: String] = [
        "site/website/docusaurus.config.js": """
            module.exports = {
              title: 'Rules',
              baseUrl: '/',
              presets: [['classic', {
                blog: { routeBasePath: 'news' },
                docs: {
                  path: '../docs',
                  routeBasePath: '/',
                  sidebarPath: require.resolve('./sidebars.js'),
                },
              }]],
            };
            """,
        "site/website/static/img/flow.png": "PNG",
        "site/docs/intro.md": """
            ---
            id: intro
            sidebar_label: Start here
            ---

            # Introduction

            See [the store](/api/store#dispatch) and ![the flow](/img/flow.png).

            """,
        "site/docs/api/store.md": "# Store\n\n## Dispatch {#dispatch}\n\nText.\n",
        "site/docs/understanding/glossary.md": "# Glossary\n\n[dispatch](api/store.md#dispatch), from the docs folder's top as Docusaurus reads it.\n",
        "site/README.md": "# The project\n",
        "site/docs/_category_.json": #"{"label": "Redux & <friends>", "position": 1}"#,
    ]

    /// Given its `docs/` folder rather than the repository (react-native-website's, 239
    /// pages), the import read it as plain Markdown, or as Docusaurus without its
    /// configuration: partials (`_x.md`) became pages, the base path was guessed
    /// (`/docs/next`) and `website/static/` was not looked in. The folder a site's
    /// configuration above names as its docs is imported as that site.
    @Test func theDocsFolderOfASiteConfiguredAboveIsImportedAsThatSite() throws {
        var tree = Self.docusaurusInWebsite
        tree["site/docs/_shared-warning.md"] = "Partial.\n"
        let t = try TempTree(tree)
        let report = try t.importDocs("site/docs")
        #expect(report.tool == .docusaurus && report.basePath == "/" && report.docsFolder.hasSuffix("/site/docs"), "\(report.basePath) \(report.docsFolder)")
        #expect(report.pages.sorted() == ["api/store.md", "intro.md", "understanding/glossary.md"], "\(report.pages)")
        let intro = t.read("Content/intro.md") ?? ""
        #expect(intro.contains("[the store](api/store.md#dispatch)") && intro.contains("![the flow](img/flow.png)"), "\(intro)")
        #expect(report.notes.first?.hasSuffix("site/docs: the docs folder of the docusaurus site in \(t.path("site")); imported as that site") == true, "\(report.notes)")
        // Docs at `/docs` (Docusaurus' default), pictures of `static/docs/assets/` linked at
        // `/docs/assets/...`, as react-native-website's 85 were, and its next version at
        // `/docs/next/...` (24 links): broken links before.
        let d = try TempTree([
            "site/website/docusaurus.config.js": "module.exports = { baseUrl: '/', presets: [['classic', { docs: { path: '../docs' } }]] };\n",
            "site/website/static/docs/assets/shot.png": "PNG",
            "site/website/versions.json": "[\"0.79\"]\n",
            "site/docs/intro.md": "# Intro\n\n![shot](/docs/assets/shot.png) and [setup](/docs/setup), [next](/docs/next/setup#a).\n",
            "site/docs/setup.md": "# Setup\n\n<img\n  className=\"half-size\"\n  alt=\"The queue\"\n  title=\"Queue\"\n  src=\"/docs/assets/shot.png\"\n/>\n",
        ])
        let docs = try DocsImport.run(source: d.path("site/docs"), destination: d.path("Content"), tool: nil)
        #expect(docs.basePath == "/docs" && d.read("Content/docs/assets/shot.png") == "PNG", "\(docs.basePath) \(docs.notes)")
        #expect(d.read("Content/intro.md")?.contains("![shot](docs/assets/shot.png) and [setup](setup.md), [next](setup.md#a).") == true, "\(d.read("Content/intro.md") ?? "")")
        // A tag over several lines (MDX's), its `src` four lines below its start.
        #expect(d.read("Content/setup.md")?.contains("  src=\"docs/assets/shot.png\"\n") == true, "\(d.read("Content/setup.md") ?? "")")
        // The same with MkDocs' docs_dir.
        let m = try TempTree(["site/mkdocs.yml": "site_name: Rules\ndocs_dir: pages\n", "site/pages/index.md": "# Home\n\nSee [a](a.md).\n", "site/pages/a.md": "# A\n"])
        let mk = try DocsImport.run(source: m.path("site/pages"), destination: m.path("Content"), tool: nil)
        #expect(mk.tool == .mkdocs && mk.pages.sorted() == ["a.md", "index.md"], "\(mk.tool) \(mk.pages)")
    }

    @Test func docusaurusInAWebsiteFolderIsDetectedWithItsRouteAndStaticFiles() throws {
        let t = try TempTree(Self.docusaurusInWebsite)
        #expect(DocsTool.detect(t.path("site")) == .docusaurus)
        let report = try t.importDocs("site")
        #expect(report.basePath == "/" && report.docsFolder.hasSuffix("/site/docs"), "\(report.basePath) \(report.docsFolder)")
        #expect(report.pages.sorted() == ["api/store.md", "intro.md", "understanding/glossary.md"])
        #expect(t.read("Content/understanding/glossary.md")?.contains("[dispatch](../api/store.md#dispatch)") == true)
        let intro = t.read("Content/intro.md") ?? ""
        #expect(intro.contains("[the store](api/store.md#dispatch)") && intro.contains("![the flow](img/flow.png)"), "\(intro)")
        #expect(t.read("Content/img/flow.png") == "PNG")
        #expect(report.categories == ["_category.yml"] && t.read("Content/_category.yml") == "title: \"Redux & <friends>\"\norder: 1\n",
                "the top folder's category is Content/_category.yml, not /_category.yml: \(report.categories)")
        #expect(intro.contains("nav_title: Start here"))
        let h = try Handbook.load(content: t.path("Content"))
        #expect(h.diagnostics.isEmpty, "\(h.diagnostics)")
    }

    @Test func docusaurusBasePathIsTheDocsPluginsRoute() throws {
        let t = try TempTree([
            "a.js": "module.exports = { baseUrl: '/help/', presets: [['classic', { blog: { routeBasePath: 'news' }, docs: { sidebarPath: 'x' } }]] }",
            "b.js": "export default { baseUrl: \"/\", plugins: [['@docusaurus/plugin-content-docs', { id: 'guides', routeBasePath: \"guides\" }]] }",
            "c.ts": "const config = { baseUrl: '/', presets: [['classic', { docs: { routeBasePath: '/' }, blog: { routeBasePath: '/blog' } }]] }",
        ])
        #expect(Importer.docusaurusBasePath(configFile: t.path("a.js")) == "/help/docs", "the blog's route is not the docs'")
        #expect(Importer.docusaurusBasePath(configFile: t.path("b.js")) == "/guides")
        #expect(Importer.docusaurusBasePath(configFile: t.path("c.ts")) == "/")
        #expect(Importer.docusaurusBasePath(configFile: t.path("none.js")) == "/docs")
    }

    /// pnpm.io's configuration quotes its keys (`"baseUrl": "/"`) and has a per-locale
    /// `{ baseUrl: `/${locale}/` }` before them: the base path was read as "/${locale}/: ",
    /// written unquoted into casebook.yml, and the build failed on it.
    @Test func docusaurusBasePathFromQuotedKeysAndTemplates() throws {
        let t = try TempTree([
            "site/docusaurus.config.ts": """
            const localeConfigs = locales.map(locale => ({ baseUrl: `/${locale}/`, baseUrlIssueBanner: true }))
            const config = {
              "baseUrl": "/",
              "presets": [["classic", { "docs": { "routeBasePath": "/" } }]],
            }
            export default config
            """,
            "site/docs/intro.md": "# Intro\n\nSee [setup](/setup).\n",
            "site/docs/setup.md": "# Setup\n\nText.\n",
        ])
        #expect(Importer.docusaurusBasePath(configFile: t.path("site/docusaurus.config.ts")) == "/")
        let report = try t.importDocs("site")
        #expect(report.basePath == "/", "\(report.basePath)")
        let h = try Handbook.load(content: t.path("Content"))
        #expect(!h.diagnostics.contains { $0.severity == .error }, "\(h.diagnostics)")
    }

    /// gohugoio's documentation: 2,089 notes "link ... does not lead to a file of the corpus",
    /// one per use (748 for the glossary link `[term](g)` alone).
    @Test func importNotesAboutALinkTargetAreOnePerTarget() throws {
        let t = try TempTree([
            "site/_config.yml": "title: Rules\n",
            "site/a.md": "# A\n\n[glossary](g) and [glossary](g).\n\n[gone](/gone/)\n",
            "site/b/c.md": "# C\n\n[glossary](g)\n",
        ])
        let report = try t.importDocs("site")
        let glossary = report.notes.filter { $0.contains("link 'g'") }
        #expect(glossary == ["a.md:3: link 'g' does not lead to a file of the corpus; left as written (3 times in 2 files)"], "\(report.notes)")
        #expect(report.notes.contains("a.md:5: link '/gone/' does not lead to a file of the corpus; left as written"), "once: no count")
    }

    /// MkDocs pages end with reference definitions (`  [color palette]: ../setup/colors.md#palette`)
    /// used in the text as `[color palette]`: the import looked for the destination on the line
    /// of the use and gave up ("its text could not be found; edit it by hand"), leaving the
    /// link as it was. A query-only link (`[search](?q=spam)`, MkDocs Material's search) was
    /// "made relative" to the page itself.
    @Test func referenceDefinitionsAreRewrittenWhereverTheyAre() throws {
        let t = try TempTree([
            "site/mkdocs.yml": "site_name: Rules\nsite_url: https://example.com/rules/\n",
            "site/docs/setup/colors.md": "# Colors\n\n## Palette {#palette}\n\nText.\n",
            "site/docs/setup/privacy.md": """
                # Privacy

                Share the [color palette] and the [other palette][color palette] across projects.

                !!! note "Search"

                    Try [searching](?q=palette) or the [palette again][color palette].

                More text.

                  [color palette]: /rules/setup/colors/#palette
                  [consent]: <../setup/colors.md>

                [consent] is here.

                ## Editions

                Use [Dart Sass] for this.

                [Dart Sass]: /rules/setup/colors/

                Again, [Dart Sass]. Both [Transpile Sass][] and [Dart Sass2][] on one line, [sass](/rules/setup/colors/#palette) and [sass page](/rules/setup/colors/).

                [Dart Sass2]: /rules/setup/colors/#palette
                [Transpile Sass]: /rules/setup/colors/

                """,
        ])
        let report = try t.importDocs("site")
        let privacy = t.read("Content/setup/privacy.md") ?? ""
        #expect(privacy.contains("  [color palette]: colors.md#palette\n"), "\(privacy)")
        #expect(privacy.contains("  [consent]: <colors.md>\n"), "\(privacy)")
        #expect(privacy.contains("[searching](?q=palette)"), "\(privacy)")
        #expect(!report.notes.contains { $0.contains("could not be found") || $0.contains("?q=") }, "\(report.notes)")
        #expect(privacy.contains("[Dart Sass]: colors.md\n"), "a definition right below its first use: \(privacy)")
        #expect(privacy.contains("[Dart Sass2]: colors.md#palette\n") && privacy.contains("[Transpile Sass]: colors.md\n"), "\(privacy)")
        #expect(privacy.contains("[sass](colors.md#palette) and [sass page](colors.md)."), "a link whose address starts another's: \(privacy)")
        #expect(report.linksRewritten == 7, "one rewrite per definition")
        let h = try Handbook.load(content: t.path("Content"))
        #expect(!h.diagnostics.contains { $0.isBrokenLink || $0.kind == .siteAbsoluteLink }, "\(h.diagnostics)")
    }

    /// gohugoio's documentation keeps its pages in `content/en`, mounted as the content
    /// (`[[module.mounts]] source = 'content/en' target = 'content'`): imported as `en/...`,
    /// its 656 site-absolute links (`/functions/time/format/`) led nowhere.
    @Test func aHugoContentMountIsTheTopOfTheSite() throws {
        let t = try TempTree([
            "site/hugo.toml": """
                baseURL = "https://gohugo.io/"
                defaultContentLanguage = "en"

                [languages]
                  [languages.en]
                    weight = 1

                [module]
                  [[module.mounts]]
                    source = "assets"
                    target = "assets"
                  [[module.mounts]]
                    source = 'content/en'
                    target = 'content'
                    [module.mounts.sites.matrix]
                      languages = ['en']
                """,
            "site/content/_index.md": "---\ntitle: Docs\n---\n\nSee [format](/functions/time/format/#layouts).\n",
            "site/content/functions/time/format.md": "# Format\n\n## Layouts {#layouts}\n\nText.\n",
            "site/content/about/intro.md": "# Intro\n\n[format](/functions/time/format/) and [home](/).\n\n[translate](/functions/lang/translate/#usage) ![shot](/images/shot.png)\n",
            "site/content/functions/lang/Translate.md": "# Translate\n\n## Usage {#usage}\n\nText.\n",
            "site/content/images/shot.png": "PNG",
        ])
        let importer = Importer(source: t.path("site"), docs: t.path("site/content"), destination: t.path("Content"), tool: .hugo)
        #expect(importer.hugo.contentMounts == ["content/en"])
        let report = try t.importDocs("site")
        #expect(report.pages.sorted() == ["_index.md", "about/intro.md", "functions/lang/Translate.md", "functions/time/format.md"], "\(report.pages)")
        // Hugo lowercases addresses; the mounted folder's files go to the top with its pages.
        let intro = t.read("Content/about/intro.md") ?? ""
        #expect(intro.contains("[translate](../functions/lang/Translate.md#usage) ![shot](../images/shot.png)"), "\(intro)")
        #expect(report.assets == ["images/shot.png"] && !t.exists("Content/en"), "\(report.assets)")
        #expect(t.read("Content/about/intro.md")?.contains("[format](../functions/time/format.md) and [home](../_index.md)") == true,
                "\(t.read("Content/about/intro.md") ?? "")")
        #expect(!report.notes.contains { $0.contains("does not lead") }, "\(report.notes)")
        let h = try Handbook.load(content: t.path("Content"))
        #expect(!h.diagnostics.contains { $0.isBrokenLink || $0.kind == .siteAbsoluteLink }, "\(h.diagnostics)")
    }

    /// MkDocs Material's docs show Jinja templates and jekyll's Liquid in fenced code blocks:
    /// 13 and 20 kinds of "shortcode of another docs tool is shown as text" warnings for code
    /// that is shown as code, as meant. A shortcode in running text is still one warning.
    @Test func shortcodesInCodeAreNotWarnedAbout() throws {
        let t = try TempTree([
            "Content/templates.md": """
                # Templates

                Override a block in `main.html` with `{% block htmltitle %}`:

                ``` html
                {% extends "base.html" %}
                {% block htmltitle %}
                ```

                - In a list:

                    ~~~~liquid
                    {% for post in site.posts %}
                    ~~~
                    {% endfor %}
                    ~~~~

                {% include note.html %} is still here, and so is {{< youtube abc >}}.

                """,
        ])
        let h = try Handbook.load(content: t.path("Content"))
        let shortcodes = h.diagnostics.filter { $0.kind == .shortcode }
        #expect(shortcodes.map(\.subject) == ["{% include %}", "{{< youtube >}}"], "\(shortcodes)")
        #expect(shortcodes.map(\.line) == [18, 18] && shortcodes.map(\.column) == [1, 50], "\(shortcodes)")
    }

    /// The site drops HTML comments, so a shortcode in one is not shown at all: Grafana's
    /// writers' toolkit comments out links written with `relref`, and each was warned about
    /// as "shown as text" (5 files), by the build and by the import's notes. One open across
    /// lines hides what it spans; a shortcode after it on its line is still shown.
    @Test func shortcodesInHTMLCommentsAreNotWarnedAbout() throws {
        let t = try TempTree([
            "Content/a.md": """
                # A

                <!-- Refer to [x]({{< relref "../y/" >}}) for more. -->

                <!--
                {{< docs/shared source="grafana" >}}
                -->

                Hidden <!-- {{% note %}} --> but {{< youtube abc >}} shown.

                """,
        ])
        let h = try Handbook.load(content: t.path("Content"))
        let shortcodes = h.diagnostics.filter { $0.kind == .shortcode }
        #expect(shortcodes.map(\.subject) == ["{{< youtube >}}"] && shortcodes.map(\.column) == [34], "\(shortcodes)")
    }

    /// Built as they are: MkDocs Material's blog posts (`date: {created: ..., updated: ...}`)
    /// failed the build ("'date' must be a single value, not a list or map"), and a Docusaurus
    /// page with `id:` and `slug:` (redux's tutorials index) was told "unknown front matter key
    /// 'slug'", a key the README says Casebook reads (an explicit id wins).
    @Test func frontMatterOfOtherToolsBuildsAsItIs() throws {
        let t = try TempTree([
            "Content/blog/post.md": "---\ndate:\n  created: 2026-02-18\n  updated: 2026-04-13\n---\n\n# Post\n\nText.\n",
            "Content/tutorials.md": "---\nid: tutorials-index\nslug: /tutorials\n---\n\n# Tutorials\n\nText.\n",
            "Content/a.md": "---\nsummary: A.\ndescription: The A page.\n---\n\n# A\n\nText.\n",
            "Content/b.md": "---\nsummary: B.\ndescription: The B page.\n---\n\n# B\n\nText.\n",
        ])
        let h = try Handbook.load(content: t.path("Content"))
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
        #expect(h.pages.first { $0.path == "blog/post.md" }?.meta.effective == "2026-02-18")
        #expect(h.pages.first { $0.path == "tutorials.md" }?.meta.id == "tutorials-index")
        #expect(!h.diagnostics.contains { $0.message.contains("slug") }, "\(h.diagnostics)")
        let description = h.diagnostics.filter { $0.message.contains("'description'") }
        #expect(description.count == 1 && description.first?.message.hasPrefix("'description' is ignored: 'summary' in the same front matter gives the summary") == true
                && description.first?.message.contains("2 times in 2 files") == true, "\(description)")

        try t.write("site/mkdocs.yml", "site_name: Blog\n")
        try t.write("site/docs/post.md", "---\ndate:\n  created: 2026-02-18\n  updated: 2026-04-13\n---\n\n# Post\n\nText.\n")
        _ = try t.importDocs("site", into: "Imported")
        #expect(t.read("Imported/post.md")?.hasPrefix("---\neffective: 2026-02-18\n---\n") == true, "\(t.read("Imported/post.md") ?? "")")
    }
    /// MkDocs Material's docs, built as they are: `status: deprecated` and `status: new` are its
    /// page badges and failed the build ("status 'deprecated' is not one of draft, published,
    /// retired"). They are one warning per value and the pages are published; any other value
    /// stays an error, so a mistyped draft is never published.
    @Test func materialStatusBadgesAreWarningsNotErrors() throws {
        let t = try TempTree([
            "Content/old.md": "---\nstatus: deprecated\n---\n\n# Old plugin\n\nText.\n",
            "Content/older.md": "---\nstatus: deprecated\n---\n\n# Older plugin\n\nText.\n",
            "Content/new.md": "---\nstatus: new\n---\n\n# New plugin\n\nText.\n",
        ])
        let h = try Handbook.load(content: t.path("Content"))
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
        #expect(Set(h.pages.map(\.meta.status)) == [.published])
        let badges = h.diagnostics.filter { $0.message.contains("page badge") }
        #expect(badges.count == 2 && badges.contains { $0.message.hasPrefix("'status: deprecated' is MkDocs Material's page badge") && $0.message.contains("2 times in 2 files") },
                "\(badges)")
        try t.write("Content/new.md", "---\nstatus: drfat\n---\n\n# New plugin\n\nText.\n")
        let typo = try Handbook.load(content: t.path("Content"))
        #expect(typo.diagnostics.contains { $0.severity == .error && $0.file == "new.md" && $0.line == 2 && $0.message == "status 'drfat' is not one of draft, published, retired" })
    }

    /// The Contributor Covenant (Hugo, a code of conduct in 60 languages) writes every page's
    /// front matter in TOML: the build skipped it with one warning per page (96) and the import
    /// copied it with one note per page, so `version = "2.1"`, `aliases`, `title` were lost.
    /// TOML that toml++ cannot read is skipped by the build and copied by the import, each
    /// with its file, line and reason.
    @Test func tomlFrontMatterIsReadByTheBuildAndConvertedByTheImport() throws {
        let toml = """
            +++
            title = "Code of Conduct \\"2.1\\""   # the title
            version = "2.1"
            weight = 3
            draft = false
            date = 2024-05-02T10:00:00Z
            aliases = [
              "/version/2/1",
              '/v2.1/',
            ]
            tags = ["conduct", "community"]

            [params]
            icon = "book"
            +++

            # Code of Conduct

            ## Our pledge {#our-pledge}

            Text.

            """
        let t = try TempTree([
            "site/config.toml": "baseURL = \"https://example.org\"\n",
            "site/content/version/2/1/code_of_conduct.md": toml,
            "site/content/faq.md": "+++\ntitle = \"FAQ\"\naliases = [\"faq\"]\n+++\n\nSee [the code](/version/2/1/#our-pledge).\n",
            "site/content/odd.md": "+++\nsummary = '''\nmany\nlines'''\n+++\n\n# Odd\n",
            "Content/a.md": "+++\ntitle = \"A\"\nversion = \"1.0\"\n+++\n\nText.\n",
            "site/content/bad.md": "+++\ntitle = \"Bad\"\nweight = \n+++\n\n# Bad\n",
            "Content/b.md": "+++\nsummary = {a = 1\n+++\n\n# B\n",
            "Content/c.md": "+++\ntitle = \"C\"\n\ntitle = \"D\"\n+++\n\n# C\n",
            "Content/d.md": "+++\ntitle = \"D\"\n[params]\nmenu = [{name = \"x\"}]\n+++\n\n# D\n",
        ])
        let h = try Handbook.load(content: t.path("Content"))
        let a = h.pages.first { $0.path == "a.md" }
        #expect(a?.meta.title == "A" && a?.meta.version == "1.0", "\(String(describing: a?.meta))")
        // Invalid TOML: one warning per file, each at its line with toml++'s reason.
        let skipped = h.diagnostics.filter { $0.kind == .tomlFrontMatter }
        #expect(skipped.map { "\($0.file):\($0.line)" } == ["b.md:2", "c.md:4"], "\(h.diagnostics)")
        #expect(skipped.allSatisfy { $0.severity == .warning && $0.message.hasPrefix("TOML front matter (+++) could not be read (") }, "\(skipped)")
        #expect(h.pages.first { $0.path == "d.md" }?.meta.title == "D", "an inline table in an array is read")

        let report = try t.importDocs("site", into: "Imported")
        let page = t.read("Imported/version/2/1/code_of_conduct.md") ?? ""
        #expect(page.hasPrefix("---\ntitle: \"Code of Conduct \\\"2.1\\\"\"\nversion: 2.1\neffective: 2024-05-02\norder: 3\ntags: [conduct, community]\naliases: [\"/version/2/1\", \"/v2.1/\"]\n---\n\n# Code of Conduct\n"), "\(page)")
        // A multi-line string, which the hand-written reader could not read, is converted.
        #expect(t.read("Imported/odd.md")?.hasPrefix("---\nsummary: \"many\\nlines\"\n---\n") == true, "\(t.read("Imported/odd.md") ?? "")")
        #expect(report.notes.contains { $0.hasPrefix("bad.md:3: TOML front matter (+++) could not be read (") && $0.hasSuffix("copied as it was: correct it, or rewrite it as YAML between --- lines") },
                "invalid TOML is copied as it was: \(report.notes)")
        #expect(t.read("Imported/bad.md")?.hasPrefix("+++\ntitle = \"Bad\"\n") == true)
        #expect(report.notes.filter { $0.contains("TOML") }.count == 1, "\(report.notes)")
        #expect(report.notes.contains("version/2/1/code_of_conduct.md:13: front matter key 'params' has no Casebook field and was dropped (1 file)"))
        #expect(t.read("Imported/faq.md")?.contains("[the code](version/2/1/code_of_conduct.md#our-pledge)") == true, "\(t.read("Imported/faq.md") ?? "")")
    }
    /// Hugo reads configuration keys ignoring case; the Contributor Covenant writes
    /// `DefaultContentLanguage` and `[Languages]` `[Languages.ar]`: its 90 translations
    /// (`code_of_conduct.ar.md` beside `code_of_conduct.md`) came in as pages of their own.
    @Test func hugoConfigurationKeysAreReadIgnoringCase() throws {
        let t = try TempTree([
            "site/config.toml": "BaseURL = \"https://example.org/coc/\"\nDefaultContentLanguage = \"en\"\n\n[Languages]\n[Languages.en]\nlanguageName = \"English\"\n[Languages.AR]\nlanguageName = \"العربية\"\n",
            "site/content/about.md": "+++\ntitle = \"About\"\n+++\n\nText.\n",
            "site/content/about.ar.md": "+++\ntitle = \"حول\"\n+++\n\nنص.\n",
        ])
        let report = try t.importDocs("site")
        #expect(report.basePath == "/coc")
        let ar = t.read("Content/about.ar.md") ?? ""
        #expect(ar.contains("lang: ar\ntranslation_of: about\n"), "\(ar)")
    }
    /// The Contributor Covenant links its versions with an output format after the path and
    /// a title after the shortcode: `({{< ref "/version/2/1/code_of_conduct.md" "markdown" >}})`,
    /// `({{< ref "adopters.md" >}} "Other adopters")`; neither became a link.
    @Test func hugoRefsWithAnOutputFormatOrALinkTitleBecomeLinks() throws {
        let t = try TempTree([
            "site/config.toml": "baseURL = \"https://example.org\"\n",
            "site/content/_index.md": "+++\ntitle = \"Home\"\n+++\n\n- [Markdown]({{< ref \"/version/2/1/code_of_conduct.md\" \"markdown\" >}})\n- [HTML]({{< ref \"/version/2/1/code_of_conduct.md\" >}})\n\n[More]({{< ref \"adopters.md\" >}} \"Other adopters\").\n",
            "site/content/adopters.md": "# Adopters\n",
            "site/content/version/2/1/code_of_conduct.md": "# Code of conduct\n",
        ])
        let report = try t.importDocs("site")
        let home = t.read("Content/_index.md") ?? ""
        #expect(home.contains("- [Markdown](version/2/1/code_of_conduct.md)\n- [HTML](version/2/1/code_of_conduct.md)"), "\(home)")
        #expect(home.contains("[More](adopters.md \"Other adopters\")."), "\(home)")
        #expect(!report.notes.contains { $0.contains("ref") }, "\(report.notes)")
    }

    /// dapr's docs write about 1,600 refs with a bare path (`[.NET]({{< ref dotnet >}})`,
    /// `{{<ref quickstarts>}}`), which Hugo takes unquoted, and link cards in HTML
    /// (`<a href="{{< ref concepts >}}">`); mastodon's reference definitions name refs
    /// (`[flow]: {{< relref "methods/oauth" >}}`). All were shown as text.
    @Test func hugoRefsWithABarePathInDefinitionsAndInHTMLBecomeLinks() throws {
        let t = try TempTree([
            "site/config.toml": "baseURL = \"https://example.org\"\n",
            "site/content/en/start.md": """
                ---
                title: Start
                ---

                Pick [.NET]({{< ref dotnet >}}), [Python]({{<ref python.md>}}#install) or the [flow][f].

                <a href="{{< ref concepts >}}" class="card">Concepts</a> <a href="{{< ref quickstarts >}}">Quickstarts</a>

                [f]: {{< relref "methods/oauth" >}}
                [g]: {{< relref nowhere >}}
                """,
            "site/content/en/sdks/dotnet.md": "---\ntitle: .NET\n---\n",
            "site/content/en/sdks/python.md": "---\ntitle: Python\n---\n\n## Install\n\nText.\n",
            "site/content/en/concepts/_index.md": "---\ntitle: Concepts\n---\n",
            "site/content/en/getting-started/quickstarts/_index.md": "---\ntitle: Quickstarts\n---\n",
            "site/content/en/methods/oauth.md": "---\ntitle: OAuth\n---\n",
        ])
        let report = try t.importDocs("site")
        let page = t.read("Content/start.md") ?? t.read("Content/en/start.md") ?? ""
        #expect(page.contains("Pick [.NET](sdks/dotnet.md), [Python](sdks/python.md#install) or the [flow][f]."), "\(page)")
        #expect(page.contains("<a href=\"concepts/_index.md\" class=\"card\">Concepts</a> <a href=\"getting-started/quickstarts/_index.md\">Quickstarts</a>"), "a section by its folder's name: \(page)")
        #expect(page.contains("[f]: methods/oauth.md\n[g]: {{< relref nowhere >}}"), "\(page)")
        #expect(report.notes.contains { $0.contains("Hugo ref 'nowhere' does not lead to a page") }, "\(report.notes)")
    }

    /// mastodon's documentation names a ref's path (`{{< relref ref="methods/oauth#authorize" >}}`),
    /// writes the anchor after the shortcode (`({{< relref "methods/media" >}}#v2)`) and links
    /// a section only with a ref (`{{< relref "methods/admin" >}}`, an `_index.md` of front
    /// matter only): the three were left as text, and the section was no page to link to.
    @Test func hugoRefsWithANamedPathAnAnchorAfterThemOrToASectionBecomeLinks() throws {
        let t = try TempTree([
            "site/config.toml": "baseURL = \"https://example.org\"\n",
            "site/content/client/start.md": """
                ---
                title: Start
                ---

                See [the flow]({{< relref ref="methods/oauth#authorize" >}}), [media]({{< relref "methods/media" >}}#v2)
                and [admin]({{< relref "methods/admin" >}}).
                """,
            "site/content/methods/oauth.md": "---\ntitle: OAuth\n---\n\n## Authorize\n\nText.\n",
            "site/content/methods/media.md": "---\ntitle: Media\n---\n\n## Upload {#v2}\n\nText.\n",
            "site/content/methods/admin/_index.md": "---\ntitle: Admin methods\n---\n",
            "site/content/methods/admin/reports.md": "---\ntitle: Reports\n---\n\nText.\n",
        ])
        let report = try t.importDocs("site")
        let page = t.read("Content/client/start.md") ?? ""
        #expect(page.contains("[the flow](../methods/oauth.md#authorize), [media](../methods/media.md#v2)\nand [admin](../methods/admin/_index.md)."), "\(page)")
        #expect(!report.notes.contains { $0.contains("ref") }, "\(report.notes)")
        let h = try Handbook.load(content: t.path("Content"))
        #expect(!h.diagnostics.contains { $0.isBrokenLink }, "\(h.diagnostics)")
    }
    /// jekyll's documentation links its collections' pages at their published addresses:
    /// `/docs/history/` for `_docs/history.md`, `/news/2016/04/19/jekyll-3-0-4-released/` for a
    /// post (`_config.yml`: `collections: docs: permalink: "/:collection/:path/"`), and those
    /// links led nowhere after the import.
    @Test func jekyllCollectionPagesAreFoundAtTheirPermalinks() throws {
        let t = try TempTree([
            "site/_config.yml": """
                title: Jekyll
                collections:
                  docs:
                    permalink: "/:collection/:path/"
                    output: true
                  posts:
                    permalink: /news/:year/:month/:day/:title/
                  tutorials:
                    output: true
                defaults:
                - scope:
                    path: _docs
                """,
            "site/_docs/history.md": "---\ntitle: History\n---\n\n## v1 {#v1}\n\nText.\n",
            "site/_docs/maintaining/special-labels.md": "---\ntitle: Labels\n---\n\nText.\n",
            "site/_posts/2016-04-19-jekyll-3-0-4-released.markdown": "---\ntitle: Released\n---\n\nSee [the history](/docs/history/#v1).\n",
            "site/_tutorials/navigation.md": "---\ntitle: Navigation\n---\n\nText.\n",
            "site/index.md": """
                ---
                title: Home
                ---

                [history](/docs/history/#v1), [labels](/docs/maintaining/special-labels/),
                [post](/news/2016/04/19/jekyll-3-0-4-released/), [navigation](/tutorials/navigation.html).

                """,
        ])
        let report = try t.importDocs("site")
        let home = t.read("Content/index.md") ?? ""
        #expect(home.contains("[history](_docs/history.md#v1), [labels](_docs/maintaining/special-labels.md)"), "\(home)")
        #expect(home.contains("[post](_posts/2016-04-19-jekyll-3-0-4-released.md), [navigation](_tutorials/navigation.md)"), "\(home)")
        #expect(t.read("Content/_posts/2016-04-19-jekyll-3-0-4-released.md")?.contains("[the history](../_docs/history.md#v1)") == true)
        #expect(!report.notes.contains { $0.contains("does not lead") }, "\(report.notes)")
        let parsed = Importer.jekyllPermalinks(Importer.yamlConfig(t.path("site") + "/_config.yml"))
        #expect(parsed.collections == ["docs": "/:collection/:path/", "posts": "/news/:year/:month/:day/:title/"] && parsed.names == ["docs", "posts", "tutorials"])
    }
    /// MkDocs Material's content tabs (`=== "pip"` and the lines indented under it) were left
    /// as they were: the tab's text rendered as a code block (its links, lists and code as raw
    /// Markdown). Material's docs have 331 such lines.
    @Test func mkdocsMaterialContentTabsAreUnfolded() throws {
        let t = try TempTree([
            "site/mkdocs.yml": "site_name: Rules\n",
            "site/docs/setup/docker.md": "# Docker\n",
            "site/docs/install.md": """
                # Install

                === "pip"

                    ``` sh
                    pip install {x}
                    ```

                ===+ "docker"

                    Run [the image](setup/docker.md).

                    !!! note "Pull first"

                        Pull it.

                === "Not a tab

                After.

                """,
        ])
        let report = try t.importDocs("site")
        let page = t.read("Content/install.md") ?? ""
        #expect(page.contains("""
            **pip**

            ``` sh
            pip install {x}
            ```

            **docker**

            Run [the image](setup/docker.md).

            > **Pull first**
            >
            > Pull it.

            === "Not a tab
            """), "\(page)")
        #expect(report.tabs == 2 && report.admonitions == 1)
        let h = try Handbook.load(content: t.path("Content"))
        let html = try h.render(path: "install.md").html
        #expect(html.contains("<a href=\"docker.html\">the image</a>") || html.contains("the image</a>"), "a link, not code: \(html)")
        #expect(!html.contains("Run [the image]"), "\(html)")
    }
    /// GitHub Docs (github/docs' "Moderating comments and conversations") links as
    /// `"[AUTOTITLE](/communities/moderating-comments-and-conversations/managing-disruptive-comments)."`
    /// and shows the article's title there: imported, every such link read "AUTOTITLE".
    @Test func gitHubDocsAutotitleLinksShowTheLinkedPagesTitle() throws {
        let t = try TempTree([
            "site/content/index.md": "---\ntitle: GitHub Docs\nchildren:\n  - /communities\nversions:\n  fpt: '*'\n---\n",
            "site/content/communities/index.md": "---\ntitle: Communities\nchildren:\n  - /moderating\nversions:\n  fpt: '*'\n---\n",
            "site/content/communities/moderating/index.md": "---\ntitle: Moderating comments and conversations\nshortTitle: Moderation\nchildren:\n  - /locking-conversations\n  - /managing-disruptive-comments\nversions:\n  fpt: '*'\n---\n",
            "site/content/communities/moderating/managing-disruptive-comments.md": "---\ntitle: Managing disruptive [comments]\nversions:\n  fpt: '*'\n---\n\n## Hiding a comment\n\nText.\n",
            "site/content/communities/moderating/locking-conversations.md": """
                ---
                title: Locking conversations
                versions:
                  fpt: '*'
                ---

                See "[AUTOTITLE](/communities/moderating/managing-disruptive-comments#hiding-a-comment)" and [AUTOTITLE](managing-disruptive-comments.md).

                - "[AUTOTITLE](/organizations/managing-moderators)"
                - "[AUTOTITLE](/search-github/searching)"

                """,
        ])
        let report = try t.importDocs("site")
        let page = t.read("Content/communities/moderating/locking-conversations.md") ?? ""
        #expect(page.contains(#"See "[Managing disruptive \[comments\]](managing-disruptive-comments.md#hiding-a-comment)" and [Managing disruptive \[comments\]](managing-disruptive-comments.md)."#), "\(page)")
        #expect(page.contains(#"- "[AUTOTITLE](/organizations/managing-moderators)""#), "\(page)")
        let notes = report.notes.filter { $0.contains("AUTOTITLE") }
        #expect(notes == ["communities/moderating/locking-conversations.md:9: link text AUTOTITLE (GitHub Docs shows the linked article's title there) is left as written where the link leads to no page of the corpus; write the title (2 times in 1 file)"], "\(report.notes)")
        let h = try Handbook.load(content: t.path("Content"), links: .warn)
        let html = try h.render(path: "communities/moderating/locking-conversations.md").html
        #expect(html.contains("Managing disruptive [comments]</a>"), "\(html)")
    }
    /// A page saved by a Windows editor (byte order mark, CRLF) had its front matter copied
    /// unconverted (`description`, `redirect_from` not read; its old address not found), and a
    /// page that is not UTF-8 (Latin-1 `é`), noted as "copied as it was", was written with
    /// every such byte replaced by U+FFFD: the text was lost and the build said nothing.
    @Test func windowsAndLatin1PagesAreConvertedOrCopiedByteForByte() throws {
        let t = try TempTree([
            "site/_config.yml": "title: Rules\n",
            "site/links.md": "# Links\n\n[old](/old/spam/)\n",
        ])
        try t.write("site/spam.md", bytes: [0xEF, 0xBB, 0xBF] + Array("---\r\ntitle: Spam\r\ndescription: No spam.\r\nredirect_from:\r\n  - /old/spam/\r\n---\r\n\r\n# Spam\r\n".utf8))
        let latin1: [UInt8] = Array("# Caf".utf8) + [0xE9] + Array("\n".utf8)
        try t.write("site/latin.md", bytes: latin1)
        let report = try t.importDocs("site")
        #expect(t.read("Content/spam.md")?.hasPrefix("---\ntitle: Spam\nsummary: No spam.\naliases: [\"/old/spam/\"]\n---\n") == true, "\(t.read("Content/spam.md") ?? "")")
        #expect(t.read("Content/links.md")?.contains("[old](spam.md)") == true, "\(t.read("Content/links.md") ?? "")")
        #expect(FileManager.default.contents(atPath: t.path("Content/latin.md")).map(Array.init) == latin1)
        #expect(report.notes.contains("latin.md: not valid UTF-8; copied as it was: re-save it as UTF-8"))
    }
    /// A Hugo section whose `_index.md` holds front matter only became its folder's
    /// `_category.yml` alone: its old addresses (`aliases`) were lost, and links to the section
    /// (`/methods/`, `../functions/`) led nowhere (gohugoio's docs: 18 sections' aliases, about
    /// 40 link targets). Such a section is a page too, listing its folder's pages.
    @Test func aLinkedHugoSectionIsAPageListingItsPages() throws {
        let t = try TempTree([
            "site/hugo.toml": "baseURL = \"https://example.org/\"\n",
            "site/content/_index.md": "---\ntitle: Home\n---\n\nSee [the methods](/methods/) and [functions](functions/).\n",
            "site/content/methods/_index.md": "---\ntitle: Methods\ndescription: All methods.\nweight: 2\n---\n",
            "site/content/methods/page.md": "---\ntitle: Page methods\nlinkTitle: Page\nweight: 2\n---\n\nText.\n",
            "site/content/methods/site.md": "---\ntitle: Site methods\nweight: 1\n---\n\nText.\n",
            "site/content/methods/time/_index.md": "---\ntitle: Time\naliases: [/variables/time/]\n---\n",
            "site/content/methods/time/now.md": "---\ntitle: Now\n---\n\nText.\n",
            "site/content/functions/_index.md": "---\ntitle: Functions\n---\n",
            "site/content/functions/print.md": "---\ntitle: Print\n---\n\nText.\n",
            "site/content/quiet/_index.md": "---\ntitle: Quiet\n---\n",
            "site/content/quiet/one.md": "---\ntitle: One\n---\n\nText.\n",
        ])
        let report = try t.importDocs("site")
        #expect(t.read("Content/methods/_index.md") == "---\ntitle: Methods\nsummary: All methods.\norder: 2\n---\n\n- [Site methods](site.md)\n- [Page](page.md)\n- [Time](time/_index.md)\n",
                "\(t.read("Content/methods/_index.md") ?? "")")
        #expect(t.read("Content/methods/time/_index.md")?.contains("aliases: [\"/variables/time/\"]") == true, "old addresses kept")
        #expect(t.exists("Content/functions/_index.md") && !t.exists("Content/quiet/_index.md"), "a section nobody links to stays a _category.yml only")
        #expect(t.read("Content/methods/_category.yml") == "title: Methods\nsummary: All methods.\norder: 2\n")
        #expect(t.read("Content/_index.md")?.contains("[the methods](methods/_index.md) and [functions](functions/_index.md)") == true, "\(t.read("Content/_index.md") ?? "")")
        #expect(!report.notes.contains { $0.contains("does not lead") }, "\(report.notes)")
        let h = try Handbook.load(content: t.path("Content"))
        #expect(!h.diagnostics.contains { $0.isBrokenLink || $0.message.contains("no content") }, "\(h.diagnostics)")
        #expect(h.redirects.contains { $0.path.hasPrefix("variables/time") }, "\(h.redirects)")
    }
    /// gohugoio's documentation (issue 17): its settings are definition lists whose terms it
    /// links to (`/configuration/all/#baseurl`, about 200 broken anchors), and its glossary
    /// terms are links to `g` (`[page resources](g)`, 748 links left as written), which its
    /// render hook sends to the term in `quick-reference/glossary/`, trying the singular too.
    @Test func hugoGlossaryLinksAndDefinitionTermsLand() throws {
        let t = try TempTree([
            "site/hugo.toml": "baseURL = \"https://example.org/\"\n",
            "site/content/quick-reference/glossary/_index.md": "---\ntitle: Glossary\n---\n\n{{% glossary %}}\n",
            "site/content/quick-reference/glossary/page-resource.md": "---\ntitle: page resource\n---\n\nA file in a [_bundle_](g).\n",
            "site/content/quick-reference/glossary/taxonomy.md": "---\ntitle: taxonomy\n---\n\nA group of pages.\n",
            "site/content/quick-reference/glossary/bundle.md": "---\ntitle: bundle\n---\n\nA folder.\n",
            "site/content/configuration/all.md": """
                ---
                title: All settings
                ---

                ## Settings

                `baseURL`
                : (`string`) The absolute URL. Group pages with [_taxonomies_](g).

                `cacheDir`
                : See [page
                resources](g) and [taxonomy](g), not [walking](g) or [taxonomies](g).

                """,
            "site/content/about/intro.md": "# Intro\n\nSet [`baseURL`](/configuration/all/#baseurl) and [cacheDir](/configuration/all/#cachedir).\n",
        ])
        let report = try t.importDocs("site")
        let all = t.read("Content/configuration/all.md") ?? ""
        #expect(all.contains("Group pages with [_taxonomies_](../quick-reference/glossary/taxonomy.md)."), "\(all)")
        #expect(all.contains("""
            : See [page
            resources](../quick-reference/glossary/page-resource.md) and [taxonomy](../quick-reference/glossary/taxonomy.md), not [walking](g) or [taxonomies](../quick-reference/glossary/taxonomy.md).
            """), "\(all)")
        #expect(t.read("Content/quick-reference/glossary/page-resource.md")?.contains("[_bundle_](bundle.md)") == true)
        let notes = report.notes.filter { $0.contains("(g)") }
        #expect(notes.count == 1 && notes[0].hasPrefix("configuration/all.md:12: glossary link '[walking](g)' names no term"), "\(report.notes)")
        let h = try Handbook.load(content: t.path("Content"))
        #expect(!h.diagnostics.contains { $0.isBrokenLink }, "the terms' anchors land: \(h.diagnostics)")
        #expect(h.diagnostics.filter { $0.kind == .unresolvedLink }.map(\.subject) == ["g"], "\(h.diagnostics)")
    }

    /// Docusaurus keeps its translations in `i18n/` beside its configuration: in `website/`
    /// when the configuration is there (`website/docs/` and `website/i18n/`, EdenwareApps'
    /// Megacubo; or jest's `docs/` at the top). Imported from the repository's top, the 18
    /// translations of Megacubo were left out without a word.
    @Test func docusaurusTranslationsBesideAConfigurationInWebsite() throws {
        var tree = Self.docusaurusInWebsite
        tree["site/website/i18n/fr/docusaurus-plugin-content-docs/current/intro.md"] = "---\nid: intro\n---\n\n# Introduction\n\nVoir [le store](/api/store#dispatch).\n"
        tree["site/website/i18n/fr/docusaurus-plugin-content-docs/current.json"] = "{}"
        tree["app/website/docusaurus.config.js"] = "module.exports = { baseUrl: '/' };\n"
        tree["app/website/docs/guide.md"] = "# Guide\n\nSee [setup](setup.md).\n"
        tree["app/website/docs/setup.md"] = "# Setup\n\nText.\n"
        tree["app/website/i18n/pt-BR/docusaurus-plugin-content-docs/current/guide.md"] = "# Guia\n\nVeja [instalação](setup.md).\n"
        tree["app/README.md"] = "# App\n"
        let t = try TempTree(tree)
        let report = try t.importDocs("site")
        #expect(report.pages.contains("intro.fr.md"), "\(report.pages)")
        let fr = t.read("Content/intro.fr.md") ?? ""
        #expect(fr.contains("id: intro-fr\n") && fr.contains("lang: fr\ntranslation_of: intro\n") && fr.contains("[le store](api/store.md#dispatch)"), "\(fr)")
        #expect(report.notes.contains { $0.hasPrefix("Docusaurus translations (website/i18n/): 1 pages") }, "\(report.notes)")
        let app = try t.importDocs("app", into: "AppContent")
        #expect(app.pages.sorted() == ["guide.md", "guide.pt-BR.md", "setup.md"], "\(app.pages)")
        #expect(t.read("AppContent/guide.pt-BR.md") == "---\nlang: pt-BR\ntranslation_of: guide\n---\n\n# Guia\n\nVeja [instalação](setup.md).\n",
                "\(t.read("AppContent/guide.pt-BR.md") ?? "")")
        for content in ["Content", "AppContent"] {
            let h = try Handbook.load(content: t.path(content))
            #expect(h.pages.filter { $0.meta.translationOf != nil }.count == 1 && !h.diagnostics.hasErrors, "\(h.diagnostics)")
        }
    }

    /// open-yami-doc (Docusaurus, 1,227 Chinese translations) failed the build with 6 errors:
    /// numbered pages of two folders (`001.basic-interfaces/002.scene.md`, `004.hotkeys/002.scene.md`)
    /// both got `id: scene` (Docusaurus' ids are paths: `hotkeys/scene`), and `_createElement.md`,
    /// a partial Docusaurus does not publish, came in as a page beside `createElement.md`.
    @Test func docusaurusNumberedNamesAndPartials() throws {
        let t = try TempTree([
            "site/docusaurus.config.js": "module.exports = { baseUrl: '/' };\n",
            "site/docs/001.basic-interfaces/002.scene.md": "# Scene\n\nSee [hotkeys](../004.hotkeys/002.scene.md).\n",
            "site/docs/004.hotkeys/002.scene.md": "# Scene keys\n\nText.\n",
            "site/docs/004.hotkeys/003.ui.md": "# UI keys\n\nText.\n",
            "site/docs/api/createElement.md": "# createElement\n\nText.\n",
            "site/docs/api/_createElement.md": "# _createElement\n\nPrivate.\n",
            "site/i18n/zh/docusaurus-plugin-content-docs/current/004.hotkeys/002.scene.md": "# 场景\n\n文本。\n",
            "site/i18n/zh/docusaurus-plugin-content-docs/current/api/_createElement.md": "# _createElement\n\n私有。\n",
        ])
        let report = try t.importDocs("site")
        #expect(report.pages.sorted() == ["001.basic-interfaces/002.scene.md", "004.hotkeys/002.scene.md", "004.hotkeys/002.scene.zh.md",
                                          "004.hotkeys/003.ui.md", "api/createElement.md"], "\(report.pages)")
        #expect(t.read("Content/004.hotkeys/002.scene.md")?.hasPrefix("---\nid: hotkeys-scene\n") == true)
        #expect(t.read("Content/001.basic-interfaces/002.scene.md")?.hasPrefix("---\nid: basic-interfaces-scene\n") == true)
        #expect(t.read("Content/004.hotkeys/002.scene.zh.md")?.contains("id: hotkeys-scene-zh\n") == true)
        #expect(t.read("Content/004.hotkeys/002.scene.zh.md")?.contains("translation_of: hotkeys-scene\n") == true)
        #expect(t.read("Content/004.hotkeys/003.ui.md")?.hasPrefix("---\nid: ui\n") == true, "a name no other page has stays short")
        #expect(report.notes.contains { $0.hasPrefix("api/_createElement.md: 1 Docusaurus partial ") }, "\(report.notes)")
        let h = try Handbook.load(content: t.path("Content"))
        #expect(!h.diagnostics.hasErrors, "\(h.diagnostics)")
    }

    /// A Hugo translation copies its original's front matter, `aliases` included; Hugo
    /// publishes a translation's old addresses under its language (`/ja/old-about/`), and
    /// imported as written each gave "old address ... is also claimed by" and led to one
    /// language only.
    @Test func hugoTranslationsHaveOldAddressesOfTheirOwn() throws {
        let t = try TempTree([
            "site/hugo.toml": """
                baseURL = "https://example.org/"
                defaultContentLanguage = "en"
                [languages.en]
                contentDir = "content/en"
                [languages.ja]
                contentDir = "content/ja"
                """,
            "site/content/about/team.md": "---\ntitle: Team\naliases: [/old-team/, crew]\n---\n\nText.\n",
            "site/content/ja/about/team.md": "---\ntitle: チーム\naliases: [/old-team/, crew, /ja/kept/]\n---\n\n[旧](/ja/old-team/)\n",
            "site/content/ja/about/_index.md": "---\ntitle: について\naliases: [/old-about/, extra/]\n---\n\n本文。\n",
        ])
        let report = try t.importDocs("site")
        let ja = t.read("Content/about/team.ja.md") ?? ""
        #expect(ja.contains("aliases: [\"/ja/old-team/\", \"/ja/about/crew\", \"/ja/kept/\"]"), "\(ja)")
        #expect(ja.contains("[旧](team.ja.md)"), "a link to the translation's old address leads to it: \(ja)")
        #expect(t.read("Content/about/_index.ja.md")?.contains("aliases: [\"/ja/old-about/\", \"/ja/extra/\"]") == true,
                "\(t.read("Content/about/_index.ja.md") ?? "")")
        // A page-relative alias is from the page's folder for an original too (it was `crew`, read from the root).
        #expect(t.read("Content/about/team.md")?.contains("aliases: [\"/old-team/\", \"/about/crew\"]") == true,
                "\(t.read("Content/about/team.md") ?? "")")
        #expect(!report.notes.contains { $0.contains("does not lead") }, "\(report.notes)")
        let h = try Handbook.load(content: t.path("Content"))
        #expect(!h.diagnostics.contains { $0.kind == .oldAddressClaimed }, "\(h.diagnostics)")
        #expect(h.redirects.map(\.path).sorted() == ["about/crew/index.html", "ja/about/crew/index.html", "ja/extra/index.html", "ja/kept/index.html",
                                                     "ja/old-about/index.html", "ja/old-team/index.html", "old-team/index.html"], "\(h.redirects)")
    }

    /// gohugoio's docs take text from snippets Hugo never renders (`_common/`, a cascade of
    /// `build: {render: never}`) with `{{% include "/_common/x.md" %}}` (162 pages), and show
    /// their glossary's terms, also never rendered alone, on the glossary page
    /// (`{{% glossary %}}`). The snippets were imported as 67 pages no Hugo site shows, the
    /// includes stayed as text and 29 links to headings inside them were broken.
    @Test func hugoSnippetsAreIncludedWhereUsedAndTheGlossaryListsItsTerms() throws {
        let t = try TempTree([
            "site/hugo.toml": "baseURL = \"https://example.org/\"\n",
            "site/content/_common/_index.md": "---\ncascade:\n  build:\n    render: never\n    list: never\n---\n",
            "site/content/_common/steps.md": "---\n_comment: keep\n---\n\n## Shared steps\n\nReport it as [spam](/guides/spam/).\n\n{{% include \"/_common/nested.md\" %}}\n",
            "site/content/_common/nested.md": "---\n---\n\nNested text.\n",
            "site/content/_common/loop.md": "---\n---\n\n{{% include \"/_common/loop\" %}}\n",
            "site/content/guides/a.md": """
                ---
                title: A
                ---

                {{% include "/_common/steps.md" %}}

                - First:
                  {{< include "_common/nested" >}}

                {{< include "_common/missing" >}}

                {{% include "/_common/loop.md" %}}

                ```
                {{% include "/_common/nested.md" %}}
                ```
                """,
            "site/content/guides/spam.md": "---\ntitle: Spam\n---\n\nSee [the steps](/guides/a/#shared-steps) and [taxonomies](g).\n",
            "site/content/glossary/_index.md": "---\ntitle: Glossary\nbuild:\n  render: always\ncascade:\n  build:\n    render: never\n---\n\n{{% glossary %}}\n",
            "site/content/glossary/taxonomy.md": "---\ntitle: taxonomy\n---\n\nA group of pages. See [bundles](g).\n",
            "site/content/glossary/bundle.md": "---\ntitle: bundle\n---\n\nA folder.\n",
        ])
        let report = try t.importDocs("site")
        #expect(report.snippets.sorted() == ["_common/loop.md", "_common/nested.md", "_common/steps.md",
                                             "glossary/bundle.md", "glossary/taxonomy.md"], "\(report.snippets)")
        #expect(report.pages.sorted() == ["glossary/_index.md", "guides/a.md", "guides/spam.md"], "\(report.pages)")
        #expect(!t.exists("Content/_common"))
        let a = t.read("Content/guides/a.md") ?? ""
        #expect(a.contains("\n## Shared steps\n\nReport it as [spam](spam.md).\n\nNested text.\n"), "\(a)")
        #expect(a.contains("- First:\n  Nested text.\n"), "indented as the shortcode was: \(a)")
        #expect(a.contains("{{< include \"_common/missing\" >}}") && a.contains("```\n{{% include \"/_common/nested.md\" %}}\n```"), "\(a)")
        #expect(report.includes == 4, "steps, nested inside it, nested in the list, loop (once): \(report.includes)")
        #expect(report.notes.contains { $0.hasPrefix("guides/a.md:10: include \"_common/missing\" does not lead") }, "\(report.notes)")
        #expect(report.notes.contains { $0.hasPrefix("_common/loop.md:4: include \"/_common/loop\" includes itself (_common/loop.md -> _common/loop.md)") }, "\(report.notes)")
        // Shortcodes left as text are noted where they are written: the loop's in its snippet.
        #expect(report.notes.contains { $0.hasPrefix("_common/loop.md:4: shortcode '{{% include %}}' is left as text (1 file)") }, "\(report.notes)")
        #expect(report.notes.contains { $0.hasPrefix("guides/a.md:10: shortcode '{{< include >}}' is left as text (1 file)") }, "\(report.notes)")
        #expect(!report.notes.contains { $0.contains("glossary %}}") }, "the glossary is listed: \(report.notes)")
        let glossary = t.read("Content/glossary/_index.md") ?? ""
        #expect(glossary.contains("## bundle {#bundle}\n\nA folder.\n\n## taxonomy {#taxonomy}\n\nA group of pages. See [bundles](_index.md#bundle)."), "\(glossary)")
        #expect(t.read("Content/guides/spam.md")?.contains("[taxonomies](../glossary/_index.md#taxonomy)") == true)
        let h = try Handbook.load(content: t.path("Content"))
        #expect(!h.diagnostics.contains { $0.isBrokenLink }, "the heading inside the include is found: \(h.diagnostics)")
    }

    /// Hugo's built-in shortcodes with a Markdown form are written as it: a handbook moved
    /// from Hugo keeps its screenshots, videos and folded notes (they were shown as text).
    @Test func hugoBuiltInShortcodesBecomeMarkdown() throws {
        let t = try TempTree([
            "site/hugo.toml": "baseURL = \"https://example.org/\"\n",
            "site/static/images/listing.png": "png",
            "site/assets/photos/zion.jpg": "jpg",
            "site/content/guides/evidence.md": """
                ---
                title: Evidence
                ---

                {{< figure src="/images/listing.png" alt="A listing" caption="A replica listing" >}}

                {{< figure
                  src="/photos/zion.jpg"
                  alt="Second"
                  caption="Seen from the app"
                >}}

                Watch {{< youtube 0RKpf3rK57I >}} and {{< vimeo id="19899678" title="Calibration" >}}.

                {{< details summary="Why we ask" >}}
                Sellers forge invoices.

                - Check the date.
                {{< /details >}}

                {{< highlight go "linenos=inline" >}}
                fmt.Println("{{< figure src=x >}}")
                {{< /highlight >}}

                {{< x user="SanDiegoZoo" id="1453110110599868418" >}} {{< qr text="x" />}}

                Last line [link](/guides/evidence/).
                """,
        ])
        let report = try t.importDocs("site")
        let page = t.read("Content/guides/evidence.md") ?? ""
        #expect(page.contains("\n![A listing](../images/listing.png)\\\n*A replica listing*\n"), "\(page)")
        #expect(page.contains("\n![Second](../photos/zion.jpg)\\\n*Seen from the app*\n\n\n\n"), "the lines it spanned stay: \(page)")
        #expect(page.contains("Watch [YouTube video](https://www.youtube.com/watch?v=0RKpf3rK57I) and [Calibration](https://vimeo.com/19899678)."), "\(page)")
        #expect(page.contains("> **Why we ask**\n> Sellers forge invoices.\n>\n> - Check the date.\n\n"), "\(page)")
        #expect(page.contains("```go\nfmt.Println(\"{{< figure src=x >}}\")\n```"), "code is left as it is: \(page)")
        #expect(page.contains("[Post by @SanDiegoZoo on X](https://x.com/SanDiegoZoo/status/1453110110599868418) {{< qr text=\"x\" />}}"), "\(page)")
        #expect(report.shortcodesConverted == 7, "\(report.shortcodesConverted)")
        #expect(t.exists("Content/images/listing.png"), "the figure's static file is copied")
        #expect(t.read("Content/photos/zion.jpg") == "jpg", "and one of Hugo's assets, where the figure finds it")
        #expect(report.notes.contains { $0.contains("shortcode '{{< qr >}}'") }, "\(report.notes)")
        #expect(!report.notes.contains { $0.contains("figure") || $0.contains("youtube") || $0.contains("details") }, "\(report.notes)")
        let h = try Handbook.load(content: t.path("Content"))
        #expect(!h.diagnostics.contains { $0.isBrokenLink }, "\(h.diagnostics)")
    }

    /// Hugo's and Hextra's folded notes: one whose text starts after a blank line stays folded,
    /// as HTML's `<details>` (which the build renders); Hextra names its summary `title`, which
    /// was lost ("Details"). Others are quoted blocks, as before.
    @Test func hugoDetailsStayFoldedWhereTheyCan() throws {
        let t = try TempTree([
            "site/hugo.toml": "baseURL = \"https://example.org/\"\n",
            "site/content/faq.md": "---\ntitle: FAQ\n---\n\n{{% details title=\"How to update the theme?\" closed=\"true\" %}}\n\nRun `hugo mod get -u`.\n\n{{% /details %}}\n\n{{< details summary=\"Open <one>\" open=true >}}\n\n- Item\n{{< /details >}}\n\n- List\n  {{< details title=\"Nested\" >}}\n\n  Text\n  {{< /details >}}\n",
        ])
        let report = try t.importDocs("site")
        let page = t.read("Content/faq.md") ?? ""
        #expect(page.contains("\n<details><summary>How to update the theme?</summary>\n\nRun `hugo mod get -u`.\n\n</details>\n"), "\(page)")
        #expect(page.contains("\n<details open><summary>Open &lt;one&gt;</summary>\n\n- Item\n</details>\n"), "\(page)")
        #expect(page.contains("  > **Nested**\n"), "an indented one is quoted: \(page)")
        #expect(report.shortcodesConverted == 3, "\(report.shortcodesConverted)")
        let h = try Handbook.load(content: t.path("Content"))
        let html = try #require(h.rendered["faq.md"]?.html)
        #expect(html.contains("<details><summary>How to update the theme?</summary>\n<p>Run <code>hugo mod get -u</code>.</p>\n</details>"), "\(html)")
        #expect(html.contains("<details open=\"\"><summary>Open &lt;one&gt;</summary>\n<ul>\n<li>Item</li>\n</ul>\n</details>"), "\(html)")
    }

    /// A theme's `figure` passes `src` through `relURL`: `assets/card.png` on any page is the
    /// static folder's `assets/card.png` (mastodon's documentation, 112 screenshots left as
    /// links to nothing). A file next to the page still wins.
    @Test func aFiguresSourceNamedFromTheSitesRootIsTheStaticFile() throws {
        let t = try TempTree([
            "site/hugo.toml": "baseURL = \"https://example.org/\"\n",
            "site/static/assets/card.png": "png",
            "site/content/user/profile.md": "---\ntitle: Profile\n---\n\n{{< figure src=\"assets/card.png\" caption=\"The card\" >}}\n\n![Flag](assets/flag.png)\n",
            "site/content/user/assets/flag.png": "flag",
            "site/static/assets/flag.png": "other",
        ])
        let report = try t.importDocs("site")
        let page = t.read("Content/user/profile.md") ?? ""
        #expect(page.contains("![The card](../assets/card.png)"), "\(page)")
        #expect(page.contains("![Flag](assets/flag.png)"), "\(page)")
        #expect(t.read("Content/assets/card.png") == "png" && t.read("Content/user/assets/flag.png") == "flag")
        #expect(!report.notes.contains { $0.contains("does not lead") }, "\(report.notes)")
        let h = try Handbook.load(content: t.path("Content"))
        #expect(!h.diagnostics.contains { $0.message.contains("does not point") }, "\(h.diagnostics)")
    }

    /// Docsy's example site (the theme most Hugo docs sites use) sets the default language's
    /// folder as the site's `contentDir: content/en`, the others under `languages`: the English
    /// pages stayed under `en/`, the Norwegian ones came in at the top beside nothing, and 54
    /// site-absolute links led nowhere. Its call-out boxes, `{{% alert title="Warning" %}}` and
    /// `{{% pageinfo %}}`, were shown as text.
    @Test func docsySitesImportTheirLanguagesAndCallOutBoxes() throws {
        let t = try TempTree([
            "site/hugo.yaml": "baseURL: https://example.org/\ncontentDir: content/en\ndefaultContentLanguage: en\nlanguages:\n  en:\n    title: Docs\n  no:\n    contentDir: content/no\n    title: Dokumenter\n",
            "site/content/en/docs/overview.md": """
                ---
                title: Overview
                ---

                {{% pageinfo %}}
                This page is a placeholder.
                {{% /pageinfo %}}

                {{% alert title="Warning" color="warning" %}}
                Check the seller first.
                {{% /alert %}}

                See [getting started](/docs/getting-started/).
                """,
            "site/content/en/docs/getting-started.md": "---\ntitle: Getting started\n---\n\nText.\n",
            "site/content/no/docs/overview.md": "---\ntitle: Oversikt\n---\n\nSe [kom i gang](/docs/getting-started/).\n",
        ])
        let report = try t.importDocs("site")
        let page = t.read("Content/docs/overview.md") ?? ""
        #expect(page.contains("\n>\n> This page is a placeholder.\n\n\n> **Warning**\n> Check the seller first.\n\n\nSee [getting started](getting-started.md)."), "\(page)")
        #expect(t.read("Content/docs/overview.no.md")?.contains("translation_of: overview") == true, "\(t.read("Content/docs/overview.no.md") ?? "")")
        #expect(!t.exists("Content/en/docs/overview.md"))
        #expect(!report.notes.contains { $0.contains("alert") || $0.contains("pageinfo") || $0.contains("does not lead") }, "\(report.notes)")
        let h = try Handbook.load(content: t.path("Content"))
        #expect(!h.diagnostics.contains { $0.isBrokenLink || $0.message.contains("shortcode") }, "\(h.diagnostics)")
    }

    /// Hextra (its own docs: `{{< callout >}}` in 32 files), Hugo Book and mastodon's docs
    /// (`{{< hint style="info" >}}`, 67 files) write their call-out boxes as `callout` and
    /// `hint`; they were shown as text.
    @Test func hextraAndHugoBookCallOutsBecomeBoxes() throws {
        let t = try TempTree([
            "site/hugo.yaml": "baseURL: https://example.org/\n",
            "site/content/a.md": """
                ---
                title: A
                ---

                {{< callout type="warning" >}}
                Check the seller first.
                {{< /callout >}}

                {{< callout emoji="🌐" >}}
                Any market.
                {{< /callout >}}

                {{% hint danger %}}
                Never share the code.
                {{% /hint %}}

                {{< hint style="info" >}}
                Mastodon's form.
                {{< /hint >}}
                """,
        ])
        let report = try t.importDocs("site")
        let page = t.read("Content/a.md") ?? ""
        #expect(page.contains("> **Warning**\n> Check the seller first.\n\n\n>\n> Any market.\n\n\n> **Danger**\n> Never share the code.\n\n\n> **Info**\n> Mastodon's form.\n"), "\(page)")
        #expect(!report.notes.contains { $0.contains("callout") || $0.contains("hint") }, "\(report.notes)")
    }

    /// Grafana's docs (`{{< admonition type="note" >}}`, 26 files of its writers' toolkit) and
    /// the Learn themes (`{{% notice tip %}}`, 32 uses in their example site; `expand`) write
    /// call-out boxes the import did not know; Docsy's example page writes its alerts with the
    /// text on the shortcode's own lines (`{{% alert %}} This is an alert. {{% /alert %}}`).
    /// All were shown as text. Worse, a known box whose text starts on the opening line lost
    /// that text (mastodon's `{{< hint style="info" >}} The call may return before ...`: the
    /// line became `> **Info**`). Text right under a one-line box would run on in the quote:
    /// that one is left as it was.
    @Test func grafanaAndLearnThemeBoxesAndAlertsWrittenOnOneLineBecomeBoxes() throws {
        let t = try TempTree([
            "site/hugo.yaml": "baseURL: https://example.org/\n",
            "site/content/a.md": """
                ---
                title: A
                ---

                {{< admonition type="caution" >}}
                Check the seller first.
                {{< /admonition >}}

                {{% notice tip %}}Read [the policy](b.md) first.
                {{% /notice %}}

                {{< hint style="info" >}} The call may return early.
                {{< /hint >}}

                {{% notice style="warning" title="Never share" %}}
                The code.
                {{% /notice %}}

                {{% alert %}} This is an alert. {{% /alert %}}

                {{% alert title="Alert title" color="secondary" %}} This is an alert with a
                title. {{% /alert %}}

                {{%expand "More?" %}}Yes.{{% /expand%}}

                {{% alert %}} Runs on. {{% /alert %}}
                Next line.
                """,
            "site/content/b.md": "---\ntitle: B\n---\n\nText.\n",
        ])
        let report = try t.importDocs("site")
        let page = t.read("Content/a.md") ?? ""
        #expect(page.contains("""
            > **Caution**
            > Check the seller first.


            > **Tip** Read [the policy](b.md) first.


            > **Info** The call may return early.


            > **Never share**
            > The code.


            > This is an alert.

            > **Alert title** This is an alert with a
            > title.

            > **More?** Yes.

            {{% alert %}} Runs on. {{% /alert %}}
            Next line.
            """), "\(page)")
        #expect(report.notes.filter { $0.contains("shortcode") }.count == 1 && report.notes.contains { $0.contains("'{{% alert %}}' is left as text (1 file)") }, "\(report.notes)")
        #expect(page.components(separatedBy: "\n").count == (t.read("site/content/a.md") ?? "").components(separatedBy: "\n").count, "line numbers kept")
    }

    /// The Learn themes' example site (hugo-theme-learn) names every page in its language,
    /// `_index.en.md` beside `_index.fr.md`, as Hugo allows: the default language's section
    /// pages titled no folder (0 `_category.yml`), the French pages had no original, ids and
    /// addresses kept `.en`, and refs to `cont/pages/_index.md` (22 of them) led nowhere.
    /// A French page's ref leads to the French page, as Hugo resolves it. Its
    /// `{{% children %}}`, `{{% attachments %}}` and `{{% button %}}` were shown as text: they
    /// list the section's pages (in the page's language where there is one), the page's files,
    /// and link; Grafana's `{{< section >}}` and multi-line `{{< button >}}` too.
    @Test func hugoPagesNamedInTheDefaultLanguageAndLearnThemeListings() throws {
        let t = try TempTree([
            "site/config.toml": "baseURL = \"/\"\ndefaultContentLanguage = \"en\"\n[params]\neditURL = \"https://example.org/edit/\"\n[Languages]\n[Languages.en]\nweight = 1\n[Languages.fr]\nweight = 2\n",
            "site/content/_index.en.md": """
                ---
                title: Home
                ---

                Start [here]({{%relref "basics/_index.md" %}}), or [set up]({{%relref "basics/setup.md#install" %}}).
                """,
            "site/content/_index.fr.md": """
                ---
                title: Accueil
                ---

                Commencez [ici]({{%relref "basics/setup.md#installer" %}}).
                """,
            "site/content/basics/_index.en.md": """
                ---
                title: Basics
                weight: 5
                ---

                {{% children %}}

                {{% attachments title="Forms" pattern=".*\\.pdf$" /%}}
                """,
            "site/content/basics/_index.fr.md": "---\ntitle: Bases\n---\n\n{{% children %}}\n",
            "site/content/basics/_index.en.files/appeal-form.pdf": "pdf",
            "site/content/basics/_index.en.files/notes.txt": "txt",
            "site/content/basics/setup.en.md": "---\ntitle: Setup\nweight: 2\neditURL: mine\n---\n\n## Install\n\n{{% button href=\"https://example.org/get\" %}}Get it{{% /button %}}\n\nEdit at {{% siteparam \"editURL\" %}}, {{< param editURL >}}.\n",
            "site/content/basics/setup.fr.md": "---\ntitle: Installation\n---\n\n## Installer\n\nTexte.\n",
            "site/content/basics/review.en.md": """
                ---
                title: Review
                weight: 1
                ---

                {{< button link="https://example.org/queue" type="primary" >}}
                Open the queue
                {{< /button >}}
                """,
        ])
        let report = try t.importDocs("site")
        #expect(t.exists("Content/_index.md") && t.exists("Content/basics/setup.md") && !t.exists("Content/basics/setup.en.md"))
        #expect(t.read("Content/basics/_category.yml")?.contains("title: Basics") == true, "\(t.read("Content/basics/_category.yml") ?? "none")")
        #expect(t.read("Content/basics/setup.fr.md")?.contains("translation_of: setup") == true, "\(t.read("Content/basics/setup.fr.md") ?? "")")
        #expect(t.read("Content/_index.md")?.contains("Start [here](basics/_index.md), or [set up](basics/setup.md#install).") == true, "\(t.read("Content/_index.md") ?? "")")
        #expect(t.read("Content/_index.fr.md")?.contains("[ici](basics/setup.fr.md#installer)") == true, "\(t.read("Content/_index.fr.md") ?? "")")
        let basics = t.read("Content/basics/_index.md") ?? ""
        #expect(basics.contains("- [Review](review.md)\n- [Setup](setup.md)\n\n**Forms**\n\n- [appeal-form.pdf](_index.en.files/appeal-form.pdf)"), "\(basics)")
        #expect(!basics.contains("notes.txt"))
        #expect(t.read("Content/basics/_index.fr.md")?.contains("- [Review](review.md)\n- [Installation](setup.fr.md)") == true, "\(t.read("Content/basics/_index.fr.md") ?? "")")
        #expect(t.read("Content/basics/setup.md")?.contains("[Get it](https://example.org/get)\n") == true, "\(t.read("Content/basics/setup.md") ?? "")")
        // The Learn themes' siteparam is the site's value; param the page's first.
        #expect(t.read("Content/basics/setup.md")?.contains("Edit at https://example.org/edit/, mine.") == true, "\(t.read("Content/basics/setup.md") ?? "")")
        #expect(t.read("Content/basics/review.md")?.contains("[Open the queue](https://example.org/queue)\n") == true, "\(t.read("Content/basics/review.md") ?? "")")
        #expect(!report.notes.contains { $0.contains("shortcode") || $0.contains("does not lead") }, "\(report.notes)")
        let h = try Handbook.load(content: t.path("Content"))
        #expect(!h.diagnostics.contains { $0.isBrokenLink || $0.kind == .shortcode || $0.message.contains("share the file name") }, "\(h.diagnostics)")
    }

    /// Docsy's `imgproc` shows a picture of the page's bundle (its example blog post: a
    /// cropped sunset with a caption), the Learn themes and Grafana draw diagrams with
    /// `mermaid`, and docs about shortcodes show them escaped, `{{</* figure */>}}`, which Hugo
    /// prints as `{{< figure >}}` (gohugoio's docs: 103 lines). All came in as written: the
    /// picture as text, the diagram's lines read as Markdown, the examples with `/* */` in them.
    @Test func docsyPicturesDiagramsAndEscapedShortcodeExamples() throws {
        let t = try TempTree([
            "site/hugo.yaml": "baseURL: https://example.org/\ndefaultContentLanguage: en\nlanguages:\n  en: {}\n  fa: {}\n",
            "site/content/blog/post/index.md": """
                ---
                title: Post
                ---

                {{< imgproc sunset Crop "500x300" >}}
                Image cropped to 500x300
                {{< /imgproc >}}

                {{< mermaid >}}
                graph LR;
                    A[Report] -->|Review| B(Decision)
                {{< /mermaid >}}

                ```md
                {{</* figure src="a.png" */>}}
                ```

                Write `{{%/* note */%}}` in text; {{</* x */>}} stays.
                """,
            "site/content/blog/post/index.fa.md": "---\ntitle: پست\n---\n\n{{< imgproc sunset Crop \"500x300\" >}}\nبرش\n{{< /imgproc >}}\n",
            "site/content/blog/post/featured-sunset-1.jpg": "jpg",
        ])
        let report = try t.importDocs("site")
        let page = t.read("Content/blog/post/index.md") ?? ""
        #expect(page.contains("![Image cropped to 500x300](featured-sunset-1.jpg)\\\n*Image cropped to 500x300*\n"), "\(page)")
        #expect(page.contains("```mermaid\ngraph LR;\n    A[Report] -->|Review| B(Decision)\n```\n"), "\(page)")
        #expect(page.contains("```md\n{{< figure src=\"a.png\" >}}\n```"), "\(page)")
        #expect(page.contains("Write `{{% note %}}` in text; {{</* x */>}} stays."), "\(page)")
        #expect(t.read("Content/blog/post/index.fa.md")?.contains("![برش](featured-sunset-1.jpg)") == true, "\(t.read("Content/blog/post/index.fa.md") ?? "")")
        #expect(!report.notes.contains { $0.contains("shortcode") }, "\(report.notes)")
        let h = try Handbook.load(content: t.path("Content"))
        #expect(!h.diagnostics.contains { $0.isBrokenLink || $0.kind == .shortcode }, "\(h.diagnostics)")
    }

    /// Docsy's landing pages are built of `blocks/cover`, `lead`, `section` and `feature`
    /// (its example site's home page: 8 of them): each came in with its frame shown as text
    /// around the Markdown. The text stays; a title is bold, a feature's link follows its
    /// text, the down arrow goes; a section's features, nested inside it, each find their own
    /// closing. Lines are kept.
    @Test func docsyLandingPageBlocksKeepTheirText() throws {
        let t = try TempTree([
            "site/hugo.yaml": "baseURL: https://example.org/\n",
            "site/content/_index.md": """
                ---
                title: Rules
                ---

                {{% blocks/cover
                  title="Welcome to the handbook"
                  height="full"
                %}}
                {{% blocks/link-down color="info" %}}
                {{% /blocks/cover %}}

                {{% blocks/lead color="white" %}}
                Every SOP, **one place**.
                {{% /blocks/lead %}}

                {{% blocks/section color="primary" type="row" %}}
                {{% blocks/feature title="New rules" icon="fa-lightbulb" %}}
                Counterfeit rules changed.
                {{% /blocks/feature %}}
                {{% blocks/feature title="Report a problem" url="https://example.org/issues" %}}
                Tell the policy team.
                {{% /blocks/feature %}}
                {{% /blocks/section %}}
                """,
        ])
        let report = try t.importDocs("site")
        let page = t.read("Content/_index.md") ?? ""
        #expect(page.hasSuffix("""
            **Welcome to the handbook**







            Every SOP, **one place**.



            **New rules**
            Counterfeit rules changed.

            **Report a problem**
            Tell the policy team.
            [Read more](https://example.org/issues)

            """), "\(page)")
        #expect(!report.notes.contains { $0.contains("shortcode") }, "\(report.notes)")
    }

    /// Hugo Book's example site is served under `/hugo-book/` and links its pages from the
    /// content's top, `/docs/content/pages/`, as Hugo's link render hooks find them whatever
    /// the base URL: 13 links were "outside the base path" and left (25 warnings). Its
    /// `button` names pages with `relref`, and its `columns` (parted by `<--->`) and `steps`
    /// frame Markdown; all were shown as text. A path outside the base path that is no page
    /// is still left, with its note.
    /// GitLab's handbook (Docsy with its own theme; kyama0/gitlab-handbook-ja's 4,497 pages):
    /// `{{% note %}}` (26 uses) and `{{% panel header="**手順**" header-bg="success" %}}` (89)
    /// were shown as text, and 15 videos' `{{< youtube "jdN5mj5ieLk?start=2115" >}}` (a start
    /// time in the id, passed on to the player) or `"/sXE8F5Vu1sA"` were not links.
    @Test func gitLabHandbookNotesPanelsAndVideosThatStartLater() throws {
        let t = try TempTree([
            "site/hugo.toml": "baseURL = \"https://handbook.example.com/\"\n",
            "site/content/access.md": """
                ---
                title: Access requests
                ---

                {{% note %}}
                Ask in the help channel first.
                {{% /note %}}

                {{% panel header="**手順**" header-bg="success" %}}
                **ステップ 1.** Fill in the form.
                {{% /panel %}}

                {{< youtube "jdN5mj5ieLk?start=2115" >}}

                {{< youtube "/sXE8F5Vu1sA" >}}

                {{< youtube id="abc-DEF_123" start="30" title="Escalations" >}}
                """,
        ])
        let report = try t.importDocs("site")
        let page = t.read("Content/access.md") ?? ""
        #expect(page.contains("> **Note**\n> Ask in the help channel first.\n"), "\(page)")
        #expect(page.contains("> **手順**\n> **ステップ 1.** Fill in the form.\n"), "\(page)")
        #expect(page.contains("[YouTube video](https://www.youtube.com/watch?v=jdN5mj5ieLk&t=2115s)"), "\(page)")
        #expect(page.contains("[YouTube video](https://www.youtube.com/watch?v=sXE8F5Vu1sA)"), "\(page)")
        #expect(page.contains("[Escalations](https://www.youtube.com/watch?v=abc-DEF_123&t=30s)"), "\(page)")
        #expect(!report.notes.contains { $0.contains("shortcode") }, "\(report.notes)")
    }

    @Test func hugoBookLinksFromTheContentTopButtonsColumnsAndSteps() throws {
        let t = try TempTree([
            "site/hugo.yaml": "baseURL: https://example.org/hugo-book/\n",
            "site/content/_index.md": "---\ntitle: Home\n---\n\nRead [pages](/docs/pages/) and [elsewhere](/other/app/).\n",
            "site/content/docs/pages.md": """
                ---
                title: Pages
                ---

                {{< button relref="/" >}}Get Home{{< /button >}}

                {{% columns %}}
                - One
                <--->
                - Two
                {{% /columns %}}

                {{% steps %}}
                1. Check
                2. Decide
                {{% /steps %}}
                """,
        ])
        let report = try t.importDocs("site")
        #expect(report.basePath == "/hugo-book")
        #expect(t.read("Content/_index.md")?.contains("Read [pages](docs/pages.md) and [elsewhere](/other/app/).") == true, "\(t.read("Content/_index.md") ?? "")")
        let page = t.read("Content/docs/pages.md") ?? ""
        #expect(page.contains("[Get Home](../_index.md)\n\n\n- One\n\n- Two\n\n\n\n1. Check\n2. Decide\n"), "\(page)")
        #expect(report.notes.contains { $0.contains("link '/other/app/' is outside the base path /hugo-book") }, "\(report.notes)")
        #expect(!report.notes.contains { $0.contains("shortcode") || $0.contains("/docs/pages/") }, "\(report.notes)")
    }

    /// just-the-docs (Jekyll) shows each example in `<div class="code-example" markdown="1">`
    /// with its text on the next line (20 of them), which kramdown reads as Markdown and
    /// CommonMark as raw HTML up to the next blank line: `**bold**` was shown with its
    /// asterisks, and the fenced code right after `</div>` became part of the HTML (a link
    /// inside it was warned about). The wrapper is left out; MkDocs Material's form, with a
    /// blank line after the tag, is read as Markdown already and kept; code is untouched.
    @Test func kramdownMarkdownBlocksAreReadAsMarkdown() throws {
        let t = try TempTree([
            "site/_config.yml": "title: Docs\n",
            "site/a.md": """
                ---
                title: A
                ---

                <div class="code-example" markdown="1">
                Text can be **bold**.
                <div markdown="1">
                Nested.
                </div>
                </div>
                ```markdown
                Text can be **bold**.
                ```

                <div class="result" markdown>

                Material's form.

                </div>

                ```html
                <div markdown="1">
                kept
                </div>
                ```
                """,
        ])
        _ = try t.importDocs("site")
        let page = t.read("Content/a.md") ?? ""
        #expect(page.contains("\n\nText can be **bold**.\n\nNested.\n\n\n```markdown\n"), "\(page)")
        #expect(page.contains("<div class=\"result\" markdown>\n\nMaterial's form.\n\n</div>") && page.contains("```html\n<div markdown=\"1\">\nkept\n</div>\n```"), "\(page)")
        let h = try Handbook.load(content: t.path("Content"))
        let html = try #require(h.rendered["a.md"]?.html)
        #expect(html.contains("<strong>bold</strong>") && html.contains("<p>Nested.</p>"), "\(html)")
    }

    /// A GitHub wiki (`git clone .../tool.wiki.git`; acme.sh's, 54 pages): no configuration, so
    /// the import named no tool; its pages link each other by name (`[[How to install]]`,
    /// `[install](How-to-install)`, from any folder) and by their addresses on GitHub (24 in
    /// acme.sh's, often bare), and `_Sidebar.md`/`_Footer.md` are the frame of every page.
    @Test func gitHubWikisImportWithTheirLinksAndSidebar() throws {
        let t = try TempTree([
            "wiki/Home.md": """
                Welcome. See [[How to install]] and [[the guide|How to issue a cert]],
                https://github.com/acme/tool/wiki/How-to-install and <https://github.com/acme/tool/wiki/How-to-issue-a-cert#dns-mode>,
                [install](How-to-install), [[shot.png|alt=Screen]], [[Missing page]], [issue](../issues/12), `[[code]]`.
                """,
            "wiki/How-to-install.md": "# Install\n\nText, then [[Home]].\n",
            "wiki/guides/How-to-issue-a-cert.md": "## DNS mode\n\nText. [Back](https://github.com/acme/tool/wiki), [other wiki](https://github.com/else/where/wiki/Home).\n",
            "wiki/_Sidebar.md": "* [[Home]]\n* [[How to issue a cert]]\n* [[Install it|How to install]]\n",
            "wiki/_Footer.md": "Footer\n",
            "wiki/shot.png": "png",
        ])
        let report = try t.importDocs("wiki")
        #expect(report.tool == .jekyll)
        let home = t.read("Content/Home.md") ?? ""
        #expect(home.contains("See [How to install](How-to-install.md) and [the guide](guides/How-to-issue-a-cert.md),\n[How to install](How-to-install.md) and [How to issue a cert](guides/How-to-issue-a-cert.md#dns-mode),\n[install](How-to-install.md), ![Screen](shot.png), [[Missing page]], [issue](https://github.com/acme/tool/issues/12), `[[code]]`."), "\(home)")
        #expect(t.read("Content/guides/How-to-issue-a-cert.md")?.contains("Text. [Back](../Home.md), [other wiki](https://github.com/else/where/wiki/Home).") == true, "\(t.read("Content/guides/How-to-issue-a-cert.md") ?? "")")
        #expect(t.read("Content/How-to-install.md")?.contains("Text, then [Home](Home.md).") == true)
        #expect(!t.exists("Content/_Sidebar.md") && !t.exists("Content/_Footer.md"), "the frame is no page")
        #expect(t.read("Content/How-to-install.md")?.contains("nav_title: Install it\norder: 3") == true, "\(t.read("Content/How-to-install.md") ?? "")")
        #expect(t.read("Content/guides/How-to-issue-a-cert.md")?.contains("title: How to issue a cert\norder: 2") == true, "\(t.read("Content/guides/How-to-issue-a-cert.md") ?? "")")
        #expect(report.notes.contains { $0.contains("GitHub wiki") && $0.contains("github.com/acme/tool") }, "\(report.notes)")
        #expect(report.notes.contains { $0.contains("[[Missing page]]") }, "\(report.notes)")
        let h = try Handbook.load(content: t.path("Content"))
        #expect(!h.diagnostics.contains { $0.isBrokenLink || $0.message.contains("does not point") }, "\(h.diagnostics)")
    }

    /// SickChill's wiki: a page opens with a bar of links between two rules (`---`), which was
    /// read as front matter that could not be read, and the build failed on four pages; and its
    /// links write anchors with capitals (`#Merge-develop-into-master`), which GitHub finds and
    /// a browser does not (7 broken links).
    @Test func wikiPagesStartingWithARuleAndAnchorsWithOtherCapitals() throws {
        let t = try TempTree([
            "wiki/Home.md": "Start at [merging](Git-merge#Merge-develop-into-master).\n",
            "wiki/Settings.md": "---\n\n[ [General] ](#general) [ [Backup] ](#Backup)\n\n---\n\n## General\n\nText.\n\n## Backup\n\nText.\n",
            "wiki/Git-merge.md": "- [Merge](#Merge-develop-into-master)\n- [Other](#Nowhere)\n\n## Merge develop into master\n\nText.\n",
        ])
        _ = try t.importDocs("wiki")
        #expect(t.read("Content/Settings.md")?.hasPrefix("---\ntitle: Settings\n---\n\n---\n\n[ [General] ](#general) [ [Backup] ](#backup)") == true, "\(t.read("Content/Settings.md") ?? "")")
        #expect(t.read("Content/Git-merge.md")?.contains("- [Merge](#merge-develop-into-master)\n- [Other](#Nowhere)") == true, "\(t.read("Content/Git-merge.md") ?? "")")
        #expect(t.read("Content/Home.md")?.contains("[merging](Git-merge.md#merge-develop-into-master)") == true, "\(t.read("Content/Home.md") ?? "")")
        let h = try Handbook.load(content: t.path("Content"), links: .warn)
        #expect(!h.diagnostics.contains { $0.severity == .error }, "\(h.diagnostics)")
        #expect(h.diagnostics.filter(\.isBrokenLink).count == 1, "only #Nowhere: \(h.diagnostics)")
    }

    /// Jekyll links its pages with tags, `[front matter]({% link _docs/front-matter.md %})` and
    /// `{% post_url 2013-05-06-released %}` (jekyll's own docs, 19 uses), and other sites with
    /// site variables, `[#7633]({{ site.repository }}/issues/7633)` (3,014 uses): the import
    /// wrote them as they were, which no Markdown reads as a link.
    @Test func jekyllLinkTagsBecomeRelativeLinks() throws {
        let t = try TempTree([
            "site/_config.yml": "title: Docs\nbaseurl: /handbook\nrepository: https://github.com/acme/handbook\n",
            "site/_data/policy.yml": "min_age: 18\nappeals:\n  days: 14\n",
            "site/_data/ruby.json": "{\"min_version\": \"2.7.0\"}\n",
            "site/_docs/rules.md": "---\ntitle: Rules\n---\n\n## Scope {#scope}\n\nText.\n",
            "site/_docs/history.md": """
                ---
                title: History
                ---

                - Fixed ([#12]({{ site.repository }}/issues/12)), see [the rules]({{ site.baseurl }}/_docs/rules.html).
                - Kept: `{{ site.repository }}` and {{ site.unknown }}.

                ```
                {{ site.repository }}
                ```
                """,
            "site/_posts/2020-01-02-launch.markdown": "---\ntitle: Launch\n---\n\nText.\n",
            "site/_docs/intro.md": """
                ---
                title: Intro
                ---

                Read [the rules]({% link _docs/rules.md %}#scope) and [the launch]({{ site.baseurl }}{% post_url 2020-01-02-launch %}).

                See the [launch].

                [launch]: {% post_url 2020-01-02-launch %}

                Written `{% link _docs/rules.md %}` in code, {% raw %}{% link _docs/rules.md %}{% endraw %} raw, and {% link {{ page.x }} %}.

                ```
                {% link _docs/rules.md %}
                ```

                {% raw %}
                ```liquid
                {% for post in site.posts %}{{ site.repository }}{% endfor %}
                ```
                {%- endraw -%}
                Set {% raw %}`{{ site.repository }}`{% endraw %} to {{ site.repository }}.

                Guides: [rules]({{ '/_docs/rules.html#scope' | relative_url }}), [launch]({{ "/2020/01/02/launch.html" | absolute_url }}), {{ 'x' | upcase }}.

                Tags go between {% raw %}`{%`{% endraw %} and {% raw %}`%}`{% endraw %}.

                Members are at least {{ site.data.policy.min_age }}, appeals take {{ site.data.policy.appeals.days }} days, Ruby {{ site.data.ruby.min_version }}, {{ site.data.policy.unknown }}.
                """,
        ])
        let report = try t.importDocs("site")
        let intro = t.read("Content/_docs/intro.md") ?? ""
        #expect(intro.contains("Read [the rules](rules.md#scope) and [the launch](../_posts/2020-01-02-launch.md)."), "\(intro)")
        #expect(intro.contains("[launch]: ../_posts/2020-01-02-launch.md"), "\(intro)")
        #expect(intro.contains("Written `{% link _docs/rules.md %}` in code, {% link _docs/rules.md %} raw, and {% link {{ page.x }} %}."), "\(intro)")
        #expect(intro.contains("```\n{% link _docs/rules.md %}\n```"), "\(intro)")
        // Liquid's raw tags are gone, what they enclose is as written; their lines stay, empty.
        #expect(intro.contains("```\n\n\n```liquid\n{% for post in site.posts %}{{ site.repository }}{% endfor %}\n```\n\nSet `{{ site.repository }}` to https://github.com/acme/handbook."), "\(intro)")
        // `{{ '/x/' | relative_url }}`, jekyll's docs' way to link (112 uses, all shown as
        // text), is the path under the base path; a `{%` inside a raw block is text.
        #expect(intro.contains("Guides: [rules](rules.md#scope), [launch](../_posts/2020-01-02-launch.md), {{ 'x' | upcase }}."), "\(intro)")
        #expect(intro.contains("Tags go between `{%` and `%}`."), "\(intro)")
        // `{{ site.data.* }}`: the values of the site's data files (jekyll's docs: its Ruby version).
        #expect(intro.contains("Members are at least 18, appeals take 14 days, Ruby 2.7.0, {{ site.data.policy.unknown }}."), "\(intro)")
        let history = t.read("Content/_docs/history.md") ?? ""
        #expect(history.contains("- Fixed ([#12](https://github.com/acme/handbook/issues/12)), see [the rules](rules.md)."), "\(history)")
        #expect(history.contains("- Kept: `{{ site.repository }}` and {{ site.unknown }}.") && history.contains("```\n{{ site.repository }}\n```"), "\(history)")
        #expect(report.shortcodesConverted == 11, "3 tags, 3 site variables, 2 URL filters and 3 data values: \(report.shortcodesConverted)")
        let h = try Handbook.load(content: t.path("Content"))
        #expect(!h.diagnostics.contains { $0.isBrokenLink }, "\(h.diagnostics)")
    }

    /// opensource.guide (Jekyll, `permalink: "/:path/"`) links its Arabic articles to each other
    /// as `../starting-a-project/#كتابة-ملف-README` from `/ar/building-community/`: the browser
    /// goes to `/ar/starting-a-project/`, the translation. The import resolved the link from the
    /// file's folder (`_articles/ar/`), found the English original, and 222 anchors were broken.
    /// A link to a `.md` file stays relative to the file; Hugo's pages are at `name/` as well.
    @Test func aLinkToAnAddressIsRelativeToThePagesOwnAddress() throws {
        let t = try TempTree([
            "site/_config.yml": "title: Guides\ncollections:\n  articles:\n    output: true\n    permalink: \"/:path/\"\n",
            "site/_articles/starting.md": "---\ntitle: Starting\n---\n\n## Write a README\n\nText.\n",
            "site/_articles/building.md": "---\ntitle: Building\n---\n\nSee [the README](../starting/#write-a-readme).\n",
            "site/_articles/ar/starting.md": "---\ntitle: البدء\nlang: ar\n---\n\n## كتابة ملف README\n\nنص.\n",
            "site/_articles/ar/building.md": "---\ntitle: البناء\nlang: ar\n---\n\nانظر [README](../starting/#كتابة-ملف-readme) و[English](../../starting/) و[file](../starting.md).\n",
            "site/_articles/fr/starting.md": "---\ntitle: Démarrer\n---\n\n## Rédaction\n\nTexte.\n",
            "site/_articles/fr/building.md": "---\ntitle: Construire\n---\n\nVoir [la r&eacute;daction](../starting/#r&eacute;daction).\n",
            "hugo/hugo.toml": "baseURL = \"https://example.org/\"\n",
            "hugo/content/other.md": "---\ntitle: Top other\n---\n\nText.\n",
            "hugo/content/a/other.md": "---\ntitle: A other\n---\n\nText.\n",
            "hugo/content/a/b.md": "---\ntitle: B\n---\n\nSee [other](../other/) and [the file](../other.md).\n",
        ])
        _ = try t.importDocs("site")
        #expect(t.read("Content/_articles/building.md")?.contains("[the README](starting.md#write-a-readme)") == true, "\(t.read("Content/_articles/building.md") ?? "")")
        // The Arabic pages are translations (`jekyllTranslationsInALanguageFolderBecomeTranslations`), beside their originals.
        let ar = t.read("Content/_articles/building.ar.md") ?? ""
        #expect(ar.contains("[README](starting.ar.md#كتابة-ملف-readme)"), "\(ar)")
        #expect(ar.contains("[English](starting.md)") && ar.contains("[file](starting.md)"), "\(ar)")
        // A destination written with a character reference is found and rewritten too.
        #expect(t.read("Content/_articles/fr/building.md")?.contains("Voir [la r&eacute;daction](starting.md#rédaction).") == true, "\(t.read("Content/_articles/fr/building.md") ?? "")")
        let h = try Handbook.load(content: t.path("Content"))
        #expect(!h.diagnostics.contains { $0.isBrokenLink }, "\(h.diagnostics)")
        _ = try t.importDocs("hugo", into: "Hugo")
        #expect(t.read("Hugo/a/b.md")?.contains("See [other](other.md) and [the file](../other.md).") == true, "\(t.read("Hugo/a/b.md") ?? "")")
    }

    /// Jekyll's `{% highlight ruby %}` ... `{% endhighlight %}` (just-the-docs' documentation) was
    /// shown as two tags around plain text: it is a fenced code block in that language, its
    /// fence longer than one the code holds; in a raw block, or without its end, it stays.
    @Test func jekyllHighlightTagsBecomeFencedCode() {
        let text = "{% highlight ruby linenos %}\ndef x; end\n{% endhighlight %}\n\n  {% highlight markdown %}\n  ```js\n  var a\n  ```\n  {% endhighlight %}\n\n{% raw %}\n{% highlight ruby %}\n{% endraw %}\n{% highlight go %}\n"
        let (out, count) = JekyllLinkTags.convert(text, basePath: "/")
        #expect(out == "```ruby\ndef x; end\n```\n\n  ````markdown\n  ```js\n  var a\n  ```\n  ````\n\n\n{% highlight ruby %}\n\n{% highlight go %}\n", "\(out)")
        #expect(count == 4)
    }

    /// Kramdown's block attribute lists (just-the-docs' `{: .warning }` call-outs, jekyll's docs'
    /// `{: .note .info}`, `{: .no_toc }` after headings, `* TOC` + `{:toc}`): 30 pages of
    /// just-the-docs showed them as text.
    @Test func kramdownAttributeListsBecomeBoxesAnchorsOrNothing() {
        let text = """
            * TOC
            {:toc}

            ## Pinning {#pinning}
            {: .no_toc }

            ## Setup
            {: #set-up }

            {: .warning }
            Pin the theme's version,
            or it changes under you.

            {: .note .info}
            > Already quoted.

            Styled paragraph.
            {: .fs-6 .fw-300 }

            [Start](#start){: .btn .btn-primary } <span>New</span>{: .label } `[x](y){: .btn }` {: .kept}

            ```
            {: .note }
            ```
            """
        let (out, boxes, removed) = KramdownAttributes.convert(text)
        #expect(out == """



            ## Pinning {#pinning}


            ## Setup {#set-up}


            > **Warning**
            > Pin the theme's version,
            > or it changes under you.

            > **Note**
            > Already quoted.

            Styled paragraph.


            [Start](#start) <span>New</span> `[x](y){: .btn }` {: .kept}

            ```
            {: .note }
            ```
            """, "\(out)")
        #expect(boxes == 2 && removed == 6)
    }

    /// Docusaurus' tabs (babel's docs: 22 tabs in 5 pages) were shown as their tags, as raw HTML
    /// is: each tab's label becomes a bold line above its text, the tags and theme imports go.
    @Test func docusaurusTabsAreUnfolded() {
        let text = """
            import Tabs from '@theme/Tabs';
            import TabItem from '@theme/TabItem';

            <Tabs groupId="pm">
            <TabItem value="npm" label="npm *7*" default>

            ```bash
            npm install
            ```

            </TabItem>
            <TabItem value="yarn">

            Use yarn.

            </TabItem>
            </Tabs>

            ```mdx
            <TabItem value="x">
            ```
            """
        let (out, tabs) = DocusaurusTabs.convert(text)
        #expect(out == "\n\n\n\n**npm \\*7\\***\n\n```bash\nnpm install\n```\n\n\n**yarn**\n\nUse yarn.\n\n\n\n\n```mdx\n<TabItem value=\"x\">\n```", "\(out)")
        #expect(tabs == 2)
    }

    /// `<details>` blocks (babel's docs: 22) were turned into quoted blocks with the summary in
    /// bold, as raw HTML showed as tags; the build renders them folded now (see RawHTMLTests),
    /// so the import keeps them as written, summary formatting and all.
    @Test func htmlDetailsBlocksAreKeptAsWritten() throws {
        let page = "---\ntitle: Usage\n---\n\n<details><summary><code>uapi</code> use</summary>\n\n    uapi DomainInfo\n</details>\n"
        let t = try TempTree(["docs/usage.md": page])
        let report = try t.importDocs("docs")
        #expect(t.read("Content/usage.md")?.hasSuffix("<details><summary><code>uapi</code> use</summary>\n\n    uapi DomainInfo\n</details>\n") == true, "\(t.read("Content/usage.md") ?? "")")
        #expect(report.admonitions == 0)
        let h = try Handbook.load(content: t.path("Content"))
        #expect(h.rendered["usage.md"]?.html.contains("<details><summary><code>uapi</code> use</summary>\n<pre tabindex=\"0\"><code>uapi DomainInfo") == true)
    }

    /// Found by FuzzDocsImport: a tag whose path or line ends in a lone carriage return left the
    /// CR at the line's end, where it and the line feed became one line break (CR LF) and the
    /// page one line shorter, so notes named the wrong lines.
    @Test func jekyllTagsBeforeALoneCarriageReturnKeepTheLines() {
        let (out, _) = JekyllLinkTags.convert("{% post_url 20}\r%}\nnext", basePath: "/docs")
        #expect(out.split(separator: "\n", omittingEmptySubsequences: false).count == 2, "\(out.debugDescription)")
        // A lone CR is a line break, as CommonMark reads it: the import reads it as one, so a
        // shortcode over two lines ending in one (`>}} x\r`, found by the fuzzer) keeps them.
        let page = Importer.PageSource.decode(Data("a\rb\r\nc".utf8))
        #expect(page == "a\nb\nc")
        let text = Importer.PageSource.decode(Data("{ne {{< vimeo le\n>}} x\r".utf8)) ?? ""
        let (hugo, _) = HugoShortcodes.convert(text)
        #expect(hugo.split(separator: "\n", omittingEmptySubsequences: false).count == 3, "\(hugo.debugDescription)")
    }

    /// opensource.guide keeps each translation in a folder named for its language, `lang:` in
    /// its front matter (`_articles/id/legal.md`, `lang: id`): imported where they were, each
    /// article was 28 unrelated pages of one name. They go beside their originals as
    /// `legal.id.md` with `translation_of:`, and links between them still land.
    @Test func jekyllTranslationsInALanguageFolderBecomeTranslations() throws {
        let t = try TempTree([
            "site/_config.yml": "title: Guides\ncollections:\n  articles:\n    output: true\n    permalink: \"/:path/\"\n",
            "site/_articles/legal.md": "---\ntitle: Legal\nlang: en\n---\n\n## Licences\n\nText.\n",
            "site/_articles/starting.md": "---\ntitle: Starting\n---\n\nSee [legal](../legal/#licences).\n",
            "site/_articles/id/legal.md": "---\ntitle: Hukum\nlang: id\n---\n\n## Lisensi\n\nTeks.\n",
            "site/_articles/id/starting.md": "---\ntitle: Memulai\nlang: id\n---\n\nLihat [hukum](../legal/#lisensi).\n",
            "site/_articles/id/only.md": "---\ntitle: Hanya\nlang: id\n---\n\nTeks.\n",
            "site/notes/x.md": "---\ntitle: Note\nlang: fr\n---\n\nTexte.\n",
        ])
        let report = try t.importDocs("site")
        #expect(t.read("Content/_articles/legal.id.md") == "---\ntitle: Hukum\nlang: id\ntranslation_of: legal\n---\n\n## Lisensi\n\nTeks.\n", "\(t.read("Content/_articles/legal.id.md") ?? "")")
        #expect(t.read("Content/_articles/starting.id.md")?.contains("Lihat [hukum](legal.id.md#lisensi).") == true, "\(t.read("Content/_articles/starting.id.md") ?? "")")
        #expect(t.read("Content/_articles/starting.md")?.contains("See [legal](legal.md#licences).") == true)
        #expect(t.exists("Content/_articles/id/only.md") && t.exists("Content/notes/x.md"), "no original: where it was")
        #expect(report.notes.contains { $0.contains("2 translations linked to their originals") }, "\(report.notes)")
        let h = try Handbook.load(content: t.path("Content"))
        #expect(!h.diagnostics.contains { $0.isBrokenLink || $0.severity == .error }, "\(h.diagnostics)")
        #expect(h.page(id: "legal-id")?.meta.translationOf == "legal", "\(h.pages.map(\.meta.id))")
    }

    /// MkDocs' snippets (pymdownx.snippets), `--8<-- "examples/hello.py"` inside a code block
    /// or a shared Markdown paragraph, were written as the marker: code examples came in empty.
    @Test func mkdocsSnippetsBringInTheirText() throws {
        let t = try TempTree([
            "site/mkdocs.yml": "site_name: Docs\nmarkdown_extensions:\n  - pymdownx.snippets\n",
            "site/examples/hello.py": "import sys\nprint('hello')\nprint('bye')\n",
            "site/includes/abbreviations.md": "*[SOP]: Standard operating procedure\n",
            "site/docs/snippets/help.md": "Ask in [the channel](../other.md).\n",
            "site/docs/other.md": "# Other\n\nText.\n",
            "site/docs/index.md": """
                # Home

                ```python
                --8<-- "examples/hello.py"
                ```

                ```python
                --8<-- "examples/hello.py:2:3"
                ```

                --8<-- "snippets/help.md"

                !!! note "Shared"
                    --8<-- "snippets/help.md"

                --8<--
                examples/hello.py
                --8<--

                ;--8<-- "examples/hello.py"

                --8<-- "missing.md"

                --8<-- "includes/abbreviations.md"
                """,
        ])
        let report = try t.importDocs("site")
        let page = t.read("Content/index.md") ?? ""
        #expect(page.contains("```python\nimport sys\nprint('hello')\nprint('bye')\n```"), "\(page)")
        #expect(page.contains("```python\nprint('hello')\nprint('bye')\n```"), "lines 2 to 3: \(page)")
        #expect(page.contains("\nAsk in [the channel](other.md).\n"), "converted as the page's text: \(page)")
        #expect(page.contains("> Ask in [the channel](other.md)."), "inside the quoted call-out box: \(page)")
        #expect(page.contains("\nimport sys\nprint('hello')\nprint('bye')\n\n--8<-- \"examples/hello.py\"\n"), "the block form, then the escaped marker as text: \(page)")
        #expect(page.contains("--8<-- \"missing.md\""), "\(page)")
        #expect(!page.contains("*[SOP]") && !page.contains("abbreviations.md"), "\(page)")
        #expect(report.notes.contains { $0.hasPrefix("index.md:22: snippet \"missing.md\" does not lead") }, "\(report.notes)")
        #expect(report.notes.contains { $0.contains("abbreviations") }, "\(report.notes)")
        #expect(report.includes == 5, "\(report.includes)")
        let h = try Handbook.load(content: t.path("Content"))
        #expect(!h.diagnostics.contains { $0.isBrokenLink }, "\(h.diagnostics)")
    }

    /// A Markdown snippet that is a symbolic link to a file outside the corpus is never written
    /// into the page that names it (it was: `docs/snippets/help.md -> ~/.aws/credentials` put the
    /// credentials in Content/index.md); a note names it.
    @Test func aSnippetLinkedOutOfTheCorpusIsNotWrittenIntoThePage() throws {
        let t = try TempTree([
            "site/mkdocs.yml": "site_name: Docs\nmarkdown_extensions:\n  - pymdownx.snippets\n",
            "site/docs/index.md": "# Home\n\n--8<-- \"snippets/help.md\"\n",
            "outside/credentials.md": "aws_secret_access_key = abc\n",
        ])
        try FileManager.default.createDirectory(atPath: t.path("site/docs/snippets"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: t.path("site/docs/snippets/help.md"), withDestinationPath: t.path("outside/credentials.md"))
        let report = try t.importDocs("site")
        let page = try #require(t.read("Content/index.md"))
        #expect(!page.contains("aws_secret"), "\(page)")
        #expect(report.notes.contains { $0.contains("outside the corpus") }, "\(report.notes)")
    }

    /// swift-corelibs-foundation's `NSString.deletingLastPathComponent` traps on a
    /// one-character path, and the import took the folder of a folder that way: a corpus with a
    /// one-letter folder (`content/a/`) stopped the import with "Illegal instruction". Found by
    /// importing generated pages; every module now asks `PathText.parent`.
    @Test func oneLetterFoldersImport() throws {
        let t = try TempTree([
            "site/hugo.toml": "baseURL = \"https://example.org/\"\n",
            "site/content/a/_index.md": "---\ntitle: A\naliases: [old]\n---\n\nSection.\n",
            "site/content/a/b/p.md": "---\ntitle: P\naliases: [q]\n---\n\n[up](../)\n",
            "site/content/x.md": "---\ntitle: X\n---\n\n[p](/a/b/p/)\n",
        ])
        let report = try t.importDocs("site")
        #expect(report.pages.sorted() == ["a/_index.md", "a/b/p.md", "x.md"], "\(report.pages)")
        #expect(t.read("Content/x.md")?.contains("[p](a/b/p.md)") == true)
        #expect(t.read("Content/a/b/p.md")?.contains("aliases: [\"/a/b/q\"]") == true, "\(t.read("Content/a/b/p.md") ?? "")")
        #expect(PathText.parent(of: "a") == "" && PathText.parent(of: "a/b") == "a")
    }

    /// A converted shortcode keeps the page's line count, also when a quoted value spans
    /// lines (found by make fuzz: the title's line break was written into the link).
    @Test func aShortcodeWithAValueOnTwoLinesKeepsTheLines() {
        let text = "Watch {{< youtube id=\"abc\" title=\"first\nsecond\" >}} now.\nNext line."
        let (out, count) = HugoShortcodes.convert(text)
        #expect(count == 1)
        #expect(out == "Watch [first second](https://www.youtube.com/watch?v=abc) now.\n\nNext line.", "\(out)")
    }

    /// grpc.io names its releases in its configuration (`params: grpc_vers: core: v1.82.0`) and
    /// writes `{{< param grpc_vers.core >}}` in text, links and commands (73 uses); Hugo puts
    /// the page's value, else the site's, everywhere, code included. They were shown as text.
    @Test func hugoParamsAreFilledInFromThePageOrTheSite() throws {
        let t = try TempTree([
            "site/config.yaml": "baseURL: https://example.org/\nparams:\n  Grpc_Vers:\n    core: v1.82.0\n  support: help@example.org\n",
            "site/content/_index.md": "---\ntitle: Home\n---\n",
            "site/content/faq.md": """
                ---
                title: FAQ
                params:
                  support: trust@example.org
                ---

                The latest release is {{< param grpc_vers.core >}}; see [notes](https://github.com/grpc/grpc/blob/{{< param "grpc_vers.core" >}}/README.md).
                Write to {{< param support >}}. {{< param missing >}} stays.

                ```sh
                git clone -b {{< param grpc_vers.core >}} https://github.com/grpc/grpc
                ```
                """,
        ])
        let report = try t.importDocs("site")
        let page = t.read("Content/faq.md") ?? ""
        #expect(page.contains("The latest release is v1.82.0; see [notes](https://github.com/grpc/grpc/blob/v1.82.0/README.md)."), "\(page)")
        #expect(page.contains("Write to trust@example.org. {{< param missing >}} stays."), "the page's own value first: \(page)")
        #expect(page.contains("git clone -b v1.82.0 https://github.com/grpc/grpc"), "\(page)")
        #expect(report.notes.contains { $0.contains("{{< param >}}") }, "the one left is still reported: \(report.notes)")
    }

    /// Hugo languages as content mounts (`source = "content/ja" target = "content" lang = "ja"`,
    /// or `sites: {matrix: {languages: [ja]}}`), and folders named as the configured languages
    /// when the mounts are in a file Hugo's build writes (opentelemetry.io): en/ and ja/ stayed
    /// folders, no page was a translation, and every site-absolute link led nowhere.
    @Test func hugoLanguagesFromMountsAndLanguageFolders() throws {
        let mounted = try TempTree([
            "site/hugo.yaml": """
            languages:
              en: {weight: 1}
              ja: {weight: 2}
            module:
              mounts:
                - {source: content/en, target: content}
                - {source: content/ja, target: content, sites: {matrix: {languages: [ja]}}}
            """,
            "site/content/en/reports.md": "---\ntitle: Reports\n---\nSee [appeals](/appeals/).\n",
            "site/content/en/appeals.md": "---\ntitle: Appeals\n---\nText.\n",
            "site/content/ja/reports.md": "---\ntitle: レポート\n---\nテキスト。\n",
        ])
        let report = try mounted.importDocs("site")
        #expect(Set(report.pages) == ["reports.md", "appeals.md", "reports.ja.md"], "\(report.pages.sorted())")
        #expect(mounted.read("Content/reports.md")?.contains("[appeals](appeals.md)") == true, "\(mounted.read("Content/reports.md") ?? "")")

        let folders = try TempTree([
            "site/hugo.yaml": "languages:\n  en: {weight: 1}\n  ja: {weight: 2}\n",
            "site/content/en/reports.md": "---\ntitle: Reports\n---\nText.\n",
            "site/content/ja/reports.md": "---\ntitle: レポート\n---\nテキスト。\n",
        ])
        let second = try folders.importDocs("site")
        #expect(Set(second.pages) == ["reports.md", "reports.ja.md"], "\(second.pages.sorted())")
    }

    /// Hugo's configuration directory (Docsy sites, opentelemetry.io): `config/_default/hugo.toml`
    /// and a file per key beside it. A site configured only there was not recognised (and the
    /// error said to import config/_default), and with --from hugo its base URL and
    /// languages were not read.
    @Test func hugoConfigurationDirectoryIsRead() throws {
        let t = try TempTree([
            "site/config/_default/hugo.toml": "baseURL = \"https://example.org/handbook/\"\ntitle = \"Handbook\"\n",
            "site/config/_default/languages.toml": "[en]\ncontentDir = \"content/en\"\nweight = 1\n[id]\ncontentDir = \"content/id\"\nweight = 2\n",
            "site/content/en/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
            "site/content/en/appeals.md": "---\ntitle: Appeals\n---\nSee [home](/handbook/).\n",
            "site/content/id/appeals.md": "---\ntitle: Banding\n---\nTeks.\n",
        ])
        #expect(DocsTool.detect(t.path("site")) == .hugo)
        let config = Importer.readHugoConfig(t.path("site"))
        #expect(config.top["baseURL"] == "https://example.org/handbook/" && config.languages["id"]?["contentDir"] == "content/id", "\(config.top) \(config.languages)")
        let report = try t.importDocs("site")
        #expect(report.basePath == "/handbook", "\(report.basePath)")
        #expect(report.pages.contains("appeals.id.md"), "\(report.pages.sorted())")
    }

    /// Hugo sites' tabs were shown as their shortcodes (dapr: `{{< tabs >}}` in 128 files, with
    /// `{{% codetab %}}` inside): each tab's label is a bold line above its text, as
    /// Docusaurus' tabs are unfolded; Docsy's tab with a `lang` holds code.
    @Test func hugoTabsAreUnfoldedUnderTheirLabels() {
        let dapr = "Run it:\n\n{{< tabs \".NET\" Python >}}\n\n{{% codetab %}}\n```bash\ndotnet run\n```\n{{% /codetab %}}\n\n{{% codetab %}}\n```bash\npython3 app.py\n```\n{{% /codetab %}}\n\n{{< /tabs >}}\n\nDone."
        let (out, count) = HugoShortcodes.convert(dapr)
        #expect(count == 2)
        #expect(out == "Run it:\n\n\n\n**.NET**\n```bash\ndotnet run\n```\n\n\n**Python**\n```bash\npython3 app.py\n```\n\n\n\n\nDone.", "\(out)")
        let hextra = "{{< tabs items=\"JSON,YAML\" >}}\n  {{< tab >}}**JSON** text{{< /tab >}}\n  {{< tab >}}\nname: x\n  {{< /tab >}}\n{{< /tabs >}}"
        let (h, _) = HugoShortcodes.convert(hextra)
        #expect(h == "\n  {{< tab >}}**JSON** text{{< /tab >}}\n  **YAML**\nname: x\n\n", "a tab on one line with its text is left; the next takes the second label: \(h)")
        let docsy = "{{< tabpane >}}\n{{< tab header=\"English\" >}}\nWelcome!\n{{< /tab >}}\n{{< tab header=\"Config\" lang=\"yaml\" >}}\nkey: value\n{{< /tab >}}\n{{< /tabpane >}}"
        let (d, n) = HugoShortcodes.convert(docsy)
        #expect(n == 3 && d == "\n**English**\nWelcome!\n\n**Config**\n```yaml\nkey: value\n```\n", "\(d)")
        func lineCount(_ s: String) -> Int { s.split(separator: "\n", omittingEmptySubsequences: false).count }
        #expect(lineCount(d) == lineCount(docsy) + 1, "the label needed a line of its own, counted")
        let spaced = "{{< tabpane >}}\n\n{{< tab header=\"Config\" lang=\"yaml\" >}}\nkey: value\n{{< /tab >}}\n{{< /tabpane >}}"
        let (e, m) = HugoShortcodes.convert(spaced)
        #expect(m == 1 && e == "\n**Config**\n```yaml\nkey: value\n```\n" && lineCount(e) == lineCount(spaced), "the page keeps its lines: \(e)")
        // As Prettier formats opentelemetry.io's sets: a tab's end and the next tab's start, or
        // the set's end, on one line (152 sets were left as shortcodes shown as text).
        let prettier = "{{< tabpane text=true >}} {{% tab \"Thailand\" %}}\n\nReport to the TH team.\n\n{{% /tab %}} {{% tab \"Indonesia\" %}}\n\nReport to the ID team.\n\n{{% /tab %}} {{< /tabpane >}}"
        let (p, tabs) = HugoShortcodes.convert(prettier)
        #expect(tabs == 2 && p.contains("**Thailand**") && p.contains("**Indonesia**") && !p.contains("{{"), "\(p)")
    }

    /// kyverno's Starlight pages start with `import FeatureState from '...astro'`, shown as a
    /// paragraph of text on every page. MDX's import statements are code for the site's build:
    /// they are left out (one line or several), outside code only; components stay as text.
    @Test func mdxImportStatementsAreLeftOut() throws {
        let t = try TempTree([
            "site/docusaurus.config.js": "module.exports = { title: 'Docs', baseUrl: '/' };\n",
            "site/docs/reports.mdx": """
                ---
                title: Reports
                ---

                import FeatureState from '../components/FeatureState.astro'
                import {
                  Card,
                  CardGrid,
                } from '@astrojs/starlight/components';
                import './styles.css';

                <FeatureState state="beta" />

                Reports list every policy result.

                ```js
                import { ref } from 'vue'
                ```

                    import Kept from 'indented-is-code'

                To start, you will want to
                import the data from 'Downloads'
                """,
        ])
        let report = try t.importDocs("site")
        let page = t.read("Content/reports.md") ?? ""
        #expect(!page.contains("FeatureState from") && !page.contains("CardGrid") && !page.contains("styles.css"), "\(page)")
        #expect(page.contains("<FeatureState state=\"beta\" />") && page.contains("import { ref } from 'vue'") && page.contains("    import Kept from"), "\(page)")
        #expect(page.contains("you will want to\nimport the data from 'Downloads'"), "a line going on a paragraph is text: \(page)")
        #expect(page.contains("title: Reports\n---\n\n\n\n\n\n\n\n\n<FeatureState"), "lines keep their numbers: \(page)")
        #expect(report.notes.contains { $0.contains("MDX imports are left out") }, "\(report.notes)")
    }

    /// Docusaurus pages take a partial's text with MDX (`import Steps from './_steps.md';` and
    /// `<Steps />`); partials are no pages, and the import wrote the import and the tag as text.
    @Test func docusaurusPartialsImportedByAPageBringInTheirText() throws {
        let t = try TempTree([
            "site/docusaurus.config.js": "module.exports = { title: 'Docs', baseUrl: '/' };\n",
            "site/docs/_steps.md": "1. Open the [appeal](appeals.md#window).\n2. Decide.\n",
            "site/docs/appeals.md": "---\ntitle: Appeals\n---\n\n## Window {#window}\n\nFourteen days.\n",
            "site/docs/guide.mdx": """
                ---
                title: Guide
                ---
                import Steps from './_steps.md';
                import Tabs from '@theme/Tabs';
                import Gone from './_gone.md';

                Do this:

                <Steps />

                <Tabs />
                """,
        ])
        let report = try t.importDocs("site")
        let guide = t.read("Content/guide.md") ?? ""
        #expect(guide.contains("Do this:\n\n1. Open the [appeal](appeals.md#window).\n2. Decide.\n\n<Tabs />"), "\(guide)")
        #expect(!guide.contains("import Steps") && !guide.contains("import Tabs from"), "every import statement is left out: \(guide)")
        #expect(report.includes == 1)
        #expect(report.notes.contains { $0.hasPrefix("guide.mdx:6: MDX import of './_gone.md' does not lead") }, "\(report.notes)")
        #expect(!t.exists("Content/_steps.md"), "a partial is no page")
        let h = try Handbook.load(content: t.path("Content"))
        #expect(!h.diagnostics.contains { $0.isBrokenLink }, "\(h.diagnostics)")
    }

    /// An include inside a line of text brings in a snippet of several lines: the notes about
    /// the lines after it still name the page's own lines.
    @Test func notesAfterAnIncludeInsideALineNameThePagesLines() throws {
        let t = try TempTree([
            "site/hugo.toml": "baseURL = \"https://example.org/\"\n",
            "site/content/_common/_index.md": "---\ncascade:\n  build:\n    render: never\n---\n",
            "site/content/_common/two.md": "---\n---\n\nOne.\nTwo.\nThree.\n",
            "site/content/page.md": "---\ntitle: Page\n---\n\nSee {{% include \"/_common/two.md\" %}} here.\n\n{{% include \"/_common/none.md\" %}}\n",
        ])
        let report = try t.importDocs("site")
        #expect(t.read("Content/page.md")?.contains("See One.\nTwo.\nThree. here.") == true, "\(t.read("Content/page.md") ?? "")")
        #expect(report.notes.contains { $0.hasPrefix("page.md:7: include \"/_common/none.md\" does not lead") }, "\(report.notes)")
    }

    @Test func byteSearchFindsWhatContainsFinds() {
        for (needle, text) in [("!!!", "a !!! b"), ("===", "x\n==="), ("===", "=="), ("ref", "éref"), ("[AUTOTITLE](", "[AUTOTITLE]"), ("", "x"), ("ab", "aab"), ("é", "cafe\u{301}")] {
            #expect(SourceText.has(needle, in: text) == (Array(text.utf8).count >= Array(needle.utf8).count && (needle.isEmpty || (0...(Array(text.utf8).count - Array(needle.utf8).count)).contains { Array(text.utf8)[$0..<($0 + Array(needle.utf8).count)].elementsEqual(needle.utf8) })), "\(needle) in \(text)")
        }
        #expect(SourceText.has("ab", in: "aab") && !SourceText.has("===", in: "==") && !SourceText.has("é", in: "cafe\u{301}"))
    }
}
