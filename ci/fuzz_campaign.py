#!/usr/bin/env python3
"""The fuzz campaign behind ci/fuzz.sh: every target on every core, with
progress, a work corpus that the next run resumes from, crashes triaged into
op-script regressions, and a summary as text, markdown, JSON and HTML.

    fuzz_campaign.py --bin build/fuzz/fuzz --work fuzz-work --seconds 600
                     [--jobs 2] [--update-corpus] [--corpus DIR] [TARGET...]

What it keeps safe, whatever kills it (kill -9 included):
  - corpus/<t>/ changes only by one directory rename (--update-corpus builds
    the new one beside it, then swaps); a run that finds a swap half done
    finishes or undoes it before anything else;
  - the work corpus (WORK/corpus/<t>/) only grows: libFuzzer names each entry
    by the SHA-1 of its bytes, so an entry cut short by a kill no longer
    matches its name; such entries are moved to WORK/damaged/, not used;
  - artifacts stay in WORK/artifacts/<t>/; the triage record
    (WORK/triage.json) and every regression file are written whole, then
    renamed into place.

Exit status: 1 when the run found something not already in
corpus/regressions/ (by signature), 0 otherwise, 2 for bad usage.
"""

import argparse
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "corpus")
REGRESSIONS = os.path.join(CORPUS, "regressions")
PROGRESS_EVERY = 15  # seconds between progress lines
MINIMIZE_SECONDS = 60
STAT_LINE = re.compile(
    r"^#(\d+)\s+(\w+)\s+cov: (\d+) ft: (\d+) corp: (\d+)/\S+(?: lim: \d+)? exec/s: (\d+)")
ARTIFACT_KINDS = ("crash", "leak", "timeout", "oom")


def fail(msg):
    print(f"fuzz_campaign: {msg}", file=sys.stderr)
    sys.exit(2)


def write_whole(path, data):
    """Writes a file whole or not at all: beside it first, then renamed."""
    tmp = os.path.join(os.path.dirname(path), "." + os.path.basename(path) + ".tmp")
    with open(tmp, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def sha1(data):
    return hashlib.sha1(data).hexdigest()


def read(path):
    with open(path, "rb") as f:
        return f.read()


def files_in(d):
    if not os.path.isdir(d):
        return []
    return sorted(os.path.join(d, n) for n in os.listdir(d)
                  if not n.startswith(".") and os.path.isfile(os.path.join(d, n)))


# ---- safety at start-up -------------------------------------------------------


def recover_corpus_swaps(targets):
    """Finishes or undoes a corpus/<t> swap that a kill interrupted."""
    for t in targets:
        live, old, new = (os.path.join(CORPUS, t), os.path.join(CORPUS, f".{t}.old"),
                          os.path.join(CORPUS, f".{t}.new"))
        if os.path.isdir(old):
            if os.path.isdir(live):
                shutil.rmtree(old)  # the swap was done; only the clean-up was cut
            else:
                os.rename(old, live)  # cut between the two renames: put it back
                print(f"recovered corpus/{t} from an interrupted merge")
        if os.path.isdir(new):
            shutil.rmtree(new)  # never renamed into place: nothing depends on it


def set_aside_damaged(work, t):
    """Moves work-corpus entries whose bytes no longer match their name."""
    moved = 0
    for f in files_in(os.path.join(work, "corpus", t)):
        name = os.path.basename(f)
        if re.fullmatch(r"[0-9a-f]{40}", name) and sha1(read(f)) != name:
            dest = os.path.join(work, "damaged", t)
            os.makedirs(dest, exist_ok=True)
            os.replace(f, os.path.join(dest, name))
            moved += 1
    if moved:
        print(f"{t}: {moved} work-corpus entries cut short by a kill set aside in "
              f"{os.path.join(work, 'damaged', t)}")


# ---- triage -------------------------------------------------------------------


def normalize(text):
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '"..."', text)
    text = re.sub(r"`[^`]*`", "`...`", text)
    text = re.sub(r"0x[0-9a-fA-F]+", "ADDR", text)
    # Numbers vary from one instance of a bug to the next; the catalogue's
    # ids (I5, GC3) do not.
    return re.sub(r"(?<![A-Za-z])\d+", "N", text).strip()


