#!/usr/bin/env bash
# .gt3x benchmark: a generated 7-day, 100 Hz ActiGraph .gt3x (Benchmarks/make_gt3x.py, written once,
# ACTIVITY2 records with the sensor benchmark's posture schedule), then in the same run:
#   - SitLess: sitless-sensor-bench in release, which does what `sitless analyze` does with a file
#     (WearableFile.read: detection, the .gt3x reader, thigh classifier, non-wear; then per-day sitting)
#     and checks the recovered sitting time against the schedule;
#   - actipy.read_device on the same file (reading only, all processing off).
# Wall, CPU and peak RSS of each from /usr/bin/time -v.
#   bash Benchmarks/run-gt3x.sh [FILE] [DAYS]
set -euo pipefail
cd "$(dirname "$0")/.."
FILE=${1:-/tmp/sitless-7day.gt3x}
DAYS=${2:-7}
swift build -c release --product sitless-sensor-bench >/dev/null 2>&1 \
  || { swift build -c release --product sitless-sensor-bench; exit 1; }
BIN="$(swift build -c release --show-bin-path)/sitless-sensor-bench"
[ -f "$FILE" ] || python3 Benchmarks/make_gt3x.py "$FILE" "$DAYS" 100
ls -l "$FILE" | awk '{printf "file: %s, %.0f MB\n", $NF, $5 / 1e6}'

measure() {
  local label=$1 log
  shift
  log=$(mktemp)
  /usr/bin/time -v "$@" 2>"$log" | sed "s/^/$label: /"
  awk -F': ' -v l="$label" '/Elapsed \(wall clock\)/ { w = $2 } /User time/ { u = $2 } /System time/ { s = $2 }
    /Maximum resident/ { m = $2 }
    END { printf "%s: wall %s, CPU %.1f s (user %.1f + sys %.1f), peak RSS %.0f MB\n", l, w, u + s, u, s,
          m / 1024 }' "$log"
  rm -f "$log"
}

measure sitless "$BIN" "$FILE" "$DAYS"
if python3 -c "import actipy" 2>/dev/null; then
  measure actipy python3 -c "
import actipy
data, info = actipy.read_device('$FILE', lowpass_hz=None, calibrate_gravity=False, detect_nonwear=False,
                                resample_hz=None, verbose=False)
print('%d samples read' % len(data))
"
fi
