#!/usr/bin/env bash
# Search benchmark: Casebook's index against Pagefind 1.5 on the same built site.
#
# On the generated corpus: index build time (the search phases of a full build, from
# CASEBOOK_TRACE), index size and file count, bytes a browser fetches for a first one-word
# and a first three-word query (every file, scripts included, each query in a fresh browser;
# Pagefind's counted from the server's log, as its worker's fetches are not in the page's
# resource timing), and CLI query latency.
# Pagefind (pip install pagefind-bin==1.5.0) indexes the same built site (minus Casebook's
# index) in the same run. Ranking: MRR and recall@3 on the relevance set over the sample
# handbook, Casebook (CLI) and Pagefind.
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

bench_ensure_corpus
RESULTS="$BENCH_WORK/results-search.json"
SITE="$BENCH_WORK/search-site"
PF_SITE="$BENCH_WORK/pagefind-site"
ONE_WORD="${ONE_WORD:-refund}"
THREE_WORDS="${THREE_WORDS:-counterfeit seller appeal}"
RELEVANCE="$REPO_ROOT/Tests/SearchTests/Fixtures/relevance.tsv"

python3 -c "import selenium" 2>/dev/null || python3 -m pip install --quiet "selenium==4.51.0"
python3 -m pagefind_bin --version >/dev/null 2>&1 || python3 -m pip install --quiet "pagefind-bin==1.5.0"

log "casebook: full build with search index"
bench_discard "$SITE" "$PF_SITE" "$BENCH_WORK/.casebook-cache/search-site.bin" "$BENCH_WORK/.casebook-cache/search-site.search.bin"
bench_settle
CASEBOOK_TRACE=1 "$CASEBOOK" build --full --content "$CORPUS" --out "$SITE" >"$LOGS/search-build.log" 2>&1
# A trace line is "trace: PHASE  WALL ms  (cpu CPU ms)": take the wall-clock time.
wall_ms() { awk -v phase="$1" 'index($0, "trace: " phase) == 1 { for (i = 1; i <= NF; i++) if ($i == "ms") { print $(i - 1); exit } }' "$LOGS/search-build.log"; }
analyse=$(wall_ms "search: analyse")
assemble=$(wall_ms "search: build index")
files=$(wall_ms "search: index files")
index_seconds=$(python3 -c "print(round(($analyse + $assemble + ${files:-0}) / 1000, 2))")
index_bytes=$(du -sb "$SITE/search" | cut -f1)
index_files=$(find "$SITE/search" -type f | wc -l)

log "casebook: CLI query latency"
cli_ms=$(python3 - "$CASEBOOK" "$SITE" <<'PY'
import statistics, subprocess, sys, time
cb, site = sys.argv[1], sys.argv[2]
times = []
for q in ["refund", "counterfeit seller appeal", "escalaton", "\"decision table\"", "market:UK knife"] * 4:
    t = time.perf_counter(); subprocess.run([cb, "search", q, "--site", site, "--json"], capture_output=True); times.append(time.perf_counter() - t)
print(round(statistics.median(times) * 1000, 1))
PY
)

log "casebook: bytes for a first query in Chromium"
cb_bytes=$(python3 "$BENCH_DIR/search_measure.py" bytes "$SITE" "$ONE_WORD" "$THREE_WORDS")

log "pagefind: indexing the same site"
cp -r "$SITE" "$PF_SITE"; bench_discard "$PF_SITE/search"
/usr/bin/time -f '%e %M' -o "$LOGS/pagefind.time" python3 -m pagefind_bin --site "$PF_SITE" >"$LOGS/pagefind.log" 2>&1
read -r pf_seconds pf_rss < "$LOGS/pagefind.time"
pf_bytes_total=$(du -sb "$PF_SITE/pagefind" | cut -f1)
pf_files=$(find "$PF_SITE/pagefind" -type f | wc -l)
pf_query=$(python3 "$BENCH_DIR/search_measure.py" pagefind-bytes "$PF_SITE" "$ONE_WORD" "$THREE_WORDS")

