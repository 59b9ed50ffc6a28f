#!/usr/bin/env bash
# Server benchmark: durable answer submissions per second with Debian's wrk on loopback,
# 64 connections for 30 s, p50/p99 latency; the raw SQLite durable commit rate on the same
# disk as the ceiling; static file throughput for reference.
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

bench_require wrk
DURATION="${DURATION:-30}"
CONNECTIONS="${CONNECTIONS:-64}"
WORK="$BENCH_WORK/server"
RESULTS="$BENCH_WORK/results-server.json"
rm -rf "$WORK"; mkdir -p "$WORK/quizzes"
cp -r "$REPO_ROOT/Quizzes/." "$WORK/quizzes/"
cat > "$WORK/quizzes/blueprints/bench.yml" <<'YML'
id: bench
title: Load test
questions: 100
mode: exam
kinds: [decision, codes, section, knowledge]
YML
"$CASEBOOK" build --content "$REPO_ROOT/Content" --quizzes "$WORK/quizzes" --out "$WORK/site" >/dev/null 2>&1
TOKEN=$("$CASEBOOK" users add loadtest --role moderator --db "$WORK/cb.db" 2>/dev/null)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$CASEBOOK" serve --site "$WORK/site" --db "$WORK/cb.db" --port "$PORT" --content "$REPO_ROOT/Content" --quizzes "$WORK/quizzes" \
    --max-connections 512 >"$LOGS/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/index.html" && break; sleep 0.1; done

log "creating attempts for the load test"
python3 - "$PORT" "$TOKEN" "$CONNECTIONS" "$DURATION" "$WORK" <<'PY'
import http.client, json, sys
port, token, connections, duration, work = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
c = http.client.HTTPConnection("127.0.0.1", int(port))
c.request("POST", "/api/login", json.dumps({"token": token}), {"Content-Type": "application/json"})
r = c.getresponse(); r.read()
cookie = r.getheader("Set-Cookie").split(";")[0]
# Enough unanswered questions for 25,000 answers/s: a repeated answer is idempotent (no new
# write), so the run must never wrap around to questions already answered.
needed = max(64, 25000 * duration // 100)
ids = []
for _ in range(needed):
    c.request("POST", "/api/attempts", json.dumps({"blueprint": "bench"}), {"Cookie": cookie, "Content-Type": "application/json"})
    r = c.getresponse(); ids.append(json.loads(r.read())["attempt"])
open(f"{work}/attempts.txt", "w").write("\n".join(map(str, ids)) + "\n")
open(f"{work}/cookie.txt", "w").write(cookie + "\n")
PY

cat > "$WORK/answers.lua" <<'LUA'
-- Each wrk thread answers its own share of attempts, each question once: every request is a new durable answer.
local attempts, cookie = {}, io.open(os.getenv("WORK") .. "/cookie.txt"):read("*l")
for line in io.lines(os.getenv("WORK") .. "/attempts.txt") do attempts[#attempts + 1] = tonumber(line) end
local threads, counter = {}, 0
function setup(thread) counter = counter + 1; thread:set("index", counter); table.insert(threads, thread) end
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

log "wrk: answer submissions, $CONNECTIONS connections, ${DURATION}s"
WORK="$WORK" wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/answers.lua" "http://127.0.0.1:$PORT" >"$LOGS/wrk-answers.log" 2>&1
log "wrk: static files"
wrk -t2 -c"$CONNECTIONS" -d10s --latency "http://127.0.0.1:$PORT/sop/counterfeit-and-ip.html" >"$LOGS/wrk-static.log" 2>&1
kill -TERM $SERVER; wait $SERVER || true
stored=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from responses').fetchone()[0])" "$WORK/cb.db")

log "raw SQLite durable commit rate (WAL, synchronous=FULL, one row per commit)"
ceiling=$(python3 - "$WORK" <<'PY'
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1] + "/ceiling.db", isolation_level=None)
c.execute("PRAGMA journal_mode=WAL"); c.execute("PRAGMA synchronous=FULL")
c.execute("CREATE TABLE r(a INTEGER, p INTEGER, chosen TEXT, PRIMARY KEY(a, p))")
n, t = 0, time.time()
while time.time() - t < 5:
    c.execute("BEGIN IMMEDIATE"); c.execute("INSERT INTO r VALUES (?,?,?)", (n // 100, n % 100, "remove")); c.execute("COMMIT"); n += 1
print(round(n / (time.time() - t)))
PY
)

python3 - "$LOGS/wrk-answers.log" "$LOGS/wrk-static.log" "$stored" "$ceiling" "$RESULTS" <<'PY'
import json, re, sys
def parse(path):
    text = open(path).read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    def pct(p):
        m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", text)
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return {"rps": rps, "p50_ms": pct(50), "p99_ms": pct(99), "non_2xx": int(errors.group(1)) if errors else 0}
answers, static = parse(sys.argv[1]), parse(sys.argv[2])
stored, ceiling = int(sys.argv[3]), int(sys.argv[4])
# Only new, durable answers count: the rate is what reached the database, never more than
# the requests wrk saw answered.
duration = float(re.search(r"requests in ([\d.]+)(ms|s|m)", open(sys.argv[1]).read()).group(1))
unit = re.search(r"requests in [\d.]+(ms|s|m)", open(sys.argv[1]).read()).group(1)
duration = duration / 1000 if unit == "ms" else duration * 60 if unit == "m" else duration
answers["wrk_rps"] = answers["rps"]
answers["rps"] = min(answers["rps"], stored / duration)
r = {"answers": answers, "static": static, "stored_responses": stored, "raw_commit_ceiling_per_s": ceiling,
     "ratio_to_ceiling": answers["rps"] / ceiling}
json.dump(r, open(sys.argv[5], "w"), indent=2)
print("server on loopback (wrk, 64 connections)")
print(f"{'metric':40} {'value':>12}   goal")
print(f"{'durable answer submissions/s':40} {answers['rps']:>12,.0f}   >= 5,000")
print(f"{'  p50 latency (ms)':40} {answers['p50_ms']:>12.2f}")
print(f"{'  p99 latency (ms)':40} {answers['p99_ms']:>12.2f}   < 20")
print(f"{'  non-2xx responses':40} {answers['non_2xx']:>12}")
print(f"{'  answers stored in the database':40} {stored:>12,}   (requests/s seen by wrk: {answers['wrk_rps']:,.0f})")
print(f"{'raw SQLite durable commits/s (ceiling)':40} {ceiling:>12,}")
print(f"{'submissions / ceiling':40} {r['ratio_to_ceiling']:>12.2f}   >= 0.40")
print(f"{'static file requests/s':40} {static['rps']:>12,.0f}   (p99 {static['p99_ms']:.2f} ms)")
PY
