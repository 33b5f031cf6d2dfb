// Command gooracle runs op-scripts (docs/op-script.md) on the real Go 1.19
// runtime map and prints their traces: the reference that gomap's C++ port
// is compared with, line by line, layout dumps included.
//
//	gooracle [FILE...]
//	gooracle --serve
//
// With --serve it is an engine (docs/engines.md): scripts arrive framed on
// stdin one after another and each trace goes back framed on stdout, so
// that one process serves a whole fuzzing run (see serve.go).
//
// Each file is a separate script, run in order; with no file, stdin is one
// script. Traces go to stdout. A script that cannot be parsed prints
// `error: line L: <what> (FILE)` on stderr, runs nothing, and makes the exit
// status 2 (the other files still run), as does a file that cannot be read;
// otherwise the status is 0. A set or add on a nil map prints
// `panic: assignment to entry in nil map` as a trace line and ends that
// script (status 0). An unknown option is a usage error (status 64). Every
// error is one line that quotes at most a short prefix of the text at fault.
//
// The runtime is switched to its portable hash (runtime.useAeshash = false)
// with each script's runtime.hashkey before the script's map is made, so the
// layout is a function of the script alone when it gives seed=.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
)

const (
	usage = "usage: gooracle [FILE...]   (op-scripts; stdin without FILE)\n" +
		"       gooracle --serve   (the engine protocol of docs/engines.md)\n"
	exitUsage   = 64
	exitFailure = 2
)

func main() {
	args := os.Args[1:]
	for _, a := range args {
		switch {
		case a == "-h" || a == "--help":
			fmt.Print(usage)
			os.Exit(0)
		case a == "--serve" && len(args) > 1:
			fmt.Fprintln(os.Stderr, "gooracle: --serve takes no FILE: scripts come framed on stdin (see gooracle --help)")
			os.Exit(exitUsage)
		case a == "--serve":
			os.Exit(serve(os.Stdin, os.Stdout, os.Stderr))
		case len(a) > 1 && strings.HasPrefix(a, "-"):
			fmt.Fprintf(os.Stderr, "gooracle: unknown option %s (see gooracle --help)\n", quote(a))
			os.Exit(exitUsage)
		}
	}
	os.Exit(oracleMain(args, os.Stdin, os.Stdout, os.Stderr))
}

// oracleMain is the whole command; it returns the exit status.
//
// It changes runtime.hashkey (and turns the AES hash off), which breaks any
// Go map that exists across the change, so the process must not keep Go maps
// of its own: the tests run it in a child process.
func oracleMain(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	out := bufio.NewWriter(stdout)
	status := 0
	run := func(text, name string) {
		err := runScript(text, out)
		out.Flush()
		if err != nil {
			suffix := ""
			if name != "" {
				suffix = " (" + prefix(name, pathQuoteLimit) + ")"
			}
			fmt.Fprintf(stderr, "error: %v%s\n", err, suffix)
			status = exitFailure
		}
	}
	if len(args) == 0 {
		data, err := io.ReadAll(stdin)
		if err != nil {
			fmt.Fprintf(stderr, "error: reading stdin: %v\n", err)
			return exitFailure
		}
		run(string(data), "")
	}
	for _, name := range args {
		data, err := os.ReadFile(name)
		if err != nil {
			// The PathError's own text would repeat the whole path.
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			fmt.Fprintf(stderr, "error: cannot read %s: %v\n", prefix(name, pathQuoteLimit), err)
			status = exitFailure
			continue
		}
		run(string(data), name)
	}
	// A trace that could not be written (a full disk, say) is a failure,
	// not a silent success.
	if err := out.Flush(); err != nil {
		fmt.Fprintf(stderr, "gooracle: cannot write to standard output: %v\n", err)
		return exitFailure
	}
	return status
}

// runScript parses a whole script and, if it is valid, runs it. The
// runtime's hash settings are put back afterwards, so that what one script
// sets never reaches the next one, nor a map the process made at start-up.
func runScript(text string, out *bufio.Writer) error {
	defer restoreHash(saveHash())
	h, lines, err := splitScript(text)
	if err != nil {
		return err
	}
	switch h.K {
	case "int64":
		return withElem(h, lines, int64Codec, out)
	case "string":
		return withElem(h, lines, stringCodec, out)
	case "float64":
		return withElem(h, lines, float64Codec, out)
	default: // "big"; parseHeader allows nothing else
		return withElem(h, lines, bigCodec, out)
	}
}

func withElem[K comparable](h header, lines []line, kc codec[K], out *bufio.Writer) error {
	switch h.V {
	case "int64":
		return parseAndRun(h, lines, kc, int64Codec, out)
	case "string":
		return parseAndRun(h, lines, kc, stringCodec, out)
	default: // "big"
		return parseAndRun(h, lines, kc, bigCodec, out)
	}
}

func parseAndRun[K comparable, V any](h header, lines []line, kc codec[K], vc codec[V], out *bufio.Writer) error {
	prog, err := parseBody(h, lines, kc, vc)
	if err != nil {
		return err
	}
	execute(h, prog, kc, vc, out)
	return nil
}
