import Handbook
import Quiz

/// `--section SOP-ID#ANCHOR` of `casebook qa cases` and `casebook retrain`: one SOP section of
/// the handbook, or an error naming the sections closest to what was typed.
enum SectionArgument {
    static let option = OptionSpec.value("--section", "SOP-ID#ANCHOR", help: "The SOP section, as its page id and heading anchor, e.g. counterfeit-and-ip#brand-names",
                                         required: true)

    /// The `--section` given, or a usage error naming the command that needs it.
    static func value(_ args: ParsedArguments, example command: String) throws(UsageError) -> String {
        guard let text = args.value(option), !text.isEmpty else {
            throw UsageError(message: "--section is required: name the SOP section, e.g. \(command) --section counterfeit-and-ip#brand-names")
        }
        return text
    }

    /// The section `text` names in `handbook`: its page, its heading and its reference; or
    /// the message to print, with up to three close sections of the handbook (by edit
    /// distance, or containing what was typed).
    static func resolve(_ text: String, handbook: Handbook) -> Result<(page: PageSummary, section: Section, ref: String), SectionError> {
        let parts = text.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            return .failure(SectionError(message: "--section must name an SOP section as SOP-ID#ANCHOR, e.g. \(example(handbook)); '\(text)' is not"))
        }
        if let page = handbook.page(id: parts[0]), let section = page.sections.first(where: { $0.anchor == parts[1] }) {
            return .success((page, section, "\(parts[0])#\(parts[1])"))
        }
        var candidates = Set<String>()
        for page in handbook.pages where !page.meta.id.isEmpty {
            for s in page.sections { candidates.insert("\(page.meta.id)#\(s.anchor)") }
        }
        let typed = Array(text.lowercased())
        let limit = max(2, typed.count / 4)
        let close = candidates.map { (ref: $0, distance: ArgumentParser.editDistance(typed, Array($0.lowercased()))) }
            .filter { $0.distance <= limit || $0.ref.hasPrefix(text) || (parts[1].count >= 3 && $0.ref.hasPrefix(parts[0] + "#") && $0.ref.contains(parts[1])) }
            .sorted { ($0.distance, $0.ref) < ($1.distance, $1.ref) }.prefix(3).map(\.ref)
        let what = handbook.page(id: parts[0]) == nil ? "no SOP '\(parts[0])' in the handbook" : "\(parts[0]) has no section '#\(parts[1])'"
        let hint = close.isEmpty ? "give an SOP page id and one of its headings' anchors, e.g. \(example(handbook))" : "did you mean \(close.joined(separator: ", "))?"
        return .failure(SectionError(message: "\(what); \(hint)"))
    }

    /// An example reference from the handbook (its first page's first section).
    static func example(_ handbook: Handbook) -> String {
        for page in handbook.pages.sorted(by: { $0.path < $1.path }) where !page.meta.id.isEmpty {
            if let s = page.sections.first { return "\(page.meta.id)#\(s.anchor)" }
        }
        return "refund-abuse#appeals"
    }

    /// Why `--section` was not understood.
    struct SectionError: Error {
        var message: String
    }
}
