// Command misuse is Go 1.19's side of ci/detection.sh: the three programs of
// Go's own crash tests (runtime/testdata/testprog/map.go), two goroutines on
// one map[int]int, 10,000 steps each with runtime.Gosched between steps. The
// port's side is runtime/bench/misuse.cc, with the same arguments:
//
//	misuse writes|readwrite|iteratewrite [--until=SECONDS]
//
// With --until the goroutines keep stepping until the runtime throws or
// SECONDS pass. A detection is the runtime's fatal error (exit 2); otherwise
// the program prints "not detected" and exits 0.
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
)

const steps = 10000

func usage(why string) {
	fmt.Fprintf(os.Stderr, "misuse: %s\nusage: misuse writes|readwrite|iteratewrite [--until=SECONDS]\n", why)
	os.Exit(64)
}

func main() {
	if len(os.Args) < 2 || len(os.Args) > 3 {
		usage("expected a program name and at most one option")
	}
	m := map[int]int{}
	var step func()
	switch os.Args[1] {
	case "writes":
		step = func() { m[6] = 0 }
	case "readwrite":
		step = func() { _ = m[6] }
	case "iteratewrite":
		step = func() {
			for range m {
			}
		}
	default:
		usage("unknown program " + os.Args[1])
	}
	var until time.Duration
	if len(os.Args) == 3 {
		if !strings.HasPrefix(os.Args[2], "--until=") {
			usage("unknown option " + os.Args[2])
		}
		s, err := strconv.ParseFloat(strings.TrimPrefix(os.Args[2], "--until="), 64)
		if err != nil || !(s > 0) {
			usage("--until takes a positive number of seconds")
		}
		until = time.Duration(s * float64(time.Second))
	}
	deadline := time.Now().Add(until)
	// Counts steps, or runs until the deadline when --until is given.
	more := func(i int) bool {
		if until > 0 {
			return i&63 != 0 || time.Now().Before(deadline)
		}
		return i < steps
	}

	c := make(chan struct{})
	go func() {
		for i := 0; more(i); i++ {
			m[5] = 0
			runtime.Gosched()
		}
		c <- struct{}{}
	}()
	go func() {
		for i := 0; more(i); i++ {
			step()
			runtime.Gosched()
		}
		c <- struct{}{}
	}()
	<-c
	<-c
	fmt.Println("not detected")
}
