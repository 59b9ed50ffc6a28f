import CVips
import Foundation

// The only file that imports libvips. Everything leaving it is a Swift value. libvips is not
// linked: it is loaded with dlopen and started on first use (`Vips.library`; see CVips/shim.h),
// and every call goes through its function table (`v`).
//
// Ownership: every VipsImage returned by an operation is owned by one `VipsHandle`, whose
// deinit drops the reference (g_object_unref). Buffers written by libvips are g_free'd here.
// Its error buffer is process-wide, so each pipeline runs under `Vips.lock` and reads and
// clears the buffer itself.

/// One owned reference to a libvips image.
final class VipsHandle {
    let v: UnsafePointer<CasebookVips>
    let image: UnsafeMutablePointer<VipsImage>
    init(_ v: UnsafePointer<CasebookVips>, _ image: UnsafeMutablePointer<VipsImage>) {
        self.v = v
        self.image = image
    }
    deinit { v.pointee.g_object_unref(image) }
    var width: Int { Int(v.pointee.vips_image_get_width(image)) }
    var height: Int { Int(v.pointee.vips_image_get_height(image)) }
    var hasAlpha: Bool { v.pointee.vips_image_hasalpha(image) != 0 }
}

/// An image re-encoded without metadata, at display size, thumbnail size and blurred.
public struct CleanImage: Sendable, Hashable {
    /// `jpg` for opaque images, `png` for images with transparency.
    public var fileExtension: String
    /// At most 1600 px on the long side, upright, no metadata.
    public var full: [UInt8]
    /// At most 320 px on the long side.
    public var thumbnail: [UInt8]
    /// The thumbnail, blurred beyond recognition (what a sensitive case shows first).
    public var blurred: [UInt8]
    /// Pixel size of `full`.
    public var width: Int
    public var height: Int
}

/// What a read-back of an encoded image finds (tests and `casebook check`).
public struct DecodedImageInfo: Sendable, Hashable {
    public var width: Int
    public var height: Int
    /// The metadata field names libvips found (exif-*, xmp-data, iptc-data, png-comment-*...).
    public var fields: [String]
}

/// Many readers or one writer (pthread_rwlock).
final class ReadWriteLock: @unchecked Sendable {
    private let lock: UnsafeMutablePointer<pthread_rwlock_t>
    init() {
        lock = .allocate(capacity: 1)
        lock.initialize(to: pthread_rwlock_t())
        pthread_rwlock_init(lock, nil)
    }
    deinit {
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }
    func shared<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }
    func exclusive<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }
}

enum Vips {
    /// libvips is thread-safe, but its error buffer is global to the process: images are
    /// cleaned concurrently under the shared side, and a failure is run again under the
    /// exclusive side, alone, so its message is its own (see `clean`). Everything else runs
    /// exclusively.
    static let lock = ReadWriteLock()

    /// libvips, loaded (dlopen) and started (VIPS_INIT) once, on first use.
    static let library = LoadedLibrary<CasebookVips>.load({ casebook_vips_open($0, $1, $2) }) { why in
        "libvips could not be loaded (\(why)); install it with `make deps` (Debian: libvips42)"
    }

    /// The function table, or the error naming `file` when libvips cannot be had.
    static func api(_ file: String) throws(MediaError) -> UnsafePointer<CasebookVips> { try library.api(file) }

