// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Casebook",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "casebook", targets: ["casebook"]),
        .library(name: "CasebookCLI", targets: ["CasebookCLI"]),
    ],
    targets: [
        // C libraries from Debian, one system library target each.
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),

        .systemLibrary(
            name: "CStemmer",
            providers: [.apt(["libstemmer-dev"])]
        ),

        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),

        // PostgreSQL's client library, for the second storage engine (no hand-written wire protocol).
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),

        .systemLibrary(
            name: "CMicroHTTPD",
            pkgConfig: "libmicrohttpd",
            providers: [.apt(["libmicrohttpd-dev"])]
        ),
        // Strict RFC 8259 JSON validation of request bodies: Foundation's parsers accept
        // trailing commas by design.
        .systemLibrary(
            name: "CJansson",
            pkgConfig: "jansson",
            providers: [.apt(["libjansson-dev"])]
        ),
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // YAML (front matter, _category.yml, casebook.yml, quiz files): libyaml's event parser;
        // Casebook builds its own tree from the events to keep each node's line and column.
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // Raw HTML written in Markdown (a `<br>`, `<sub>`, an `<a id>` target, a `<table>`):
        // read by gumbo, an HTML5 parser, and passed on only through Casebook's allowlist.
        .systemLibrary(
            name: "CGumbo",
            pkgConfig: "gumbo",
            providers: [.apt(["libgumbo-dev"])]
        ),
        .systemLibrary(
            name: "CGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        // zlib, to check that a loose git object is a complete stream before libgit2 1.5
        // reads it (it loops forever on a truncated one, libgit2 issue #7342).
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // Word documents (.docx) for `casebook import-docs`: a ZIP container (libzip) of XML
        // parts (libxml2), converted to Markdown.
        .systemLibrary(
            name: "CZip",
            pkgConfig: "libzip",
            providers: [.apt(["libzip-dev"])]
        ),
        .systemLibrary(
            name: "CXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // Case media: decoding, cleaning and re-encoding images.
        // Not linked: libvips (and the ~100 libraries it brings) is loaded with dlopen when an
        // image is processed (see CVips/shim.h). Its headers need only glib's include paths,
        // hence glib's pkg-config (which links libglib alone, a library and its one dependency).
        .systemLibrary(
            name: "CVips",
            pkgConfig: "glib-2.0",
            providers: [.apt(["libvips-dev"])]
        ),
        // Case media: probing and remuxing clips, poster frames (no shelling out to ffmpeg).
        // Not linked: the libraries are loaded with dlopen when a clip is processed (see
        // CFFmpeg/shim.h), so no pkg-config (its headers are on the default include path).
        .systemLibrary(
            name: "CFFmpeg",
            providers: [.apt(["libavformat-dev", "libavcodec-dev", "libavutil-dev", "libswscale-dev"])]
        ),

        // TOML (Hugo's +++ front matter and hugo.toml/config.toml): Debian has no C TOML library,
        // only toml++ (C++17, `libtomlplusplus-dev`), so a C++ file gives Swift a plain C
        // interface (no C++ interop in the Swift targets). Linked as Debian builds it
        // (libtomlplusplus.so.3): its pkg-config file says so with two -D flags, which SwiftPM
        // drops from a system library's flags with a warning on every build, so they are set
        // here and there is no system library target (without them the header would compile
        // the whole library into this target).
        .target(
            name: "CTOMLShim",
            cxxSettings: [.define("TOML_HEADER_ONLY", to: "0"), .define("TOML_SHARED_LIB", to: "1")],
            linkerSettings: [.linkedLibrary("tomlplusplus")]
        ),

        // Word boundaries of scripts written without spaces (Thai, Lao, Khmer, Myanmar, Chinese,
        // Japanese) from Debian's ICU, for word-level diffs: a C file, so that no ICU type
        // reaches Swift beside Foundation's own ICU.
        // DWARF 4: Debian 12's valgrind 3.19 cannot read the DWARF 5 clang writes for a C file
        // ("unhandled dwarf2 abbrev form"), and the memory and profiling tests run under it.
        .target(name: "CWordBreak", cSettings: [.unsafeFlags(["-gdwarf-4"])], linkerSettings: [.linkedLibrary("icuuc")]),

        // Calendar dates as day numbers and ISO weeks, for every module that counts days.
        .target(name: "CivilDate"),
        // The content model: front matter, Markdown, anchors, policy codes, links.
        .target(name: "Handbook", dependencies: ["CCmarkGFM", "CTOMLShim", "CYAML", "CGumbo", "CZip", "CXML2"]),
        // The static site: theme, templates, pages, atomic and incremental output.
        // The theme's files are real .html/.css/.js files, compiled into the binary as byte arrays.
        .target(
            name: "Publishing", dependencies: ["Handbook", "Search", "Quiz", "History"],
            resources: ["layout.html", "style.css", "site.js", "search.js", "search-page.js", "app.js", "quiz.js", "reports.js", "preview.js",
                        "i18n/ar.yml", "i18n/en.yml", "i18n/id.yml", "i18n/th.yml", "i18n/vi.yml"]
                .map { .embedInCode("Theme/" + $0) }
        ),
        // Section-level full-text search: analysis, BM25F ranking, the sharded site index.
        .target(name: "Search", dependencies: ["Handbook", "CStemmer", "CZlib"]),
        // SOP versions from git history (libgit2) and the section-level diff between two versions.
        .target(name: "History", dependencies: ["Handbook", "CGit2", "CZlib", "CWordBreak"]),
        // Case media: images and clips sniffed, checked against limits, cleaned of metadata and re-encoded.
        .target(name: "Media", dependencies: ["CVips", "CFFmpeg", "Digest"]),
        // Quiz bank: cases, questions, blueprints, drawing and grading.
        .target(name: "Quiz", dependencies: ["Handbook", "CivilDate", "Randomness"]),
        // Learners, attempts, responses and contests in SQLite or PostgreSQL, and the attempt lifecycle
        // (start, answer, finish) that the CLI and the server share.
        .target(name: "Records", dependencies: ["CSQLite", "CLibPQ", "Quiz", "Handbook", "CivilDate", "Learning"]),
        // Knowledge-gap reports: gaps, confusions, retraining, item quality, calibration.
        .target(name: "Insights", dependencies: ["Records", "Quiz", "Handbook", "CivilDate"]),
        // SHA-256 (libcrypto), for tokens and sessions and for media files' content-hash names.
        .target(name: "Digest", dependencies: ["COpenSSL"]),
        // Learner model: FSRS memory states and review draws, Rasch calibration, adaptive exams.
        .target(name: "Learning", dependencies: ["Randomness"]),
        // The seeded generator (SplitMix64) behind every reproducible draw.
        .target(name: "Randomness"),
        // HTTP server: the built site and the quiz API, on libmicrohttpd.
        .target(name: "Server", dependencies: ["CMicroHTTPD", "Digest", "CJansson", "Records", "Quiz", "Handbook", "Insights", "Learning", "CivilDate"]),
        // Command-line commands as a library, so tests call them without spawning.
        .target(name: "CasebookCLI", dependencies: ["Media", "Handbook", "History", "Publishing", "Search", "Quiz", "Records", "Server", "Insights", "Learning"]),
        .executableTarget(name: "casebook", dependencies: ["CasebookCLI"]),

        // Helpers shared by the test targets (temporary folders, the small bank fixture, the repository root).
        .target(name: "CasebookTestSupport", dependencies: ["Handbook", "Quiz", "Randomness", "CZip"], path: "Sources/CasebookTestSupport"),

        .testTarget(name: "CivilDateTests", dependencies: ["CivilDate"]),
        .testTarget(name: "HandbookTests", dependencies: ["Handbook", "CasebookTestSupport", "Randomness"], exclude: ["Fixtures"]),
        .testTarget(name: "PublishingTests", dependencies: ["CasebookTestSupport", "Publishing", "Handbook", "History"]),
        .testTarget(name: "SearchTests", dependencies: ["CasebookTestSupport", "Search", "Handbook", "Publishing"], resources: [.copy("Fixtures")]),
        .testTarget(name: "HistoryTests", dependencies: ["CasebookTestSupport", "History", "Handbook"]),
        .testTarget(name: "QuizTests", dependencies: ["CasebookTestSupport", "Quiz", "Handbook", "CivilDate", "Randomness"], resources: [.copy("Fixtures")]),
        .testTarget(name: "RecordsTests", dependencies: ["CasebookTestSupport", "Records", "Quiz", "Handbook", "Learning", "Randomness"]),
        .testTarget(name: "MediaTests", dependencies: ["Media"]),
        .testTarget(name: "LearningTests", dependencies: ["Learning", "Randomness"]),
        .testTarget(name: "InsightsTests", dependencies: ["CasebookTestSupport", "Insights", "Records", "Quiz", "Handbook", "Randomness"]),
        .testTarget(name: "ServerTests", dependencies: ["CasebookTestSupport", "Server", "Records", "Quiz", "Handbook"]),
        .testTarget(name: "CasebookCLITests", dependencies: ["CasebookTestSupport", "CasebookCLI", "Media", "Publishing", "Handbook", "Search", "Quiz", "Records", "Insights", "Server", "Learning"]),
    ],
    swiftLanguageModes: [.v6],
    cxxLanguageStandard: .cxx17
)

