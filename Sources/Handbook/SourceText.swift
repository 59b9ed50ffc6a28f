#if canImport(Glibc)
import Glibc
#endif

/// A Markdown file split into its front matter and body.
public struct SourceText: Sendable {
    /// Parsed front matter (an empty map when the file has none).
    public var frontMatter: YAMLNode
    /// The Markdown after the front matter.
    public var body: String
    /// The file line on which `body` starts.
    public var bodyFirstLine: Int
    /// Warnings about the file as a whole (e.g. TOML front matter that was skipped).
    public var warnings: [Diagnostic] = []
    /// Why TOML front matter (`+++`) could not be read, when it was skipped.
    public var tomlError: TOMLError?

    /// Decodes and splits a file's bytes. Throws a diagnostic for invalid UTF-8, binary
    /// content, an unclosed front matter block or a YAML syntax error; TOML that cannot be
    /// read is skipped with a warning (`tomlError`).
    public static func read(_ bytes: [UInt8], file: String) throws(HandbookError) -> SourceText {
        var bytes = bytes[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let nul = Self.find(0, in: bytes) {
            let line = bytes[..<nul].reduce(1) { $1 == 10 ? $0 + 1 : $0 }
            throw HandbookError(file: file, line: line, "this looks like a binary file, not Markdown (it contains a NUL byte); move it out of the content folder or rename it without the .md extension")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let (line, column) = firstInvalidUTF8(bytes)
            throw HandbookError(file: file, line: line, column: column, "the file is not valid UTF-8; re-save it as UTF-8 in your editor")
        }
        // Normalise Windows line endings so line numbers and parsing agree.
        let normalised = Self.find(13, in: bytes) != nil ? text.replacingAll("\r\n", with: "\n") : text
        return try split(normalised, file: file)
    }

    /// The index of the first `byte` in `bytes` (memchr: whole files are scanned for NUL and CR).
    static func find(_ byte: UInt8, in bytes: ArraySlice<UInt8>) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress, let hit = memchr(base, Int32(byte), buffer.count) else { return nil }
            return bytes.startIndex + base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Whether `text` holds `needle`, compared byte for byte (`contains` below): Foundation's
    /// `contains` goes through NSString, slow on text that is not ASCII (a Thai page's HTML).
    public static func has(_ needle: String, in text: String) -> Bool {
        var text = text
        var needle = needle
        return text.withUTF8 { t in needle.withUTF8 { n in contains(t, n) } }
    }

    /// Whether `text` holds the bytes of `needle`: memchr to each place its first byte is,
    /// memcmp for the rest (Glibc's module has no memmem; Foundation's `contains` goes
    /// through NSString). An empty needle is found everywhere.
    static func contains(_ text: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        offset(of: needle, in: text) != nil
    }

    /// The offset of the first `needle` in `text` at or after `from`, found as `contains` finds
    /// it (an empty needle is at `from`).
    static func offset(of needle: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>, from: Int = 0) -> Int? {
        guard let nb = needle.baseAddress, !needle.isEmpty else { return from }
        guard let tb = text.baseAddress, from >= 0, needle.count <= text.count - from else { return nil }
        var p = tb + from
        var remaining = text.count - from
        while remaining >= needle.count, let hit = memchr(p, Int32(nb[0]), remaining - needle.count + 1) {
            let h = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(h, nb, needle.count) == 0 { return tb.distance(to: h) }
            remaining -= p.distance(to: h) + 1
            p = h + 1
        }
        return nil
    }

    static func split(_ text: String, file: String) throws(HandbookError) -> SourceText {
        let empty = YAMLNode(.map([]), line: 1, column: 1)
        for fence in ["---", "+++"] where text.hasPrefix(fence + "\n") || text == fence {
            guard let parts = frontMatterParts(text, fence: fence) else {
                throw HandbookError(file: file, line: 1, column: 1, "front matter opened with '\(fence)' on line 1 is never closed; add a line '\(fence)' after the last field")
            }
            if fence == "+++" {
                // Hugo's TOML (TOML.swift).
                do {
                    let node = try TOML.parse(parts.header, firstLine: 2)
                    return SourceText(frontMatter: node, body: parts.body, bodyFirstLine: parts.bodyFirstLine)
                } catch {
                    var source = SourceText(frontMatter: empty, body: parts.body, bodyFirstLine: parts.bodyFirstLine)
                    source.tomlError = error
                    source.warnings.append(Diagnostic(.warning, file: file, line: error.line, column: error.column,
                        "TOML front matter (+++) could not be read (\(error.message)) and was skipped; correct it, or write the front matter as YAML between --- lines",
                        kind: .tomlFrontMatter))
                    return source
                }
            }
            do {
                let node = try YAMLParser.parse(parts.header, firstLine: 2)
                return SourceText(frontMatter: node, body: parts.body, bodyFirstLine: parts.bodyFirstLine)
            } catch {
                throw HandbookError(file: file, line: error.line, column: error.column, "front matter: \(error.message)")
            }
        }
        return SourceText(frontMatter: empty, body: text, bodyFirstLine: 1)
    }

    /// The front matter of a page opening with `fence` (`---`, or Hugo's `+++`) as text, not
    /// read: the lines between the fences, the body after the closing one (a line that is the
    /// fence, or `...` after `---`) and the body's first line; nil when it is never closed.
    public static func frontMatterParts(_ text: String, fence: String = "---") -> (header: String, body: String, bodyFirstLine: Int)? {
        guard text.hasPrefix(fence + "\n") || text == fence else { return nil }
        var lineNumber = 1
        var offset = text.utf8.index(text.utf8.startIndex, offsetBy: fence.utf8.count + 1, limitedBy: text.utf8.endIndex) ?? text.utf8.endIndex
        let contentStart = offset
        while offset < text.utf8.endIndex {
            lineNumber += 1
            let lineEnd = text.utf8[offset...].firstIndex(of: 10) ?? text.utf8.endIndex
            let line = text[offset..<lineEnd]
            if line == fence || (fence == "---" && line == "...") || line.trimmingTrailingSpaces() == fence {
                let bodyStart = lineEnd < text.utf8.endIndex ? text.utf8.index(after: lineEnd) : lineEnd
                return (String(text[contentStart..<offset]), String(text[bodyStart...]), lineNumber + 1)
            }
            offset = lineEnd < text.utf8.endIndex ? text.utf8.index(after: lineEnd) : lineEnd
        }
        return nil
    }

    private static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> (Int, Int) {
        var line = 1
        var lineStart = bytes.startIndex
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            let length: Int
            switch b {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return (line, bytes.distance(from: lineStart, to: i) + 1)
            }
            if length > 1 {
                let end = i + length
                if end > bytes.endIndex || String(validating: bytes[i..<end], as: UTF8.self) == nil {
                    return (line, bytes.distance(from: lineStart, to: i) + 1)
                }
            }
            if b == 10 { line += 1; lineStart = i + 1 }
            i += length
        }
        return (line, 1)
    }
}

extension String {
    /// Replaces every occurrence of `target` (Foundation-free, byte-wise).
    public func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let r = rest.byteRange(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        out += rest
        return out
    }
}

extension Substring {
    /// The first occurrence of `target`, compared byte-wise (Foundation-free).
    public func byteRange(of target: String) -> Range<Substring.Index>? {
        let t = Array(target.utf8)
        let u = self.utf8
        guard let first = t.first else { return nil }
        var i = u.startIndex
        while let start = u[i...].firstIndex(of: first) {
            var j = start
            var k = 0
            while k < t.count, j < u.endIndex, u[j] == t[k] { j = u.index(after: j); k += 1 }
            if k == t.count { return start..<j }
            i = u.index(after: start)
        }
        return nil
    }
}
