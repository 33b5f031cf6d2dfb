#!/usr/bin/env bash
# The main job: the fuzz campaign.
#   1. every libFuzzer target (fuzz preset: libFuzzer + ASan + UBSan) runs from
#      its seed corpus for FUZZ_SECONDS (default 60) each, on one core; among
#      them go_diff, which runs each input on the port and on the real Go
#      1.19 runtime (gooracle --serve, built beside the targets);
#   2. the golden scripts replayed on the port against the traces Go printed.
# New corpus entries and artifacts go to $FUZZ_WORK (default fuzz-work/),
# never into corpus/. One line per target: execs/s, coverage, corpus size,
# and each finding with the command that turns it into an op-script.
#   FUZZ_SECONDS=600 TARGETS="diff_int64 iter" ci/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."

FUZZ_SECONDS=${FUZZ_SECONDS:-60}
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

# The golden scripts against the traces Go 1.19 printed for them.
replayed=0
for f in corpus/scripts/*.ops; do
  replayed=$((replayed + 1))
  if ! "$tool" run "$f" | cmp -s - "${f%.ops}.out"; then
    findings=$((findings + 1))
    echo "  FINDING $f: differs from Go 1.19; reproduce: $tool run $f | diff ${f%.ops}.out -" | tee -a "$summary"
  fi
done
printf '%-13s %d golden scripts replayed\n' "golden" "$replayed" | tee -a "$summary"
echo "findings: $findings (summary in $summary)"
(( findings == 0 ))
