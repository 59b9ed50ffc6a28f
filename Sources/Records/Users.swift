import Foundation

extension Records {
    /// Adds a user with the hash of their sign-in token (never the token itself), which signs
    /// in once, until `tokenExpiresAt` (ISO time, as `Timestamp.iso` writes it).
    /// `lang` is the language the user reads the quiz player in ('' for their browser's).
    public func addUser(id: String, role: String, team: String, market: String, tokenHash: String, tokenExpiresAt: String, lang: String = "") throws(RecordsError) {
        try db.isolatedTransaction { () throws(RecordsError) in
            if try !db.query("SELECT 1 FROM users WHERE id = ? AND revoked_at IS NULL", [.text(id)]).isEmpty {
                throw .alreadyExists("user '\(id)' already exists; give them a new token with 'casebook users add \(id) --reissue', or revoke the user first")
            }
            // A revoked user's row is replaced: every column anew (SQL both engines take).
            try db.query("""
                INSERT INTO users (id, role, team, market, token_hash, created_at, token_expires_at, lang) VALUES (?,?,?,?,?,?,?,?)
                ON CONFLICT (id) DO UPDATE SET role = excluded.role, team = excluded.team, market = excluded.market,
                    token_hash = excluded.token_hash, created_at = excluded.created_at, revoked_at = NULL,
                    token_expires_at = excluded.token_expires_at, token_used_at = NULL, lang = excluded.lang
                """,
                         [.text(id), .text(role), .text(team), .text(market), .text(tokenHash), .text(Self.now()), .text(tokenExpiresAt), .text(lang)])
        }
    }

    /// Gives an active user a new sign-in token (the old one stops working); their sessions
    /// stay. Throws `notFound` when there is no such active user.
    public func reissueToken(id: String, tokenHash: String, tokenExpiresAt: String) throws(RecordsError) {
        try db.transaction { () throws(RecordsError) in
            try db.query("UPDATE users SET token_hash = ?, token_expires_at = ?, token_used_at = NULL WHERE id = ? AND revoked_at IS NULL",
                         [.text(tokenHash), .text(tokenExpiresAt), .text(id)])
            if db.changes == 0 { throw .notFound("no active user '\(id)'; add them with 'casebook users add \(id) --role ROLE'") }
        }
    }

    /// Signs in with a token, once: if an active user's unused token has this hash and has not
    /// expired at `now`, marks it used and opens a session (`sessionHash`, until
    /// `sessionExpiresAt`) in the same transaction, and returns the user; otherwise nil.
    public func redeemToken(hash: String, now: String, sessionHash: String, sessionExpiresAt: String) throws(RecordsError) -> (id: String, role: String, team: String, market: String)? {
        try db.transaction { () throws(RecordsError) in
            let rows = try db.query("""
                UPDATE users SET token_used_at = ? WHERE token_hash = ? AND revoked_at IS NULL AND token_used_at IS NULL AND token_expires_at > ?
                RETURNING id, role, team, market
                """, [.text(Self.now()), .text(hash), .text(now)])
            guard let row = rows.first else { return nil }
            let user = (id: row[0].string ?? "", role: row[1].string ?? "", team: row[2].string ?? "", market: row[3].string ?? "")
            try db.query("INSERT INTO sessions (id_hash, user_id, expires_at) VALUES (?,?,?)", [.text(sessionHash), .text(user.id), .text(sessionExpiresAt)])
            return user
        }
    }

    /// Revokes a user's token and ends their sessions. Returns false if there was no such user.
    public func revokeUser(_ id: String) throws(RecordsError) -> Bool {
        try db.isolatedTransaction { () throws(RecordsError) in
            let found = try !db.query("SELECT 1 FROM users WHERE id = ? AND revoked_at IS NULL", [.text(id)]).isEmpty
            try db.query("UPDATE users SET revoked_at = ? WHERE id = ?", [.text(Self.now()), .text(id)])
            try db.query("DELETE FROM sessions WHERE user_id = ?", [.text(id)])
            return found
        }
    }

    /// The active user with this id: (id, role, team, market).
    public func user(id: String) throws(RecordsError) -> (id: String, role: String, team: String, market: String)? {
        let rows: [[SQLValue]] = try sessionReaders.read { db throws(RecordsError) in
            try db.query("SELECT id, role, team, market FROM users WHERE id = ? AND revoked_at IS NULL", [.text(id)])
        }
        guard let row = rows.first else { return nil }
        return (row[0].string ?? "", row[1].string ?? "", row[2].string ?? "", row[3].string ?? "")
    }

    /// The language an active user chose for the quiz player; '' when they chose none (or
    /// there is no such user).
    public func userLanguage(id: String) throws(RecordsError) -> String {
        try reader.query("SELECT lang FROM users WHERE id = ? AND revoked_at IS NULL", [.text(id)]).first?[0].string ?? ""
    }

    /// Sets the language an active user reads the quiz player in ('' to follow their
    /// browser). Throws `notFound` when there is no such active user.
    public func setUserLanguage(id: String, lang: String) throws(RecordsError) {
        try db.transaction { () throws(RecordsError) in
            try db.query("UPDATE users SET lang = ? WHERE id = ? AND revoked_at IS NULL", [.text(lang), .text(id)])
            if db.changes == 0 { throw .notFound(.noUser(id)) }
        }
    }

    /// Opens a session for a user until `expiresAt`.
    public func addSession(idHash: String, userID: String, expiresAt: String) throws(RecordsError) {
        try db.query("INSERT INTO sessions (id_hash, user_id, expires_at) VALUES (?,?,?)", [.text(idHash), .text(userID), .text(expiresAt)])
    }

    /// The active (not revoked) user of a live session, in one lookup, and when the session expires.
    public func user(sessionHash: String, now: String) throws(RecordsError) -> (id: String, role: String, team: String, market: String, expiresAt: String)? {
        let rows: [[SQLValue]] = try sessionReaders.read { db throws(RecordsError) in
            try db.query("""
                SELECT u.id, u.role, u.team, u.market, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
                WHERE s.id_hash = ? AND s.expires_at > ? AND u.revoked_at IS NULL
                """, [.text(sessionHash), .text(now)])
        }
        guard let row = rows.first else { return nil }
        return (row[0].string ?? "", row[1].string ?? "", row[2].string ?? "", row[3].string ?? "", row[4].string ?? "")
    }

    /// Whether a session is live (not logged out, not expired at `now`) and its user, `userID`,
    /// not revoked; read on the writing connection, inside the transaction that records an answer.
    func isLive(_ session: LiveSession, now: String) throws(RecordsError) -> Bool {
        try !db.query("""
            SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id
            WHERE s.id_hash = ? AND s.user_id = ? AND s.expires_at > ? AND u.revoked_at IS NULL
            """, [.text(session.idHash), .text(session.userID), .text(now)]).isEmpty
    }

    /// Ends a session (logout).
    public func deleteSession(idHash: String) throws(RecordsError) {
        try db.query("DELETE FROM sessions WHERE id_hash = ?", [.text(idHash)])
    }
}
