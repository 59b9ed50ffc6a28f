import Foundation
import Handbook

// Case media as stored in the bank: `Quizzes/cases/<week>/media/<sha256>.<ext>`, named by the
// hash of the cleaned file, referred to from the case as `media/<sha256>.<ext>`, with
// `<sha256>.thumb.<ext>` and `<sha256>.blur.<ext>` beside it (and `<sha256>.poster.jpg` for a clip).

/// One stored variant of a media file.
public enum MediaVariant: String, Sendable, Hashable, CaseIterable {
    /// The file itself (an image at most 1600 px, or the clip).
    case full
    /// At most 320 px (for a clip: of its poster frame).
    case thumb
    /// The thumbnail blurred: all a sensitive case shows before the reveal.
    case blur
    /// A clip's first frame (clips only).
    case poster
}

extension CaseMedia {
    /// Whether the ref names a clip (`.mp4`, `.webm`).
    public var isClip: Bool { ref.hasSuffix(".mp4") || ref.hasSuffix(".webm") }

    /// Whether the ref names a stored file (not empty, not a link).
    public var isStored: Bool { !ref.isEmpty && !ref.contains("://") }

    /// The ref of a variant, relative to the case file's folder: `media/<hash>.thumb.jpg`.
    public func ref(_ variant: MediaVariant) -> String? {
        guard isStored else { return nil }
        let name = (ref as NSString).deletingPathExtension
        let ext = (ref as NSString).pathExtension
        let imageExt = isClip ? "jpg" : ext
        switch variant {
        case .full: return ref
        case .thumb: return "\(name).thumb.\(imageExt)"
        case .blur: return "\(name).blur.\(imageExt)"
        case .poster: return isClip ? "\(name).poster.jpg" : nil
        }
    }

    /// The path of a variant relative to the quiz folder, for the case in `caseFile`
    /// (`cases/2026-w47/c-1.md`); nil when the ref leaves the case's folder.
    public func path(_ variant: MediaVariant, caseFile: String) -> String? {
        guard let r = ref(variant), !r.hasPrefix("/"), !r.split(separator: "/").contains("..") else { return nil }
        let folder = PathText.parent(of: caseFile)
        return folder.isEmpty ? r : folder + "/" + r
    }
}

/// A cleaned media file ready to store, as the processor gives it.
public struct PreparedMediaFile: Sendable, Hashable {
    /// The file name (`<sha256>.jpg`, `<sha256>.thumb.jpg`...).
    public var name: String
    /// Its bytes.
    public var bytes: [UInt8]
    /// A file to store.
    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }
}

/// Why a media file was refused: the reason names what is wrong and what to do.
public struct MediaRefusal: Error, Sendable, Hashable {
    /// What is wrong and what to do.
    public var reason: String
    /// A refusal.
    public init(_ reason: String) { self.reason = reason }
}

/// Decodes, checks and cleans one media file. The CLI gives the libvips/FFmpeg one (the Media
/// module); the Quiz module itself links no image library.
public protocol CaseMediaProcessing: Sendable {
    /// The main file's name and every file to store, or why the file is refused.
    func prepare(path: String) throws(MediaRefusal) -> (name: String, files: [PreparedMediaFile])
    /// Whether the stored file at `path` decodes and is within the limits (`casebook check`).
    func verify(path: String) throws(MediaRefusal)
}

/// A media file of an imported row: its ref and alt text in the case, and what to store.
struct PreparedMedia: Sendable, Hashable {
    var ref: String
    var alt: String
    /// The file names to store (`<sha256>.jpg`, `<sha256>.thumb.jpg`...) and where each is staged.
    var files: [(name: String, staged: String)]

    static func == (a: PreparedMedia, b: PreparedMedia) -> Bool {
        a.ref == b.ref && a.alt == b.alt && a.files.map(\.name) == b.files.map(\.name) && a.files.map(\.staged) == b.files.map(\.staged)
    }
    func hash(into hasher: inout Hasher) {
        hasher.combine(ref)
        hasher.combine(alt)
        for f in files { hasher.combine(f.name); hasher.combine(f.staged) }
    }
}

/// The media folder of `casebook cases import --media DIR`, and the processor for it.
public struct ImportMedia: Sendable {
    /// The folder the export's media files are in.
    public var folder: String
    /// Decodes and cleans each file.
    public var processor: any CaseMediaProcessing
    /// Media from `folder`, cleaned by `processor`.
    public init(folder: String, processor: any CaseMediaProcessing) {
        self.folder = folder
        self.processor = processor
    }
}

