import Foundation

/// mdBook's most used preprocessor, mdbook-admonish: a call-out box written as a fenced block
/// whose info string starts with `admonish` (```` ```admonish warning title="Check the seller" ````,
/// ```` ```admonish tip ````, ```` ```admonish ```` for a note; an older book writes the title as a
/// quoted word, ```` ```admonish info "Read first" ````). Its text is Markdown. Imported as it
/// was, every box was a code block showing its Markdown as code. Each becomes a quoted block
/// titled in bold by its title, else its kind as written (`title=""` gives none), as the other
/// tools' boxes are; the fence lines are the title line and a blank one, so lines are kept.
/// Any other fenced block is left alone, as is a box never closed.
enum MdBookAdmonish {
    static func convert(_ body: String) -> (text: String, count: Int) {
        guard body.contains("admonish") else { return (body, 0) }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var fences = CodeFences()
        var count = 0
        var i = 0
        while i < lines.count {
            let line = lines[i]
            let wasOpen = fences.isOpen
            let code = fences.isCode(line)
            // Only a block's opening line is looked at; the rest of any block is skipped.
            guard code, !wasOpen, let open = opening(line) else { i += 1; continue }
            var close = i + 1
            while close < lines.count, !closes(lines[close], open) { close += 1 }
            guard close < lines.count else { i += 1; continue }
            Admonitions.box(&lines, open: i, close: close, title: open.title, indent: open.indent)
            count += 1
            fences = CodeFences()
            i = close + 1
        }
        return (count == 0 ? body : lines.joined(separator: "\n"), count)
    }

    struct Opening {
        var indent: String
        var fence: Character
        var length: Int
        /// The box's title; nil for none (`title=""`).
        var title: String?
    }

    /// The fence line of a box: up to three spaces, three or more backquotes or tildes, then
    /// `admonish` and its settings.
    static func opening(_ line: String) -> Opening? {
        let indent = line.prefix { $0 == " " }
        guard indent.count < 4 else { return nil }
        let rest = line.dropFirst(indent.count)
        guard let c = rest.first, c == "`" || c == "~" else { return nil }
        let run = rest.prefix { $0 == c }.count
        guard run >= 3 else { return nil }
        let info = rest.dropFirst(run).trimmingCharacters(in: .whitespaces)
        guard info == "admonish" || info.hasPrefix("admonish ") else { return nil }
        var directive: String?
        var title: String??
        for token in tokens(String(info.dropFirst("admonish".count))) {
            if let eq = token.firstIndex(of: "=") {
                let key = token[..<eq].trimmingCharacters(in: .whitespaces)
                if key == "title" { title = .some(unquoted(String(token[token.index(after: eq)...]))) }
            } else if token.first == "\"" || token.first == "'" {
                title = .some(unquoted(token))
            } else if directive == nil {
                directive = token
            }
        }
        let kind = directive ?? "note"
        var resolved: String? = title ?? (kind.prefix(1).uppercased() + kind.dropFirst())
        if resolved?.isEmpty == true { resolved = nil }
        return Opening(indent: String(indent), fence: c, length: run, title: resolved?.replacingOccurrences(of: "*", with: "\\*"))
    }

    /// The words of an info string, a quoted value (`title="Check the seller"`) one word.
    static func tokens(_ s: String) -> [String] {
        var out: [String] = []
        var current = ""
        var quote: Character?
        for ch in s {
            if let q = quote {
                current.append(ch)
                if ch == q { quote = nil }
            } else if ch == "\"" || ch == "'" {
                quote = ch
                current.append(ch)
            } else if ch == " " || ch == "\t" {
                if !current.isEmpty { out.append(current); current = "" }
            } else {
                current.append(ch)
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    static func unquoted(_ s: String) -> String {
        if s.count >= 2, let f = s.first, f == "\"" || f == "'", s.last == f { return String(s.dropFirst().dropLast()) }
        return s
    }

    /// Whether `line` closes the block `open` began: the same character, at least as many, nothing after.
    static func closes(_ line: String, _ open: Opening) -> Bool {
        let indent = line.prefix { $0 == " " }
        guard indent.count < 4 else { return false }
        let rest = line.dropFirst(indent.count)
        let run = rest.prefix { $0 == open.fence }.count
        return run >= open.length && rest.dropFirst(run).allSatisfy { $0 == " " || $0 == "\t" }
    }
}
