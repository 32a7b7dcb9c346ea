#!/usr/bin/env bash
# Load benchmark: the Today page and the set-logging API under wrk (Debian's package), as
# signed-in people, on SQLite and on PostgreSQL. Loopback only, bounded in time:
#   bash Benchmarks/run-load.sh [seconds per run, default 20] [connections, default 128]
#   SITLESS_BIN=path/to/sitless bash Benchmarks/run-load.sh   (that binary, no build)
# Prints requests/s, p50 and p99 latency per run and the server's peak memory (VmHWM), and the
# same for /healthz without and with a session cookie: what one and two database queries cost
# with no page at all.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-20}
CONNECTIONS=${2:-128}
PEOPLE=${SITLESS_LOAD_PEOPLE:-32}
PORT=${SITLESS_LOAD_PORT:-18080}
if ! command -v wrk >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null 2>&1 || {
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null
  }
fi
if [ -n "${SITLESS_BIN:-}" ]; then
  BIN=$SITLESS_BIN  # a binary built elsewhere (Benchmarks/compare-load.sh: another commit's)
else
  swift build -c release --product sitless >/dev/null 2>&1 || { swift build -c release --product sitless; exit 1; }
  BIN="$(swift build -c release --show-bin-path)/sitless"
fi
WORK=$(mktemp -d /tmp/sitless-load.XXXXXX)
BASE="http://127.0.0.1:$PORT"

csrf() { grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }

# Signs up $PEOPLE people with the article's program and a token, starts a session for each.
people() {
  : > "$WORK/cookies"; : > "$WORK/sessions"
  for i in $(seq 1 "$PEOPLE"); do
    jar="$WORK/jar-$i"
    token=$(curl -s -c "$jar" -b "$jar" "$BASE/signup" | csrf)
    curl -s -c "$jar" -b "$jar" -o /dev/null "$BASE/signup" --data-urlencode "_csrf=$token" --data-urlencode "email=load-$i-$RANDOM@example.com" \
      --data-urlencode "password=correct-horse-$i" --data-urlencode "confirm=correct-horse-$i" --data-urlencode "timeZone=Europe/Berlin"
    token=$(curl -s -c "$jar" -b "$jar" "$BASE/onboarding" | csrf)
    answers=$(for q in $(curl -s -b "$jar" "$BASE/onboarding" | grep -o 'name="q-[a-z-]*"' | sort -u | sed 's/name="//; s/"$//'); do echo -n " --data-urlencode $q=no"; done)
    # shellcheck disable=SC2086
    curl -s -c "$jar" -b "$jar" -o /dev/null "$BASE/onboarding" --data-urlencode "_csrf=$token" --data-urlencode "timeZone=Europe/Berlin" \
      --data-urlencode "workHours=mon-sun 00:00-23:59" --data-urlencode "program=glute-wake-up" --data-urlencode "perWeek=7" \
      $(for d in mon tue wed thu fri sat sun; do echo -n " --data-urlencode day-$d=on"; done) \
      --data-urlencode "start=$(date +%F)" $answers
    curl -s -c "$jar" -b "$jar" -o /dev/null "$BASE/" --data-urlencode "_csrf=$token" -X GET
    token=$(curl -s -c "$jar" -b "$jar" "$BASE/settings" | csrf)
    api=$(curl -s -c "$jar" -b "$jar" "$BASE/settings/tokens" --data-urlencode "_csrf=$token" --data-urlencode "name=load" | grep -o 'sl_[A-Za-z0-9_-]*' | head -1)
    workout=$(curl -s -X POST -H "Authorization: Bearer $api" "$BASE/api/v1/users/me/workouts" | grep -o '"id" *: *"[^"]*"' | tail -1 | sed 's/.*: *"//; s/"$//')
    [ -n "$api" ] && [ -n "$workout" ] || { echo "could not set up person $i (token '$api', workout '$workout')" >&2; exit 1; }
    awk '$6 == "sitless-session" { print $7 }' "$jar" | tail -1 >> "$WORK/cookies"
    echo "$api $workout" >> "$WORK/sessions"
  done
  # A first check that the cookies really sign people in.
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: sitless-session=$(head -1 "$WORK/cookies")" "$BASE/")
  [ "$status" = 200 ] || { echo "Today page answered $status for a signed-in person" >&2; exit 1; }
}

run() { # name, lua script, [path for signed-in.lua]
  local out="$WORK/$1.txt"
  SITLESS_COOKIES="$WORK/cookies" SITLESS_SESSIONS="$WORK/sessions" SITLESS_PATH="${3:-/}" \
    wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s --latency -s "Benchmarks/load/$2" "$BASE" > "$out"
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ { print $2 }' "$out")
  p50=$(awk '$1 == "50%" { print $2 }' "$out")
  p99=$(awk '$1 == "99%" { print $2 }' "$out")
  errors=$(awk '/Non-2xx|Socket errors/ { $1=$1; print }' "$out" | paste -sd';' -)
  printf '%-10s %-22s %10s req/s   p50 %8s   p99 %8s   %s\n' "$DB" "$1" "$rps" "$p50" "$p99" "${errors:-no errors}"
}

bench() { # database location
  "$BIN" serve --port "$PORT" --db "$1" > "$WORK/server-$DB.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 100); do curl -sf "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
  people
  run "today-page" signed-in.lua
  run "set-logging-api" sets.lua
  # The floor under them: no page, one database query (+ the session read when signed in).
  run "health-check" health.lua
  run "health-signed-in" signed-in.lua /healthz
  printf '%-10s server peak memory %s\n' "$DB" "$(awk '/VmHWM/ { print $2, $3 }' /proc/$SERVER/status)"
  kill $SERVER; wait $SERVER 2>/dev/null || true
}

echo "wrk: 2 threads, $CONNECTIONS connections, ${DURATION} s per run, $PEOPLE people; $(nproc) cores"
DB=sqlite; bench "$WORK/load.sqlite"
if [ "${SITLESS_LOAD_SKIP_POSTGRES:-}" = "" ]; then
  eval "$(SITLESS_PG_PORT=${SITLESS_PG_PORT:-55433} bash .ci/postgres.sh)"
  trap 'eval "$PGCLUSTER_STOP" >/dev/null 2>&1 || true' EXIT
  DB=postgres; bench "$DATABASE_URL"
fi
[ -n "${SITLESS_LOAD_KEEP:-}" ] && echo "kept $WORK" || rm -rf "$WORK"
