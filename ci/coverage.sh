#!/usr/bin/env bash
# Coverage of the port by the corpora: what the fuzzers reach.
#   ci/coverage.sh [--tests] [--out DIR]
# Builds the coverage preset (clang source-based coverage, Debug, with
# NDEBUG: Abseil's debug assertion that an inserted key finds itself fails
# on the NaN keys of the diff_float64 and gc corpora), replays every fuzz target's corpus and
# corpus/regressions/ through <target>_replay (the targets: gomap-script
# targets) and runs the golden scripts
# (corpus/scripts/, fuzz/gooracle/testdata/) through gomap-script, each
# process writing its own raw profile; merges them (llvm-profdata-14) and
# writes, in DIR (COVERAGE_OUT, default build/coverage/report; a relative DIR
# is taken from the repository's root):
#   index.html      llvm-cov-14 show: the project's sources, lines, regions, branches
#   summary.txt     llvm-cov-14 report of runtime/ (without runtime/test and
#                   runtime/bench): lines, branches, regions, functions per file
#   summary.json    the same figures, per file and in total, machine-readable
#   unreached.txt   every line of runtime/ that no corpus input reached
# and prints the runtime/ totals. --tests (or COVERAGE_TESTS=1) also runs
# ctest in the coverage build and writes the same set for corpora + tests in
# DIR/with-tests/; the headline stays the corpora's figure.
# Exit status: 0; 1 when a replay, a golden script or a test failed (the
# report is written all the same); 2 for bad usage. Figures, unreached
# lines and why: docs/coverage.md.
set -euo pipefail
cd "$(dirname "$0")/.."

