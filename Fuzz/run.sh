#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ and runs each for FUZZ_SECONDS seconds (default 20).
#
#   Fuzz/run.sh                        every target, 20 s each
#   FUZZ_SECONDS=300 Fuzz/run.sh FuzzImport
#
# Targets are built with AddressSanitizer and libFuzzer into .build-fuzz (CASEBOOK_FUZZ=1 adds them
# to Package.swift; a normal build never sees them). Seed corpora come from the sample
# content (Content/, Quizzes/) and Fuzz/<Target>/seeds; inputs that once crashed or hung
# are kept in Fuzz/<Target>/regressions and replayed first. An input slower than 5 s, a
# crash, a leak or more than 2 GB of memory fails the run; the input is written to
# .build-fuzz/artifacts/<Target>/ and the run stops with a non-zero status.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH="${FUZZ_SECONDS:-20}"
ALL="FuzzYAML FuzzMarkdown FuzzImport FuzzDocsImport FuzzWordDocument FuzzHTTP FuzzAnswers"
TARGETS="${*:-$ALL}"
SCRATCH=.build-fuzz
mkdir -p "$SCRATCH"
# -sanitize=fuzzer would link libFuzzer's own main, which clashes with the main SwiftPM gives
# every executable; so: ASan plus libFuzzer's coverage, and libFuzzer without its main
# (Fuzz/FuzzDriver calls its driver). -enable-testing lets targets reach internal entry points.
NO_MAIN="$(ls "$(dirname "$(readlink -f "$(command -v swiftc)")")"/../lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a 2>/dev/null | head -1)"
[ -n "$NO_MAIN" ] || { echo "fuzz: libclang_rt.fuzzer_no_main is not in the Swift toolchain" >&2; exit 1; }
FLAGS=(-c release --scratch-path "$SCRATCH" -Xswiftc -sanitize=address
       -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,trace-cmp,pc-table -Xswiftc -enable-testing
       -Xlinker --whole-archive -Xlinker "$NO_MAIN" -Xlinker --no-whole-archive -Xlinker -lstdc++)

for t in $TARGETS; do
    echo "fuzz: building $t" >&2
    CASEBOOK_FUZZ=1 swift build "${FLAGS[@]}" --product "$t" >"$SCRATCH/build-$t.log" 2>&1 || { tail -40 "$SCRATCH/build-$t.log" >&2; exit 1; }
done
BIN="$(CASEBOOK_FUZZ=1 swift build "${FLAGS[@]}" --show-bin-path)"

# seed_corpus TARGET: the sample files that target reads, copied into a writable corpus.
seed_corpus() {
    local t="$1" dir="$SCRATCH/corpus/$1"
    mkdir -p "$dir"
    local files=()
    case "$t" in
        FuzzYAML) mapfile -t files < <(find Content Quizzes/blueprints Quizzes/cases Quizzes/questions -type f \( -name '*.md' -o -name '*.yml' \)) ;;
        FuzzMarkdown) mapfile -t files < <(find Content -type f -name '*.md') ;;
        FuzzImport) mapfile -t files < <(find Quizzes/imports -type f) ;;
        FuzzDocsImport) mapfile -t files < <(find Tests/HandbookTests/Fixtures/import -type f -name '*.md') ;;
    esac
    [ -d "Fuzz/$t/seeds" ] && mapfile -t -O "${#files[@]}" files < <(find "Fuzz/$t/seeds" -type f)
    for f in "${files[@]}"; do cp "$f" "$dir/${f//\//_}"; done
    echo "$dir"
}

status=0
for t in $TARGETS; do
    corpus="$(seed_corpus "$t")"
    # Known leaks outside the code under test: Fuzz/lsan.supp, plus the target's own.
    cat Fuzz/lsan.supp $( [ -f "Fuzz/$t/lsan.supp" ] && echo "Fuzz/$t/lsan.supp" ) >"$SCRATCH/lsan-$t.supp"
    export LSAN_OPTIONS="suppressions=$PWD/$SCRATCH/lsan-$t.supp:print_suppressions=0"
    artifacts="$SCRATCH/artifacts/$t/"
    mkdir -p "$artifacts"
    dirs=("$corpus")
    [ -d "Fuzz/$t/regressions" ] && dirs+=("Fuzz/$t/regressions")
    echo "fuzz: $t for ${SECONDS_EACH}s" >&2
    if ! "$BIN/$t" -max_total_time="$SECONDS_EACH" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 \
            -artifact_prefix="$artifacts" "${dirs[@]}" >"$SCRATCH/$t.log" 2>&1; then
        tail -40 "$SCRATCH/$t.log" >&2
        echo "fuzz: $t failed; the input is in $artifacts (fix the defect, then keep the input in Fuzz/$t/regressions/)" >&2
        status=1
    else
        grep -E '^stat::number_of_executed_units|^Done' "$SCRATCH/$t.log" | tr '\n' ' ' >&2; echo >&2
    fi
done
exit "$status"
