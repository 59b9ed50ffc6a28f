import Foundation
import Testing
@testable import CasebookCLI
import CasebookTestSupport
import Handbook
import Media
import Quiz

/// `casebook cases import --media DIR` and `casebook check` over stored media.
@Suite struct CaseMediaImportTests {
    static let header = "item_type,market,title,description,qa_decision,violation_codes,qa_rationale,sop_reference,sample_date,sensitive,media_alt,media_files"

    static func row(_ n: Int, files: String, alt: String = "A handbag with a printed logo", sensitive: Bool = false) -> String {
        "listing,ID,Tas \(n) KW,Tas KW super nomor \(n),remove,IP-01,Replica wording.,ip#ip-01,2026-11-16,\(sensitive),\"\(alt)\",\"\(files)\""
    }

    let fixture: BankFixture

    init() throws {
        fixture = try BankFixture(["Content/ip.md": FixtureText.counterfeitSOP(actions: ["approve", "remove"], markets: "[ID]")])
    }

    func importer(limits: MediaLimits = .standard) -> CaseImporter {
        var importer = CaseImporter(handbook: fixture.handbook, bank: fixture.bank, quizzes: fixture.tree.path("Quizzes"), source: "QA sample 2026-W47")
        importer.media = ImportMedia(folder: fixture.tree.path("in/media"), processor: CaseMediaProcessor(processor: MediaProcessor(limits: limits)))
        return importer
    }

    func run(_ rows: [String], limits: MediaLimits = .standard) throws -> CaseImportReport {
        try fixture.tree.write("in/export.csv", ([Self.header] + rows).joined(separator: "\n") + "\n")
        return try importer(limits: limits).run(input: fixture.tree.path("in/export.csv"))
    }

    /// Every file under Quizzes/, relative to it.
    func storedFiles() -> [String] {
        let root = fixture.tree.path("Quizzes")
        return (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [])
            .filter { var dir: ObjCBool = false; return FileManager.default.fileExists(atPath: root + "/" + $0, isDirectory: &dir) && !dir.boolValue }
            .sorted()
    }

