import CXML2
import CZip
import Foundation

// A Word document (.docx, and .docm, whose macros are never read) is a ZIP container of XML
// parts (Office Open XML, ECMA-376): `word/document.xml` holds the body, `word/styles.xml`
// the styles, `word/numbering.xml` the list formats, `word/_rels/document.xml.rels` what the
// body's ids point at (links, pictures), `word/footnotes.xml` the notes, `docProps/core.xml`
// the title and dates. libzip reads the container and libxml2 the parts; both come from
// untrusted files, so every part is read with a size limit (a ZIP's sizes are claims, the
// bytes are counted) and XML is parsed without loading DTDs or anything from the network.

/// An element of an XML part, with the namespace of its name (prefixes differ between
/// writers: Word's `w:`, Strict Open XML's other addresses, LibreOffice's own prefixes).
final class XMLNode {
    /// The local name (`p` for `w:p`).
    let name: String
    /// The namespace's address ("" when none).
    let namespace: String
    /// Attributes by local name; an attribute in the relationships namespace is keyed
    /// `r:NAME` (a hyperlink's `r:id` beside a bookmark's `w:id`).
    let attributes: [String: String]
    var children: [XMLNode] = []
    /// The text of a text node (`name` is "#text"), else "".
    let text: String
    /// The line of the part the element starts on.
    let line: Int

    init(name: String, namespace: String, attributes: [String: String], text: String = "", line: Int) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
        self.text = text
        self.line = line
    }

    var isText: Bool { name == "#text" }

    /// Whether the element is WordprocessingML's (transitional or Strict).
    var isWord: Bool { namespace.hasSuffix("/wordprocessingml/2006/main") || namespace.hasSuffix("/wordprocessingml/main") }

    /// Whether this is the WordprocessingML element `name`.
    func isWord(_ name: String) -> Bool { self.name == name && isWord }

    /// The first child element named `name` (any namespace).
    func child(_ name: String) -> XMLNode? { children.first { $0.name == name } }

    /// A WordprocessingML attribute (`w:val`), by local name.
    subscript(_ attribute: String) -> String? { attributes[attribute] }

    /// The first element below this one (depth first) that matches.
    func first(where match: (XMLNode) -> Bool) -> XMLNode? {
        var stack = children.reversed() as [XMLNode]
        while let node = stack.popLast() {
            if match(node) { return node }
            stack.append(contentsOf: node.children.reversed())
        }
        return nil
    }

    /// Every element below this one (depth first, in document order) that matches.
    func all(where match: (XMLNode) -> Bool) -> [XMLNode] {
        var out: [XMLNode] = []
        var stack = children.reversed() as [XMLNode]
        while let node = stack.popLast() {
            if match(node) { out.append(node) }
            stack.append(contentsOf: node.children.reversed())
        }
        return out
    }

    /// The text of every text node below, in order.
    var allText: String {
        if isText { return text }
        var out = ""
        for c in children { out += c.allText }
        return out
    }

    /// WordprocessingML's on/off property (`<w:b/>`, `<w:b w:val="0"/>`): nil when absent.
    static func isOn(_ property: XMLNode?) -> Bool? {
        guard let property else { return nil }
        guard let v = property["val"] else { return true }
        return !(v == "0" || v == "false" || v == "off" || v == "none")
    }
}

/// Why a Word document could not be read, for the import's notes.
struct WordPackageError: Error, CustomStringConvertible {
    let description: String
}

/// Where a Word document's parts are read from: its ZIP container (`WordPackage`), or
/// parts in memory (the fuzzer's `WordParts.InMemory`).
protocol WordParts {
    /// The bytes of part `name`, or nil when there is none; throws past `limit` bytes.
    func bytes(_ name: String, limit: Int) throws(WordPackageError) -> [UInt8]?
}

extension WordParts {
    /// The XML part `name` parsed, or nil when there is no such part.
    func xml(_ name: String) throws(WordPackageError) -> XMLNode? {
        guard let data = try bytes(name, limit: WordPackage.largestPart) else { return nil }
        return try WordPackage.parse(data, name: name)
    }
}

/// Parts held in memory.
struct InMemoryWordParts: WordParts {
    var parts: [String: [UInt8]]

    func bytes(_ name: String, limit: Int) throws(WordPackageError) -> [UInt8]? {
        guard let data = parts[name] else { return nil }
        if data.count > limit { throw WordPackageError(description: "\(name) is more than \(limit >> 20) MB") }
        return data
    }
}

/// The parts of one Word document, read on demand from its ZIP container.
final class WordPackage: WordParts {
    /// The largest XML part read (a body of this size is thousands of pages).
    static let largestPart = 64 << 20
    /// The largest picture read.
    static let largestPicture = 32 << 20
    /// The most bytes read from one document in all.
    static let largestTotal = 256 << 20
    /// Elements nested deeper than this are not read (a hostile part nests without end).
    static let deepest = 256

    let path: String
    private let archive: OpaquePointer
    private var readSoFar = 0

