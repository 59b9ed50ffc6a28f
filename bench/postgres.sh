#!/usr/bin/env bash
# PostgreSQL benchmark, on a PostgreSQL 15 started for it (initdb into a temporary folder,
# as nobody when run as root; fsync and synchronous_commit on, as a deployment runs it):
#   1. PostgreSQL's own ceiling for one-row durable commits: pgbench with a custom script of
#      one INSERT per transaction, CONNECTIONS clients, PG_SECONDS s.
#   2. Casebook's durable answer submissions/s through nginx (scripts/nginx-conf, the README's
#      configuration) with 1 and then 3 `casebook serve` instances, wrk with CONNECTIONS
#      connections for DURATION s, each request a new answer; CPU seconds per second (and CPU
#      microseconds per answer) of casebook, postgres, nginx and wrk, and PostgreSQL's WAL
#      flushes (pg_stat_wal), to say what saturates. Rates count only answers stored in the
#      database. PERF_RECORD=1 also records a CPU profile of the instances (perf record -g).
#   3. The knowledge-gap report (`casebook gaps --format json`) over the 1,000,000 responses of
#      insights.sh, copied into PostgreSQL with `casebook db copy`, against the same report on
#      SQLite (the outputs must be byte-identical).
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

bench_require wrk
bench_require nginx
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
[ -x "$PG_BIN/pgbench" ] || die "$PG_BIN/pgbench not found: install postgresql (apt-get install postgresql) or set PG_BIN"
DURATION="${DURATION:-20}"
PG_SECONDS="${PG_SECONDS:-10}"
CONNECTIONS="${CONNECTIONS:-64}"
# Answers/s the prepared attempts suffice for. A run that uses them up measures the supply, not
# the server (wrk then sends answers already stored, which write nothing and are not counted):
# such a run stops the bench. 3,000 until 2026-12-03, when a quiet run stored 2,988/s, capped.
ANSWER_CAP="${ANSWER_CAP:-15000}"
RESPONSES="${RESPONSES:-1000000}"
LEARNERS="${LEARNERS:-5000}"
CASES="${CASES:-2000}"
WORK="$BENCH_WORK/postgres"
RESULTS="$BENCH_WORK/results-postgres.json"
rm -rf "$WORK"; mkdir -p "$WORK/quizzes"

# PostgreSQL and nginx run as nobody, who may not enter the repository: their folders are in /tmp.
PGROOT="$(mktemp -d /tmp/casebook-bench-pg-XXXXXX)"
NGINX_PREFIX=""
PIDS=()
nobody() { if [ "$(id -u)" -eq 0 ]; then (cd / && exec runuser -u nobody -- "$@"); else (cd / && exec "$@"); fi; }
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    [ -f "$PGROOT/data/postmaster.pid" ] && nobody "$PG_BIN/pg_ctl" -D "$PGROOT/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$PGROOT" ${NGINX_PREFIX:+"$NGINX_PREFIX"}
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

[ "$(id -u)" -eq 0 ] && chown nobody "$PGROOT"
PGPORT=$(free_port)
log "PostgreSQL 15 in $PGROOT (fsync on, synchronous_commit on), port $PGPORT"
nobody "$PG_BIN/initdb" -D "$PGROOT/data" -U casebook --auth=trust --locale=C --encoding=UTF8 >"$LOGS/postgres-initdb.log" 2>&1
nobody "$PG_BIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w -t 60 -o "-p $PGPORT -k $PGROOT -c listen_addresses=127.0.0.1 \
    -c fsync=on -c synchronous_commit=on -c max_connections=300 -c shared_buffers=256MB -c track_wal_io_timing=on" start >/dev/null
psql() { "$PG_BIN/psql" -X -q -A -t -h 127.0.0.1 -p "$PGPORT" -U casebook "$@"; }
url() { echo "postgres://casebook@127.0.0.1:$PGPORT/$1"; }
postmaster=$(head -1 "$PGROOT/data/postmaster.pid")

