#!/usr/bin/env bash
# University-scale benchmark. In one run, on this machine, with the same wrk threads, connections and duration:
#   - two portal instances on PostgreSQL + Redis + S3 (s3rver) behind nginx, against
#   - one portal instance on SQLite + its data directory behind the same nginx (the reference);
# for the course page (cache hits), the course page on a cache miss (a new query string every request), and a
# 10 MB PDF download (from the object store, against the data directory). Every part shares the machine's cores.
# Needs PostgreSQL, Redis and s3rver on loopback: .ci/services starts them.
set -euo pipefail
cd "$(dirname "$0")/.."
THREADS=${THREADS:-2} CONNECTIONS=${CONNECTIONS:-32} DURATION=${DURATION:-10s}
P_SINGLE=5121 P_A=5122 P_B=5123 P_NG_SINGLE=5124 P_NG_SCALE=5125
PG="Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres"
run_id=$(date +%s)
db="portal_bench_$run_id" bucket="portal-bench-$run_id"
out=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    [ -f "$out/nginx.pid" ] && kill "$(cat "$out/nginx.pid")" 2>/dev/null
    PGPASSWORD=postgres psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
    redis-cli --scan --pattern "bench-$run_id:*" | xargs -r redis-cli del >/dev/null 2>&1 || true
    rm -rf "$out"
}
trap cleanup EXIT

for port in $P_SINGLE $P_A $P_B $P_NG_SINGLE $P_NG_SCALE; do
    if curl -s -o /dev/null "http://127.0.0.1:$port/"; then echo "port $port is in use; stop what listens there first" >&2; exit 1; fi
