#!/usr/bin/env bash
# Serving benchmark. Builds Release, starts the portal with the demo course, and runs wrk with the same
# threads, connections and duration against:
#   - the course page, and the same rendered page served by nginx from a folder (the physical limit);
#   - a 10 MB PDF through the portal's material URL, and the same file from nginx;
#   - a generated 500-lecture, 1000-material course against the demo course;
# then compares resident memory after load and time from start to the first 200 of the front page with a bare
# `dotnet new webapp` app built and run here too. Prints each number and the ratio to its reference.
set -euo pipefail
cd "$(dirname "$0")/.."
THREADS=${THREADS:-2} CONNECTIONS=${CONNECTIONS:-32} DURATION=${DURATION:-10s}
P_PORTAL=5101 P_NGINX=5102 P_BARE=5103
out=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; [ -f "$out/nginx.pid" ] && kill "$(cat "$out/nginx.pid")" 2>/dev/null; rm -rf "$out"; }
trap cleanup EXIT
[ -n "${KEEP_OUT:-}" ] && trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; [ -f "$out/nginx.pid" ] && kill "$(cat "$out/nginx.pid")"; echo "kept $out"' EXIT

for port in $P_PORTAL $P_NGINX $P_BARE; do
    if curl -s -o /dev/null "http://127.0.0.1:$port/"; then echo "port $port is in use; stop what listens there first" >&2; exit 1; fi
done

