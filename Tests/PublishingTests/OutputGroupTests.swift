import Foundation
import Testing
@testable import Handbook
@testable import Publishing
import CasebookTestSupport

/// Output groups (each SOP's history pages) through the staged site and the build cache: a
/// group whose fingerprint is the folder's is carried over without planning its files; a
/// changed group has only its changed files written and its dropped files removed.
@Suite struct OutputGroupTests {
    /// Which groups had their files planned.
    final class Planned: @unchecked Sendable {
        private let lock = NSLock()
        private var keys: [String] = []
        func add(_ key: String) { lock.lock(); keys.append(key); lock.unlock() }
        func take() -> [String] { lock.lock(); defer { keys = []; lock.unlock() }; return keys.sorted() }
    }

    func group(_ key: String, _ fingerprint: UInt64, _ files: [String: String], _ planned: Planned) -> OutputGroup {
        OutputGroup(key: key, fingerprint: fingerprint) {
            planned.add(key)
            return files.sorted { $0.key < $1.key }.map { OutputFile(path: $0.key, bytes: Array($0.value.utf8)) }
        }
    }

    /// One build as `SiteBuilder` runs it: the groups compared with the folder's, the cache
    /// the next build reads, the files written and swapped in.
    func build(_ out: String, _ files: [OutputFile], _ groups: [OutputGroup], previous: BuildCache?) throws -> (WriteStats, BuildCache) {
        let staged = try StagedSite(out: out, previous: previous)
        staged.prelink()
        let planned = staged.plan(groups)
        var fingerprints: [String: UInt64] = [:]
        for f in files { fingerprints[f.path] = f.fingerprint }
        let id = BuildCache.buildID(fingerprints, groups: planned.records)
        var cache = BuildCache(generator: "g", buildID: id, resolverFingerprint: 0, writtenAt: 0, includeDrafts: false, pages: [:],
                               outputs: fingerprints, spare: staged.nextSpare)
        cache.groups = planned.records
        let stats = try staged.commit(files, groups: planned, buildID: id, distinctPaths: fingerprints.count)
        return (stats, cache)
    }

    func snapshot(_ dir: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for f in try FileManager.default.subpathsOfDirectory(atPath: dir) where f != SiteWriter.markerName {
            if let d = FileManager.default.contents(atPath: dir + "/" + f) { result[f] = String(decoding: d, as: UTF8.self) }
        }
        return result
    }

    @Test func unchangedGroupsAreCarriedOverWithoutPlanningTheirFiles() throws {
        let t = try TempTree()
        let out = t.path("site")
        let planned = Planned()
        let index = OutputFile(path: "index.html", bytes: Array("home".utf8))
        let a1 = ["sop/a/versions.html": "a versions 1", "sop/a/diff-1-2.html": "a diff 1-2", "changes/a.json": "a changes 1"]
        let b1 = ["sop/b/versions.html": "b versions 1"]

        // A new site: every group is planned and written.
        let (first, cache1) = try build(out, [index], [group("sop/a/", 1, a1, planned), group("sop/b/", 2, b1, planned)], previous: nil)
        #expect(planned.take() == ["sop/a/", "sop/b/"])
        #expect(first.written == 5 && first.reused == 0)
        #expect(cache1.groups["sop/a/"]?.count == 3 && cache1.groups["sop/a/"]?.files() == Dictionary(uniqueKeysWithValues: a1.map { ($0.key, Fingerprint.of(Array($0.value.utf8))) }))
        let site1 = try snapshot(out)
        #expect(site1.count == 5 && site1["sop/a/diff-1-2.html"] == "a diff 1-2")

        // The same groups, the live site's files linked: none is planned, every file is there.
        let (second, cache2) = try build(out, [index], [group("sop/a/", 1, a1, planned), group("sop/b/", 2, b1, planned)], previous: cache1)
        #expect(planned.take().isEmpty)
        #expect(second.written == 0 && second.reused == 5 && !second.fromSpare)
        #expect(try snapshot(out) == site1)

        // Group a changes (one file changed, one added, one dropped), b is gone: only a is
        // planned; the spare (the first site) gets a's changed files, b's folder goes.
        var a2 = a1
        a2["sop/a/versions.html"] = "a versions 2"
        a2["sop/a/diff-2-3.html"] = "a diff 2-3"
        a2["changes/a.json"] = nil
        let (third, cache3) = try build(out, [index], [group("sop/a/", 3, a2, planned)], previous: cache2)
        #expect(planned.take() == ["sop/a/"])
        #expect(third.fromSpare)
        #expect(third.writtenPaths == ["sop/a/diff-2-3.html", "sop/a/versions.html"])
        #expect(third.reused == 2)
        let site3 = try snapshot(out)
        #expect(site3 == ["index.html": "home", "sop/a/versions.html": "a versions 2", "sop/a/diff-1-2.html": "a diff 1-2", "sop/a/diff-2-3.html": "a diff 2-3"])
        #expect(!FileManager.default.fileExists(atPath: out + "/sop/b"))

        // The same groups again, from the spare (the second site, which had the old a and b):
        // a is planned against the spare's, nothing is written through a file the kept site shares.
        let (fourth, _) = try build(out, [index], [group("sop/a/", 3, a2, planned)], previous: cache3)
        #expect(planned.take() == ["sop/a/"])
        #expect(fourth.fromSpare && fourth.written == 0 && fourth.reused == 4)
        #expect(try snapshot(out) == site3)
        #expect(try snapshot(StagedSite.sparePath(for: out)) == site3)
    }

