#!/usr/bin/env bash
# The test command: set up, configure, build and run every test (the asan
# preset: ASan + UBSan), including the golden Go-conformance suite and the
# replay of every op-script under corpus/; the threaded suites under TSan;
# then smoke runs of the benchmarks (every workload once at n=1000, on the
# port, absl, std and Go 1.19: each checks its own results, and the table
# must come out whole) and of the misuse programs beside Go (ci/detection.sh);
# then the fuzz campaign killed mid-run and mid-merge (ci/fuzz_kill_test.py).
#   PRESET=default ci/test.sh   to use another preset
# Exit status: 2 for a bad setting, before anything is built.
set -euo pipefail
cd "$(dirname "$0")/.."

# Settings are environment variables; an argument is a mistake, said in one
# line rather than ignored.
if (($#)); then
  echo "ci/test.sh: takes no arguments, not ${1:0:40} (settings: PRESET=NAME)" >&2
  exit 2
fi

PRESET=${PRESET:-asan}
# Checked first, against ctest's own list of test presets (CMakePresets.json):
# a configure preset without one (fuzz, bench) would fail only at the ctest
# step, after the build. Only a fresh machine, without ctest yet, sets up
# before the check.
command -v ctest >/dev/null || ci/setup.sh
presets=$(ctest --list-presets 2>/dev/null | sed -n 's/^ *"\([^"]*\)".*/\1/p')
if ! grep -qxF -- "$PRESET" <<< "$presets"; then
  echo "ci/test.sh: PRESET=${PRESET:0:40} is not a test preset; they are ${presets//$'\n'/, }" >&2
  exit 2
fi

ci/setup.sh
cmake --preset "$PRESET"
cmake --build --preset "$PRESET"
ctest --preset "$PRESET" -j2

# The threaded suites under ThreadSanitizer: legal concurrent reads and
# iterations race-free, misuse dying with Go's fatal errors.
cmake --preset tsan
cmake --build --preset tsan --target gomap_runtime_test
ctest --preset tsan -R '^runtime/Threads\.'

BENCH_RUNS=1 BENCH_MIN_TIME=0.01 BENCH_FILTER='.*/.*/1000$' BENCH_OUT=build/bench-smoke \
  FUZZ_WORK=build/bench-smoke/no-fuzz-summary ci/bench.sh > build/bench-smoke.md
rows=$(grep -c '^| [a-z_]* | \(int64\|string\) | 1,000 |' build/bench-smoke.md || true)
if [ "$rows" != 12 ]; then
  echo "bench smoke: expected 12 rows (6 workloads x 2 keys at n=1000), got $rows" >&2
  cat build/bench-smoke.md >&2
  exit 1
fi
if grep -q '—' build/bench-smoke.md; then
  echo "bench smoke: a row is missing an implementation" >&2
  cat build/bench-smoke.md >&2
  exit 1
fi
# Go's second form exists for the string lookups and deletes, and only there.
same=$(awk -F'|' '/^\| [a-z_]+ \|/ && $7 ~ /[0-9]/ {print $2 $3}' build/bench-smoke.md | tr -s ' ' | sort | tr '\n' ,)
if [ "$same" != " delete_all string , lookup_hit string ," ]; then
  echo "bench smoke: expected Go's same-strings form on the 2 string lookup_hit and delete_all rows, got $same" >&2
  cat build/bench-smoke.md >&2
  exit 1
fi
echo "bench smoke: 12 rows, every implementation measured, both Go forms"

# Detection smoke: each misuse program of Go's crash tests, on Go 1.19 and on
# the port, twice; a death other than the program's fatal error fails
# ci/detection.py, and the port must detect in every run that steps until
# it does.
DETECTION_RUNS=2 DETECTION_UNTIL=2 BENCH_OUT=build/detection-smoke ci/detection.sh > build/detection-smoke.md
rows=$(grep -c '^| \(writes\|readwrite\|iteratewrite\) | ' build/detection-smoke.md || true)
missed=$(grep '| until detected' build/detection-smoke.md | awk -F'|' '$6 !~ /2\/2/' || true)
if [ "$rows" != 6 ] || [ -n "$missed" ]; then
  echo "detection smoke: expected 6 rows and the port detecting every run until detected; got" >&2
  cat build/detection-smoke.md >&2
  exit 1
fi
echo "detection smoke: 6 rows, the port detected every run of the until form"

# The fuzz campaign (README's main job) killed with SIGKILL mid-fuzzing and
# mid-merge, on a copy of corpus/: nothing lost, nothing half-written.
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
python3 ci/fuzz_kill_test.py --bin build/fuzz/fuzz --rounds 4
