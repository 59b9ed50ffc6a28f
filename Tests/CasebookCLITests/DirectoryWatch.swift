import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Waits for entries to appear in a folder (Linux inotify), so a test can act at the moment
/// another process creates something instead of polling and hoping to be in time.
final class DirectoryWatch {
    private let fd: Int32
    private let folder: String

    /// Starts watching `folder` for new entries; throws when inotify is unavailable.
    init(_ folder: String) throws {
        self.folder = folder
        fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard fd >= 0 else { throw CocoaError(.fileReadUnknown) }
        guard inotify_add_watch(fd, folder, UInt32(IN_CREATE | IN_MOVED_TO)) >= 0 else {
            close(fd)
            throw CocoaError(.fileReadNoSuchFile)
        }
    }

    deinit { close(fd) }

    /// Waits until an entry named `name` exists in the folder; false after `timeout` seconds.
    func waitForCreation(of name: String, timeout: Double) -> Bool {
        wait(timeout: timeout) { names in
            names.contains(name) || FileManager.default.fileExists(atPath: self.folder + "/" + name)
        }
    }

    /// Waits until the folder holds at least one entry; false after `timeout` seconds.
    func waitForAnyCreation(timeout: Double) -> Bool {
        wait(timeout: timeout) { names in
            !names.isEmpty || !((try? FileManager.default.contentsOfDirectory(atPath: self.folder)) ?? []).isEmpty
        }
    }

    /// Checks `done` at once (for what appeared before the watch began), then after each batch of events.
    private func wait(timeout: Double, until done: ([String]) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        if done([]) { return true }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while Date() < deadline {
            var request = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&request, 1, Int32(max(1, min(1000, deadline.timeIntervalSinceNow * 1000))))
            if ready <= 0 { if done([]) { return true }; continue }
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            var names: [String] = []
            var offset = 0
            let header = MemoryLayout<inotify_event>.size
            while count > 0, offset + header <= count {
                let length = buffer.withUnsafeBytes { Int($0.load(fromByteOffset: offset + 12, as: UInt32.self)) }
                let name = buffer[(offset + header)..<min(count, offset + header + length)].prefix { $0 != 0 }
                names.append(String(decoding: name, as: UTF8.self))
                offset += header + length
            }
            if done(names) { return true }
        }
        return false
    }
}
