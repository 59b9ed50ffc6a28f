import Foundation
import Quiz

extension Records {
    /// Schema migrations, applied in order; `PRAGMA user_version` holds how many ran.
    static let migrations: [String] = [
        """
        CREATE TABLE learners (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, team TEXT NOT NULL DEFAULT '', vendor TEXT NOT NULL DEFAULT '',
            market TEXT NOT NULL DEFAULT '', start_date TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL);
        CREATE TABLE attempts (
            id INTEGER PRIMARY KEY, learner_id TEXT NOT NULL REFERENCES learners(id), blueprint_id TEXT NOT NULL,
            seed TEXT NOT NULL, content_version TEXT NOT NULL, mode TEXT NOT NULL, started_at TEXT NOT NULL,
            finished_at TEXT, percent REAL, passed INTEGER, items TEXT NOT NULL);
        CREATE INDEX attempts_by_learner ON attempts(learner_id, blueprint_id);
        CREATE TABLE responses (
            attempt_id INTEGER NOT NULL REFERENCES attempts(id), position INTEGER NOT NULL, item_id TEXT NOT NULL,
            item_version TEXT NOT NULL, kind TEXT NOT NULL, chosen TEXT NOT NULL, score REAL NOT NULL, answered_at TEXT NOT NULL,
            PRIMARY KEY (attempt_id, position));
        CREATE INDEX responses_by_item ON responses(item_id);
        CREATE TABLE contests (
            id INTEGER PRIMARY KEY, attempt_id INTEGER NOT NULL REFERENCES attempts(id), position INTEGER NOT NULL,
            item_id TEXT NOT NULL, learner_id TEXT NOT NULL, comment TEXT NOT NULL, created_at TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open', resolution TEXT NOT NULL DEFAULT '');
        """,
        """
        CREATE TABLE users (
            id TEXT PRIMARY KEY, role TEXT NOT NULL, team TEXT NOT NULL DEFAULT '', market TEXT NOT NULL DEFAULT '',
            token_hash TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT);
        CREATE TABLE sessions (
            id_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), expires_at TEXT NOT NULL);
        """,
        // v3: the answer key on each response (back-filled from the attempts' drawn items),
        // contest resolutions, and the audit log of answer-key changes.
        """
        ALTER TABLE responses ADD COLUMN gold TEXT NOT NULL DEFAULT '';
        ALTER TABLE contests ADD COLUMN resolved_at TEXT;
        ALTER TABLE contests ADD COLUMN resolved_by TEXT NOT NULL DEFAULT '';
        CREATE INDEX contests_by_item ON contests(item_id, status);
        CREATE TABLE key_changes (
            id INTEGER PRIMARY KEY, item_id TEXT NOT NULL, kind TEXT NOT NULL, old_gold TEXT NOT NULL, new_gold TEXT NOT NULL,
            contest_id INTEGER, changed_by TEXT NOT NULL, changed_at TEXT NOT NULL, regraded INTEGER NOT NULL);
        """,
        // v4: sign-in tokens are single-use and expire. Tokens issued before this version
        // stay usable once, for 7 days from the upgrade.
        """
        ALTER TABLE users ADD COLUMN token_expires_at TEXT NOT NULL DEFAULT '';
        ALTER TABLE users ADD COLUMN token_used_at TEXT;
        UPDATE users SET token_expires_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+7 days');
        """,
        // v5: assignments (a learner's tasks with due dates and completion evidence),
        // acknowledgements (append-only) and campaigns.
        """
        CREATE TABLE acknowledgements (
            id INTEGER PRIMARY KEY, learner_id TEXT NOT NULL, sop_id TEXT NOT NULL, version TEXT NOT NULL, acknowledged_at TEXT NOT NULL);
        CREATE INDEX acknowledgements_by_learner ON acknowledgements(learner_id, sop_id, version);
        CREATE TRIGGER acknowledgements_never_edited BEFORE UPDATE ON acknowledgements
            BEGIN SELECT RAISE(ABORT, 'acknowledgements are never edited'); END;
        CREATE TRIGGER acknowledgements_never_deleted BEFORE DELETE ON acknowledgements
            BEGIN SELECT RAISE(ABORT, 'acknowledgements are never deleted'); END;
        CREATE TABLE tasks (
            id INTEGER PRIMARY KEY, learner_id TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('acknowledge', 'pass_blueprint', 'review_items')),
            target TEXT NOT NULL, target_version TEXT NOT NULL DEFAULT '', due TEXT NOT NULL, source TEXT NOT NULL,
            created_at TEXT NOT NULL, completed_at TEXT, evidence TEXT NOT NULL DEFAULT '');
        CREATE INDEX tasks_by_learner ON tasks(learner_id, kind, target);
        CREATE INDEX tasks_by_source ON tasks(source);
        CREATE TABLE campaigns (
            id INTEGER PRIMARY KEY, sop_id TEXT NOT NULL, version TEXT NOT NULL, previous_version TEXT NOT NULL DEFAULT '',
            due TEXT NOT NULL, markets TEXT NOT NULL DEFAULT '', teams TEXT NOT NULL DEFAULT '', vendors TEXT NOT NULL DEFAULT '',
            quiz_size INTEGER NOT NULL DEFAULT 0, sections TEXT NOT NULL DEFAULT '', item_pool TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL);
        """,
        // Onboarding paths and certificates: the tasks table is rebuilt to allow the kind
        // 'take_part' (finish an attempt, whatever the score: a calibration session); each
        // path assignment (or recertification, `renews` the certificate) and its tasks' steps
        // and prerequisites; a view of the path tasks whose prerequisites are still open;
        // certificates (never edited: a renewal is a new record).
        """
        CREATE TABLE tasks_with_take_part (
            id INTEGER PRIMARY KEY, learner_id TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('acknowledge', 'pass_blueprint', 'review_items', 'take_part')),
            target TEXT NOT NULL, target_version TEXT NOT NULL DEFAULT '', due TEXT NOT NULL, source TEXT NOT NULL,
            created_at TEXT NOT NULL, completed_at TEXT, evidence TEXT NOT NULL DEFAULT '');
        INSERT INTO tasks_with_take_part (id, learner_id, kind, target, target_version, due, source, created_at, completed_at, evidence)
            SELECT id, learner_id, kind, target, target_version, due, source, created_at, completed_at, evidence FROM tasks;
        DROP TABLE tasks;
        ALTER TABLE tasks_with_take_part RENAME TO tasks;
        CREATE INDEX tasks_by_learner ON tasks(learner_id, kind, target);
        CREATE INDEX tasks_by_source ON tasks(source);
        CREATE TABLE path_assignments (
            id INTEGER PRIMARY KEY, learner_id TEXT NOT NULL, path_id TEXT NOT NULL, start TEXT NOT NULL,
            certificate TEXT NOT NULL DEFAULT '', valid_days INTEGER NOT NULL DEFAULT 0,
            recert_blueprint TEXT NOT NULL DEFAULT '', recert_days_before INTEGER NOT NULL DEFAULT 0,
            renews INTEGER, assigned_at TEXT NOT NULL);
        CREATE UNIQUE INDEX path_assignments_once ON path_assignments(learner_id, path_id) WHERE renews IS NULL;
        CREATE UNIQUE INDEX path_recertifications_once ON path_assignments(renews) WHERE renews IS NOT NULL;
        CREATE INDEX path_assignments_by_learner ON path_assignments(learner_id);
        CREATE TABLE path_tasks (
            task_id INTEGER PRIMARY KEY, assignment_id INTEGER NOT NULL, step_id TEXT NOT NULL, position INTEGER NOT NULL,
            title TEXT NOT NULL, sections TEXT NOT NULL DEFAULT '');
        CREATE INDEX path_tasks_by_step ON path_tasks(assignment_id, step_id);
        CREATE TABLE path_prerequisites (
            assignment_id INTEGER NOT NULL, step_id TEXT NOT NULL, requires TEXT NOT NULL, PRIMARY KEY (assignment_id, step_id, requires));
        CREATE VIEW blocked_path_tasks AS
            SELECT pt.task_id FROM path_tasks pt
            JOIN path_prerequisites pp ON pp.assignment_id = pt.assignment_id AND pp.step_id = pt.step_id
            JOIN path_tasks req ON req.assignment_id = pp.assignment_id AND req.step_id = pp.requires
            JOIN tasks rt ON rt.id = req.task_id AND rt.completed_at IS NULL;
        CREATE TABLE certificates (
            id INTEGER PRIMARY KEY, learner_id TEXT NOT NULL, certificate TEXT NOT NULL, path_id TEXT NOT NULL,
            assignment_id INTEGER NOT NULL UNIQUE, granted_at TEXT NOT NULL, expires TEXT NOT NULL, evidence TEXT NOT NULL,
            renews INTEGER);
        CREATE INDEX certificates_by_learner ON certificates(learner_id, certificate);
        CREATE TRIGGER certificates_never_edited BEFORE UPDATE ON certificates
            BEGIN SELECT RAISE(ABORT, 'certificates are never edited; a renewal is a new certificate'); END;
        """,
        // Production QA audits (`casebook qa import`): one row per audited production decision.
        // qa_audits holds only small integers (labels in qa_labels, 0 for none) so a report
        // scans ten million of them in seconds; the text of each audit is in qa_audit_details.
        """
        CREATE TABLE qa_labels (
            id INTEGER PRIMARY KEY, kind TEXT NOT NULL, value TEXT NOT NULL, UNIQUE (kind, value));
        CREATE TABLE qa_audits (
            id INTEGER PRIMARY KEY, day INTEGER NOT NULL, week INTEGER NOT NULL, outcome INTEGER NOT NULL, harm INTEGER NOT NULL,
            section INTEGER NOT NULL, code INTEGER NOT NULL, market INTEGER NOT NULL, vendor INTEGER NOT NULL, team INTEGER NOT NULL,
            queue INTEGER NOT NULL, qa_action INTEGER NOT NULL, second_action INTEGER NOT NULL, appeal INTEGER NOT NULL,
            moderator INTEGER NOT NULL, moderator_action INTEGER NOT NULL, reviewer INTEGER NOT NULL, second_reviewer INTEGER NOT NULL,
            item_type INTEGER NOT NULL, sample_id TEXT NOT NULL UNIQUE);
        CREATE INDEX qa_audits_by_moderator ON qa_audits(moderator, section);
        CREATE TABLE qa_audit_details (
            audit_id INTEGER PRIMARY KEY, source TEXT NOT NULL, line INTEGER NOT NULL, imported_at TEXT NOT NULL,
            decided_at TEXT NOT NULL, moderator_codes TEXT NOT NULL, qa_codes TEXT NOT NULL, second_codes TEXT NOT NULL,
            case_text TEXT NOT NULL, comment TEXT NOT NULL, fingerprint TEXT NOT NULL);
        """,
        // Targeted retraining (`casebook retrain`): a quiz on one SOP section for the
        // moderators with production errors there; its tasks carry the source `retraining:ID`.
        """
        CREATE TABLE retrainings (
            id INTEGER PRIMARY KEY, section TEXT NOT NULL, quiz_size INTEGER NOT NULL, item_pool TEXT NOT NULL, due TEXT NOT NULL,
            since TEXT NOT NULL DEFAULT '', markets TEXT NOT NULL DEFAULT '', teams TEXT NOT NULL DEFAULT '', vendors TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL);
        CREATE INDEX retrainings_by_section ON retrainings(section);
        """,
        // Adaptive exams (`adaptive: true`): the plan an attempt was started with (the pool's
        // calibrated difficulties, mix, stopping rule, pass mark on the ability scale, seed and
        // the calibration file's date) and every step (the item asked, right or not, the ability
        // and its standard error after it), so `attempts verify` replays the exam.
        """
        CREATE TABLE adaptive_plans (attempt_id INTEGER PRIMARY KEY REFERENCES attempts(id), plan TEXT NOT NULL);
        CREATE TABLE adaptive_steps (
            attempt_id INTEGER NOT NULL REFERENCES attempts(id), step INTEGER NOT NULL, position INTEGER NOT NULL,
            item_id TEXT NOT NULL, correct INTEGER NOT NULL, theta REAL NOT NULL, se REAL NOT NULL,
            PRIMARY KEY (attempt_id, step));
        """,
        // The language a user reads the quiz player in (issue 19): a language code such as
        // "th", or '' for none chosen (the browser's Accept-Language then decides).
        """
        ALTER TABLE users ADD COLUMN lang TEXT NOT NULL DEFAULT '';
        """,
        // The language each question of an attempt was shown in (issue 19): an authored
        // question's translation or its original, a generated prompt in the player's language.
        """
        CREATE TABLE shown_languages (
            attempt_id INTEGER NOT NULL REFERENCES attempts(id), position INTEGER NOT NULL,
            lang TEXT NOT NULL, translation TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (attempt_id, position));
        """,
    ]

