#!/usr/bin/env bash
# Coverage-guided fuzzing of every wearable reader (issue 12) and the media cleaner (issue 13): libFuzzer, built by swiftc with
# -sanitize=fuzzer,address, one binary for all readers (Fuzz/FuzzReaders.swift), each reader
# run for a bounded time from the corpus kept in Fuzz/corpus/<reader> (seeds from the tests, and
# in found/ what earlier runs added to coverage, merged with -merge=1) with the tokens in
# Fuzz/dict/<reader>.dict. Fails on any crash, sanitizer report, timeout, out-of-memory or
# finding of the harness (an error that is not a SensorError, an unescaped message, a time
# outside TimeBounds), leaving the input in .build-fuzz/artifacts/.
#
#   .ci/fuzz.sh                       build, then every reader for SITLESS_FUZZ_SECONDS (30) each
#   SITLESS_FUZZ_RUNS=100000 .ci/fuzz.sh   every reader for that many executions instead
#   .ci/fuzz.sh rawcsv axivity        only those readers
#   SITLESS_FUZZ_TARGET=rawcsv .build-fuzz/sitless-fuzz FILE   replay one input
#
# Built outside SwiftPM so the package and its `swift build` stay as they are: SitLessCore
# (-Onone, which compiles in a fifth of the time -O takes), SitLessSensors and the harness
# (-O) into .build-fuzz; rebuilt only when a source is newer than the binary. Two readers
# run at a time (the CI machine has 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=.build-fuzz
BIN=$OUT/sitless-fuzz
SECONDS_EACH=${SITLESS_FUZZ_SECONDS:-30}
RUNS=${SITLESS_FUZZ_RUNS:-}
JOBS=${SITLESS_FUZZ_JOBS:-2}
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(activpal applehealth rawcsv axivity gt3x geneactiv epochcsv agd wearable media)

