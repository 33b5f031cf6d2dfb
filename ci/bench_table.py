#!/usr/bin/env python3
"""Turns the runs of ci/bench.sh into one table.

Inputs: Google Benchmark JSON files (benchmarks named
<impl>/<workload>/<key>/<n>, with a "keys" counter) and `go test -bench`
outputs (BenchmarkMap/<workload>/<key>/<n>-<procs> ... ns/op, the form
compared with the port, and BenchmarkMapSameStrings/..., Go's shortcut form
of the string rows, shown in a column of its own). Every
benchmark iteration is one whole workload over n keys, so ns per key
operation is the time per iteration divided by n. A row's figure is the
median over the runs. Writes bench.md and bench.json to --out and prints the
markdown.
"""
import argparse
import json
import os
import re
import statistics
import sys
import time

IMPLS = ["port", "go", "go_same", "absl", "std"]
GO_FORMS = {"": "go", "SameStrings": "go_same"}
WORKLOADS = ["insert_nohint", "insert_hint", "lookup_hit", "lookup_miss", "delete_all", "iterate"]
GO_LINE = re.compile(
    r"^BenchmarkMap(SameStrings)?/(\w+)/(\w+)/(\d+)(?:-\d+)?\s+(\d+)\s+([\d.]+) ns/op")


def fail(msg):
    print(f"bench_table: {msg}", file=sys.stderr)
    sys.exit(1)


def read_cpp(path, samples):
    try:
        with open(path) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        fail(f"{path}: not a Google Benchmark JSON file: {e}")
    for b in doc.get("benchmarks", []):
        if b.get("run_type") != "iteration":
            continue
        if b.get("error_occurred"):
            fail(f"{path}: {b['name']}: {b.get('error_message', 'error')}")
        parts = b["name"].split("/")
        if len(parts) != 4:
            fail(f"{path}: unexpected benchmark name {b['name']!r}")
        impl, workload, key, n = parts
        if b.get("time_unit") not in ("ns", "us", "ms", "s"):
            fail(f"{path}: {b['name']}: unknown time unit {b.get('time_unit')!r}")
        scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[b["time_unit"]]
        keys = b.get("keys")
        if not keys:
            fail(f"{path}: {b['name']}: no 'keys' counter")
        samples.setdefault((workload, key, int(n)), {}).setdefault(impl, []).append(
            b["real_time"] * scale / keys)


def read_go(path, samples):
    seen = 0
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            if line.startswith("--- FAIL") or line.startswith("FAIL"):
                fail(f"{path}:{lineno}: the Go benchmark failed: {line.strip()}")
            m = GO_LINE.match(line)
            if not m:
                continue
            form, workload, key, n, _, ns = m.groups()
            impl = GO_FORMS[form or ""]
            samples.setdefault((workload, key, int(n)), {}).setdefault(impl, []).append(
                float(ns) / int(n))
            seen += 1
    if seen == 0:
        fail(f"{path}: no BenchmarkMap results")


FUZZ_LINE = re.compile(r"^(\S+)\s+execs/s\s+(\S+)\s+cov\s+(\S+)\s+corpus\s+(\S+)")


def read_fuzz_summary(path):
    """The per-target lines ci/fuzz.sh writes to its summary.txt."""
    try:
        with open(path) as f:
            lines = f.readlines()
        mtime = os.path.getmtime(path)
    except OSError as e:
        fail(f"{path}: {e}")
    targets = []
    for line in lines:
        m = FUZZ_LINE.match(line)
        if m:
            name, execs, cov, corpus = m.groups()
            num = lambda v: int(v) if v.isdigit() else None
            targets.append({"target": name, "execs_per_s": num(execs), "cov": num(cov),
                            "corpus": num(corpus)})
    if not targets:
        fail(f"{path}: no fuzz target lines (expected ci/fuzz.sh's summary.txt)")
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(mtime))
    return {"summary": os.path.abspath(path), "written": when, "targets": targets}


def fmt(x):
    return "—" if x is None else (f"{x:.1f}" if x >= 10 else f"{x:.2f}")


