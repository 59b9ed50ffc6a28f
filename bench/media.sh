#!/usr/bin/env bash
# Case media benchmark: `casebook cases import --media` of MEDIA_IMAGES generated
# 12-megapixel JPEGs (default 2,000) in MEDIA_ROWS rows (default one row per image; with more
# rows than images, row i links image (i - 1) mod MEDIA_IMAGES + 1, and the import cleans a
# file again for each row that lists it), wall time and peak memory, against a plain
# `vips thumbnail` loop over the same files in the same run (1600 px and 320 px, as the import
# stores; the import also blurs, hashes and writes the cases); then GET /api/media/... with
# wrk, 64 connections (MEDIA_DURATION=20 s), p50/p99.
# Goals: import < 60 s and < 1 GiB; media requests p99 < 20 ms.
#
#   BENCH_SECTIONS="media" bench/run.sh      or      MEDIA_IMAGES=200 bash bench/media.sh
#   MEDIA_GENERATE_ONLY=1 bash bench/media.sh   (only make the images)
#   MEDIA_IMAGES=200 MEDIA_ROWS=800 bash bench/media.sh   (each image in 4 rows)
#   MEDIA_SERVE_ONLY=1 bash bench/media.sh   (only the requests, on the last run's import:
#       to compare two binaries, run it with each CASEBOOK in turn, in the same minutes)
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

bench_require vips libvips-tools
bench_require wrk
bench_require curl
bench_require nginx
MEDIA_IMAGES="${MEDIA_IMAGES:-2000}"
MEDIA_ROWS="${MEDIA_ROWS:-$MEDIA_IMAGES}"
MEDIA_DURATION="${MEDIA_DURATION:-20}"
CONNECTIONS="${CONNECTIONS:-64}"
JOBS="$(nproc)"
BASES=8
WORK="$BENCH_WORK/media"
RESULTS="$BENCH_WORK/results-media.json"
CONTENT="$REPO_ROOT/Content"
mkdir -p "$WORK"
case "$MEDIA_IMAGES" in ''|*[!0-9]*|0) die "MEDIA_IMAGES must be a positive number, got '$MEDIA_IMAGES'" ;; esac
[ "$MEDIA_IMAGES" -le $((BASES * 400)) ] || die "MEDIA_IMAGES can be at most $((BASES * 400))"
case "$MEDIA_ROWS" in ''|*[!0-9]*) die "MEDIA_ROWS must be a number, got '$MEDIA_ROWS'" ;; esac
[ "$MEDIA_ROWS" -ge "$MEDIA_IMAGES" ] || die "MEDIA_ROWS ($MEDIA_ROWS) must be at least MEDIA_IMAGES ($MEDIA_IMAGES): every image is in a row"
# The load average of this shared machine, printed beside every figure.
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# The images: BASES pictures of 4,400 x 3,300 (smooth colour fields with fine grain, so a
# JPEG is about as large as a phone photo's), each file a 4,000 x 3,000 crop at its own
# offset (img-00001.jpg is always the same crop), JPEG quality 90. Kept while the recipe (the
# base pictures below and the crop offsets gen_media.py lists) is the same; a larger
# MEDIA_IMAGES adds the missing files.
IMAGES="$WORK/images"
STAMP="bases=$BASES crops=$(python3 "$BENCH_DIR/gen_media.py" crops $((BASES * 400)) "$BASES" | sha256sum | cut -d' ' -f1) recipe=3"
if [ "${MEDIA_SERVE_ONLY:-0}" = 1 ]; then
    :
elif [ ! -f "$WORK/images.stamp" ] || [ "$(cat "$WORK/images.stamp")" != "$STAMP" ]; then
    bench_discard "$IMAGES" "$WORK/bases"
    mkdir -p "$IMAGES" "$WORK/bases"
    log "generating $BASES base pictures"
    for b in $(seq 0 $((BASES - 1))); do
        d="$WORK/bases/tmp$b"; mkdir -p "$d"
        for c in 0 1 2; do
            vips gaussnoise "$d/c$c.v" 110 83 --sigma 70 --mean 128 --seed $((b * 10 + c + 1))
            vips resize "$d/c$c.v" "$d/r$c.v" 40 --kernel cubic
        done
        vips bandjoin "$d/r0.v $d/r1.v $d/r2.v" "$d/coarse.v"
        vips gaussnoise "$d/fine.v" 4400 3320 --sigma 5 --mean 0 --seed $((b * 10 + 9))
        vips add "$d/coarse.v" "$d/fine.v" "$d/sum.v"
        vips cast "$d/sum.v" "$d/u.v" uchar
        vips crop "$d/u.v" "$WORK/bases/$b.v" 0 0 4400 3300
        rm -rf "$d"
    done
    echo "$STAMP" >"$WORK/images.stamp"
