#!/usr/bin/env python3
"""Generates random op-scripts for the golden suite.

Every script fixes its seed, never uses NaN keys, and starts every iteration
at a fixed bucket and offset, so that its trace on Go 1.19 is deterministic
and the port must reproduce it byte for byte (layout lines included). The
scripts drive maps through doublings, same-size growth (insert/delete churn),
deletes down to empty (reseeding), clears mid-growth, and iterations that
stay open across all of that.

    gen_scripts.py --out DIR --count N [--seed S] [--prefix NAME]

Expected traces come from the Go oracle: see regrow.sh beside this file.
"""
import argparse
import random

KEY_KINDS = ["int64", "string", "float64", "big"]
ELEM_KINDS = ["int64", "string", "big"]

STRINGS = ["", "a", "b", "ab", "key", "\\x00", "a\\x00b", "\\u00e9", "\u00e9t\u00e9",
           "\u65e5\u672c", "\\u2028", "\\xff", "\\xc3", "tab\\there", "quote\\\"q",
           "back\\\\slash", "\\U0001f600", "x" * 40, "long-" + "y" * 90]
FLOATS = ["0", "-0", "1", "-1", "1.5", "0.1", "1e300", "-1e300", "5e-324", "2.2250738585072014e-308",
          "+Inf", "-Inf", "123456789", "1e6", "0.0001", "3.141592653589793", "-2.5e-10"]