def stack_frames(output, limit=3):
    """The first stack's own frames, as function names without their
    parameters; sanitizer, libFuzzer and allocator frames left out."""
    frames = []
    for line in output.splitlines():
        m = re.match(r"\s+#\d+ 0x[0-9a-f]+ in (.+?) (?:/|\(|$)", line)
        if not m:
            if frames and not line.strip():
                break
            continue
        fn = re.sub(r"\(.*", "", m.group(1)).strip()
        if re.match(r"(__asan|__sanitizer|__ubsan|__lsan|__interceptor|fuzzer::|abort|raise|"
                    r"__GI_|gomap::harness::report|LLVMFuzzerTestOneInput|malloc|calloc|"
                    r"realloc|free|operator new|operator delete)", fn):
            continue
        frames.append(fn)
        if len(frames) == limit:
            break
    return " < ".join(frames) or "?"


def signature(kind, output):
    """What makes two findings the same, whichever target found them: the
    harness's own problem line, or the sanitizer's error and the top of its
    stack. Returns it and a one-line description."""
    m = re.search(r"^==== gomap: (.*)$", output, re.M)
    if m:
        problem = re.sub(r"^line \d+ `[^`]*`: ", "", m.group(1))
        sig = normalize(problem)
        differ = re.search(r'^  port: "?(\S+)', output, re.M)
        if "differ at trace line" in problem and differ:
            sig += f" ({differ.group(1)} line)"
        return sig, m.group(1)
    m = re.search(r"runtime error: (.*)$", output, re.M)
    if m:
        where = re.search(r"^(\S+:\d+):\d+: runtime error", output, re.M)
        sig = f"UBSan: {normalize(m.group(1))} at {where.group(1) if where else '?'}"
        return sig, sig
    m = re.search(r"ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer): "
                  r"(detected memory leaks|deadly signal|[a-z-]+)", output)
    if m:
        sig = f"{m.group(1)}: {m.group(2)} in {stack_frames(output)}"
        return sig, sig
    return f"{kind} without a report", f"{kind} without a report"


def known_signatures():
    sigs = set()
    for f in files_in(REGRESSIONS):
        for line in read(f).decode(errors="replace").splitlines():
            if line.startswith("# signature: "):
                sigs.add(line[len("# signature: "):])
    return sigs


class Triage:
    """Reproduces, deduplicates, minimizes and writes up each artifact."""

    def __init__(self, bin_dir, work):
        self.bin, self.work = bin_dir, work
        self.index_path = os.path.join(work, "triage.json")
        self.index = json.load(open(self.index_path)) if os.path.exists(self.index_path) else {}
        self.known = known_signatures()
        self.lock = threading.Lock()
        self.findings = []  # this run's, in order
        self.claimed = set()  # signatures this run has written up, or is writing up

    def save(self):
        write_whole(self.index_path, json.dumps(self.index, indent=1, sort_keys=True))

    def reproduce(self, target, path):
        try:
            r = subprocess.run([os.path.join(self.bin, target), "-timeout=60", path],
                               capture_output=True, timeout=300)
            return r.stdout.decode(errors="replace") + r.stderr.decode(errors="replace")
        except subprocess.TimeoutExpired:
            return "==== gomap: the input did not finish within 300 s on replay"

    def minimize(self, target, path, sig):
        out = os.path.join(self.work, "triage", target, "min-" + os.path.basename(path))
        os.makedirs(os.path.dirname(out), exist_ok=True)
        subprocess.run([os.path.join(self.bin, target), "-minimize_crash=1",
                        f"-max_total_time={MINIMIZE_SECONDS}", "-runs=1000000",
                        f"-exact_artifact_path={out}", path],
                       capture_output=True, timeout=MINIMIZE_SECONDS * 3)
        if os.path.exists(out) and os.path.getsize(out) <= os.path.getsize(path):
            again, _ = signature("crash", self.reproduce(target, out))
            if again == sig:
                return out
        return path

    def as_script(self, target, path, input_kind):
        """The input as an op-script (a binary target's decoding of it), or its
        own text for the text target; None when that text is not a script."""
        tool = os.path.join(self.bin, "gomap-script")
        if input_kind == "text":
            r = subprocess.run([tool, "run", path], capture_output=True)
            return None if b"error: line" in r.stderr else read(path).decode(errors="replace")
        r = subprocess.run([tool, "repro", "--target", target, path], capture_output=True)
        return r.stdout.decode() if r.returncode == 0 else None

    def artifact(self, target, input_kind, path):
        name = os.path.basename(path)
        kind = name.split("-")[0]
        key = f"{target}/{name}"
        with self.lock:
            if key in self.index:
                return
        output = self.reproduce(target, path)
        sig, problem = signature(kind, output)
        entry = {"target": target, "artifact": path, "kind": kind, "signature": sig,
                 "problem": problem[:300], "found": time.strftime("%Y-%m-%d %H:%M:%S")}
        with self.lock:
            # Claimed before the slow part, so that two targets finding one
            # bug at once write it up once.
            known, seen_here = sig in self.known, sig in self.claimed
            self.claimed.add(sig)
        if known or seen_here:
            entry["status"] = "known" if known else "duplicate"
        else:
            small = self.minimize(target, path, sig) if kind == "crash" else path
            script = self.as_script(target, small, input_kind)
            slug = re.sub(r"[^a-z0-9]+", "-", normalize(problem).lower())[:48].strip("-")
            stem = f"{target}-{slug}-{sha1(sig.encode())[:8]}"
            header = (f"# {problem[:200]}\n# found by ci/fuzz.sh ({kind}) on "
                      f"{time.strftime('%Y-%m-%d')}; fix the bug, then commit this file.\n"
                      f"# signature: {sig}\n")
            if script is not None:
                reg = os.path.join(REGRESSIONS, stem + ".ops")
                write_whole(reg, header + script)
            else:
                reg = os.path.join(REGRESSIONS, stem + ".txt")
                write_whole(reg, read(small))
            entry.update(status="new", minimized=small, regression=reg,
                         reproduce=f"build/asan/fuzz/{target}_replay {os.path.relpath(reg, ROOT)}")
        with self.lock:
            self.index[key] = entry
            self.findings.append(entry)
            self.save()