out=${COVERAGE_OUT:-build/coverage/report}
tests=${COVERAGE_TESTS:-0}
while (($#)); do
  case "$1" in
    --tests) tests=1; shift ;;
    --out) (($# >= 2)) || { echo "ci/coverage.sh: --out needs a directory" >&2; exit 2; }
           out=$2; shift 2 ;;
    --out=*) out=${1#--out=}; shift ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "ci/coverage.sh: unknown argument ${1:0:40} (see ci/coverage.sh --help)" >&2; exit 2 ;;
  esac
done
[[ "$tests" == 0 || "$tests" == 1 ]] || { echo "ci/coverage.sh: COVERAGE_TESTS wants 0 or 1, not ${tests:0:40}" >&2; exit 2; }
[ -n "$out" ] || { echo "ci/coverage.sh: the output directory is empty (--out or COVERAGE_OUT)" >&2; exit 2; }
if ! mkdir -p "$out" 2>/dev/null || [ ! -w "$out" ]; then
  echo "ci/coverage.sh: cannot write to ${out:0:80}" >&2
  exit 2
fi
out=$(cd "$out" && pwd)

start=$SECONDS
ci/setup.sh
cmake --preset coverage >/dev/null
cmake --build --preset coverage --parallel "$(nproc)"

build=build/coverage
bin=$build/fuzz
profiles=$build/profiles
failed=()

# Each process writes its own raw profile (%p); a directory per run.
rm -rf "$profiles"
mkdir -p "$profiles/corpora" "$profiles/tests"
raw=$(cd "$profiles/corpora" && pwd)

mapfile -t targets < <("$bin/gomap-script" targets)
((${#targets[@]})) || { echo "ci/coverage.sh: gomap-script targets listed nothing" >&2; exit 1; }
objects=("$bin/gomap-script")
for t in "${targets[@]}"; do
  objects+=("$bin/${t}_replay")
  dirs=()
  [ -d "corpus/$t" ] && dirs+=("corpus/$t")
  dirs+=(corpus/regressions)
  printf 'replay %-14s ' "$t"
  if ! LLVM_PROFILE_FILE="$raw/replay-$t-%p.profraw" "$bin/${t}_replay" "${dirs[@]}" 2>"$profiles/replay-$t.err"; then
    echo "FAILED (stderr: $profiles/replay-$t.err)"
    failed+=("replay $t")
  fi
done

# The golden scripts, one process a directory; their traces must be Go's.
for dir in corpus/scripts fuzz/gooracle/testdata; do
  shopt -s nullglob
  scripts=("$dir"/*.ops)
  shopt -u nullglob
  ((${#scripts[@]})) || continue
  name=golden-${dir//\//-}
  if LLVM_PROFILE_FILE="$raw/$name-%p.profraw" "$bin/gomap-script" run "${scripts[@]}" \
       >"$profiles/$name.out" 2>"$profiles/$name.err"; then
    expected=()
    for s in "${scripts[@]}"; do [ -f "${s%.ops}.out" ] && expected+=("${s%.ops}.out"); done
    if ((${#expected[@]} == ${#scripts[@]})) && ! cat "${expected[@]}" | cmp -s - "$profiles/$name.out"; then
      echo "golden $dir: the traces differ from Go's (ctest -R golden/ names the script)"
      failed+=("golden $dir")
    else
      echo "golden $dir: ran ${#scripts[@]} scripts"
    fi
  else
    echo "golden $dir: FAILED (stderr: $profiles/$name.err)"
    failed+=("golden $dir")
  fi
done

if ((tests)); then
  echo "ctest --preset coverage (profiles in $profiles/tests)"
  if ! LLVM_PROFILE_FILE="$(cd "$profiles/tests" && pwd)/test-%4m.profraw" \
       ctest --preset coverage -j "$(nproc)" >"$profiles/ctest.log" 2>&1; then
    failed+=("ctest (log: $profiles/ctest.log)")
  fi
  tail -n 3 "$profiles/ctest.log"
fi

# report NAME PROFDATA OUTDIR OBJECT... : the HTML, the summaries and the
# unreached lines of one merged profile.
runtime_sources=("$PWD/runtime")
runtime_ignore='/runtime/(test|bench)/'
report() {
  local name=$1 profdata=$2 dir=$3
  shift 3
  local first=$1
  shift
  local objs=()
  for o in "$@"; do objs+=(-object "$o"); done
  mkdir -p "$dir"
  rm -rf "$dir/coverage" "$dir/index.html" "$dir/style.css" "$dir/control.js"
  llvm-cov-14 show -format=html -output-dir="$dir" -instr-profile="$profdata" \
    -show-branches=count -show-line-counts-or-regions -show-expansions=false \
    -project-title="gomap: $name" -Xdemangler=llvm-cxxfilt-14 \
    -ignore-filename-regex='^/usr/|/_deps/|/fuzz/test/|/runtime/test/|/runtime/bench/|/props/' \
    "$first" "${objs[@]}"
  llvm-cov-14 report -instr-profile="$profdata" -show-region-summary -show-branch-summary \
    -show-instantiation-summary=false -ignore-filename-regex="$runtime_ignore" \
    "$first" "${objs[@]}" "${runtime_sources[@]}" >"$dir/report.txt"
  llvm-cov-14 export -format=text -summary-only -instr-profile="$profdata" \
    -ignore-filename-regex="$runtime_ignore" \
    "$first" "${objs[@]}" "${runtime_sources[@]}" >"$dir/export.json"
  llvm-cov-14 show -format=text -instr-profile="$profdata" -show-line-counts \
    -show-instantiations=false -show-expansions=false -ignore-filename-regex="$runtime_ignore" \
    "$first" "${objs[@]}" "${runtime_sources[@]}" >"$dir/lines.txt"
  python3 - "$name" "$dir" "$PWD/" <<'EOF'
import json, re, sys
name, d, root = sys.argv[1], sys.argv[2], sys.argv[3]
data = json.load(open(f"{d}/export.json"))["data"][0]
def pct(s):
    return round(100.0 * s["covered"] / s["count"], 2) if s["count"] else None
def fig(s):
    return {"covered": s["covered"], "count": s["count"], "percent": pct(s)}
kinds = ("lines", "branches", "regions", "functions")
files = {f["filename"].removeprefix(root): {k: fig(f["summary"][k]) for k in kinds}
         for f in data["files"]}
totals = {k: fig(data["totals"][k]) for k in kinds}
# The line view ("  LINE|  COUNT|source", COUNT blank where no code is):
# each source line once. llvm-cov 14's report counts the lines of a lambda
# twice (in the lambda and in the function around it), so its line figures
# are a little higher than the distinct lines; both are kept.
unreached, current, lines = [], None, {}
for line in open(f"{d}/lines.txt", encoding="utf-8", errors="replace"):
    if line.startswith(root) and line.rstrip().endswith(":"):
        current = line.rstrip()[:-1].removeprefix(root)
        lines[current] = [0, 0]
        continue
    m = re.match(r"\s*(\d+)\|\s*(\S+)\|(.*)", line)
    if m and current:
        lines[current][1] += 1
        if m.group(2) == "0":
            unreached.append(f"{current}:{m.group(1)}: {m.group(3).rstrip()}")
        else:
            lines[current][0] += 1
def distinct(c, n):
    return {"covered": c, "count": n, "percent": round(100.0 * c / n, 2) if n else None}
for f, (c, n) in lines.items():
    if f in files:
        files[f]["source_lines"] = distinct(c, n)
totals["source_lines"] = distinct(sum(c for c, _ in lines.values()), sum(n for _, n in lines.values()))
with open(f"{d}/unreached.txt", "w") as f:
    f.write("".join(u + "\n" for u in unreached))
json.dump({"run": name, "scope": "runtime/ (without runtime/test, runtime/bench)",
           "totals": totals, "files": files, "unreached_lines": len(unreached)},
          open(f"{d}/summary.json", "w"), indent=1)
def line(k):
    t = totals[k]
    return f"{k:9} {t['percent']:6.2f}%  ({t['covered']}/{t['count']})"
head = [f"runtime/ coverage, {name}:"] + ["  " + line(k) for k in ("lines", "branches", "regions", "functions")]
head.append(f"  distinct source lines {totals['source_lines']['percent']:.2f}% "
            f"({totals['source_lines']['covered']}/{totals['source_lines']['count']}); "
            f"unreached: {len(unreached)} (unreached.txt)")
head.append("  (llvm-cov report counts a lambda's lines twice: once in the lambda, once around it)")
with open(f"{d}/summary.txt", "w") as f:
    f.write("\n".join(head) + "\n\n" + open(f"{d}/report.txt").read())
print("\n".join(head))
EOF
  rm -f "$dir/export.json" "$dir/lines.txt" "$dir/report.txt"
}

shopt -s nullglob
corpora=("$raw"/*.profraw)
shopt -u nullglob
((${#corpora[@]})) || { echo "ci/coverage.sh: no raw profiles were written" >&2; exit 1; }
llvm-profdata-14 merge -sparse "${corpora[@]}" -o "$profiles/corpora.profdata"
echo
report "reached by the corpora (replays + golden scripts)" "$profiles/corpora.profdata" "$out" "${objects[@]}"

rm -rf "$out/with-tests"  # never a stale figure beside a fresh one
if ((tests)); then
  # Every instrumented executable of the build: the tests' binaries too.
  # llvm-cov then warns that a few functions "have mismatched data": inline
  # functions one binary references but never calls (accessors such as
  # CollectingHeap::cycles) carry another hash there than in the binaries
  # that run them; it skips that record and counts the other.
  all=()
  while IFS= read -r f; do
    grep -q __llvm_covmap "$f" 2>/dev/null && all+=("$f")
  done < <(find "$build" -path "$build/CMakeFiles" -prune -o -type f -perm -u+x -print | sort)
  llvm-profdata-14 merge -sparse "${corpora[@]}" "$profiles"/tests/*.profraw -o "$profiles/all.profdata"
  echo
  report "corpora and unit tests" "$profiles/all.profdata" "$out/with-tests" "${all[@]}"
fi

echo
echo "report: $out/index.html, $out/summary.txt, $out/summary.json, $out/unreached.txt"
if ((tests)); then echo "with the tests: $out/with-tests/"; fi
echo "ci/coverage.sh: $((SECONDS - start)) s"
if ((${#failed[@]})); then
  echo "ci/coverage.sh: failed: ${failed[*]}" >&2
  exit 1
fi
