import Handbook
import Insights

/// The reader's language for a command's tables and sentences: the `--lang` option (else
/// `$CASEBOOK_LANG`) and the catalogue messages under `cli.` that `casebook gaps` uses, through
/// the same `ReportPrinter` lookups. Without a language (or with English) every text is the
/// English written at the call, so English output stays byte for byte as it was; JSON and CSV
/// never go through it.
struct CLIText {
    private var printer = ReportPrinter(format: .table)

    /// The language `args` ask for (a usage error names an unknown one).
    init(_ args: ParsedArguments) throws(UsageError) {
        printer.language = try ReportCommand.language(args)
    }

    init(language: Localized?) { printer.language = language }

    /// The language, nil for English.
    var language: Localized? { printer.language }

    /// Message `key` in the reader's language, else `english`, with `{name}`s filled.
    func callAsFunction(_ key: String, _ english: String, _ values: KeyValuePairs<String, String> = [:]) -> String {
        printer.tr(key, english, values)
    }

    /// The plural message `key` for `count`, else `one` or `other` in English.
    func plural(_ key: String, count: Int, one: String, other: String, _ values: KeyValuePairs<String, String> = [:]) -> String {
        printer.tr(key, count: count, one: one, other: other, values)
    }

    /// A whole number (grouped for the language; as `String(n)` in English).
    func count(_ n: Int) -> String { printer.count(n) }

    /// `YYYY-MM-DD` as the language writes a date (Thai: Buddhist era); as it is in English.
    func date<S: StringProtocol>(_ iso: S) -> String { language?.date(String(iso)) ?? String(iso) }

    /// A share as a percentage with `digits` decimals; `english` in English.
    func percent(_ share: Double, digits: Int, english: String) -> String { language?.percent(share, fractionDigits: digits) ?? english }

    /// Column headings in the reader's language (`cli.column.<heading>`), keeping any indent.
    func headings(_ header: [String]) -> [String] {
        guard language != nil else { return header }
        return header.map { h in
            let indent = String(h.prefix { $0 == " " })
            let text = String(h.dropFirst(indent.count))
            return text.isEmpty ? h : indent + self("cli.column." + ReportPrinter.columnKey(text), text)
        }
    }
}