# CPU seconds used so far by the processes under the given pids (themselves and descendants,
# ended ones included).
cpu_seconds() {
    python3 - "$@" <<'PY'
import os, sys
roots, parent, ticks = {int(p) for p in sys.argv[1:]}, {}, {}
for d in os.listdir("/proc"):
    if d.isdigit():
        try:
            fields = open(f"/proc/{d}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # utime, stime, and those of its children that ended (a backend that closed)
        parent[int(d)] = int(fields[1]); ticks[int(d)] = sum(int(f) for f in fields[11:15])
def under(pid):
    while pid > 1:
        if pid in roots: return True
        pid = parent.get(pid, 0)
    return False
print(sum(t for p, t in ticks.items() if under(p)) / os.sysconf("SC_CLK_TCK"))
PY
}
# WAL flushes, their total time (ms) and the transactions committed in database $1 so far
# (statements outside a transaction count one each).
# Busy and total CPU ticks of the whole machine so far (other users' work included).
machine() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat; }
wal() { psql -d postgres -c "SELECT wal_sync, wal_sync_time, (SELECT xact_commit FROM pg_stat_database WHERE datname = '$1') FROM pg_stat_wal" | tr '|' ' '; }

# 1. PostgreSQL's ceiling: one durable one-row commit per transaction.
log "pgbench: one INSERT per transaction, $CONNECTIONS clients, ${PG_SECONDS}s"
psql -d postgres -c "CREATE DATABASE ceiling"
psql -d ceiling -c "CREATE TABLE r (a BIGINT, p INT, chosen TEXT, PRIMARY KEY (a, p))"
cat >"$WORK/one-insert.sql" <<'SQL'
\set a random(1, 1000000000000)
INSERT INTO r VALUES (:a, :client_id, 'remove') ON CONFLICT DO NOTHING;
SQL
pg_before=$(cpu_seconds "$postmaster")
/usr/bin/time -f "%U %S" -o "$WORK/pgbench-time.txt" "$PG_BIN/pgbench" -n -M prepared -h 127.0.0.1 -p "$PGPORT" -U casebook -c "$CONNECTIONS" -j 2 -T "$PG_SECONDS" \
    -f "$WORK/one-insert.sql" ceiling >"$LOGS/pgbench.log" 2>&1 || { cat "$LOGS/pgbench.log" >&2; die "pgbench failed"; }
ceiling=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$LOGS/pgbench.log" | head -1)
# CPU microseconds per commit at the ceiling: postgres's and pgbench's own.
ceiling_cpu=$(python3 -c "import sys; t, c, p0, p1 = sys.argv[1].split(), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]); n = c * float(sys.argv[5]); print(round((p1 - p0) / n * 1e6), round((float(t[0]) + float(t[1])) / n * 1e6))" \
    "$(tail -1 "$WORK/pgbench-time.txt")" "$ceiling" "$pg_before" "$(cpu_seconds "$postmaster")" "$PG_SECONDS")
log "ceiling: $ceiling commits/s"

# 2. Casebook through nginx.
cat > "$WORK/quizzes-bench.yml" <<'YML'
id: bench
title: Load test
questions: 100
mode: exam
kinds: [decision, codes, section, knowledge]
YML
cp -r "$REPO_ROOT/Quizzes/." "$WORK/quizzes/"
cp "$WORK/quizzes-bench.yml" "$WORK/quizzes/blueprints/bench.yml"
"$CASEBOOK" build --content "$REPO_ROOT/Content" --quizzes "$WORK/quizzes" --out "$WORK/site" >/dev/null 2>&1

