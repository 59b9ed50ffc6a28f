# Shared settings and helpers for the benchmark scripts; source it, do not run it.
#
# Settings (environment):
#   PAGES=10000          pages in the generated corpus
#   RUNS=3               samples per measurement; the median is reported
#   CASEBOOK=PATH        casebook binary (default: .build/release/casebook in the repo)
#   HUGO=hugo            hugo binary used as the baseline
#   BENCH_WORK=DIR       scratch folder (default: bench/.work, ignored by git)

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$BENCH_DIR/.." && pwd)"
PAGES="${PAGES:-10000}"
RUNS="${RUNS:-3}"
BENCH_WORK="${BENCH_WORK:-$BENCH_DIR/.work}"
mkdir -p "$BENCH_WORK"
BENCH_WORK="$(cd "$BENCH_WORK" && pwd)"   # absolute: hugo's --cacheDir requires it
CORPUS="$BENCH_WORK/corpus"
LOGS="$BENCH_WORK/logs"
mkdir -p "$LOGS"   # sections run alone (BENCH_SECTIONS=server) log here too
HUGO="${HUGO:-hugo}"

CASEBOOK="${CASEBOOK:-.build/release/casebook}"
case "$CASEBOOK" in
    /*) ;;
    */*) if [ -e "$PWD/$CASEBOOK" ]; then CASEBOOK="$PWD/$CASEBOOK"; else CASEBOOK="$REPO_ROOT/$CASEBOOK"; fi ;;
    *) CASEBOOK="$(command -v "$CASEBOOK" || echo "$REPO_ROOT/$CASEBOOK")" ;;
esac

export BENCH_DIR REPO_ROOT PAGES RUNS BENCH_WORK CORPUS LOGS HUGO CASEBOOK

case "$PAGES" in ''|*[!0-9]*) echo "bench: PAGES must be a number, got '$PAGES'" >&2; exit 2 ;; esac
case "$RUNS" in ''|*[!0-9]*|0) echo "bench: RUNS must be a positive number, got '$RUNS'" >&2; exit 2 ;; esac

# bench_require COMMAND [PACKAGE] : installs the Debian package (default: the command's name)
# when the command is missing.
bench_require() {
    local cmd="$1" pkg="${2:-$1}"
    command -v "$cmd" >/dev/null 2>&1 && return 0
    log "installing $pkg from Debian"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y "$pkg" >&2 || { apt-get update >&2 && apt-get install -y "$pkg" >&2; } \
        || die "could not install $pkg (apt-get install -y $pkg)"
}

# log MESSAGE... : progress goes to stderr so stdout holds only the reports.
log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

# The stamp names what the corpus was generated from; a mismatch means regenerate.
corpus_stamp() {
    printf 'pages=%s gen=%s\n' "$PAGES" "$(sha256sum "$BENCH_DIR/gen_corpus.py" | cut -d' ' -f1)"
}

# bench_generate_corpus: a fresh, pristine corpus of $PAGES pages in $CORPUS.
bench_generate_corpus() {
    mkdir -p "$BENCH_WORK" "$LOGS"
    bench_discard "$CORPUS"
    rm -f "$BENCH_WORK/corpus.stamp"
    log "generating $PAGES pages into $CORPUS"
    python3 "$BENCH_DIR/gen_corpus.py" "$PAGES" "$CORPUS" 2>"$LOGS/gen_corpus.log" \
        || { cat "$LOGS/gen_corpus.log" >&2; die "corpus generation failed"; }
    log "$(cat "$LOGS/gen_corpus.log")"
    corpus_stamp >"$BENCH_WORK/corpus.stamp"
}

# bench_ensure_corpus: reuse the corpus when it matches PAGES and the generator.
bench_ensure_corpus() {
    if [ -d "$CORPUS" ] && [ -f "$BENCH_WORK/corpus.stamp" ] \
        && [ "$(cat "$BENCH_WORK/corpus.stamp")" = "$(corpus_stamp)" ]; then
        mkdir -p "$LOGS"
        return 0
    fi
    bench_generate_corpus
}

