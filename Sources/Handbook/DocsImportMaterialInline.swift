import Foundation

/// The inline syntax of Python-Markdown extensions that MkDocs (Material) sites turn on in
/// `mkdocs.yml`'s `markdown_extensions`, which cmark does not know, so a page showed
/// `++ctrl+alt+del++`, `==text==` and `:material-check:` as written:
/// - pymdownx.keys: `++ctrl+alt+del++` -> `<kbd>Ctrl</kbd>+<kbd>Alt</kbd>+<kbd>Del</kbd>`;
/// - pymdownx.mark: `==text==` -> `<mark>text</mark>`;
/// - pymdownx.caret: `^^text^^` -> `<ins>text</ins>`, `H^2^` -> `H<sup>2</sup>`;
/// - pymdownx.tilde: `H~2~O` -> `H<sub>2</sub>O` (cmark would strike it through; `~~text~~`
///   is left to cmark's strikethrough, as both mean it);
/// - pymdownx.emoji: the theme's icons (`:material-check:`, `:fontawesome-brands-github:`,
///   `:octicons-alert-16:`, `:simple-python:`) with the attribute list after one
///   (`{ .lg .middle }`) are left out, as pictures Casebook does not have (a check or a cross,
///   which say yes or no in tables, become ✓ and ✗); the most used emoji shortcodes
///   (`:warning:`) become the emoji, others stay as written.
/// Only what `mkdocs.yml` turns on is converted, as MkDocs would; code (fenced, code spans,
/// `<pre>` blocks), addresses (link destinations, `<...>` autolinks and HTML tags, bare
/// `https://` addresses: `~/.bashrc` is no subscript) are left as written, and so is math when
/// pymdownx.arithmatex is on (`$$` blocks, `$...$`, `\(...\)`: `x^{2k}` is a power there, not a
/// superscript). An icon that is a link's whole text (`[:fontawesome-brands-github:](url)`)
/// becomes its name ("Github"), so the link is not left empty.
enum MaterialInline {
    struct Counts: Equatable { var marks = 0, icons = 0, emoji = 0 }

    /// The extension names of `markdown_extensions` (a list of names, or of one-key maps of
    /// a name to its settings).
    static func extensions(_ config: YAMLNode?) -> Set<String> {
        guard let list = config?.mapEntries?.first(where: { $0.key == "markdown_extensions" })?.value else { return [] }
        var names = Set<String>()
        for item in list.listItems ?? [] {
            if let s = item.scalar { names.insert(s) } else if let key = item.mapEntries?.first?.key { names.insert(key) }
        }
        for entry in list.mapEntries ?? [] { names.insert(entry.key) }
        return names
    }

    static func convert(_ body: String, extensions: Set<String>) -> (text: String, counts: Counts) {
        let keys = extensions.contains("pymdownx.keys"), mark = extensions.contains("pymdownx.mark")
        let caret = extensions.contains("pymdownx.caret"), tilde = extensions.contains("pymdownx.tilde")
        let emoji = extensions.contains("pymdownx.emoji"), math = extensions.contains("pymdownx.arithmatex")
        guard keys || mark || caret || tilde || emoji else { return (body, Counts()) }
        var counts = Counts()
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var fences = CodeFences()
        var inMath = false, inPre = false
        for i in lines.indices {
            if fences.isCode(lines[i]) { continue }
            let line = lines[i]
            // A `<pre>` block is code, whatever its lines hold.
            if inPre || line.range(of: #"<pre[\s>]"#, options: [.regularExpression, .caseInsensitive]) != nil {
                inPre = line.range(of: "</pre>", options: .caseInsensitive) == nil
                continue
            }
            if math {
                let t = line.trimmingCharacters(in: .whitespaces).drop { $0 == ">" }.trimmingCharacters(in: .whitespaces)
                if inMath || t == "$$" || t == "\\[" || (t.hasPrefix("$$") && !t.dropFirst(2).contains("$$")) {
                    if inMath, t.hasSuffix("$$") || t == "\\]" { inMath = false } else if !inMath { inMath = true }
                    continue
                }
            }
            guard line.contains(where: { "+=^~:".contains($0) }) else { continue }
            let chars = Array(line)
            // Characters inside code spans differ from the line's in `outside` (blanked).
            let outside = Array(PageRenderer.outsideCodeSpans(Substring(line)))
            var code = chars.indices.map { $0 >= outside.count || outside[$0] != chars[$0] }
            maskAddresses(chars, &code)
            if math { maskInlineMath(chars, &code) }
            var out = ""
            var k = 0
            while k < chars.count {
                if !code[k] {
                    if keys, let (html, end) = keyCombination(chars, code, at: k) {
                        out += html; k = end; counts.marks += 1; continue
                    }
                    if mark, let (html, end) = wrapped(chars, code, at: k, marker: "=", length: 2, tag: "mark") {
                        out += html; k = end; counts.marks += 1; continue
                    }
                    if caret, let (html, end) = wrapped(chars, code, at: k, marker: "^", length: 2, tag: "ins")
                        ?? wrapped(chars, code, at: k, marker: "^", length: 1, tag: "sup") {
                        out += html; k = end; counts.marks += 1; continue
                    }
                    if tilde, let (html, end) = wrapped(chars, code, at: k, marker: "~", length: 1, tag: "sub") {
                        out += html; k = end; counts.marks += 1; continue
                    }
                    if emoji, chars[k] == ":", let (replacement, end, isIcon) = shortcode(chars, code, at: k) {
                        out += replacement; k = end
                        if isIcon { counts.icons += 1 } else { counts.emoji += 1 }
                        continue
                    }
                }
                out.append(chars[k]); k += 1
            }
            lines[i] = out
        }
        return (lines.joined(separator: "\n"), counts)
    }