    func migrate() throws(RecordsError) {
        let current = Int(try db.query("PRAGMA user_version").first?.first?.int ?? 0)
        if current > Self.migrations.count {
            throw .storage("\(db.path): the database was written by a newer Casebook (schema \(current), this one knows \(Self.migrations.count)); upgrade Casebook", path: db.path)
        }
        for version in current..<Self.migrations.count {
            try db.transaction { () throws(RecordsError) in
                try db.execute(Self.migrations[version])
                if version == 2 { try backfillGold() }
                try db.execute("PRAGMA user_version = \(version + 1)")
            }
        }
    }

    /// Writes each existing response's answer key, read from its attempt's drawn items.
    func backfillGold() throws(RecordsError) {
        for row in try db.query("SELECT DISTINCT a.id, a.items FROM attempts a JOIN responses r ON r.attempt_id = a.id") {
            guard let id = row[0].int, let data = row[1].string?.data(using: .utf8),
                  let items = (try? JSONSerialization.jsonObject(with: data)) as? [[String: Any]] else { continue }
            for (position, item) in items.enumerated() {
                let keys = item["optionKeys"] as? [String] ?? []
                let correct = (item["correct"] as? [Int] ?? []).sorted().compactMap { $0 < keys.count ? keys[$0] : nil }
                try db.query("UPDATE responses SET gold = ? WHERE attempt_id = ? AND position = ?",
                             [.text(OptionKeys.join(correct)), .integer(id), .integer(Int64(position))])
            }
        }
    }
}
