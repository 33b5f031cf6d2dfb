#!/usr/bin/env bash
# Detection with real threads, side by side with Go 1.19: the misuse
# programs of Go's crash tests (runtime/bench/go/misuse) and the port's
# versions (runtime/bench/misuse.cc, bench preset), run alternately by
# ci/detection.py. Prints the table and writes it to $BENCH_OUT (default
# bench-out/) as detection.md and detection.json.
#   DETECTION_RUNS=100 DETECTION_UNTIL=2 ci/detection.sh
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${BENCH_OUT:-bench-out}
GO=${GO:-/usr/lib/go-1.19/bin/go}

ci/setup.sh >&2
cmake --preset bench >/dev/null
cmake --build --preset bench --target gomap_misuse >&2
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
export GOCACHE=${GOCACHE:-$PWD/build/bench/gocache} GOPROXY=off GOFLAGS=-mod=mod GOTOOLCHAIN=local
(cd runtime/bench/go && "$GO" build -o "$OUT/gomisuse" ./misuse >&2)
python3 ci/detection.py --go "$OUT/gomisuse" --port build/bench/runtime/bench/gomap_misuse \
  --runs "${DETECTION_RUNS:-100}" --until "${DETECTION_UNTIL:-2}" --out "$OUT"
