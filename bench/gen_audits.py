#!/usr/bin/env python3
"""Generates audited production decisions for the `qa` benchmark (deterministic, seeded).

  gen_audits.py csv --content Content --rows 1000000 --out audits.csv
      a QA audit export in the default columns, case texts in the market's language, with
      personal data (phones, e-mail addresses, links, handles, addresses, cards) in about a
      third of the case texts and a seventh of the comments, double audits
      and appeal outcomes, for `casebook qa import`.
  gen_audits.py db --content Content --rows 10000000 --db qa.db
      fills the qa_audits and qa_labels tables of a database that `casebook qa import`
      has created (schema by its migrations) directly, for `casebook qa report`: ten
      million rows through the importer would take minutes to set up.
"""
import argparse, glob, os, random, re, sqlite3, sys

ACTIONS = ["approve", "restrict", "remove", "request-info", "warn-seller", "end-stream", "suspend-seller", "escalate"]
MARKETS = ["UK", "US", "ID", "TH", "VN"]
VENDORS = ["in-house", "acme-bpo", "northwind", "lumen"]
QUEUES = ["listings", "live", "sellers", "reviews", "chat", "appeals-review"]
TYPES = ["listing", "live-stream", "seller", "review", "chat"]

def codes(content):
    """(code, section ref) of every policy code heading in the English pages."""
    out = []
    for path in sorted(glob.glob(os.path.join(content, "**", "*.md"), recursive=True)):
        if re.search(r"\.(id|th|vi)\.md$", path):
            continue
        text = open(path, encoding="utf-8").read()
        m = re.search(r"^id:\s*(\S+)", text, re.M)
        if not m:
            continue
        for c in re.findall(r"^#{2,4} ([A-Z]{2,3}-\d{2}) .*\{harm=", text, re.M):
            out.append((c, f"{m.group(1)}#{c.lower()}"))
    if not out:
        sys.exit("gen_audits: no policy codes found in " + content)
    return out

def decision(rng, code_list):
    code, section = rng.choice(code_list)
    qa = rng.choice(["remove", "remove", "restrict", "approve", "suspend-seller", "warn-seller"])
    qa_codes = "" if qa == "approve" else code
    r = rng.random()
    if r < 0.85:
        mod, mod_codes = qa, qa_codes
    elif r < 0.90:
        mod, mod_codes = "remove", code          # over-enforcement when QA approved
        if qa != "approve":
            mod, mod_codes = "approve", ""       # under-enforcement
    elif r < 0.95:
        mod, mod_codes = rng.choice(ACTIONS), code
    else:
        mod, mod_codes = qa, rng.choice(code_list)[0] if qa != "approve" else ""
    return code, section, mod, mod_codes, qa, qa_codes

