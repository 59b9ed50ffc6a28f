import CasebookTestSupport
import Foundation
import Testing
@testable import Publishing

/// The inotify watcher behind `casebook preview`.
@Suite struct ContentWatcherTests {
    @Test func reportsSavesNewFoldersAndDeletionsButNotHiddenFiles() throws {
        let t = try TempTree(["Content/a.md": "# A\n", "Content/sub/b.md": "# B\n", "theme/assets/style.css": "x\n"])
        let watcher = try ContentWatcher(roots: [t.path("Content"), t.path("Quizzes"), t.path("theme")])

        try t.write("Content/sub/b.md", "# B2\n")
        #expect(watcher.waitForChanges(limit: 10) == [t.path("Content/sub/b.md")])

        try t.write("Content/.b.md.swp", "x")
        try t.write("theme/assets/style.css", "y\n")
        #expect(watcher.waitForChanges(limit: 10) == [t.path("theme/assets/style.css")], "hidden files are not changes")

        // A folder made after the watch started is watched too.
        try FileManager.default.createDirectory(atPath: t.path("Content/new"), withIntermediateDirectories: true)
        _ = watcher.waitForChanges(limit: 10)
        try t.write("Content/new/c.md", "# C\n")
        #expect(watcher.waitForChanges(limit: 10).contains(t.path("Content/new/c.md")))

        try FileManager.default.removeItem(atPath: t.path("Content/a.md"))
        #expect(watcher.waitForChanges(limit: 10) == [t.path("Content/a.md")])
    }

    @Test func anEditorsSaveByRenameIsOneChange() throws {
        let t = try TempTree(["Content/a.md": "# A\n"])
        let watcher = try ContentWatcher(roots: [t.path("Content")])
        try t.write("Content/.a.md.tmp", "# A2\n")
        try FileManager.default.moveItem(atPath: t.path("Content/.a.md.tmp"), toPath: t.path("Content/a2.md"))
        #expect(watcher.waitForChanges(limit: 10) == [t.path("Content/a2.md")])
    }

    @Test func aSingleFileBesideTheContentIsWatchedWithoutItsFolder() throws {
        let t = try TempTree(["Content/a.md": "# A\n"])
        let watcher = try ContentWatcher(roots: [t.path("Content")], files: [t.path("casebook.yml")])
        try t.write("notes.txt", "not watched")
        try t.write("casebook.yml", "links: warn\n")
        #expect(watcher.waitForChanges(limit: 10) == [t.path("casebook.yml")])
    }

    /// A theme/ made after the preview started was never watched (its parent was watched for
    /// casebook.yml only), nor a Content/ moved aside and copied back, or deleted and restored:
    /// saves there never rebuilt, or saves in the old folder did under the new name.
    @Test func aRootMadeRestoredOrReplacedWhileWatchingIsWatched() throws {
        let fm = FileManager.default
        let t = try TempTree(["Content/a.md": "# A\n", "notes.txt": "x"])
        let watcher = try ContentWatcher(roots: [t.path("Content"), t.path("theme")], files: [t.path("casebook.yml")])

        try fm.createDirectory(atPath: t.path("theme/assets"), withIntermediateDirectories: true)
        #expect(watcher.waitForChanges(limit: 10).contains(t.path("theme")))
        try t.write("theme/assets/style.css", "body{}\n")
        #expect(watcher.waitForChanges(limit: 10) == [t.path("theme/assets/style.css")])

        // Moved aside and copied back: the new folder is watched, the old one no longer.
        try fm.moveItem(atPath: t.path("Content"), toPath: t.path("Content.old"))
        #expect(watcher.waitForChanges(limit: 10).contains(t.path("Content")))
        try fm.copyItem(atPath: t.path("Content.old"), toPath: t.path("Content"))
        #expect(watcher.waitForChanges(limit: 10).contains(t.path("Content")))
        try t.write("Content.old/a.md", "# Old\n")
        try t.write("Content/a.md", "# New\n")
        #expect(watcher.waitForChanges(limit: 10) == [t.path("Content/a.md")])

        // Deleted and restored.
        try fm.removeItem(atPath: t.path("Content"))
        #expect(watcher.waitForChanges(limit: 10).contains(t.path("Content")))
        try fm.copyItem(atPath: t.path("Content.old"), toPath: t.path("Content"))
        _ = watcher.waitForChanges(limit: 10)
        try t.write("Content/a.md", "# Again\n")
        #expect(watcher.waitForChanges(limit: 10) == [t.path("Content/a.md")])
    }

    /// Editors' backups are no changes, as they are no content (`ContentTree.isIgnored`).
    @Test func editorsBackupsAreNotChanges() throws {
        let t = try TempTree(["Content/a.md": "# A\n"])
        let watcher = try ContentWatcher(roots: [t.path("Content")])
        try t.write("Content/a.md~", "# A\n")
        try t.write("Content/#a.md#", "# A\n")
        try t.write("Content/a.md", "# A2\n")
        #expect(watcher.waitForChanges(limit: 10) == [t.path("Content/a.md")])
    }

    /// A Content/ that is a symbolic link (the handbook kept in another checkout) was watched at
    /// its top only: saves in its folders never rebuilt, from the start or once a link replaced it.
    @Test func aSymlinkedRootIsWatchedThroughout() throws {
        let fm = FileManager.default
        let t = try TempTree(["real/cat/a.md": "# A\n", "other/cat/b.md": "# B\n"])
        try fm.createSymbolicLink(atPath: t.path("Content"), withDestinationPath: t.path("real"))
        let watcher = try ContentWatcher(roots: [t.path("Content")])
        try t.write("real/cat/a.md", "# A2\n")
        #expect(watcher.waitForChanges(limit: 10) == [t.path("Content/cat/a.md")])

        try fm.removeItem(atPath: t.path("Content"))
        try fm.createSymbolicLink(atPath: t.path("Content"), withDestinationPath: t.path("other"))
        #expect(watcher.waitForChanges(limit: 10).contains(t.path("Content")))
        try t.write("other/cat/b.md", "# B2\n")
        #expect(watcher.waitForChanges(limit: 10) == [t.path("Content/cat/b.md")])
    }
}
