#!/usr/bin/env bash
# Production QA benchmark, each goal against a bare SQLite peer in the same run:
#  - `casebook qa report` over AUDITS generated audited decisions (default 10,000,000)
#    against a bare SQLite GROUP BY over the same table (the sqlite3 shell, one scan);
#    goal < 5 s and < 1 GiB peak memory;
#  - `casebook qa import` of IMPORT_ROWS rows (default 1,000,000) with redaction into a
#    fresh database against the sqlite3 shell's `.import` of the same CSV (no checks, no
#    redaction); goal < 30 s.
# Wall time, CPU time and peak memory, median of RUNS (the import once: IMPORT_RUNS).
# The report database and the CSV are generated once into bench/.work/qa and reused while
# the generator and the schema are the same (ten million rows take minutes to generate).
#
#   BENCH_SECTIONS="qa" bench/run.sh      or      AUDITS=1000000 IMPORT_ROWS=100000 bash bench/qa.sh
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

bench_require sqlite3
AUDITS="${AUDITS:-10000000}"
IMPORT_ROWS="${IMPORT_ROWS:-1000000}"
IMPORT_RUNS="${IMPORT_RUNS:-1}"
for v in AUDITS IMPORT_ROWS IMPORT_RUNS; do
    case "${!v}" in ''|*[!0-9]*|0) die "$v must be a positive number, got '${!v}'" ;; esac
done
WORK="$BENCH_WORK/qa"
RESULTS="$BENCH_WORK/results-qa.json"
CONTENT="$REPO_ROOT/Content"
mkdir -p "$WORK"
GEN_HASH="$(sha256sum "$BENCH_DIR/gen_audits.py" | cut -d' ' -f1)"

