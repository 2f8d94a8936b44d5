#!/usr/bin/env bash
# Upload benchmark: a 100 MB PDF through the real upload page of a Release build.
# Reports the server's resident-memory growth during the upload (target: at most 32 MB) and the
# upload rate, next to a reference run in the same script: copying the same file on the same disk.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${SIZE_MB:-100}
PORT=${PORT:-5099}
out=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$out"' EXIT

command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl >/dev/null; }
dotnet publish src/CoursePortal -c Release -o "$out/app" --nologo -v quiet >/dev/null
python3 bench/make-pdf.py "$out/big.pdf" "$SIZE_MB"
bytes=$(stat -c %s "$out/big.pdf")

Portal__DataDirectory="$out/data" Portal__SeedDemo=true \
Portal__Admin__Email=bench@example.edu Portal__Admin__Password=benchmark-password \
Portal__Uploads__MaxBytes=$((bytes + 1048576)) Serilog__MinimumLevel__Default=Warning \
ASPNETCORE_URLS="http://127.0.0.1:$PORT" dotnet "$out/app/CoursePortal.dll" >"$out/server.log" 2>&1 &
server=$!
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.5; done

jar="$out/cookies"
token() { grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
base="http://127.0.0.1:$PORT"
t=$(curl -s -c "$jar" -b "$jar" "$base/Account/Login" | token)
curl -s -o /dev/null -c "$jar" -b "$jar" -d "__RequestVerificationToken=$t&Input.Email=bench@example.edu&Input.Password=benchmark-password" "$base/Account/Login"
course=$(curl -s -b "$jar" "$base/Staff" | grep -o '/Staff/Courses/[0-9]*/' | head -1 | grep -o '[0-9]*')
upload="$base/Staff/Courses/$course/Materials/Upload"
t=$(curl -s -c "$jar" -b "$jar" "$upload" | token)
# Warm the upload path with a small file, so the measurement is of the transfer, not of first-call JIT.
python3 bench/make-pdf.py "$out/small.pdf" 1
curl -s -o /dev/null -b "$jar" -H "RequestVerificationToken: $t" -H "Accept: application/json" -F "files=@$out/small.pdf;type=application/pdf" "$upload"

rss() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
before=$(rss)
# Reset the kernel's peak-RSS mark (VmHWM), so afterwards it holds the exact peak of the upload.
echo 5 >"/proc/$server/clear_refs"
start=$(date +%s.%N)
status=$(curl -s -o "$out/response.json" -w '%{http_code}' -b "$jar" -H "RequestVerificationToken: $t" -H "Accept: application/json" \
    -F "files=@$out/big.pdf;type=application/pdf" "$upload")
end=$(date +%s.%N)
peak=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")

cstart=$(date +%s.%N); cp "$out/big.pdf" "$out/copy.pdf"; sync "$out/copy.pdf"; cend=$(date +%s.%N)

python3 - "$status" "$bytes" "$before" "$peak" "$start" "$end" "$cstart" "$cend" "$out/response.json" <<'PY'
import json, sys
status, size, before, peak = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
upload_s = float(sys.argv[6]) - float(sys.argv[5]); copy_s = float(sys.argv[8]) - float(sys.argv[7])
ok = json.load(open(sys.argv[9])).get("files", [{}])[0].get("ok")
mb = size / 1e6; growth = (peak - before) / 1024
print(f"upload: HTTP {status}, ok={ok}, {mb:.0f} MB in {upload_s:.2f} s = {mb / upload_s:.0f} MB/s")
print(f"reference (cp + sync on the same disk): {copy_s:.2f} s = {mb / copy_s:.0f} MB/s; upload/reference rate ratio {copy_s / upload_s:.2f}")
print(f"server RSS: {before / 1024:.0f} MB before, {peak / 1024:.0f} MB peak; growth {growth:.1f} MB (target <= 32 MB): {'met' if growth <= 32 else 'MISSED'}")
PY
