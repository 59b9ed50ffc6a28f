import Foundation

/// The document-information block many SOP templates open with, beside or instead of a
/// document-control table: a table of labels and values (`Version | 3.2`, `Effective date |
/// 1 March 2026`, one or two pairs to a row) or lines such as `Version: 3.2` at the top.
///
/// Read as the page's `version`, `effective` date and `status` (draft, published, retired).
/// Other labels a template has (owner, approver, document number, classification) only help
/// to tell such a block from a table of the SOP: their values, often people's names, are not
/// copied into the front matter and stay on the page. A value that cannot be read without
/// doubt (a date of two readings, a version that is none) leaves the block as text.
enum WordDocumentInfo {
    struct Info: Equatable {
        var version: String?
        var effective: String?
        var status: PageStatus?

        var isEmpty: Bool { version == nil && effective == nil && status == nil }

        /// Each field this lacks, from `other`.
        mutating func fill(from other: Info) {
            version = version ?? other.version
            effective = effective ?? other.effective
            status = status ?? other.status
        }

        func has(_ field: Field) -> Bool {
            switch field {
            case .version: version != nil
            case .effective: effective != nil
            case .status: status != nil
            }
        }
    }

    enum Field { case version, effective, status }

    /// Labels of the fields read (English, Indonesian, Thai, Vietnamese), lowercased.
    private static let fields: [String: Field] = {
        var out: [String: Field] = [:]
        for l in ["version", "ver", "ver.", "rev", "rev.", "revision", "version no", "version no.", "version number", "document version",
                  "current version", "policy version", "sop version", "versi", "versi dokumen", "เวอร์ชัน", "ฉบับที่", "phiên bản"] { out[l] = .version }
        for l in ["effective date", "effective", "effective from", "date effective", "valid from", "in effect from", "go-live date",
                  "tanggal berlaku", "berlaku sejak", "tanggal efektif", "วันที่มีผลบังคับใช้", "วันที่มีผล", "ngày hiệu lực", "ngày có hiệu lực"] { out[l] = .effective }
        for l in ["status", "document status", "status dokumen", "สถานะ", "trạng thái"] { out[l] = .status }
        return out
    }()

    /// Other labels of such blocks: they tell a block from a table, and are not read.
    private static let others: Set<String> = [
        "owner", "document owner", "policy owner", "sop owner", "author", "prepared by", "approved by", "approver", "reviewed by",
        "reviewer", "document id", "document number", "document no", "document no.", "doc no", "doc no.", "doc id", "sop id", "sop number",
        "reference", "ref", "classification", "confidentiality", "review date", "next review", "next review date", "last reviewed",
        "department", "team", "function", "scope", "applies to", "audience", "title", "document title", "date", "last updated",
        "pemilik", "pemilik dokumen", "penulis", "disetujui oleh", "diperiksa oleh", "nomor dokumen", "klasifikasi",
        "เจ้าของ", "ผู้จัดทำ", "ผู้อนุมัติ", "ผู้ตรวจสอบ", "เลขที่เอกสาร", "chủ sở hữu", "người soạn", "người phê duyệt", "người kiểm tra", "số hiệu",
    ]

    private static let statuses: [String: PageStatus] = [
        "draft": .draft, "in draft": .draft, "in review": .draft, "under review": .draft, "for review": .draft, "pending approval": .draft,
        "approved": .published, "published": .published, "final": .published, "active": .published, "live": .published,
        "in effect": .published, "current": .published, "retired": .retired, "obsolete": .retired, "superseded": .retired,
        "archived": .retired, "withdrawn": .retired,
        "rancangan": .draft, "draf": .draft, "disetujui": .published, "berlaku": .published, "aktif": .published, "tidak berlaku": .retired,
        "ฉบับร่าง": .draft, "ร่าง": .draft, "อนุมัติแล้ว": .published, "ใช้งาน": .published, "ยกเลิก": .retired,
        "bản nháp": .draft, "đã phê duyệt": .published, "có hiệu lực": .published, "hết hiệu lực": .retired,
    ]

