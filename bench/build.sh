#!/usr/bin/env bash
# Build benchmark: casebook against Hugo on the generated corpus.
#
# Measures, each RUNS times (median reported):
#   - full build: `casebook build --content CORPUS --out OUT` into an empty OUT
#     (the first run is the cold one; OUT is removed before every run);
#   - one-file rebuild: append a paragraph to one page, build again into the same
#     OUT (casebook's incremental build);
#   - peak RSS of the full build (/usr/bin/time %M).
# Hugo gets the same corpus and the same one-file change; Hugo has no persistent
# incremental build on the command line, so its "rebuild" is a second full build.
#
# Run by bench/run.sh; runs alone too (generates the corpus if needed).
# SKIP_CASEBOOK=1 or SKIP_HUGO=1 leaves one side out; BENCH_STRICT=1 exits 1
# when a casebook goal is missed.
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

SKIP_CASEBOOK="${SKIP_CASEBOOK:-0}"
SKIP_HUGO="${SKIP_HUGO:-0}"
SAMPLES="$BENCH_WORK/samples-build.tsv"
RESULTS="$BENCH_WORK/results-build.json"
HUGO_SITE="$BENCH_WORK/hugo"

bench_ensure_corpus
: >"$SAMPLES"
# Outputs of the last run, and their build caches, are set aside (deleted once the timing is over).
bench_discard "$BENCH_WORK"/out-casebook* "$BENCH_WORK"/out-hugo* "$BENCH_WORK/.casebook-cache"
bench_settle

EDIT_PAGE="$(bench_page_to_modify)"
EDIT_BACKUP="$BENCH_WORK/edit-page.orig"
cp "$EDIT_PAGE" "$EDIT_BACKUP"
# Whatever happens, leave the corpus pristine for the next section.
restore_page() { cp "$EDIT_BACKUP" "$EDIT_PAGE"; }
trap restore_page EXIT

# ---------------------------------------------------------------- casebook --
# Hugo builds no search index, so the comparison runs casebook with --no-search; the same
# builds with the search index follow as extra rows (the index alone is in bench/search.sh).
CASEBOOK_FLAGS="${CASEBOOK_FLAGS:---no-search}"
CASEBOOK_NOTE="${CASEBOOK_NOTE:-rows build without the search index (casebook build --no-search), as Hugo builds none; '+ search' rows are the default build with it}"
# Every full build writes into a new folder (see bench_discard in lib.sh); the rebuilds go
# into the last one.
measure_casebook() {
    local out i
    for i in $(seq 1 "$RUNS"); do
        out="$BENCH_WORK/out-casebook-$i"
        bench_timed "$SAMPLES" "casebook-full-$i" "$CASEBOOK" build --full $CASEBOOK_FLAGS --content "$CORPUS" --out "$out"
    done
    for i in $(seq 1 "$RUNS"); do
        bench_edit_page "$EDIT_PAGE" "$i"
        bench_timed "$SAMPLES" "casebook-rebuild-$i" "$CASEBOOK" build $CASEBOOK_FLAGS --content "$CORPUS" --out "$out"
    done
    restore_page
    out="$BENCH_WORK/out-casebook-search"
    bench_timed "$SAMPLES" "casebook+search-full-1" "$CASEBOOK" build --full --content "$CORPUS" --out "$out"
    # As many one-edit rebuilds as without the index: one run on a shared machine says little.
    for i in $(seq 1 "$RUNS"); do
        bench_edit_page "$EDIT_PAGE" "$i"
        bench_timed "$SAMPLES" "casebook+search-rebuild-$i" "$CASEBOOK" build --content "$CORPUS" --out "$out"
    done
    restore_page
}

# -------------------------------------------------------------------- hugo --
ensure_hugo() {
    bench_require "$HUGO" hugo
    local v
    v="$("$HUGO" version)"
    case "$v" in *v0.111.*) ;; *) log "warning: expected Hugo 0.111, found: $v" ;; esac
}

