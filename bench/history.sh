#!/usr/bin/env bash
# History benchmark: the build with SOP versions from git against the same build without.
#
# The generated corpus is put in a new git repository with VERSIONS (default 5) versions of
# every page (bench/gen_history.py: every commit changes every page and its `version`), so
# the site gets, per page, a versions page and VERSIONS-1 diff pages. Then, each RUNS times
# (median reported), in the same run:
#   - full build with history:    casebook build --full --content REPO/Content --out OUT
#   - full build without history: the same with --no-history
#   - one-file rebuild, with and without history: append a paragraph to one page (not
#     committed) and build again into the same OUT;
#   - rebuild after a new version of one page is committed (edit, bump `version`, commit),
#     with history: the new commit is walked, one new diff page is rendered.
# Goals (issue 13): full build with history < 1.5 x the build without; one-file rebuild
# with history < 0.5 s. Both sides of both are also reported as CPU time (user + system, all
# threads), which other processes on a shared machine do not inflate as they do wall time.
#
# Run by bench/run.sh; runs alone too (BENCH_SECTIONS=history bench/run.sh, or
# bash bench/history.sh). VERSIONS=N changes the number of versions; CASEBOOK_FLAGS adds
# flags to every build (e.g. --no-search); BENCH_STRICT=1 exits 1 when a goal is missed.
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

VERSIONS="${VERSIONS:-5}"
case "$VERSIONS" in [1-9]) ;; *) die "VERSIONS must be 1 to 9, got '$VERSIONS'" ;; esac
CASEBOOK_FLAGS="${CASEBOOK_FLAGS:-}"
SAMPLES="$BENCH_WORK/samples-history.tsv"
RESULTS="$BENCH_WORK/results-history.json"
REPO="$BENCH_WORK/history-repo"
STAMP="$BENCH_WORK/history-repo.stamp"

[ -x "$CASEBOOK" ] || die "no casebook binary at $CASEBOOK: build it (swift build -c release) or set CASEBOOK=PATH"
bench_require git