    @Test func importedImagesAreStoredCleanByHashAndReferencedFromTheCase() throws {
        try fixture.tree.write("in/media/photo.jpg", bytes: try HostileFiles.jpegWithGPS())
        try fixture.tree.write("in/media/label.png", bytes: try HostileFiles.pngWithText())
        // The same photo under another name, on another row: stored once.
        try fixture.tree.write("in/media/copy.jpg", bytes: try HostileFiles.jpegWithGPS())
        let report = try run([Self.row(1, files: "photo.jpg; label.png", alt: "The bag; Its label"), Self.row(2, files: "copy.jpg")])
        #expect(report.rejected.isEmpty, "\(report.rejected)")
        #expect(report.written)
        let media = storedFiles().filter { $0.contains("/media/") }
        #expect(media.count == 6, "\(media)") // two images x (full, thumb, blur)
        for path in media {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixture.tree.path("Quizzes/" + path))))
            #expect(leakingFields(try MediaProcessor.inspect(bytes, label: path).fields).isEmpty, "\(path)")
            #expect(!bytes.containsSequence(Array("Jane Seller".utf8)))
        }
        let bank = try fixture.reload()
        #expect(bank.diagnostics.filter { $0.severity == .error }.isEmpty, "\(bank.diagnostics)")
        let first = try #require(bank.cases.first { $0.title == "Tas 1 KW" })
        #expect(first.media.map(\.alt) == ["The bag", "Its label"])
        #expect(first.media[0].ref.hasPrefix("media/") && first.media[0].ref.hasSuffix(".jpg"))
        #expect(first.media[1].ref.hasSuffix(".jpg")) // an opaque PNG is stored as JPEG
        let second = try #require(bank.cases.first { $0.title == "Tas 2 KW" })
        #expect(second.media[0].ref == first.media[0].ref)
        // check: clean bank, then an unused file warns and a missing one is an error.
        let processor = CaseMediaProcessor(processor: MediaProcessor())
        #expect(bank.mediaDiagnostics(processor: processor).isEmpty)
        try fixture.tree.write("Quizzes/cases/2026-w47/media/stray.jpg", bytes: try MediaProcessor.fixtureImage(width: 8, height: 8))
        let thumb = try #require(first.media[1].path(.thumb, caseFile: first.file))
        try FileManager.default.removeItem(atPath: fixture.tree.path("Quizzes/" + thumb))
        let found = bank.mediaDiagnostics(processor: processor)
        #expect(found.contains { $0.severity == .warning && $0.file.hasSuffix("media/stray.jpg") })
        #expect(found.contains { $0.severity == .error && $0.message.contains(thumb) && $0.line > 0 })
    }

    @Test func hostileFilesRejectTheirRowsAndNothingIsWritten() throws {
        try fixture.tree.write("in/media/ok.jpg", bytes: try MediaProcessor.fixtureImage(width: 30, height: 20))
        let whole = try MediaProcessor.fixtureImage(width: 300, height: 200)
        try fixture.tree.write("in/media/cut.jpg", bytes: Array(whole.prefix(whole.count / 2)))
        try fixture.tree.write("in/media/archive.jpg", bytes: HostileFiles.zip)
        try fixture.tree.write("in/media/logo.svg", bytes: HostileFiles.svg)
        try fixture.tree.write("in/media/bomb.png", bytes: HostileFiles.pngBomb())
        let before = storedFiles()
        let report = try run([Self.row(1, files: "ok.jpg"), Self.row(2, files: "cut.jpg"), Self.row(3, files: "archive.jpg"),
                              Self.row(4, files: "logo.svg"), Self.row(5, files: "bomb.png"), Self.row(6, files: "missing.jpg"),
                              Self.row(7, files: "../ok.jpg")])
        #expect(!report.written)
        #expect(report.imported.count == 1)
        let reasons = Dictionary(uniqueKeysWithValues: report.rejected.map { ($0.line, $0.reasons.joined(separator: " | ")) })
        #expect(reasons[3]?.contains("'cut.jpg'") == true)
        #expect(reasons[4]?.contains("'archive.jpg' is a ZIP archive") == true, "\(reasons)")
        #expect(reasons[5]?.contains("'logo.svg' is an SVG image") == true)
        #expect(reasons[6]?.contains("'bomb.png' is 30000 x 30000 pixels") == true)
        #expect(reasons[7]?.contains("'missing.jpg' not found") == true)
        #expect(reasons[8]?.contains("without a path") == true)
        // All or nothing: no case, no media, no temporary folder left.
        #expect(storedFiles() == before)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: fixture.tree.path("Quizzes"))) ?? []).allSatisfy { !$0.hasPrefix(".import") })
    }

    @Test func overTheSizeLimitRejectsTheRow() throws {
        try fixture.tree.write("in/media/big.jpg", bytes: try MediaProcessor.fixtureImage(width: 400, height: 400))
        let report = try run([Self.row(1, files: "big.jpg")], limits: MediaLimits(maxImageBytes: 1000))
        #expect(report.rejected.first?.reasons.first?.contains("'big.jpg' is") == true)
        #expect(report.rejected.first?.reasons.first?.contains("over the image limit of 1000 bytes") == true)
    }

    @Test func mediaFilesWithoutAFolderOrAltAreRejected() throws {
        try fixture.tree.write("in/media/ok.jpg", bytes: try MediaProcessor.fixtureImage(width: 30, height: 20))
        try fixture.tree.write("in/export.csv", [Self.header, Self.row(1, files: "ok.jpg")].joined(separator: "\n") + "\n")
        let plain = CaseImporter(handbook: fixture.handbook, bank: fixture.bank, quizzes: fixture.tree.path("Quizzes"), source: "QA sample 2026-W47")
        let report = try plain.run(input: fixture.tree.path("in/export.csv"))
        #expect(report.rejected.first?.reasons.first?.contains("no --media DIR was given") == true)
        let noAlt = try run([Self.row(1, files: "ok.jpg", alt: "")])
        #expect(noAlt.rejected.first?.reasons.first?.contains("describe 'ok.jpg'") == true)
    }

    /// Cleaned files go to disk as they are cleaned (a hidden folder in the quiz folder, which
    /// the bank ignores), not into memory until the end: a prepared case refers to its staged
    /// files; they are linked into place on writing, and the folder is gone after the import,
    /// or once the prepared cases are dropped.
    @Test func cleanedMediaAreStagedOnDiskUntilWritten() throws {
        try fixture.tree.write("in/media/photo.jpg", bytes: try HostileFiles.jpegWithGPS())
        try fixture.tree.write("in/export.csv", [Self.header, Self.row(1, files: "photo.jpg")].joined(separator: "\n") + "\n")
        let before = storedFiles()
        let hidden = { ((try? FileManager.default.contentsOfDirectory(atPath: fixture.tree.path("Quizzes"))) ?? []).filter { $0.hasPrefix(".import") } }
        do {
            let importer = importer()
            let (imported, rejected) = try importer.prepare(try ImportTable.read(fixture.tree.path("in/export.csv")), mapping: .default)
            #expect(rejected.isEmpty, "\(rejected)")
            let c = try #require(imported.first)
            #expect(c.media.count == 3)
            for (path, staged) in c.media {
                #expect(path.hasPrefix("cases/2026-w47/media/"))
                #expect(staged.contains("/.import-media-"))
                #expect(FileManager.default.fileExists(atPath: staged))
            }
            #expect(hidden().count == 1)
            #expect(try fixture.reload().cases.count == fixture.bank.cases.count, "the bank ignores the staging folder")
            #expect(storedFiles().filter { !$0.hasPrefix(".") } == before.filter { !$0.hasPrefix(".") })
        }
        #expect(hidden().isEmpty, "dropped without writing: nothing staged is left")
        let report = try importer().run(input: fixture.tree.path("in/export.csv"))
        #expect(report.written)
        #expect(storedFiles().filter { $0.contains("/media/") }.count == 3)
        #expect(hidden().isEmpty, "after the import: nothing staged is left")
    }
}
