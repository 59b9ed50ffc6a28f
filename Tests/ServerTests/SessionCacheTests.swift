import Testing
@testable import Server

@Suite struct SessionCacheTests {
    let amina = Principal(id: "amina", role: .moderator, team: "id-listings", market: "ID")

    @Test func keepsSessionsUntilTheyExpireOrAreForgotten() {
        let cache = SessionCache()
        cache.remember("h1", amina, expiresAt: "2026-11-21T12:00:00Z")
        #expect(cache.principal("h1", now: "2026-11-21T11:59:59Z")?.id == "amina")
        #expect(cache.principal("h1", now: "2026-11-21T12:00:00Z") == nil, "expired at its expiry time")
        #expect(cache.principal("h1", now: "2026-11-21T11:00:00Z") == nil, "and dropped")
        cache.remember("h2", amina, expiresAt: "2026-11-21T12:00:00Z")
        cache.forget("h2")
        #expect(cache.principal("h2", now: "2026-11-21T11:00:00Z") == nil)
    }

    @Test func staysWithinItsCapacity() {
        let cache = SessionCache(capacity: 2)
        for i in 0..<3 { cache.remember("h\(i)", amina, expiresAt: "2999-01-01T00:00:00Z") }
        let kept = (0..<3).filter { cache.principal("h\($0)", now: "2026-01-01T00:00:00Z") != nil }
        #expect(kept.count <= 2 && kept.contains(2))
    }
}