// libFuzzer targets (Fuzz/<Target>/), only when CASEBOOK_FUZZ=1: `make fuzz` builds them with
// -sanitize=fuzzer,address into .build-fuzz, so `swift build` and `swift test` never see them.
if Context.environment["CASEBOOK_FUZZ"] == "1" {
    package.targets += [
        .target(name: "FuzzDriver", path: "Fuzz/FuzzDriver"),
        .executableTarget(name: "FuzzYAML", dependencies: ["FuzzDriver", "Handbook"], path: "Fuzz/FuzzYAML", exclude: ["seeds", "regressions", "lsan.supp"]),
        .executableTarget(name: "FuzzMarkdown", dependencies: ["FuzzDriver", "Handbook", "Search"], path: "Fuzz/FuzzMarkdown", exclude: ["seeds", "regressions", "lsan.supp"]),
        .executableTarget(name: "FuzzImport", dependencies: ["FuzzDriver", "Handbook", "Quiz"], path: "Fuzz/FuzzImport", exclude: ["seeds", "regressions", "lsan.supp"]),
        .executableTarget(name: "FuzzHTTP", dependencies: ["FuzzDriver", "Handbook", "Quiz", "Records", "Server"], path: "Fuzz/FuzzHTTP", exclude: ["seeds", "regressions", "lsan.supp"]),
        .executableTarget(name: "FuzzDocsImport", dependencies: ["FuzzDriver", "Handbook"], path: "Fuzz/FuzzDocsImport", exclude: ["seeds", "regressions"]),
        .executableTarget(name: "FuzzWordDocument", dependencies: ["FuzzDriver", "Handbook"], path: "Fuzz/FuzzWordDocument", exclude: ["seeds"]),
        .executableTarget(name: "FuzzAnswers", dependencies: ["FuzzDriver", "CasebookCLI", "Quiz"], path: "Fuzz/FuzzAnswers", exclude: ["seeds", "regressions", "lsan.supp"]),
    ]
}