fi
if [ "${MEDIA_SERVE_ONLY:-0}" != 1 ]; then
python3 "$BENCH_DIR/gen_media.py" crops "$MEDIA_IMAGES" "$BASES" >"$WORK/crops.txt"
missing=$(while read -r _ _ _ f; do [ -f "$IMAGES/$f" ] || echo x; done <"$WORK/crops.txt" | wc -l)
if [ "$missing" -gt 0 ]; then
    log "generating $missing 12-megapixel JPEGs ($JOBS at a time)"
    # Written under a temporary name and renamed, so an interrupted run leaves no half file.
    xargs -P "$JOBS" -L 1 sh -c '[ -f "$0/images/$4" ] || { vips crop "$0/bases/$1.v" "$0/images/.$4[Q=90]" "$2" "$3" 4000 3000 && mv "$0/images/.$4" "$0/images/$4"; }' "$WORK" <"$WORK/crops.txt"
fi
python3 "$BENCH_DIR/gen_media.py" rows "$MEDIA_ROWS" "$WORK/rows.csv" "$MEDIA_IMAGES"
[ "${MEDIA_GENERATE_ONLY:-0}" = 1 ] && exit 0
image_mb=$(cd "$IMAGES" && cut -d" " -f4 "$WORK/crops.txt" | xargs stat -c %s | awk '{ s += $1 } END { printf "%d", s / 1e6 }')

# The import, into a fresh copy of the sample quiz bank.
bench_discard "$WORK/quizzes" "$WORK/thumbs"
bench_empty_trash
bench_settle
mkdir -p "$WORK/quizzes" "$WORK/thumbs"
cp -r "$REPO_ROOT/Quizzes/." "$WORK/quizzes/"
sync
rm -f "$WORK/imported.txt"
log "casebook cases import of $MEDIA_ROWS rows with $MEDIA_IMAGES 12-megapixel JPEGs (load average $(loadavg))"
/usr/bin/time -f "%e %M %U %S" -o "$WORK/time-import.txt" "$CASEBOOK" cases import "$WORK/rows.csv" --source "Media bench 2026-W49" \
    --media "$IMAGES" --content "$CONTENT" --quizzes "$WORK/quizzes" --json >"$WORK/out-import.json" 2>"$LOGS/media-import.log" \
    || { tail -n 20 "$LOGS/media-import.log" >&2; die "cases import failed (log: $LOGS/media-import.log)"; }
read -r im_s im_kib im_user im_sys <"$WORK/time-import.txt"
echo "$MEDIA_IMAGES $MEDIA_ROWS" >"$WORK/imported.txt"
log "import: ${im_s}s (cpu: user ${im_user}s, system ${im_sys}s), $((im_kib / 1024)) MiB"

# The peer: one `vips thumbnail` process per size and file, as a shell loop would run it, for
# each row's file (a file in several rows is made again, as the import cleans it again).
awk -v rows="$MEDIA_ROWS" '{ f[NR] = $0 } END { for (i = 0; i < rows; i++) print f[i % NR + 1] }' "$WORK/crops.txt" >"$WORK/row-crops.txt"
log "vips thumbnail loop over the same $MEDIA_IMAGES files, $MEDIA_ROWS rows (load average $(loadavg))"
cat >"$WORK/thumbs.sh" <<'SH'
set -e
while read -r _ _ _ f; do
    n=$(basename "$f" .jpg)
    vips thumbnail "$1/$f" "$2/$n.jpg[Q=85,strip,optimize_coding]" 1600 --size down
    vips thumbnail "$2/$n.jpg" "$2/$n.thumb.jpg[Q=85,strip,optimize_coding]" 320 --size down
done <"$3"
SH
/usr/bin/time -f "%e %M %U %S" -o "$WORK/time-vips.txt" bash "$WORK/thumbs.sh" "$IMAGES" "$WORK/thumbs" "$WORK/row-crops.txt" >"$LOGS/media-vips.log" 2>&1 \
    || { tail -n 20 "$LOGS/media-vips.log" >&2; die "vips thumbnail loop failed"; }
