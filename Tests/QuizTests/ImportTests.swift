import Foundation
import Testing
import CivilDate
@testable import Handbook
@testable import Quiz
import CasebookTestSupport

/// A handbook with one SOP and a bank with one case, plus helpers to write an export.
private struct ImportFixture {
    let tree: TempTree
    let handbook: Handbook
    let bank: QuizBank

    /// Markets to check rows against, and a section without a policy code.
    static let sop = FixtureText.counterfeitSOP(actions: ["approve", "remove", "escalate"], markets: "[ID, TH, UK]",
                                                extraSections: ["## Signs of a fake {#signs}", "Price and volume."])

    static let existingCase = FixtureText.caseFile(id: "c-2026w47-001", source: "QA sample 2026-W44", sampled: "2026-10-28", lang: "id",
                                                   price: "\"Rp 99.000\"", decision: "remove", codes: "[IP-01]", sop: "ip#ip-01",
                                                   sensitive: false, status: "active", reviewed: "2026-10-30", title: "Tas ORI   Murah",
                                                   listing: "Tas KW super 1:1, WA 0812 3456 7890", rationale: "Replica wording.")

    static let header = "sample_id,item_type,market,language,title,description,seller_notes,price,qa_decision,violation_codes,qa_rationale,sop_reference,sample_date,difficulty,sensitive,media_alt"

    /// A CSV row in the default columns, every field quoted; `values` override the defaults.
    static func row(_ n: Int, _ values: [String: String] = [:]) -> String {
        let defaults: [String: String] = [
            "sample_id": "", "item_type": "listing", "market": "ID", "language": "id", "title": "Sepatu \(n) KW",
            "description": "Sepatu KW super nomor \(n)", "seller_notes": "", "price": "Rp 100.000", "qa_decision": "remove",
            "violation_codes": "IP-01", "qa_rationale": "Replica wording.", "sop_reference": "ip#ip-01", "sample_date": "2026-11-16",
            "difficulty": "1", "sensitive": "false", "media_alt": "",
        ]
        return header.split(separator: ",").map { column in
            let v = values[String(column)] ?? defaults[String(column)] ?? ""
            return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",")
    }

    static func csv(_ rows: [String]) -> String { ([header] + rows).joined(separator: "\n") + "\n" }

    init(extraCases: [String: String] = [:]) throws {
        var files = ["Content/ip.md": Self.sop, "Quizzes/cases/2026-w44/c-2026w47-001.md": Self.existingCase]
        for (path, text) in extraCases { files["Quizzes/" + path] = text }
        let fixture = try BankFixture(files)
        (tree, handbook, bank) = (fixture.tree, fixture.handbook, fixture.bank)
    }

    var importer: CaseImporter {
        CaseImporter(handbook: handbook, bank: bank, quizzes: tree.path("Quizzes"), source: "QA sample 2026-W47")
    }

    /// Writes `text` as the export and imports it.
    func run(_ text: String, name: String = "export.csv", map: String? = nil, skipInvalid: Bool = false, dryRun: Bool = false) throws -> CaseImportReport {
        try tree.write("in/" + name, text)
        if let map { try tree.write("in/cols.yml", map) }
        return try importer.run(input: tree.path("in/" + name), mapFile: map == nil ? nil : tree.path("in/cols.yml"),
                                skipInvalid: skipInvalid, dryRun: dryRun)
    }

    func reload() throws -> QuizBank { try QuizBank.load(quizzes: tree.path("Quizzes"), handbook: handbook) }

    /// Case files under Quizzes/cases, relative to it, and anything else left in Quizzes.
    func files() -> [String] {
        let all = FileManager.default.enumerator(atPath: tree.path("Quizzes"))?.allObjects as? [String] ?? []
        return all.filter { $0.hasSuffix(".md") || $0.hasPrefix(".") }.sorted()
    }
}

/// Errors thrown by the importer, as printed.
private func message(_ body: () throws -> Void) -> String {
    do { try body() } catch let error as HandbookError { return error.description } catch { return "\(error)" }
    return ""
}

