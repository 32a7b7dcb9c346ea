#!/usr/bin/env bash
# Sensor benchmark: builds the benchmark in release, generates a 7-day 100 Hz .cwa file of
# 24-hour wear with a known schedule (once), times SitLess on it (read, seconds on all cores,
# classifier, non-wear, short removals, lying and time in bed, steps, per-day metrics), and in the same run times actipy's full
# pipeline on the same file if it is installed (pip install actipy): read, 20 Hz low-pass,
# gravity calibration and non-wear detection. Prints wall, CPU (user+sys) and peak RSS of each
# and the ratios. Bounded: one pass each. WORKERS=n sets SitLess's cores (default: all).
set -euo pipefail
cd "$(dirname "$0")/.."
FILE=${1:-/tmp/sitless-7day-24h.cwa}
swift build -c release --product sitless-sensor-bench >/dev/null 2>&1 || { swift build -c release --product sitless-sensor-bench; exit 1; }
BIN="$(swift build -c release --show-bin-path)/sitless-sensor-bench"
[ -f "$FILE" ] || "$BIN" "$FILE" 7 --regenerate | head -1
TIMES=$(mktemp)
trap 'rm -f "$TIMES"' EXIT
FORMAT="%e %U %S %M"
/usr/bin/time -o "$TIMES.sitless" -f "$FORMAT" "$BIN" "$FILE" 7 ${WORKERS:+--workers "$WORKERS"}
read -r W U S M < "$TIMES.sitless"
rm -f "$TIMES.sitless"
echo "sitless: $W s wall, $U+$S s CPU, peak $((M / 1024)) MB"
if python3 -c "import actipy" 2>/dev/null; then
  /usr/bin/time -o "$TIMES.actipy" -f "$FORMAT" python3 -c "
import actipy
data, info = actipy.read_device('$FILE', lowpass_hz=20, calibrate_gravity=True, detect_nonwear=True,
                                resample_hz=None, verbose=False)
print('actipy (full pipeline): %d samples, calibration ok: %s, non-wear: %s' % (
    len(data), info.get('CalibOK'), info.get('NonwearTime(days)')))
"
  read -r AW AU AS AM < "$TIMES.actipy"
  rm -f "$TIMES.actipy"
  echo "actipy: $AW s wall, $AU+$AS s CPU, peak $((AM / 1024)) MB"
  python3 -c "
w, u, s, m, aw, au, as_, am = map(float, '$W $U $S $M $AW $AU $AS $AM'.split())
print('actipy / sitless: %.1fx wall, %.1fx CPU, %.1fx peak memory' % (aw / w, (au + as_) / (u + s), am / m))
"
fi
