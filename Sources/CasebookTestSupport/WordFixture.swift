import CZip
import Foundation

/// Word documents (.docx) written for tests: a ZIP container (libzip) of the parts Word
/// writes, with Word's built-in styles (ids as an English Word names them, names as every
/// Word does), a bulleted list (`w:numId` 1) and a numbered one (2).
public enum WordFixture {
    public static let namespaces = """
        xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" \
        xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" \
        xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" \
        xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" \
        xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" \
        xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" \
        xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"
        """

    /// A relationship of the body: a link's address (external) or a picture's part.
    public struct Relationship {
        public var id: String, type: String, target: String, external: Bool
        public init(id: String, type: String, target: String, external: Bool) {
            (self.id, self.type, self.target, self.external) = (id, type, target, external)
        }
        public static func link(_ id: String, _ url: String) -> Relationship {
            Relationship(id: id, type: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink", target: url, external: true)
        }
        public static func image(_ id: String, _ target: String) -> Relationship {
            Relationship(id: id, type: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image", target: target, external: false)
        }
    }

    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:styles \(namespaces)>
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
        <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/></w:style>
        <w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/></w:style>
        <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
        <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="MyHeading"><w:name w:val="Policy Code Heading"/><w:basedOn w:val="Heading2"/></w:style>
        <w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/></w:style>
        <w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/><w:basedOn w:val="Normal"/></w:style>
        <w:style w:type="paragraph" w:styleId="SourceCode"><w:name w:val="Source Code"/><w:basedOn w:val="Normal"/></w:style>
        <w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/><w:basedOn w:val="Normal"/></w:style>
        <w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>
        <w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/></w:style>
        </w:styles>
        """

    static let numbering = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:numbering \(namespaces)>
        <w:abstractNum w:abstractNumId="10"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="o"/></w:lvl></w:abstractNum>
        <w:abstractNum w:abstractNumId="20"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl></w:abstractNum>
        <w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>
        <w:num w:numId="2"><w:abstractNumId w:val="20"/></w:num>
        </w:numbering>
        """

    static func relationships(_ list: [Relationship]) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + list.map { r in
                "<Relationship Id=\"\(r.id)\" Type=\"\(r.type)\" Target=\"\(escaped(r.target))\"\(r.external ? " TargetMode=\"External\"" : "")/>"
            }.joined() + "</Relationships>"
    }

    static func escaped(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "<", with: "&lt;")
    }

    /// The parts of a document whose body is `body` (WordprocessingML, inside `w:body`);
    /// `numbering`: the list formats' elements instead of the two lists.
    public static func parts(body: String, relationships extra: [Relationship] = [], footnotes: [String: String] = [:],
                             media: [String: [UInt8]] = [:], title: String? = nil, modified: String? = nil,
                             numbering lists: String? = nil, keywords: String? = nil, description: String? = nil) -> [String: [UInt8]] {
        var rels = [
            Relationship(id: "rIdStyles", type: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles", target: "styles.xml", external: false),
            Relationship(id: "rIdNumbering", type: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering", target: "numbering.xml", external: false),
        ] + extra
        var out: [String: [UInt8]] = [
            "[Content_Types].xml": Array("""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
                """.utf8),
            "_rels/.rels": Array(relationships([
                Relationship(id: "rId1", type: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument", target: "word/document.xml", external: false),
                Relationship(id: "rId2", type: "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", target: "docProps/core.xml", external: false),
            ]).utf8),
            "word/document.xml": Array("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document \(namespaces)><w:body>\(body)<w:sectPr/></w:body></w:document>".utf8),
            "word/styles.xml": Array(styles.utf8),
            "word/numbering.xml": Array((lists.map { "<w:numbering \(namespaces)>\($0)</w:numbering>" } ?? numbering).utf8),
        ]
        if !footnotes.isEmpty {
            rels.append(Relationship(id: "rIdNotes", type: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes", target: "footnotes.xml", external: false))
            let notes = footnotes.sorted { $0.key < $1.key }.map { "<w:footnote w:id=\"\($0.key)\">\($0.value)</w:footnote>" }.joined()
            out["word/footnotes.xml"] = Array("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:footnotes \(namespaces)><w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>\(notes)</w:footnotes>".utf8)
        }
        out["word/_rels/document.xml.rels"] = Array(relationships(rels).utf8)
        for (name, bytes) in media { out["word/" + name] = bytes }
        var core = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\"><dc:creator>Ayu Lestari</dc:creator><cp:lastModifiedBy>Somchai P.</cp:lastModifiedBy>"
        if let title { core += "<dc:title>\(escaped(title))</dc:title>" }
        if let modified { core += "<dcterms:modified>\(modified)</dcterms:modified>" }
        if let keywords { core += "<cp:keywords>\(escaped(keywords))</cp:keywords>" }
        if let description { core += "<dc:description>\(escaped(description))</dc:description>" }
        out["docProps/core.xml"] = Array((core + "</cp:coreProperties>").utf8)
        return out
    }

    /// A paragraph of `style` (nil: Normal) holding `runs` (WordprocessingML).
    public static func p(_ runs: String, style: String? = nil, list: (id: Int, level: Int)? = nil) -> String {
        var properties = ""
        if let style { properties += "<w:pStyle w:val=\"\(style)\"/>" }
        if let list { properties += "<w:numPr><w:ilvl w:val=\"\(list.level)\"/><w:numId w:val=\"\(list.id)\"/></w:numPr>" }
        return "<w:p>" + (properties.isEmpty ? "" : "<w:pPr>\(properties)</w:pPr>") + runs + "</w:p>"
    }

    /// A run of `text` with run properties (`<w:b/>`, ...).
    public static func r(_ text: String, _ properties: String = "") -> String {
        "<w:r>" + (properties.isEmpty ? "" : "<w:rPr>\(properties)</w:rPr>") + "<w:t xml:space=\"preserve\">\(escaped(text).replacingOccurrences(of: ">", with: "&gt;"))</w:t></w:r>"
    }

    /// Writes `parts` as a ZIP container at `path`.
    public static func write(_ parts: [String: [UInt8]], to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var error: Int32 = 0
        guard let archive = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &error) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: "zip_open: error \(error)"])
        }
        // libzip reads the buffers at zip_close: they are kept until then.
        var buffers: [UnsafeMutableRawPointer] = []
        defer { for b in buffers { b.deallocate() } }
        for (name, bytes) in parts.sorted(by: { $0.key < $1.key }) {
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
            buffers.append(buffer)
            if !bytes.isEmpty { bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) } }
            guard let source = zip_source_buffer(archive, buffer, zip_uint64_t(bytes.count), 0),
                  zip_file_add(archive, name, source, zip_flags_t(ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8)) >= 0 else {
                zip_discard(archive)
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: "zip_file_add \(name)"])
            }
        }
        guard zip_close(archive) == 0 else {
            let message = String(cString: zip_error_strerror(zip_get_error(archive)))
            zip_discard(archive)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: "zip_close: \(message)"])
        }
    }
}
