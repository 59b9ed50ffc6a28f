#!/usr/bin/env python3
"""How far re-weighting the ranking's page features can go on the relevance sets: a ceiling for
the lexical ranking, not part of `make bench`.

Usage (from the repository; the patch makes `casebook search` print each query's candidate
pages with their features on stderr when CB_DUMP is set; never commit it applied):
    git apply bench/relevance_features.patch && swift build -c release
    python3 bench/relevance_ceiling.py .build/release/casebook [WORK_DIR]
    git apply -R bench/relevance_features.patch

For each query of the four sets (the sample handbook extended, basecamp/policies, Automattic
legal, Mozilla legal), the first 10 pages the engine groups (its first tier) are read with
their features: whether the page holds every query word, how much of the query's rarity it
covers, how many query words its headings and title hold, its best section's score, its score
with its other sections, each word's best section in it, its number of sections. A linear
ranker over them (14 weights) is fitted by coordinate ascent on MRR, three ways: on all sets
at once (in sample), on each set alone (that set's ceiling), and on three sets to rank the
fourth (leave one set out: what a new corpus would see). Prints MRR / recall@3 for each.
"""
import csv, json, math, os, random, subprocess, sys
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "Tests", "SearchTests", "Fixtures")
SETS = [("extended", os.path.join(ROOT, "Content"), [os.path.join(FIX, "relevance.tsv"), os.path.join(FIX, "relevance-more.tsv")]),
        ("basecamp", os.path.join(FIX, "basecamp-policies", "Content"), [os.path.join(FIX, "basecamp-policies", "queries.tsv")]),
        ("legal", os.path.join(FIX, "automattic-legal", "Content"), [os.path.join(FIX, "automattic-legal", "queries.tsv")]),
        ("mozilla", os.path.join(FIX, "mozilla-legal", "Content"), [os.path.join(FIX, "mozilla-legal", "queries.tsv")])]
FEATS = ["allfound", "cov", "covcount", "head", "hw", "tw", "lscore", "llead", "lpm", "lnsec", "rscore", "rpm", "exact", "order"]


def dump(cb, work):
    env = dict(os.environ, CB_DUMP="1")
    out = {}
    for name, content, files in SETS:
        site = os.path.join(work, "site-" + name)
        if not os.path.isdir(site):
            subprocess.run([cb, "build", "--full", "--content", content, "--out", site], check=True, capture_output=True)
        rows = []
        for f in files:
            with open(f, encoding="utf-8") as fh:
                rows += list(csv.DictReader(fh, delimiter="\t"))

        def one(r):
            p = subprocess.run([cb, "search", r["query"], "--site", site, "--json", "--limit", "10"], capture_output=True, text=True, env=env)
            lines = [x for x in p.stderr.splitlines() if x.startswith("{")]
            if not lines:
                sys.exit("no features printed: apply bench/relevance_features.patch and rebuild first")
            d = json.loads(lines[-1])
            d["expected"] = r["expected"].split("#")[0]
            return d
        with ThreadPoolExecutor(8) as ex:
            out[name] = list(ex.map(one, rows))
    return out


def allfound(p):
    return all(f < 0 or c >= f for c, f in zip(p["covered"], p["full"]))


