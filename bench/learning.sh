#!/usr/bin/env bash
# Learner-state benchmark (issue 14): FSRS memory states for 10,000 learners × 2,000 items
# from 5,000,000 synthetic answers (bar: under 5 s), and an FSRS fit on the same log.
# Until the learner model is wired into the CLI, it compiles Sources/Learning with the
# generator in bench/learning_state.swift (optimised, whole module) and runs that.
#
#   BENCH_SECTIONS=learning bench/run.sh
#   bash bench/learning.sh [LEARNERS ITEMS ANSWERS]
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

WORK="$BENCH_WORK/learning"
mkdir -p "$WORK"
log "compiling Sources/Learning with bench/learning_state.swift (-O)"
swiftc -O -wmo -swift-version 6 -module-name LearningBench \
    "$REPO_ROOT"/Sources/Learning/*.swift "$BENCH_DIR/learning_state.swift" -o "$WORK/learning-state" >&2
"$WORK/learning-state" "$@"
