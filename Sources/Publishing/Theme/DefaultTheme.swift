/// The theme compiled into the binary, so `casebook` works from any folder.
public enum DefaultTheme {
    /// Theme files by path; a `theme/` folder next to the content may override any of them.
    public static let files: [String: String] = [
        "layout.html": layout,
        "assets/style.css": style,
        "assets/site.js": script,
        "assets/search.js": searchScript,
        "assets/quiz.js": quizScript,
        "assets/reports.js": reportsScript,
    ]
}