    /// Opens the document at `path`. Errors say what the file is when it is no .docx: an old
    /// binary .doc or a password-protected document (both OLE files), or no ZIP at all.
    init(path: String) throws(WordPackageError) {
        self.path = path
        var error: Int32 = 0
        guard let archive = zip_open(path, ZIP_RDONLY, &error) else {
            if let head = FileHandle(forReadingAtPath: path).map({ h in defer { try? h.close() }; return [UInt8](h.readData(ofLength: 8)) }),
               head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
                throw WordPackageError(description: "an old Word .doc or a password-protected document, not a .docx: open it in Word and save it as a .docx (Word Document) without a password")
            }
            var zipError = zip_error_t()
            zip_error_init_with_code(&zipError, error)
            defer { zip_error_fini(&zipError) }
            let why = zip_error_strerror(&zipError).map { String(cString: $0) } ?? "unknown error"
            throw WordPackageError(description: "not a Word document that can be read (\(why.lowercased())): save it again from Word as a .docx")
        }
        self.archive = archive
    }

    deinit { zip_discard(archive) }

    /// The bytes of `name`, or nil when the container has no such file. Throws when the
    /// file is larger than `limit` or the container is damaged.
    func bytes(_ name: String, limit: Int) throws(WordPackageError) -> [UInt8]? {
        let index = zip_name_locate(archive, name, 0)
        guard index >= 0 else { return nil }
        var stat = zip_stat_t()
        zip_stat_init(&stat)
        guard zip_stat_index(archive, zip_uint64_t(index), 0, &stat) == 0 else {
            throw WordPackageError(description: "\(name) cannot be read from the document: save it again from Word")
        }
        if stat.valid & zip_uint64_t(ZIP_STAT_SIZE) != 0, stat.size > zip_uint64_t(limit) {
            throw WordPackageError(description: "\(name) is \(stat.size >> 20) MB, more than the \(limit >> 20) MB read from one part")
        }
        guard let file = zip_fopen_index(archive, zip_uint64_t(index), 0) else {
            let why = zip_strerror(archive).map { String(cString: $0) } ?? "unknown error"
            throw WordPackageError(description: "\(name) cannot be read from the document (\(why.lowercased())): save it again from Word")
        }
        defer { zip_fclose(file) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            // The sizes in a ZIP are claims: the bytes are counted as they come.
            let n = chunk.withUnsafeMutableBytes { zip_fread(file, $0.baseAddress, zip_uint64_t($0.count)) }
            if n < 0 {
                let why = zip_file_strerror(file).map { String(cString: $0) } ?? "unknown error"
                throw WordPackageError(description: "\(name) is damaged (\(why.lowercased())): save the document again from Word")
            }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<Int(n)])
            readSoFar += Int(n)
            if out.count > limit {
                throw WordPackageError(description: "\(name) unpacks to more than the \(limit >> 20) MB read from one part")
            }
            if readSoFar > Self.largestTotal {
                throw WordPackageError(description: "the document unpacks to more than \(Self.largestTotal >> 20) MB")
            }
        }
        return out
    }

    private static let tooDeep = "elements nested more than \(deepest) deep; the document is damaged or hostile"

    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    /// Parses an XML part into `XMLNode`s: no DTD loaded, no entity substituted, nothing
    /// fetched; libxml2's own limits on entity expansion stay on (no XML_PARSE_HUGE).
    static func parse(_ data: [UInt8], name: String) throws(WordPackageError) -> XMLNode {
        _ = initialized
        guard let context = xmlNewParserCtxt() else { throw WordPackageError(description: "\(name): out of memory") }
        defer { xmlFreeParserCtxt(context) }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue)
        let doc = data.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(buffer.count, 1)) {
                xmlCtxtReadMemory(context, $0, Int32(buffer.count), name, nil, options)
            }
        }
        guard let doc, let root = xmlDocGetRootElement(doc) else {
            if let doc { xmlFreeDoc(doc) }
            let error = xmlCtxtGetLastError(context)
            let line = error.map { Int($0.pointee.line) } ?? 0
            let message = error.flatMap { $0.pointee.message }.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "not XML"
            // libxml2's own depth limit is Casebook's (its message names a parser option).
            if message.hasPrefix("Excessive depth") {
                throw WordPackageError(description: "\(name)\(line > 0 ? ", line \(line)" : ""): " + Self.tooDeep)
            }
            throw WordPackageError(description: "\(name)\(line > 0 ? ", line \(line)" : ""): \(message): the document is damaged; save it again from Word")
        }
        defer { xmlFreeDoc(doc) }
        guard let node = convert(root, depth: 0) else {
            throw WordPackageError(description: "\(name): " + tooDeep)
        }
        return node
    }

    private static func string(_ p: UnsafePointer<xmlChar>?) -> String {
        guard let p else { return "" }
        return String(cString: p)
    }

    private static func convert(_ element: xmlNodePtr, depth: Int) -> XMLNode? {
        guard depth < deepest else { return nil }
        let e = element.pointee
        var attributes: [String: String] = [:]
        var a = e.properties
        while let attr = a {
            let local = string(attr.pointee.name)
            // The relationships namespace (transitional and Strict both end so).
            let key = attr.pointee.ns != nil && string(attr.pointee.ns?.pointee.href).hasSuffix("/relationships") ? "r:" + local : local
            if let value = xmlNodeListGetString(element.pointee.doc, attr.pointee.children, 1) {
                attributes[key] = string(value)
                casebook_xml_free(value)
            } else {
                attributes[key] = ""
            }
            a = attr.pointee.next
        }
        let node = XMLNode(name: string(e.name), namespace: string(e.ns?.pointee.href), attributes: attributes, line: Int(xmlGetLineNo(element)))
        var c = e.children
        while let child = c {
            switch child.pointee.type {
            case XML_ELEMENT_NODE:
                guard let converted = convert(child, depth: depth + 1) else { return nil }
                node.children.append(converted)
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                node.children.append(XMLNode(name: "#text", namespace: "", attributes: [:], text: string(child.pointee.content), line: 0))
            default:
                break
            }
            c = child.pointee.next
        }
        return node
    }
}
