import Foundation

/// The interface strings of every language Casebook speaks: one catalogue per language (the
/// theme's `i18n/<lang>.yml`), looked up with English as the fallback for each missing key.
///
/// A catalogue file:
///
/// ```yaml
/// name: ไทย          # the language's name in that language
/// direction: ltr     # or rtl
/// messages:
///   page:
///     owner: เจ้าของ                  # key "page.owner"
///   search:
///     results:                        # a plural message: CLDR categories, "other" required
///       other: "{count} ผลลัพธ์"
/// ```
///
/// Placeholders are `{name}`; a value that starts with `{` must be quoted, as in any YAML.
public struct Messages: Sendable {
    /// Catalogues by language code (lower case, `en`, `th`, `pt-br`), each parsed when first
    /// used (see `init(parsingWhenUsed:)`).
    private var entries: [String: LazyCatalog]

    /// Every catalogue, by language code (parses any not parsed yet).
    public var catalogs: [String: MessageCatalog] { entries.mapValues(\.value) }

    /// The language every lookup falls back to.
    public static let fallbackLanguage = "en"

    /// Messages made of `catalogs`; the English one is the fallback for every other.
    public init(_ catalogs: [MessageCatalog]) {
        var byLanguage: [String: LazyCatalog] = [:]
        for c in catalogs { byLanguage[c.language] = LazyCatalog(c) }
        entries = byLanguage
    }

    /// Messages whose catalogues are parsed when first asked for, by language code (as
    /// `normalized` gives it). Speed: a build needs one or two of the built-in languages, and
    /// parsing all five catalogues (280 KB of YAML) was a tenth of a one-edit rebuild's work.
    public init(parsingWhenUsed sources: [String: @Sendable () -> MessageCatalog]) {
        entries = sources.mapValues { LazyCatalog(parse: $0) }
    }

    /// Codes of the languages with a catalogue, sorted.
    public var languages: [String] { entries.keys.sorted() }

    /// Lays `other`'s catalogues over these: a key in `other` replaces the same key here, and
    /// a language only `other` has is added (a `theme/i18n/<lang>.yml` over the built-in ones).
    public func overridden(by other: [MessageCatalog]) -> Messages {
        var result = self
        for c in other {
            if let base = result.entries[c.language] {
                result.entries[c.language] = LazyCatalog { base.value.overridden(by: c) }
            } else {
                result.entries[c.language] = LazyCatalog(c)
            }
        }
        return result
    }

    /// The catalogue that serves `language` (`th-TH` is served by `th`), or nil.
    public func catalog(for language: String) -> MessageCatalog? {
        let code = Self.normalized(language)
        if let c = entries[code] { return c.value }
        if let dash = code.firstIndex(of: "-"), let c = entries[String(code[..<dash])] { return c.value }
        return nil
    }

    /// Whether a catalogue serves `language`.
    public func supports(_ language: String) -> Bool {
        let code = Self.normalized(language)
        if entries[code] != nil { return true }
        if let dash = code.firstIndex(of: "-") { return entries[String(code[..<dash])] != nil }
        return false
    }

    /// Strings and formats for `language`, falling back to English key by key.
    public func localized(_ language: String) -> Localized {
        let own = catalog(for: language)
        var localized = Localized(language: own?.language ?? Self.fallbackLanguage, catalog: own, fallback: entries[Self.fallbackLanguage]?.value)
        localized.requested = Self.normalized(language)
        return localized
    }

    /// The best language of an `Accept-Language` header among the catalogues, or nil when
    /// none of the header's languages has one.
    public func negotiate(acceptLanguage header: String) -> String? {
        var choices: [(quality: Double, order: Int, code: String)] = []
        for (order, part) in header.split(separator: ",").enumerated() {
            let fields = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = fields.first, !tag.isEmpty, tag != "*" else { continue }
            var quality = 1.0
            for f in fields.dropFirst() where f.hasPrefix("q=") { quality = Double(f.dropFirst(2)) ?? 0 }
            if quality > 0 { choices.append((quality, order, tag)) }
        }
        choices.sort { ($0.quality, -$0.order) > ($1.quality, -$1.order) }
        for choice in choices { if let c = catalog(for: choice.code) { return c.language } }
        return nil
    }

    /// `th_TH` and `TH-th` both become `th-th`.
    public static func normalized(_ language: String) -> String {
        language.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "_", with: "-")
    }
}

/// A catalogue, parsed by the first thread that asks for it (others wait for that parse).
final class LazyCatalog: @unchecked Sendable {
    private let lock = NSLock()
    private var parsed: MessageCatalog?
    private let parse: @Sendable () -> MessageCatalog