# bench_timed SAMPLES LABEL CMD... : run CMD under /usr/bin/time, output to
# $LOGS/LABEL.log, and append "LABEL<TAB>seconds<TAB>peak-RSS-KiB" to SAMPLES.
# A failing command stops the benchmark with the tail of its log.
bench_timed() {
    local samples="$1" label="$2"
    shift 2
    local tfile="$LOGS/$label.time"
    if ! /usr/bin/time -f '%e %M %U %S' -o "$tfile" "$@" >"$LOGS/$label.log" 2>&1; then
        tail -n 20 "$LOGS/$label.log" >&2 || true
        die "$label failed: $* (log: $LOGS/$label.log)"
    fi
    local secs rss user sys
    read -r secs rss user sys < <(tail -n 1 "$tfile")
    printf '%s\t%s\t%s\n' "$label" "$secs" "$rss" >>"$samples"
    # CPU time too: a run whose system time jumps was slowed by the file system, not the tool.
    log "$label: ${secs}s (cpu: user ${user}s, system ${sys}s), $((rss / 1024)) MiB"
}

# bench_page_to_modify: the page every "one-file change" edits (the middle one).
bench_page_to_modify() {
    local n=$((PAGES / 2))
    [ "$n" -ge 1 ] || n=1
    local id
    id="$(printf 'gen-%05d' "$n")"
    local path
    path="$(find "$CORPUS" -name "$id.md" -print -quit)"
    [ -n "$path" ] || die "page $id not found in $CORPUS"
    printf '%s\n' "$path"
}

# bench_edit_page PATH N : the one-file change, a new paragraph appended.
bench_edit_page() {
    printf '\nBenchmark edit %s: moderators added a clarifying note to this procedure after an audit.\n' "$2" >>"$1"
}

# Deleting a big tree and then creating many files soon after is slow on this machine: its
# root file system is ext4 without a journal, where the inode allocator passes over every
# inode freed in the last 60 s (recently_deleted() in fs/ext4/ialloc.c; 360 s while the
# inode table is not yet written back). Creating 10,000 files after `rm -rf` of many others
# then costs up to 0.5 ms a file instead of about 0.04 ms, for casebook and Hugo alike (the
# system CPU time logged for each run shows it), and a timed build measures the file system
# rather than the build. So old trees are moved to a trash folder (one rename) before a
# section, deleted when its timing is over, and bench_settle waits out the window when a
# deletion was recent.
BENCH_TRASH="$BENCH_WORK/trash"
BENCH_SETTLE="${BENCH_SETTLE:-120}"

# bench_discard PATH... : moves PATHs (if present) to the trash.
bench_discard() {
    mkdir -p "$BENCH_TRASH"
    local p
    for p in "$@"; do
        [ -e "$p" ] || continue
        mv "$p" "$BENCH_TRASH/$(date +%s%N)-$(basename "$p")"
    done
}

# bench_empty_trash: deletes the trash (after the timed part of a section), then syncs.
bench_empty_trash() {
    if [ -d "$BENCH_TRASH" ] && [ -n "$(ls -A "$BENCH_TRASH")" ]; then
        log "deleting old outputs"
        rm -rf "$BENCH_TRASH"
        sync
        date +%s >"$BENCH_WORK/deleted.stamp"
    fi
}

# bench_settle: waits until BENCH_SETTLE seconds have passed since the last deletion (at
# once when nothing was deleted lately).
bench_settle() {
    [ -f "$BENCH_WORK/deleted.stamp" ] || return 0
    local wait=$(( $(cat "$BENCH_WORK/deleted.stamp") + BENCH_SETTLE - $(date +%s) ))
    if [ "$wait" -gt 0 ]; then
        log "waiting ${wait}s for the file system to settle after deleting old outputs (BENCH_SETTLE=$BENCH_SETTLE)"
        sleep "$wait"
    fi
}