bench_ensure_corpus
# The repository is kept between runs while the corpus and the generator are the same.
history_stamp() {
    printf '%s versions=%s gen=%s\n' "$(corpus_stamp)" "$VERSIONS" "$(sha256sum "$BENCH_DIR/gen_history.py" | cut -d' ' -f1)"
}
if [ ! -d "$REPO/.git" ] || [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$(history_stamp)" ]; then
    bench_discard "$REPO"
    rm -f "$STAMP"
    log "putting the corpus in a git repository with $VERSIONS versions of every page (takes a few minutes)"
    python3 "$BENCH_DIR/gen_history.py" "$VERSIONS" "$CORPUS" "$REPO" 2>"$LOGS/gen_history.log" \
        || { cat "$LOGS/gen_history.log" >&2; die "history repository generation failed"; }
    history_stamp >"$STAMP"
fi
CONTENT="$REPO/Content"
git -C "$REPO" reset -q --hard HEAD   # pristine: the last run's edits are gone

: >"$SAMPLES"
bench_discard "$BENCH_WORK"/out-history-* "$BENCH_WORK/.casebook-cache"
bench_settle

n=$((PAGES / 2)); [ "$n" -ge 1 ] || n=1
EDIT_PAGE="$(find "$CONTENT" -name "$(printf 'gen-%05d' "$n").md" -print -quit)"
[ -n "$EDIT_PAGE" ] || die "page gen-$n not found in $CONTENT"
restore_repo() { git -C "$REPO" reset -q --hard "$(cat "$BENCH_WORK/history-repo.head")"; }
git -C "$REPO" rev-parse HEAD >"$BENCH_WORK/history-repo.head"
trap restore_repo EXIT

# Full builds alternate between with and without history, each into a new folder; the
# rebuilds go into the last full build's folder of each kind.
for i in $(seq 1 "$RUNS"); do
    bench_timed "$SAMPLES" "history-full-$i" "$CASEBOOK" build --full $CASEBOOK_FLAGS --content "$CONTENT" --out "$BENCH_WORK/out-history-with-$i"
    bench_timed "$SAMPLES" "plain-full-$i" "$CASEBOOK" build --full --no-history $CASEBOOK_FLAGS --content "$CONTENT" --out "$BENCH_WORK/out-history-without-$i"
done
[ -f "$BENCH_WORK/out-history-with-$RUNS/sop/gen-$(printf '%05d' "$n")/versions.html" ] \
    || die "the build with history wrote no versions page for gen-$n"
diffs="$(find "$BENCH_WORK/out-history-with-$RUNS/sop" -name 'diff-*.html' | wc -l)"
log "the build with history wrote $diffs diff pages"

# The floor (bench/history_floor.c): the least CPU any build with history adds, whatever its
# code: reading every older text of a page through libgit2, parsing each with cmark-gfm and
# creating the files the history adds (the paths and sizes this build wrote), on every core.
FLOOR_BIN="$BENCH_WORK/history_floor"
FLOOR_CC="$(command -v cc || command -v clang || true)"
[ -n "$FLOOR_CC" ] || die "no C compiler (cc or clang) for bench/history_floor.c"
"$FLOOR_CC" -O2 -o "$FLOOR_BIN" "$BENCH_DIR/history_floor.c" -lgit2 -lcmark-gfm -lpthread \
    || die "could not build bench/history_floor.c (needs libgit2-dev and libcmark-gfm-dev)"
git -C "$REPO" ls-tree -r HEAD | awk '$2 == "blob" && $4 ~ /\.md$/ {print $3}' | sort -u >"$BENCH_WORK/floor-head.oids"
for c in $(git -C "$REPO" rev-list HEAD); do
    git -C "$REPO" ls-tree -r "$c" | awk '$2 == "blob" && $4 ~ /\.md$/ {print $3}'
done | sort -u | comm -23 - "$BENCH_WORK/floor-head.oids" >"$BENCH_WORK/floor-old.oids"
python3 - "$BENCH_WORK/out-history-with-$RUNS" "$BENCH_WORK/out-history-without-$RUNS" >"$BENCH_WORK/floor-files.tsv" <<'PY'
import os, sys
def files(root):
    out = {}
    for d, _, names in os.walk(root):
        for n in names:
            p = os.path.join(d, n)
            out[os.path.relpath(p, root)] = os.path.getsize(p)
    return out
with_history, without = files(sys.argv[1]), files(sys.argv[2])
for path in sorted(set(with_history) - set(without)):
    print(f"{with_history[path]}\t{path}")
PY
bench_discard "$BENCH_WORK/out-history-floor"
"$FLOOR_BIN" "$REPO" "$BENCH_WORK/floor-old.oids" "$BENCH_WORK/floor-files.tsv" "$BENCH_WORK/out-history-floor" \
    >"$BENCH_WORK/floor.json" || die "bench/history_floor failed"
bench_discard "$BENCH_WORK/out-history-floor"
log "floor: $(cat "$BENCH_WORK/floor.json")"
for i in $(seq 1 "$RUNS"); do
    bench_edit_page "$EDIT_PAGE" "$i"
    bench_timed "$SAMPLES" "history-rebuild-$i" "$CASEBOOK" build $CASEBOOK_FLAGS --content "$CONTENT" --out "$BENCH_WORK/out-history-with-$RUNS"
    bench_timed "$SAMPLES" "plain-rebuild-$i" "$CASEBOOK" build --no-history $CASEBOOK_FLAGS --content "$CONTENT" --out "$BENCH_WORK/out-history-without-$RUNS"
done
restore_repo
# A new version of one page, committed: the rebuild walks one new commit.
for i in $(seq 1 "$RUNS"); do
    bench_edit_page "$EDIT_PAGE" "commit-$i"
    sed -i "s/^version: \"\\(.*\\)\"$/version: \"\\1.$i\"/" "$EDIT_PAGE"
    GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.com \
        git -C "$REPO" -c gc.auto=0 commit -q -a -m "bench: new version $i" >/dev/null
    bench_timed "$SAMPLES" "history-commit-$i" "$CASEBOOK" build $CASEBOOK_FLAGS --content "$CONTENT" --out "$BENCH_WORK/out-history-with-$RUNS"
done
restore_repo
trap - EXIT

bench_empty_trash

export SAMPLES RESULTS VERSIONS CASEBOOK_FLAGS LOGS DIFFS="$diffs" FLOOR="$BENCH_WORK/floor.json"
python3 - <<'PY'
import json, os, statistics

env = os.environ
samples = {}
with open(env["SAMPLES"]) as f:
    for line in f:
        label, secs, rss = line.rstrip("\n").split("\t")
        kind, what, _ = label.rsplit("-", 2)
        samples.setdefault((kind, what), []).append((float(secs), int(rss)))

def median(kind, what, field=0):
    xs = samples.get((kind, what))
    return statistics.median(x[field] for x in xs) if xs else None

# CPU time (user + system, all threads) from each run's /usr/bin/time output: on a shared
# machine the wall time also counts the time other processes held the cores.
def cpu(kind, what):
    xs = []
    for i in range(1, int(env["RUNS"]) + 1):
        try:
            with open(os.path.join(env["LOGS"], f"{kind}-{what}-{i}.time")) as f:
                fields = f.read().split()[-4:]
            xs.append(float(fields[2]) + float(fields[3]))
        except (OSError, ValueError, IndexError):
            pass
    return statistics.median(xs) if xs else None

full_with, full_without = median("history", "full"), median("plain", "full")
rebuild_with, rebuild_without = median("history", "rebuild"), median("plain", "rebuild")
commit_rebuild = median("history", "commit")
ratio = full_with / full_without if full_with and full_without else None
cpu_full_with, cpu_full_without = cpu("history", "full"), cpu("plain", "full")
cpu_rebuild_with, cpu_rebuild_without = cpu("history", "rebuild"), cpu("plain", "rebuild")
divide = lambda a, b: a / b if a and b else None
rows = [
    ("full build (s)", full_with, full_without, ratio, "with < 1.5 x without", None if ratio is None else ratio < 1.5),
    ("one-file rebuild (s)", rebuild_with, rebuild_without,
     rebuild_with / rebuild_without if rebuild_with and rebuild_without else None, "with < 0.5 s",
     None if rebuild_with is None else rebuild_with < 0.5),
    ("full build, CPU user+sys (s)", cpu_full_with, cpu_full_without, divide(cpu_full_with, cpu_full_without), "", None),
    ("one-file rebuild, CPU user+sys (s)", cpu_rebuild_with, cpu_rebuild_without, divide(cpu_rebuild_with, cpu_rebuild_without), "", None),
    ("rebuild, new version committed (s)", commit_rebuild, None, None, "", None),
    ("peak memory, full (MiB)", median("history", "full", 1) / 1024, median("plain", "full", 1) / 1024, None, "", None),
]
# The floor: the build without history plus the least any history adds (bench/history_floor.c).
with open(env["FLOOR"]) as f:
    floor = json.load(f)
floor_cpu = floor["read_cpu"] + floor["parse_cpu"] + floor["files_cpu"]
if cpu_full_without:
    least = cpu_full_without + floor_cpu
    rows.append(("least any build could need, CPU (s)", least, cpu_full_without, least / cpu_full_without,
                 "(floor; see below)", None))
pages = int(env["PAGES"])
print(f"corpus: {pages} pages, {env['VERSIONS']} versions of each in git; the build with history writes "
      f"{env['DIFFS']} diff pages and {pages} versions pages more")
print(f"{'metric':<38}{'with history':<15}{'without':<10}{'ratio':<8}{'goal':<23}status")
result = {"section": "history", "pages": pages, "versions": int(env["VERSIONS"]), "diff_pages": int(env["DIFFS"]),
          "runs": int(env["RUNS"]), "flags": env.get("CASEBOOK_FLAGS") or "", "metrics": []}
fmt = lambda v: "n/a" if v is None else f"{v:.2f}"
for name, w, wo, r, goal, met in rows:
    print(f"{name:<38}{fmt(w):<15}{fmt(wo):<10}{fmt(r):<8}{goal:<23}{ {True: 'met', False: 'MISSED', None: ''}[met]}")
    result["metrics"].append({"metric": name, "with_history": w, "without_history": wo, "ratio": r,
                              "goal": goal or None, "goal_met": met})
print(f"(median of {env['RUNS']} runs; flags: casebook build {env.get('CASEBOOK_FLAGS') or '(default)'})")
print(f"floor, on {floor['threads']} threads: reading {floor['texts']} older texts ({floor['text_bytes'] / 2**20:.0f} MiB) "
      f"through libgit2 {floor['read_cpu']:.2f} s CPU, parsing them with cmark-gfm {floor['parse_cpu']:.2f} s, creating the "
      f"history's {floor['files']} files in {floor['folders']} folders {floor['files_cpu']:.2f} s; no comparing, no "
      f"rendering: a build with history needs at least this much CPU on top of the build without it")
result["floor"] = floor
result["goals_met"] = all(m["goal_met"] is not False for m in result["metrics"])
with open(env["RESULTS"], "w") as f:
    json.dump(result, f, indent=2)
    f.write("\n")
PY
log "results: $RESULTS"

if [ "${BENCH_STRICT:-0}" = 1 ] && grep -q '"goal_met": false' "$RESULTS"; then
    die "a history goal was missed (BENCH_STRICT=1)"
fi