    init(_ catalog: MessageCatalog) {
        parsed = catalog
        parse = { catalog }
    }

    init(parse: @escaping @Sendable () -> MessageCatalog) { self.parse = parse }

    var value: MessageCatalog {
        lock.lock(); defer { lock.unlock() }
        if let parsed { return parsed }
        let made = parse()
        parsed = made
        return made
    }
}

/// One language's messages, parsed from its `i18n/<lang>.yml`.
public struct MessageCatalog: Sendable, Hashable {
    /// A message: one text, or texts by plural category.
    public enum Message: Sendable, Hashable {
        case text(String)
        case plural([PluralCategory: String])
    }

    /// The language code, from the file name.
    public var language: String
    /// The language's name in that language, for language links.
    public var name: String
    /// Whether the language is written right to left.
    public var rightToLeft: Bool
    /// Messages by dotted key (`page.owner`).
    public var messages: [String: Message]

    /// A catalogue with these messages.
    public init(language: String, name: String, rightToLeft: Bool = false, messages: [String: Message]) {
        self.language = Messages.normalized(language)
        self.name = name
        self.rightToLeft = rightToLeft
        self.messages = messages
    }

    /// `other`'s name, direction and messages over these.
    func overridden(by other: MessageCatalog) -> MessageCatalog {
        var result = self
        result.name = other.name
        result.rightToLeft = other.rightToLeft
        result.messages.merge(other.messages) { _, new in new }
        return result
    }

    /// The language a catalogue file is named after, as written (`i18n/pt-BR.yml` -> `pt-BR`).
    public static func languageCode(ofFile file: String) -> String {
        let base = String(file.split(separator: "/").last ?? Substring(file))
        return base.hasSuffix(".yml") ? String(base.dropLast(4)) : base
    }

    /// Parses a catalogue file; `file` (e.g. `theme/i18n/th.yml`) names it in errors, and its
    /// base name is the language code.
    public static func parse(_ text: String, file: String) throws(HandbookError) -> MessageCatalog {
        let language = languageCode(ofFile: file)
        guard !language.isEmpty, language.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-") }) else {
            throw HandbookError(file: file, "a message catalogue is named after its language code, e.g. i18n/th.yml or i18n/pt-BR.yml")
        }
        let root: YAMLNode
        do { root = try YAMLParser.parse(text) } catch {
            throw HandbookError(file: file, line: error.line, column: error.column, error.message)
        }
        guard let entries = root.mapEntries else {
            throw HandbookError(file: file, line: root.line, column: root.column, "a message catalogue is a map with 'name', 'direction' and 'messages'")
        }
        var name = language
        var rtl = false
        var messages: [String: Message] = [:]
        for entry in entries {
            switch entry.key {
            case "name":
                guard let s = entry.value.scalar, !s.isEmpty else {
                    throw HandbookError(file: file, line: entry.line, column: entry.column, "'name' is the language's name in that language, e.g. name: ไทย")
                }
                name = s
            case "direction":
                switch entry.value.scalar {
                case "ltr": rtl = false
                case "rtl": rtl = true
                default: throw HandbookError(file: file, line: entry.value.line, column: entry.value.column, "'direction' must be 'ltr' or 'rtl'")
                }
            case "messages":
                try collect(entry.value, prefix: "", into: &messages, file: file)
            default:
                throw HandbookError(file: file, line: entry.line, column: entry.column, "unknown key '\(entry.key)'; a catalogue has 'name', 'direction' and 'messages'")
            }
        }
        return MessageCatalog(language: language, name: name, rightToLeft: rtl, messages: messages)
    }

    /// Flattens nested maps into dotted keys; a map of plural categories is one plural message.
    private static func collect(_ node: YAMLNode, prefix: String, into out: inout [String: Message], file: String) throws(HandbookError) {
        guard let entries = node.mapEntries else {
            throw HandbookError(file: file, line: node.line, column: node.column, "'messages' (and each group in it) must be a map of keys to texts")
        }
        for entry in entries {
            let key = prefix.isEmpty ? entry.key : prefix + "." + entry.key
            if let s = entry.value.scalar {
                out[key] = .text(s)
                continue
            }
            guard let sub = entry.value.mapEntries else {
                throw HandbookError(file: file, line: entry.line, column: entry.column, "'\(key)' must be a text or a map, not a list")
            }
            let categories = sub.map { PluralCategory(rawValue: $0.key) }
            if !sub.isEmpty, categories.allSatisfy({ $0 != nil }) {
                var forms: [PluralCategory: String] = [:]
                for (c, e) in zip(categories, sub) {
                    guard let c, let s = e.value.scalar else {
                        throw HandbookError(file: file, line: e.line, column: e.column, "plural form '\(e.key)' of '\(key)' must be a text")
                    }
                    forms[c] = s
                }
                guard forms[.other] != nil else {
                    throw HandbookError(file: file, line: entry.line, column: entry.column, "plural message '\(key)' needs an 'other' form")
                }
                out[key] = .plural(forms)
            } else {
                try collect(entry.value, prefix: key, into: &out, file: file)
            }
        }
    }
}

