import Handbook

extension VersionHistory {
    /// What a read of a content folder's whole history found, up to the commit HEAD was at:
    /// the next read walks only the commits made since (none when HEAD has not moved), so a
    /// rebuild does no git work for pages that did not change. A site build keeps it in its
    /// cache; it is only ever a shortcut, never needed.
    public struct Snapshot: Sendable, Equatable {
        /// The content folder, relative to the repository's root ("" for the root).
        var folder: String
        /// The commit the history was read up to.
        var head: String
        var state: WalkState

        /// Format 2 added the notes (`WalkState.notes`) at the end; format 3 each version's
        /// published blob after its blob; format 4 each commit's date (in its committer's time
        /// zone) after its time.
        static let magic = Array("CASEBOOK-HISTORY-4\n".utf8)

        /// The snapshot as bytes (commits are stored once, not once per version).
        public func encoded() -> [UInt8] {
            var w = BinaryWriter()
            w.bytes(Self.magic)
            w.string(folder)
            w.string(head)
            var commitIndex: [String: Int] = [:]
            var commits: [SOPVersion] = []
            let all = state.lineages + Array(state.deleted.values)
            for versions in all {
                for v in versions where commitIndex[v.commit ?? ""] == nil {
                    commitIndex[v.commit ?? ""] = commits.count
                    commits.append(v)
                }
            }
            w.int(commits.count)
            for c in commits { w.string(c.commit ?? ""); w.i64(c.time ?? 0); w.string(c.date ?? ""); w.string(c.author ?? "") }
            func versions(_ list: [SOPVersion]) {
                w.int(list.count)
                for v in list { w.string(v.version); w.int(commitIndex[v.commit ?? ""] ?? 0); w.string(v.blob ?? ""); w.string(v.publishedBlob ?? "") }
            }
            w.int(state.lineages.count)
            for lineage in state.lineages { versions(lineage) }
            w.int(state.lineageOfPath.count)
            for (path, lineage) in state.lineageOfPath { w.string(path); w.int(lineage) }
            w.int(state.idOfPath.count)
            for (path, id) in state.idOfPath { w.string(path); w.string(id) }
            w.int(state.orphans.count)
            for (id, lineage) in state.orphans { w.string(id); w.int(lineage) }
            w.int(state.deleted.count)
            for (path, list) in state.deleted { w.string(path); versions(list) }
            w.int(state.notes.count)
            for (lineage, list) in state.notes.sorted(by: { $0.key < $1.key }) {
                w.int(lineage)
                w.int(list.count)
                for note in list { w.string(note.commit); w.string(note.version); w.string(note.message) }
            }
            return w.out
        }

        /// Decodes `encoded()`; nil for anything else (the next read then walks the whole history).
        public init?(decoding bytes: [UInt8]) {
            var r = BinaryReader(bytes)
            guard r.expect(Self.magic), let folder = r.string(), let head = r.string(),
                  let commitCount = r.int(), commitCount >= 0 else { return nil }
            var commits: [(id: String, time: Int64, date: String, author: String)] = []
            for _ in 0..<commitCount {
                guard let id = r.string(), let time = r.i64(), let date = r.string(), let author = r.string() else { return nil }
                commits.append((id, time, date, author))
            }
            func versions() -> [SOPVersion]? {
                guard let count = r.int(), count >= 0 else { return nil }
                var list: [SOPVersion] = []
                list.reserveCapacity(count)
                for _ in 0..<count {
                    guard let label = r.string(), let index = r.int(), commits.indices.contains(index), let blob = r.string(),
                          let published = r.string() else { return nil }
                    let c = commits[index]
                    list.append(SOPVersion(version: label, commit: c.id, time: c.time, date: c.date, author: c.author, blob: blob, publishedBlob: published))
                }
                return list
            }
            var state = WalkState()
            guard let lineageCount = r.int(), lineageCount >= 0 else { return nil }
            for _ in 0..<lineageCount {
                guard let list = versions() else { return nil }
                state.lineages.append(list)
            }
            guard let pathCount = r.int(), pathCount >= 0 else { return nil }
            for _ in 0..<pathCount {
                guard let path = r.string(), let lineage = r.int(), state.lineages.indices.contains(lineage) else { return nil }
                state.lineageOfPath[path] = lineage
            }
            guard let idCount = r.int(), idCount >= 0 else { return nil }
            for _ in 0..<idCount {
                guard let path = r.string(), let id = r.string() else { return nil }
                state.idOfPath[path] = id
            }
            guard let orphanCount = r.int(), orphanCount >= 0 else { return nil }
            for _ in 0..<orphanCount {
                guard let id = r.string(), let lineage = r.int(), state.lineages.indices.contains(lineage) else { return nil }
                state.orphans[id] = lineage
            }
            guard let deletedCount = r.int(), deletedCount >= 0 else { return nil }
            for _ in 0..<deletedCount {
                guard let path = r.string(), let list = versions() else { return nil }
                state.deleted[path] = list
            }
            guard let noteCount = r.int(), noteCount >= 0 else { return nil }
            for _ in 0..<noteCount {
                guard let lineage = r.int(), state.lineages.indices.contains(lineage), let count = r.int(), count >= 0 else { return nil }
                var list: [HistoryNote] = []
                for _ in 0..<count {
                    guard let commit = r.string(), let version = r.string(), let message = r.string() else { return nil }
                    list.append(HistoryNote(commit: commit, version: version, message: message))
                }
                state.notes[lineage] = list
            }
            guard r.pos == r.end else { return nil }
            self.init(folder: folder, head: head, state: state)
        }

        init(folder: String, head: String, state: WalkState) {
            self.folder = folder
            self.head = head
            self.state = state
        }
    }
}
