import Foundation
import Testing

/// `casebook serve`'s options, as a user types them.
@Suite struct ServeCommandTests {
    /// A mistyped proxy address (a letter l for a 1) never matches a connection, so sign-in
    /// throttling would silently count everyone behind nginx as one client: it is refused at
    /// start with what to give instead, before anything is served.
    @Test func aProxyThatIsNotAnIPAddressIsRefusedWithWhatToGive() throws {
        for bad in ["127.0.0.l", "localhost", "127.0.0.1:8080", "nginx.internal"] {
            let r = try CLIRunner.run(["serve", "--port", "0", "--proxy", "127.0.0.1", "--proxy", bad])
            #expect(r.status != 0, "\(bad)")
            #expect(r.stderr.contains("--proxy '\(bad)' is not an IP address"), "\(r.stderr)")
            #expect(r.stderr.contains("e.g. --proxy 127.0.0.1"), "\(r.stderr)")
            #expect(!r.stderr.contains("Serving"))
        }
    }
}
