import Foundation
import Handbook

/// A mistake a trainer published for an SOP section: the build shows it on the section's page.
public struct CommonMistake: Sendable, Hashable {
    /// `sop-id#anchor`.
    public var section: String
    /// The right answer and the wrong one moderators give ("Remove" answered as "Restrict").
    public var gold: String
    /// The wrong answer learners give most, as shown.
    public var answered: String
    /// Percent of the section's wrong answers that were this one, and how many answers that covers.
    public var share: Int
    /// How many responses the share is out of.
    public var responses: Int
    /// The trainer's explanation, Markdown inline text.
    public var note: String
    /// `YYYY-MM-DD`.
    public var published: String

    /// A common mistake as written in the file.
    public init(section: String, gold: String, answered: String, share: Int, responses: Int, note: String, published: String) {
        self.section = section; self.gold = gold; self.answered = answered; self.share = share
        self.responses = responses; self.note = note; self.published = published
    }
}

/// `Quizzes/common-mistakes.yml`: the published mistakes, one per section.
public enum CommonMistakes {
    /// The file, in the quiz folder, that holds the published common mistakes.
    public static let fileName = "common-mistakes.yml"

    /// Reads the file; problems are diagnostics naming the file and line. A missing file is no mistakes.
    public static func load(quizzes: String, handbook: Handbook?) -> (mistakes: [CommonMistake], diagnostics: [Diagnostic]) {
        let path = (quizzes as NSString).appendingPathComponent(fileName)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return ([], []) }
        let file = "Quizzes/" + fileName
        var diagnostics: [Diagnostic] = []
        let root: YAMLNode
        do { root = try YAMLParser.parse(text) } catch {
            return ([], [Diagnostic(.error, file: file, line: error.line, column: error.column, error.message)])
        }
        guard let list = root["mistakes"]?.listItems else {
            return ([], [Diagnostic(.error, file: file, line: 1, "expected a 'mistakes:' list of entries (section, gold, answered, share, responses, note, published)")])
        }
        var out: [CommonMistake] = []
        var seen = Set<String>()
        for entry in list {
            guard let section = entry["section"]?.scalar, let gold = entry["gold"]?.scalar, let answered = entry["answered"]?.scalar else {
                diagnostics.append(Diagnostic(.error, file: file, line: entry.line, column: entry.column, "each mistake needs section, gold and answered"))
                continue
            }
            if let handbook {
                guard let ref = SectionRef(section), let page = handbook.page(id: ref.pageID), page.sections.contains(where: { $0.anchor == ref.anchor }) else {
                    diagnostics.append(Diagnostic(.error, file: file, line: entry.line, column: entry.column, "'\(section)' is not an SOP section in the handbook; write sop-id#anchor"))
                    continue
                }
            }
            if !seen.insert(section).inserted {
                diagnostics.append(Diagnostic(.error, file: file, line: entry.line, column: entry.column, "'\(section)' has two mistakes; publish one per section"))
                continue
            }
            out.append(CommonMistake(section: section, gold: gold, answered: answered, share: Int(entry["share"]?.scalar ?? "") ?? 0,
                                     responses: Int(entry["responses"]?.scalar ?? "") ?? 0, note: entry["note"]?.scalar ?? "",
                                     published: entry["published"]?.scalar ?? ""))
        }
        return (out, diagnostics)
    }

    /// The file's text for a list of mistakes (sorted by section, so the file diffs well).
    public static func text(_ mistakes: [CommonMistake]) -> String {
        func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: " ") + "\"" }
        var out = "# Common mistakes shown on SOP pages. Written by `casebook mistakes publish`; edit notes freely.\nmistakes:\n"
        for m in mistakes.sorted(by: { $0.section < $1.section }) {
            out += "  - section: \(m.section)\n    gold: \(quoted(m.gold))\n    answered: \(quoted(m.answered))\n    share: \(m.share)\n    responses: \(m.responses)\n"
            out += "    note: \(quoted(m.note))\n    published: \(m.published)\n"
        }
        return out
    }
}
