#!/bin/bash -eu
# The OSS-Fuzz / ClusterFuzzLite build of every fuzz target (docs/scale-out.md).
# The build contract gives: $CC $CXX and $CFLAGS $CXXFLAGS (sanitizer and
# coverage flags included), $LIB_FUZZING_ENGINE (the engine's link flags),
# $SRC (this repository at $SRC/gomap), $WORK (scratch) and $OUT, which
# receives for each target of `gomap-script targets`: the binary, <t>.dict,
# <t>.options and <t>_seed_corpus.zip; and gooracle, the Go 1.19 engine that
# go_diff starts from beside its own binary. Without a Go 1.19 toolchain (GO,
# or /usr/lib/go-1.19/bin/go) there is no gooracle and go_diff stays out.
# When $SRC/abseil-cpp exists (the Dockerfiles clone it), Abseil is built
# from it with the same flags and linked statically; otherwise CMake finds
# an installed one.
set -euo pipefail

me=ci/oss-fuzz/build.sh
die() {
  echo "$me: $*" >&2
  exit 1
}
for v in CC CXX CFLAGS CXXFLAGS LIB_FUZZING_ENGINE SRC WORK OUT; do
  [ -n "${!v:-}" ] || die "\$$v is not set (the OSS-Fuzz build contract sets CC CXX CFLAGS CXXFLAGS LIB_FUZZING_ENGINE SRC WORK OUT)"
done
src=$SRC/gomap
[ -f "$src/fuzz/targets/targets.def" ] || die "$src is not a gomap checkout (\$SRC/gomap)"
mkdir -p "$WORK" "$OUT"
WORK=$(cd "$WORK" && pwd)
OUT=$(cd "$OUT" && pwd)
# From scratch every time: a cache from another compiler path makes CMake
# drop it and configure again without this script's options.
rm -rf "$WORK/abseil-build" "$WORK/abseil" "$WORK/gomap-build"

# Decided before the long build, so that a wrong GO fails at once.
go=""
if [ -n "${GO:-}" ]; then
  go=$GO
  case "$("$go" version 2>/dev/null)" in
    *" go1.19 "* | *" go1.19."*) ;;
    *) die "GO=${GO:0:100} is not a Go 1.19 toolchain (the oracle reaches into Go 1.19's runtime map)" ;;
  esac
elif [ -x /usr/lib/go-1.19/bin/go ]; then
  go=/usr/lib/go-1.19/bin/go
fi

generator=()
if command -v ninja >/dev/null; then generator=(-G Ninja); fi
export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}
# The coverage build instruments the tools the build runs, too; their
# profiles belong to no fuzz target.
export LLVM_PROFILE_FILE=$WORK/build-tools-%p.profraw

# NDEBUG, as the fuzz and asan presets have it: the reference subjects give
# absl::flat_hash_map NaN keys, as Go's maps take them, and Abseil's debug
# assertion that an inserted key finds itself would abort on the first one.
compile_flags="$CXXFLAGS -DNDEBUG"

prefix=()
if [ -d "$SRC/abseil-cpp" ]; then
  # The runner has only what $OUT holds, and the fuzzers are C++ against the
  # builder's libc++: a distribution's shared, libstdc++ Abseil fits neither.
  cmake -S "$SRC/abseil-cpp" -B "$WORK/abseil-build" "${generator[@]}" \
    -DCMAKE_CXX_COMPILER="$CXX" -DCMAKE_CXX_FLAGS="$compile_flags" \
    -DCMAKE_CXX_STANDARD=20 -DABSL_PROPAGATE_CXX_STD=ON \
    -DBUILD_TESTING=OFF -DABSL_BUILD_TESTING=OFF -DBUILD_SHARED_LIBS=OFF
  cmake --build "$WORK/abseil-build"
  cmake --install "$WORK/abseil-build" --prefix "$WORK/abseil" >/dev/null
  prefix=(-DCMAKE_PREFIX_PATH="$WORK/abseil")
fi

# No build type: the contract's flags decide optimization and debug
# information. The sanitizers come in through CXXFLAGS, not GOMAP_SANITIZE.
# The project is C++ only; CC and CFLAGS stay in the environment for CMake.
build=$WORK/gomap-build
cmake -S "$src" -B "$build" "${generator[@]}" \
  -DCMAKE_CXX_COMPILER="$CXX" -DCMAKE_CXX_FLAGS="$compile_flags" -DCMAKE_BUILD_TYPE= \
  -DGOMAP_FUZZ=ON -DGOMAP_TESTS=OFF -DGOMAP_SANITIZE= \
  -DGOMAP_FUZZING_ENGINE="$LIB_FUZZING_ENGINE" "${prefix[@]}"
cmake --build "$build" --target gomap-script
tool=$build/fuzz/gomap-script
names=$("$tool" targets)
table=$("$tool" targets --markdown)
read -ra targets <<<"${names//$'\n'/ }"
((${#targets[@]})) || die "gomap-script targets listed no target"
text_targets=$(sed -n 's/^| `\([a-z0-9_]*\)` | op-script text |.*/\1/p' <<<"$table")
text_targets=" ${text_targets//$'\n'/ } "
cmake --build "$build" --target "${targets[@]}" seed_corpora

# A flat zip of the named files of DIR.
zip_files() {
  local zipfile=$1 dir=$2
  shift 2
  rm -f "$zipfile"
  if command -v zip >/dev/null; then
    (cd "$dir" && zip -q -X "$zipfile" "$@")
  else
    (cd "$dir" && python3 -m zipfile -c "$zipfile" "$@")
  fi
}

if [ -n "$go" ]; then
  GO=$go GOCACHE=$WORK/gocache sh "$src/fuzz/gooracle/build.sh" "$OUT/gooracle"
fi
for t in "${targets[@]}"; do
  # go_diff compares every input with the Go 1.19 runtime: without the
  # oracle it cannot start, so it would only fail on the runner.
  if [ "$t" = go_diff ] && [ -z "$go" ]; then
    echo "$me: no Go 1.19 toolchain (GO, /usr/lib/go-1.19/bin/go): go_diff left out of \$OUT" >&2
    continue
  fi
  cp "$build/fuzz/$t" "$build/fuzz/$t.dict" "$build/fuzz/$t.options" "$OUT/"
  if [[ "$text_targets" == *" $t "* ]]; then
    seeds=$src/corpus/$t
    mapfile -t files < <(find "$seeds" -maxdepth 1 -type f -name '*.ops' -printf '%f\n' 2>/dev/null | sort)
  else
    seeds=$build/fuzz/corpus/$t
    mapfile -t files < <(find "$seeds" -maxdepth 1 -type f -printf '%f\n' 2>/dev/null | sort)
  fi
  if ((${#files[@]})); then
    zip_files "$OUT/${t}_seed_corpus.zip" "$seeds" "${files[@]}"
  else
    echo "$me: $t has no seeds (corpus/$t/ holds no op-script it can express): no ${t}_seed_corpus.zip" >&2
  fi
done