    /// libvips's message for the last failure, and clears it.
    static func lastError(_ v: UnsafePointer<CasebookVips>) -> String {
        let message = (v.pointee.vips_error_buffer().map { String(cString: $0) } ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        v.pointee.vips_error_clear()
        let firstLine = message.split(separator: "\n").first.map(String.init) ?? ""
        return firstLine.isEmpty ? "libvips could not process it" : firstLine
    }

    static func run(_ v: UnsafePointer<CasebookVips>, _ file: String, _ what: String, _ op: (UnsafeMutablePointer<UnsafeMutablePointer<VipsImage>?>) -> Int32) throws(MediaError) -> VipsHandle {
        var out: UnsafeMutablePointer<VipsImage>?
        guard op(&out) == 0, let out else { throw MediaError(file: file, "\(what) failed: \(lastError(v))") }
        return VipsHandle(v, out)
    }

    static func load(_ v: UnsafePointer<CasebookVips>, _ bytes: [UInt8], file: String) throws(MediaError) -> VipsHandle {
        let image = bytes.withUnsafeBytes { casebook_vips_load(v, $0.baseAddress, $0.count) }
        guard let image else { throw MediaError(file: file, "does not decode as an image: \(lastError(v)); export it again as JPEG or PNG") }
        return VipsHandle(v, image)
    }

    static func save(_ h: VipsHandle, png: Bool, keep: Bool = false, file: String) throws(MediaError) -> [UInt8] {
        let v = h.v
        var buf: UnsafeMutableRawPointer?
        var len = 0
        let r = switch (png, keep) {
        case (true, false): casebook_vips_png(v, h.image, &buf, &len)
        case (false, false): casebook_vips_jpeg(v, h.image, &buf, &len)
        case (true, true): casebook_vips_png_keep(v, h.image, &buf, &len)
        case (false, true): casebook_vips_jpeg_keep(v, h.image, &buf, &len)
        }
        guard r == 0, let buf else { throw MediaError(file: file, "does not decode: \(lastError(v)); the file may be truncated or corrupt") }
        defer { v.pointee.g_free(buf) }
        return Array(UnsafeRawBufferPointer(start: buf, count: len))
    }

    /// Decodes, checks the pixel count from the header before decoding, rotates upright,
    /// converts to 8-bit sRGB and writes the three sizes without metadata. Safe to call from
    /// several threads at once.
    static func clean(_ bytes: [UInt8], file: String, limits: MediaLimits) throws(MediaError) -> CleanImage {
        let v = try api(file)
        do {
            return try lock.shared { () throws(MediaError) in try cleanPipeline(v, bytes, file: file, limits: limits) }
        } catch {
            // Another image failing at the same time may have put its message in libvips's
            // error buffer too: run this one again alone, so the reason given is its own.
            return try lock.exclusive { () throws(MediaError) in
                v.pointee.vips_error_clear()
                return try cleanPipeline(v, bytes, file: file, limits: limits)
            }
        }
    }

    private static func cleanPipeline(_ v: UnsafePointer<CasebookVips>, _ bytes: [UInt8], file: String, limits: MediaLimits) throws(MediaError) -> CleanImage {
        let header = try load(v, bytes, file: file)
        let pixels = header.width * header.height
        guard pixels <= limits.maxPixels else {
            throw MediaError(file: file, "is \(header.width) x \(header.height) pixels, more than the limit of \(limits.maxPixels) pixels; scale it down before importing")
        }
        // One decode, with shrink-on-load, already upright and at most 1600 px, computed into
        // memory once; the thumbnail and the blurred one are made from that.
        let full: VipsHandle = try withExtendedLifetime(bytes) { () throws(MediaError) -> VipsHandle in
            let fitted = try bytes.withUnsafeBytes { buffer in
                Result { () throws(MediaError) in try run(v, file, "scaling") { casebook_vips_thumbnail_buffer(v, buffer.baseAddress, buffer.count, $0, 1600) } }
            }.get()
            let srgb = try run(v, file, "colour conversion") { casebook_vips_srgb(v, fitted.image, $0) }
            let eight = try run(v, file, "colour conversion") { casebook_vips_uchar(v, srgb.image, $0) }
            // The pixels are first read here: a truncated file fails here (fail_on=truncated).
            var out: UnsafeMutablePointer<VipsImage>?
            guard casebook_vips_copy_memory(v, eight.image, &out) == 0, let out else {
                throw MediaError(file: file, "does not decode: \(lastError(v)); the file may be truncated or corrupt")
            }
            return VipsHandle(v, out)
        }
        let png = full.hasAlpha
        let scaled = try run(v, file, "scaling") { casebook_vips_fit(v, full.image, $0, 320) }
        let thumb = try run(v, file, "scaling") { casebook_vips_copy_memory(v, scaled.image, $0) }
        let blurred = try run(v, file, "blurring") { casebook_vips_blur(v, thumb.image, $0, 12) }
        return CleanImage(fileExtension: png ? "png" : "jpg",
                          full: try save(full, png: png, file: file), thumbnail: try save(thumb, png: png, file: file),
                          blurred: try save(blurred, png: png, file: file), width: full.width, height: full.height)
    }

    /// Encodes packed 8-bit RGB pixels (a clip's poster frame) as a clean JPEG, at most 1600 px.
    static func jpeg(rgb: [UInt8], width: Int, height: Int, file: String) throws(MediaError) -> [UInt8] {
        try lock.exclusive { () throws(MediaError) in try jpegUnlocked(rgb: rgb, width: width, height: height, file: file) }
    }

    private static func jpegUnlocked(rgb: [UInt8], width: Int, height: Int, file: String) throws(MediaError) -> [UInt8] {
        let v = try api(file)
        let image = rgb.withUnsafeBytes { v.pointee.vips_image_new_from_memory_copy($0.baseAddress, $0.count, Int32(width), Int32(height), 3, VIPS_FORMAT_UCHAR) }
        guard let image else { throw MediaError(file: file, "poster frame: \(lastError(v))") }
        let h = VipsHandle(v, image)
        let fitted = try run(v, file, "scaling") { casebook_vips_fit(v, h.image, $0, 1600) }
        return try save(fitted, png: false, file: file)
    }

    /// Decodes fully and lists the metadata fields left in it.
    static func inspect(_ bytes: [UInt8], file: String) throws(MediaError) -> DecodedImageInfo {
        try lock.exclusive { () throws(MediaError) in try inspectUnlocked(bytes, file: file) }
    }

    private static func inspectUnlocked(_ bytes: [UInt8], file: String) throws(MediaError) -> DecodedImageInfo {
        let v = try api(file)
        let h = try load(v, bytes, file: file)
        // Decode every pixel (a truncated file fails here).
        var avg = 0.0
        guard casebook_vips_avg(v, h.image, &avg) == 0 else { throw MediaError(file: file, "does not decode: \(lastError(v))") }
        var fields: [String] = []
        if let names = v.pointee.vips_image_get_fields(h.image) {
            var i = 0
            while let name = names[i] { fields.append(String(cString: name)); i += 1 }
            v.pointee.g_strfreev(names)
        }
        return DecodedImageInfo(width: h.width, height: h.height, fields: fields)
    }

    // MARK: - Fixtures (tests): images written with their metadata kept

    /// A `width` x `height` RGB JPEG or PNG with these metadata blobs attached (`exif-data`,
    /// `xmp-data`...) and written with its metadata kept.
    static func fixture(width: Int, height: Int, png: Bool, blobs: [String: [UInt8]]) throws(MediaError) -> [UInt8] {
        try lock.exclusive { () throws(MediaError) in try fixtureUnlocked(width: width, height: height, png: png, blobs: blobs) }
    }

    private static func fixtureUnlocked(width: Int, height: Int, png: Bool, blobs: [String: [UInt8]]) throws(MediaError) -> [UInt8] {
        let v = try api("fixture")
        let black = try run(v, "fixture", "black") { casebook_vips_black(v, $0, Int32(width), Int32(height), 3) }
        let grey = try run(v, "fixture", "linear") { casebook_vips_linear1(v, black.image, $0, 1, 128) }
        let image = try run(v, "fixture", "cast") { casebook_vips_uchar(v, grey.image, $0) }
        for (name, blob) in blobs.sorted(by: { $0.key < $1.key }) {
            blob.withUnsafeBytes { v.pointee.vips_image_set_blob_copy(image.image, name, $0.baseAddress, $0.count) }
        }
        return try save(image, png: png, keep: true, file: "fixture")
    }
}