class Gen:
    def __init__(self, rng):
        self.r = rng

    def key(self, kind, space):
        r = self.r
        n = r.randrange(space)
        if kind in ("int64", "big"):
            if r.random() < 0.05:
                return str(r.choice([-(1 << 63), (1 << 63) - 1, -1, 1 << 40]))
            return str(n if r.random() < 0.8 else -n)
        if kind == "string":
            if r.random() < 0.15:
                return '"' + r.choice(STRINGS) + '"'
            return '"k%d"' % n
        if r.random() < 0.2:
            return r.choice(FLOATS)
        return repr(n / 4) if r.random() < 0.5 else str(n)

    def elem(self, kind):
        r = self.r
        if kind == "string":
            return '"' + (r.choice(STRINGS) if r.random() < 0.2 else "v%d" % r.randrange(1000)) + '"'
        return str(r.randrange(-1000, 100000))

    def script(self):
        mode = self.r.choice(["mixed", "mixed", "grow", "churn"])
        return getattr(self, mode)()

    def header(self, kk, ek):
        r = self.r
        return "map %s %s seed=0x%08x" % (kk, ek, r.getrandbits(32))

    def grow(self):
        """Fills a map and dumps its layout around each doubling, so that
        layouts show the grow in progress (oldbuckets, nevacuate, X/Y marks),
        with iterations opened before and during the grows."""
        r = self.r
        kk, ek = r.choice(KEY_KINDS), r.choice(ELEM_KINDS)
        lines = [self.header(kk, ek)]
        thresholds = {8, 13, 26, 52, 104, 208}
        n = r.choice([30, 60, 120, 230])
        for i in range(n):
            lines.append("set %s %s" % (self.key(kk, 1 << 40), self.elem(ek)))
            near = any(t - 1 <= i <= t + 3 for t in thresholds)
            if near and r.random() < 0.7:
                lines.append("layout")
            if r.random() < 0.05:
                lines.append("iter start=%d offset=%d" % (r.getrandbits(16), r.randrange(8)))
                lines.extend(["next"] * r.randrange(1, 6))
            if near and r.random() < 0.2:
                lines.append("get %s" % self.key(kk, 1 << 40))
        lines.append("layout")
        return "\n".join(lines) + "\n"

    def churn(self):
        """Keeps a steady number of entries while replacing them, which
        leaves overflow buckets behind until a same-size grow packs them."""
        r = self.r
        kk, ek = r.choice(KEY_KINDS), r.choice(ELEM_KINDS)
        lines = [self.header(kk, ek)]
        size = r.choice([6, 12, 24, 50, 100])
        live = []
        fresh = 0
        iterating = False
        def new_key():
            nonlocal fresh
            fresh += 1
            if kk == "string":
                return '"c%d"' % fresh
            return str(fresh)
        for _ in range(size):
            k = new_key()
            lines.append("set %s %s" % (k, self.elem(ek)))
            live.append(k)
        for step in range(r.choice([100, 300, 600])):
            k = live.pop(r.randrange(len(live)))
            lines.append("del %s" % k)
            k = new_key()
            lines.append("set %s %s" % (k, self.elem(ek)))
            live.append(k)
            if step % 7 == 0 and size <= 50:
                lines.append("layout")
            if r.random() < 0.03:
                lines.append("iter start=%d offset=%d" % (r.getrandbits(16), r.randrange(8)))
                iterating = True
            if r.random() < 0.1 and iterating:
                lines.append("next")
        lines.append("dump")
        return "\n".join(lines) + "\n"

    def mixed(self):
        r = self.r
        kk, ek = r.choice(KEY_KINDS), r.choice(ELEM_KINDS)
        head = "map %s %s" % (kk, ek)
        nil = r.random() < 0.04
        if nil:
            head += " nil"
        hint = r.choice([0] * 10 + [8, 9, 13, 14, 27, 100, 1000, -1, 1 << 62])
        if hint:
            head += " hint=%d" % hint
        head += " seed=0x%08x" % r.getrandbits(32)
        if r.random() < 0.2:
            head += " hashkey=" + ",".join("0x%016x" % (r.getrandbits(64) | 1) for _ in range(4))
        lines = [head]
        # The size of the key space sets the regime: tiny spaces churn one
        # chain, mid ones grow through several doublings, large ones grow far.
        space = r.choice([4, 9, 16, 40, 100, 300, 1000, 3000])
        target = r.choice([10, 50, 200, 600, 2000])
        live = set()
        open_iters = set()
        count = 0
        steps = target * r.choice([1, 2, 3])
        for _ in range(steps):
            x = r.random()
            if x < 0.45:
                k = self.key(kk, space)
                lines.append("set %s %s" % (k, self.elem(ek)))
                live.add(k)
            elif x < 0.50 and ek == "int64":
                k = self.key(kk, space)
                lines.append("add %s %d" % (k, r.randrange(-5, 50)))
                live.add(k)
            elif x < 0.70:
                k = r.choice(sorted(live)) if live and r.random() < 0.8 else self.key(kk, space)
                lines.append("del %s" % k)
                live.discard(k)
            elif x < 0.76:
                lines.append("get %s" % self.key(kk, space))
            elif x < 0.78:
                lines.append("len")
            elif x < 0.785:
                lines.append("clear")
                live.clear()
                # An iteration left open across a clear is where the port
                # deliberately differs from 1.19 (golang/go#59411): the
                # scripts abandon their iterations at a clear.
                open_iters.clear()
            elif x < 0.80 and len(live) < 120:
                lines.append("dump")
            elif x < 0.82 and len(live) < 300 and hint <= 100:
                lines.append("layout")
            elif x < 0.84:
                i = r.randrange(3)
                at = " @%d" % i if i else ""
                lines.append("iter%s start=%d offset=%d" % (at, r.getrandbits(16), r.randrange(16)))
                open_iters.add(i)
            elif open_iters:
                i = r.choice(sorted(open_iters))
                at = " @%d" % i if i else ""
                for _ in range(r.choice([1, 1, 2, 5, 20])):
                    lines.append("next" + at)
            count += 1
            if nil and count > 30:
                break
        if len(live) < 300 and hint <= 100:
            lines.append("layout")
        if len(live) < 2000:
            lines.append("dump")
        # Drain to empty: deletes turn trailing slots into emptyRest across
        # chains, and the last one reseeds.
        if r.random() < 0.3:
            for k in sorted(live):
                lines.append("del %s" % k)
            lines.append("len")
            if r.random() < 0.5 and hint <= 100:
                lines.append("layout")
        return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--prefix", default="random")
    a = ap.parse_args()
    g = Gen(random.Random(a.seed))
    for i in range(a.count):
        with open("%s/%s-%04d.ops" % (a.out, a.prefix, i), "w", encoding="utf-8") as f:
            f.write(g.script())


if __name__ == "__main__":
    main()
