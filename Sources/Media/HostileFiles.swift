import Foundation

/// Hostile and metadata-laden files for tests, written here rather than copied from anywhere:
/// one place for the media and CLI tests.
public enum HostileFiles {
    /// A little-endian EXIF block: camera make, orientation 6 (rotate 90° clockwise) and a GPS latitude.
    public static func exifWithGPS() -> [UInt8] {
        var b: [UInt8] = Array("Exif".utf8) + [0, 0]
        func u16(_ v: Int) { b += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func u32(_ v: Int) { b += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24 & 0xFF)] }
        b += Array("II".utf8); u16(42); u32(8)
        u16(3)                                     // IFD0 at 8: three entries
        u16(0x010F); u16(2); u32(6); u32(50)       // Make, ASCII, at 50
        u16(0x0112); u16(3); u32(1); u16(6); u16(0) // Orientation = 6
        u16(0x8825); u16(4); u32(1); u32(56)       // GPS IFD at 56
        u32(0)
        b += Array("Canon".utf8) + [0]             // 50..56
        u16(2)                                     // GPS IFD: two entries
        u16(0x0001); u16(2); u32(2); b += Array("N".utf8) + [0, 0, 0]
        u16(0x0002); u16(5); u32(3); u32(86)
        u32(0)
        for v in [52, 1, 31, 1, 7, 1] { u32(v) }   // 86: 52° 31' 7"
        return b
    }

    public static let xmp = Array(#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Jane Seller</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"#.utf8)

    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            c ^= UInt32(b)
            for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        }
        return ~c
    }

    public static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let n = UInt32(data.count)
        let body = Array(type.utf8) + data
        let crc = crc32(body)
        return [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + body
            + [UInt8(crc >> 24), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)]
    }

    /// A PNG with a tEXt chunk (an author and a comment) inserted after its header.
    public static func pngWithText() throws -> [UInt8] {
        let png = try MediaProcessor.fixtureImage(width: 64, height: 48, png: true)
        let text = chunk("tEXt", Array("Author".utf8) + [0] + Array("Jane Seller, +62 812 555 0101".utf8))
        return Array(png[0..<33]) + text + Array(png[33...])
    }

    /// A PNG whose header claims 30,000 x 30,000 pixels (900 megapixels): a decompression bomb.
    public static func pngBomb() -> [UInt8] {
        let w = 30_000, h = 30_000
        var ihdr: [UInt8] = []
        for v in [w, h] { ihdr += [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        ihdr += [8, 2, 0, 0, 0]
        // One compressed row of zeros would do for a real bomb; the header alone must be refused.
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", ihdr) + chunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]) + chunk("IEND", [])
    }

    public static func jpegWithGPS(width: Int = 40, height: Int = 20) throws -> [UInt8] {
        try MediaProcessor.fixtureImage(width: width, height: height, blobs: ["exif-data": exifWithGPS(), "xmp-data": xmp])
    }

    public static let svg = Array(#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script><rect width="10" height="10"/></svg>"#.utf8)
    public static let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0] + Array(repeating: 0, count: 40)
}

/// Metadata field names that would leak where, when or by whom an image was made.
public func leakingFields(_ fields: [String]) -> [String] {
    fields.filter { $0.hasPrefix("exif") || $0.hasPrefix("xmp") || $0.hasPrefix("iptc") || $0.hasPrefix("png-comment") || $0.hasPrefix("jpeg-comment") || $0 == "orientation" }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs in these bytes.
    public func containsSequence(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, count >= needle.count else { return false }
        return (0...(count - needle.count)).contains { i in self[i..<i + needle.count].elementsEqual(needle) }
    }
}

extension HostileFiles {
    /// A one-second H.264 MP4 clip whose container carries a title naming a person and a GPS location.
    public static func clipWithMetadata() throws -> [UInt8] {
        let path = NSTemporaryDirectory() + "casebook-fixture-\(UUID().uuidString).mp4"
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try AV.fixtureClip(width: 64, height: 48, frames: 25, metadata: ["title": "Jane Seller live from her flat", "location": "+52.5200+013.4050/", "comment": "Shot on Jane's phone"], path: path)
    }
}
