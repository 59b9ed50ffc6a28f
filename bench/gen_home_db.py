#!/usr/bin/env python3
"""A records database the size of issue 14's bar for the learner home: LEARNERS learners x
ITEMS items, ANSWERS answers (10 per attempt, spread over a year), written straight into the
schema `casebook` created (run any casebook command on DB first). Item ids are the sample
bank's (cases and questions) first, then synthetic ones, so the home's review counts are real.

    python3 bench/gen_home_db.py DB QUIZZES [LEARNERS ITEMS ANSWERS]
"""
import os
import random
import sqlite3
import sys

db, quizzes = sys.argv[1], sys.argv[2]
learners, items, answers = (int(x) for x in (sys.argv[3:6] if len(sys.argv) >= 6 else (10_000, 2_000, 5_000_000)))
rng = random.Random(14)

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
day0 = 20393  # 2025-11-01 in days since 1970-01-01
import datetime
epoch = datetime.date(1970, 1, 1)
with c:
    for a in range(attempts):
        learner = f"L{a % learners:05d}"
        day = day0 + (a // learners) * 365 // max(1, attempts // learners)
        date = (epoch + datetime.timedelta(days=day)).isoformat()
        started = f"{date}T{9 + a % 8:02d}:00:00.000Z"
        c.execute("INSERT INTO attempts (id, learner_id, blueprint_id, seed, content_version, mode, started_at, finished_at, percent, passed, items) "
                  "VALUES (?,?,?,?,?,?,?,?,?,?,?)", (a + 1, learner, "market-id-listings", str(a), "bench", "practice", started, started, 70.0, 0, "[]"))
        rows = []
        for p in range(per_attempt):
            item = ids[rng.randrange(len(ids))]
            right = rng.random() < 0.75
            rows.append((a + 1, p, item, "1", "knowledge", "0", 1.0 if right else 0.0, f"{date}T{9 + a % 8:02d}:{p:02d}:00.000Z", "0"))
        c.executemany("INSERT OR IGNORE INTO responses (attempt_id, position, item_id, item_version, kind, chosen, score, answered_at, gold) "
                      "VALUES (?,?,?,?,?,?,?,?,?)", rows)
        if a % 50_000 == 0:
            print(f"  {a * per_attempt:,} answers", file=sys.stderr)
c.execute("ANALYZE")
c.close()
print(f"{learners} learners, {len(ids)} items ({len(set(bank))} from the bank), {attempts * per_attempt} answers", file=sys.stderr)
