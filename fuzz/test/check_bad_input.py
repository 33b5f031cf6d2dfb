#!/usr/bin/env python3
"""Runs the table of bad input (fuzz/test/bad_input_cases.txt; its header
says the format and the rule every case must meet) against the built tools.

    check_bad_input.py --cases FILE --bin DIR --source DIR --work DIR

Prints every case that fails and why; exit status 1 if any failed, 0 if all
passed, 2 when the table itself is malformed.
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys

MAX_LINE = 200  # bytes of the one stderr line, newline excluded
TIMEOUT = 60  # seconds a case may take: every one fails before doing any work
LONG_DIGITS = 100_000


def load(path):
    """The cases as (line number, command, status, text)."""
    cases = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.rsplit(" | ", 2)
            if len(parts) != 3 or not parts[1].strip().isdigit() or not parts[2].strip():
                sys.exit(f"{path}:{n}: want `COMMAND | STATUS | TEXT`, got {line[:80]!r}")
            command, status, text = parts[0].strip(), int(parts[1]), parts[2].strip()
            if status == 0:
                sys.exit(f"{path}:{n}: bad input must end with a non-zero status")
            cases.append((n, command, status, text))
    return cases


def prepare(work):
    """A fresh scratch directory with the files the cases name."""
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.join(work, "empty"))
    # A symlink loop inside a directory of inputs: std::filesystem throws on
    # it unless asked not to.
    os.makedirs(os.path.join(work, "loop"))
    os.symlink("self", os.path.join(work, "loop", "self"))
    # Too big to commit, and the point of the cases that read it: an error
    # must quote a prefix of it, not all of it.
    with open(os.path.join(work, "long_literal.ops"), "w", encoding="ascii") as f:
        f.write("map int64 int64\nset " + "9" * LONG_DIGITS + " 1\n")


def run(command, env, cwd):
    """(status, stderr bytes) of one case; its whole process group is killed
    at the timeout, so that a check that no longer refuses early cannot go on
    to build or fuzz."""
    p = subprocess.Popen(["sh", "-c", command], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        _, err = p.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        _, err = p.communicate()
        return None, err
    return p.returncode, err


def check(status, err, want_status, want_text):
    """What is wrong with one case's outcome, or None."""
    if status is None:
        return f"still running after {TIMEOUT} s"
    if status != want_status:
        return f"exit status {status}, want {want_status}"
    lines = err.count(b"\n")
    if lines != 1 or not err.endswith(b"\n"):
        return f"stderr has {lines} lines (and {len(err)} bytes), want exactly one"
    line = err[:-1]
    if len(line) > MAX_LINE:
        return f"the stderr line has {len(line)} bytes, want at most {MAX_LINE}"
    if want_text.encode() not in line:
        return f"the stderr line lacks {want_text!r}"
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", required=True)
    ap.add_argument("--bin", required=True, help="the directory of gomap-script, gooracle, *_replay")
    ap.add_argument("--source", required=True, help="the source directory (ci/ scripts run from it)")
    ap.add_argument("--work", required=True, help="a scratch directory, emptied first")
    args = ap.parse_args()
    cases = load(args.cases)
    prepare(args.work)
    env = dict(os.environ,
               PATH=os.path.abspath(args.bin) + os.pathsep + os.environ.get("PATH", ""),
               WORK=os.path.abspath(args.work),
               TESTDATA=os.path.join(os.path.abspath(args.source), "fuzz", "test", "testdata"))
    failed = 0
    for n, command, want_status, want_text in cases:
        status, err = run(command, env, args.source)
        why = check(status, err, want_status, want_text)
        if why:
            failed += 1
            shown = err.decode("utf-8", "replace")
            if len(shown) > 600:
                shown = shown[:600] + f"... ({len(err)} bytes)"
            print(f"FAIL {os.path.basename(args.cases)}:{n}: {command[:120]}\n  {why}\n"
                  f"  stderr: {shown!r}")
    print(f"{len(cases) - failed} of {len(cases)} bad-input cases answered with one clear line")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
