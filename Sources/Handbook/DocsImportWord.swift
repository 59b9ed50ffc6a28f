import Foundation

// SOPs kept as Word documents (.docx, or .docm with macros, never read), the way most trust &
// safety and operations teams keep them, on a shared drive or exported from Google Docs
// (File > Download > Microsoft Word). `casebook import-docs FOLDER --to Content` with a folder
// of them (in subfolders or not), or one document: each becomes a page (WordMarkdown), in a
// staging folder laid out as the source folder (names made URL-safe), pictures beside it;
// links between the documents lead to their pages. The staging folder is then imported as
// any Markdown corpus, so every later step (links, categories, never overwriting) is the same.

/// A folder of Word documents (or one) being staged as Markdown.
struct WordImport {
    /// Extensions read as Word documents.
    static let extensions: Set<String> = ["docx", "docm"]
    /// Word's other formats, which name what to do instead.
    static let otherFormats: [String: String] = [
        "doc": "an old Word .doc: open it in Word and save it as a .docx",
        "odt": "an OpenDocument text: save it as a .docx (File > Save As > Word Document)",
        "rtf": "Rich Text: save it as a .docx",
        "pages": "an Apple Pages document: export it as Word (.docx)",
        "dotx": "a Word template, not a document: left out",
    ]
    /// The most documents read in one import.
    static let mostDocuments = 20_000

    let source: String
    /// The folder the documents' paths are relative to.
    let root: String
    /// The documents, relative to `root`, in order.
    var documents: [String] = []
    /// Files of Word's other formats, relative to `root`, with what to do.
    var others: [(path: String, why: String)] = []
    /// The page each document becomes (relative to the staging folder), by document path.
    var pages: [String: String] = [:]
    /// The same, by the lowercased path (a link written with other capitals, as Windows allows).
    private var pagesFolded: [String: String] = [:]
    /// The document each page comes from, by page.
    private var documentOfPage: [String: String] = [:]
    var notes: [String] = []

    /// Whether `source` is a Word document, or a folder holding Word documents and no
    /// Markdown pages (a folder of both is a Markdown corpus).
    static func applies(to listing: CorpusListing) -> Bool {
        if isDocument(listing.source) { return true }
        var sawWord = false
        for path in listing.visibleFiles {
            let ext = (path as NSString).pathExtension.lowercased()
            if ext == "md" || ext == "markdown" || ext == "mdx" { return false }
            if extensions.contains(ext), !isLockFile(path) { sawWord = true }
        }
        return sawWord
    }

    static func isDocument(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return extensions.contains((path as NSString).pathExtension.lowercased())
            && FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && !isDir.boolValue
    }

    /// Word's owner file (`~$Report.docx`), written beside an open document.
    private static func isLockFile(_ path: String) -> Bool { (path as NSString).lastPathComponent.hasPrefix("~$") }

    /// `listing`: the source folder's, when the caller has one.
    init(source: String, listing: CorpusListing? = nil) throws(DocsImportError) {
        self.source = source
        if Self.isDocument(source) {
            // A name with no folder (`import-docs Report.docx`) is in the working folder.
            root = PathText.parent(of: URL(fileURLWithPath: source).standardizedFileURL.path)
            documents = [(source as NSString).lastPathComponent]
        } else {
            root = source
            let listing = CorpusListing.of(source, given: listing)
            for path in listing.visibleFiles.sorted() {
                let ext = (path as NSString).pathExtension.lowercased()
                if Self.isLockFile(path) { continue }
                if Self.extensions.contains(ext) {
                    documents.append(path)
                } else if let why = Self.otherFormats[ext] {
                    others.append((path, why))
                }
            }
        }
        guard !documents.isEmpty else {
            throw DocsImportError("\(source): no Word documents (.docx) found" + (others.isEmpty ? "" : "; \(others[0].path) is \(others[0].why)"))
        }
        guard documents.count <= Self.mostDocuments else {
            throw DocsImportError("\(source): \(documents.count) Word documents, more than the \(Self.mostDocuments) one import reads; import its folders one by one")
        }
        keepNewestVersions()
        place()
    }

