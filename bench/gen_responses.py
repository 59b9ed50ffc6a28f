#!/usr/bin/env python3
"""Generate a records database of quiz answers for reports (tests, demos and `make bench`).

Deterministic for a seed. Learners answer by an item-response model with planted truth:
sections most learners are weak in, a few cases whose stored key is wrong, and a few
ambiguous cases; the planted truth is written next to the database as JSON.

  gen_responses.py --db out.db --quizzes Quizzes [--learners 60 --responses 3000]
  gen_responses.py --db big.db --make-cases 2000 --cases-out DIR --content Content \
      --learners 5000 --responses 1000000        # the 1M-response benchmark
"""
import argparse, json, math, os, random, re, sqlite3, subprocess, sys

ACTIONS = ["approve", "restrict", "remove", "request-info", "warn-seller", "end-stream", "suspend-seller", "escalate"]
MARKETS = ["UK", "US", "ID", "TH", "VN"]
VENDORS = ["in-house", "northstar-bpo", "kaliwa-support"]

def front_matter(path):
    text = open(path, encoding="utf-8").read()
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    fm = {}
    if m:
        for line in m.group(1).split("\n"):
            if ":" in line and not line.startswith(" "):
                k, v = line.split(":", 1)
                fm[k.strip()] = v.strip()
    return fm

def read_cases(quizzes):
    cases = []
    for root, _, files in os.walk(os.path.join(quizzes, "cases")):
        for f in sorted(files):
            if not f.endswith(".md"):
                continue
            fm = front_matter(os.path.join(root, f))
            if fm.get("status", "active") != "active" or "id" not in fm:
                continue
            codes = [c.strip() for c in fm.get("codes", "[]").strip("[]").split(",") if c.strip()]
            cases.append({"id": fm["id"], "decision": fm.get("decision", "approve"), "codes": codes, "sop": fm.get("sop", "")})
    cases.sort(key=lambda c: c["id"])
    return cases

def code_sections(content):
    """Policy codes and their sections from the handbook's headings: '### IP-01 Name {...}'."""
    out = []
    for root, _, files in os.walk(content):
        for f in sorted(files):
            if not f.endswith(".md") or f.count(".") > 1:
                continue
            page = front_matter(os.path.join(root, f)).get("id", f[:-3])
            for line in open(os.path.join(root, f), encoding="utf-8"):
                m = re.match(r"#{2,4} ([A-Z]{2,4}-\d{2}) ", line)
                if m:
                    out.append((m.group(1), f"{page}#{m.group(1).lower()}"))
    return sorted(set(out))