# ---- running the targets --------------------------------------------------------


class TargetRun:
    def __init__(self, name, input_kind, seconds):
        self.name, self.input_kind, self.seconds = name, input_kind, seconds
        self.started = None
        self.samples = []  # (elapsed s, cov, ft, corpus, execs/s)
        self.cov = self.ft = self.corp = self.execs = None
        self.final_execs = None
        self.corpus_before = self.corpus_after = 0
        self.restarts = 0
        self.done = False

    def elapsed(self):
        return 0 if self.started is None else min(time.time() - self.started, self.seconds)


def options_of(bin_dir, t):
    opts = {}
    for line in open(os.path.join(bin_dir, f"{t}.options")):
        if "=" in line:
            k, v = (s.strip() for s in line.split("=", 1))
            opts[k] = v
    return opts


def run_target(run, bin_dir, work, triage):
    t = run.name
    corpus = os.path.join(work, "corpus", t)
    artifacts = os.path.join(work, "artifacts", t)
    os.makedirs(corpus, exist_ok=True)
    os.makedirs(artifacts, exist_ok=True)
    run.corpus_before = len(files_in(corpus))
    seeds = os.path.join(bin_dir, "corpus", t)
    if not os.path.isdir(seeds):
        seeds = os.path.join(CORPUS, t)
    opts = options_of(bin_dir, t)
    log_path = os.path.join(work, f"{t}.log")
    run.started = time.time()
    with open(log_path, "w") as log:
        while True:
            left = int(run.seconds - (time.time() - run.started))
            if left < 5:
                break
            before = set(os.listdir(artifacts))
            cmd = [os.path.join(bin_dir, t), f"-max_total_time={left}",
                   f"-dict={os.path.join(bin_dir, opts.get('dict', t + '.dict'))}",
                   f"-max_len={opts.get('max_len', 8192)}", "-timeout=30", "-rss_limit_mb=3072",
                   f"-artifact_prefix={artifacts}/", "-print_final_stats=1", corpus, seeds]
            proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.PIPE)
            for raw in proc.stderr:
                line = raw.decode(errors="replace")
                log.write(line)
                m = STAT_LINE.match(line)
                if m:
                    run.cov, run.ft, run.corp, run.execs = (int(m.group(i)) for i in (3, 4, 5, 6))
                    run.samples.append((round(time.time() - run.started, 1), run.cov, run.ft,
                                        run.corp, run.execs))
                elif line.startswith("stat::average_exec_per_sec:"):
                    run.final_execs = int(line.split(":")[-1])
            proc.wait()
            log.flush()
            new = sorted(n for n in set(os.listdir(artifacts)) - before
                         if n.split("-")[0] in ARTIFACT_KINDS)
            for n in new:
                triage.artifact(t, run.input_kind, os.path.join(artifacts, n))
            if not new:
                break  # the time ran out (or libFuzzer stopped for a reason of its own)
            run.restarts += 1
    run.corpus_after = len(files_in(corpus))
    run.done = True