    /// The version a document's file name ends with (`Counterfeit SOP v3.2.docx`), by document.
    private var fileVersions: [String: String] = [:]
    /// The names of those documents without it (`Counterfeit SOP`).
    private var unversionedNames: [String: String] = [:]

    /// A document's name without its extension, and without the version its file name ends with.
    func name(of doc: String) -> String {
        unversionedNames[doc] ?? ((doc as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    /// `Counterfeit SOP v3.2`, `Counterfeit SOP_v3_2_final`, `Counterfeit SOP (rev 4)`,
    /// `Counterfeit SOP - version 2` -> the name and the version (`3.2`, `3.2`, `4`, `2`); nil
    /// for a name that ends with no version.
    static func versionSuffix(_ stem: String) -> (name: String, version: String)? {
        let pattern = #"^(.*?)[\s_.-]*[(\[]?(?:v|ver|version|rev|revision)\.?[\s_-]?([0-9]{1,4}(?:[._][0-9]{1,4}){0,3})[)\]]?(?:[\s_-]*final)?$"#
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]),
              let m = regex.firstMatch(in: stem, range: NSRange(stem.startIndex..., in: stem)),
              let nameRange = Range(m.range(at: 1), in: stem), let versionRange = Range(m.range(at: 2), in: stem) else { return nil }
        let name = stem[nameRange].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { return nil }
        return (name, stem[versionRange].replacingOccurrences(of: "_", with: "."))
    }

    /// Versions of one SOP saved as files of their own in one folder (`… v3.1.docx`,
    /// `… v3.2.docx`): the newest is the page, named without its version, which becomes the
    /// page's version when the document gives none; the older ones are left out with a note.
    private mutating func keepNewestVersions() {
        var newest: [String: String] = [:]   // folder + lowercased name -> document
        for doc in documents {
            // A translation's version comes before its language (`Counterfeit SOP v3.2 (TH)`).
            var stem = ((doc as NSString).lastPathComponent as NSString).deletingPathExtension, language = ""
            if let (base, lang) = Self.languageSuffix(stem) { (stem, language) = (base, " (\(lang))") }
            guard let (unversioned, version) = Self.versionSuffix(stem) else { continue }
            let name = unversioned + language
            fileVersions[doc] = version
            unversionedNames[doc] = name
            let key = PathText.parent(of: doc) + "/" + name.lowercased()
            if let other = newest[key], VersionNumber.compare(fileVersions[other]!, version) >= 0 { continue }
            newest[key] = doc
        }
        let kept = Set(newest.values)
        var older: [String] = []
        for doc in documents where fileVersions[doc] != nil && !kept.contains(doc) {
            let key = PathText.parent(of: doc) + "/" + name(of: doc).lowercased()
            notes.append("\(doc): an older version (\(fileVersions[doc]!)) of \(newest[key]!), which is imported; left out")
            older.append(doc)
        }
        documents.removeAll { older.contains($0) }
        // A name that another document has without a version (`Counterfeit SOP.docx` beside
        // `Counterfeit SOP v2.docx`) keeps its version in the page's name.
        let plain = Set(documents.filter { fileVersions[$0] == nil }.map { PathText.parent(of: $0) + "/" + name(of: $0).lowercased() })
        for doc in documents where fileVersions[doc] != nil && plain.contains(PathText.parent(of: doc) + "/" + name(of: doc).lowercased()) {
            unversionedNames[doc] = nil
        }
    }

    /// Translations among the documents (`Counterfeit SOP (TH).docx` beside `Counterfeit
    /// SOP.docx`, or beside `Counterfeit SOP (EN).docx`): document -> (language, original document).
    var translations: [String: (lang: String, original: String)] = [:]
    /// The id written into an original's front matter, for its translations' `translation_of`.
    var originalIDs: [String: String] = [:]

    /// Languages a document's name may end with (`_th`, `.th`, ` (TH)`, `[th]`).
    static let languages: Set<String> = [
        "en", "id", "th", "vi", "ms", "tl", "fil", "zh", "ja", "ko", "km", "lo", "my", "es", "pt", "fr", "de", "it", "nl",
        "ar", "tr", "pl", "ru", "uk", "hi", "bn", "ur", "fa", "he", "cs", "ro", "hu", "sv", "da", "fi", "nb", "no", "el",
    ]

    /// The name without a language at its end, and the language; nil when it ends with none.
    static func languageSuffix(_ stem: String) -> (base: String, lang: String)? {
        var s = Substring(stem.trimmingCharacters(in: .whitespaces))
        var bracketed = false
        if let close = s.last, close == ")" || close == "]", let open = s.lastIndex(of: close == ")" ? "(" : "[") {
            let inner = s[s.index(after: open)..<s.index(before: s.endIndex)].trimmingCharacters(in: .whitespaces).lowercased()
            guard languages.contains(inner) else { return nil }
            s = s[..<open]
            bracketed = true
            let base = s.trimmingCharacters(in: CharacterSet(charactersIn: " ._-"))
            return base.isEmpty ? nil : (base, inner)
        }
        guard !bracketed, let sep = s.lastIndex(where: { $0 == "." || $0 == "_" || $0 == "-" || $0 == " " }) else { return nil }
        let token = s[s.index(after: sep)...].lowercased()
        guard languages.contains(token) else { return nil }
        let base = s[..<sep].trimmingCharacters(in: CharacterSet(charactersIn: " ._-"))
        return base.isEmpty ? nil : (base, token)
    }

    /// Each document's page: its folders and name made URL-safe (`Counterfeit Goods SOP.docx`
    /// -> `counterfeit-goods-sop.md`), numbered on when two documents give one name; a
    /// translation beside its original as `name.<lang>.md`.
    private mutating func place() {
        // Translations: a document whose name ends with a language, beside one of the same
        // name without it (or with English), in the same folder.
        var byBase: [String: String] = [:]   // folder + slug of the name -> the original
        // A document's name without its extension, and the key of a name in its folder.
        func stem(_ doc: String) -> String { name(of: doc) }
        func key(_ doc: String, _ name: String) -> String {
            (PathText.parent(of: doc) == doc ? "" : PathText.parent(of: doc)) + "/" + Slug.make(name)
        }
        for doc in documents where Self.languageSuffix(stem(doc)) == nil { byBase[key(doc, stem(doc))] = doc }
        for doc in documents {
            guard let (base, lang) = Self.languageSuffix(stem(doc)), lang == "en" else { continue }
            if byBase[key(doc, base)] == nil { byBase[key(doc, base)] = doc }
        }
        for doc in documents {
            guard let (base, lang) = Self.languageSuffix(stem(doc)), let original = byBase[key(doc, base)], original != doc else { continue }
            translations[doc] = (lang, original)
        }
        var taken = Set<String>()
        func pagePath(_ doc: String, stem: String, suffix: String) -> String {
            let components = doc.split(separator: "/").map(String.init)
            let folders = components.dropLast().map { c -> String in
                let s = Slug.make(c)
                return s.isEmpty ? "folder" : s
            }
            var stem = Slug.make(stem)
            if stem.isEmpty || stem == "index" && folders.isEmpty { stem = stem.isEmpty ? "document" : "index-page" }
            let prefix = folders.isEmpty ? "" : folders.joined(separator: "/") + "/"
            var page = prefix + stem + suffix + ".md"
            var n = 2
            while taken.contains(page.lowercased()) {
                page = prefix + stem + "-\(n)" + suffix + ".md"
                n += 1
            }
            taken.insert(page.lowercased())
            return page
        }
        for doc in documents where translations[doc] == nil {
            var stem = name(of: doc)
            if let (base, lang) = Self.languageSuffix(stem), lang == "en", translations.values.contains(where: { $0.original == doc }) { stem = base }
            pages[doc] = pagePath(doc, stem: stem, suffix: "")
        }
        for doc in documents {
            guard let t = translations[doc], let original = pages[t.original] else { continue }
            let stem = name(of: original)
            pages[doc] = pagePath(doc, stem: stem, suffix: "." + t.lang)
        }
        // Originals' ids, unique in the import (a folder's name before a name two folders share).
        var stems: [String: Int] = [:]
        for page in pages.values { stems[((page as NSString).lastPathComponent as NSString).deletingPathExtension, default: 0] += 1 }
        for original in Set(translations.values.map(\.original)) {
            guard let page = pages[original] else { continue }
            let stem = ((page as NSString).lastPathComponent as NSString).deletingPathExtension
            originalIDs[original] = stems[stem] == 1 ? stem : Slug.make(String(page.dropLast(3)).replacingOccurrences(of: "/", with: "-"))
        }
        for (doc, page) in pages { pagesFolded[doc.lowercased()] = page }
        for doc in documents { if let page = pages[doc] { documentOfPage[page] = doc } }
    }

    /// The link from page `from` to the page of the document at `target`, a path as a link in
    /// the document at `document` wrote it (relative to that document's folder), and to the
    /// heading `bookmark` is in there (the page alone when that bookmark is in no heading).
    private func link(_ target: String, bookmark: String?, document: String, from: String) -> String? {
        let folder = PathText.parent(of: document)
        let resolved = WordDocument.resolve(target, from: folder == document ? "" : folder)
        guard let page = pages[resolved] ?? pagesFolded[resolved.lowercased()] else { return nil }
        var fromParts = from.split(separator: "/").dropLast().map(String.init)
        var toParts = page.split(separator: "/").map(String.init)
        while let f = fromParts.first, toParts.count > 1, f == toParts.first {
            fromParts.removeFirst()
            toParts.removeFirst()
        }
        let path = String(repeating: "../", count: fromParts.count) + toParts.joined(separator: "/")
        guard let bookmark, let anchor = anchors(ofPage: page)[bookmark] else { return path }
        return path + "#" + anchor
    }

    /// Each page's bookmark anchors, read from its document when a link from another first
    /// names one of its bookmarks.
    private let bookmarkAnchors = BookmarkAnchors()

    private final class BookmarkAnchors {
        var byPage: [String: [String: String]] = [:]
    }

    private func anchors(ofPage page: String) -> [String: String] {
        if let known = bookmarkAnchors.byPage[page] { return known }
        var found: [String: String] = [:]
        if let doc = documentOfPage[page],
           let package = try? WordPackage(path: root + "/" + doc), let document = try? WordDocument(package) {
            found = WordMarkdown.bookmarkAnchors(document, stem: ((page as NSString).lastPathComponent as NSString).deletingPathExtension)
        }
        bookmarkAnchors.byPage[page] = found
        return found
    }

    /// Converts every document into `staging`. A document that cannot be read is left out
    /// with a note naming it and what to do; when none can be, the import fails.
    mutating func write(into staging: String) throws(DocsImportError) {
        var written = 0
        var total = WordMarkdown.Counts()
        var pictures = 0
        for (done, doc) in documents.enumerated() {
            DocsImport.report("Converting Word documents", done + 1, documents.count)
            let page = pages[doc]!
            let output: WordMarkdown.Output
            do throws(WordPackageError) {
                let package = try WordPackage(path: root + "/" + doc)
                let document = try WordDocument(package)
                let stem = ((page as NSString).lastPathComponent as NSString).deletingPathExtension
                output = WordMarkdown.convert(document, stem: stem) { [self] target, bookmark in link(target, bookmark: bookmark, document: doc, from: page) }
            } catch {
                notes.append("\(doc): \(error.description); left out")
                continue
            }
            let title = output.title.map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }.flatMap { $0.isEmpty ? nil : $0 }
                ?? name(of: doc)
            var front = "---\n"
            if let id = originalIDs[doc] { front += "id: \(id)\n" }
            front += "title: " + YAMLText.scalar(title) + "\n"
            if let t = translations[doc], let id = originalIDs[t.original] {
                front += "lang: \(t.lang)\ntranslation_of: \(id)\n"
            }
            // The document-information block (version, effective date, status) first, then
            // the document-control table's newest version, then the day it was last saved.
            let info = output.info, newest = output.changes.first
            if let version = info.version ?? newest?.version ?? fileVersions[doc] { front += "version: " + YAMLText.quoted(version) + "\n" }
            if let date = info.effective ?? newest?.date ?? output.modified { front += "lastmod: \(date)\n" }
            if let status = info.status { front += "status: \(status.rawValue)\n" }
            if let summary = output.summary { front += "summary: " + YAMLText.scalar(summary) + "\n" }
            if !output.tags.isEmpty { front += "tags:\n" + output.tags.map { "  - " + YAMLText.scalar($0) + "\n" }.joined() }
            if let newest {
                // The document-control table: the version, when it took effect, and the log.
                front += WordRevisionHistory.frontMatter(output.changes)
                notes.append("\(doc): its document-control table read as version \(newest.version) and a change log of \(output.changes.count) version\(output.changes.count == 1 ? "" : "s") (names in it left out)")
            }
            if !info.isEmpty {
                let read = [info.version.map { "version \($0)" }, info.effective.map { "effective \($0)" }, info.status.map { "status \($0.rawValue)" }]
                notes.append("\(doc): its document information read as " + read.compactMap { $0 }.joined(separator: ", ")
                             + (info.status == .draft || info.status == .retired ? " (left out of the site until published: casebook build --drafts shows it)" : ""))
                if let v = info.version, let n = newest?.version, VersionNumber.compare(v, n) != 0 {
                    notes.append("\(doc): its document information says version \(v), its document-control table's newest is \(n); \(v) used: check which is current")
                }
            }
            front += "---\n\n"
            try save(Array((front + output.markdown).utf8), to: staging + "/" + page)
            let folder = PathText.parent(of: page)
            for picture in output.pictures {
                try save(picture.bytes, to: staging + "/" + (folder == page ? "" : folder + "/") + picture.name)
            }
            pictures += output.pictures.count
            written += 1
            notes.append(contentsOf: Self.notes(output.counts, document: doc))
            total.add(output.counts)
        }
        guard written > 0 else {
            throw DocsImportError(notes.first.map { "\(source): no Word document could be read; \($0)" } ?? "\(source): no Word document could be read")
        }
        var summary = "Word: \(written) document\(written == 1 ? "" : "s") converted to pages (headings from heading styles, lists, tables, links, bold and italic, code, footnotes as a list of notes)"
        summary += "; \(pictures) picture\(pictures == 1 ? "" : "s") written beside the pages"
        if total.picturesWithoutText > 0 {
            summary += " (\(total.picturesWithoutText) without alternative text, which screen readers need: add it to the picture in Word or in the page)"
        }
        if total.tablesOfContents > 0 { summary += "; Word's table of contents left out of \(total.tablesOfContents) (every page has Casebook's)" }
        notes.insert(summary, at: 0)
        for other in others {
            notes.append("\(other.path): \(other.why)")
        }
    }

