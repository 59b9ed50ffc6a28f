import Foundation
import Testing
@testable import Media

/// Hostile and metadata-laden files, written by the tests themselves.
enum HostileFiles {
    /// A little-endian EXIF block: camera make, orientation 6 (rotate 90° clockwise) and a GPS latitude.
    static func exifWithGPS() -> [UInt8] {
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

    static let xmp = Array(#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Jane Seller</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"#.utf8)

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            c ^= UInt32(b)
            for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        }
        return ~c
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let n = UInt32(data.count)
        let body = Array(type.utf8) + data
        let crc = crc32(body)
        return [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + body
            + [UInt8(crc >> 24), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)]
    }

    /// A PNG with a tEXt chunk (an author and a comment) inserted after its header.
    static func pngWithText() throws -> [UInt8] {
        let png = try MediaProcessor.fixtureImage(width: 64, height: 48, png: true)
        let text = chunk("tEXt", Array("Author".utf8) + [0] + Array("Jane Seller, +62 812 555 0101".utf8))
        return Array(png[0..<33]) + text + Array(png[33...])
    }

    /// A PNG whose header claims 30,000 x 30,000 pixels (900 megapixels): a decompression bomb.
    static func pngBomb() -> [UInt8] {
        let w = 30_000, h = 30_000
        var ihdr: [UInt8] = []
        for v in [w, h] { ihdr += [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        ihdr += [8, 2, 0, 0, 0]
        // One compressed row of zeros would do for a real bomb; the header alone must be refused.
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", ihdr) + chunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]) + chunk("IEND", [])
    }

    static func jpegWithGPS(width: Int = 40, height: Int = 20) throws -> [UInt8] {
        try MediaProcessor.fixtureImage(width: width, height: height, blobs: ["exif-data": exifWithGPS(), "xmp-data": xmp])
    }

    static let svg = Array(#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script><rect width="10" height="10"/></svg>"#.utf8)
    static let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0] + Array(repeating: 0, count: 40)
}

/// Metadata field names that would leak where, when or by whom an image was made.
func leakingFields(_ fields: [String]) -> [String] {
    fields.filter { $0.hasPrefix("exif") || $0.hasPrefix("xmp") || $0.hasPrefix("iptc") || $0.hasPrefix("png-comment") || $0.hasPrefix("jpeg-comment") || $0 == "orientation" }
}

@Suite struct MediaProcessorTests {
    let processor = MediaProcessor()

    @Test func sniffsByContentNotName() {
        #expect(MediaType.sniff([0xFF, 0xD8, 0xFF, 0xE0]) == .jpeg)
        #expect(MediaType.sniff(HostileFiles.svg) == nil)
        #expect(MediaType.sniff(HostileFiles.zip) == nil)
        #expect(MediaType.describeRefused(HostileFiles.zip) == "a ZIP archive")
    }

    @Test func jpegWithGPSIsStoredUprightWithoutMetadata() throws {
        let input = try HostileFiles.jpegWithGPS()
        // The fixture really carries the metadata (else this test could not fail).
        let before = try MediaProcessor.inspect(input, label: "in.jpg")
        #expect(before.fields.contains { $0.hasPrefix("exif-ifd3") }, "GPS fields: \(before.fields)")
        #expect(before.fields.contains("xmp-data"))
        let out = try processor.image(input, label: "photo.jpg")
        #expect(out.files.count == 3)
        #expect(out.name.hasSuffix(".jpg"))
        for file in out.files {
            let info = try MediaProcessor.inspect(file.bytes, label: file.name)
            #expect(leakingFields(info.fields).isEmpty, "\(file.name): \(info.fields)")
            #expect(!file.bytes.containsSequence(Array("Canon".utf8)))
            #expect(!file.bytes.containsSequence(Array("Jane Seller".utf8)))
        }
        // Orientation 6 turned the 40 x 20 picture upright: 20 wide, 40 high.
        let full = try MediaProcessor.inspect(out.files[0].bytes, label: "full")
        #expect(full.width == 20 && full.height == 40)
        // Same input, same output, same name.
        #expect(try processor.image(input, label: "again.jpg") == out)
    }

    @Test func largeImagesAreScaledAndThumbnailed() throws {
        let out = try processor.image(try MediaProcessor.fixtureImage(width: 2400, height: 1200), label: "big.jpg")
        let full = try MediaProcessor.inspect(out.files[0].bytes, label: "full")
        let thumb = try MediaProcessor.inspect(out.files[1].bytes, label: "thumb")
        #expect(full.width == 1600 && full.height == 800)
        #expect(thumb.width == 320 && thumb.height == 160)
    }

    @Test func pngTextChunksAreStripped() throws {
        let input = try HostileFiles.pngWithText()
        #expect(try MediaProcessor.inspect(input, label: "in.png").fields.contains { $0.hasPrefix("png-comment") })
        let out = try processor.image(input, label: "label.png")
        for file in out.files {
            #expect(leakingFields(try MediaProcessor.inspect(file.bytes, label: file.name).fields).isEmpty)
            #expect(!file.bytes.containsSequence(Array("Jane Seller".utf8)))
        }
    }

    @Test func truncatedJPEGIsRefused() throws {
        let whole = try MediaProcessor.fixtureImage(width: 300, height: 200)
        let error = #expect(throws: MediaError.self) { try processor.image(Array(whole.prefix(whole.count / 2)), label: "cut.jpg") }
        #expect(error?.file == "cut.jpg")
    }

    @Test func htmlAppendedToAJPEGIsDroppedByReencoding() throws {
        let jpeg = try MediaProcessor.fixtureImage(width: 50, height: 50)
        let out = try processor.image(jpeg + Array("<html><script>alert(1)</script></html>".utf8), label: "poly.jpg")
        for file in out.files { #expect(!file.bytes.containsSequence(Array("<script>".utf8))) }
    }

    @Test func refusedTypesSayWhatTheyAre() throws {
        let dir = NSTemporaryDirectory() + "media-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(HostileFiles.zip).write(to: URL(fileURLWithPath: dir + "/photo.jpg"))
        try Data(HostileFiles.svg).write(to: URL(fileURLWithPath: dir + "/logo.svg"))
        let zip = #expect(throws: MediaError.self) { try processor.process(path: dir + "/photo.jpg", name: "photo.jpg") }
        #expect(zip?.reason.contains("ZIP archive") == true)
        let svg = #expect(throws: MediaError.self) { try processor.process(path: dir + "/logo.svg", name: "logo.svg") }
        #expect(svg?.reason.contains("SVG") == true)
    }

    @Test func decompressionBombIsRefusedFromItsHeader() {
        let error = #expect(throws: MediaError.self) { try processor.image(HostileFiles.pngBomb(), label: "bomb.png") }
        #expect(error?.reason.contains("30000 x 30000 pixels") == true, "\(String(describing: error))")
    }

    @Test func sizeLimitIsConfigurable() throws {
        let small = MediaProcessor(limits: MediaLimits(maxImageBytes: 100))
        let error = #expect(throws: MediaError.self) { try small.image(try MediaProcessor.fixtureImage(width: 50, height: 50), label: "a.jpg") }
        #expect(error?.reason.contains("over the image limit of 100 bytes") == true)
    }
}

extension Array where Element == UInt8 {
    func containsSequence(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, count >= needle.count else { return false }
        return (0...(count - needle.count)).contains { i in self[i..<i + needle.count].elementsEqual(needle) }
    }
}
