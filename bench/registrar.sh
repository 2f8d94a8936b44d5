#!/usr/bin/env bash
# Registrar import benchmark: a 2,000-row file (1,000 courses with a precept each, 2,000 invitations) through the real
# admin pages of a Release build: the preview's time, the background run's time (apply to "done"), and the server's
# peak resident memory over both (kernel VmHWM, reset just before). The reference, in the same run: creating 50
# courses one by one through the Admin → Courses form, the way a term was set up before the import.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-2000}
PORT=${PORT:-5098}
out=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$out"' EXIT

command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl >/dev/null; }
dotnet publish src/CoursePortal -c Release -o "$out/app" --nologo -v quiet >/dev/null
python3 bench/make-registrar.py "$out/registrar.csv" "$ROWS"

Portal__DataDirectory="$out/data" Portal__SeedDemo=true \
Portal__Admin__Email=bench@example.edu Portal__Admin__Password=benchmark-password Serilog__MinimumLevel__Default=Warning \
ASPNETCORE_URLS="http://127.0.0.1:$PORT" dotnet "$out/app/CoursePortal.dll" >"$out/server.log" 2>&1 &
server=$!
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.5; done

jar="$out/cookies"
base="http://127.0.0.1:$PORT"
token() { grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
now() { date +%s.%N; }
t=$(curl -s -c "$jar" -b "$jar" "$base/Account/Login" | token)
curl -s -o /dev/null -c "$jar" -b "$jar" -d "__RequestVerificationToken=$t&Input.Email=bench@example.edu&Input.Password=benchmark-password" "$base/Account/Login"

# Reference: 50 courses through the create form (GET the page for its token, POST it), as an admin did before.
rstart=$(now)
for i in $(seq 50); do
    t=$(curl -s -c "$jar" -b "$jar" "$base/Admin/Courses" | token)
    curl -s -o /dev/null -b "$jar" --data-urlencode "__RequestVerificationToken=$t" --data-urlencode "Input.Slug=ref-$i-fall-2025" \
        --data-urlencode "Input.Code=REF $i" --data-urlencode "Input.Title=Reference course $i" --data-urlencode "Input.TermName=Fall 2025" \
        --data-urlencode "Input.TermStart=2025-09-02" --data-urlencode "Input.TermEnd=2025-12-10" --data-urlencode "Input.TimeZoneId=America/New_York" \
        "$base/Admin/Courses"
done
rend=$(now)

rss() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
before=$(rss)
echo 5 >"/proc/$server/clear_refs"
t=$(curl -s -c "$jar" -b "$jar" "$base/Admin/Registrar" | token)
pstart=$(now)
curl -s -o "$out/preview.html" -b "$jar" -F "__RequestVerificationToken=$t" -F "Upload=@$out/registrar.csv;type=text/csv" "$base/Admin/Registrar?handler=Preview"
pend=$(now)
python3 - "$out/preview.html" "$out/apply.txt" <<'PY'
import html, re, sys, urllib.parse
page = open(sys.argv[1], encoding="utf-8").read()
print("preview:", " ".join(re.search(r"<p>(\d+ rows:[^<]*)</p>", page).group(1).split()))
form = page[page.index('handler=Apply'):]
field = lambda name: html.unescape(re.search(r'name="%s"[^>]*value="([^"]*)"' % name, form).group(1))
open(sys.argv[2], "w").write(urllib.parse.urlencode({"__RequestVerificationToken": field("__RequestVerificationToken"),
    "FileContent": field("FileContent"), "FileName": field("FileName")}))
PY
astart=$(now)
location=$(curl -s -o /dev/null -w '%{redirect_url}' -b "$jar" --data @"$out/apply.txt" "$base/Admin/Registrar?handler=Apply")
while :; do
    status=$(curl -s -b "$jar" "$location?handler=Status")
    case "$status" in *'"state":"done"'*|*'"state":"failed"'*) break ;; esac
    sleep 0.2
done
aend=$(now)
peak=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
curl -s -b "$jar" "$location" >"$out/result.html"

python3 - "$ROWS" "$rstart" "$rend" "$pstart" "$pend" "$astart" "$aend" "$before" "$peak" "$status" "$out/result.html" <<'PY'
import re, sys
rows = int(sys.argv[1]); ref_s, preview_s, apply_s = (float(sys.argv[i + 1]) - float(sys.argv[i]) for i in (2, 4, 6))
before, peak, status = int(sys.argv[8]), int(sys.argv[9]), sys.argv[10]
done = re.search(r"Done: [^<]*", open(sys.argv[11], encoding="utf-8").read())
courses = rows // 2
print(f"run: {status}; {done.group(0).split('(')[0].strip() if done else 'no result line'}")
print(f"preview of {rows} rows: {preview_s:.2f} s; applying in the background: {apply_s:.2f} s ({rows / apply_s:.0f} rows/s, {apply_s / courses * 1000:.1f} ms a course)")
print(f"reference (50 courses through the create form): {ref_s:.2f} s = {ref_s / 50 * 1000:.1f} ms a course; import/form time per course {apply_s / courses / (ref_s / 50):.2f}")
print(f"server RSS: {before / 1024:.0f} MB before, {peak / 1024:.0f} MB peak over preview and run; growth {(peak - before) / 1024:.1f} MB")
PY
