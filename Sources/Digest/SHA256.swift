import COpenSSL

/// SHA-256 from OpenSSL's libcrypto, the one implementation the project uses: login tokens and
/// sessions (Server) and content-hash names of case media (Media).
public enum SHA256 {
    /// Fetched from OpenSSL's provider once: `EVP_sha256()` makes every digest look the
    /// implementation up again (a locked, by-name fetch), and every request hashes its session
    /// cookie. A fetched EVP_MD is immutable and safe to share between threads; it lives as
    /// long as the process.
    nonisolated(unsafe) private static let algorithm = EVP_MD_fetch(nil, "SHA256", nil)

    /// The digest of `bytes`, as lowercase hex.
    public static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        // EVP_Digest takes the whole input at once (its length is a size_t), so a clip of any
        // size is hashed in one call.
        let ok = EVP_Digest(bytes.baseAddress, bytes.count, &digest, &length, algorithm ?? EVP_sha256(), nil)
        precondition(ok == 1, "EVP_Digest failed")
        let alphabet = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(Int(length) * 2)
        for b in digest.prefix(Int(length)) { out.append(alphabet[Int(b >> 4)]); out.append(alphabet[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The digest of `bytes`, as lowercase hex.
    public static func hex(_ bytes: [UInt8]) -> String { bytes.withUnsafeBytes { hex($0) } }

    /// The digest of `text`'s UTF-8 bytes, as lowercase hex.
    public static func hex(_ text: String) -> String { hex(Array(text.utf8)) }
}
