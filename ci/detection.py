#!/usr/bin/env python3
"""Runs the misuse programs of Go's crash tests on Go 1.19 and on the port,
alternately, and tabulates how often each detector fires and how fast.

Each program (writes, readwrite, iteratewrite) runs --runs times on each
implementation in two variants: Go's own (10,000 steps a goroutine) and
"until" (step until detected or --until seconds pass). The runs alternate
Go, port, Go, port... so a change in the machine's state falls on both
alike. A run is a detection when the first line of its standard error is
the program's fatal error, exactly as Go's crash tests check it (a prefix
of the output); any other death is reported as such and fails the script.
Time to detection is the wall time from starting the process to its exit,
start-up included (about a millisecond for either program).

Writes detection.md and detection.json to --out and prints the markdown.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

PROGRAMS = {
    "writes": "fatal error: concurrent map writes",
    "readwrite": "fatal error: concurrent map read and map write",
    "iteratewrite": "fatal error: concurrent map iteration and map write",
}
IMPLS = ["go", "port"]


def run_once(binary, program, until, env):
    args = [binary, program] + ([f"--until={until}"] if until else [])
    start = time.monotonic()
    p = subprocess.run(args, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       timeout=60 + (until or 0))
    elapsed = time.monotonic() - start
    first = p.stderr.splitlines()[0] if p.stderr else ""
    if first.startswith(PROGRAMS[program]):
        return True, elapsed
    if p.returncode == 0 and p.stdout.strip() == "not detected":
        return False, elapsed
    sys.exit(f"detection: {' '.join(args)} exited {p.returncode} with neither the expected "
             f"fatal error nor 'not detected':\nstdout: {p.stdout}\nstderr: {p.stderr[:2000]}")


def cell(results):
    hits = [t for detected, t in results if detected]
    median = f"{statistics.median(hits) * 1e3:.1f} ms" if hits else "—"
    return f"{len(hits)}/{len(results)}", median


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--go", required=True, help="the Go 1.19 misuse binary")
    ap.add_argument("--port", required=True, help="the port's misuse binary (gomap_misuse)")
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--until", type=float, default=2.0, help="seconds for the 'until' variant")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    if a.runs < 1 or not a.until > 0:
        sys.exit("detection: --runs must be positive and --until a positive number of seconds")
    env = dict(os.environ, GOMAXPROCS="2")
    binaries = {"go": a.go, "port": a.port}
    variants = [("10,000 steps", None), (f"until detected or {a.until:g} s", a.until)]
    results = {(p, v, i): [] for p in PROGRAMS for v, _ in variants for i in IMPLS}
    for run in range(a.runs):
        print(f"detection: run {run + 1}/{a.runs}", file=sys.stderr, flush=True)
        for program in PROGRAMS:
            for vname, until in variants:
                for impl in IMPLS:
                    results[(program, vname, impl)].append(run_once(binaries[impl], program, until, env))

    lines = [
        f"| program | variant | Go 1.19 detected | Go median time | port detected | port median time |",
        "|---|---|---|---|---|---|",
    ]
    doc = {"runs": a.runs, "until_seconds": a.until, "date": time.strftime("%Y-%m-%d"), "rows": []}
    for program in PROGRAMS:
        for vname, _ in variants:
            row = {"program": program, "variant": vname}
            cells = []
            for impl in IMPLS:
                rate, median = cell(results[(program, vname, impl)])
                hits = [t for d, t in results[(program, vname, impl)] if d]
                row[impl] = {"detected": len(hits), "runs": a.runs,
                             "median_seconds": statistics.median(hits) if hits else None}
                cells += [rate, median]
            doc["rows"].append(row)
            lines.append(f"| {program} | {vname} | " + " | ".join(cells) + " |")
    md = "\n".join(lines) + "\n"
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "detection.md"), "w") as f:
        f.write(md)
    with open(os.path.join(a.out, "detection.json"), "w") as f:
        json.dump(doc, f, indent=1)
    sys.stdout.write(md)


if __name__ == "__main__":
    main()