extension CaseImporter {
    /// Processes the files in the row's media_files column; every refusal is a reason.
    /// Each cleaned file is written to `staging` at once (see `MediaStaging`).
    func prepareMedia(_ d: inout Draft, columns: [CaseField: String], staging: MediaStaging) {
        guard !d.mediaFiles.isEmpty else { return }
        let column = label(.mediaFiles, columns)
        guard let media else {
            d.reasons.append("\(column): lists media files but no --media DIR was given; pass the folder the export's media are in")
            return
        }
        let alts = d.mediaAlt.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        let count = d.mediaFiles.count, whole = d.mediaAlt
        func altFor(_ i: Int) -> String { alts.count == count ? alts[i] : whole }
        var prepared: [PreparedMedia] = []
        for (i, name) in d.mediaFiles.enumerated() {
            guard !name.contains("/"), !name.contains("\\"), name != "..", name != "." else {
                d.reasons.append("\(column): '\(name)' must be a file name inside the --media folder, without a path")
                continue
            }
            let alt = altFor(i)
            if alt.isEmpty { d.reasons.append("\(label(.mediaAlt, columns)): empty; describe '\(name)' for screen readers (one text per file, ';'-separated)") }
            do throws(MediaRefusal) {
                let out = try media.processor.prepare(path: CaseImportReport.join(media.folder, name))
                var staged: [(name: String, staged: String)] = []
                for f in out.files {
                    do {
                        staged.append((f.name, try staging.store(f.name, f.bytes)))
                    } catch {
                        throw MediaRefusal("was cleaned but cannot be written to \(staging.path) (\(error.localizedDescription)); check the free space and that the quiz folder is writable")
                    }
                }
                prepared.append(PreparedMedia(ref: "media/" + out.name, alt: alt, files: staged))
            } catch {
                d.reasons.append("\(column): '\(name)' \(error.reason)")
            }
        }
        if d.reasons.isEmpty { d.media = prepared }
    }
}

// MARK: - casebook check

extension QuizBank {
    /// Checks the stored media of every case: each `media.ref` (and its thumbnail, blurred
    /// thumbnail and poster) exists in the case's folder, and the file decodes within the
    /// limits (`processor`); a file in a `media/` folder that no case refers to is a warning.
    public func mediaDiagnostics(processor: any CaseMediaProcessing) -> [Diagnostic] {
        let fm = FileManager.default
        var diagnostics: [Diagnostic] = []
        var used = Set<String>()
        for c in cases {
            for m in c.media where m.isStored {
                guard let full = m.path(.full, caseFile: c.file) else {
                    diagnostics.append(Diagnostic(.error, file: c.file, line: m.line, "media ref '\(m.ref)' leaves the case's folder; media live in media/ beside the case"))
                    continue
                }
                var missing = false
                for variant in MediaVariant.allCases {
                    guard let path = m.path(variant, caseFile: c.file) else { continue }
                    used.insert(path)
                    if !fm.fileExists(atPath: CaseImportReport.join(directory, path)) {
                        missing = true
                        let what = variant == .full ? "media file" : "\(variant.rawValue) of '\(m.ref)'"
                        diagnostics.append(Diagnostic(.error, file: c.file, line: m.line, "\(what) '\(path)' not found; import the media again with casebook cases import --media DIR"))
                    }
                }
                guard !missing else { continue }
                do throws(MediaRefusal) {
                    try processor.verify(path: CaseImportReport.join(directory, full))
                } catch {
                    diagnostics.append(Diagnostic(.error, file: c.file, line: m.line, "media file '\(full)' \(error.reason)"))
                }
            }
        }
        // Unused files in any media/ folder under cases/.
        let casesFolder = CaseImportReport.join(directory, "cases")
        let weeks = ((try? fm.contentsOfDirectory(atPath: casesFolder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        for week in weeks {
            let folder = "cases/\(week)/media"
            for name in ((try? fm.contentsOfDirectory(atPath: CaseImportReport.join(directory, folder))) ?? []).sorted() where !name.hasPrefix(".") {
                let path = folder + "/" + name
                if !used.contains(path) {
                    diagnostics.append(Diagnostic(.warning, file: path, "media file is not used by any case; delete it or refer to it from a case"))
                }
            }
        }
        return diagnostics
    }
}

/// Where an import keeps cleaned media files between cleaning and placing them: a hidden
/// folder inside the quiz folder (the bank ignores hidden folders; the same file system as
/// the cases' folders, so placing a file is a link, not a copy). Each file is written there as
/// soon as it is cleaned, so an import of thousands of images holds only the images being
/// cleaned in memory, not every cleaned file until the end. The folder is made on first use
/// and removed by `remove()` or when the last case referring to it is dropped.
public final class MediaStaging: @unchecked Sendable, Hashable {
    /// The folder (`<quizzes>/.import-media-<uuid>`).
    public let path: String
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var created = false
    private var removed = false

    /// A staging folder inside the quiz folder `quizzes` (not made yet).
    public init(quizzes: String) {
        path = CaseImportReport.join(quizzes, ".import-media-\(UUID().uuidString)")
    }

    /// Writes `bytes` as `name` (a content-hash name: the same name is the same content, so a
    /// second write of it is skipped) and returns the file's path.
    func store(_ name: String, _ bytes: [UInt8]) throws -> String {
        lock.lock()
        if !created {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                lock.unlock()
                throw error
            }
            created = true
        }
        lock.unlock()
        let file = path + "/" + name
        if FileManager.default.fileExists(atPath: file) { return file }
        // Written under a temporary name and renamed: two rows with the same file never see half of it.
        try Data(bytes).write(to: URL(fileURLWithPath: file), options: .atomic)
        return file
    }

    /// Removes the folder and everything staged in it.
    public func remove() {
        lock.lock()
        defer { lock.unlock() }
        guard created, !removed else { return }
        removed = true
        try? FileManager.default.removeItem(atPath: path)
    }

    deinit { remove() }

    public static func == (a: MediaStaging, b: MediaStaging) -> Bool { a === b }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
