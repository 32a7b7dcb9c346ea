#!/usr/bin/env bash
# GENEActiv benchmark (issue 16): generates a 7-day 100 Hz .bin (once; about 730 MB), then times
# `sitless analyze` (release build) and actipy's read_device on it in the same run, each once,
# with /usr/bin/time -v (wall, CPU, peak resident memory).
#   Benchmarks/run-geneactiv.sh [FILE] [DAYS]
set -euo pipefail
cd "$(dirname "$0")/.."
FILE=${1:-/tmp/sitless-7day.bin}
DAYS=${2:-7}
[ -f "$FILE" ] || python3 Benchmarks/make_geneactiv.py "$FILE" "$DAYS" 100
BIN=${SITLESS_BIN:-}
if [ -z "$BIN" ]; then
  swift build -c release --product sitless >/dev/null 2>&1 || { swift build -c release --product sitless; exit 1; }
  BIN="$(swift build -c release --show-bin-path)/sitless"
fi
measure() {  # name, command...
  local name=$1 log
  shift
  log=$(mktemp)
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || { cat "$log" >&2; exit 1; }
  awk -v n="$name" -F': ' '/Elapsed \(wall/ {w=$2} /User time/ {u=$2} /System time/ {s=$2}
    /Maximum resident/ {m=$2} END {printf "%s: %s wall, %.1f s CPU, peak %.0f MB\n", n, w, u + s, m / 1024}' "$log"
  rm -f "$log"
}
echo "$(basename "$FILE"): $(du -m "$FILE" | cut -f1) MB"
measure "sitless analyze (thigh)" "$BIN" analyze --tz UTC "$FILE"
measure "sitless analyze (wrist)" "$BIN" analyze --tz UTC --placement wrist "$FILE"
if python3 -c "import actipy" 2>/dev/null; then
  measure "actipy read_device" python3 -c "
import actipy
data, info = actipy.read_device('$FILE', lowpass_hz=None, calibrate_gravity=False, detect_nonwear=False,
                                resample_hz=None, verbose=False)
print(len(data))"
fi
