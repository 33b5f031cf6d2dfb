#!/usr/bin/env bash
# The main job. Until the libFuzzer targets exist it is a differential
# campaign against the real Go 1.19 runtime:
#   1. replays every op-script under corpus/ (golden traces compared exactly),
#   2. for FUZZ_SECONDS (default 60) generates random op-scripts and runs each
#      on the port and on the Go oracle, comparing the traces byte for byte.
# Findings are kept under fuzz-work/findings/ (never written into corpus/),
# each with the command that reproduces it.
set -euo pipefail
cd "$(dirname "$0")/.."

FUZZ_SECONDS=${FUZZ_SECONDS:-60}
PRESET=${PRESET:-default}
WORK=${FUZZ_WORK:-fuzz-work}

ci/setup.sh
cmake --preset "$PRESET" >/dev/null
cmake --build --preset "$PRESET"
tool=build/$PRESET/fuzz/gomap-script
oracle=build/gooracle/gooracle
fuzz/gooracle/build.sh "$oracle"

mkdir -p "$WORK/findings" "$WORK/batch"
findings=0

# 1. Replay the corpus.
replayed=0
for f in corpus/scripts/*.ops; do
  replayed=$((replayed + 1))
  if ! "$tool" run "$f" | cmp -s - "${f%.ops}.out"; then
    findings=$((findings + 1))
    echo "FINDING: $f: trace differs from Go 1.19's; reproduce: $tool run $f | diff ${f%.ops}.out -"
  fi
done
echo "replay: $replayed golden scripts"

# 2. Random scripts, port against Go.
start=$(date +%s)
ran=0
batch=0
while (( $(date +%s) - start < FUZZ_SECONDS )); do
  seed=$(( (start * 1000 + batch) % 2147483647 ))
  rm -f "$WORK"/batch/*.ops
  python3 fuzz/golden/gen_scripts.py --out "$WORK/batch" --count 20 --seed "$seed" --prefix "s$seed"
  for f in "$WORK"/batch/*.ops; do
    ran=$((ran + 1))
    "$oracle" "$f" > "$f.go" 2>&1 || true
    "$tool" run "$f" > "$f.port" 2>&1 || true
    if ! cmp -s "$f.go" "$f.port"; then
      findings=$((findings + 1))
      kept="$WORK/findings/$(basename "$f")"
      cp "$f" "$kept"
      cp "$f.go" "${kept%.ops}.out"
      echo "FINDING: $kept: port and Go 1.19 differ; reproduce: $tool run $kept | diff ${kept%.ops}.out -"
    fi
  done
  batch=$((batch + 1))
done
elapsed=$(( $(date +%s) - start ))
echo "differential: $ran random scripts in ${elapsed}s ($(( ran / (elapsed > 0 ? elapsed : 1) )) scripts/s), $findings findings"
(( findings == 0 ))