    static func label(_ text: String) -> String {
        text.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: " :*#\u{00A0}\t"))
    }

    static func field(_ label: String) -> Field? { fields[Self.label(label)] }

    static func isKnown(_ label: String) -> Bool {
        let l = Self.label(label)
        return fields[l] != nil || others.contains(l)
    }

    /// The value of `field` read from `text`, into `info`; false when it cannot be read.
    static func read(_ field: Field, _ text: String, into info: inout Info) -> Bool {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch field {
        case .version:
            guard let v = WordRevisionHistory.version(t) else { return false }
            info.version = v
        case .effective:
            guard let d = WordRevisionHistory.date(t) else { return false }
            info.effective = d
        case .status:
            guard let s = statuses[t.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: " ."))] else { return false }
            info.status = s
        }
        return true
    }

    /// The information a table gives (rows of cells, each row label, value, label, value,
    /// ...), or nil when it is no such block: fewer than two labels known, a cell that is
    /// neither, or a value of a field read that cannot be read. `onlyFields`: every label is
    /// one of the fields read (nothing else would be lost if the table left the page).
    static func read(table rows: [[String]]) -> (info: Info, onlyFields: Bool)? {
        var info = Info(), known = 0, onlyFields = true
        for row in rows {
            let cells = row.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            guard cells.count % 2 == 0 else { return nil }
            for k in stride(from: 0, to: cells.count, by: 2) {
                let (label, value) = (cells[k], cells[k + 1])
                if label.isEmpty && value.isEmpty { continue }
                guard isKnown(label) else { return nil }
                known += 1
                guard let f = field(label) else { onlyFields = false; continue }
                // An empty value (a template's field left blank) says nothing.
                if value.isEmpty { continue }
                guard read(f, value, into: &info) else { return nil }
            }
        }
        guard known >= 2, !info.isEmpty else { return nil }
        return (info, onlyFields)
    }

    /// A line `Label: value` of a field read, or `Version 3.2` (`Rev. 4`), as its field and
    /// value; nil otherwise.
    static func line(_ text: String) -> (field: Field, value: String)? {
        let text = text.trimmingCharacters(in: .whitespaces)
        if let colon = text.firstIndex(of: ":"), let f = field(String(text[..<colon])) {
            let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            return value.isEmpty ? nil : (f, value)
        }
        // A version's label and the version, with no colon: the whole text is the version.
        if let space = text.firstIndex(of: " "), field(String(text[..<space])) == .version,
           WordRevisionHistory.version(text) != nil || WordRevisionHistory.version(String(text[text.index(after: space)...])) != nil {
            return (.version, String(text[text.index(after: space)...]))
        }
        return nil
    }

    /// The fields the headers and footers give (`TS-SOP-014 | Version: 3.2 | Page 1 of 4`, a
    /// table of labels and values) that `info` does not have yet. Nothing else of them is read.
    static func read(headers: [XMLNode], into info: inout Info) {
        var found = Info()
        /// The text Word shows: hidden runs (`w:vanish`, as Word's own header templates keep
        /// their instructions) are left out, as in the body.
        func text(_ node: XMLNode) -> String {
            var out = ""
            for c in node.children {
                if c.isWord("r"), let rPr = c.child("rPr"), XMLNode.isOn(rPr.child("vanish")) == true || XMLNode.isOn(rPr.child("specVanish")) == true { continue }
                if c.isWord("t") { out += c.allText } else if c.isWord("tab") { out += "\t" } else {
                    out += text(c)
                    if c.isWord("p") { out += "\n" }
                }
            }
            return out
        }
        for root in headers {
            for t in root.all(where: { $0.isWord("tbl") }) {
                let rows = t.all { $0.isWord("tr") }.map { $0.all { $0.isWord("tc") }.map { text($0).trimmingCharacters(in: .whitespacesAndNewlines) } }
                if let (read, _) = read(table: rows) { found.fill(from: read) }
            }
            for p in root.all(where: { $0.isWord("p") }) {
                // Several fields to a line, between tabs or bars.
                for piece in text(p).split(whereSeparator: { $0 == "\t" || $0 == "|" || $0 == "\n" || $0 == "•" }) {
                    guard let (f, value) = line(String(piece)), !found.has(f) else { continue }
                    _ = read(f, value, into: &found)
                }
            }
        }
        info.fill(from: found)
    }
}
