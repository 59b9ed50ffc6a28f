/// The theme compiled into the binary, so `casebook` works from any folder.
public enum DefaultTheme {
    /// Theme files by path; a `theme/` folder next to the content may override any of them.
    public static let files: [String: String] = [
        "layout.html": layout,
        "assets/style.css": style,
        "assets/site.js": script,
        "assets/search.js": compacted(searchScript),
        "assets/search-page.js": compacted(searchPageScript),
        "assets/app.js": appScript,
        "assets/quiz.js": quizScript,
        "assets/reports.js": reportsScript,
    ]

    /// A script without indentation, blank lines and whole-line `//` comments, for scripts a
    /// page loads before a reader's first query. Line breaks stay, so no statement changes
    /// meaning; the scripts have no multi-line strings or template literals.
    static func compacted(_ script: String) -> String {
        var out = ""
        out.reserveCapacity(script.utf8.count)
        for line in script.split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("//") { continue }
            out += trimmed
            out += "\n"
        }
        return out
    }
}