cat > "$WORK/answers.lua" <<'LUA'
-- Each wrk thread answers its own share of attempts, each question once: every request is a new durable answer.
local attempts, cookie = {}, io.open(os.getenv("WORK") .. "/cookie.txt"):read("*l")
for line in io.lines(os.getenv("WORK") .. "/attempts.txt") do attempts[#attempts + 1] = tonumber(line) end
local counter = 0
function setup(thread) counter = counter + 1; thread:set("index", counter) end
function init(args) n = 0; step = tonumber(wrk.thread:get("index") or 1) end
local count_threads = 2
function request()
  local slot = n * count_threads + (step - 1)
  n = n + 1
  local attempt = attempts[math.floor(slot / 100) % #attempts + 1]
  local position = slot % 100
  return wrk.format("POST", "/api/attempts/" .. attempt .. "/answers", {["Cookie"] = cookie, ["Content-Type"] = "application/json"},
    '{"position":' .. position .. ',"chosen":[0]}')
end
LUA

# run_instances N: N instances behind nginx on a fresh database; prints "stored_per_s casebook_cpu
# postgres_cpu nginx_cpu wal_syncs_per_s wal_sync_busy p50_ms p99_ms non2xx transactions_per_answer"
run_instances() {
    local n=$1 db="bench$1" ports=() serve=() instances=""
    psql -d postgres -c "CREATE DATABASE $db"
    local token; token=$("$CASEBOOK" users add loadtest --role moderator --db "$(url "$db")" 2>/dev/null)
    for i in $(seq "$n"); do
        local port; port=$(free_port); ports+=("$port")
        "$CASEBOOK" serve --site "$WORK/site" --db "$(url "$db")" --port "$port" --content "$REPO_ROOT/Content" --quizzes "$WORK/quizzes" \
            --max-connections 512 --max-connections-per-client 0 --proxy 127.0.0.1 >"$LOGS/postgres-serve-$n-$i.log" 2>&1 &
        serve+=($!); PIDS+=($!)
        instances="$instances${instances:+,}127.0.0.1:$port"
    done
    for port in "${ports[@]}"; do for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/index.html" && break; sleep 0.1; done; done
    NGINX_PREFIX="$(mktemp -d /tmp/casebook-bench-nginx-XXXXXX)"
    [ "$(id -u)" -eq 0 ] && chown nobody "$NGINX_PREFIX"
    local nport; nport=$(free_port)
    "$REPO_ROOT/scripts/nginx-conf" --listen "127.0.0.1:$nport" --instances "$instances" --prefix "$NGINX_PREFIX" >"$NGINX_PREFIX/nginx.conf"
    # (a subshell that execs, so that $! is nginx's own runuser, which passes SIGTERM on)
    if [ "$(id -u)" -eq 0 ]; then
        (cd / && exec runuser -u nobody -- nginx -p "$NGINX_PREFIX" -c "$NGINX_PREFIX/nginx.conf" -e "$NGINX_PREFIX/error.log") &
    else
        (cd / && exec nginx -p "$NGINX_PREFIX" -c "$NGINX_PREFIX/nginx.conf" -e "$NGINX_PREFIX/error.log") &
    fi
    local nginx=$!; PIDS+=($nginx)
    for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$nport/index.html" && break; sleep 0.1; done

    log "$n instance(s): creating attempts through nginx"
    python3 - "$nport" "$token" "$DURATION" "$WORK" "$ANSWER_CAP" <<'PY'
import http.client, json, sys
port, token, duration, work, cap = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
c = http.client.HTTPConnection("127.0.0.1", int(port))
c.request("POST", "/api/login", json.dumps({"token": token}), {"Content-Type": "application/json"})
r = c.getresponse(); r.read()
cookie = r.getheader("Set-Cookie").split(";")[0]
# Enough unanswered questions for ANSWER_CAP answers/s (a repeated answer is idempotent, no new
# write, and is not counted); started by 16 clients at once, as starting one reads a lot.
from concurrent.futures import ThreadPoolExecutor
def start(_):
    for _ in range(5):
        c = http.client.HTTPConnection("127.0.0.1", int(port), timeout=60)
        c.request("POST", "/api/attempts", json.dumps({"blueprint": "bench"}), {"Cookie": cookie, "Content-Type": "application/json"})
        r = c.getresponse()
        body = r.read()
        if r.status == 201:
            return json.loads(body)["attempt"]
        print(f"starting an attempt: {r.status} {body[:300]!r}", file=sys.stderr)
    sys.exit("could not start attempts for the load test")
with ThreadPoolExecutor(16) as pool:
    ids = list(pool.map(start, range(max(64, cap * duration // 100))))
open(f"{work}/attempts.txt", "w").write("\n".join(map(str, ids)) + "\n")
open(f"{work}/cookie.txt", "w").write(cookie + "\n")
PY
    log "$n instance(s): wrk, $CONNECTIONS connections, ${DURATION}s"
    local cb0 pg0 ng0 wal0 cb1 pg1 ng1 wal1 start end
    cb0=$(cpu_seconds "${serve[@]}"); pg0=$(cpu_seconds "$postmaster"); ng0=$(cpu_seconds "$nginx"); wal0=$(wal "$db"); m0=$(machine); start=$(date +%s.%N)
    # PERF_RECORD=1: a CPU profile of the instances under load, $LOGS/perf-N.data (perf report -i ...).
    local perf=""
    if [ -n "${PERF_RECORD:-}" ]; then
        perf record -F 499 -g -o "$LOGS/perf-$n.data" -p "$(IFS=,; echo "${serve[*]}")" -- sleep "$DURATION" >"$LOGS/perf-$n.log" 2>&1 &
        perf=$!
    fi
    /usr/bin/time -f "%U %S" -o "$WORK/wrk-time.txt" env WORK="$WORK" wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/answers.lua" "http://127.0.0.1:$nport" >"$LOGS/postgres-wrk-$n.log" 2>&1
    [ -z "$perf" ] || wait "$perf" || true
    end=$(date +%s.%N); cb1=$(cpu_seconds "${serve[@]}"); pg1=$(cpu_seconds "$postmaster"); ng1=$(cpu_seconds "$nginx"); wal1=$(wal "$db"); m1=$(machine)
    local stored; stored=$(psql -d "$db" -c "SELECT count(*) FROM responses")
    if [ "$stored" -ge $(( $(wc -l <"$WORK/attempts.txt") * 95 )) ]; then
        kill "$nginx" "${serve[@]}" 2>/dev/null || true
        die "$stored answers used up 95% of the $(( $(wc -l <"$WORK/attempts.txt") * 100 )) prepared questions: the rate would be the supply's, not the server's; run again with a larger ANSWER_CAP (now $ANSWER_CAP)"
    fi
    kill "$nginx" "${serve[@]}"; wait "$nginx" "${serve[@]}" 2>/dev/null || true
    rm -rf "$NGINX_PREFIX"; NGINX_PREFIX=""
    python3 - "$LOGS/postgres-wrk-$n.log" "$stored" "$start" "$end" "$cb0" "$cb1" "$pg0" "$pg1" "$ng0" "$ng1" "$wal0 $wal1" "$m0 $m1" "$(tail -1 "$WORK/wrk-time.txt")" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
stored, start, end = int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
cpu = [float(x) for x in sys.argv[5:11]]
w = [float(x) for x in sys.argv[11].split()]
m = re.search(r"requests in ([\d.]+)(ms|s|m)", text)
duration = float(m.group(1)) * {"ms": 0.001, "s": 1, "m": 60}[m.group(2)]
def pct(p):
    m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", text)
    return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)] if m else float("nan")
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
wall = end - start
def machine_busy():
    b0, t0, b1, t1 = map(float, sys.argv[12].split())
    return [(b1 - b0) / (t1 - t0) if t1 > t0 else 0]
print(stored / duration, (cpu[1] - cpu[0]) / wall, (cpu[3] - cpu[2]) / wall, (cpu[5] - cpu[4]) / wall,
      (w[3] - w[0]) / wall, (w[4] - w[1]) / 1000 / wall, pct(50), pct(99), int(errors.group(1)) if errors else 0,
      (w[5] - w[2]) / stored if stored else 0, *machine_busy(), sum(map(float, sys.argv[13].split())) / wall)
PY
}
# (not in $(...): its subshell would not stop what it started on failure)
run_instances 1 >"$WORK/one.txt"
run_instances 3 >"$WORK/three.txt"

# 3. The knowledge-gap report over 1,000,000 responses on PostgreSQL.
INSIGHTS="$BENCH_WORK/insights"
STAMP="responses=$RESPONSES learners=$LEARNERS cases=$CASES gen=$(sha256sum "$BENCH_DIR/gen_responses.py" | cut -d' ' -f1)"
if [ ! -f "$INSIGHTS/stamp" ] || [ "$(cat "$INSIGHTS/stamp")" != "$STAMP" ]; then
    rm -rf "$INSIGHTS"; mkdir -p "$INSIGHTS/quizzes"
    log "generating $RESPONSES responses ($LEARNERS learners, $CASES cases), as insights.sh does"
    CASEBOOK="$CASEBOOK" python3 "$BENCH_DIR/gen_responses.py" --db "$INSIGHTS/answers.db" --make-cases "$CASES" --cases-out "$INSIGHTS/quizzes/cases" \
        --content "$REPO_ROOT/Content" --learners "$LEARNERS" --responses "$RESPONSES" >&2
    echo "$STAMP" >"$INSIGHTS/stamp"
fi
psql -d postgres -c "CREATE DATABASE gaps"
log "casebook db copy of $RESPONSES responses into PostgreSQL"
copy_start=$(date +%s.%N)
"$CASEBOOK" db copy --from "$INSIGHTS/answers.db" --to "$(url gaps)" >"$LOGS/postgres-copy.log" 2>&1 || { cat "$LOGS/postgres-copy.log" >&2; die "db copy failed"; }
copy_s=$(python3 -c "import sys; print(round(float(sys.argv[2]) - float(sys.argv[1]), 1))" "$copy_start" "$(date +%s.%N)")
psql -d gaps -c "VACUUM ANALYZE" >/dev/null
gaps() { # label db -> "wall_s cpu_s postgres_cpu_s" of the run with the median wall time of RUNS
    local samples=() pg0
    for _ in $(seq "$RUNS"); do
        pg0=$(cpu_seconds "$postmaster")
        /usr/bin/time -f "%e %U %S" -o "$WORK/time.txt" "$CASEBOOK" gaps --db "$2" --content "$REPO_ROOT/Content" --quizzes "$INSIGHTS/quizzes" --format json \
            >"$WORK/gaps-$1.json" 2>"$LOGS/postgres-gaps-$1.log" || { cat "$LOGS/postgres-gaps-$1.log" >&2; die "casebook gaps on $1 failed"; }
        samples+=("$(read -r e u s <"$WORK/time.txt"; python3 -c "import sys; print(sys.argv[1], round(float(sys.argv[2]) + float(sys.argv[3]), 2), round(float(sys.argv[5]) - float(sys.argv[4]), 2))" "$e" "$u" "$s" "$pg0" "$(cpu_seconds "$postmaster")")")
    done
    printf '%s\n' "${samples[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"
}
log "casebook gaps over $RESPONSES responses on PostgreSQL and on SQLite"
read -r gaps_pg gaps_pg_cpu gaps_pg_server <<<"$(gaps postgres "$(url gaps)")"
read -r gaps_sqlite gaps_sqlite_cpu _ <<<"$(gaps sqlite "$INSIGHTS/answers.db")"
identical=$(cmp -s "$WORK/gaps-postgres.json" "$WORK/gaps-sqlite.json" && echo true || echo false)

python3 - "$RESULTS" "$ceiling" "$(cat "$WORK/one.txt")" "$(cat "$WORK/three.txt")" \
    "$gaps_pg" "$gaps_sqlite" "$identical" "$copy_s" "$RESPONSES" "$(nproc)" "$gaps_pg_cpu $gaps_pg_server $gaps_sqlite_cpu" "$(cut -d' ' -f1-3 /proc/loadavg)" "$ceiling_cpu" <<'PY'
import json, sys
keys = ["rps", "casebook_cpu", "postgres_cpu", "nginx_cpu", "wal_flushes_per_s", "wal_flush_busy", "p50_ms", "p99_ms", "non_2xx",
        "transactions_per_answer", "machine_busy", "wrk_cpu"]
ceiling = float(sys.argv[2])
one, three = (dict(zip(keys, map(float, a.split()))) for a in sys.argv[3:5])
gaps_pg, gaps_sqlite, identical, copy_s, responses, cores = float(sys.argv[5]), float(sys.argv[6]), sys.argv[7] == "true", float(sys.argv[8]), int(sys.argv[9]), int(sys.argv[10])
gaps_pg_cpu, gaps_pg_server, gaps_sqlite_cpu = map(float, sys.argv[11].split())
load = sys.argv[12]
ceiling_postgres_us, ceiling_pgbench_us = map(float, sys.argv[13].split())
for x in (one, three):
    # CPU microseconds per stored answer, each process (wrk, the load generator, included).
    x["cpu_us_per_answer"] = {k: x[k + "_cpu"] / x["rps"] * 1e6 if x["rps"] else None for k in ("casebook", "postgres", "nginx", "wrk")}
def verdict(r):
    busy = r["casebook_cpu"] + r["postgres_cpu"] + r["nginx_cpu"] + r["wrk_cpu"]
    if r["wal_flush_busy"] > 0.8:
        return "fsync (PostgreSQL's WAL flush busy {:.0%} of the time)".format(r["wal_flush_busy"])
    if r["machine_busy"] > 0.9:
        return (f"CPU of the machine: {r['machine_busy']:.0%} busy, {busy:.1f} of {cores} cores by casebook, postgres, "
                "nginx and wrk, the rest by other work on the machine")
    if busy > 0.85 * cores:
        top = max(("casebook", r["casebook_cpu"]), ("postgres", r["postgres_cpu"]), ("nginx", r["nginx_cpu"]), ("wrk", r["wrk_cpu"]), key=lambda x: x[1])
        return f"CPU ({busy:.1f} of {cores} cores busy, most by {top[0]})"
    return f"neither CPU ({busy:.1f} of {cores} cores) nor fsync ({r['wal_flush_busy']:.0%}): latency-bound"
r = {"pgbench_one_row_commits_per_s": ceiling, "ceiling_cpu_us_per_commit": {"postgres": ceiling_postgres_us, "pgbench": ceiling_pgbench_us},
     "one_instance": one, "three_instances": three,
     "one_ratio_to_ceiling": one["rps"] / ceiling, "three_ratio_to_ceiling": three["rps"] / ceiling,
     "three_over_one": three["rps"] / one["rps"] if one["rps"] else None,
     "gaps_postgres_seconds": gaps_pg, "gaps_sqlite_seconds": gaps_sqlite, "gaps_identical": identical,
     "gaps_postgres_cpu_seconds": gaps_pg_cpu, "gaps_postgres_server_cpu_seconds": gaps_pg_server, "gaps_sqlite_cpu_seconds": gaps_sqlite_cpu,
     "load_average": load,
     "db_copy_seconds": copy_s, "responses": responses, "saturates_one": verdict(one), "saturates_three": verdict(three)}
json.dump(r, open(sys.argv[1], "w"), indent=2)
print(f"PostgreSQL 15 (fsync on, synchronous_commit on), casebook through nginx, {cores} cores, load average {load}")
print(f"{'metric':48} {'value':>10}   goal")
print(f"{'pgbench one-row durable commits/s (ceiling)':48} {ceiling:>10,.0f}")
print(f"{'  CPU us per commit: postgres / pgbench':48} {ceiling_postgres_us:.0f} / {ceiling_pgbench_us:.0f}")
for name, x in (("1 instance", one), ("3 instances", three)):
    print(f"{'durable answer submissions/s, ' + name:48} {x['rps']:>10,.0f}   >= 0.40 of ceiling")
    print(f"{'  / ceiling':48} {x['rps'] / ceiling:>10.2f}")
    print(f"{'  p50 / p99 latency (ms)':48} {x['p50_ms']:>5.1f} / {x['p99_ms']:.1f}")
    print(f"{'  non-2xx responses':48} {x['non_2xx']:>10.0f}")
    print(f"{'  CPU cores: casebook / postgres / nginx / wrk':48} {x['casebook_cpu']:.2f} / {x['postgres_cpu']:.2f} / {x['nginx_cpu']:.2f} / {x['wrk_cpu']:.2f}")
    u = x["cpu_us_per_answer"]
    if x["rps"]:
        print(f"{'  CPU us per answer: casebook / postgres / nginx / wrk':48} {u['casebook']:.0f} / {u['postgres']:.0f} / {u['nginx']:.0f} / {u['wrk']:.0f}")
    print(f"{'  WAL flushes/s, flush busy':48} {x['wal_flushes_per_s']:>10,.0f}   {x['wal_flush_busy']:.0%}")
    print(f"{'  machine CPU busy (all processes)':48} {x['machine_busy']:>10.0%}")
    print(f"{'  PostgreSQL transactions per answer':48} {x['transactions_per_answer']:>10.2f}   (reads outside a transaction count one each)")
    print(f"{'  saturates':48} {verdict(x)}")
print(f"{'3 instances / 1 instance':48} {r['three_over_one'] or 0:>10.2f}   >= 1.8 when the database is not the bottleneck")
print(f"{'casebook db copy of the responses (s)':48} {copy_s:>10.1f}")
print(f"{'casebook gaps, ' + format(responses, ',') + ' responses, PostgreSQL (s)':48} {gaps_pg:>10.2f}   < 3")
print(f"{'  CPU s: casebook / postgres':48} {gaps_pg_cpu:.2f} / {gaps_pg_server:.2f}")
print(f"{'casebook gaps, same responses, SQLite (s)':48} {gaps_sqlite:>10.2f}")
print(f"{'  CPU s: casebook':48} {gaps_sqlite_cpu:>10.2f}")
print(f"{'  same JSON on both engines':48} {'yes' if identical else 'NO':>10}")
PY