/// CLDR plural categories (https://cldr.unicode.org/index/cldr-spec/plural-rules).
public enum PluralCategory: String, Sendable, Hashable, CaseIterable {
    case zero, one, two, few, many, other

    /// The category of the whole number `n` in `language` (CLDR cardinal rules, integers
    /// only). Languages without plural forms (Indonesian, Thai, Vietnamese, Malay, Chinese,
    /// Japanese, Korean) always give `other`.
    public static func of(_ n: Int, language: String) -> PluralCategory {
        let base = Messages.normalized(language).split(separator: "-").first.map(String.init) ?? ""
        let i = abs(n)
        switch base {
        case "id", "th", "vi", "ms", "zh", "ja", "ko", "my", "km", "lo":
            return .other
        case "fr", "pt", "hi", "bn":
            return i == 0 || i == 1 ? .one : .other
        case "ar":
            if i == 0 { return .zero }
            if i == 1 { return .one }
            if i == 2 { return .two }
            if (3...10).contains(i % 100) { return .few }
            if (11...99).contains(i % 100) { return .many }
            return .other
        case "ru", "uk":
            if i % 10 == 1 && i % 100 != 11 { return .one }
            if (2...4).contains(i % 10) && !(12...14).contains(i % 100) { return .few }
            return .many
        case "pl":
            if i == 1 { return .one }
            if (2...4).contains(i % 10) && !(12...14).contains(i % 100) { return .few }
            return .many
        default:
            // English and most European languages: "one" for exactly 1.
            return i == 1 ? .one : .other
        }
    }
}

/// The messages and formats of one language, with English behind each missing key.
public struct Localized: Sendable {
    /// The language served (the catalogue's code; `en` when the asked one has none).
    public let language: String
    let catalog: MessageCatalog?
    let fallback: MessageCatalog?

    /// Whether the language is written right to left: as its catalogue says, else as the
    /// script of a few well-known right-to-left languages (Arabic, Hebrew, Persian, Urdu).
    public var rightToLeft: Bool { catalog?.rightToLeft ?? Self.rightToLeftLanguages.contains(requested.split(separator: "-").first.map(String.init) ?? "") }
    /// Languages written right to left, for pages in a language without a catalogue.
    /// `iw` and `ji` are the codes Hebrew and Yiddish had before 1989, which Java and
    /// Hugo sites still use (the Contributor Covenant's Hebrew page is `iw`).
    static let rightToLeftLanguages: Set<String> = ["ar", "he", "iw", "fa", "ur", "ps", "yi", "ji", "dv", "ckb"]
    /// The language asked for (normalized), which may have no catalogue.
    var requested: String = ""
    /// `rtl` or `ltr`, for the `dir` attribute.
    public var direction: String { rightToLeft ? "rtl" : "ltr" }

    /// The message `key`, its `{name}` placeholders filled from `values`. A key no catalogue
    /// has comes back as itself, so a missing message shows rather than vanishes.
    public func callAsFunction(_ key: String, _ values: KeyValuePairs<String, String> = [:]) -> String {
        let template: String
        switch message(key) {
        case .text(let s)?: template = s
        case .plural(let forms)?: template = forms[.other] ?? key
        case nil: template = key
        }
        return Self.fill(template, values.map { ($0.key, $0.value) })
    }

    /// The message `key` as HTML: its text escaped, then `{name}` placeholders filled from
    /// `values`, which must already be HTML.
    public func html(_ key: String, _ values: KeyValuePairs<String, String> = [:]) -> String {
        let template: String
        switch message(key) {
        case .text(let s)?: template = s
        case .plural(let forms)?: template = forms[.other] ?? key
        case nil: template = key
        }
        return Self.fill(HTML.escape(template), values.map { ($0.key, $0.value) })
    }

