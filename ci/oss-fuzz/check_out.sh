#!/bin/sh
# The ctest oss-fuzz/build-contract (docs/scale-out.md): runs
# ci/oss-fuzz/build.sh as OSS-Fuzz's libFuzzer + ASan build would (the
# contract's variables, fresh $SRC $WORK $OUT under a temporary directory,
# $SRC/gomap a link to this checkout), then checks that $OUT holds, for every
# target `gomap-script targets` lists, the binary, <t>.dict, <t>.options and a
# non-empty <t>_seed_corpus.zip, and that the binary runs that whole seed
# corpus with its dictionary and exits 0. go_diff may be absent only together
# with gooracle (no Go 1.19 where build.sh ran). One line per target, then
# "N passed, N failed"; exit 1 on any failure.
#   ABSEIL_SRC=DIR   an abseil-cpp checkout, linked as $SRC/abseil-cpp: the
#                    Dockerfiles' path (Abseil built from source, static)
set -eu

repo=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gomap-oss-fuzz.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
mkdir "$tmp/src" "$tmp/work" "$tmp/out" "$tmp/seeds" "$tmp/artifacts"
ln -s "$repo" "$tmp/src/gomap"
if [ -n "${ABSEIL_SRC:-}" ]; then ln -s "$(cd "$ABSEIL_SRC" && pwd)" "$tmp/src/abseil-cpp"; fi

export SRC="$tmp/src" WORK="$tmp/work" OUT="$tmp/out"
export CC=clang-14 CXX=clang++-14
export CFLAGS="-fsanitize=address,fuzzer-no-link -O1 -gline-tables-only"
export CXXFLAGS="$CFLAGS"
export LIB_FUZZING_ENGINE=-fsanitize=fuzzer
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}"
# go_diff must find the oracle beside itself, as on a runner, not one named here.
unset GOMAP_ORACLE

now() { date +%s; }
started=$(now)
# OSS-Fuzz's compile step runs build.sh from the Dockerfile's WORKDIR.
if ! (cd "$SRC/gomap" && bash -eu "$repo/ci/oss-fuzz/build.sh") >"$tmp/build.log" 2>&1; then
  tail -n 40 "$tmp/build.log"
  echo "build.sh: failed (last lines above)"
  echo "0 passed, 1 failed"
  exit 1
fi
grep '^ci/oss-fuzz/build.sh: ' "$tmp/build.log" || true
echo "build.sh: ok in $(($(now) - started)) s"

# build.sh's own build tree, the one place that lists the targets.
targets=$("$WORK/gomap-build/fuzz/gomap-script" targets)

unzip_to() {
  if command -v unzip >/dev/null; then unzip -q "$1" -d "$2"; else python3 -m zipfile -e "$1" "$2"; fi
}

passed=0
failed=0
skipped=0
for t in $targets; do
  bin="$OUT/$t"
  zip="$OUT/${t}_seed_corpus.zip"
  if [ "$t" = go_diff ] && [ ! -e "$OUT/gooracle" ]; then
    if [ -e "$bin" ]; then
      echo "$t: FAIL: in \$OUT without gooracle, so it cannot start on a runner"
      failed=$((failed + 1))
    else
      echo "$t: skipped: no gooracle in \$OUT (build.sh found no Go 1.19 toolchain)"
      skipped=$((skipped + 1))
    fi
    continue
  fi
  missing=""
  [ -x "$bin" ] || missing="$missing $t"
  for f in "$t.dict" "$t.options" "${t}_seed_corpus.zip"; do
    [ -s "$OUT/$f" ] || missing="$missing $f"
  done
  if [ -n "$missing" ]; then
    echo "$t: FAIL: missing or empty in \$OUT:$missing"
    failed=$((failed + 1))
    continue
  fi
  seeds="$tmp/seeds/$t"
  mkdir "$seeds"
  unzip_to "$zip" "$seeds"
  count=$(find "$seeds" -type f | wc -l)
  max_len=$(sed -n 's/^max_len *= *\([0-9]*\).*/\1/p' "$OUT/$t.options")
  # No -max_len: libFuzzer then takes the longest seed's length, and every
  # seed runs whole.
  t0=$(now)
  if (cd "$tmp/artifacts" && "$bin" -runs=0 -dict="$OUT/$t.dict" -timeout=25 -rss_limit_mb=2560 \
    -artifact_prefix="$tmp/artifacts/$t-" "$seeds") >"$tmp/$t.log" 2>&1; then
    loaded=$(sed -n 's/^INFO: seed corpus: files: \([0-9]*\) .*/\1/p' "$tmp/$t.log")
    if [ "$loaded" != "$count" ]; then
      echo "$t: FAIL: the zip holds $count seeds, libFuzzer read ${loaded:-none}"
      failed=$((failed + 1))
      continue
    fi
    note=""
    if [ -n "$max_len" ]; then
      long=$(find "$seeds" -type f -size +"${max_len}"c | wc -l)
      if [ "$long" -gt 0 ]; then note="; $long longer than max_len $max_len, cut short when fuzzing"; fi
    fi
    echo "$t: ok: $count seeds ran in $(($(now) - t0)) s$note"
    passed=$((passed + 1))
  else
    rc=$?
    tail -n 30 "$tmp/$t.log"
    echo "$t: FAIL: exit $rc on its seed corpus (libFuzzer's last lines above)"
    failed=$((failed + 1))
  fi
done

echo "total: $(($(now) - started)) s"
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed ($skipped skipped)"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