def progress_line(run, total_elapsed, budget, triage):
    found = sum(1 for f in triage.findings if f["target"] == run.name)
    return (f"[{int(total_elapsed) // 60}:{int(total_elapsed) % 60:02d}/{budget // 60}:"
            f"{budget % 60:02d}] {run.name:<13} {int(run.elapsed()):>4}/{run.seconds}s  "
            f"execs/s {run.execs if run.execs is not None else '-':>6}  "
            f"cov {run.cov if run.cov is not None else '-':>5}  "
            f"ft {run.ft if run.ft is not None else '-':>6}  "
            f"corpus {run.corp if run.corp is not None else '-':>5}  findings {found}")


# ---- merging into corpus/ ----------------------------------------------------------


def update_corpus(t, input_kind, bin_dir, work):
    """Merges the work corpus into corpus/<t>/, minimized, as op-scripts.
    Hand-written entries stay; entries named fuzz-* are the merge's to keep or
    drop. The new directory replaces the old one by a rename."""
    tool = os.path.join(bin_dir, "gomap-script")
    live = os.path.join(CORPUS, t)
    scratch = os.path.join(work, "merge", t)
    shutil.rmtree(scratch, ignore_errors=True)
    committed, out = os.path.join(scratch, "committed"), os.path.join(scratch, "out")
    os.makedirs(out)
    before = files_in(live)
    # The committed entries as the bytes the target reads, named back to
    # their files.
    by_hash = {}
    if input_kind == "binary":
        subprocess.run([tool, "encode", "--out", committed, live], check=True,
                       capture_output=True)
        for f in before:
            enc = os.path.join(committed, t, f"{t}-{os.path.splitext(os.path.basename(f))[0]}")
            if os.path.exists(enc):
                by_hash[sha1(read(enc))] = f
        inputs = os.path.join(committed, t)
    else:
        os.makedirs(committed)
        for f in before:
            shutil.copy(f, committed)
            by_hash[sha1(read(f))] = f
        inputs = committed
    # The smallest set that keeps every edge the corpora reach (greedy set
    # cover over edges, hit counts aside): a nightly run starts at the
    # coverage the last one ended with, from a corpus small enough to commit.
    r = subprocess.run([os.path.join(bin_dir, t), "-set_cover_merge=1", "-use_counters=0", out,
                        inputs, os.path.join(work, "corpus", t)], capture_output=True)
    if r.returncode != 0:
        print(f"{t}: merge failed; corpus/{t} unchanged\n"
              + r.stderr.decode(errors="replace")[-2000:], file=sys.stderr)
        return len(before), len(before)
    new = os.path.join(CORPUS, f".{t}.new")
    shutil.rmtree(new, ignore_errors=True)
    os.makedirs(new)
    for f in before:
        if not os.path.basename(f).startswith("fuzz-"):
            shutil.copy(f, new)
    for unit in files_in(out):
        h = sha1(read(unit))
        if h in by_hash:
            if os.path.basename(by_hash[h]).startswith("fuzz-"):
                shutil.copy(by_hash[h], new)
            continue
        if input_kind == "binary":
            script = subprocess.run([tool, "repro", "--target", t, unit], capture_output=True,
                                    check=True).stdout
            write_whole(os.path.join(new, f"fuzz-{h[:16]}.ops"), script)
        else:
            parses = b"error: line" not in subprocess.run(
                [tool, "run", unit], capture_output=True).stderr
            write_whole(os.path.join(new, f"fuzz-{h[:16]}.{'ops' if parses else 'txt'}"),
                        read(unit))
    for f in files_in(new):
        with open(f, "rb") as fh:
            os.fsync(fh.fileno())
    old = os.path.join(CORPUS, f".{t}.old")
    os.rename(live, old)
    os.rename(new, live)
    shutil.rmtree(old)
    return len(before), len(files_in(live))


# ---- the summary -------------------------------------------------------------------