    /// The plural message `key` for `count` as HTML (see `html(_:_:)`).
    public func pluralHTML(_ key: String, count: Int, _ values: KeyValuePairs<String, String> = [:]) -> String {
        var all: [(String, String)] = [("count", HTML.escape(number(count)))]
        all += values.map { ($0.key, $0.value) }
        switch message(key) {
        case .plural(let forms)?:
            let form = forms[PluralCategory.of(count, language: language)] ?? forms[.other] ?? key
            return Self.fill(HTML.escape(form), all)
        case .text(let s)?: return Self.fill(HTML.escape(s), all)
        case nil: return key
        }
    }

    /// The plural message `key` for `count` (in `{count}`, formatted for the language).
    public func plural(_ key: String, count: Int, _ values: KeyValuePairs<String, String> = [:]) -> String {
        var all: [(String, String)] = [("count", number(count))]
        all += values.map { ($0.key, $0.value) }
        switch message(key) {
        case .plural(let forms)?:
            let form = forms[PluralCategory.of(count, language: language)] ?? forms[.other] ?? key
            return Self.fill(form, all)
        case .text(let s)?: return Self.fill(s, all)
        case nil: return key
        }
    }

    /// The message itself: this language's, else English's.
    public func message(_ key: String) -> MessageCatalog.Message? {
        catalog?.messages[key] ?? fallback?.messages[key]
    }

    /// Every key with its text (plural messages by their `other` form), this language's over
    /// English's: the strings the theme's scripts and templates are given.
    public var allTexts: [String: String] {
        var out: [String: String] = [:]
        for source in [fallback, catalog] {
            for (k, m) in source?.messages ?? [:] {
                switch m {
                case .text(let s): out[k] = s
                case .plural(let forms): out[k] = forms[.other] ?? ""
                }
            }
        }
        return out
    }

