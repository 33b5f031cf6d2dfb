#!/usr/bin/env bash
# Regrows the golden Go-conformance suite: random op-scripts from
# gen_scripts.py, with the traces Go 1.19 prints for them (fuzz/gooracle).
#   fuzz/golden/regrow.sh [COUNT] [SEED]
# Replaces corpus/scripts/random-*; hand-written scripts there are kept and
# their expected traces regenerated too.
set -euo pipefail
cd "$(dirname "$0")/../.."
COUNT=${1:-100}
SEED=${2:-1}
oracle=build/gooracle/gooracle
fuzz/gooracle/build.sh "$oracle"
rm -f corpus/scripts/random-*.ops corpus/scripts/random-*.out
python3 fuzz/golden/gen_scripts.py --out corpus/scripts --count "$COUNT" --seed "$SEED"
for f in corpus/scripts/*.ops; do
  "$oracle" "$f" > "${f%.ops}.out"
done
echo "regrew $(ls corpus/scripts/*.ops | wc -l) golden scripts (random: $COUNT, seed $SEED)"
