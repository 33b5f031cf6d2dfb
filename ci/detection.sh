#!/usr/bin/env bash
# Detection with real threads, side by side with Go 1.19: the misuse
# programs of Go's crash tests (runtime/bench/go/misuse) and the port's
# versions (runtime/bench/misuse.cc, bench preset), run alternately by
# ci/detection.py. Prints the table and writes it to $BENCH_OUT (default
# bench-out/) as detection.md and detection.json.
#   DETECTION_RUNS=100 DETECTION_UNTIL=2 ci/detection.sh
# Exit status: 2 for a bad setting, said in one line before anything runs.
set -euo pipefail
cd "$(dirname "$0")/.."

bad() { echo "ci/detection.sh: $*" >&2; exit 2; }
(($# == 0)) || bad "takes no arguments, not ${1:0:40} (settings: DETECTION_RUNS, DETECTION_UNTIL, BENCH_OUT)"
RUNS=${DETECTION_RUNS:-100}
UNTIL=${DETECTION_UNTIL:-2}
OUT=${BENCH_OUT:-bench-out}
GO=${GO:-/usr/lib/go-1.19/bin/go}
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || bad "DETECTION_RUNS wants a positive whole number, not ${RUNS:0:40}"
[[ $UNTIL =~ ^[0-9]*\.?[0-9]+$ && $UNTIL =~ [1-9] ]] ||
  bad "DETECTION_UNTIL wants a positive number of seconds, not ${UNTIL:0:40}"
why=$(mkdir -p -- "$OUT" 2>&1) || bad "BENCH_OUT: ${why#mkdir: }"
[ -w "$OUT" ] || bad "BENCH_OUT: ${OUT:0:100} is not writable"
OUT=$(cd "$OUT" && pwd)

ci/setup.sh >&2
[ -x "$GO" ] || bad "GO=${GO:0:100} is not an executable Go 1.19"
cmake --preset bench >/dev/null
cmake --build --preset bench --target gomap_misuse >&2
export GOCACHE=${GOCACHE:-$PWD/build/bench/gocache} GOPROXY=off GOFLAGS=-mod=mod GOTOOLCHAIN=local
(cd runtime/bench/go && "$GO" build -o "$OUT/gomisuse" ./misuse >&2)
python3 ci/detection.py --go "$OUT/gomisuse" --port build/bench/runtime/bench/gomap_misuse \
  --runs "$RUNS" --until "$UNTIL" --out "$OUT"
