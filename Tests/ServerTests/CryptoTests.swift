import Testing
@testable import Server

@Suite struct CryptoTests {
    @Test func sha256MatchesTheStandardVectors() {
        #expect(Crypto.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Crypto.sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func tokensAreRandom64HexDigits() {
        let a = Crypto.token(), b = Crypto.token()
        #expect(a.count == 64 && a.allSatisfy(\.isHexDigit) && a != b)
    }
}
