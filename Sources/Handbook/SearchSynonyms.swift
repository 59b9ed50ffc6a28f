import Foundation

/// Query-time synonyms the trainers own, from `Content/_search.yml`:
///
/// ```yaml
/// en:
///   groups:                       # each word or phrase stands for all the others
///     - [counterfeit, fake, replica, knock-off]
///   expand:                       # one way: the query on the left also finds the right
///     revenge porn: [non-consensual intimate imagery]
/// id:
///   groups:
///     - [palsu, tiruan]
/// ```
///
/// The search index carries them (`search/syn.js`), so the site's search box and
/// `casebook search` apply the same rules.
public struct SearchSynonyms: Sendable, Hashable {
    /// One rule: a query phrase and the phrases it also stands for.
    public struct Rule: Sendable, Hashable {
        public var lang: String
        public var from: String
        public var to: [String]
        public var line: Int
    }

    /// Rules in file order: groups become one rule per member.
    public var rules: [Rule] = []
    /// The line of each language's block (`en:`), by language code.
    public var languageLines: [String: Int] = [:]

    public init(rules: [Rule] = []) { self.rules = rules }

    /// The file name, at the top of the content folder.
    public static let fileName = "_search.yml"
    /// Words in a phrase, and phrases a rule may expand to, at most.
    public static let maxPhraseWords = 8, maxTargets = 12

    /// Reads `_search.yml` in the content folder: no rules when there is none. Problems are
    /// errors naming the file, the line and what to do.
    public static func load(content: String) -> (SearchSynonyms, [Diagnostic]) {
        let path = content + "/" + fileName
        guard let bytes = ContentTree.readIfPresent(path) else { return (SearchSynonyms(), []) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return (SearchSynonyms(), [Diagnostic(.error, file: fileName, "is not valid UTF-8; re-save it as UTF-8")])
        }
        return parse(text)
    }

    /// Parses the text of `_search.yml`.
    public static func parse(_ text: String) -> (SearchSynonyms, [Diagnostic]) {
        var problems: [Diagnostic] = []
        func problem(_ line: Int, _ column: Int, _ message: String) {
            problems.append(Diagnostic(.error, file: fileName, line: line, column: column, message))
        }
        func warning(_ line: Int, _ column: Int, _ message: String) {
            problems.append(Diagnostic(.warning, file: fileName, line: line, column: column, message))
        }
        // A policy code typed (`IP-01`, `ip01`) is read as the code, which finds the section
        // defining it, never as words a rule could match.
        func isCode(_ s: String) -> Bool {
            let u = s.uppercased()
            return PageRenderer.isPolicyCode(u) || u.wholeMatch(of: /[A-Z]{2,4}[0-9]{2}/) != nil
        }
        let root: YAMLNode
        do { root = try YAMLParser.parse(text) } catch {
            return (SearchSynonyms(), [Diagnostic(.error, file: fileName, line: error.line, column: error.column, error.message)])
        }
        if case .scalar(let s) = root.kind, s.isEmpty { return (SearchSynonyms(), []) }
        guard let languages = root.mapEntries else {
            problem(root.line, root.column, "must map language codes to synonyms, e.g. 'en:' then 'groups:' and 'expand:' under it")
            return (SearchSynonyms(), problems)
        }
        var rules: [Rule] = []
        // The line of each language's block, by its code in lower case (`EN:` is `en:`).
        var blocks: [String: Int] = [:]
        // Where each phrase was first given, per language, to catch a phrase in two groups.
        var seenByLanguage: [String: [String: Int]] = [:]
        for language in languages {
            let lang = language.key.lowercased()
            guard lang.range(of: "^[a-z]{2,3}(-[a-z0-9]{2,8})?$", options: .regularExpression) != nil else {
                problem(language.line, language.column, "'\(language.key)' is not a language code; use one such as en, id, th or pt-br")
                continue
            }
            guard let sections = language.value.mapEntries else {
                problem(language.value.line, language.value.column, "'\(language.key):' must hold 'groups:' and/or 'expand:'")
                continue
            }
            if let first = blocks[lang] {
                problem(language.line, language.column, "'\(language.key):' is the language of line \(first) again; put its rules under one '\(lang):'")
            } else {
                blocks[lang] = language.line
            }
            var seen = seenByLanguage[lang] ?? [:]
            defer { seenByLanguage[lang] = seen }
            for section in sections {
                switch section.key {
                case "groups":
                    guard let groups = section.value.listItems, case .list = section.value.kind else {
                        problem(section.value.line, section.value.column, "'groups:' must be a list of groups, each a list such as [fake, counterfeit, replica]")
                        continue
                    }
                    for group in groups {
                        guard let members = phrases(group, problem) else { continue }
                        guard members.count >= 2 else {
                            problem(group.line, group.column, "a synonym group needs at least two words or phrases; for a one-way rule use 'expand:'")
                            continue
                        }
                        for m in members {
                            let key = m.lowercased()
                            if let first = seen[key] {
                                problem(group.line, group.column, "'\(m)' is already in the group on line \(first); merge the two groups")
                            } else {
                                seen[key] = group.line
                            }
                        }
                        for m in members where isCode(m) {
                            warning(group.line, group.column, "'\(m)' is read by search as a policy code (letters then digits): typed, it finds the section defining that code and is never read as a synonym, so only the other words find it; leave it in the group, or key rules by words")
                        }
                        for m in members { rules.append(Rule(lang: lang, from: m, to: members.filter { $0 != m }, line: group.line)) }
                    }
                case "expand":
                    guard let entries = section.value.mapEntries else {
                        problem(section.value.line, section.value.column, "'expand:' must map a query to what it also finds, e.g. 'revenge porn: [non-consensual intimate imagery]'")
                        continue
                    }
                    for entry in entries {
                        let from = entry.key.trimmingCharacters(in: .whitespaces)
                        guard checkPhrase(from, line: entry.line, column: entry.column, problem) else { continue }
                        guard let targets = phrases(entry.value, problem) else { continue }
                        guard !targets.isEmpty else {
                            problem(entry.line, entry.column, "'\(from)' expands to nothing; give one or more words or phrases after the colon")
                            continue
                        }
                        if targets.contains(where: { $0.lowercased() == from.lowercased() }) {
                            problem(entry.value.line, entry.value.column, "'\(from)' expands to itself; remove it from the list")
                            continue
                        }
                        if isCode(from) {
                            warning(entry.line, entry.column, "'\(from)' is read by search as a policy code (letters then digits): typed, it finds the section defining that code and is never read as a synonym, so this rule never applies; key it by words")
                        }
                        rules.append(Rule(lang: lang, from: from, to: targets, line: entry.line))
                    }
                default:
                    problem(section.line, section.column, "unknown key '\(section.key)'; use 'groups:' (words that stand for each other) or 'expand:' (one way)")
                }
            }
        }
        var synonyms = SearchSynonyms(rules: rules)
        synonyms.languageLines = blocks
        return (synonyms, problems)
    }

