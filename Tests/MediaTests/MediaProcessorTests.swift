import Foundation
import Testing
@testable import Media

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

    /// A 12-megapixel camera JPEG is decoded with shrink-on-load (at half size) and still
    /// comes out upright from its EXIF orientation, at the sizes a full decode gives, with no
    /// metadata left.
    @Test func twelveMegapixelPhotoIsShrunkOnLoadUprightAndClean() throws {
        let input = try HostileFiles.jpegWithGPS(width: 4000, height: 3000)
        let out = try processor.image(input, label: "camera.jpg")
        let sizes = try out.files.map { f in try MediaProcessor.inspect(f.bytes, label: f.name) }
        // Orientation 6: 4000 x 3000 turned upright is 3000 wide, 4000 high; 1600 px on the long side.
        #expect(sizes.map { [$0.width, $0.height] } == [[1200, 1600], [240, 320], [240, 320]])
        for (file, info) in zip(out.files, sizes) {
            #expect(leakingFields(info.fields).isEmpty, "\(file.name): \(info.fields)")
            #expect(!file.bytes.containsSequence(Array("Canon".utf8)))
        }
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


@Suite struct ClipProcessingTests {
    @Test func clipIsRemuxedWithoutMetadataWithAPosterFrame() throws {
        let input = try HostileFiles.clipWithMetadata()
        #expect(input.containsSequence(Array("Jane Seller".utf8))) // the fixture carries it
        let dir = NSTemporaryDirectory() + "clip-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(input).write(to: URL(fileURLWithPath: dir + "/stream.mp4"))
        let out = try MediaProcessor().process(path: dir + "/stream.mp4", name: "stream.mp4")
        #expect(out.type == .mp4)
        #expect(out.files.map { String($0.name.drop { $0 != "." }) } == [".mp4", ".poster.jpg", ".thumb.jpg", ".blur.jpg"])
        let clip = out.files[0].bytes
        #expect(!clip.containsSequence(Array("Jane".utf8)))
        #expect(!clip.containsSequence(Array("+52.5200".utf8)))
        let poster = try MediaProcessor.inspect(out.files[1].bytes, label: "poster")
        #expect(poster.width == 64 && poster.height == 48)
        #expect(leakingFields(poster.fields).isEmpty)
        // Same input, byte-identical output; and the cleaned clip is itself a valid clip.
        #expect(try MediaProcessor().process(path: dir + "/stream.mp4", name: "stream.mp4") == out)
        try Data(clip).write(to: URL(fileURLWithPath: dir + "/clean.mp4"))
        #expect(try MediaProcessor().process(path: dir + "/clean.mp4").type == .mp4)
    }

    @Test func clipOverTheLimitIsRefused() throws {
        let dir = NSTemporaryDirectory() + "clip-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(try HostileFiles.clipWithMetadata()).write(to: URL(fileURLWithPath: dir + "/a.mp4"))
        let error = #expect(throws: MediaError.self) { try MediaProcessor(limits: MediaLimits(maxClipBytes: 100)).process(path: dir + "/a.mp4", name: "a.mp4") }
        #expect(error?.reason.contains("over the clip limit of 100 bytes") == true)
    }
}

/// `cases import` cleans images on every core at once: each result must be what cleaning the
/// file alone gives, and each refusal must give that file's own reason, never another's (the
/// libvips error buffer is global to the process).
@Suite struct ConcurrentCleaningTests {
    @Test func imagesCleanedAtOnceMatchOneAtATimeWithTheirOwnReasons() throws {
        let processor = MediaProcessor()
        let good = try MediaProcessor.fixtureImage(width: 1800, height: 900)
        let jpeg = try MediaProcessor.fixtureImage(width: 600, height: 400)
        let png = try MediaProcessor.fixtureImage(width: 600, height: 400, png: true)
        let inputs: [(label: String, bytes: [UInt8])] = (0..<24).map { i in
            switch i % 3 {
            case 0: ("cut-\(i).jpg", Array(jpeg.prefix(jpeg.count / 2)))
            case 1: ("cut-\(i).png", Array(png.prefix(png.count / 2)))
            default: ("good-\(i).jpg", good)
            }
        }
        let alone = inputs.map { input in Result { () throws(MediaError) in try processor.image(input.bytes, label: input.label) } }
        let together = parallelResults(inputs.count) { i in Result { () throws(MediaError) in try processor.image(inputs[i].bytes, label: inputs[i].label) } }
        for i in inputs.indices {
            switch (alone[i], together[i]) {
            case (.success(let a), .success(let b)):
                #expect(a == b, "\(inputs[i].label)")
            case (.failure(let a), .failure(let b)):
                #expect(a == b, "\(inputs[i].label): alone '\(a.reason)', together '\(b.reason)'")
                #expect(b.file == inputs[i].label)
            default:
                Issue.record("\(inputs[i].label): alone \(alone[i]), together \(together[i])")
            }
        }
        for i in inputs.indices where inputs[i].label.hasPrefix("good") {
            if case .failure(let e) = together[i] { Issue.record("\(inputs[i].label) refused: \(e.reason)") }
        }
        for i in inputs.indices where inputs[i].label.hasSuffix(".jpg") && !inputs[i].label.hasPrefix("good") {
            if case .success = together[i] { Issue.record("\(inputs[i].label): a truncated JPEG was accepted") }
        }
    }

    private func parallelResults<R: Sendable>(_ count: Int, _ body: @Sendable (Int) -> R) -> [R] {
        let slots = Slots<R>(count)
        DispatchQueue.concurrentPerform(iterations: count) { slots.set($0, body($0)) }
        return slots.values
    }
}

private final class Slots<R>: @unchecked Sendable {
    private var storage: [R?]
    private let lock = NSLock()
    init(_ count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: R) { lock.lock(); storage[i] = value; lock.unlock() }
    var values: [R] { lock.lock(); defer { lock.unlock() }; return storage.map { $0! } }
}
