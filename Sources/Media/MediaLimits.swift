/// The limits every media file is checked against before and while it is decoded.
public struct MediaLimits: Sendable, Hashable {
    /// Largest image file accepted, in bytes (default 20 MB).
    public var maxImageBytes: Int
    /// Largest clip file accepted, in bytes (default 50 MB).
    public var maxClipBytes: Int
    /// Most pixels an image (or a clip frame) may have, checked from the header before any
    /// pixel is decoded, so a small file claiming 30,000 x 30,000 pixels (a decompression bomb)
    /// is refused without allocating its pixels (default 50 megapixels).
    public var maxPixels: Int
    /// Longest clip accepted, in seconds (default 180).
    public var maxClipSeconds: Double

    /// The defaults: 20 MB an image, 50 MB a clip, 50 megapixels, 3 minutes.
    public init(maxImageBytes: Int = 20_000_000, maxClipBytes: Int = 50_000_000, maxPixels: Int = 50_000_000, maxClipSeconds: Double = 180) {
        self.maxImageBytes = maxImageBytes
        self.maxClipBytes = maxClipBytes
        self.maxPixels = maxPixels
        self.maxClipSeconds = maxClipSeconds
    }

    /// The default limits.
    public static let standard = MediaLimits()
}

/// Why a media file was refused; `description` names the file and says what to do.
public struct MediaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file as named by the user.
    public var file: String
    /// What is wrong and what to do.
    public var reason: String

    /// An error about `file`.
    public init(file: String, _ reason: String) {
        self.file = file
        self.reason = reason
    }

    /// `file: reason`.
    public var description: String { "\(file): \(reason)" }
}