read -r vt_s vt_kib vt_user vt_sys <"$WORK/time-vips.txt"
log "vips thumbnail loop: ${vt_s}s (cpu: user ${vt_user}s, system ${vt_sys}s), $((vt_kib / 1024)) MiB"
stored_files=$(find "$WORK/quizzes/cases/2026-w49/media" -type f | wc -l)
stored_mb=$(du -sm "$WORK/quizzes/cases/2026-w49/media" | cut -f1)
else
    # Only the requests, on the bank the last full run imported.
    [ -f "$WORK/imported.txt" ] || die "MEDIA_SERVE_ONLY=1 needs a bank imported by an earlier run of bench/media.sh (none in $WORK)"
    read -r MEDIA_IMAGES MEDIA_ROWS <"$WORK/imported.txt"
fi

# Media requests: a trainer (any case) asks for the imported cases' images, full size and
# thumbnails in turn, 64 connections.
"$CASEBOOK" build --content "$CONTENT" --quizzes "$WORK/quizzes" --out "$WORK/site" >"$LOGS/media-build.log" 2>&1
rm -f "$WORK/cb.db" "$WORK/cb.db"-*
TOKEN=$("$CASEBOOK" users add mediabench --role trainer --db "$WORK/cb.db" 2>/dev/null)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$CASEBOOK" serve --site "$WORK/site" --db "$WORK/cb.db" --port "$PORT" --content "$CONTENT" --quizzes "$WORK/quizzes" \
    --max-connections 512 >"$LOGS/media-serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/index.html" && break; sleep 0.2; done
COOKIE=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' -d "{\"token\":\"$TOKEN\"}" "http://127.0.0.1:$PORT/api/login" \
    | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' | head -n 1)
[ -n "$COOKIE" ] || die "could not sign in to the server (log: $LOGS/media-serve.log)"
first=$(curl -s -o /dev/null -w '%{http_code} %{content_type} %{size_download}' -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT/api/media/cases/c-bench-00001/0/full")
log "GET /api/media/cases/c-bench-00001/0/full: $first"
case "$first" in 200\ image/jpeg*) ;; *) die "media request failed: $first" ;; esac
cat >"$WORK/media.lua" <<LUA
-- Each request asks for another imported case's image, the full size and the thumbnail in turn.
local n, count, cookie = 0, $MEDIA_ROWS, "$COOKIE"
function request()
  n = n + 1
  local variant = (n % 2 == 0) and "full" or "thumb"
  return wrk.format("GET", string.format("/api/media/cases/c-bench-%05d/0/%s", (n * 7919) % count + 1, variant), {["Cookie"] = cookie})
end
LUA
# The server's CPU time (user + system, clock ticks) over the wrk run, per request: unlike
# latency, hardly moved by what else the machine runs.
# The stored files read once first, so that both servers serve from the page cache (the
# import wrote them minutes ago, and the vips loop has read gigabytes since): casebook runs
# first and would otherwise pay the disk reads nginx then finds cached.
cat "$WORK/quizzes/cases/2026-w49/media/"* >/dev/null
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER/stat"; }
ticks_before=$(cpu_ticks)
load_before=$(loadavg)
log "wrk: media requests, $CONNECTIONS connections, ${MEDIA_DURATION}s (load average $load_before)"
wrk -t2 -c"$CONNECTIONS" -d"${MEDIA_DURATION}s" --latency -s "$WORK/media.lua" "http://127.0.0.1:$PORT" >"$LOGS/wrk-media.log" 2>&1
load_after=$(loadavg)
ticks_after=$(cpu_ticks)
requests=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$LOGS/wrk-media.log")
cpu_us=$(( (ticks_after - ticks_before) * 1000000 / $(getconf CLK_TCK) / (requests > 0 ? requests : 1) ))
kill -TERM $SERVER; wait $SERVER || true
trap - EXIT

# The machine's own tail: nginx serving the same stored files as static files (sendfile, 2
# workers, no access log, keep-alive without a request limit), with the same wrk settings and
# the same request order (case i's full image and thumbnail in turn), right after casebook's
# run. On this shared 2-core machine the p99 of both follows the load average: the peer says
# how much of casebook's tail is the machine's (scheduling) and how much its own.
NGINX_DIR="$(mktemp -d /tmp/casebook-bench-media-nginx-XXXXXX)"
NGINX_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
MEDIA_DIR="$WORK/quizzes/cases/2026-w49/media"
cat >"$NGINX_DIR/nginx.conf" <<NGINX
daemon off;
worker_processes 2;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path $NGINX_DIR/client_body;
    proxy_temp_path $NGINX_DIR/proxy;
    fastcgi_temp_path $NGINX_DIR/fastcgi;
    uwsgi_temp_path $NGINX_DIR/uwsgi;
    scgi_temp_path $NGINX_DIR/scgi;
    types { image/jpeg jpg; image/png png; }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location /media/ { alias $MEDIA_DIR/; add_header Cache-Control "private, max-age=86400"; }
    }
}
NGINX
nginx -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -e "$NGINX_DIR/error.log" >"$LOGS/media-nginx.log" 2>&1 &
NGINX=$!
trap 'kill $NGINX 2>/dev/null || true; rm -rf "$NGINX_DIR"' EXIT
# The stored file of each case, in case order, for the same request sequence as media.lua.
python3 - "$WORK/quizzes/cases/2026-w49" "$MEDIA_ROWS" >"$WORK/media-nginx.lua" <<'PY'
import re, sys
folder, rows = sys.argv[1], int(sys.argv[2])
names = []
for i in range(1, rows + 1):
    text = open(f"{folder}/c-bench-{i:05d}.md", encoding="utf-8").read()
    m = re.search(r"^  - ref: media/([0-9a-f]+)\.(jpg|png)$", text, re.M)
    names.append((m.group(1), m.group(2)))
