package main

// Serve mode: the engine protocol of docs/engines.md, with Go 1.19's map as
// the engine. One process runs script after script, which is what lets a
// fuzzer compare every input with Go: starting a Go process per input costs
// more than running the input.
//
//	engine -> client   #gomap-engine 1 NAME            once, at start
//	client -> engine   #script N                        then N bytes of op-script
//	engine -> client   the trace lines, then #end ok, or #end error: line L: WHAT
//
// A script starts from nothing the previous one left: runScript puts the
// runtime's hash settings back after each one, and every map, iteration and
// reseed count belongs to its own execute call. A fatal error of the runtime
// (a throw) kills the process as it kills any Go program; execute has
// flushed the trace up to the statement that threw, and the runtime's
// `fatal error: ...` goes to stderr, where the client reads it and then
// starts a new server.

import (
	"bufio"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
)

const (
	engineGreeting = "#gomap-engine 1 gooracle "
	framePrefix    = "#script "
	// maxFrame bounds one script, so that a corrupt frame header cannot make
	// the server allocate without limit.
	maxFrame = 64 << 20
	// quoteLimit is how much of a bad frame header an error quotes.
	quoteLimit = 40
)

// serve runs the protocol until stdin ends (status 0) or a frame is
// malformed (status 2: the stream cannot be trusted past it).
func serve(stdin io.Reader, stdout, stderr io.Writer) int {
	in := bufio.NewReader(stdin)
	out := bufio.NewWriter(stdout)
	fmt.Fprintf(out, "%s%s\n", engineGreeting, runtime.Version())
	out.Flush()
	for {
		n, err := readFrameHeader(in)
		if err == io.EOF {
			return 0
		}
		if err != nil {
			fmt.Fprintf(stderr, "gooracle: %v\n", err)
			return 2
		}
		text := make([]byte, n)
		if _, err := io.ReadFull(in, text); err != nil {
			fmt.Fprintf(stderr, "gooracle: a script frame of %d bytes ended early: %v\n", n, err)
			return 2
		}
		if err := runScript(string(text), out); err != nil {
			fmt.Fprintf(out, "#end error: %s\n", oneLine(err.Error()))
		} else {
			out.WriteString("#end ok\n")
		}
		if err := out.Flush(); err != nil {
			fmt.Fprintf(stderr, "gooracle: writing a trace: %v\n", err)
			return 2
		}
	}
}

// readFrameHeader reads `#script N` and returns N; io.EOF at a clean end of
// the stream (nothing after the last frame).
func readFrameHeader(in *bufio.Reader) (int, error) {
	hdr, err := in.ReadString('\n')
	if err == io.EOF && hdr == "" {
		return 0, io.EOF
	}
	if err != nil && err != io.EOF {
		return 0, err
	}
	if !strings.HasSuffix(hdr, "\n") {
		return 0, fmt.Errorf("the stream ended inside a frame header %s", quote(hdr))
	}
	line := strings.TrimSuffix(hdr, "\n")
	digits := strings.TrimPrefix(line, framePrefix)
	n, perr := strconv.Atoi(digits)
	if !strings.HasPrefix(line, framePrefix) || perr != nil || !isDecimal(digits) || digits[0] == '-' {
		return 0, fmt.Errorf("bad frame header %s: want `#script N` with N the script's length in bytes", quote(hdr))
	}
	if n > maxFrame {
		return 0, fmt.Errorf("a script frame of %d bytes: at most %d", n, maxFrame)
	}
	return n, nil
}

// quote shows at most quoteLimit bytes of s.
func quote(s string) string {
	if len(s) > quoteLimit {
		return strconv.Quote(s[:quoteLimit]) + "..."
	}
	return strconv.Quote(s)
}

// oneLine keeps an error on the one line the protocol gives it.
func oneLine(s string) string { return strings.ReplaceAll(s, "\n", " ") }
