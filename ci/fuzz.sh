#!/usr/bin/env bash
# The main job: the fuzz campaign.
#   1. every libFuzzer target (fuzz preset: libFuzzer + ASan + UBSan) runs from
#      its seed corpus for FUZZ_SECONDS (default 60) each, on one core;
#   2. a differential run against the real Go 1.19 runtime: random op-scripts
#      on the port and on fuzz/gooracle, traces compared byte for byte, for
#      GO_SECONDS (default FUZZ_SECONDS), after replaying the golden scripts.
# New corpus entries and artifacts go to $FUZZ_WORK (default fuzz-work/),
# never into corpus/. One line per target: execs/s, coverage, corpus size,
# and each finding with the command that turns it into an op-script.
#   FUZZ_SECONDS=600 TARGETS="diff_int64 iter" ci/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."

FUZZ_SECONDS=${FUZZ_SECONDS:-60}
GO_SECONDS=${GO_SECONDS:-$FUZZ_SECONDS}
WORK=${FUZZ_WORK:-fuzz-work}

ci/setup.sh
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
cmake --build --preset fuzz --target seed_corpora
bin=build/fuzz/fuzz
tool=$bin/gomap-script
# The registry (fuzz/targets/targets.def) says which targets there are.
TARGETS=${TARGETS:-$("$tool" targets)}
mkdir -p "$WORK"
summary="$WORK/summary.txt"
: > "$summary"
findings=0

for t in $TARGETS; do
  corpus="$WORK/corpus/$t"
  artifacts="$WORK/artifacts/$t/"
  mkdir -p "$corpus" "$artifacts"
  log="$WORK/$t.log"
  # Seeds: the committed op-scripts, encoded for binary targets by the build.
  seeds="$bin/corpus/$t"
  [ -d "$seeds" ] || seeds="corpus/$t"
  # The work corpus comes first: libFuzzer adds new entries there only.
  "$bin/$t" -max_total_time="$FUZZ_SECONDS" -dict="$bin/$t.dict" -max_len="$(sed -n 's/max_len = //p' "$bin/$t.options")" \
    -artifact_prefix="$artifacts" -print_final_stats=1 "$corpus" "$seeds" > "$log" 2>&1 || true
  execs=$(sed -n 's/^stat::average_exec_per_sec:[[:space:]]*//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  size=$(find "$corpus" -type f | wc -l)
  line=$(printf '%-13s execs/s %6s  cov %5s  corpus %5s' "$t" "${execs:-?}" "${cov:-?}" "$size")
  found=$(find "$artifacts" -type f | sort)
  if [ -n "$found" ]; then
    for a in $found; do
      findings=$((findings + 1))
      line="$line"$'\n'"  FINDING $a: reproduce with: $tool repro --target $t $a"
    done
  fi
  echo "$line" | tee -a "$summary"
done

# The differential run against Go 1.19.
oracle=build/gooracle/gooracle
fuzz/gooracle/build.sh "$oracle"
mkdir -p "$WORK/go-findings" "$WORK/batch"
replayed=0
for f in corpus/scripts/*.ops; do
  replayed=$((replayed + 1))
  if ! "$tool" run "$f" | cmp -s - "${f%.ops}.out"; then
    findings=$((findings + 1))
    echo "  FINDING $f: differs from Go 1.19; reproduce: $tool run $f | diff ${f%.ops}.out -" | tee -a "$summary"
  fi
done
start=$(date +%s)
ran=0
batch=0
while (( $(date +%s) - start < GO_SECONDS )); do
  seed=$(( (start * 1000 + batch) % 2147483647 ))
  rm -f "$WORK"/batch/*
  python3 fuzz/golden/gen_scripts.py --out "$WORK/batch" --count 20 --seed "$seed" --prefix "s$seed"
  for f in "$WORK"/batch/*.ops; do
    ran=$((ran + 1))
    "$oracle" "$f" > "$f.go" 2>&1 || true
    "$tool" run "$f" > "$f.port" 2>&1 || true
    if ! cmp -s "$f.go" "$f.port"; then
      findings=$((findings + 1))
      kept="$WORK/go-findings/$(basename "$f")"
      cp "$f" "$kept"
      cp "$f.go" "${kept%.ops}.out"
      echo "  FINDING $kept: port and Go 1.19 differ; reproduce: $tool run $kept | diff ${kept%.ops}.out -" | tee -a "$summary"
    fi
  done
  batch=$((batch + 1))
done
elapsed=$(( $(date +%s) - start ))
printf '%-13s %d golden replayed, %d random scripts in %ds (%d/s)\n' "go-oracle" "$replayed" "$ran" \
  "$elapsed" "$(( ran / (elapsed > 0 ? elapsed : 1) ))" | tee -a "$summary"
echo "findings: $findings (summary in $summary)"
(( findings == 0 ))
