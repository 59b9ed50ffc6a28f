#!/usr/bin/env bash
# PII redaction quality: recall and precision of the importer's redactor on the labelled set
# in Tests/QuizTests/Fixtures/ (pii-dev.tsv, the half the patterns were developed on, and
# pii-holdout.tsv, written afterwards and never tuned on). Goal: recall >= 0.99, precision >= 0.98.
# Runs the Swift test that scores the set (debug build of the tests) and reports its figures.
#
#   BENCH_SECTIONS="pii" bench/run.sh     or     bash bench/pii.sh
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

RESULTS="$BENCH_WORK/results-pii.json"
OUT="$LOGS/pii.log"
cd "$REPO_ROOT"
log "building the tests"
swift build --build-tests >"$LOGS/pii-build.log" 2>&1 || die "swift build --build-tests failed; see $LOGS/pii-build.log"
swift test --skip-build --filter RedactionSetTests >"$OUT" 2>&1 || log "the recall/precision test failed; see $OUT"

# Lines: "pii pii-dev: recall 0.992 (128/129), precision 0.970 (129/133 redactions), look-alikes kept 102/106"
python3 - "$OUT" "$RESULTS" <<'PY'
import json, re, sys
rows = {}
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"pii (\S+): recall ([\d.]+) \((\d+)/(\d+)\), precision ([\d.]+) \((\d+)/(\d+) redactions\), look-alikes kept (\d+)/(\d+)", line)
    if m:
        half = m.group(1).removeprefix("pii-")
        rows[half] = dict(recall=float(m.group(2)), found=int(m.group(3)), items=int(m.group(4)),
                          precision=float(m.group(5)), correct=int(m.group(6)), redactions=int(m.group(7)),
                          kept=int(m.group(8)), lookalikes=int(m.group(9)))
if not rows:
    sys.exit("bench: no figures in " + sys.argv[1])
print("PII redaction (goal: recall >= 0.99, precision >= 0.98)")
print(f"{'set':<10} {'recall':>8} {'precision':>10} {'pii items':>10} {'look-alikes kept':>17}")
for half in sorted(rows):
    r = rows[half]
    print(f"{half:<10} {r['recall']:>8.3f} {r['precision']:>10.3f} {r['items']:>10} {str(r['kept']) + '/' + str(r['lookalikes']):>17}")
for line in open(sys.argv[1], encoding="utf-8"):
    if " missed: " in line or " false positive: " in line:
        print("  " + line.strip())
json.dump(rows, open(sys.argv[2], "w"), indent=2, sort_keys=True)
PY
