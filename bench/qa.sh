#!/usr/bin/env bash
# Production QA benchmark: `casebook qa report` over AUDITS generated audited decisions
# (default 10,000,000) against a bare SQLite GROUP BY over the same table in the same run
# (the sqlite3 shell, one scan), wall time and peak memory, median of RUNS; and
# `casebook qa import` of IMPORT_ROWS rows (default 1,000,000) with redaction, once.
# Goals: report < 5 s and < 1 GiB; import < 30 s.
#
#   BENCH_SECTIONS="qa" bench/run.sh      or      AUDITS=1000000 bash bench/qa.sh
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

bench_require sqlite3
AUDITS="${AUDITS:-10000000}"
IMPORT_ROWS="${IMPORT_ROWS:-1000000}"
WORK="$BENCH_WORK/qa"
RESULTS="$BENCH_WORK/results-qa.json"
CONTENT="$REPO_ROOT/Content"
mkdir -p "$WORK"

measure() { # label command... -> "seconds kib" (median of RUNS)
    local label="$1"; shift
    local samples=()
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" >"$WORK/out-$label" 2>"$LOGS/qa-$label.log" \
            || { cat "$LOGS/qa-$label.log" >&2; die "$label failed"; }
        samples+=("$(cat "$WORK/time.txt")")
    done
    printf '%s\n' "${samples[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"
}

# The report database: the schema from casebook itself (one tiny import), the rows from SQL.
STAMP="audits=$AUDITS gen=$(sha256sum "$BENCH_DIR/gen_audits.py" | cut -d' ' -f1) casebook=$(sha256sum "$CASEBOOK" | cut -d' ' -f1)"
REPORT_DB="$WORK/report.db"
if [ ! -f "$WORK/report.stamp" ] || [ "$(cat "$WORK/report.stamp")" != "$STAMP" ]; then
    rm -f "$REPORT_DB" "$REPORT_DB"-*
    log "generating $AUDITS audited decisions"
    python3 "$BENCH_DIR/gen_audits.py" csv --content "$CONTENT" --rows 10 --out "$WORK/seed.csv"
    "$CASEBOOK" qa import "$WORK/seed.csv" --source "bench seed" --db "$REPORT_DB" --content "$CONTENT" >/dev/null
    sqlite3 "$REPORT_DB" "DELETE FROM qa_audits; DELETE FROM qa_audit_details;"
    python3 "$BENCH_DIR/gen_audits.py" db --content "$CONTENT" --rows "$AUDITS" --db "$REPORT_DB" >&2
    echo "$STAMP" >"$WORK/report.stamp"
fi

log "casebook qa report over $AUDITS audits"
read -r cb_s cb_kib <<<"$(measure report "$CASEBOOK" qa report --db "$REPORT_DB" --content "$CONTENT" --format json)"
read -r sq_s sq_kib <<<"$(measure sqlite sqlite3 "$REPORT_DB" "SELECT section, outcome, COUNT(*), SUM(harm) FROM qa_audits GROUP BY section, outcome")"

# The import: a CSV export with personal data in a third of the texts, into a fresh database.
CSV="$WORK/import-$IMPORT_ROWS.csv"
[ -f "$CSV" ] || { log "writing a $IMPORT_ROWS-row QA export"; python3 "$BENCH_DIR/gen_audits.py" csv --content "$CONTENT" --rows "$IMPORT_ROWS" --out "$CSV"; }
rm -f "$WORK/import.db" "$WORK/import.db"-*
log "casebook qa import of $IMPORT_ROWS rows"
/usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$CASEBOOK" qa import "$CSV" --source "QA audit bench" --db "$WORK/import.db" --content "$CONTENT" --json \
    >"$WORK/out-import" 2>"$LOGS/qa-import.log" || { cat "$LOGS/qa-import.log" >&2; die "qa import failed"; }
read -r im_s im_kib <"$WORK/time.txt"

python3 - "$cb_s" "$cb_kib" "$sq_s" "$im_s" "$im_kib" "$WORK/out-import" "$RESULTS" "$AUDITS" "$IMPORT_ROWS" <<'PY'
import json, sys
cb_s, cb_kib, sq_s, im_s, im_kib = float(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
imported = json.load(open(sys.argv[6]))
r = {"audits": int(sys.argv[8]), "report_seconds": cb_s, "report_peak_mib": cb_kib / 1024, "sqlite_group_by_seconds": sq_s,
     "ratio_to_sqlite_group_by": cb_s / sq_s if sq_s else None, "import_rows": int(sys.argv[9]), "import_seconds": im_s,
     "import_peak_mib": im_kib / 1024, "imported": imported["imported"], "redactions": sum(imported["redactions"].values())}
json.dump(r, open(sys.argv[7], "w"), indent=2)
print(f"production QA over {r['audits']:,} audited decisions; import of {r['import_rows']:,} rows")
print(f"{'metric':44} {'value':>10}   goal")
print(f"{'casebook qa report --format json (s)':44} {cb_s:>10.2f}   < 5")
print(f"{'  peak memory (MiB)':44} {cb_kib / 1024:>10.0f}   < 1024")
print(f"{'sqlite3 GROUP BY section, outcome (s)':44} {sq_s:>10.2f}")
print(f"{'report / bare SQLite GROUP BY':44} {cb_s / sq_s if sq_s else float('nan'):>10.2f}")
print(f"{'casebook qa import (s)':44} {im_s:>10.2f}   < 30")
print(f"{'  peak memory (MiB)':44} {im_kib / 1024:>10.0f}")
print(f"{'  audits imported / pieces redacted':44} {r['imported']:>10,} / {r['redactions']:,}")
PY
