/// A media format recognised by its content (its first bytes), never by its file name.
public enum MediaType: String, Sendable, Hashable, CaseIterable {
    case jpeg, png, webp, gif, mp4, webm

    /// Whether it is a clip (MP4, WebM) rather than an image.
    public var isClip: Bool { self == .mp4 || self == .webm }

    /// The format of `bytes` from its signature, or nil for anything not accepted (SVG, HTML,
    /// ZIP, PDF, HEIC, TIFF, BMP...). SVG is refused because a script can hide in it.
    public static func sniff(_ bytes: some Collection<UInt8>) -> MediaType? {
        let head = Array(bytes.prefix(16))
        func starts(_ sig: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + sig.count && Array(head[offset..<offset + sig.count]) == sig
        }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return .webp }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .gif }
        if starts([0x1A, 0x45, 0xDF, 0xA3]) { return .webm } // EBML; the probe checks the doctype is webm
        if starts(Array("ftyp".utf8), at: 4) { return .mp4 } // ISO BMFF; the probe checks the brand and codecs
        return nil
    }

    /// What the content looks like, for the refusal message of an unaccepted file.
    public static func describeRefused(_ bytes: some Collection<UInt8>) -> String {
        let head = Array(bytes.prefix(512))
        let text = String(decoding: head, as: UTF8.self).lowercased()
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "a ZIP archive" }
        if head.starts(with: Array("%PDF".utf8)) { return "a PDF document" }
        if text.contains("<svg") { return "an SVG image (refused: SVG can carry scripts)" }
        if text.contains("<html") || text.contains("<!doctype") || text.contains("<script") { return "an HTML document" }
        if text.hasPrefix("<?xml") { return "an XML document" }
        return "not a JPEG, PNG, WebP, GIF, MP4 or WebM file"
    }
}