core_sources=$(find Sources/SitLessCore -name '*.swift' | sort)
sensor_sources=$(find Sources/SitLessSensors -name '*.swift' | sort)
# The .gt3x reader's zip library, from SwiftPM's checkout (`swift build` first makes it).
ZIPSRC=.build/checkouts/ZIPFoundation/Sources
[ -d "$ZIPSRC/ZIPFoundation" ] || { echo "no $ZIPSRC/ZIPFoundation: run \`swift build\` first" >&2; exit 1; }
zip_sources=$(find "$ZIPSRC/ZIPFoundation" -name '*.swift' | sort)
newest=$(ls -t $core_sources $sensor_sources Fuzz/FuzzReaders.swift .ci/fuzz.sh | sed -n 1p)  # sed reads it all: no SIGPIPE under pipefail
if [ ! -x "$BIN" ] || [ "$newest" -nt "$BIN" ]; then
  echo "== building the fuzzer (swiftc -sanitize=fuzzer,address)"
  start=$(date +%s)
  rm -rf "$OUT/core" "$OUT/zip" "$OUT/sensors" && mkdir -p "$OUT/core" "$OUT/zip" "$OUT/sensors" "$OUT/artifacts"
  # The .agd reader imports sqlite-nio's vendored SQLite (VaporCSQLite): its C file, from the
  # checkout `swift build` made, compiled once (it does not change with SitLess's sources).
  sqlite=.build/checkouts/sqlite-nio/Sources/VaporCSQLite
  [ -f "$sqlite/sqlite_nio_sqlite3.c" ] || { echo "no $sqlite: run swift build first" >&2; exit 1; }
  mkdir -p "$OUT/csqlite"
  printf 'module VaporCSQLite {\n  header "%s/include/sqlite_nio_sqlite3.h"\n  export *\n}\n' "$PWD/$sqlite" \
    > "$OUT/csqlite/module.modulemap"
  [ -f "$OUT/csqlite/sqlite.o" ] || clang -O1 -g -c -DSQLITE_THREADSAFE=1 -DSQLITE_USE_URI -DSQLITE_DQS=0 \
    -DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_DEFAULT_MEMSTATUS=0 "$sqlite/sqlite_nio_sqlite3.c" -o "$OUT/csqlite/sqlite.o"
  flags=(-swift-version 6 -parse-as-library -sanitize=fuzzer,address -g -suppress-warnings)
  # SwiftPM generates Bundle.module for Core's catalog; the readers never load it.
  printf 'import Foundation\nextension Foundation.Bundle { static let module = Bundle.main }\n' > "$OUT/core/bundle.swift"
  (cd "$OUT/core" && swiftc "${flags[@]}" -Onone -module-name SitLessCore -emit-module -emit-module-path SitLessCore.swiftmodule \
     -c $(printf '../../%s ' $core_sources) bundle.swift -wmo -num-threads 2)
  # ZIPFoundation is Swift 5 code; zlib comes through its CZLib module map (which links -lz).
  (cd "$OUT/zip" && swiftc "${flags[@]:2}" -swift-version 5 -O -wmo -module-name ZIPFoundation \
     -I "../../$ZIPSRC/CZLib" -Xcc -D_GNU_SOURCE=1 -emit-module -emit-module-path ZIPFoundation.swiftmodule \
     -c $(printf '../../%s ' $zip_sources) -o zip.o)
  (cd "$OUT/sensors" && swiftc "${flags[@]}" -O -wmo -module-name SitLessSensors -I ../core -I ../zip -I ../csqlite \
     -I "../../$ZIPSRC/CZLib" -emit-module -emit-module-path SitLessSensors.swiftmodule \
     -c $(printf '../../%s ' $sensor_sources) -o sensors.o)
  # lld from the toolchain: gold warns about every ASan symbol it cannot export.
  swiftc "${flags[@]}" -use-ld=lld -O -module-name SitLessFuzz -I "$OUT/core" -I "$OUT/zip" -I "$OUT/sensors" \
     -I "$OUT/csqlite" -I "$ZIPSRC/CZLib" Fuzz/FuzzReaders.swift "$OUT"/core/*.o "$OUT/zip/zip.o" "$OUT/sensors/sensors.o" \
     "$OUT/csqlite/sqlite.o" -lz -o "$BIN"
  echo "built in $(( $(date +%s) - start )) s"
fi

run() {
  local target=$1 work log
  work=$(mktemp -d)
  log=$OUT/$target.log
  local limit=(-max_total_time="$SECONDS_EACH")
  [ -n "$RUNS" ] && limit=(-runs="$RUNS")
  # The whole pipeline starts from every reader's corpus too.
  local corpora=("Fuzz/corpus/$target")
  [ "$target" = wearable ] && corpora+=(Fuzz/corpus/activpal Fuzz/corpus/applehealth Fuzz/corpus/rawcsv \
    Fuzz/corpus/axivity Fuzz/corpus/gt3x Fuzz/corpus/geneactiv Fuzz/corpus/epochcsv Fuzz/corpus/agd)
  # New inputs go to a scratch folder (the first); the kept corpus is only read.
  if SITLESS_FUZZ_TARGET=$target ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 "$BIN" "$work" "${corpora[@]}" \
       -dict="Fuzz/dict/$target.dict" "${limit[@]}" -timeout=10 -rss_limit_mb=2048 -max_len=16384 -detect_leaks=0 \
       -print_final_stats=1 -artifact_prefix="$OUT/artifacts/$target-" >"$log" 2>&1; then
    status=ok
  else
    status=FAILED
  fi
  rm -rf "$work"
  local runs cov
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo "?")
  echo "$target: $status, $runs executions, coverage $cov edges"
  if [ "$status" != ok ]; then
    grep -E "FINDING|ERROR: libFuzzer|ERROR: AddressSanitizer|Fatal error|SUMMARY|Test unit written|^Base64" "$log" | sed -n 1,20p | sed "s/^/  /"
    return 1
  fi
}
export -f run
export OUT BIN SECONDS_EACH RUNS

if [ -n "$RUNS" ]; then budget="$RUNS runs"; else budget="$SECONDS_EACH s"; fi
echo "== fuzzing ${TARGETS[*]} ($budget each, $JOBS at a time)"
printf '%s\n' "${TARGETS[@]}" | xargs -P "$JOBS" -I{} bash -c 'run {}'