    /// What was changed or left out of one document, one note each.
    static func notes(_ c: WordMarkdown.Counts, document doc: String) -> [String] {
        var out: [String] = []
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        for (ext, n) in c.unshownPictures.sorted(by: { $0.key < $1.key }) {
            out.append("\(doc): \(plural(n, "picture")) in \(ext.uppercased()), a format browsers do not show, left out (their alternative text kept): save them as PNG and add them to the page")
        }
        if c.trackedChanges > 0 {
            out.append("\(doc): tracked changes read as accepted (\(plural(c.trackedChanges, "change")): deleted text left out); accept or reject them in Word first if that is not what the SOP says")
        }
        if c.comments > 0 { out.append("\(doc): \(plural(c.comments, "comment")) left out") }
        if c.textBoxes > 0 { out.append("\(doc): the text of \(plural(c.textBoxes, "text box")) written after the paragraph that holds it") }
        if c.equations > 0 { out.append("\(doc): \(plural(c.equations, "equation")) written as plain text") }
        if c.charts > 0 { out.append("\(doc): \(plural(c.charts, "chart")) or SmartArt left out: add a picture of it to the page") }
        for (kind, n) in c.embeddedObjects.sorted(by: { $0.key < $1.key }) {
            switch kind {
            case "equation":
                out.append("\(doc): \(plural(n, "equation")) of Equation Editor or MathType left out (Word shows them as pictures in a format browsers do not show): write them again with Insert > Equation, or add them to the page as PNG pictures")
            case "object":
                out.append("\(doc): \(plural(n, "embedded object")) left out: add what it shows to the page as text, a table or a PNG picture")
            default:
                out.append("\(doc): \(plural(n, "embedded \(kind)")) left out: add what it shows to the page as text, a table or a PNG picture")
            }
        }
        for (kind, n) in c.objectsAsPictures.sorted(by: { $0.key < $1.key }) {
            out.append("\(doc): \(plural(n, kind == "object" ? "embedded object" : "embedded \(kind)")) shown as \(n == 1 ? "its picture" : "their pictures") only; the \(n == 1 ? "object itself is" : "objects themselves are") not copied")
        }
        if c.externalPictures > 0 { out.append("\(doc): \(plural(c.externalPictures, "picture")) Word showed from an address: linked, not copied") }
        if c.unsafeLinks > 0 {
            out.append("\(doc): \(plural(c.unsafeLinks, "link")) to a file on a computer or network drive (file:, \\\\server) kept as text: nobody else can open them; link the page or the file's web address instead")
        }
        if c.boldHeadings > 0 {
            out.append("\(doc): no heading styles; \(plural(c.boldHeadings, "line")) in bold read as headings: give them heading styles in Word to choose yourself")
        }
        if c.unresolvedLinks > 0 {
            out.append("\(doc): \(plural(c.unresolvedLinks, "link")) to a bookmark that is not a heading, or to a file that is not among the imported documents, kept as text")
        }
        return out
    }

