#!/usr/bin/env bash
# The test command: set up, configure, build and run every test (the asan
# preset: ASan + UBSan), including the golden Go-conformance suite and the
# replay of every op-script under corpus/.
#   PRESET=default ci/test.sh   to use another preset
set -euo pipefail
cd "$(dirname "$0")/.."

ci/setup.sh
PRESET=${PRESET:-asan}
cmake --preset "$PRESET"
cmake --build --preset "$PRESET"
ctest --preset "$PRESET" -j2