    /// Marks what leads somewhere as not to be converted: link destinations (`](...)`),
    /// `<...>` (autolinks and HTML tags) and bare `http(s)://` addresses.
    static func maskAddresses(_ c: [Character], _ code: inout [Bool]) {
        var k = 0
        while k < c.count {
            if code[k] { k += 1; continue }
            if c[k] == "]", k + 1 < c.count, c[k + 1] == "(" {
                var depth = 0, j = k + 1
                while j < c.count {
                    if c[j] == "(" { depth += 1 } else if c[j] == ")" { depth -= 1; if depth == 0 { break } }
                    j += 1
                }
                for m in (k + 1)..<min(j + 1, c.count) { code[m] = true }
                k = j + 1
                continue
            }
            if c[k] == "<", k + 1 < c.count, c[k + 1].isLetter || c[k + 1] == "/" || c[k + 1] == "!",
               let close = c[(k + 1)...].firstIndex(of: ">") {
                for m in k...close { code[m] = true }
                k = close + 1
                continue
            }
            if c[k] == "h", String(c[k..<min(k + 8, c.count)]).hasPrefix("https://") || String(c[k..<min(k + 7, c.count)]) == "http://",
               k == 0 || !(c[k - 1].isLetter || c[k - 1].isNumber) {
                var j = k
                while j < c.count, !c[j].isWhitespace, c[j] != ")", c[j] != ">" { code[j] = true; j += 1 }
                k = j
                continue
            }
            k += 1
        }
    }

    /// Marks `$...$` (and `$$...$$` on one line) as not to be converted, as code is.
    static func maskInlineMath(_ c: [Character], _ code: inout [Bool]) {
        var open: Int?
        var k = 0
        while k < c.count {
            if c[k] == "$", !code[k], k == 0 || c[k - 1] != "\\" {
                let width = k + 1 < c.count && c[k + 1] == "$" ? 2 : 1
                if let o = open {
                    for j in o..<(k + width) { code[j] = true }
                    open = nil
                } else if k + width < c.count, !c[k + width].isWhitespace {
                    open = k
                }
                k += width
                continue
            }
            // `\(...\)`: arithmatex's other inline math.
            if c[k] == "\\", k + 1 < c.count, c[k + 1] == "(", !code[k] {
                var j = k + 2
                while j + 1 < c.count, !(c[j] == "\\" && c[j + 1] == ")") { j += 1 }
                if j + 1 < c.count {
                    for m in k...(j + 1) { code[m] = true }
                    k = j + 2
                    continue
                }
            }
            k += 1
        }
    }

    // MARK: - Keys

