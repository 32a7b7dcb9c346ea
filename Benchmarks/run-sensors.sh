#!/usr/bin/env bash
# Sensor benchmark: builds the benchmark in release, generates a 7-day 100 Hz .cwa file with
# a known schedule (once), times SitLess on it, and times actipy on the same file if it is
# installed (pip install actipy). Bounded: one pass each.
set -euo pipefail
cd "$(dirname "$0")/.."
FILE=${1:-/tmp/sitless-7day.cwa}
swift build -c release --product sitless-sensor-bench >/dev/null 2>&1 || { swift build -c release --product sitless-sensor-bench; exit 1; }
BIN="$(swift build -c release --show-bin-path)/sitless-sensor-bench"
[ -f "$FILE" ] || "$BIN" "$FILE" 7 --regenerate | head -1
/usr/bin/time -f "sitless: %e s wall, %U+%S s CPU, peak %M KB" "$BIN" "$FILE" 7
if python3 -c "import actipy" 2>/dev/null; then
  /usr/bin/time -f "actipy: %e s wall, %U+%S s CPU, peak %M KB" python3 -c "
import actipy, sys
data, info = actipy.read_device('$FILE', lowpass_hz=None, calibrate_gravity=False, detect_nonwear=False, resample_hz=None, verbose=False)
print('actipy: %d samples read' % len(data))
"
fi