print("-- casebook's media.lua order, as static files: case i's full image and thumbnail in turn.")
print("local files = {" + ",".join(f'{{"{h}.{e}","{h}.thumb.{e}"}}' for h, e in names) + "}")
print(f"local n, count = 0, {rows}")
print("function request()")
print("  n = n + 1")
print("  local f = files[(n * 7919) % count + 1]")
print("  return wrk.format(\"GET\", \"/media/\" .. ((n % 2 == 0) and f[1] or f[2]))")
print("end")
PY
first_file=$(sed -n 's/^local files = {{"\([^"]*\)".*/\1/p' "$WORK/media-nginx.lua")
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$NGINX_PORT/media/$first_file" && break; sleep 0.1; done
nfirst=$(curl -s -o /dev/null -w '%{http_code} %{content_type} %{size_download}' "http://127.0.0.1:$NGINX_PORT/media/$first_file")
case "$nfirst" in 200\ image/jpeg*) ;; *) die "nginx static peer: GET /media/$first_file gave '$nfirst' (log: $NGINX_DIR/error.log; nginx's workers must be able to read $MEDIA_DIR)" ;; esac
nginx_ticks() { local t=0 p; for p in $NGINX $(pgrep -P "$NGINX"); do t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat"))); done; echo "$t"; }
nticks_before=$(nginx_ticks)
nload_before=$(loadavg)
log "wrk: the same files from nginx, $CONNECTIONS connections, ${MEDIA_DURATION}s (load average $nload_before)"
wrk -t2 -c"$CONNECTIONS" -d"${MEDIA_DURATION}s" --latency -s "$WORK/media-nginx.lua" "http://127.0.0.1:$NGINX_PORT" >"$LOGS/wrk-media-nginx.log" 2>&1
nload_after=$(loadavg)
nticks_after=$(nginx_ticks)
nrequests=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$LOGS/wrk-media-nginx.log")
ncpu_us=$(( (nticks_after - nticks_before) * 1000000 / $(getconf CLK_TCK) / (nrequests > 0 ? nrequests : 1) ))
kill -TERM $NGINX; wait $NGINX || true
rm -rf "$NGINX_DIR"
trap - EXIT
if [ "${MEDIA_SERVE_ONLY:-0}" = 1 ]; then
    python3 - "$LOGS/wrk-media.log" "$CASEBOOK" "$load_before" "$load_after" "$CONNECTIONS" "$cpu_us" \
        "$LOGS/wrk-media-nginx.log" "$nload_before" "$nload_after" "$ncpu_us" <<'PY'
import re, sys
def wrk(path):
    text = open(path).read()
    def pct(p):
        m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", text)
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)), pct(50), pct(99), int(errors.group(1)) if errors else 0
for name, log, before, after, cpu in ((f"{sys.argv[2]}: GET /api/media", sys.argv[1], sys.argv[3], sys.argv[4], sys.argv[6]),
                                      ("nginx, the same files", sys.argv[7], sys.argv[8], sys.argv[9], sys.argv[10])):
    rps, p50, p99, non2xx = wrk(log)
    print(f"{name}, {sys.argv[5]} connections: {rps:,.0f} requests/s, p50 {p50:.2f} ms, p99 {p99:.2f} ms, "
          f"non-2xx {non2xx}, server CPU {cpu} us a request (load average before {before}, after {after})")
PY
    exit 0
fi