    /// Without history, a site built with it loses every group's files (and their folders).
    @Test func groupsGoneFromTheBuildAreRemoved() throws {
        let t = try TempTree()
        let out = t.path("site")
        let planned = Planned()
        let index = OutputFile(path: "index.html", bytes: Array("home".utf8))
        let page = OutputFile(path: "sop/a.html", bytes: Array("a".utf8))
        let (_, cache) = try build(out, [index, page], [group("sop/a/", 1, ["sop/a/versions.html": "v", "changes/a.json": "c"], planned)], previous: nil)
        let (stats, _) = try build(out, [index, page], [], previous: cache)
        #expect(stats.written == 0 && stats.reused == 2)
        #expect(try snapshot(out) == ["index.html": "home", "sop/a.html": "a"])
    }

    /// The spare site's groups are kept as their difference from the current site's: whatever
    /// they share, they come back as they were.
    @Test func cacheRoundTripsGroups() throws {
        let t = try TempTree()
        let a = OutputGroupRecord(fingerprint: 7, files: [OutputFile(path: "sop/a/versions.html", bytes: [1]), OutputFile(path: "sop/a/diff-1-2.html", bytes: [2])])
        let olderA = OutputGroupRecord(fingerprint: 6, files: [OutputFile(path: "sop/a/versions.html", bytes: [3])])
        let b = OutputGroupRecord(fingerprint: 8, files: [])
        let c = OutputGroupRecord(fingerprint: 9, files: [OutputFile(path: "changes/c.json", bytes: [4])])
        let current = ["sop/a/": a, "sop/b/": b]
        let spares: [[String: OutputGroupRecord]] = [["sop/b/": b], current, [:], ["sop/a/": olderA, "sop/b/": b, "sop/c/": c], ["sop/c/": c]]
        for (i, spareGroups) in spares.enumerated() {
            var cache = BuildCache(generator: "g", buildID: 42, resolverFingerprint: 7, writtenAt: 99, includeDrafts: false, pages: [:],
                                   outputs: ["index.html": 1], spare: BuildCache.Spare(buildID: 41, outputs: ["index.html": 2], groups: spareGroups))
            cache.groups = current
            let head = t.path("cache-\(i)/site.bin")
            #expect(cache.save(to: head))
            let decoded = try #require(BuildCache.load(from: head, pages: false), "spare \(i)")
            #expect(decoded.groups == current, "spare \(i)")
            #expect(decoded.groups["sop/a/"]?.files() == ["sop/a/versions.html": Fingerprint.of([1]), "sop/a/diff-1-2.html": Fingerprint.of([2])])
            #expect(decoded.spare == cache.spare, "spare \(i)")
            #expect(decoded.outputs == ["index.html": 1])
        }
        // The spare's groups that are the current site's take no room of their own.
        func size(_ i: Int) throws -> Int { try #require(FileManager.default.attributesOfItem(atPath: t.path("cache-\(i)/site.bin"))[.size] as? Int) }
        #expect(try size(1) < size(2), "a spare with the current groups is smaller than one with none (which lists their keys as gone)")
    }
}
