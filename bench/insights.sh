#!/usr/bin/env bash
# Report benchmark: the full knowledge-gap report (`casebook gaps --format json`) over
# 1,000,000 generated responses (5,000 learners, 2,000 cases), wall time and peak memory,
# median of RUNS. Peer in the same run: SQLite itself (the sqlite3 shell) scanning the same
# table once with a GROUP BY per question, the floor for any report over these answers.
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

bench_require sqlite3
RESPONSES="${RESPONSES:-1000000}"
LEARNERS="${LEARNERS:-5000}"
CASES="${CASES:-2000}"
WORK="$BENCH_WORK/insights"
RESULTS="$BENCH_WORK/results-insights.json"
DB="$WORK/answers.db"
STAMP="responses=$RESPONSES learners=$LEARNERS cases=$CASES gen=$(sha256sum "$BENCH_DIR/gen_responses.py" | cut -d' ' -f1)"
if [ ! -f "$WORK/stamp" ] || [ "$(cat "$WORK/stamp")" != "$STAMP" ]; then
    rm -rf "$WORK"; mkdir -p "$WORK/quizzes"
    log "generating $RESPONSES responses ($LEARNERS learners, $CASES cases)"
    CASEBOOK="$CASEBOOK" python3 "$BENCH_DIR/gen_responses.py" --db "$DB" --make-cases "$CASES" --cases-out "$WORK/quizzes/cases" \
        --content "$REPO_ROOT/Content" --learners "$LEARNERS" --responses "$RESPONSES" >&2
    echo "$STAMP" >"$WORK/stamp"
fi

measure() { # label command... -> "seconds kib" (median of RUNS)
    local label="$1"; shift
    local samples=()
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" >"$WORK/out-$label" 2>"$LOGS/insights-$label.log" \
            || { cat "$LOGS/insights-$label.log" >&2; die "$label failed"; }
        samples+=("$(cat "$WORK/time.txt")")
    done
    printf '%s\n' "${samples[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"
}

log "casebook gaps over $RESPONSES responses"
read -r cb_s cb_kib <<<"$(measure casebook "$CASEBOOK" gaps --db "$DB" --content "$REPO_ROOT/Content" --quizzes "$WORK/quizzes" --format json)"
read -r sq_s sq_kib <<<"$(measure sqlite sqlite3 "$DB" "SELECT item_id, kind, COUNT(*), SUM(score < 0.999) FROM responses GROUP BY item_id, kind")"

python3 - "$cb_s" "$cb_kib" "$sq_s" "$sq_kib" "$WORK/out-casebook" "$DB.truth.json" "$RESULTS" "$RESPONSES" <<'PY'
import json, sys
cb_s, cb_kib, sq_s, sq_kib = float(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
report, truth = json.load(open(sys.argv[5])), json.load(open(sys.argv[6]))
flagged = {g["ref"] for g in report["sections"] if g["flagged"]}
suspect = {i["item"] for i in report["items"] if "suspect-key" in i["flags"]}
weak, wrong = set(truth["weak_sections"]), set(truth["wrong_keys"])
def pr(found, true):
    hits = len(found & true)
    return (hits / len(found) if found else 1.0), (hits / len(true) if true else 1.0)
gp, gr = pr(flagged, weak)
kp, kr = pr(suspect, wrong)
r = {"responses": int(sys.argv[8]), "casebook_seconds": cb_s, "casebook_peak_mib": cb_kib / 1024, "sqlite_group_by_seconds": sq_s,
     "ratio_to_sqlite_scan": cb_s / sq_s if sq_s else None, "gaps_precision": gp, "gaps_recall": gr, "keys_precision": kp, "keys_recall": kr}
json.dump(r, open(sys.argv[7], "w"), indent=2)
print(f"knowledge-gap report over {r['responses']:,} responses")
print(f"{'metric':44} {'value':>10}   goal")
print(f"{'casebook gaps --format json (s)':44} {cb_s:>10.2f}   < 2")
print(f"{'  peak memory (MiB)':44} {cb_kib / 1024:>10.0f}   < 1024")
print(f"{'sqlite3 one GROUP BY scan of the table (s)':44} {sq_s:>10.2f}")
print(f"{'report / bare SQLite scan':44} {cb_s / sq_s if sq_s else float('nan'):>10.2f}")
print(f"{'planted weak sections found (P / R)':44} {gp:>5.2f} / {gr:.2f}")
print(f"{'planted wrong keys found (P / R)':44} {kp:>5.2f} / {kr:.2f}")
PY