@Suite struct ImportTests {
    // MARK: - CSV

    @Test func csvKeepsQuotedCommasAndDoubledQuotes() throws {
        let records = try DelimitedText.records(Array("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"\"\n".utf8))
        #expect(records == [DelimitedRecord(line: 1, fields: ["a", "b", "c"]), DelimitedRecord(line: 2, fields: ["x, y", "say \"hi\"", ""])])
    }

    @Test func csvLineBreaksInsideQuotesKeepLaterLineNumbersRight() throws {
        let text = "h1,h2\n\"one\ntwo\nthree\",x\nnext,y\n\n\"a\r\nb\",z\nlast,w"
        let records = try DelimitedText.records(Array(text.utf8))
        #expect(records.map(\.line) == [1, 2, 5, 7, 9])
        #expect(records[1].fields == ["one\ntwo\nthree", "x"])
        #expect(records[3].fields == ["a\nb", "z"])
        #expect(records[4].fields == ["last", "w"])
    }

    @Test func csvSkipsTheByteOrderMarkAndReadsCRLF() throws {
        let records = try DelimitedText.records([0xEF, 0xBB, 0xBF] + Array("id,title\r\n1,Tas\r\n2,\"Sepatu\r\nbaru\"\r\n".utf8))
        #expect(records == [DelimitedRecord(line: 1, fields: ["id", "title"]), DelimitedRecord(line: 2, fields: ["1", "Tas"]),
                            DelimitedRecord(line: 3, fields: ["2", "Sepatu\nbaru"])])
    }

    @Test func csvUnterminatedQuoteNamesTheLineWhereItOpened() {
        #expect(throws: DelimitedTextError(line: 3, message: "a quoted field starts on this line and is never closed; end it with \" (write a quote inside a field as \"\")")) {
            try DelimitedText.records(Array("a,b\n1,2\n3,\"oops\n4,5\n".utf8))
        }
    }

    @Test func csvStrayQuoteMarksOnlyThatRecord() throws {
        let records = try DelimitedText.records(Array("a,b\n1,2 \"inch\"\n\"3\"x,4\n5,6\n".utf8))
        #expect(records[1].problem?.contains("a quote inside an unquoted field") == true)
        #expect(records[2].problem?.contains("text after the closing quote") == true)
        #expect(records[3] == DelimitedRecord(line: 4, fields: ["5", "6"]))
    }

    @Test func importReportsUnterminatedQuoteAndWrongFieldCountWithLines() throws {
        let f = try ImportFixture()
        let error = message { _ = try f.run(ImportFixture.csv([ImportFixture.row(1), "\"broken"])) }
        #expect(error == f.tree.path("in/export.csv") + ":3: error: a quoted field starts on this line and is never closed; end it with \" (write a quote inside a field as \"\")")

        let report = try f.run(ImportFixture.csv([ImportFixture.row(1), "c-x,listing,ID", ImportFixture.row(3)]), dryRun: true)
        #expect(report.rejected == [RejectedRow(line: 3, reasons: ["has 3 fields but the header has 16; quote fields that contain commas or line breaks"])])
        #expect(report.imported.map(\.line) == [2, 4])
    }

    @Test func jsonLinesRowsKeepTheirLineNumbers() throws {
        let f = try ImportFixture()
        let text = """
        {"sample_id": "c-2026w47-010", "item_type": "listing", "market": "ID", "language": "id", "title": "Tas A", "description": "Tas KW", "qa_decision": "remove", "violation_codes": ["IP-01", "IP-02"], "qa_rationale": "Replica.", "sop_reference": "ip#ip-01", "sample_date": "2026-11-16", "difficulty": 2, "sensitive": true}

        {"title": "broken",
        {"item_type": "listing", "market": "ID", "title": "Tas B", "description": "Tas B KW", "qa_decision": "approve", "violation_codes": null, "qa_rationale": "Fine.", "sop_reference": "ip#signs", "sample_date": "2026-11-17"}
        """
        let report = try f.run(text, name: "export.jsonl")
        #expect(report.rejected.map(\.line) == [3])
        #expect(report.rejected.first?.reasons.first?.contains("is not a JSON object") == true)
        #expect(report.imported.map(\.line) == [1, 4])
        #expect(report.imported.map(\.id) == ["c-2026w47-010", "c-2026w47-002"])
        #expect(report.written == false) // line 3 is invalid and --skip-invalid was not given
        let written = try f.run(text, name: "export.jsonl", skipInvalid: true)
        #expect(written.written)
        let bank = try f.reload()
        let c = try #require(bank.case("c-2026w47-010"))
        #expect(c.codes == ["IP-01", "IP-02"])
        #expect(c.difficulty == 2)
        #expect(c.sensitive)
        #expect(bank.case("c-2026w47-002")?.decision == "approve")
    }

    // MARK: - Column mapping

    @Test func defaultMappingReadsTheSampleExportHeader() throws {
        let table = try ImportTable.csv(Array((ImportFixture.header + "\n").utf8), file: "x.csv")
        let columns = try ColumnMapping.default.resolve(in: table)
        #expect(columns[.notes] == "seller_notes")
        #expect(columns[.decision] == "qa_decision")
        #expect(columns[.tags] == nil) // optional and not in the export
        #expect(columns[.mediaFiles] == nil) // optional and not in the export
        #expect(columns.count == CaseField.allCases.count - 2)
    }

    @Test func mapFileOverridesColumns() throws {
        let f = try ImportFixture()
        let csv = """
        Kind,Country,Heading,Text,Gold,Violations,Why,Section,Date,Labels
        listing,TH,Gucci bag mirror,"mirror quality bag",remove,IP-01,Replica wording.,ip#ip-01,2026-11-18,counterfeit|bags

        """
        let map = """
        # Our export's columns
        type: Kind
        market: Country
        title: Heading
        description: Text
        decision: Gold
        codes: Violations
        rationale: Why
        sop: Section
        sampled: Date
        tags: Labels
        lang: ""
        """
        let report = try f.run(csv, map: map)
        #expect(report.rejected.isEmpty)
        #expect(report.imported.map(\.id) == ["c-2026w47-002"])
        let c = try #require(try f.reload().case("c-2026w47-002"))
        #expect(c.market == "TH")
        #expect(c.lang == "en")
        #expect(c.tags == ["imported", "counterfeit", "bags"])
        #expect(c.file == "cases/2026-w47/c-2026w47-002.md")
    }

    @Test func mapFileUnknownFieldIsAnErrorWithItsLine() throws {
        let f = try ImportFixture()
        let error = message { _ = try f.run(ImportFixture.csv([ImportFixture.row(1)]), map: "title: title\nseller: seller_notes\n") }
        #expect(error == f.tree.path("in/cols.yml") + ":2:1: error: unknown case field 'seller'; map one of id, type, market, lang, title, description, notes, price, decision, codes, rationale, sop, sampled, difficulty, sensitive, media_alt, tags, media_files to a column name")
        #expect(f.files() == ["cases/2026-w44/c-2026w47-001.md"])
    }

    @Test func missingColumnsAreErrorsNamingTheMapOrTheFile() throws {
        let f = try ImportFixture()
        let mapped = message { _ = try f.run(ImportFixture.csv([ImportFixture.row(1)]), map: "\ntitle: Heading\n") }
        #expect(mapped.hasPrefix(f.tree.path("in/cols.yml") + ":2:8: error: column 'Heading' for 'title' is not in " + f.tree.path("in/export.csv") + " (its columns: sample_id, item_type,"))

        let csv = ImportFixture.csv([ImportFixture.row(1)]).replacingOccurrences(of: "qa_decision", with: "decision")
        let missing = message { _ = try f.run(csv) }
        #expect(missing == f.tree.path("in/export.csv") + ":1: error: no column 'qa_decision', but every case needs a decision; add the column or map it with --map (decision: COLUMN)")
    }

    // MARK: - Checks

    @Test func everyProblemIsReportedWithItsLine() throws {
        let f = try ImportFixture()
        let rows = [
            ImportFixture.row(1),
            ImportFixture.row(2, ["qa_decision": "ban"]),
            ImportFixture.row(3, ["violation_codes": "IP-01|XX-09"]),
            ImportFixture.row(4, ["sop_reference": "ip#ip-99"]),
            ImportFixture.row(5, ["difficulty": "5", "sensitive": "maybe", "sample_date": "16/11/2026"]),
            ImportFixture.row(6, ["item_type": "video", "market": "FR", "language": "Thai", "sop_reference": "nope#x"]),
            ImportFixture.row(7, ["title": "", "qa_rationale": " "]),
            ImportFixture.row(8, ["sample_id": "C 8"]),
        ]
        let report = try f.run(ImportFixture.csv(rows))
        #expect(!report.written)
        #expect(!report.succeeded)
        #expect(report.imported.map(\.line) == [2])
        #expect(report.rejected == [
            RejectedRow(line: 3, reasons: ["qa_decision: 'ban' is not in the action list; the actions are approve, escalate, remove"]),
            RejectedRow(line: 4, reasons: ["violation_codes: unknown policy code 'XX-09'; see codes/index.html for the codes the handbook defines"]),
            RejectedRow(line: 5, reasons: ["sop_reference: ip has no section '#ip-99'"]),
            RejectedRow(line: 6, reasons: [
                "sample_date: '16/11/2026' is not a date written YYYY-MM-DD",
                "difficulty: '5' must be 1 (easy), 2 or 3 (hard)",
                "sensitive: 'maybe' must be true or false",
            ]),
            RejectedRow(line: 7, reasons: [
                "item_type: 'video' is not one of listing, live-stream, seller, review, chat",
                "market: 'FR' is not a market of the handbook (ID, TH, UK)",
                "language: 'Thai' is not a language code such as en, id, th or vi",
                "sop_reference: no SOP with id 'nope' in the handbook",
            ]),
            RejectedRow(line: 8, reasons: [
                "title: empty; the case needs the item title as the moderator saw it",
                "qa_rationale: empty; the case needs a rationale explaining the gold decision",
            ]),
            RejectedRow(line: 9, reasons: ["sample_id: 'C 8' must be lowercase letters, digits and hyphens, e.g. c-2026w47-001"]),
        ])
        #expect(f.files() == ["cases/2026-w44/c-2026w47-001.md"])
    }

    @Test func duplicatesInTheFileAndInTheBankAreRejected() throws {
        let f = try ImportFixture()
        let rows = [
            ImportFixture.row(1, ["title": "Tas Baru", "description": "Tas KW"]),
            ImportFixture.row(2, ["title": "tas  BARU", "description": "Tas\nKW "]),
            // The bank's case, with other spacing and an unredacted phone number.
            ImportFixture.row(3, ["title": "Tas ORI Murah", "description": "Tas KW super 1:1,  WA +62 812-3456-7890"]),
        ]
        let report = try f.run(ImportFixture.csv(rows), dryRun: true)
        #expect(report.rejected == [
            RejectedRow(line: 3, reasons: ["duplicate of line 2 (same title and description)"]),
            // Line 3's description spans two lines, so this row starts on line 5.
            RejectedRow(line: 5, reasons: ["duplicate of " + f.tree.path("Quizzes") + "/cases/2026-w44/c-2026w47-001.md (same title and description)"]),
        ])
    }

    @Test func idsMustBeNewAndGeneratedIdsSkipUsedOnes() throws {
        let f = try ImportFixture(extraCases: ["questions/q.md": """
            ---
            id: c-2026w47-003
            type: single
            sop: [ip#ip-01]
            ---
            # Is a 1:1 bag a replica?

            - [x] Yes
            - [ ] No
            """])
        let rows = [
            ImportFixture.row(1),
            ImportFixture.row(2, ["sample_id": "c-2026w47-004"]),
            ImportFixture.row(3),
            ImportFixture.row(4, ["sample_id": "c-2026w47-001"]),
            ImportFixture.row(5, ["sample_id": "c-2026w47-004"]),
            ImportFixture.row(6, ["sample_id": "c-2026w47-003"]),
            ImportFixture.row(7),
        ]
        let report = try f.run(ImportFixture.csv(rows), skipInvalid: true)
        let quizzes = f.tree.path("Quizzes")
        #expect(report.rejected == [
            RejectedRow(line: 5, reasons: ["sample_id: 'c-2026w47-001' is already used by \(quizzes)/cases/2026-w44/c-2026w47-001.md; every case needs its own id"]),
            RejectedRow(line: 6, reasons: ["sample_id: 'c-2026w47-004' is also used on line 3"]),
            RejectedRow(line: 7, reasons: ["sample_id: 'c-2026w47-003' is already used by \(quizzes)/questions/q.md; every case needs its own id"]),
        ])
        #expect(report.imported.map(\.id) == ["c-2026w47-002", "c-2026w47-004", "c-2026w47-005", "c-2026w47-006"])
        #expect(report.written)
        #expect(report.succeeded)
        let bank = try f.reload()
        #expect(bank.diagnostics.filter { $0.severity == .error } == [])
        #expect(bank.cases.count == 5)
    }

    // MARK: - Writing

    @Test func nothingIsWrittenWhenOneRowIsInvalid() throws {
        let f = try ImportFixture()
        let csv = ImportFixture.csv([ImportFixture.row(1), ImportFixture.row(2, ["qa_decision": "ban"]), ImportFixture.row(3)])
        let report = try f.run(csv)
        #expect(!report.written)
        #expect(report.imported.count == 2)
        #expect(f.files() == ["cases/2026-w44/c-2026w47-001.md"])

        let skipping = try f.run(csv, skipInvalid: true)
        #expect(skipping.written)
        #expect(skipping.rejected.map(\.line) == [3])
        #expect(f.files() == ["cases/2026-w44/c-2026w47-001.md", "cases/2026-w47/c-2026w47-002.md", "cases/2026-w47/c-2026w47-003.md"])
    }

    @Test func dryRunWritesNothing() throws {
        let f = try ImportFixture()
        let report = try f.run(ImportFixture.csv([ImportFixture.row(1)]), dryRun: true)
        #expect(report.imported.count == 1)
        #expect(!report.written)
        #expect(report.succeeded)
        #expect(f.files() == ["cases/2026-w44/c-2026w47-001.md"])
    }

    @Test func anExistingFileIsNeverReplacedAndNothingIsLeftBehind() throws {
        let f = try ImportFixture()
        let table = try ImportTable.csv(Array(ImportFixture.csv([ImportFixture.row(1), ImportFixture.row(2)]).utf8), file: "x.csv")
        let (imported, rejected) = try f.importer.prepare(table, mapping: .default)
        #expect(rejected.isEmpty)
        // Another import placed the second file in the meantime.
        try f.tree.write("Quizzes/" + imported[1].file, "someone else's case\n")
        let error = message { try f.importer.write(imported) }
        #expect(error.contains("c-2026w47-003.md: error: already exists; nothing was imported"))
        #expect(!f.tree.exists("Quizzes/" + imported[0].file))
        #expect(f.tree.read("Quizzes/" + imported[1].file) == "someone else's case\n")
        #expect(f.files() == ["cases/2026-w44/c-2026w47-001.md", "cases/2026-w47/c-2026w47-003.md"])
    }

    @Test func writtenCaseHasTheBankFormatAndReloadsUnchanged() throws {
        let f = try ImportFixture()
        let row = ImportFixture.row(1, [
            "item_type": "live-stream", "title": "LIVE: \"ORI\" tas # 1 \\ murah",
            "description": "Host shows bags.\n## not a heading\n00:01:02 host: WA 0812 3456 7890 ya",
            "seller_notes": "Viewer report: \"host sebar nomor\"", "price": "Rp 185.000", "violation_codes": "IP-01; IP-02",
            "sop_reference": "ip#signs", "difficulty": "3", "sensitive": "TRUE", "media_alt": "Bag: \"GG\" logo, #1 seller",
            "qa_rationale": "Replica wording; mail a@b.co if unsure.",
        ])
        let report = try f.run(ImportFixture.csv([row]))
        #expect(report.written)
        let text = try #require(f.tree.read("Quizzes/cases/2026-w47/c-2026w47-002.md"))
        #expect(text == """
        ---
        id: c-2026w47-002
        type: live-stream
        source: QA sample 2026-W47
        sampled: 2026-11-16
        market: ID
        lang: id
        price: "Rp 185.000"
        decision: remove
        codes: [IP-01, IP-02]
        sop: ip#signs
        difficulty: 3
        sensitive: true
        status: active
        reviewed: 2026-11-16
        tags: [imported]
        media:
          - ref: ""
            alt: "Bag: \\"GG\\" logo, #1 seller"
        ---
        # LIVE: "ORI" tas # 1 \\ murah

        ## Stream
        Host shows bags.
         ## not a heading
        00:01:02 host: WA [phone] ya

        ## Notes
        Viewer report: "host sebar nomor"

        ## Rationale
        Replica wording; mail [email] if unsure.

        """)
        let bank = try f.reload()
        #expect(bank.diagnostics.filter { $0.severity == .error } == [])
        let c = try #require(bank.case("c-2026w47-002"))
        #expect(c.title == "LIVE: \"ORI\" tas # 1 \\ murah")
        #expect(c.sections.map(\.title) == ["Stream", "Notes"])
        #expect(c.media == [CaseMedia(ref: "", alt: "Bag: \"GG\" logo, #1 seller")])
        #expect(c.source == "QA sample 2026-W47")
        #expect(c.price == "Rp 185.000")
        #expect(report.imported.first?.redactions[.phone] == 1)
        #expect(report.imported.first?.redactions[.email] == 1)
    }

    @Test func sectionTitlesFollowTheCaseType() {
        #expect(CaseImporter.sectionTitles("listing") == ("Listing", "Seller notes"))
        #expect(CaseImporter.sectionTitles("live-stream") == ("Stream", "Notes"))
        #expect(CaseImporter.sectionTitles("seller") == ("Profile", "Documents"))
        #expect(CaseImporter.sectionTitles("review") == ("Review", "Notes"))
        #expect(CaseImporter.sectionTitles("chat") == ("Chat", "Notes"))
    }

    @Test func isoWeeksFollowTheSampleDate() {
        #expect(ISOWeek(date: "2026-11-16") == ISOWeek(year: 2026, week: 47))
        #expect(ISOWeek(date: "2026-11-15") == ISOWeek(year: 2026, week: 46))
        #expect(ISOWeek(date: "2027-01-01") == ISOWeek(year: 2026, week: 53))
        #expect(ISOWeek(date: "2024-12-30") == ISOWeek(year: 2025, week: 1))
        #expect(ISOWeek(date: "2026-02-30") == nil)
        #expect(CaseImporter.week(inSource: "QA sample 2026-W47") == ISOWeek(year: 2026, week: 47))
        #expect(CaseImporter.week(inSource: "QA sample") == nil)
    }

    @Test func jsonReportIsStable() throws {
        let f = try ImportFixture()
        let csv = ImportFixture.csv([ImportFixture.row(1, ["description": "mail me: x@y.com"]), ImportFixture.row(2, ["qa_decision": "ban"])])
        let report = try f.run(csv, dryRun: true)
        #expect(report.json == """
        {
          "imported" : [
            {
              "file" : "\(f.tree.path("Quizzes"))/cases/2026-w47/c-2026w47-002.md",
              "id" : "c-2026w47-002",
              "line" : 2,
              "redactions" : {
                "account" : 0,
                "address" : 0,
                "card" : 0,
                "email" : 1,
                "handle" : 0,
                "national-id" : 0,
                "order-id" : 0,
                "phone" : 0,
                "postcode" : 0,
                "url" : 0
              }
            }
          ],
          "rejected" : [
            {
              "line" : 3,
              "reasons" : [
                "qa_decision: 'ban' is not in the action list; the actions are approve, escalate, remove"
              ]
            }
          ],
          "written" : false
        }

        """)
    }

    // MARK: - The sample export

    /// The repository root, found from this file's path.
    private static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    @Test func sampleExportImportsCleanlyIntoACopyOfTheBank() throws {
        let tree = try TempTree()
        try FileManager.default.copyItem(atPath: Self.repository + "/Quizzes", toPath: tree.path("Quizzes"))
        let handbook = try Handbook.load(content: Self.repository + "/Content")
        let bank = try QuizBank.load(quizzes: tree.path("Quizzes"), handbook: handbook)
        let before = bank.cases.count
        let importer = CaseImporter(handbook: handbook, bank: bank, quizzes: tree.path("Quizzes"), source: "QA sample 2026-W47")
        let input = Self.repository + "/Quizzes/imports/qa-sample-2026-W47.csv"

        let dry = try importer.run(input: input, dryRun: true)
        #expect(dry.rejected == [])
        #expect(dry.imported.count == 24)
        #expect(!dry.written)
        #expect(!tree.exists("Quizzes/cases/2026-w47"))

        let report = try importer.run(input: input)
        #expect(report.written)
        #expect(report.imported.map(\.id) == (1...24).map { String(format: "c-2026w47-%03d", $0) })
        let reloaded = try QuizBank.load(quizzes: tree.path("Quizzes"), handbook: handbook)
        let newErrors = reloaded.diagnostics.filter { $0.severity == .error && $0.file.contains("2026-w47") }
        #expect(newErrors == [])
        #expect(reloaded.cases.count == before + 24)
        // No leftovers of the temporary folder.
        let hidden = try FileManager.default.contentsOfDirectory(atPath: tree.path("Quizzes")).filter { $0.hasPrefix(".import") }
        #expect(hidden == [])

        // Personal data is gone from what was written; prices and codes stay.
        let chat = try #require(reloaded.case("c-2026w47-003"))
        #expect(chat.title == "Chat: buyer asks about a late parcel (resi [order-id])")
        #expect(chat.sections.first?.text.contains("+62") == false)
        #expect(chat.sections.first?.text.contains("BCA [order-id]") == true)
        #expect(report.imported[2].redactions[.orderID] == 4)
        let vapes = try #require(reloaded.case("c-2026w47-014"))
        #expect(vapes.price == "£39.99")
        #expect(vapes.codes == ["RI-05", "PA-03"])
        #expect(vapes.sections.first?.text.contains("WhatsApp [phone] or [phone]") == true)
        let seller = try #require(reloaded.case("c-2026w47-012"))
        #expect(seller.sections.map(\.title) == ["Profile", "Documents"])
        #expect(seller.sections.first?.text.contains("address [address], TP.HCM") == true)
        for c in reloaded.cases where c.file.contains("2026-w47") {
            let text = ([c.title, c.rationale] + c.sections.map(\.text) + c.media.map(\.alt)).joined(separator: "\n")
            for leak in ["@example", "0812", "+66", "+84", "+44", "(555)", "http", "www.", "Jl. Melati No", "Baker Street", "TXN-"] {
                #expect(!text.contains(leak), "\(c.id) still contains \(leak)")
            }
        }
    }
}

/// Hostile import files (issue 12).
@Suite struct ImportHostileInputTests {
    @Test(arguments: ["", "\n", "  \n\r\n\t\n", "\u{FEFF}\n"])
    func anEmptyJSONLinesFileSaysItHasNoRows(_ text: String) {
        let error = message { _ = try ImportTable.jsonLines(Array(text.utf8), file: "week47.jsonl") }
        #expect(error == "week47.jsonl: error: no rows; expected one JSON object per line, one per case")
    }
}