    /// Warnings for languages no page of the handbook is written in (`pageLanguages`): their
    /// rules apply only to a query filtered to that language (`lang:in`), which finds no page.
    /// Indonesian is `id`, not the older `in`.
    public func unusedLanguages(_ pageLanguages: Set<String>) -> [Diagnostic] {
        let renamed = ["in": "id", "iw": "he", "ji": "yi", "jw": "jv", "mo": "ro"]
        return languageLines.sorted { $0.value < $1.value }.compactMap { lang, line in
            guard !pageLanguages.contains(lang) else { return nil }
            let hint = renamed[lang].map { pageLanguages.contains($0) ? "; did you mean '\($0)'?" : "" } ?? ""
            return Diagnostic(.warning, file: Self.fileName, line: line, column: 1,
                              "no page is in language '\(lang)', so its rules never apply\(hint) (the handbook's languages: \(pageLanguages.sorted().joined(separator: ", ")))")
        }
    }

    /// The phrases of a list (`[a, b]`, a block list, or one scalar), or nil after reporting a problem.
    static func phrases(_ node: YAMLNode, _ problem: (Int, Int, String) -> Void) -> [String]? {
        guard let items = node.listItems else {
            problem(node.line, node.column, "expected a list of words or phrases such as [counterfeit, replica]")
            return nil
        }
        var out: [String] = []
        for item in items {
            guard let s = item.scalar?.trimmingCharacters(in: .whitespaces) else {
                problem(item.line, item.column, "expected a word or phrase, not a list or map")
                return nil
            }
            guard checkPhrase(s, line: item.line, column: item.column, problem) else { return nil }
            if !out.contains(s) { out.append(s) }
        }
        if out.count > maxTargets {
            problem(node.line, node.column, "more than \(maxTargets) words or phrases; split the list into smaller groups")
            return nil
        }
        return out
    }

    static func checkPhrase(_ s: String, line: Int, column: Int, _ problem: (Int, Int, String) -> Void) -> Bool {
        if !s.contains(where: { $0.isLetter || $0.isNumber }) {
            problem(line, column, "'\(s)' has no letters or digits; give a word or phrase")
            return false
        }
        if s.split(whereSeparator: { $0.isWhitespace }).count > maxPhraseWords {
            problem(line, column, "'\(s)' is longer than \(maxPhraseWords) words; synonyms are for short phrases")
            return false
        }
        if s.contains("\"") || s.contains(":") {
            problem(line, column, "'\(s)' holds a quote or a colon, which search reads as a phrase or a filter; remove it")
            return false
        }
        return true
    }
}