def ratio(a, b):
    return None if a is None or b is None else a / b


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--fuzz-summary", help="ci/fuzz.sh's summary.txt, reported beside the table")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    samples = {}
    for p in args.files:
        (read_cpp if p.endswith(".json") else read_go)(p, samples)

    def order(row):
        workload, key, n = row
        w = WORKLOADS.index(workload) if workload in WORKLOADS else len(WORKLOADS)
        return (key != "int64", w, n)

    rows = []
    for row in sorted(samples, key=order):
        med = {i: statistics.median(v) for i, v in samples[row].items()}
        runs = {i: len(v) for i, v in samples[row].items()}
        rows.append({
            "workload": row[0], "key": row[1], "n": row[2],
            "ns_per_op": {i: med.get(i) for i in IMPLS},
            "runs": runs,
            "port_over_go": ratio(med.get("port"), med.get("go")),
            "port_over_absl": ratio(med.get("port"), med.get("absl")),
        })

    lines = ["| workload | key | n | port | Go 1.19 | Go, same strings | absl | std | port/Go | "
             "port/absl |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        ns = r["ns_per_op"]
        flag = " ✗" if r["port_over_go"] is not None and r["port_over_go"] > 1.0 else ""
        # Only the string lookups and deletes have a second Go form; elsewhere
        # the cell is empty rather than "—", which marks a missing measurement.
        same = fmt(ns["go_same"]) if ns["go_same"] is not None else ""
        lines.append(
            f"| {r['workload']} | {r['key']} | {r['n']:,} | {fmt(ns['port'])} | {fmt(ns['go'])} | "
            f"{same} | {fmt(ns['absl'])} | {fmt(ns['std'])} | "
            f"{fmt(r['port_over_go']) if r['port_over_go'] else '—'}{flag} | "
            f"{fmt(r['port_over_absl']) if r['port_over_absl'] else '—'} |")
    runs = sorted({n for r in rows for n in r["runs"].values()})
    over = [r for r in rows if r["port_over_go"] is not None and r["port_over_go"] > 1.0]
    ratios = [r["port_over_go"] for r in rows if r["port_over_go"] is not None]
    med_ratio = f"{statistics.median(ratios):.2f}" if ratios else "—"
    lines.append("")
    lines.append(f"ns per key operation, median of {'/'.join(map(str, runs))} runs; "
                 f"port/Go > 1.0 (✗) on {len(over)} of {len(rows)} rows; "
                 f"median port/Go {med_ratio}.")
    lines.append("")
    lines.append("Go 1.19 is the form that does the port's work: for string keys the map "
                 "holds its own copies of the keys (`string([]byte(s))`) and is probed with "
                 "other strings of the same bytes, so every hit compares bytes, and "
                 "`delete_all` ends with `runtime.GC()`, which frees the deleted keys as the "
                 "port's delete does (its cost spread over the n deletes; at n=1e3 a "
                 "collection's fixed cost outweighs the deletes). Go, same strings is the "
                 "shortcut form of Go's own benchmarks: the map holds the very strings it is "
                 "probed with, so faststr's pointer-equality test skips the bytes, and nothing "
                 "is collected. port/Go compares with the first.")
    fuzz = read_fuzz_summary(args.fuzz_summary) if args.fuzz_summary else None
    if fuzz:
        lines += ["", f"Fuzz targets (libFuzzer + ASan + UBSan, one core each; {fuzz['written']}):", "",
                  "| target | execs/s | cov | corpus |", "|---|---:|---:|---:|"]
        for t in fuzz["targets"]:
            lines.append(f"| {t['target']} | {t['execs_per_s'] or '?'} | {t['cov'] or '?'} | "
                         f"{t['corpus'] or '?'} |")
    md = "\n".join(lines) + "\n"
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "bench.md"), "w") as f:
        f.write(md)
    with open(os.path.join(args.out, "bench.json"), "w") as f:
        json.dump({"unit": "ns per key operation", "rows": rows, "fuzz": fuzz}, f, indent=1)
    sys.stdout.write(md)


if __name__ == "__main__":
    main()
