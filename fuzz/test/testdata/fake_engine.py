#!/usr/bin/env python3
"""A stand-in engine for the tests of the engine protocol's client
(docs/engines.md); it runs no map. Its first argument picks how it answers
a script that has a `len` statement (others end with `#end ok` at once):

  throw   prints `len 0`, then dies as a Go program does on a throw: Go's
          `fatal error:` line on stderr, goroutine dump, status 2
  die     dies with status 3 and `boom` on stderr, no fatal error
  wrong   prints `len 12345` and goes on
  babble  ends the script with a line out of protocol
"""
import sys

mode = sys.argv[1]
out, inp = sys.stdout.buffer, sys.stdin.buffer
out.write(b"#gomap-engine 1 fake-" + mode.encode() + b"\n")
out.flush()
while True:
    header = inp.readline()
    if not header:
        sys.exit(0)
    script = inp.read(int(header.split()[1]))
    if b"\nlen" not in script:
        out.write(b"#end ok\n")
    elif mode == "throw":
        out.write(b"len 0\n")
        out.flush()
        sys.stderr.write("fatal error: concurrent map writes\n\ngoroutine 1 [running]:\nmain.main()\n")
        sys.exit(2)
    elif mode == "die":
        sys.stderr.write("boom\n")
        sys.exit(3)
    elif mode == "wrong":
        out.write(b"len 12345\n#end ok\n")
    else:
        out.write(b"len 0\n#end of the world\n")
    out.flush()
