#!/usr/bin/env python3
"""Kills the fuzz campaign with SIGKILL in the middle of fuzzing and in the
middle of --update-corpus merges, again and again, and checks after each
kill that nothing was lost or corrupted; then lets a run finish and checks
that it resumed from what the killed runs left.

    fuzz_kill_test.py --bin build/fuzz/fuzz [--rounds 6]

It works on a copy of corpus/ (--corpus), never on the repository's. What it
checks after every kill, and after the next run started from it:
  - every committed entry that is not the merge's own (fuzz-*) is still there,
    byte for byte, and corpus/<t>/ exists with no half-swapped directory left
    once a run has started;
  - every committed op-script parses;
  - every work-corpus entry's bytes match its name (libFuzzer names entries
    by their SHA-1), or it was set aside in WORK/damaged/;
  - the work corpus never shrinks, and the artifacts never go.
Prints one line per check and 'N passed, N failed' at the end.
"""

import argparse
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGETS = ["diff_int64", "script"]  # one binary-input target, one text-input target

passed = failed = 0


def check(ok, what):
    global passed, failed
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if ok:
        passed += 1
    else:
        failed += 1


def files(d):
    return {n: open(os.path.join(d, n), "rb").read() for n in sorted(os.listdir(d))
            if os.path.isfile(os.path.join(d, n))} if os.path.isdir(d) else {}


def campaign(args, corpus, work, seconds, update):
    cmd = [sys.executable, os.path.join(ROOT, "ci", "fuzz_campaign.py"), "--bin", args.bin,
           "--work", work, "--seconds", str(seconds), "--jobs", "2", "--corpus", corpus]
    if update:
        cmd.append("--update-corpus")
    return subprocess.Popen(cmd + TARGETS, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)


def kill(p):
    os.killpg(p.pid, signal.SIGKILL)
    p.wait()


def state(corpus, work):
    return ({t: files(os.path.join(corpus, t)) for t in TARGETS},
            {t: set(files(os.path.join(work, "corpus", t))) for t in TARGETS},
            {t: set(files(os.path.join(work, "artifacts", t))) for t in TARGETS})


def check_after(args, corpus, work, committed0, at_kill, label):
    """The invariants that must hold once a run has started from what a kill
    left (at_kill: the work corpus and artifacts right after the kill)."""
    tool = os.path.join(args.bin, "gomap-script")
    for t in TARGETS:
        live = os.path.join(corpus, t)
        now = files(live)
        check(os.path.isdir(live), f"{label}: corpus/{t} exists")
        check(not os.path.exists(os.path.join(corpus, f".{t}.new")) and
              not os.path.exists(os.path.join(corpus, f".{t}.old")),
              f"{label}: no half-swapped corpus/{t} left")
        kept = all(now.get(n) == b for n, b in committed0[t].items() if not n.startswith("fuzz-"))
        check(kept, f"{label}: every hand-written entry of corpus/{t} is there, byte for byte")
        bad = [n for n in now if n.endswith(".ops") and
               b"error: line" in subprocess.run([tool, "run", os.path.join(live, n)],
                                                capture_output=True).stderr]
        check(not bad, f"{label}: every op-script of corpus/{t} parses {bad[:3]}")
        wc = os.path.join(work, "corpus", t)
        damaged = os.path.join(work, "damaged", t)
        entries = files(wc)
        named = all(hashlib.sha1(b).hexdigest() == n for n, b in entries.items()
                    if len(n) == 40)
        check(named, f"{label}: every work-corpus entry of {t} matches its name")
        survivors = set(entries) | set(files(damaged))
        check(at_kill[1][t] <= survivors, f"{label}: the work corpus of {t} lost nothing "
              f"({len(at_kill[1][t])} at the kill, {len(entries)} now)")
        check(at_kill[2][t] <= set(files(os.path.join(work, "artifacts", t))),
              f"{label}: the artifacts of {t} are all there")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--rounds", type=int, default=6)
    args = ap.parse_args()
    rng = random.Random(1)
    tmp = tempfile.mkdtemp(prefix="fuzz-kill-")
    corpus, work = os.path.join(tmp, "corpus"), os.path.join(tmp, "work")
    shutil.copytree(os.path.join(ROOT, "corpus"), corpus)
    committed0 = {t: files(os.path.join(corpus, t)) for t in TARGETS}
    for r in range(args.rounds):
        mid_merge = r % 2 == 1
        started = time.time()
        p = campaign(args, corpus, work, 20, update=True)
        if mid_merge:
            # Wait for this run's merge of some target to begin, then kill at
            # a random moment inside it.
            def merging():
                outs = [os.path.join(work, "merge", t, "out") for t in TARGETS]
                return any(os.path.isdir(o) and os.path.getmtime(o) >= started for o in outs)
            deadline = time.time() + 120
            while time.time() < deadline and p.poll() is None and not merging():
                time.sleep(0.05)
            time.sleep(rng.uniform(0, 1.5))
            where = "mid-merge"
        else:
            time.sleep(rng.uniform(3, 12))
            where = "mid-fuzzing"
        finished = p.poll() is not None
        kill(p)
        at_kill = state(corpus, work)
        label = f"round {r + 1} ({where}{', it had finished' if finished else ''})"
        # The next run starts from what the kill left; a short one, with a merge.
        p = campaign(args, corpus, work, 10, update=True)
        out = p.communicate()[0].decode(errors="replace")
        check(p.returncode in (0, 1), f"{label}: the next run ran (status {p.returncode})"
              + ("" if p.returncode in (0, 1) else "\n" + out[-2000:]))
        check_after(args, corpus, work, committed0, at_kill, label)
    shutil.rmtree(tmp)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
