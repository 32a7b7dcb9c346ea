#!/usr/bin/env bash
# Same-run comparison of two builds under the load benchmark (Benchmarks/run-load.sh): the
# binaries take turns, round after round, so whatever else the machine does at the time
# weighs on both alike. Prints every run, then the median per build, test and database.
#   bash Benchmarks/compare-load.sh BEFORE_BIN AFTER_BIN [rounds, default 3] [seconds per run, default 10]
# Build each with `swift build -c release --product sitless` in a worktree at its commit.
set -euo pipefail
cd "$(dirname "$0")/.."
BEFORE=$1 AFTER=$2 ROUNDS=${3:-3} DURATION=${4:-10}
OUT=$(mktemp /tmp/sitless-compare.XXXXXX)
for round in $(seq 1 "$ROUNDS"); do
  for which in before after; do
    bin=$BEFORE; [ "$which" = after ] && bin=$AFTER
    echo "== round $round, $which ($bin)"
    SITLESS_BIN=$bin bash Benchmarks/run-load.sh "$DURATION" | while IFS= read -r line; do
      echo "$line"
      echo "$which $line" >> "$OUT"
    done
  done
done
echo
echo "== medians over $ROUNDS rounds (requests/s; p50 and p99 in ms; peak memory in kB)"
python3 - "$OUT" <<'PY'
import re, statistics, sys
def ms(text):
    value, unit = float(re.match(r"[\d.]+", text).group()), re.search(r"[a-z]+$", text).group()
    return value * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]
runs, memory = {}, {}
for line in open(sys.argv[1]):
    words = line.split()
    if len(words) > 4 and words[4] == "req/s":
        runs.setdefault((words[1], words[2], words[0]), []).append((float(words[3]), ms(words[6]), ms(words[8])))
    elif "peak memory" in line:
        memory.setdefault((words[1], words[0]), []).append(int(words[5]))
med = statistics.median
for (db, test) in sorted({key[:2] for key in runs}):
    row = []
    for which in ("before", "after"):
        r = runs.get((db, test, which), [])
        if r:
            row.append(f"{which} {med(x[0] for x in r):8.0f} req/s p50 {med(x[1] for x in r):7.2f} p99 {med(x[2] for x in r):7.2f}")
    before, after = runs.get((db, test, "before")), runs.get((db, test, "after"))
    ratio = f"  after/before {med(x[0] for x in after) / med(x[0] for x in before):.2f}" if before and after else ""
    print(f"{db:9} {test:18} " + " | ".join(row) + ratio)
for (db, which), values in sorted(memory.items()):
    print(f"{db:9} peak memory {which:6} {med(values):8.0f} kB")
PY
rm -f "$OUT"
