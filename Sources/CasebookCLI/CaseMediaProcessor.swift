import Foundation
import Media
import Quiz

/// The Quiz module's media processing, done by the Media module (libvips, FFmpeg): the CLI
/// injects it, so the quiz bank links no image library.
struct CaseMediaProcessor: CaseMediaProcessing {
    var processor: MediaProcessor

    func prepare(path: String) throws(MediaRefusal) -> (name: String, files: [PreparedMediaFile]) {
        do throws(MediaError) {
            let out = try processor.process(path: path, name: (path as NSString).lastPathComponent)
            return (out.name, out.files.map { PreparedMediaFile(name: $0.name, bytes: $0.bytes) })
        } catch {
            throw MediaRefusal(error.reason)
        }
    }

    func verify(path: String) throws(MediaRefusal) {
        _ = try prepare(path: path)
    }
}

/// The media limits options of `cases import` and `check`.
enum MediaOptions {
    static let maxImageMB = OptionSpec.value("--max-image-mb", "N", help: "Largest media image accepted, in MB (default 20)")
    static let maxClipMB = OptionSpec.value("--max-clip-mb", "N", help: "Largest media clip accepted, in MB (default 50)")
    static let maxMegapixels = OptionSpec.value("--max-megapixels", "N", help: "Most pixels an image or clip frame may have, in millions (default 50)")

    static let all = [maxImageMB, maxClipMB, maxMegapixels]

    /// The limits from the options (defaults for those not given).
    static func limits(_ args: ParsedArguments) throws(UsageError) -> MediaLimits {
        var limits = MediaLimits.standard
        func number(_ option: OptionSpec) throws(UsageError) -> Double? {
            guard let text = args.value(option) else { return nil }
            guard let n = Double(text), n > 0, n < 100_000 else { throw UsageError(message: "\(option.name) takes a positive number, e.g. \(option.name) 20; got '\(text)'") }
            return n
        }
        if let n = try number(maxImageMB) { limits.maxImageBytes = Int(n * 1_000_000) }
        if let n = try number(maxClipMB) { limits.maxClipBytes = Int(n * 1_000_000) }
        if let n = try number(maxMegapixels) { limits.maxPixels = Int(n * 1_000_000) }
        return limits
    }
}
