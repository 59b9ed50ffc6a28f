#!/usr/bin/env bash
# Casebook benchmarks, run by `make bench` after `.build/release/casebook` is built.
#
#   bench/run.sh                      all sections on a fresh 10,000-page corpus
#   PAGES=2000 RUNS=1 bench/run.sh    smaller and quicker
#   CASEBOOK=/path/to/casebook bench/run.sh
#   BENCH_SECTIONS="build" bench/run.sh
#
# Each section is bench/<name>.sh; it prints its report table to stdout and writes
# bench/.work/results-<name>.json. Progress goes to stderr. New sections (search,
# server) are added by writing bench/<name>.sh and listing it in SECTIONS below.
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

SECTIONS="${BENCH_SECTIONS:-build search relevance history server insights pii qa learning home media postgres}"

# The generated page corpus is for the build, search and history sections only.
case " $SECTIONS " in *" build "*|*" search "*|*" history "*) bench_generate_corpus ;; esac

for section in $SECTIONS; do
    [ -f "$BENCH_DIR/$section.sh" ] || die "no benchmark section bench/$section.sh"
    log "section: $section"
    bash "$BENCH_DIR/$section.sh"
done
