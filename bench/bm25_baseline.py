#!/usr/bin/python3
"""The plain baseline for search ranking: page-level BM25 (k1 1.2, b 0.75) with Snowball stemming.

Usage: bm25_baseline.py CONTENT_DIR RELEVANCE.tsv
Each Markdown page (front matter removed, its title added to its text) is one document; text is
lowercased, split into runs of letters and digits and stemmed with Snowball English
(python3-snowballstemmer, Debian). No fields, no synonyms, no stopwords. Expected results are
pages: `page#anchor` counts as `page`. Prints {"queries", "mrr", "recall_at_3"} as JSON.
"""
import csv, json, math, os, re, sys
from collections import Counter

import snowballstemmer

stem = snowballstemmer.stemmer("english").stemWord
WORD = re.compile(r"[^\W_]+")


def terms(text):
    return [stem(w) for w in WORD.findall(text.lower())]


def pages(content):
    for root, _, files in os.walk(content):
        for name in sorted(files):
            if not name.endswith(".md") or name.startswith("_"):
                continue
            text = open(os.path.join(root, name), encoding="utf-8").read()
            meta, body = {}, text
            m = re.match(r"---\n(.*?)\n---\n", text, re.S)
            if m:
                body = text[m.end():]
                for line in m.group(1).split("\n"):
                    k, _, v = line.partition(":")
                    meta[k.strip()] = v.strip().strip("'\"")
            if meta.get("status", "published") != "published":
                continue
            yield meta.get("id", name[:-3]), meta.get("title", "") + "\n" + body


docs = {pid: Counter(terms(text)) for pid, text in pages(sys.argv[1])}
lengths = {pid: sum(c.values()) for pid, c in docs.items()}
avg = sum(lengths.values()) / len(docs)
df = Counter(t for c in docs.values() for t in c)
n = len(docs)


def score(query):
    out = {}
    for pid, c in docs.items():
        s = 0.0
        for t in set(terms(query)):
            if t in c:
                idf = math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5))
                s += idf * c[t] * 2.2 / (c[t] + 1.2 * (0.25 + 0.75 * lengths[pid] / avg))
        if s > 0:
            out[pid] = s
    return sorted(out, key=lambda p: (-out[p], p))


rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8"), delimiter="\t"))
rr = top3 = 0
for r in rows:
    ranked = score(r["query"])
    page = r["expected"].split("#")[0]
    if page in ranked:
        k = ranked.index(page)
        rr += 1 / (k + 1)
        top3 += k < 3
print(json.dumps({"queries": len(rows), "mrr": round(rr / len(rows), 3), "recall_at_3": round(top3 / len(rows), 3)}))