# A minimal Hugo site whose content is the corpus: every page rendered with its
# title, table of contents and content. `{#id}` and `{harm=...}` heading
# attributes need goldmark's attribute parser; `_category.yml` files are ignored;
# relative `.md` links are written out unchanged (no render hook).
write_hugo_site() {
    rm -rf "$HUGO_SITE"
    mkdir -p "$HUGO_SITE/layouts/_default"
    cat >"$HUGO_SITE/config.toml" <<TOML
baseURL = "http://localhost/"
title = "Casebook benchmark (Hugo baseline)"
languageCode = "en"
contentDir = "$CORPUS"
ignoreFiles = ['_category\\.yml\$']

[markup.goldmark.parser.attribute]
  title = true

[markup.tableOfContents]
  startLevel = 2
  endLevel = 3
TOML
    cat >"$HUGO_SITE/layouts/_default/baseof.html" <<'HTML'
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title></head>
<body>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
HTML
    cat >"$HUGO_SITE/layouts/_default/single.html" <<'HTML'
{{ define "main" }}
<article>
<header><h1>{{ .Title }}</h1></header>
<nav class="toc">{{ .TableOfContents }}</nav>
{{ .Content }}
</article>
{{ end }}
HTML
    cat >"$HUGO_SITE/layouts/_default/list.html" <<'HTML'
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
{{ end }}
HTML
}

measure_hugo() {
    local out cache="$BENCH_WORK/hugo-cache" i
    write_hugo_site
    for i in $(seq 1 "$RUNS"); do
        out="$BENCH_WORK/out-hugo-$i"
        bench_timed "$SAMPLES" "hugo-full-$i" "$HUGO" --quiet -s "$HUGO_SITE" -d "$out" --cacheDir "$cache"
    done
    local rendered
    rendered="$(find "$out" -name index.html | wc -l)"
    [ "$rendered" -gt "$PAGES" ] || die "hugo rendered only $rendered pages for $PAGES in the corpus"
    for i in $(seq 1 "$RUNS"); do
        bench_edit_page "$EDIT_PAGE" "$i"
        bench_timed "$SAMPLES" "hugo-rebuild-$i" "$HUGO" --quiet -s "$HUGO_SITE" -d "$out" --cacheDir "$cache"
    done
    restore_page
}

# ------------------------------------------------------------------ run it --
if [ "$SKIP_CASEBOOK" = 1 ]; then
    CASEBOOK_NOTE="skipped (SKIP_CASEBOOK=1)"
elif [ ! -x "$CASEBOOK" ]; then
    die "no casebook binary at $CASEBOOK: build it (swift build -c release), set CASEBOOK=PATH, or SKIP_CASEBOOK=1"
else
    log "casebook: $CASEBOOK"
    measure_casebook
fi

HUGO_VERSION=""
if [ "$SKIP_HUGO" = 1 ]; then
    log "hugo skipped (SKIP_HUGO=1)"
else
    ensure_hugo
    HUGO_VERSION="$("$HUGO" version)"
    measure_hugo
fi

bench_empty_trash

export SAMPLES RESULTS CASEBOOK_NOTE HUGO_VERSION
python3 - <<'PY'
import json, os, statistics, sys

env = os.environ
samples = {}
with open(env["SAMPLES"]) as f:
    for line in f:
        label, secs, rss = line.rstrip("\n").split("\t")
        tool, kind, _ = label.rsplit("-", 2)
        samples.setdefault((tool, kind), []).append((float(secs), int(rss)))

def stat(tool, kind, field):
    xs = samples.get((tool, kind))
    if not xs:
        return None
    vals = [x[0] for x in xs] if field == "secs" else [round(x[1] / 1024, 1) for x in xs]
    return {"median": statistics.median(vals), "samples": vals}

corpus = env["CORPUS"]
sizes = [os.path.getsize(os.path.join(d, n)) for d, _, names in os.walk(corpus) for n in names if n.endswith(".md")]
total = sum(sizes)
pages = len(sizes)

