import Digest

// Tokens and sessions are stored as SHA-256 digests (the Digest module, OpenSSL's libcrypto).

enum Crypto {
    /// SHA-256 of `text`, as lowercase hex.
    static func sha256Hex(_ text: String) -> String { SHA256.hex(text) }

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