python3 - "$im_s" "$im_kib" "$vt_s" "$vt_kib" "$LOGS/wrk-media.log" "$RESULTS" "$MEDIA_IMAGES" "$image_mb" "$stored_files" "$stored_mb" \
    "$WORK/out-import.json" "$im_user" "$im_sys" "$MEDIA_ROWS" "$load_before" "$load_after" "$cpu_us" \
    "$vt_user" "$vt_sys" "$LOGS/wrk-media-nginx.log" "$nload_before" "$nload_after" "$ncpu_us" <<'PY'
import json, re, sys
im_s, im_kib, vt_s, vt_kib = float(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
images, image_mb, stored_files, stored_mb = int(sys.argv[7]), int(sys.argv[8]), int(sys.argv[9]), int(sys.argv[10])
report = json.load(open(sys.argv[11]))
im_cpu, vt_cpu = float(sys.argv[12]) + float(sys.argv[13]), float(sys.argv[18]) + float(sys.argv[19])
def wrk(path):
    text = open(path).read()
    def pct(p):
        m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", text)
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)), "p50_ms": pct(50), "p99_ms": pct(99),
            "non_2xx": int(errors.group(1)) if errors else 0}
cb = wrk(sys.argv[5]) | {"load_average_before": sys.argv[15], "load_average_after": sys.argv[16], "server_cpu_us_per_request": int(sys.argv[17])}
ng = wrk(sys.argv[20]) | {"load_average_before": sys.argv[21], "load_average_after": sys.argv[22], "server_cpu_us_per_request": int(sys.argv[23])}
rows = int(sys.argv[14])
r = {"images": images, "rows": rows, "images_mb": image_mb,
     "import": {"seconds": im_s, "peak_rss_mib": round(im_kib / 1024, 1), "user_s": float(sys.argv[12]), "system_s": float(sys.argv[13]),
                "imported_rows": len(report["imported"]), "rejected_rows": len(report["rejected"]), "written": report["written"],
                "stored_files": stored_files, "stored_mb": stored_mb},
     "vips_thumbnail_loop": {"seconds": vt_s, "peak_rss_mib": round(vt_kib / 1024, 1), "user_s": float(sys.argv[18]), "system_s": float(sys.argv[19])},
     "import_over_vips": im_s / vt_s if vt_s else None,
     "import_over_vips_cpu": im_cpu / vt_cpu if vt_cpu else None,
     "media_requests": cb, "nginx_same_files": ng}
json.dump(r, open(sys.argv[6], "w"), indent=2)
ok = lambda good: "ok" if good else "MISSED"
print(f"case media: {images:,} generated 12-megapixel JPEGs ({image_mb:,} MB) in {rows:,} rows")
print(f"{'metric':44} {'value':>10}   goal")
print(f"{'casebook cases import --media (s)':44} {im_s:>10.1f}   < 60  {ok(im_s < 60)}")
print(f"{'  CPU, user + system (s)':44} {im_cpu:>10.1f}")
print(f"{'  peak memory (MiB)':44} {im_kib / 1024:>10.0f}   < 1024  {ok(im_kib < 1024 * 1024)}")
print(f"{'  rows imported / rejected':44} {len(report['imported']):>5} / {len(report['rejected']):<3}")
print(f"{'  files stored (MB)':44} {stored_files:>10,}   ({stored_mb} MB)")
print(f"{'vips thumbnail loop, 1600 + 320 px (s)':44} {vt_s:>10.1f}   (peak {vt_kib / 1024:.0f} MiB)")
print(f"{'  CPU, user + system (s)':44} {vt_cpu:>10.1f}")
print(f"{'import / vips loop, wall':44} {im_s / vt_s:>10.2f}")
print(f"{'import / vips loop, CPU':44} {im_cpu / vt_cpu if vt_cpu else 0:>10.2f}")
print(f"{'GET /api/media, 64 connections':44} {'casebook':>10} {'nginx':>10}   goal")
print(f"{'  requests/s':44} {cb['rps']:>10,.0f} {ng['rps']:>10,.0f}")
print(f"{'  p50 latency (ms)':44} {cb['p50_ms']:>10.2f} {ng['p50_ms']:>10.2f}")
print(f"{'  p99 latency (ms)':44} {cb['p99_ms']:>10.2f} {ng['p99_ms']:>10.2f}   < 20  {ok(cb['p99_ms'] < 20)}")
print(f"{'  non-2xx responses':44} {cb['non_2xx']:>10} {ng['non_2xx']:>10}")
print(f"{'  server CPU per request (us)':44} {cb['server_cpu_us_per_request']:>10} {ng['server_cpu_us_per_request']:>10}")
print(f"{'  load average before wrk':44} {cb['load_average_before']:>10} / {ng['load_average_before']}")
PY
