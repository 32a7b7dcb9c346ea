#!/usr/bin/env bash
# Upload benchmark: a 7-day 100 Hz .cwa (made by run-sensors.sh) through the API into a
# fresh server on SQLite: upload time, import time (until the job is done) and the server's
# peak memory. Usage: bash Benchmarks/run-upload.sh [file, default /tmp/sitless-7day.cwa]
set -euo pipefail
cd "$(dirname "$0")/.."
FILE=${1:-/tmp/sitless-7day.cwa}
[ -f "$FILE" ] || { echo "no $FILE: run Benchmarks/run-sensors.sh first" >&2; exit 1; }
PORT=${SITLESS_UPLOAD_PORT:-18181}
swift build -c release --product sitless >/dev/null 2>&1 || { swift build -c release --product sitless; exit 1; }
BIN="$(swift build -c release --show-bin-path)/sitless"
WORK=$(mktemp -d /tmp/sitless-upload.XXXXXX)
BASE="http://127.0.0.1:$PORT"
csrf() { grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
SITLESS_NOW=2026-12-20T12:00:00Z "$BIN" serve --port "$PORT" --db "$WORK/db.sqlite" > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do curl -sf "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
jar="$WORK/jar"
t=$(curl -s -c "$jar" -b "$jar" "$BASE/signup" | csrf)
curl -s -c "$jar" -b "$jar" -o /dev/null "$BASE/signup" --data-urlencode "_csrf=$t" --data-urlencode "email=upload@example.com" \
  --data-urlencode "password=correct-horse-1" --data-urlencode "confirm=correct-horse-1" --data-urlencode "timeZone=UTC"
t=$(curl -s -c "$jar" -b "$jar" "$BASE/onboarding" | csrf)
answers=$(for q in $(curl -s -b "$jar" "$BASE/onboarding" | grep -o 'name="q-[a-z-]*"' | sort -u | sed 's/name="//; s/"$//'); do echo -n " --data-urlencode $q=no"; done)
# shellcheck disable=SC2086
curl -s -c "$jar" -b "$jar" -o /dev/null "$BASE/onboarding" --data-urlencode "_csrf=$t" --data-urlencode "timeZone=UTC" \
  --data-urlencode "workHours=mon-fri 09:00-17:00" --data-urlencode "program=glute-wake-up" --data-urlencode "perWeek=3" \
  --data-urlencode "day-mon=on" --data-urlencode "day-wed=on" --data-urlencode "day-fri=on" --data-urlencode "start=2026-12-21" $answers
t=$(curl -s -c "$jar" -b "$jar" "$BASE/settings" | csrf)
TOKEN=$(curl -s -c "$jar" -b "$jar" "$BASE/settings/tokens" --data-urlencode "_csrf=$t" --data-urlencode "name=upload" | grep -o 'sl_[A-Za-z0-9_-]*' | head -1)
start=$(date +%s.%N)
location=$(curl -s -D - -o "$WORK/reply.json" -H "Authorization: Bearer $TOKEN" --data-binary @"$FILE" \
  "$BASE/api/v1/users/me/imports?name=$(basename "$FILE")&tz=UTC" | awk 'tolower($1) == "location:" { print $2 }' | tr -d '\r')
uploaded=$(date +%s.%N)
[ -n "$location" ] || { echo "upload refused: $(cat "$WORK/reply.json")" >&2; exit 1; }
while true; do
  status=$(curl -s -H "Authorization: Bearer $TOKEN" "$BASE$location")
  case "$status" in *'"status":"done"'*|*'"status":"failed"'*) break ;; esac
  sleep 0.2
done
done_at=$(date +%s.%N)
echo "file: $(basename "$FILE"), $(( $(stat -c %s "$FILE") / 1048576 )) MiB"
echo "upload: $(echo "$uploaded - $start" | bc) s; import after upload: $(echo "$done_at - $uploaded" | bc) s"
echo "result: $(echo "$status" | grep -o '"status":"[a-z]*"\|"bouts":[0-9]*\|"message":"[^"]*"' | paste -sd' ' -)"
echo "server peak memory: $(awk '/VmHWM/ { print $2, $3 }' /proc/$SERVER/status)"
