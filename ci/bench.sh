#!/usr/bin/env bash
# The performance comparison: the port, absl::flat_hash_map and
# std::unordered_map (runtime/bench, Google Benchmark, bench preset) and
# Go 1.19's own map (runtime/bench/go, go test -bench), on the same inputs.
#
# The two programs take turns, BENCH_RUNS times (default 5), so that a
# change in the machine's state during the run falls on both alike; each
# row's figure is the median over the runs. Prints one table (ns per key
# operation; port/Go and port/absl) and writes it to $BENCH_OUT (default
# bench-out/) as bench.md and bench.json, beside the raw outputs.
#   BENCH_RUNS=7 BENCH_FILTER='lookup_hit/string' ci/bench.sh
# BENCH_FILTER selects rows by "<workload>/<key>/<n>" (a regular expression,
# matched by Google Benchmark against the whole name and by go test level by
# level, so keep it to plain names and '/').
# BENCH_MIN_TIME (seconds, default 0.5) is each benchmark's minimum time per run.
#
# Checking cost is performance too, so the fuzz targets' execs/s go beside
# the table: from the last campaign's summary ($FUZZ_WORK/summary.txt, as
# ci/fuzz.sh leaves it), or, with BENCH_FUZZ_SECONDS=N, from a short
# campaign of N seconds a target that this script runs first (into
# $BENCH_OUT/fuzz-work, without the Go phase).
#
# Exit status: 2 for a bad setting, said in one line before anything runs.
set -euo pipefail
cd "$(dirname "$0")/.."

bad() { echo "ci/bench.sh: $*" >&2; exit 2; }
(($# == 0)) || bad "takes no arguments, not ${1:0:40} (settings are BENCH_* environment variables)"
RUNS=${BENCH_RUNS:-5}
FILTER=${BENCH_FILTER:-}
MIN_TIME=${BENCH_MIN_TIME:-0.5}
OUT=${BENCH_OUT:-bench-out}
GO=${GO:-/usr/lib/go-1.19/bin/go}
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || bad "BENCH_RUNS wants a positive whole number, not ${RUNS:0:40}"
[[ $MIN_TIME =~ ^[0-9]*\.?[0-9]+$ && $MIN_TIME =~ [1-9] ]] ||
  bad "BENCH_MIN_TIME wants a positive number of seconds, not ${MIN_TIME:0:40}"
[[ -z ${BENCH_FUZZ_SECONDS:-} || $BENCH_FUZZ_SECONDS =~ ^[1-9][0-9]*$ ]] ||
  bad "BENCH_FUZZ_SECONDS wants a positive whole number, not ${BENCH_FUZZ_SECONDS:0:40}"
why=$(mkdir -p -- "$OUT" 2>&1) || bad "BENCH_OUT: ${why#mkdir: }"
[ -w "$OUT" ] || bad "BENCH_OUT: ${OUT:0:100} is not writable"
OUT=$(cd "$OUT" && pwd)
fuzz_summary=${FUZZ_WORK:-fuzz-work}/summary.txt
if [ -n "${BENCH_FUZZ_SECONDS:-}" ]; then
  FUZZ_SECONDS=$BENCH_FUZZ_SECONDS FUZZ_WORK="$OUT/fuzz-work" ci/fuzz.sh >&2
  fuzz_summary=$OUT/fuzz-work/summary.txt
fi

# Only the table goes to stdout; setting up and building report on stderr.
ci/setup.sh >&2
[ -x "$GO" ] || bad "GO=${GO:0:100} is not an executable Go 1.19"
cmake --preset bench >/dev/null
cmake --build --preset bench --target gomap_bench >&2
bench=build/bench/runtime/bench/gomap_bench

rm -f "$OUT"/cpp-*.json "$OUT"/cpp-*.log "$OUT"/go-*.txt

# Compile the Go benchmark once, offline, so that every run times the same binary.
export GOCACHE=${GOCACHE:-$PWD/build/bench/gocache} GOPROXY=off GOFLAGS=-mod=mod GOTOOLCHAIN=local
(cd runtime/bench/go && "$GO" test -c -o "$OUT/gobench" . >&2)

for run in $(seq 1 "$RUNS"); do
  echo "run $run/$RUNS: C++" >&2
  # The console output (and the machine description on stderr) goes to a log.
  if ! "$bench" --benchmark_filter="/${FILTER}" --benchmark_min_time="$MIN_TIME" \
    --benchmark_out="$OUT/cpp-$run.json" --benchmark_out_format=json > "$OUT/cpp-$run.log" 2>&1; then
    cat "$OUT/cpp-$run.log" >&2
    exit 1
  fi
  echo "run $run/$RUNS: Go 1.19" >&2
  (cd runtime/bench/go && "$OUT/gobench" -test.run '^$' -test.bench "Map/${FILTER}" \
    -test.benchtime "${MIN_TIME}s" > "$OUT/go-$run.txt")
done

fuzz_args=()
if [ -f "$fuzz_summary" ]; then
  fuzz_args=(--fuzz-summary "$fuzz_summary")
else
  echo "no fuzz summary at $fuzz_summary: run ci/fuzz.sh, or set BENCH_FUZZ_SECONDS" >&2
fi
python3 ci/bench_table.py --out "$OUT" "${fuzz_args[@]}" "$OUT"/cpp-*.json "$OUT"/go-*.txt
