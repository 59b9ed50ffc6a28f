#!/usr/bin/env python3
"""A records database the size of issue 14's bar for the learner home: LEARNERS learners x
ITEMS items, ANSWERS answers (10 per attempt, spread over a year), written straight into the
schema `casebook` created (run any casebook command on DB first). Item ids are the sample
bank's (cases and questions) first, then synthetic ones, so the home's review counts are real.

    python3 bench/gen_home_db.py DB QUIZZES [LEARNERS ITEMS ANSWERS]
"""
import os
import sqlite3
import sys

db, quizzes = sys.argv[1], sys.argv[2]
learners, items, answers = (int(x) for x in (sys.argv[3:6] if len(sys.argv) >= 6 else (10_000, 2_000, 5_000_000)))

bank = []
for folder in ("cases", "questions"):
    for root, _, files in os.walk(os.path.join(quizzes, folder)):
        for name in sorted(files):
            if not name.endswith(".md"):
                continue
            with open(os.path.join(root, name), encoding="utf-8") as f:
                for line in f:
                    if line.startswith("id: "):
                        bank.append(line[4:].strip())
                        break
ids = sorted(set(bank))[:items] + [f"bench-item-{i:05d}" for i in range(max(0, items - len(set(bank))))]

c = sqlite3.connect(db)
c.execute("PRAGMA journal_mode = WAL")
c.execute("PRAGMA synchronous = OFF")
with c:
    c.executemany("INSERT OR IGNORE INTO learners (id, name, team, vendor, market, start_date, created_at) VALUES (?,?,?,?,?,?,?)",
                  [(f"L{i:05d}", f"Learner {i}", f"team-{i % 50:02d}", "in-house", "ID", "2025-11-01", "2025-11-01T00:00:00.000Z")
                   for i in range(learners)])
per_attempt = 10
attempts = answers // per_attempt
per_learner = max(1, attempts // learners)
# The answers in SQL (a recursive counter), not a Python loop: 5,000,000 rows in a minute or
# two. Deterministic: the item and the outcome of answer k are hashes of k; each learner's
# attempts are spread over a year from 2025-11-01; about 75% of answers are right.
c.execute("CREATE TEMP TABLE bench_items (idx INTEGER PRIMARY KEY, id TEXT NOT NULL)")
c.executemany("INSERT INTO bench_items VALUES (?,?)", list(enumerate(ids)))
def day(expr):
    return f"date('2025-11-01', printf('+%d days', (({expr}) / {learners}) * 365 / {per_learner}))"

with c:
    c.execute(f"""
        WITH RECURSIVE n(a) AS (SELECT 0 UNION ALL SELECT a + 1 FROM n WHERE a < {attempts - 1})
        INSERT INTO attempts (id, learner_id, blueprint_id, seed, content_version, mode, started_at, finished_at, percent, passed, items)
        SELECT a + 1, printf('L%05d', a % {learners}), 'market-id-listings', a, 'bench', 'practice',
               {day('a')} || printf('T%02d:00:00.000Z', 9 + a % 8), {day('a')} || printf('T%02d:00:00.000Z', 9 + a % 8), 70.0, 0, '[]'
        FROM n""")
    print(f"  {attempts:,} attempts", file=sys.stderr)
    c.execute(f"""
        WITH RECURSIVE n(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM n WHERE k < {attempts * per_attempt - 1})
        INSERT INTO responses (attempt_id, position, item_id, item_version, kind, chosen, score, answered_at, gold)
        SELECT k / {per_attempt} + 1, k % {per_attempt}, (SELECT id FROM bench_items WHERE idx = (k * 2654435761) % {len(ids)}), '1', 'knowledge', '0',
               CASE WHEN (k * 40503) % 100 < 75 THEN 1.0 ELSE 0.0 END,
               {day(f'k / {per_attempt}')} || printf('T%02d:%02d:00.000Z', 9 + (k / {per_attempt}) % 8, k % {per_attempt}), '0'
        FROM n""")
c.execute("ANALYZE")
c.close()
print(f"{learners} learners, {len(ids)} items ({len(set(bank))} from the bank), {attempts * per_attempt} answers", file=sys.stderr)