def featurize(dumped):
    data = {}
    for name, queries in dumped.items():
        rows_of = []
        for q in queries:
            n = q["n"]
            best_score = max([p["score"] for p in q["pages"]] or [1])
            best_pm = max([sum(p["pageMax"]) for p in q["pages"]] or [1]) or 1
            rows = []
            for p in q["pages"]:
                w = [math.log(1 + (n - df + .5) / (df + .5)) if f >= 0 else 0 for df, f in zip(p["slotDF"], p["full"])]
                total = sum(w) or 1
                valid = sum(1 for f in p["full"] if f > 0) or 1
                nh = p["nHeadingSlots"]
                pm = sum(p["pageMax"])
                f = dict(allfound=float(allfound(p)),
                         cov=sum(wi * min(1, c / f) for wi, c, f in zip(w, p["covered"], p["full"]) if f > 0) / total,
                         covcount=sum(min(1, c / f) for c, f in zip(p["covered"], p["full"]) if f > 0) / valid,
                         head=p["heading"] / valid,
                         hw=sum(wi for wi, h in zip(w[:nh], p["hslots"]) if h) / total,
                         tw=sum(wi for wi, h in zip(w[:nh], p["tslots"]) if h) / total,
                         lscore=math.log(p["score"] + 1e-3), llead=math.log(p["lead"] + 1e-3), lpm=math.log(pm + 1e-3),
                         lnsec=math.log(p["nsec"] + 1), rscore=p["score"] / best_score, rpm=pm / best_pm,
                         exact=float(p["exact"]), order=-p["order"])
                rows.append(([f[k] for k in FEATS], p["page"]))
            rows_of.append((rows, q["expected"]))
        data[name] = rows_of
    return data


def measure(data, w, sets):
    res = {}
    for s in sets:
        rr = top3 = 0
        for rows, expected in data[s]:
            ids = [r[1] for r in sorted(rows, key=lambda r: -sum(a * b for a, b in zip(w, r[0])))]
            if expected in ids:
                k = ids.index(expected)
                rr += 1 / (k + 1)
                top3 += k < 3
        res[s] = (rr / len(data[s]), top3 / len(data[s]))
    return res


def fit(data, sets, seed=0):
    """Coordinate ascent on mean MRR plus half the worst set's, from the shipped ranker's order
    (exact title first, then every word found, then heading words, then score)."""
    rng = random.Random(seed)
    w = [0.0] * len(FEATS)
    for k, v in dict(exact=1000, allfound=100, head=10, lscore=1, order=0.001).items():
        w[FEATS.index(k)] = v

    def objective(ws):
        r = measure(data, ws, sets)
        return sum(m for m, _ in r.values()) / len(r) + 0.5 * min(m for m, _ in r.values())
    best = objective(w)
    for _ in range(4):
        for i in rng.sample(range(len(FEATS)), len(FEATS)):
            if FEATS[i] in ("exact", "order"):
                continue
            for step in (-100, -30, -10, -3, -1, -0.3, -0.1, 0.1, 0.3, 1, 3, 10, 30, 100):
                trial = list(w)
                trial[i] += step
                o = objective(trial)
                if o > best + 1e-9:
                    best, w = o, trial
    return w


def row(label, res):
    print(f"{label:36}" + "  ".join(f"{k:>8} {m:.3f}/{r:.3f}" for k, (m, r) in res.items()))


def main():
    cb = os.path.abspath(sys.argv[1])
    work = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "bench", ".work", "relevance-ceiling")
    os.makedirs(work, exist_ok=True)
    data = featurize(dump(cb, work))
    names = [n for n, _, _ in SETS]
    shipped = [0.0] * len(FEATS)
    for k, v in dict(exact=1000, allfound=100, head=10, lscore=1, order=0.001).items():
        shipped[FEATS.index(k)] = v
    print("MRR / recall@3 over each query's first 10 pages")
    row("shipped ranking (reproduced)", measure(data, shipped, names))
    row("fitted on all four (in sample)", measure(data, fit(data, names), names))
    alone = {}
    for s in names:
        alone.update(measure(data, fit(data, [s]), [s]))
    row("fitted on each set alone", alone)
    held = {}
    for s in names:
        held.update(measure(data, fit(data, [x for x in names if x != s]), [s]))
    row("fitted on the other three", held)
    found = {s: (sum(1 for rows, e in data[s] if e in [r[1] for r in rows]) / len(data[s]),) * 2 for s in names}
    row("expected page among the 10 (bound)", found)


if __name__ == "__main__":
    main()
