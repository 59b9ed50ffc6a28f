#!/usr/bin/env bash
# The learner home (issue 14): GET /api/home for one learner of a database of 10,000 learners
# x 2,000 items with 5,000,000 answers, the sample path assigned to every learner; bar: p99
# under 20 ms. Generates the database once (bench/.work/home/cb.db, reused while the
# generator is unchanged), starts `casebook serve` on it, signs one learner in and runs wrk
# (one connection, 20 s) against /api/home with the session cookie.
#
#   BENCH_SECTIONS=home bench/run.sh
#   bash bench/home.sh [LEARNERS ITEMS ANSWERS]
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
bench_require wrk

WORK="$BENCH_WORK/home"
DB="$WORK/cb.db"
mkdir -p "$WORK"
[ -x "$CASEBOOK" ] || die "no casebook binary at $CASEBOOK (swift build -c release)"
STAMP="args=$* gen=$(sha256sum "$BENCH_DIR/gen_home_db.py" | cut -d' ' -f1)"
if [ ! -f "$DB" ] || [ "$(cat "$WORK/db.stamp" 2>/dev/null)" != "$STAMP" ]; then
    rm -f "$DB" "$DB-wal" "$DB-shm" "$WORK/db.stamp"
    log "generating the records database (learners x items, answers) into $DB"
    "$CASEBOOK" learners list --db "$DB" >/dev/null 2>&1 || true   # creates the schema
    [ -f "$DB" ] || "$CASEBOOK" users add bench-trainer --role trainer --db "$DB" >/dev/null
    python3 "$BENCH_DIR/gen_home_db.py" "$DB" "$REPO_ROOT/Quizzes" "$@" 2>"$LOGS/gen_home_db.log"
    log "assigning the sample path to every learner"
    "$CASEBOOK" paths assign id-listings-moderator --market ID --start 2026-11-01 \
        --content "$REPO_ROOT/Content" --quizzes "$REPO_ROOT/Quizzes" --db "$DB" >"$LOGS/home_assign.log"
    echo "$STAMP" > "$WORK/db.stamp"
fi
LEARNER=L00042
TOKEN=$("$CASEBOOK" users add "$LEARNER" --role moderator --team team-42 --market ID --db "$DB" 2>/dev/null \
        || "$CASEBOOK" users add "$LEARNER" --reissue --db "$DB")

SITE="$WORK/site"
[ -d "$SITE" ] || "$CASEBOOK" build --content "$REPO_ROOT/Content" --out "$SITE" >/dev/null
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$CASEBOOK" serve --site "$SITE" --db "$DB" --port "$PORT" --content "$REPO_ROOT/Content" --quizzes "$REPO_ROOT/Quizzes" 2>"$LOGS/home_serve.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 100); do curl -sf "$BASE/index.html" >/dev/null && break; sleep 0.1; done
COOKIE=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' -d "{\"token\":\"$TOKEN\"}" "$BASE/api/login" \
         | tr -d '\r' | sed -n 's/^Set-Cookie: \(cb_session=[^;]*\).*/\1/ip')
[ -n "$COOKIE" ] || die "sign-in failed"
curl -sf -H "Cookie: $COOKIE" "$BASE/api/home" > "$WORK/home.json" || die "GET /api/home failed"
# The server fits FSRS to the whole history in the background at start; measure after it.
log "waiting for the server's FSRS fit (see $LOGS/home_serve.log)"
for _ in $(seq 600); do grep -q "FSRS fit for the learner home" "$LOGS/home_serve.log" && break; sleep 1; done
grep "FSRS fit for the learner home" "$LOGS/home_serve.log" >&2 || log "no fit after 10 minutes; measuring anyway"
log "wrk: 1 connection, 20 s, GET /api/home as $LEARNER"
wrk -t1 -c1 -d20s --latency -H "Cookie: $COOKIE" "$BASE/api/home" > "$WORK/wrk.txt"
P99=$(awk '$1 == "99%" { print $2 }' "$WORK/wrk.txt")
RATE=$(awk '/Requests\/sec/ { print $2 }' "$WORK/wrk.txt")
echo "home API (GET /api/home, one learner, $(python3 -c 'import json,sys; h=json.load(open(sys.argv[1])); print(len(h["tasks"]), "tasks,", len(h["paths"]), "path,", (h["review"] or {}).get("due", 0), "due for review", end="")' "$WORK/home.json")): p99 $P99, $RATE requests/s (bar: p99 under 20 ms)"
