import Foundation
import Handbook
import Quiz

/// Texts of the small counterfeit SOP and its case files that the quiz, import and server
/// tests build their banks from. The suites differ on purpose (a second code family and a
/// change log for drawing, markets and a plain section for importing, sensitive cases for the
/// player), so the differences are parameters of one builder.
public enum FixtureText {
    /// An English SOP on live streams and its Vietnamese translation (`Content/live.md`,
    /// `Content/live.vi.md`): the translation's heading holds the loanword "livestream".
    public static let liveStreamSOPAndTranslation: [String: String] = [
        "Content/live.md": """
            ---
            id: live
            title: Live stream conduct
            ---
            ## Minors on stream {#minors}

            A child on a livestream without an adult: end the stream.

            ## Night streams {#night}

            Streams after midnight are sampled.
            """,
        "Content/live.vi.md": """
            ---
            id: live-vi
            title: Quy tắc livestream
            lang: vi
            translation_of: live
            ---
            ## Livestream đêm khuya {#dem-khuya}

            Trẻ em (child) trên livestream phải có người lớn đi cùng.
            """,
    ]

    /// The SOP `ip` ("Counterfeit") with IP-01 (high harm) and IP-02 (medium harm), the given
    /// decision actions, and `extraSections` (Markdown lines) after them.
    public static func counterfeitSOP(actions: [String] = ["approve", "remove"], markets: String? = nil,
                                      changes: [(version: String, date: String, summary: String)] = [],
                                      extraSections: [String] = []) -> String {
        var lines = ["---", "id: ip", "title: Counterfeit"]
        if let markets { lines.append("markets: \(markets)") }
        lines.append("actions:")
        for action in actions { lines += ["  - id: \(action)", "    label: \(action.prefix(1).uppercased() + action.dropFirst())"] }
        if !changes.isEmpty {
            lines.append("changes:")
            for change in changes { lines += ["  - version: \"\(change.version)\"", "    date: \(change.date)", "    summary: \(change.summary)"] }
        }
        lines.append("---")
        lines += ["## IP-01 Counterfeit goods {harm=high}", "Fakes.", "## IP-02 Brand misuse {harm=medium}", "Names."]
        lines += extraSections
        return lines.joined(separator: "\n")
    }

    /// A case file of the bank: front matter (optional fields only when given), a title, the
    /// listing text and the rationale.
    public static func caseFile(id: String, type: String = "listing", source: String = "QA sample 2026-W40", sampled: String = "2026-09-30",
                                market: String = "ID", lang: String? = nil, price: String? = nil, decision: String, codes: String,
                                sop: String, difficulty: Int = 1, sensitive: Bool? = nil, status: String? = nil,
                                reviewed: String = "2026-10-01", tags: String = "[counterfeit]",
                                title: String, listing: String, rationale: String) -> String {
        var lines = ["---", "id: \(id)", "type: \(type)", "source: \(source)", "sampled: \(sampled)", "market: \(market)"]
        if let lang { lines.append("lang: \(lang)") }
        if let price { lines.append("price: \(price)") }
        lines += ["decision: \(decision)", "codes: \(codes)", "sop: \(sop)", "difficulty: \(difficulty)"]
        if let sensitive { lines.append("sensitive: \(sensitive)") }
        if let status { lines.append("status: \(status)") }
        lines += ["reviewed: \(reviewed)", "tags: \(tags)", "---", "# \(title)", "", "## Listing", listing, "", "## Rationale", rationale]
        return lines.joined(separator: "\n")
    }
}

/// A temporary folder with a content folder (`Content/`) and a quiz bank (`Quizzes/`), loaded.
public struct BankFixture {
    public let tree: TempTree
    public let handbook: Handbook
    public let bank: QuizBank

    /// Writes `files` (paths relative to the folder) and loads the handbook and the bank.
    public init(_ files: [String: String]) throws {
        tree = try TempTree(files)
        handbook = try Handbook.load(content: tree.path("Content"))
        bank = try QuizBank.load(quizzes: tree.path("Quizzes"), handbook: handbook)
    }

    /// The bank as it is on disk now.
    public func reload() throws -> QuizBank { try QuizBank.load(quizzes: tree.path("Quizzes"), handbook: handbook) }
}
