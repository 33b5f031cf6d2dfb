#!/usr/bin/env bash
# The main job: the fuzz campaign (ci/fuzz_campaign.py does the work).
#   ci/fuzz.sh [--seconds N] [--jobs N] [--update-corpus] [TARGET...]
# Builds the fuzz preset (libFuzzer + ASan + UBSan) and runs every target of
# the registry (or those named) from its work corpus and its seeds, on every
# core, for N seconds in all (FUZZ_SECONDS, default 600: a first try; 3600
# for the nightly hour). A progress line per running target every 15 s; a
# summary table at the end, also written to $FUZZ_WORK/summary.{md,json,html}.
# The work corpus ($FUZZ_WORK/corpus/<target>, default fuzz-work/) is kept
# for the next run; --update-corpus merges it, minimized, into
# corpus/<target>/ as op-scripts, ready to commit. Every crash, leak, timeout
# and out-of-memory is reproduced, deduplicated by signature, minimized and
# written into corpus/regressions/ as an op-script.
# Exit status: 1 when something new was found, 0 otherwise, 2 for bad usage.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-600}
jobs=${FUZZ_JOBS:-$(nproc)}
update=()
targets=()
while (($#)); do
  case "$1" in
    --seconds|--jobs)
      (($# >= 2)) || { echo "ci/fuzz.sh: $1 needs a number" >&2; exit 2; }
      if [ "$1" = --seconds ]; then seconds=$2; else jobs=$2; fi
      shift 2 ;;
    --update-corpus) update=(--update-corpus); shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "ci/fuzz.sh: unknown option ${1:0:40} (see ci/fuzz.sh --help)" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[[ "$seconds" =~ ^[0-9]+$ && "$seconds" -gt 0 ]] || { echo "ci/fuzz.sh: --seconds wants a positive whole number, not ${seconds:0:40}" >&2; exit 2; }
[[ "$jobs" =~ ^[0-9]+$ && "$jobs" -gt 0 ]] || { echo "ci/fuzz.sh: --jobs wants a positive whole number, not ${jobs:0:40}" >&2; exit 2; }
if ((${#targets[@]} == 0)) && [ -n "${TARGETS:-}" ]; then read -ra targets <<< "$TARGETS"; fi
# The registry's names, checked before the build rather than after it.
known=$(sed -n 's/^GOMAP_TARGET(\([a-z0-9_]*\),.*/\1/p' fuzz/targets/targets.def)
for t in "${targets[@]}"; do
  grep -qx -- "$t" <<< "$known" || { echo "ci/fuzz.sh: unknown target ${t:0:40}; the targets are $(echo $known)" >&2; exit 2; }
done

ci/setup.sh
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
cmake --build --preset fuzz --target seed_corpora >/dev/null
exec python3 ci/fuzz_campaign.py --bin build/fuzz/fuzz --work "${FUZZ_WORK:-fuzz-work}" \
  --seconds "$seconds" --jobs "$jobs" "${update[@]}" "${targets[@]}"