    /// How pymdownx.keys' key names are shown (others: their words capitalised, a single
    /// letter in capitals).
    static let keyNames: [String: String] = [
        "ctrl": "Ctrl", "control": "Ctrl", "alt": "Alt", "option": "Option", "shift": "Shift", "cmd": "Cmd",
        "command": "Cmd", "meta": "Meta", "win": "Win", "windows": "Win", "super": "Super", "fn": "Fn",
        "enter": "Enter", "return": "Return", "tab": "Tab", "esc": "Esc", "escape": "Esc", "space": "Space",
        "spacebar": "Space", "backspace": "Backspace", "del": "Del", "delete": "Del", "ins": "Ins", "insert": "Ins",
        "home": "Home", "end": "End", "page-up": "Page Up", "pgup": "Page Up", "page-down": "Page Down",
        "pgdn": "Page Down", "up": "↑", "arrow-up": "↑", "down": "↓", "arrow-down": "↓", "left": "←",
        "arrow-left": "←", "right": "→", "arrow-right": "→", "caps-lock": "Caps Lock", "num-lock": "Num Lock",
        "print-screen": "Print Screen", "prtsc": "Print Screen", "period": ".", "comma": ",", "slash": "/",
        "backslash": "&#92;", "minus": "-", "plus": "+", "equal": "=", "semicolon": ";", "colon": ":",
        "quote": "'", "double-quote": "&quot;", "bracket-left": "[", "bracket-right": "]", "grave": "&#96;",
        "tilde": "~", "pipe": "|", "question": "?", "exclamation": "!", "at": "@", "hash": "#",
        "dollar": "$", "percent": "%", "caret": "^", "ampersand": "&amp;", "asterisk": "&#42;",
        "underscore": "&#95;", "less": "&lt;", "greater": "&gt;",
    ]