measure() { # label runs command... -> "wall-seconds peak-kib cpu-seconds" (median by wall time)
    local label="$1" runs="$2"; shift 2
    local samples=()
    for _ in $(seq "$runs"); do
        /usr/bin/time -f "%e %M %U %S" -o "$WORK/time.txt" "$@" >"$WORK/out-$label" 2>"$LOGS/qa-$label.log" \
            || { cat "$LOGS/qa-$label.log" >&2; die "$label failed"; }
        read -r wall kib user sys <"$WORK/time.txt"
        samples+=("$wall $kib $(python3 -c "print(f'{$user + $sys:.2f}')")")
    done
    printf '%s\n' "${samples[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}

# The schema comes from casebook itself (one tiny import); the stamp names it, so a new
# migration regenerates the report database and a rebuilt binary alone does not.
python3 "$BENCH_DIR/gen_audits.py" csv --content "$CONTENT" --rows 10 --out "$WORK/seed.csv"
rm -f "$WORK/seed.db" "$WORK/seed.db"-*
"$CASEBOOK" qa import "$WORK/seed.csv" --source "bench seed" --db "$WORK/seed.db" --content "$CONTENT" >/dev/null
SCHEMA_HASH="$(sqlite3 "$WORK/seed.db" .schema | sha256sum | cut -d' ' -f1)"
STAMP="audits=$AUDITS gen=$GEN_HASH schema=$SCHEMA_HASH"
REPORT_DB="$WORK/report-$AUDITS.db"
if [ ! -f "$REPORT_DB.stamp" ] || [ "$(cat "$REPORT_DB.stamp")" != "$STAMP" ]; then
    rm -f "$REPORT_DB" "$REPORT_DB"-* "$REPORT_DB.stamp"
    log "generating $AUDITS audited decisions into $REPORT_DB"
    cp "$WORK/seed.db" "$REPORT_DB"
    sqlite3 "$REPORT_DB" "DELETE FROM qa_audits; DELETE FROM qa_audit_details;"
    python3 "$BENCH_DIR/gen_audits.py" db --content "$CONTENT" --rows "$AUDITS" --db "$REPORT_DB" >&2
    echo "$STAMP" >"$REPORT_DB.stamp"
fi

log "casebook qa report over $AUDITS audits; sqlite3 GROUP BY over the same table"
read -r cb_s cb_kib cb_cpu <<<"$(measure report "$RUNS" "$CASEBOOK" qa report --db "$REPORT_DB" --content "$CONTENT" --format json)"
read -r sq_s sq_kib sq_cpu <<<"$(measure sqlite "$RUNS" sqlite3 "$REPORT_DB" "SELECT section, outcome, COUNT(*), SUM(harm) FROM qa_audits GROUP BY section, outcome")"

# The import: a CSV export with personal data in a third of the texts, into a fresh database.
CSV="$WORK/import-$IMPORT_ROWS.csv"
if [ ! -f "$CSV.stamp" ] || [ "$(cat "$CSV.stamp")" != "$GEN_HASH" ]; then
    log "writing a $IMPORT_ROWS-row QA export"
    rm -f "$CSV.stamp"
    python3 "$BENCH_DIR/gen_audits.py" csv --content "$CONTENT" --rows "$IMPORT_ROWS" --out "$CSV"
    echo "$GEN_HASH" >"$CSV.stamp"
fi
import_once() { rm -f "$WORK/import.db" "$WORK/import.db"-*; "$CASEBOOK" qa import "$CSV" --source "QA audit bench" --db "$WORK/import.db" --content "$CONTENT" --json; }
peer_once() { rm -f "$WORK/peer.db" "$WORK/peer.db"-*; sqlite3 "$WORK/peer.db" ".import --csv $CSV audits"; }
export -f import_once peer_once
export WORK CSV CONTENT
log "casebook qa import of $IMPORT_ROWS rows; sqlite3 .import of the same file"
read -r im_s im_kib im_cpu <<<"$(measure import "$IMPORT_RUNS" bash -c import_once)"
read -r pe_s pe_kib pe_cpu <<<"$(measure peer "$IMPORT_RUNS" bash -c peer_once)"

python3 - "$RESULTS" "$WORK/out-import" "$AUDITS" "$IMPORT_ROWS" "$cb_s" "$cb_kib" "$cb_cpu" "$sq_s" "$sq_cpu" \
    "$im_s" "$im_kib" "$im_cpu" "$pe_s" "$pe_cpu" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import json, sys
results, out_import = sys.argv[1], sys.argv[2]
audits, rows = int(sys.argv[3]), int(sys.argv[4])
cb_s, cb_kib, cb_cpu, sq_s, sq_cpu = float(sys.argv[5]), int(sys.argv[6]), float(sys.argv[7]), float(sys.argv[8]), float(sys.argv[9])
im_s, im_kib, im_cpu, pe_s, pe_cpu = float(sys.argv[10]), int(sys.argv[11]), float(sys.argv[12]), float(sys.argv[13]), float(sys.argv[14])
imported = json.load(open(out_import))
ratio = lambda a, b: a / b if b else None
r = {"audits": audits, "report_seconds": cb_s, "report_cpu_seconds": cb_cpu, "report_peak_mib": cb_kib / 1024,
     "sqlite_group_by_seconds": sq_s, "sqlite_group_by_cpu_seconds": sq_cpu, "report_ratio_to_sqlite_group_by": ratio(cb_s, sq_s),
     "import_rows": rows, "import_seconds": im_s, "import_cpu_seconds": im_cpu, "import_peak_mib": im_kib / 1024,
     "sqlite_import_seconds": pe_s, "sqlite_import_cpu_seconds": pe_cpu, "import_ratio_to_sqlite_import": ratio(im_s, pe_s),
     "imported": imported["imported"], "redactions": sum(imported["redactions"].values()), "load_average": sys.argv[15],
     "report_goal_met": cb_s < 5 and cb_kib < 1024 * 1024, "import_goal_met": im_s < 30}
json.dump(r, open(results, "w"), indent=2)
yes = lambda ok: "met" if ok else "NOT met"
print(f"production QA: report over {audits:,} audited decisions; import of {rows:,} rows (load average {sys.argv[15]})")
print(f"{'metric':46} {'wall s':>8} {'cpu s':>8}   goal")
print(f"{'casebook qa report --format json':46} {cb_s:>8.2f} {cb_cpu:>8.2f}   < 5 s: {yes(cb_s < 5)}")
print(f"{'  peak memory (MiB)':46} {cb_kib / 1024:>8.0f} {'':>8}   < 1024: {yes(cb_kib < 1024 * 1024)}")
print(f"{'sqlite3 GROUP BY section, outcome':46} {sq_s:>8.2f} {sq_cpu:>8.2f}")
print(f"{'  report / bare SQLite GROUP BY':46} {cb_s / sq_s if sq_s else float('nan'):>8.2f}")
print(f"{'casebook qa import (checks, redaction)':46} {im_s:>8.2f} {im_cpu:>8.2f}   < 30 s: {yes(im_s < 30)}")
print(f"{'  peak memory (MiB)':46} {im_kib / 1024:>8.0f}")
print(f"{'sqlite3 .import of the same CSV':46} {pe_s:>8.2f} {pe_cpu:>8.2f}")
print(f"{'  import / bare SQLite .import':46} {im_s / pe_s if pe_s else float('nan'):>8.2f}")
print(f"{'  audits imported / pieces redacted':46} {r['imported']:>8,} / {r['redactions']:,}")
PY