def svg_plot(samples, width=360, height=90):
    if len(samples) < 2:
        return "<svg width='%d' height='%d'></svg>" % (width, height)
    xs, ys = [s[0] for s in samples], [s[1] for s in samples]
    x0, x1, y0, y1 = 0, max(xs) or 1, min(ys), max(ys)
    span = (y1 - y0) or 1
    pts = " ".join(f"{(x - x0) / (x1 - x0) * (width - 50) + 45:.1f},"
                   f"{height - 15 - (y - y0) / span * (height - 25):.1f}"
                   for x, y in zip(xs, ys))
    return (f"<svg width='{width}' height='{height}' role='img'>"
            f"<polyline fill='none' stroke='#2a6fdb' stroke-width='1.5' points='{pts}'/>"
            f"<text x='0' y='12' font-size='10'>{y1}</text>"
            f"<text x='0' y='{height - 15}' font-size='10'>{y0}</text>"
            f"<text x='45' y='{height - 2}' font-size='10'>0 s</text>"
            f"<text x='{width - 40}' y='{height - 2}' font-size='10'>{x1:.0f} s</text></svg>")


def write_summary(runs, triage, work, budget, jobs, merged):
    rows = []
    for r in runs:
        found = [f for f in triage.findings if f["target"] == r.name and f["status"] == "new"]
        rows.append({
            "target": r.name, "seconds": r.seconds,
            "execs_per_s": r.final_execs if r.final_execs is not None else r.execs,
            "cov": r.cov, "ft": r.ft,
            "work_corpus_before": r.corpus_before, "work_corpus_after": r.corpus_after,
            "committed_corpus": merged.get(r.name),
            "new_findings": [{"signature": f["signature"], "reproduce": f.get("reproduce"),
                              "regression": f.get("regression")} for f in found],
            "restarts": r.restarts, "samples": r.samples})
    new = [f for f in triage.findings if f["status"] == "new"]
    refound = [f for f in triage.findings if f["status"] != "new"]
    doc = {"when": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "budget_s": budget, "jobs": jobs,
           "targets": rows, "new_findings": len(new), "known_refound": len(refound)}
    write_whole(os.path.join(work, "summary.json"), json.dumps(doc, indent=1))

    md = [f"Fuzz campaign, {doc['when']}: {budget} s on {jobs} cores.", "",
          "| target | s | execs/s | cov | ft | corpus before | corpus after | new findings |",
          "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        corpus_after = str(row["work_corpus_after"])
        if row["committed_corpus"]:
            corpus_after += " (corpus/: %d → %d)" % row["committed_corpus"]
        md.append(f"| {row['target']} | {row['seconds']} | {row['execs_per_s'] or '-'} | "
                  f"{row['cov'] or '-'} | {row['ft'] or '-'} | {row['work_corpus_before']} | "
                  f"{corpus_after} | {len(row['new_findings'])} |")
    md.append("")
    for f in new:
        md.append(f"- NEW `{f['signature']}`: `{f['reproduce']}`")
    for f in refound:
        md.append(f"- {f['status']}: `{f['signature']}` ({f['artifact']})")
    md.append(f"\nnew findings: {len(new)}; known ones found again: {len(refound)}")
    write_whole(os.path.join(work, "summary.md"), "\n".join(md) + "\n")
    print("\n".join(md))

    # The text form ci/bench.sh reads.
    write_whole(os.path.join(work, "summary.txt"), "".join(
        f"{r['target']:<13} execs/s {r['execs_per_s'] or '?':>6}  cov {r['cov'] or '?':>5}  "
        f"corpus {r['work_corpus_after']:>5}\n" for r in rows))

    esc = html.escape
    trs = "".join(
        f"<tr><td>{esc(r['target'])}</td><td>{r['seconds']}</td><td>{r['execs_per_s'] or '-'}</td>"
        f"<td>{r['cov'] or '-'}</td><td>{r['ft'] or '-'}</td><td>{r['work_corpus_before']}</td>"
        f"<td>{r['work_corpus_after']}</td><td>{len(r['new_findings'])}</td>"
        f"<td>{svg_plot(r['samples'])}</td></tr>" for r in rows)
    items = "".join(f"<li><b>new</b> <code>{esc(f['signature'])}</code>: <code>"
                    f"{esc(f['reproduce'] or '')}</code></li>" for f in new)
    items += "".join(f"<li>{esc(f['status'])}: <code>{esc(f['signature'])}</code></li>"
                     for f in refound)
    page = f"""<!doctype html><html><head><meta charset="utf-8"><title>gomap fuzz campaign</title>
<style>body{{font-family:sans-serif;margin:24px}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:4px 8px;text-align:right}}td:first-child{{text-align:left}}
th{{background:#f2f2f2}}code{{font-size:90%}}</style></head><body>
<h1>gomap fuzz campaign</h1><p>{esc(doc['when'])}: {budget} s on {jobs} cores;
new findings: {len(new)}, known ones found again: {len(refound)}.</p>
<table><tr><th>target</th><th>s</th><th>execs/s</th><th>cov (edges)</th><th>features</th>
<th>corpus before</th><th>corpus after</th><th>new findings</th><th>coverage over time</th></tr>
{trs}</table><ul>{items}</ul></body></html>
"""
    write_whole(os.path.join(work, "summary.html"), page)
    return len(new)


class OneLineParser(argparse.ArgumentParser):
    def error(self, message):
        fail(f"{message} (see --help)")


def main():
    global CORPUS, REGRESSIONS
    ap = OneLineParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", required=True, help="the fuzz preset's fuzz/ build directory")
    ap.add_argument("--work", required=True, help="the work directory (kept between runs)")
    ap.add_argument("--seconds", type=int, required=True, help="the budget of the whole run")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--update-corpus", action="store_true",
                    help="merge each work corpus into corpus/<target>/, minimized")
    ap.add_argument("--corpus", default=os.path.join(ROOT, "corpus"),
                    help="the committed corpora and regressions (default: the repository's)")
    ap.add_argument("targets", nargs="*")
    args = ap.parse_args()
    CORPUS = os.path.abspath(args.corpus)
    REGRESSIONS = os.path.join(CORPUS, "regressions")
    if not os.path.isdir(REGRESSIONS):
        fail(f"{args.corpus[:80]}: no regressions/ there; --corpus names a directory like corpus/")
    if args.seconds <= 0 or args.jobs <= 0:
        fail("--seconds and --jobs must be positive")
    tool = os.path.join(args.bin, "gomap-script")
    if not os.access(tool, os.X_OK):
        fail(f"{tool}: no gomap-script there; build the fuzz preset first")
    listing = subprocess.run([tool, "targets", "--markdown"], capture_output=True, text=True,
                             check=True).stdout
    kinds = dict(re.findall(r"^\| `([a-z0-9_]+)` \| (bytes|op-script text) \|", listing, re.M))
    targets = args.targets or list(kinds)
    unknown = [t for t in targets if t not in kinds]
    if unknown:
        fail(f"unknown target {unknown[0][:64]}; the targets are {', '.join(kinds)}")
    try:
        os.makedirs(args.work, exist_ok=True)
    except OSError as e:
        fail(f"cannot make the work directory {args.work[:100]}: {e.strerror}")
    recover_corpus_swaps(targets)
    for t in targets:
        set_aside_damaged(args.work, t)
    # Targets run in rounds of --jobs at a time; each gets an equal share.
    rounds = -(-len(targets) // args.jobs)
    share = max(10, args.seconds // rounds)
    runs = [TargetRun(t, "text" if kinds[t] == "op-script text" else "binary", share)
            for t in targets]
    triage = Triage(args.bin, args.work)
    budget = share * rounds
    print(f"fuzzing {len(targets)} targets, {share} s each, {args.jobs} at a time "
          f"(about {budget} s); work in {args.work}", flush=True)
    start, pending, active = time.time(), list(runs), []
    last_progress = 0
    while pending or active:
        while pending and len(active) < args.jobs:
            run = pending.pop(0)
            th = threading.Thread(target=run_target, args=(run, args.bin, args.work, triage),
                                  daemon=True)
            th.start()
            active.append((run, th))
        time.sleep(1)
        now = time.time()
        if now - last_progress >= PROGRESS_EVERY:
            last_progress = now
            for run, _ in active:
                print(progress_line(run, now - start, budget, triage), flush=True)
        for run, th in list(active):
            if not th.is_alive():
                active.remove((run, th))
                print(progress_line(run, now - start, budget, triage) + "  done", flush=True)
    merged = {}
    if args.update_corpus:
        for run in runs:
            merged[run.name] = update_corpus(run.name, run.input_kind, args.bin, args.work)
            print(f"corpus/{run.name}: {merged[run.name][0]} → {merged[run.name][1]} entries",
                  flush=True)
    return 1 if write_summary(runs, triage, args.work, args.seconds, args.jobs, merged) else 0


if __name__ == "__main__":
    sys.exit(main())