    private func save(_ bytes: [UInt8], to path: String) throws(DocsImportError) {
        try DocsImport.saveStaged(bytes, to: path)
    }
}

extension WordMarkdown.Counts {
    mutating func add(_ b: WordMarkdown.Counts) {
        picturesWithoutText += b.picturesWithoutText
        boldHeadings += b.boldHeadings
        for (k, v) in b.unshownPictures { unshownPictures[k, default: 0] += v }
        externalPictures += b.externalPictures
        comments += b.comments
        trackedChanges += b.trackedChanges
        tablesOfContents += b.tablesOfContents
        textBoxes += b.textBoxes
        equations += b.equations
        unsafeLinks += b.unsafeLinks
        unresolvedLinks += b.unresolvedLinks
        for (k, v) in b.embeddedObjects { embeddedObjects[k, default: 0] += v }
        for (k, v) in b.objectsAsPictures { objectsAsPictures[k, default: 0] += v }
        charts += b.charts
    }
}

extension DocsImport {
    /// Imports Word documents (`source`: a .docx, or a folder of them) into `destination`.
    static func importWord(_ source: String, destination: String, basePath: String?,
                           listing: CorpusListing? = nil) throws(DocsImportError) -> DocsImportReport {
        var word = try WordImport(source: source, listing: listing)
        let staging = NSTemporaryDirectory() + "casebook-word-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: staging) }
        try word.write(into: staging)
        return try importStaged(staging, source: source, framework: "Word", destination: destination, basePath: basePath,
                                written: Set(word.pages.values), notes: word.notes)
    }
}