def write_csv(args):
    rng = random.Random(args.seed)
    code_list = codes(args.content)
    teams = [f"{m.lower()}-team-{i}" for m in MARKETS for i in range(1, 5)]
    pii = ["call me 0812 3456 7890", "mail amina.putri{n}@example.com", "order via https://wa.me/62812{n:07d}",
           "+44 7700 900{n3:03d}", "Line ID: shop{n3}", "โทร 081-234-5{n3:03d}", "amina [at] gmail [dot] com",
           "ambil di Jl. Melati No. {n3}", "card 4111 1111 1111 1111 exp 12/28", "IG: toko.bagus{n3}", "Zalo 0912.345.{n3:03d}"]
    # Case texts as moderators see them, in the market's language (Thai and Vietnamese are not ASCII).
    items = {"UK": ["branded bag, {g}, price {p}", "trainers 'ori 100%', {g}, {p} quid", "phone case, {g}, only {p}"],
             "US": ["branded bag, {g}, price {p}", "sneakers, {g}, ${p}", "watch 'same factory', {g}, {p} bucks"],
             "ID": ["tas branded {g}, harga {p}rb", "sepatu ori 100%, {g}, {p}rb nego", "jam tangan {g}, cuma {p}rb"],
             "TH": ["กระเป๋าแบรนด์เนม {g} ราคา {p} บาท", "รองเท้า {g} ของแท้ {p}฿", "นาฬิกา {g} ราคาถูก {p} บาท"],
             "VN": ["túi hàng hiệu {g}, giá {p}k", "giày {g} chính hãng, {p}k", "đồng hồ {g} giá rẻ {p}k"]}
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        f.write("sample_id,decision_time,moderator_id,team,vendor,market,queue,item_type,moderator_action,moderator_codes,"
                "qa_action,qa_codes,qa_reviewer_id,second_action,second_codes,second_reviewer_id,appeal_outcome,sop_reference,case_text,qa_comment\n")
        for n in range(1, args.rows + 1):
            code, section, mod, mod_codes, qa, qa_codes = decision(rng, code_list)
            team = rng.choice(teams)
            market = team.split("-")[0].upper()
            day = 1 + n * 28 // args.rows
            second = ("", "", "")
            if rng.random() < 0.05:
                second = (qa if rng.random() < 0.8 else rng.choice(ACTIONS), qa_codes, f"qa-{rng.randrange(40, 80)}")
            appeal = rng.choice(["upheld", "overturned"]) if rng.random() < 0.03 else ""
            grade = rng.choice(['KW super', 'ori 100%', 'grade A', 'mirror copy'])
            text = f"Listing {n}: " + rng.choice(items[market]).format(g=grade, p=rng.randrange(10, 900))
            comment = "ok" if mod == qa else f"should be {qa}"
            if n % 3 == 0:
                text += ", " + rng.choice(pii).format(n=n % 10_000_000, n3=n % 1000)
            if n % 7 == 0:
                comment += "; seller " + rng.choice(pii).format(n=n % 10_000_000, n3=n % 1000)
            f.write(f"a-{n:08d},2026-11-{day:02d}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:00Z,mod-{rng.randrange(2000):04d},{team},"
                    f"{rng.choice(VENDORS)},{market},{rng.choice(QUEUES)},{rng.choice(TYPES)},{mod},{mod_codes},{qa},{qa_codes},"
                    f"qa-{rng.randrange(40):02d},{second[0]},{second[1]},{second[2]},{appeal},,\"{text}\",\"{comment}\"\n")

