package main

// Tests of serve mode (serve.go, docs/engines.md): the framing, the reset
// between scripts, and a runtime throw in the middle of a script. The server
// runs in a child process, like the oracle in oracle_test.go.

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// runServer feeds stdin to a server child (mode: the childEnv value) and
// returns what it wrote and its exit status.
func runServer(t *testing.T, mode, stdin string) (stdout, stderr string, status int) {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), childEnv+"="+mode)
	cmd.Stdin = strings.NewReader(stdin)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	if err := cmd.Run(); err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("running the server: %v", err)
		}
		status = ee.ExitCode()
	}
	return o.String(), e.String(), status
}

func frame(script string) string { return fmt.Sprintf("#script %d\n%s", len(script), script) }

const greetingPrefix = "#gomap-engine 1 gooracle go1.19"

// splitGreeting checks the greeting line and returns what follows it.
func splitGreeting(t *testing.T, stdout string) string {
	t.Helper()
	first, rest, _ := strings.Cut(stdout, "\n")
	if !strings.HasPrefix(first, greetingPrefix) {
		t.Fatalf("first line %q, want the greeting %q...", first, greetingPrefix)
	}
	return rest
}

// Scripts in one stream print what they print one to a process, each
// followed by its #end line; a rejected script reports its error in its
// frame and the next one runs; frame bytes are counted exactly (a script
// without a final newline, one whose comment looks like a frame line).
func TestServeFraming(t *testing.T) {
	basic, _ := os.ReadFile("testdata/basic.ops")
	grow, _ := os.ReadFile("testdata/grow.ops")
	tricky := "map int64 int64 seed=0x5\n# #end ok\n#script 3\nset 1 2\nget 1"
	scripts := []string{string(basic), "map int64 int64\nset 1 x\n", "", string(grow), tricky}
	var in strings.Builder
	for _, s := range scripts {
		in.WriteString(frame(s))
	}
	stdout, stderr, status := runServer(t, "serve", in.String())
	if status != 0 || stderr != "" {
		t.Fatalf("status %d, stderr %q; want 0 and nothing", status, stderr)
	}
	want := readOptional(t, "testdata/basic.out") + "#end ok\n" +
		"#end error: line 2: element: bad int64 literal x\n" +
		"#end error: line 1: missing header `map K V ...`\n" +
		readOptional(t, "testdata/grow.out") + "#end ok\n" +
		"get 1 = 2 true\n#end ok\n"
	if got := splitGreeting(t, stdout); got != want {
		t.Errorf("traces:\n%s\nwant:\n%s", got, want)
	}
}

// A frame header that is not `#script N`, or a stream that ends inside a
// frame, is one line on stderr and status 2, quoting at most a short prefix;
// an empty stream is a clean end.
func TestServeBadFrames(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"not a frame", "map int64 int64\n", `bad frame header "map int64 int64\n"`},
		{"negative", "#script -1\n", "bad frame header"},
		{"huge", "#script 99999999999\n", "a script frame of 99999999999 bytes"},
		{"short body", "#script 100\nmap int64 int64\n", "a script frame of 100 bytes ended early"},
		{"no newline", "#script 3", "ended inside a frame header"},
		{"long", "#script " + strings.Repeat("9x", 5000) + "\n", `"...: want`},
	} {
		t.Run(c.name, func(t *testing.T) {
			stdout, stderr, status := runServer(t, "serve", frame("map int64 int64\nlen\n")+c.in)
			if got := splitGreeting(t, stdout); got != "len 0\n#end ok\n" {
				t.Errorf("the good frame before the bad one printed %q", got)
			}
			if status != 2 || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 || len(stderr) > 200 {
				t.Errorf("status %d, stderr %q; want 2 and one short line containing %q", status, stderr, c.want)
			}
		})
	}
	stdout, stderr, status := runServer(t, "serve", "")
	if splitGreeting(t, stdout) != "" || stderr != "" || status != 0 {
		t.Errorf("empty stream: stdout %q stderr %q status %d", stdout, stderr, status)
	}
}

// A script's trace depends on the script alone: after scripts that set
// another hashkey, leave iterations open, panic on a nil map and are
// rejected, a script prints what it prints in a fresh process.
func TestServeResetsBetweenScripts(t *testing.T) {
	last := "map string int64 seed=0x9\nset \"a\" 1\nset \"bb\" 2\nset \"ccc\" 3\nlayout\niter start=0 offset=3\nnext\nnext\nnext\nnext\n"
	before := []string{
		"map string int64 seed=0x9 hashkey=0x1,0x3,0x5,0x7\nset \"a\" 1\nset \"zz\" 5\niter\nnext\nlayout\n",
		"map int64 int64 nil\niter\nset 1 1\n",
		"map float64 int64\nset NaN 1\nset NaN 2\nset 1.5 3\n",
		"map int64 int64\nbogus\n",
	}
	alone, _, status := runServer(t, "serve", frame(last))
	if status != 0 {
		t.Fatalf("status %d", status)
	}
	var in strings.Builder
	for _, s := range before {
		in.WriteString(frame(s))
	}
	in.WriteString(frame(last))
	after, _, status := runServer(t, "serve", in.String())
	if status != 0 {
		t.Fatalf("status %d", status)
	}
	want := splitGreeting(t, alone)
	if !strings.HasSuffix(after, "#end error: line 2: unknown statement \"bogus\"\n"+want) {
		t.Errorf("after other scripts the last one printed:\n%s\nalone:\n%s", after, want)
	}
	checkScriptTrace(t, last, strings.TrimSuffix(want, "#end ok\n"))
}

// A throw inside a script kills the server as it kills any Go program; the
// trace up to the statement that threw is out before it dies, the runtime's
// fatal error is on stderr, and the status is Go's 2.
func TestServeFatalError(t *testing.T) {
	first := "map int64 int64 seed=0x1\nset 1 1\nset 2 2\nlen\n"
	throwing := "map int64 int64 seed=0x1\nset 1 1\nset 2 2\nset 3 3\nlen\nset 4 4\nlen\n"
	stdout, stderr, status := runServer(t, "serve-throwing", frame(first)+frame(throwing)+frame(first))
	if got, want := splitGreeting(t, stdout), "len 2\n#end ok\nlen 3\n"; got != want {
		t.Errorf("stdout %q, want %q (the second script's trace up to the throw, nothing after)", got, want)
	}
	if !strings.HasPrefix(stderr, "fatal error: concurrent map writes\n") || status != 2 {
		t.Errorf("status %d, stderr starts %q; want 2 and Go's fatal error first", status, quote(stderr))
	}
}
