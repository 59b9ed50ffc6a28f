import COpenSSL

// The only file that imports OpenSSL: SHA-256 for storing login tokens and sessions.

enum Crypto {
    /// SHA-256 fetched from OpenSSL's provider once: `EVP_sha256()` makes every digest look the
    /// implementation up again (a locked, by-name fetch), and every request hashes its session
    /// cookie. A fetched EVP_MD is immutable and safe to share between threads; it lives as
    /// long as the process.
    nonisolated(unsafe) private static let sha256 = EVP_MD_fetch(nil, "SHA256", nil)

    /// SHA-256 of `text`, as lowercase hex (OpenSSL's EVP interface).
    static func sha256Hex(_ text: String) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        var input = Array(text.utf8)
        let ok = input.withUnsafeMutableBytes { bytes in
            EVP_Digest(bytes.baseAddress, bytes.count, &digest, &length, sha256 ?? EVP_sha256(), nil)
        }
        precondition(ok == 1, "EVP_Digest failed")
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in digest.prefix(Int(length)) { out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// A random token from the system's secure source (getrandom), 32 bytes as hex.
    static func token() -> String {
        var generator = SystemRandomNumberGenerator()
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for _ in 0..<4 {
            var word = generator.next()
            for _ in 0..<8 { let b = UInt8(word & 0xFF); word >>= 8; out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 15)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