def fill_db(args):
    """Labels through Python, the ten million rows through one SQL statement (SQLite's own
    loop is ~20x faster than inserting from Python); values from a multiplicative hash of
    the row number, so the table is the same on every run."""
    code_list = codes(args.content)
    db = sqlite3.connect(args.db)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    def labels(kind, values):
        for v in values:
            db.execute("INSERT OR IGNORE INTO qa_labels (kind, value) VALUES (?, ?)", (kind, v))
        return [db.execute("SELECT id FROM qa_labels WHERE kind = ? AND value = ?", (kind, v)).fetchone()[0] for v in values]
    sections = labels("section", [s for _, s in code_list])
    code_ids = labels("code", [c for c, _ in code_list])
    markets = labels("market", MARKETS)
    vendors = labels("vendor", VENDORS)
    teams = labels("team", [f"{m.lower()}-team-{i}" for m in MARKETS for i in range(1, 5)])
    queues = labels("queue", QUEUES)
    actions = labels("action", ACTIONS)
    mods = labels("moderator", [f"mod-{i:04d}" for i in range(2000)])
    reviewers = labels("reviewer", [f"qa-{i:02d}" for i in range(80)])
    types = labels("item_type", TYPES)
    for name, ids in [("sec", sections), ("cod", code_ids), ("mkt", markets), ("ven", vendors), ("tea", teams), ("que", queues),
                      ("act", actions), ("mods", mods), ("revs", reviewers), ("typ", types)]:
        db.execute(f"CREATE TEMP TABLE {name} (i INTEGER PRIMARY KEY, id INTEGER)")
        db.executemany(f"INSERT INTO {name} VALUES (?, ?)", list(enumerate(ids)))
    n = len(code_list)
    # h(i, k): a deterministic pseudo-random number per row and purpose.
    h = lambda k: f"((i * {2654435761 + 2 * k} + {k * 40503}) % 1000003)"
    day0 = 20758  # 2026-11-01
    db.execute(f"""
        INSERT INTO qa_audits (day, week, outcome, harm, section, code, market, vendor, team, queue, qa_action, second_action, appeal,
                               moderator, moderator_action, reviewer, second_reviewer, item_type, sample_id)
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {args.rows}),
        r AS (SELECT i, {h(1)} AS a, {h(2)} AS b, {h(3)} AS c, {h(4)} AS d, {h(5)} AS e, {h(6)} AS f, {h(7)} AS g FROM n)
        SELECT {day0} + (i * 56 / {args.rows}), 0,
               CASE WHEN a % 100 < 85 THEN 0 ELSE 1 + a % 3 END, 1 + b % 4,
               (SELECT id FROM sec WHERE sec.i = c % {n}), (SELECT id FROM cod WHERE cod.i = c % {n}),
               (SELECT id FROM tea WHERE tea.i = d % 20) * 0 + (SELECT id FROM mkt WHERE mkt.i = (d % 20) / 4),
               (SELECT id FROM ven WHERE ven.i = e % 4), (SELECT id FROM tea WHERE tea.i = d % 20), (SELECT id FROM que WHERE que.i = f % 6),
               (SELECT id FROM act WHERE act.i = g % 8),
               CASE WHEN b % 100 < 5 THEN (SELECT id FROM act WHERE act.i = (g + (a % 5 = 0)) % 8) ELSE 0 END,
               CASE WHEN e % 100 < 3 THEN 1 + c % 2 ELSE 0 END,
               (SELECT id FROM mods WHERE mods.i = a % 2000), (SELECT id FROM act WHERE act.i = (g + (a % 100 >= 85)) % 8),
               (SELECT id FROM revs WHERE revs.i = b % 40), CASE WHEN b % 100 < 5 THEN (SELECT id FROM revs WHERE revs.i = 40 + c % 40) ELSE 0 END,
               (SELECT id FROM typ WHERE typ.i = f % 5), printf('a-%09d', i)
        FROM r
    """)
    # ISO week (year * 100 + week) of each day, as the importer stores it: Thursday's year.
    db.execute("""UPDATE qa_audits SET week = CAST(strftime('%Y', day * 86400 + 3 * 86400 - ((day + 3) % 7) * 86400, 'unixepoch') AS INTEGER) * 100
                  + (CAST(strftime('%j', day * 86400 + 3 * 86400 - ((day + 3) % 7) * 86400, 'unixepoch') AS INTEGER) + 6) / 7""")
    # The tallies `qa import` keeps beside the audits (the statements of the qa_tallies migration).
    sums = ", ".join([f"SUM(CASE WHEN outcome = {o} THEN 1 ELSE 0 END)" for o in range(4)]
                     + [f"SUM(CASE WHEN outcome = {o} THEN harm ELSE 0 END)" for o in range(4)]
                     + ["SUM(CASE WHEN appeal <> 0 THEN 1 ELSE 0 END)", "SUM(CASE WHEN appeal = 2 THEN 1 ELSE 0 END)"])
    db.execute("DELETE FROM qa_tallies")
    for kind, labels_, where in [(0, "section, code, 0", ""), (1, "queue, 0, 0", ""),
                                 (2, "section, qa_action, second_action", "WHERE second_action <> 0")]:
        group = ", ".join(l for l in labels_.split(", ") if l != "0")
        db.execute(f"""INSERT INTO qa_tallies (kind, day, week, market, vendor, team, a, b, c, n0, n1, n2, n3, h0, h1, h2, h3, appealed, overturned)
                       SELECT {kind}, day, week, market, vendor, team, {labels_}, {sums} FROM qa_audits {where}
                       GROUP BY day, week, market, vendor, team, {group}""")
    db.commit()
    db.close()

def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["csv", "db"])
    p.add_argument("--content", required=True)
    p.add_argument("--rows", type=int, required=True)
    p.add_argument("--out")
    p.add_argument("--db")
    p.add_argument("--seed", type=int, default=48)
    args = p.parse_args()
    write_csv(args) if args.mode == "csv" else fill_db(args)

if __name__ == "__main__":
    main()
