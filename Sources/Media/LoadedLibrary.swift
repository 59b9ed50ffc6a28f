/// A C library loaded with dlopen on first use through its shim's `open` function, which fills
/// a table of the functions used (`CFFmpeg/shim.h`, `CVips/shim.h`): the table, or why the
/// library could not be loaded. The table lives as long as the process.
struct LoadedLibrary<Table>: @unchecked Sendable {
    let table: UnsafePointer<Table>?
    let failure: String

    /// Calls `open(table, reason, size)` once; on failure the message is `failure(reason)`.
    static func load(_ open: (UnsafeMutablePointer<Table>, UnsafeMutablePointer<CChar>, Int) -> Int32,
                     failure: (String) -> String) -> LoadedLibrary {
        let table = UnsafeMutablePointer<Table>.allocate(capacity: 1)
        var reason = [CChar](repeating: 0, count: 512)
        let status = reason.withUnsafeMutableBufferPointer { open(table, $0.baseAddress!, $0.count) }
        guard status == 0 else {
            table.deallocate()
            let why = String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return LoadedLibrary(table: nil, failure: failure(why))
        }
        return LoadedLibrary(table: UnsafePointer(table), failure: "")
    }

    /// The table, or the error naming `file` when the library cannot be had.
    func api(_ file: String) throws(MediaError) -> UnsafePointer<Table> {
        guard let table else { throw MediaError(file: file, failure) }
        return table
    }
}