    static func keyLabel(_ name: String) -> String {
        let lower = name.lowercased()
        if let known = keyNames[lower] { return known }
        if lower.count == 1 { return HTML.escape(name.uppercased()) }
        return HTML.escape(lower.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " "))
    }

    /// `++ctrl+alt+del++` at `k`: the keys as `<kbd>` elements and the index after it.
    static func keyCombination(_ c: [Character], _ code: [Bool], at k: Int) -> (String, Int)? {
        guard k + 1 < c.count, c[k] == "+", c[k + 1] == "+" else { return nil }
        if k > 0, c[k - 1] == "+" || c[k - 1].isLetter || c[k - 1].isNumber { return nil }
        var labels: [String] = []
        var j = k + 2
        while true {
            guard j < c.count, !code[j] else { return nil }
            if c[j] == "\"" {
                // A key of one's own, quoted: `++ctrl+"My Key"++`.
                guard let close = c[(j + 1)...].firstIndex(of: "\""), close > j + 1 else { return nil }
                labels.append(HTML.escape(String(c[(j + 1)..<close])))
                j = close + 1
            } else {
                let start = j
                while j < c.count, c[j].isLetter || c[j].isNumber || c[j] == "-" || c[j] == "_" { j += 1 }
                guard j > start else { return nil }
                labels.append(keyLabel(String(c[start..<j])))
            }
            guard j < c.count, c[j] == "+" else { return nil }
            if j + 1 < c.count, c[j + 1] == "+" {
                let end = j + 2
                if end < c.count, c[end] == "+" || c[end].isLetter || c[end].isNumber { return nil }
                return (labels.map { "<kbd>\($0)</kbd>" }.joined(separator: "+"), end)
            }
            j += 1
        }
    }

    // MARK: - Marks

    /// `marker` repeated `length` times around text (no space just inside, no marker run
    /// longer than `length` at either end, on one line, outside code): the text in `<tag>`.
    /// A one-character marker (`^`, `~`) holds no space at all, as pymdownx's super- and
    /// subscripts are written.
    static func wrapped(_ c: [Character], _ code: [Bool], at k: Int, marker: Character, length: Int, tag: String) -> (String, Int)? {
        func run(at i: Int) -> Int { var n = 0; while i + n < c.count, c[i + n] == marker { n += 1 }; return n }
        guard c[k] == marker, run(at: k) == length, k == 0 || c[k - 1] != marker else { return nil }
        let start = k + length
        guard start < c.count, !c[start].isWhitespace else { return nil }
        var j = start
        while j < c.count {
            if code[j] { return nil }
            if length == 1, c[j].isWhitespace { return nil }
            if c[j] == marker {
                let n = run(at: j)
                guard n == length, !c[j - 1].isWhitespace, j > start else { return nil }
                let end = j + length
                // `a==b==c` in a formula is not a mark when a letter follows straight after.
                if length > 1, end < c.count, c[end].isLetter || c[end].isNumber { return nil }
                return ("<\(tag)>" + String(c[start..<j]) + "</\(tag)>", end)
            }
            j += 1
        }
        return nil
    }

    // MARK: - Icons and emoji

    /// The icon sets Material's pymdownx.emoji index holds.
    static let iconSets = ["material-", "fontawesome-", "octicons-", "simple-"]
    /// Icons that say yes or no, which a table loses its meaning without.
    static let meaningfulIcons: [String: String] = [
        "material-check": "✓", "material-check-bold": "✓", "material-check-circle": "✓", "octicons-check-16": "✓",
        "octicons-check-24": "✓", "fontawesome-solid-check": "✓", "material-close": "✗", "material-close-thick": "✗",
        "material-close-circle": "✗", "octicons-x-16": "✗", "octicons-x-24": "✗", "fontawesome-solid-xmark": "✗",
    ]
    /// The emoji shortcodes handbooks use most, as Unicode.
    static let emoji: [String: String] = [
        "warning": "⚠️", "white_check_mark": "✅", "heavy_check_mark": "✔️", "x": "❌", "no_entry": "⛔",
        "no_entry_sign": "🚫", "stop_sign": "🛑", "bulb": "💡", "memo": "📝", "pencil": "📝", "rotating_light": "🚨",
        "lock": "🔒", "unlock": "🔓", "key": "🔑", "information_source": "ℹ️", "exclamation": "❗", "question": "❓",
        "star": "⭐", "smile": "😄", "slightly_smiling_face": "🙂", "+1": "👍", "thumbsup": "👍", "-1": "👎",
        "thumbsdown": "👎", "tada": "🎉", "rocket": "🚀", "point_right": "👉", "point_left": "👈",
        "point_up": "☝️", "point_down": "👇", "red_circle": "🔴", "green_circle": "🟢", "yellow_circle": "🟡",
        "large_blue_circle": "🔵", "construction": "🚧", "calendar": "📅", "date": "📅", "mag": "🔍", "link": "🔗",
        "email": "📧", "e-mail": "📧", "phone": "☎️", "telephone_receiver": "📞", "eyes": "👀", "fire": "🔥",
        "heart": "❤️", "ok": "🆗", "new": "🆕", "sparkles": "✨", "zap": "⚡", "bell": "🔔", "no_bell": "🔕",
        "clipboard": "📋", "pushpin": "📌", "paperclip": "📎", "books": "📚", "book": "📖", "bookmark": "🔖",
        "hourglass": "⌛", "stopwatch": "⏱️", "alarm_clock": "⏰", "wave": "👋", "raising_hand": "🙋",
        "man_raising_hand": "🙋‍♂️", "woman_raising_hand": "🙋‍♀️", "shield": "🛡️", "globe_with_meridians": "🌐",
        "money_with_wings": "💸", "moneybag": "💰", "package": "📦", "shopping_cart": "🛒", "camera": "📷",
        "video_camera": "📹", "movie_camera": "🎥", "speech_balloon": "💬", "loudspeaker": "📢", "mega": "📣",
        "arrow_right": "➡️", "arrow_left": "⬅️", "arrow_up": "⬆️", "arrow_down": "⬇️", "heavy_plus_sign": "➕",
        "heavy_minus_sign": "➖", "gear": "⚙️", "wrench": "🔧", "hammer": "🔨", "bug": "🐛", "label": "🏷️",
        "triangular_flag_on_post": "🚩", "checkered_flag": "🏁", "trophy": "🏆", "muscle": "💪", "pray": "🙏",
        "thinking": "🤔", "confused": "😕", "cry": "😢", "angry": "😠", "skull": "💀", "underage": "🔞",
        "woman_in_lotus_position": "🧘‍♀️", "man_in_lotus_position": "🧘‍♂️",
    ]

    /// An icon's name in words: `fontawesome-brands-github` -> "Github",
    /// `octicons-mark-github-16` -> "Mark github".
    static func iconName(_ name: String) -> String {
        var parts = name.split(separator: "-").map(String.init)
        if !parts.isEmpty { parts.removeFirst() }
        if let first = parts.first, ["brands", "solid", "regular"].contains(first) { parts.removeFirst() }
        if let last = parts.last, last.allSatisfy(\.isNumber) { parts.removeLast() }
        let words = parts.joined(separator: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// `:name:` at `k`: its replacement (nothing for an icon, with the attribute list after
    /// it), the index after it, and whether it was an icon. nil when it is neither a known
    /// emoji nor an icon.
    static func shortcode(_ c: [Character], _ code: [Bool], at k: Int) -> (String, Int, Bool)? {
        if k > 0, c[k - 1].isLetter || c[k - 1].isNumber { return nil }
        var j = k + 1
        while j < c.count, !code[j], c[j].isASCII, c[j].isLetter || c[j].isNumber || "_-+".contains(c[j]) { j += 1 }
        guard j < c.count, j > k + 1, c[j] == ":" else { return nil }
        let name = String(c[(k + 1)..<j])
        var end = j + 1
        if iconSets.contains(where: name.hasPrefix), name.count > 1 {
            // `{ .lg .middle }` or `{ title="Done" }` straight after it styles the icon.
            if end < c.count, c[end] == "{", let close = c[end...].firstIndex(of: "}"), !code[close] { end = close + 1 }
            if k > 0, c[k - 1] == "[", end < c.count, c[end] == "]" { return (iconName(name), end, true) }
            return (meaningfulIcons[name] ?? "", end, true)
        }
        guard let e = emoji[name] else { return nil }
        return (e, end, false)
    }
}

/// mkdocstrings' API blocks (`::: pydantic.config` and its indented `options:`), which the
/// plugin fills from the code when the site is built, and autorefs' cross-references to them
/// (`[`BaseModel`][pydantic.BaseModel]`): Casebook has no code to document, so each block
/// becomes a line naming its module and each reference its text, with a note, where the page
/// showed the directive and the brackets as text (pydantic's 36 API pages, 463 references).
enum MkDocstrings {
    struct Counts { var blocks = 0, references = 0, firstBlock: Int?, firstReference: Int? }

    /// Whether `mkdocs.yml` turns the plugins on (`plugins: [mkdocstrings]` or a map entry).
    static func enabled(_ config: YAMLNode?) -> Bool {
        guard let plugins = config?.mapEntries?.first(where: { $0.key == "plugins" })?.value else { return false }
        let names = (plugins.listItems ?? []).compactMap { $0.scalar ?? $0.mapEntries?.first?.key } + (plugins.mapEntries ?? []).map(\.key)
        return names.contains { $0 == "mkdocstrings" || $0 == "autorefs" }
    }

    static func convert(_ body: String) -> (text: String, counts: Counts) {
        var counts = Counts()
        guard body.contains(":::") || body.contains("][") else { return (body, counts) }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Reference definitions the page has (`[label]: url`): those references are links.
        let defined = Set(lines.compactMap { line -> String? in
            guard let m = line.firstMatch(of: /^ {0,3}\[([^\]]+)\]:\s/) else { return nil }
            return m.1.lowercased()
        })
        var fences = CodeFences()
        var i = 0
        while i < lines.count {
            if fences.isCode(lines[i]) { i += 1; continue }
            if let m = lines[i].wholeMatch(of: /::: *([A-Za-z_][\w.:-]*) */) {
                lines[i] = "*API reference for `\(m.1)`: generated from the code by mkdocstrings, not imported.*"
                counts.blocks += 1
                if counts.firstBlock == nil { counts.firstBlock = i }
                var k = i + 1
                while k < lines.count, lines[k].hasPrefix("    ") || lines[k].hasPrefix("\t") { lines[k] = ""; k += 1 }
                i = k
                continue
            }
            if lines[i].contains("][") {
                var line = lines[i]
                var changed = false
                for m in line.matches(of: /\[((?:[^\[\]]|\[[^\[\]]*\])+)\]\[([A-Za-z_][\w]*(?:\.[\w]+)+)\]/).reversed()
                    where !defined.contains(String(m.2).lowercased()) && !JekyllLinkTags.inCodeSpan(line, at: m.range.lowerBound) {
                    line.replaceSubrange(m.range, with: m.1)
                    counts.references += 1
                    if counts.firstReference == nil { counts.firstReference = i }
                    changed = true
                }
                if changed { lines[i] = line }
            }
            i += 1
        }
        return (lines.joined(separator: "\n"), counts)
    }
}