def make_cases(n, content, out_dir, rng):
    codes = code_sections(content)
    os.makedirs(out_dir, exist_ok=True)
    for i in range(n):
        code, sop = codes[i % len(codes)]
        decision = ACTIONS[1 + (i * 7) % 4] if i % 5 else "approve"
        case_codes = [] if decision == "approve" else [code]
        with open(os.path.join(out_dir, f"gen-{i:05d}.md"), "w", encoding="utf-8") as fh:
            fh.write(f"---\nid: gen-{i:05d}\ntype: listing\nsource: generated\nsampled: 2026-10-01\nmarket: {MARKETS[i % 5]}\nlang: en\n"
                     f"decision: {decision}\ncodes: [{', '.join(case_codes)}]\nsop: {sop}\ndifficulty: {1 + i % 3}\nstatus: active\n"
                     f"reviewed: 2026-10-02\n---\n# Generated listing {i}\n\n## Listing\nA generated listing for load tests, number {i}.\n\n"
                     f"## Rationale\nGenerated case decided under {code}.\n")

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--quizzes", default="Quizzes")
    ap.add_argument("--content", default="Content")
    ap.add_argument("--make-cases", type=int, default=0)
    ap.add_argument("--cases-out")
    ap.add_argument("--learners", type=int, default=60)
    ap.add_argument("--responses", type=int, default=3000)
    ap.add_argument("--per-attempt", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--casebook", default=os.environ.get("CASEBOOK", ".build/release/casebook"))
    a = ap.parse_args()
    rng = random.Random(a.seed)
    if a.make_cases:
        make_cases(a.make_cases, a.content, a.cases_out, rng)
        cases = read_cases(os.path.dirname(a.cases_out.rstrip("/")) if a.cases_out.rstrip("/").endswith("cases") else a.quizzes)
    else:
        cases = read_cases(a.quizzes)
    if not cases:
        sys.exit("no active cases found")
    if os.path.exists(a.db):
        os.remove(a.db)
    # Let Casebook create and migrate the schema, so the file is exactly what it expects.
    subprocess.run([a.casebook, "learners", "list", "--db", a.db], check=True, stdout=subprocess.DEVNULL)
    db = sqlite3.connect(a.db)
    db.execute("PRAGMA journal_mode=WAL"); db.execute("PRAGMA synchronous=OFF")

    sections = sorted({c["sop"] for c in cases})
    weak_sections = set(rng.sample(sections, max(1, len(sections) // 8)))
    ordinary = [c for c in cases if c["sop"] not in weak_sections]
    wrong_key = set(c["id"] for c in rng.sample(ordinary, max(1, len(cases) // 40)))
    ambiguous = set(c["id"] for c in rng.sample([c for c in ordinary if c["id"] not in wrong_key], max(1, len(cases) // 40)))
    difficulty = {c["id"]: rng.gauss(0, 0.35) for c in cases}
    plausible = {c["id"]: rng.choice([x for x in ACTIONS if x != c["decision"]]) for c in cases}
    stored_key = {}
    for c in cases:
        stored_key[c["id"]] = rng.choice([x for x in ACTIONS if x not in (c["decision"], plausible[c["id"]])]) if c["id"] in wrong_key else c["decision"]

    learners = []
    for i in range(a.learners):
        lid = f"mod-{i:05d}"
        learners.append((lid, f"Moderator {i}", f"team-{i % 12:02d}", VENDORS[i % 3], MARKETS[i % 5], f"2026-{7 + i % 4:02d}-01",
                         rng.gauss(0, 0.6), {s for s in weak_sections if rng.random() < 0.6}))
    db.executemany("INSERT INTO learners (id, name, team, vendor, market, start_date, created_at) VALUES (?,?,?,?,?,?,?)",
                   [(l[0], l[1], l[2], l[3], l[4], l[5], "2026-10-01T00:00:00Z") for l in learners])

    attempts, responses = [], []
    attempt_id = 0
    total = 0
    days = [f"2026-{m:02d}-{d:02d}" for m in (9, 10, 11) for d in range(1, 29, 3)]
    while total < a.responses:
        for l in learners:
            if total >= a.responses:
                break
            attempt_id += 1
            n = min(a.per_attempt, a.responses - total)
            day = days[(attempt_id * 7) % len(days)]
            attempts.append((attempt_id, l[0], "generated", "1", "gen", "practice", day + "T09:00:00Z", day + "T09:30:00Z", 0.0, 0, json.dumps([{}] * n)))
            for pos, c in enumerate(rng.sample(cases, n) if n <= len(cases) else [rng.choice(cases) for _ in range(n)]):
                if c["id"] in ambiguous:
                    u = rng.random()
                    chosen = c["decision"] if u < 0.5 else plausible[c["id"]] if u < 0.95 else rng.choice(ACTIONS)
                else:
                    logit = 1.6 + l[6] - difficulty[c["id"]] - (2.5 if c["sop"] in l[7] else 0)
                    if rng.random() < 1 / (1 + math.exp(-logit)):
                        chosen = c["decision"]
                    elif rng.random() < 0.6:
                        chosen = plausible[c["id"]]
                    else:
                        chosen = rng.choice([x for x in ACTIONS if x != c["decision"]])
                gold = stored_key[c["id"]]
                responses.append((attempt_id, pos, c["id"], "gen", "decision", chosen, 1.0 if chosen == gold else 0.0, day + "T09:10:00.000Z", gold))
            total += n
        if len(responses) > 200000:
            db.executemany("INSERT INTO attempts VALUES (?,?,?,?,?,?,?,?,?,?,?)", attempts)
            db.executemany("INSERT INTO responses (attempt_id, position, item_id, item_version, kind, chosen, score, answered_at, gold) VALUES (?,?,?,?,?,?,?,?,?)", responses)
            attempts, responses = [], []
    db.executemany("INSERT INTO attempts VALUES (?,?,?,?,?,?,?,?,?,?,?)", attempts)
    db.executemany("INSERT INTO responses (attempt_id, position, item_id, item_version, kind, chosen, score, answered_at, gold) VALUES (?,?,?,?,?,?,?,?,?)", responses)
    db.commit()
    db.close()
    with open(a.db + ".truth.json", "w") as fh:
        json.dump({"weak_sections": sorted(weak_sections), "wrong_keys": sorted(wrong_key), "ambiguous": sorted(ambiguous),
                   "learners": a.learners, "responses": total, "cases": len(cases)}, fh, indent=1)
    print(f"{a.db}: {a.learners} learners, {attempt_id} attempts, {total} responses over {len(cases)} cases", file=sys.stderr)

if __name__ == "__main__":
    main()
