import Handbook

/// Files of the site planned together under one fingerprint: the history pages of one SOP
/// (its `versions.html`, its diff pages and its version changes).
///
/// Speed: a rebuild plans and carries over a group whose fingerprint is the last build's as
/// one entry, not file by file: its files stay where they are in the reused folder, and the
/// build cache keeps its list of files as encoded bytes, decoded only when the group changed.
/// So a rebuild after one edit costs, for the history, one fingerprint per SOP and the files
/// of the SOPs whose history changed (60,000 history files were planned, looked up, counted,
/// hashed into the build id and encoded into the cache one by one before).
///
/// The group's fingerprint must change whenever any of its files' paths or fingerprints
/// would: when it is unchanged, its files are taken as the last build's without planning them.
public struct OutputGroup: Sendable {
    /// Names the group in the build cache (never a file's path: it ends with "/").
    public var key: String
    /// Covers everything the group's files (their paths, their fingerprints) depend on.
    public var fingerprint: UInt64
    /// Plans the group's files; called only when the fingerprint changed since the build the
    /// new site starts from.
    public var files: @Sendable () -> [OutputFile]

    public init(key: String, fingerprint: UInt64, files: @escaping @Sendable () -> [OutputFile]) {
        self.key = key
        self.fingerprint = fingerprint
        self.files = files
    }
}

/// An output group as the build cache keeps it: its fingerprint, how many files it has and
/// their paths and fingerprints, encoded (`members`), decoded only when the group changed.
public struct OutputGroupRecord: Sendable, Equatable {
    public var fingerprint: UInt64
    public var count: Int
    /// `string(path) u64(fingerprint)` per file, as `BinaryWriter` writes them.
    public var members: ArraySlice<UInt8>

    public init(fingerprint: UInt64, count: Int, members: ArraySlice<UInt8>) {
        self.fingerprint = fingerprint
        self.count = count
        self.members = members
    }

    /// The record of a group whose files are `files`.
    public init(fingerprint: UInt64, files: [OutputFile]) {
        var w = BinaryWriter()
        w.out.reserveCapacity(files.count * 48)
        for f in files { w.string(f.path); w.u64(f.fingerprint) }
        self.init(fingerprint: fingerprint, count: files.count, members: w.out[...])
    }

    /// The group's files and their fingerprints; nil when the bytes are damaged.
    public func files() -> [String: UInt64]? {
        var r = BinaryReader(Array(members))
        var files: [String: UInt64] = [:]
        files.reserveCapacity(count)
        for _ in 0..<count {
            guard let path = r.string(), let fp = r.u64() else { return nil }
            files[path] = fp
        }
        return r.pos == r.end ? files : nil
    }

    /// The group's file paths, or none when the bytes are damaged.
    public var paths: [String] { files().map { Array($0.keys) } ?? [] }
}

extension BinaryWriter {
    mutating func groups(_ groups: [String: OutputGroupRecord]) {
        int(groups.count)
        for (key, g) in groups { // any order: the reader builds a dictionary
            string(key); u64(g.fingerprint); varint(g.count); varint(g.members.count); bytes(g.members)
        }
    }

    /// `groups` as the difference from `base`: the groups whose fingerprint differs or that
    /// `base` lacks, then the keys of `base` that `groups` lacks. The spare site's groups are
    /// nearly all the current site's, so a rebuild does not encode, check and decode them twice.
    mutating func groups(_ groups: [String: OutputGroupRecord], since base: [String: OutputGroupRecord]) {
        self.groups(groups.filter { base[$0.key]?.fingerprint != $0.value.fingerprint })
        strings(base.keys.filter { groups[$0] == nil })
    }
}

extension BinaryReader {
    /// Output groups; their members stay in `data`, shared, not copied.
    mutating func groups() -> [String: OutputGroupRecord]? {
        guard let count = int(), count >= 0, count <= end - pos else { return nil }
        var groups: [String: OutputGroupRecord] = [:]
        groups.reserveCapacity(count)
        for _ in 0..<count {
            guard let key = string(), let fp = u64(), let files = varint(), files >= 0, let length = varint(),
                  length >= 0, length <= end - pos else { return nil }
            groups[key] = OutputGroupRecord(fingerprint: fp, count: files, members: data[pos..<pos + length])
            pos += length
        }
        return groups
    }

    /// Groups written by `groups(_:since:)` against `base`. A group with the fingerprint of
    /// base's has the same files: base's record is taken.
    mutating func groups(since base: [String: OutputGroupRecord]) -> [String: OutputGroupRecord]? {
        guard let changed = groups(), let gone = strings() else { return nil }
        var result = base
        for key in gone { result[key] = nil }
        for (key, g) in changed { result[key] = g }
        return result
    }
}