log "ranking on the relevance set (sample handbook)"
SAMPLE="$BENCH_WORK/sample-site"
rm -rf "$SAMPLE"
"$CASEBOOK" build --full --content "$REPO_ROOT/Content" --out "$SAMPLE" >/dev/null 2>&1
cb_rank=$(python3 - "$CASEBOOK" "$SAMPLE" "$RELEVANCE" <<'PY'
import csv, json, subprocess, sys
cb, site, rel = sys.argv[1:4]
rows = list(csv.DictReader(open(rel, encoding="utf-8"), delimiter="\t"))
rr = top3 = 0
for r in rows:
    out = subprocess.run([cb, "search", r["query"], "--site", site, "--json", "--limit", "10"], capture_output=True, text=True).stdout or "[]"
    # One result per page; a section folded under its page's best one counts at the page's rank.
    groups = [[y["url"].replace("sop/", "").replace(".html", "") for y in [x] + x.get("more", [])] for x in json.loads(out)]
    hits = [k for k, g in enumerate(groups) if r["expected"] in g]
    if hits:
        k = hits[0]; rr += 1 / (k + 1); top3 += k < 3
print(json.dumps({"queries": len(rows), "mrr": rr / len(rows), "recall_at_3": top3 / len(rows)}))
PY
)
rm -rf "$SAMPLE-pf"; cp -r "$SAMPLE" "$SAMPLE-pf"; rm -rf "$SAMPLE-pf/search"
python3 -m pagefind_bin --site "$SAMPLE-pf" >"$LOGS/pagefind-sample.log" 2>&1
pf_rank=$(python3 "$BENCH_DIR/search_measure.py" pagefind-rank "$SAMPLE-pf" "$RELEVANCE")

bench_empty_trash

python3 - "$RESULTS" <<PY
import json, sys
cb_bytes = json.loads('''$cb_bytes'''); pf_query = json.loads('''$pf_query''')
cb_rank = json.loads('''$cb_rank'''); pf_rank = json.loads('''$pf_rank''')
one, three = "$ONE_WORD", "$THREE_WORDS"
r = {
  "pages": $PAGES,
  "index_seconds": {"casebook": $index_seconds, "pagefind": float("$pf_seconds")},
  "index_bytes": {"casebook": $index_bytes, "pagefind": $pf_bytes_total},
  "index_files": {"casebook": $index_files, "pagefind": $pf_files},
  "first_query_bytes_one_word": {"casebook": cb_bytes[one]["bytes"], "pagefind": pf_query[one]["bytes"], "query": one},
  "first_query_bytes_three_words": {"casebook": cb_bytes[three]["bytes"], "pagefind": pf_query[three]["bytes"], "query": three},
  "first_query_gzip_bytes": {"casebook": [cb_bytes[one]["gzip"], cb_bytes[three]["gzip"]], "pagefind": [pf_query[one]["gzip"], pf_query[three]["gzip"]]},
  "first_query_files": {"casebook": [cb_bytes[one]["files"], cb_bytes[three]["files"]], "pagefind": [pf_query[one]["files"], pf_query[three]["files"]]},
  "cli_query_ms": $cli_ms,
  "ranking": {"casebook": cb_rank, "pagefind": pf_rank},
}
json.dump(r, open(sys.argv[1], "w"), indent=2)
def row(name, a, b, goal):
    ratio = a / b if b else float("nan")
    print(f"{name:34} {a:>12,.2f} {b:>12,.2f} {ratio:>8.3f}   {goal}")
print(f"search index on {r['pages']} pages (casebook vs pagefind 1.5, same site, same run)")
print(f"{'metric':34} {'casebook':>12} {'pagefind':>12} {'ratio':>8}   goal")
row("index build (s)", r["index_seconds"]["casebook"], r["index_seconds"]["pagefind"], "< 0.2")
row("index size (MB)", r["index_bytes"]["casebook"] / 1e6, r["index_bytes"]["pagefind"] / 1e6, "")
row("index files", r["index_files"]["casebook"], r["index_files"]["pagefind"], "")
row(f"first query '{one}' (KB)", cb_bytes[one]["bytes"] / 1e3, pf_query[one]["bytes"] / 1e3, "< 0.5")
row(f"first query '{three}' (KB)", cb_bytes[three]["bytes"] / 1e3, pf_query[three]["bytes"] / 1e3, "< 0.5")
row(f"  gzip-compressed, '{one}' (KB)", cb_bytes[one]["gzip"] / 1e3, pf_query[one]["gzip"] / 1e3, "< 0.5")
row(f"  gzip-compressed, '{three}' (KB)", cb_bytes[three]["gzip"] / 1e3, pf_query[three]["gzip"] / 1e3, "< 0.5")
print(f"{'CLI query latency (ms, median)':34} {r['cli_query_ms']:>12}")
print(f"{'ranking MRR / recall@3':34} {cb_rank['mrr']:.3f}/{cb_rank['recall_at_3']:.3f}   {pf_rank['mrr']:.3f}/{pf_rank['recall_at_3']:.3f}   (casebook >= pagefind)")
PY