    /// `template` with each `{name}` that `values` has replaced, in one pass (a value holding
    /// braces is never filled again); other braces stay as written.
    public static func fill(_ template: String, _ values: [(String, String)]) -> String {
        guard !values.isEmpty else { return template }
        if template.utf8.allSatisfy({ $0 < 0x80 && $0 != 13 }) { return fillASCII(template, values) }
        guard template.contains("{") else { return template }
        var byName: [Substring: String] = [:]
        for (k, v) in values { byName[Substring(k)] = v }
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "}"), let value = byName[after[..<close]] {
                out += value
                rest = after[after.index(after: close)...]
            } else {
                out += "{"
                rest = after
            }
        }
        return out + rest
    }

    /// `fill` for a template in ASCII without CR, where every Character is one byte: the
    /// braces are found byte by byte. Speed: found Character by Character, filling took most
    /// of the time of a page's short messages (a diff page shows five).
    private static func fillASCII(_ template: String, _ values: [(String, String)]) -> String {
        let utf8 = template.utf8
        guard var open = utf8.firstIndex(of: UInt8(ascii: "{")) else { return template }
        var out = ""
        var copied = utf8.startIndex
        while true {
            let nameStart = utf8.index(after: open)
            var searchFrom = nameStart
            if let close = utf8[nameStart...].firstIndex(of: UInt8(ascii: "}")) {
                // The last value given for a name wins, as in `fill`'s dictionary.
                let name = template[nameStart..<close]
                if let value = values.last(where: { $0.0 == name })?.1 {
                    out += template[copied..<open]
                    out += value
                    copied = utf8.index(after: close)
                    searchFrom = copied
                }
            }
            guard let next = utf8[searchFrom...].firstIndex(of: UInt8(ascii: "{")) else { break }
            open = next
        }
        out += template[copied...]
        return out
    }

    // MARK: - Numbers and dates

    /// Foundation's locale for the language (`en` formats as the site always has).
    var locale: Locale { Locale(identifier: language) }

    /// A whole number with the language's grouping (`12,345`, `12.345`).
    public func number(_ n: Int) -> String {
        let key = language + "\u{0}number\u{0}" + String(n)
        if let known = FormattedDates.shared[key] { return known }
        let text = numberUncached(n)
        FormattedDates.shared.set(key, text)
        return text
    }

    private func numberUncached(_ n: Int) -> String {
        let f = NumberFormatter()
        f.locale = locale
        f.numberStyle = .decimal
        return f.string(from: NSNumber(value: n)) ?? String(n)
    }

    /// A share as a percentage for the language (`12.5%`, `12,5%`); `share` is 0...1.
    public func percent(_ share: Double, fractionDigits: Int = 0) -> String {
        let f = NumberFormatter()
        f.locale = locale
        f.numberStyle = .percent
        f.minimumFractionDigits = 0
        f.maximumFractionDigits = fractionDigits
        return f.string(from: NSNumber(value: share)) ?? "\(Int((share * 100).rounded()))%"
    }

    /// The calendar dates are shown in: Thai dates count years in the Buddhist era (2569 for
    /// 2026), as Thai workplaces and documents do; every other language the Gregorian calendar.
    var calendar: Calendar {
        var c = Calendar(identifier: language.hasPrefix("th") ? .buddhist : .gregorian)
        c.timeZone = TimeZone(identifier: "UTC") ?? c.timeZone
        c.locale = locale
        return c
    }

    /// `YYYY-MM-DD` as a short date (`1 Sep 2026`, `1 ก.ย. 2569`); other text as it is.
    public func date(_ iso: String) -> String {
        format(iso, parts: 3, english: "d MMM y", template: "dMMMy")
    }

    /// `YYYY-MM-DD` as a day and month without the year (`28 Sep`, `28 ก.ย.`), for chart axes.
    public func dayMonth(_ iso: String) -> String {
        format(iso, parts: 3, english: "d MMM", template: "dMMM")
    }

    /// A figure with exactly `fractionDigits` decimals in the language's digits and decimal
    /// sign (`0.85`, `0,85`), for statistics such as agreement coefficients.
    public func decimal(_ x: Double, fractionDigits: Int) -> String {
        let f = NumberFormatter()
        f.locale = locale
        f.numberStyle = .decimal
        f.minimumFractionDigits = fractionDigits
        f.maximumFractionDigits = fractionDigits
        return f.string(from: NSNumber(value: x)) ?? String(format: "%.\(fractionDigits)f", x)
    }

    /// `YYYY-MM` as a month and year (`September 2026`, `กันยายน 2569`).
    public func month(_ yearMonth: String) -> String {
        format(yearMonth + "-01", parts: 3, english: "MMMM y", template: "MMMMy", shown: yearMonth)
    }

    private func format(_ iso: String, parts: Int, english: String, template: String, shown: String? = nil) -> String {
        // Speed: a DateFormatter costs ICU a locale and its symbols to set up, and a site
        // with history shows the same few hundred dates on tens of thousands of pages
        // (versions and diff pages): each text is formatted once per process.
        let key = language + "\u{0}" + template + "\u{0}" + iso + "\u{0}" + (shown ?? "")
        if let known = FormattedDates.shared[key] { return known }
        let text = formatUncached(iso, parts: parts, english: english, template: template, shown: shown)
        FormattedDates.shared.set(key, text)
        return text
    }

    private func formatUncached(_ iso: String, parts: Int, english: String, template: String, shown: String?) -> String {
        let fields = iso.split(separator: "-")
        guard fields.count == parts, let y = Int(fields[0]), let m = Int(fields[1]), (1...12).contains(m),
              let d = Int(fields[2]), (1...31).contains(d) else { return shown ?? iso }
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = TimeZone(identifier: "UTC") ?? gregorian.timeZone
        guard let day = gregorian.date(from: DateComponents(year: y, month: m, day: d)) else { return shown ?? iso }
        return DateFormatters.shared.format(day, key: language + "\u{0}" + english + "\u{0}" + template) {
            let f = DateFormatter()
            f.locale = locale
            f.calendar = calendar
            f.timeZone = calendar.timeZone
            if language == Messages.fallbackLanguage { f.dateFormat = english } else { f.setLocalizedDateFormatFromTemplate(template) }
            return f
        }
    }
}

/// One date formatter per language and format, made on first use and kept: a new formatter
/// for every date set ICU up afresh (its locale, calendar and pattern), over a million
/// instructions a date, which made the what's-new page's few hundred dates 6% of a 500-page
/// build. A formatter gives the same text for the same date however often it is used;
/// formatters are not shared by threads, so each is used under the lock.
final class DateFormatters: @unchecked Sendable {
    static let shared = DateFormatters()
    private var byKey: [String: DateFormatter] = [:]
    private let lock = NSLock()

    /// `date` formatted by the formatter kept under `key`, made by `make` the first time.
    func format(_ date: Date, key: String, make: () -> DateFormatter) -> String {
        lock.lock(); defer { lock.unlock() }
        if let known = byKey[key] { return known.string(from: date) }
        let formatter = make()
        byKey[key] = formatter
        return formatter.string(from: date)
    }
}

/// Dates and whole numbers already formatted, by language, template and value (see
/// `Localized.format` and `Localized.number`); shared by the rendering threads. Formatting is
/// deterministic, so a cached text is the one a new formatter would give. At most `limit`
/// texts: a long-running `serve` formats ever new counts and dates.
enum FormattedDates {
    static let limit = 20_000
    static let shared = BoundedMemo<String, String>(limit: limit)
}