done
need=()
command -v nginx >/dev/null || need+=(nginx)
command -v wrk >/dev/null || need+=(wrk)
command -v psql >/dev/null || need+=(postgresql-client)
if ((${#need[@]})); then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null; fi
.ci/services >/dev/null

# The bucket, made with curl's own S3 request signing (s3rver's key pair).
s3() { curl -sf --aws-sigv4 "aws:amz:us-east-1:s3" --user S3RVER:S3RVER -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$@"; }
s3 -X PUT "http://127.0.0.1:4568/$bucket" >/dev/null
PGPASSWORD=postgres psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db" >/dev/null

echo "building (Release)…"
# Published as the Docker image publishes it (see the Dockerfile and bench/run.sh).
[ -n "${PORTAL_BUILD:-}" ] && cp -r "$PORTAL_BUILD" "$out/portal" || dotnet publish src/CoursePortal -c Release -r linux-x64 --self-contained true -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true \
    -p:TieredCompilation=false -o "$out/portal" --nologo -v quiet >/dev/null

launch() { # url, log name, then the command; sets $last
    local url=$1 log=$2; shift 2
    "$@" >>"$out/$log.log" 2>&1 &
    last=$!
    pids+=("$last")
    until curl -sf -o /dev/null "$url"; do
        kill -0 "$last" 2>/dev/null || { echo "$log exited:"; tail -20 "$out/$log.log"; exit 1; }
        sleep 0.05
    done
}
common=(Portal__SeedDemo=true Portal__Admin__Email=bench@example.edu Portal__Admin__Password=benchmark-password
    Portal__RateLimits__SignInPerMinute=1000 Portal__RateLimits__UploadsPerMinute=1000
    Serilog__MinimumLevel__Default=Warning Serilog__MinimumLevel__Override__Microsoft.AspNetCore=Warning)
scaled=(Portal__Database__Provider=PostgreSQL "ConnectionStrings__Portal=$PG;Database=$db"
    Portal__Redis=127.0.0.1:6379 "Portal__RedisPrefix=bench-$run_id:"
    Portal__Storage__Provider=S3 Portal__Storage__S3__ServiceUrl=http://127.0.0.1:4568 "Portal__Storage__S3__Bucket=$bucket"
    Portal__Storage__S3__ForcePathStyle=true Portal__Storage__S3__AccessKey=S3RVER Portal__Storage__S3__SecretKey=S3RVER)
launch "http://127.0.0.1:$P_SINGLE/healthz" single env "${common[@]}" Portal__DataDirectory="$out/single" ASPNETCORE_URLS="http://127.0.0.1:$P_SINGLE" "$out/portal/CoursePortal"
# Both scaled instances start at once: the database lock decides which one migrates and seeds.
for p in $P_A $P_B; do
    env "${common[@]}" "${scaled[@]}" Portal__DataDirectory="$out/scaled-$p" ASPNETCORE_URLS="http://127.0.0.1:$p" "$out/portal/CoursePortal" >>"$out/scaled-$p.log" 2>&1 &
    pids+=("$!")
done
for i in 0 1; do
    p=$([ $i = 0 ] && echo $P_A || echo $P_B)
    until curl -sf -o /dev/null "http://127.0.0.1:$p/healthz"; do
        kill -0 "${pids[$((i + 1))]}" 2>/dev/null || { echo "scaled-$p exited:"; tail -20 "$out/scaled-$p.log"; exit 1; }
        sleep 0.05
    done
done

cat >"$out/nginx.conf" <<CONF
worker_processes 1;
pid $out/nginx.pid;
error_log $out/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    upstream single { server 127.0.0.1:$P_SINGLE; keepalive 64; }
    upstream scaled { server 127.0.0.1:$P_A; server 127.0.0.1:$P_B; keepalive 64; }
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host \$host;
    proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto \$scheme;
    client_max_body_size 110m;
    proxy_request_buffering off;
    server { listen 127.0.0.1:$P_NG_SINGLE; location / { proxy_pass http://single; } }
    server { listen 127.0.0.1:$P_NG_SCALE; location / { proxy_pass http://scaled; } }
}
CONF
nginx -c "$out/nginx.conf"

# Staff sign-in and a 10 MB PDF uploaded through nginx, on each setup.
python3 bench/make-pdf.py "$out/ten.pdf" 10
token() { grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
upload() { # base url → path of the uploaded PDF
    local base=$1 jar="$out/jar-$RANDOM" t course_id
    t=$(curl -s -c "$jar" -b "$jar" "$base/Account/Login" | token)
    curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "__RequestVerificationToken=$t" \
        --data-urlencode "Input.Email=bench@example.edu" --data-urlencode "Input.Password=benchmark-password" "$base/Account/Login"
    course_id=$(curl -s -b "$jar" "$base/Admin/Courses" | grep -o 'href="/Staff/Courses/[0-9]*/Info"' | head -1 | grep -o '[0-9]\+')
    t=$(curl -s -c "$jar" -b "$jar" "$base/Staff/Courses/$course_id/Materials/Upload" | token)
    curl -s -b "$jar" -H "RequestVerificationToken: $t" -H "Accept: application/json" -F "Title=Ten megabytes" -F "files=@$out/ten.pdf;type=application/pdf" \
        "$base/Staff/Courses/$course_id/Materials/Upload" | python3 -c 'import json,sys; print(json.load(sys.stdin)["files"][0]["url"])'
}
single="http://127.0.0.1:$P_NG_SINGLE" scale="http://127.0.0.1:$P_NG_SCALE"
single_pdf=$(upload "$single") scale_pdf=$(upload "$scale")
for url in "$single$single_pdf" "$scale$scale_pdf"; do
    curl -sf -o "$out/check.pdf" "$url"
    cmp -s "$out/check.pdf" "$out/ten.pdf" || { echo "$url differs from the uploaded PDF" >&2; exit 1; }
done

course=/deep-learning-fall-2025
# A new query string per request: the output cache varies by "q", so every request renders the page.
cat >"$out/miss.lua" <<'LUA'
local n = 0
request = function() n = n + 1; return wrk.format("GET", wrk.path .. "?q=bench" .. n .. "-" .. math.random(1e9)) end
LUA
run_wrk() { # url [script] → "req/s p50_ms p99_ms transfer_MB/s non2xx"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency ${2:+-s "$2"} "$1" | python3 -c '
import re, sys
text = sys.stdin.read()
def ms(v, u): return float(v) * {"us": 0.001, "ms": 1, "s": 1000}[u]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", text); p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", text)
tr = re.search(r"Transfer/sec:\s+([\d.]+)(B|KB|MB|GB)", text)
mbps = float(tr.group(1)) * {"B": 1/1048576, "KB": 1/1024, "MB": 1, "GB": 1024}[tr.group(2)]
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"{rps:.0f} {ms(*p50.groups()):.2f} {ms(*p99.groups()):.2f} {mbps:.1f} {errors.group(1) if errors else 0}")'
}
echo "warming up…"
for base in "$single" "$scale"; do
    wrk -t"$THREADS" -c"$CONNECTIONS" -d3s "$base$course" >/dev/null
    wrk -t"$THREADS" -c"$CONNECTIONS" -d3s -s "$out/miss.lua" "$base$course" >/dev/null
done
wrk -t"$THREADS" -c"$CONNECTIONS" -d3s "$single$single_pdf" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d3s "$scale$scale_pdf" >/dev/null
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION on each…"
read -r s_rps s_p50 s_p99 _ s_err < <(run_wrk "$single$course")
read -r c_rps c_p50 c_p99 _ c_err < <(run_wrk "$scale$course")
read -r sm_rps sm_p50 sm_p99 _ sm_err < <(run_wrk "$single$course" "$out/miss.lua")
read -r cm_rps cm_p50 cm_p99 _ cm_err < <(run_wrk "$scale$course" "$out/miss.lua")
read -r sp_rps _ sp_p99 sp_mb sp_err < <(run_wrk "$single$single_pdf")
read -r cp_rps _ cp_p99 cp_mb cp_err < <(run_wrk "$scale$scale_pdf")

python3 - "$s_rps" "$s_p50" "$s_p99" "$c_rps" "$c_p50" "$c_p99" "$sm_rps" "$sm_p50" "$sm_p99" "$cm_rps" "$cm_p50" "$cm_p99" \
    "$sp_rps" "$sp_p99" "$sp_mb" "$cp_rps" "$cp_p99" "$cp_mb" "$s_err" "$c_err" "$sm_err" "$cm_err" "$sp_err" "$cp_err" <<'PY'
import sys
(s_rps, s_p50, s_p99, c_rps, c_p50, c_p99, sm_rps, sm_p50, sm_p99, cm_rps, cm_p50, cm_p99,
 sp_rps, sp_p99, sp_mb, cp_rps, cp_p99, cp_mb, *errors) = [float(x) for x in sys.argv[1:]]
def row(name, value, ref, ratio, target, ok):
    verdict = "" if target == "-" else "met" if ok else "MISSED"
    print(f"| {name} | {value} | {ref} | {ratio:.2f} | {target} | {verdict} |")
print("| Measure | 2 instances, PostgreSQL + Redis + S3 | 1 instance, SQLite + files | Ratio | Target | |")
print("|---|---|---|---|---|---|")
row("Course page req/s (cache hit)", f"{c_rps:.0f}", f"{s_rps:.0f}", c_rps / s_rps, ">= 0.8", c_rps / s_rps >= 0.8)
row("Course page p99 ms (cache hit)", f"{c_p99:.2f} (p50 {c_p50:.2f})", f"{s_p99:.2f} (p50 {s_p50:.2f})", c_p99 / s_p99, "-", True)
row("Course page req/s (cache miss)", f"{cm_rps:.0f} (p99 {cm_p99:.2f} ms)", f"{sm_rps:.0f} (p99 {sm_p99:.2f} ms)", cm_rps / sm_rps, "-", True)
row("10 MB PDF MB/s", f"{cp_mb:.0f} ({cp_rps:.1f} req/s, p99 {cp_p99:.0f} ms)", f"{sp_mb:.0f} ({sp_rps:.1f} req/s, p99 {sp_p99:.0f} ms)", cp_mb / sp_mb, "-", True)
if any(errors):
    print("non-2xx responses (hit, miss, pdf; scaled then single): " + ", ".join(f"{e:.0f}" for e in errors))
PY
