import Foundation
import Digest

/// One file to store, named by the hash of its cleaned content.
public struct StoredFile: Sendable, Hashable {
    /// The file name, e.g. `3f2a….jpg`, `3f2a….thumb.jpg`.
    public var name: String
    /// Its bytes.
    public var bytes: [UInt8]
}

/// A media file after cleaning: what to store, and the name a case refers to it by.
public struct ProcessedMedia: Sendable, Hashable {
    /// The format found by content.
    public var type: MediaType
    /// The name of the main file (`<sha256>.jpg`, `.png`, `.mp4`, `.webm`); the others are
    /// `<sha256>.thumb.<ext>`, `<sha256>.blur.<ext>` and, for clips, `<sha256>.poster.jpg`.
    public var name: String
    /// Every file to store: the main file, its thumbnail, blurred thumbnail and poster.
    public var files: [StoredFile]
}

/// Checks and cleans case media: sniffs the type from the content, enforces the limits,
/// re-encodes images without metadata (libvips) and remuxes clips without metadata (FFmpeg).
///
/// What is accepted: JPEG, PNG, WebP, GIF (first frame only) images; MP4 (H.264, AAC) and
/// WebM (VP8/VP9/AV1, Opus/Vorbis) clips. Everything else is refused, SVG included. Bytes
/// after the end of an image (HTML appended to a JPEG) are accepted but never stored: the
/// stored file is re-encoded from the decoded pixels only.
public struct MediaProcessor: Sendable {
    /// The limits files are checked against.
    public var limits: MediaLimits

    /// A processor with these limits.
    public init(limits: MediaLimits = .standard) { self.limits = limits }

    /// Reads, checks and cleans the file at `path`; `name` is how errors name it.
    public func process(path: String, name: String? = nil) throws(MediaError) -> ProcessedMedia {
        let label = name ?? path
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue
        guard let size else { throw MediaError(file: label, "not found; check the file name in media_files and the --media folder") }
        let head = FileHandle(forReadingAtPath: path).flatMap { h -> [UInt8]? in defer { try? h.close() }; return (try? h.read(upToCount: 512)).map { [UInt8]($0) } } ?? []
        guard let type = MediaType.sniff(head) else {
            throw MediaError(file: label, "is \(MediaType.describeRefused(head)); accepted are JPEG, PNG, WebP, GIF images and MP4 (H.264/AAC), WebM clips")
        }
        if type.isClip {
            guard size <= limits.maxClipBytes else { throw MediaError(file: label, "is \(size) bytes, over the clip limit of \(limits.maxClipBytes) bytes") }
            return try clip(path: path, label: label, type: type)
        }
        guard size <= limits.maxImageBytes else { throw MediaError(file: label, "is \(size) bytes, over the image limit of \(limits.maxImageBytes) bytes") }
        guard let data = FileManager.default.contents(atPath: path) else { throw MediaError(file: label, "cannot be read") }
        return try image([UInt8](data), label: label, type: type)
    }

    /// Checks and cleans image bytes.
    public func image(_ bytes: [UInt8], label: String, type: MediaType? = nil) throws(MediaError) -> ProcessedMedia {
        guard let type = type ?? MediaType.sniff(bytes), !type.isClip else {
            throw MediaError(file: label, "is \(MediaType.describeRefused(bytes)); accepted are JPEG, PNG, WebP and GIF images")
        }
        guard bytes.count <= limits.maxImageBytes else { throw MediaError(file: label, "is \(bytes.count) bytes, over the image limit of \(limits.maxImageBytes) bytes") }
        let clean = try Vips.clean(bytes, file: label, limits: limits)
        let hash = SHA256.hex(clean.full)
        let ext = clean.fileExtension
        return ProcessedMedia(type: type, name: "\(hash).\(ext)", files: [
            StoredFile(name: "\(hash).\(ext)", bytes: clean.full),
            StoredFile(name: "\(hash).thumb.\(ext)", bytes: clean.thumbnail),
            StoredFile(name: "\(hash).blur.\(ext)", bytes: clean.blurred),
        ])
    }

    func clip(path: String, label: String, type: MediaType) throws(MediaError) -> ProcessedMedia {
        let ext = type == .mp4 ? "mp4" : "webm"
        let temp = NSTemporaryDirectory() + "casebook-clip-\(UUID().uuidString).\(ext)"
        defer { try? FileManager.default.removeItem(atPath: temp) }
        let clip = try AV.remux(path: path, file: label, type: type, limits: limits, output: temp)
        let posterJPEG = try Vips.jpeg(rgb: clip.frame, width: clip.width, height: clip.height, file: label)
        let poster = try Vips.clean(posterJPEG, file: label, limits: limits)
        let hash = SHA256.hex(clip.bytes)
        return ProcessedMedia(type: type, name: "\(hash).\(ext)", files: [
            StoredFile(name: "\(hash).\(ext)", bytes: clip.bytes),
            StoredFile(name: "\(hash).poster.jpg", bytes: poster.full),
            StoredFile(name: "\(hash).thumb.jpg", bytes: poster.thumbnail),
            StoredFile(name: "\(hash).blur.jpg", bytes: poster.blurred),
        ])
    }

    /// Decodes an image fully and lists the metadata fields in it (read-back checks).
    public static func inspect(_ bytes: [UInt8], label: String) throws(MediaError) -> DecodedImageInfo {
        try Vips.inspect(bytes, file: label)
    }

    /// Test fixtures: a grey `width` x `height` JPEG or PNG written with these metadata blobs
    /// kept (`exif-data`, `xmp-data`), as a camera or editor would write it.
    public static func fixtureImage(width: Int, height: Int, png: Bool = false, blobs: [String: [UInt8]] = [:]) throws(MediaError) -> [UInt8] {
        try Vips.fixture(width: width, height: height, png: png, blobs: blobs)
    }
}