need=()
command -v nginx >/dev/null || need+=(nginx)
command -v wrk >/dev/null || need+=(wrk)
command -v curl >/dev/null || need+=(curl)
if ((${#need[@]})); then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null; fi

echo "building (Release)…"
# Published as the Docker image publishes it: self-contained, composite ReadyToRun, no tiered compilation
# (see the Dockerfile).
dotnet publish src/CoursePortal -c Release -r linux-x64 --self-contained true -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true \
    -p:TieredCompilation=false -o "$out/portal" --nologo -v quiet >/dev/null
(cd "$out" && dotnet new webapp -o bare --no-https --force >/dev/null 2>&1 && dotnet publish bare -c Release -o bare-app --nologo -v quiet >/dev/null)

ms_now() { date +%s%3N; }
# Starts a program; sets $last (its pid) and $elapsed (milliseconds until URL first answers 200).
launch() { # url, then the command
    local url=$1; shift
    local t0; t0=$(ms_now)
    "$@" >>"$out/server.log" 2>&1 &
    last=$!
    pids+=("$last")
    until curl -sf -o /dev/null "$url"; do
        kill -0 "$last" 2>/dev/null || { echo "the server exited:"; tail -20 "$out/server.log"; exit 1; }
        sleep 0.01
    done
    elapsed=$(( $(ms_now) - t0 ))
}
stop() { kill "$1"; wait "$1" 2>/dev/null || true; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

portal_env=(env ${PORTAL_GC:+DOTNET_gcServer=$PORTAL_GC} Portal__DataDirectory="$out/data" Portal__SeedDemo=true Portal__Admin__Email=bench@example.edu Portal__Admin__Password=benchmark-password
    Portal__RateLimits__SignInPerMinute=1000 Serilog__MinimumLevel__Default=Warning Serilog__MinimumLevel__Override__Microsoft.AspNetCore=Warning
    ASPNETCORE_URLS="http://127.0.0.1:$P_PORTAL" "$out/portal/CoursePortal")
bare_env=(env ASPNETCORE_URLS="http://127.0.0.1:$P_BARE" Logging__LogLevel__Default=Warning dotnet "$out/bare-app/bare.dll")

echo "start-up to first 200 (5 runs each)…"
portal_starts=() bare_starts=()
for i in 1 2 3 4 5; do
    launch "http://127.0.0.1:$P_PORTAL/" "${portal_env[@]}"; portal_starts+=("$elapsed"); stop "$last"
    launch "http://127.0.0.1:$P_BARE/" "${bare_env[@]}"; bare_starts+=("$elapsed"); stop "$last"
done
portal_start=$(printf '%s\n' "${portal_starts[@]}" | median); bare_start=$(printf '%s\n' "${bare_starts[@]}" | median)

launch "http://127.0.0.1:$P_PORTAL/healthz" "${portal_env[@]}"; portal_pid=$last
launch "http://127.0.0.1:$P_BARE/" "${bare_env[@]}"; bare_pid=$last
base="http://127.0.0.1:$P_PORTAL"
course="$base/deep-learning-fall-2025"

# Staff sign-in, then a 10 MB PDF uploaded to the course and a 500-lecture course imported, as an admin would.
jar="$out/jar"
token() { grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
t=$(curl -s -c "$jar" -b "$jar" "$base/Account/Login" | token)
signin=$(curl -s -o "$out/signin.html" -w '%{http_code}' -c "$jar" -b "$jar" --data-urlencode "__RequestVerificationToken=$t" \
    --data-urlencode "Input.Email=bench@example.edu" --data-urlencode "Input.Password=benchmark-password" "$base/Account/Login")
[ "$signin" = 302 ] || { echo "sign-in failed ($signin)"; grep -o 'form-errors[^<]*<[^<]*' "$out/signin.html"; tail -20 "$out/server.log"; exit 1; }
course_id=$(curl -s -b "$jar" "$base/Admin/Courses" | grep -o 'href="/Staff/Courses/[0-9]*/Info"' | head -1 | grep -o '[0-9]\+')
python3 bench/make-pdf.py "$out/ten.pdf" 10
t=$(curl -s -c "$jar" -b "$jar" "$base/Staff/Courses/$course_id/Materials/Upload" | token)
pdf_path=$(curl -s -b "$jar" -H "RequestVerificationToken: $t" -H "Accept: application/json" -F "Title=Ten megabytes" -F "files=@$out/ten.pdf;type=application/pdf" \
    "$base/Staff/Courses/$course_id/Materials/Upload" | python3 -c 'import json,sys; print(json.load(sys.stdin)["files"][0]["url"])')
python3 bench/make-course.py "$out/large.zip" 500
t=$(curl -s -c "$jar" -b "$jar" "$base/Admin/Import" | token)
curl -s -o /dev/null -b "$jar" -F "__RequestVerificationToken=$t" -F "Slug=large-course" -F "Archive=@$out/large.zip;type=application/zip" "$base/Admin/Import"

# nginx serves the rendered course page and the same PDF from a folder on loopback.
mkdir -p "$out/www"
curl -s "$course" >"$out/www/index.html"
cp "$out/ten.pdf" "$out/www/ten.pdf"
cat >"$out/nginx.conf" <<CONF
worker_processes auto;
pid $out/nginx.pid;
error_log $out/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    types { text/html html; application/pdf pdf; }
    server { listen 127.0.0.1:$P_NGINX; root $out/www; }
}
CONF
chmod -R a+rX "$out"   # nginx workers run as an unprivileged user
nginx -c "$out/nginx.conf"

run_wrk() { # url → "req/s p50_ms p99_ms transfer_MB/s"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$1" | python3 -c '
import re, sys
text = sys.stdin.read()
def ms(v, u): return float(v) * {"us": 0.001, "ms": 1, "s": 1000}[u]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", text); p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", text)
tr = re.search(r"Transfer/sec:\s+([\d.]+)(KB|MB|GB)", text)
mbps = float(tr.group(1)) * {"KB": 1/1024, "MB": 1, "GB": 1024}[tr.group(2)]
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"{rps:.0f} {ms(*p50.groups()):.2f} {ms(*p99.groups()):.2f} {mbps:.1f} {errors.group(1) if errors else 0}")'
}
# Warm up every target the same way first (JIT tiers, caches, nginx's open-file cache), then measure.
echo "warming up…"
for url in "$course" "http://127.0.0.1:$P_NGINX/index.html" "$base$pdf_path" "http://127.0.0.1:$P_NGINX/ten.pdf" "$base/large-course" "http://127.0.0.1:$P_BARE/"; do
    wrk -t"$THREADS" -c"$CONNECTIONS" -d3s "$url" >/dev/null
done
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION on each…"
read -r p_rps p_p50 p_p99 _ p_err < <(run_wrk "$course")
read -r n_rps n_p50 n_p99 _ n_err < <(run_wrk "http://127.0.0.1:$P_NGINX/index.html")
read -r pp_rps _ _ pp_mbps pp_err < <(run_wrk "$base$pdf_path")
read -r np_rps _ _ np_mbps np_err < <(run_wrk "http://127.0.0.1:$P_NGINX/ten.pdf")
read -r l_rps l_p50 l_p99 _ l_err < <(run_wrk "$base/large-course")
portal_rss=$(rss_mb "$portal_pid")
read -r _ _ _ _ _ < <(run_wrk "http://127.0.0.1:$P_BARE/")
bare_rss=$(rss_mb "$bare_pid")

python3 - "$p_rps" "$p_p50" "$p_p99" "$n_rps" "$n_p50" "$n_p99" "$pp_rps" "$pp_mbps" "$np_rps" "$np_mbps" "$l_rps" "$l_p50" "$l_p99" \
    "$portal_rss" "$bare_rss" "$portal_start" "$bare_start" "$p_err" "$pp_err" "$l_err" "$n_err" "$np_err" \
    "$(curl -s "$course" | wc -c)" "$(curl -s "$base/large-course" | wc -c)" <<'PY'
import sys
a = [float(x) for x in sys.argv[1:]]
(p_rps, p_p50, p_p99, n_rps, n_p50, n_p99, pp_rps, pp_mb, np_rps, np_mb, l_rps, l_p50, l_p99, p_rss, b_rss, p_start, b_start, p_err, pp_err, l_err, n_err, np_err, demo_bytes, large_bytes) = a
print(f"pages: demo course {demo_bytes / 1024:.0f} KB, 500-lecture course {large_bytes / 1024:.0f} KB")
def row(name, value, ref, ratio, target, ok):
    print(f"| {name} | {value} | {ref} | {ratio:.2f} | {target} | {'met' if ok else 'MISSED'} |")
print("| Measure | Portal | Reference | Ratio | Target | |")
print("|---|---|---|---|---|---|")
row("Course page req/s (vs nginx)", f"{p_rps:.0f}", f"{n_rps:.0f}", p_rps / n_rps, ">= 0.6", p_rps / n_rps >= 0.6)
row("Course page p99 ms (vs nginx)", f"{p_p99:.2f} (p50 {p_p50:.2f})", f"{n_p99:.2f} (p50 {n_p50:.2f})", p_p99 / n_p99, "<= 2", p_p99 / n_p99 <= 2)
row("10 MB PDF MB/s (vs nginx)", f"{pp_mb:.0f} ({pp_rps:.0f} req/s)", f"{np_mb:.0f} ({np_rps:.0f} req/s)", pp_mb / np_mb, ">= 0.7", pp_mb / np_mb >= 0.7)
row("500-lecture course req/s (vs demo)", f"{l_rps:.0f} (p99 {l_p99:.2f} ms)", f"{p_rps:.0f}", l_rps / p_rps, ">= 0.5", l_rps / p_rps >= 0.5)
row("RSS after load MB (vs bare webapp)", f"{p_rss:.0f}", f"{b_rss:.0f}", p_rss / b_rss, "<= 1.3", p_rss / b_rss <= 1.3)
row("Start to first 200 ms (vs bare webapp)", f"{p_start:.0f}", f"{b_start:.0f}", p_start / b_start, "<= 1.5", p_start / b_start <= 1.5)
if p_err or pp_err or l_err or n_err or np_err:
    print(f"non-2xx responses: page {p_err:.0f}, pdf {pp_err:.0f}, large {l_err:.0f}, nginx page {n_err:.0f}, nginx pdf {np_err:.0f}")
PY