metrics = [
    ("full build (s)", "full_build_s", "full", "secs", 5.0, "< 5 s"),
    ("one-file rebuild (s)", "one_file_rebuild_s", "rebuild", "secs", 0.5, "< 0.5 s"),
    ("peak memory (MiB)", "peak_rss_mib", "full", "rss", 1024.0, "< 1024 MiB"),
]

result = {
    "section": "build",
    "corpus": {"pages": pages, "bytes": total, "avg_kb": round(total / pages / 1000, 2) if pages else 0},
    "runs": int(env["RUNS"]),
    "machine": {"cpus": os.cpu_count()},
    "casebook": {"binary": env["CASEBOOK"], "note": env.get("CASEBOOK_NOTE") or None},
    "hugo": {"version": env.get("HUGO_VERSION") or None,
             "note": "Hugo has no persistent incremental CLI build; its one-file rebuild is a second full build into the same output after the change"},
    "metrics": [],
}
rows = []
def fmt(v, key):
    if v is None:
        return "n/a"
    return f"{v:.0f}" if key == "peak_rss_mib" else f"{v:.2f}"

any_missed = False
for name, key, kind, field, goal, goal_text in metrics:
    cb = stat("casebook", kind, field)
    hu = stat("hugo", kind, field)
    result["casebook"][key] = cb
    result["hugo"][key] = hu
    c = cb["median"] if cb else None
    h = hu["median"] if hu else None
    ratio = round(c / h, 3) if c is not None and h else None
    met = (c < goal) if c is not None else None
    any_missed |= met is False
    result["metrics"].append({"metric": name, "key": key, "casebook": c, "hugo": h, "ratio": ratio,
                              "goal": goal_text, "goal_value": goal, "goal_met": met})
    rows.append((name, fmt(c, key), fmt(h, key), "n/a" if ratio is None else f"{ratio:.2f}", goal_text,
                 {True: "met", False: "MISSED", None: "n/a"}[met]))

mb = total / 1e6
print(f"corpus: {pages} pages, {mb:.1f} MB, avg {total / pages / 1000:.2f} KB")
print(f"{'metric':<27}{'casebook':<14}{'hugo':<10}{'ratio (casebook/hugo)':<24}{'goal':<13}status")
for r in rows:
    print(f"{r[0]:<27}{r[1]:<14}{r[2]:<10}{r[3]:<24}{r[4]:<13}{r[5]}")
# The rebuild after one edit with the search index (updated in place, not rebuilt): goal < 0.4 s, as without it.
for name, kind, field, goal in [("full build + search (s)", "full", "secs", None), ("rebuild + search (s)", "rebuild", "secs", 0.4),
                                ("peak memory + search (MiB)", "full", "rss", None)]:
    s = stat("casebook+search", kind, field)
    if s:
        key = "peak_rss_mib" if field == "rss" else "secs"
        result["casebook"]["with_search_" + kind + "_" + field] = s
        status = "" if goal is None else f"{'':<10}{'':<24}{'< ' + str(goal):<13}{'met' if s['median'] < goal else 'MISSED'}"
        print(f"{name:<27}{fmt(s['median'], key):<14}{status}")
print(f"(median of {env['RUNS']} runs; hugo's one-file rebuild is a full build: Hugo has no incremental CLI build)")
if env.get("CASEBOOK_NOTE"):
    print(f"(casebook {env['CASEBOOK_NOTE']})")
result["goals_met"] = None if all(m["goal_met"] is None for m in result["metrics"]) else not any_missed
with open(env["RESULTS"], "w") as f:
    json.dump(result, f, indent=2)
    f.write("\n")
PY
log "results: $RESULTS"

if [ "${BENCH_STRICT:-0}" = 1 ] && grep -q '"goal_met": false' "$RESULTS"; then
    die "a casebook goal was missed (BENCH_STRICT=1)"
fi
