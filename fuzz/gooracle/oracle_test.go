package main

// Tests of the oracle. The oracle itself always runs in a child process
// (this test binary re-executed with GOORACLE_AS_ORACLE=1): it rewrites the
// runtime's process-wide hash key, which would break the Go maps that the
// testing package and these tests keep.
//
//   - TestGolden runs the valid scripts testdata/*.ops and compares stdout
//     with testdata/*.out (-update rewrites them); stderr must be empty and
//     the exit status 0.
//   - TestParseErrors and TestRejectedScripts take the scripts that must be
//     rejected from ../oplang/testdata/rejected/*.ops, the folder the C++
//     parser's test (fuzz/test/script_test.cc) reads too; each file's first
//     line, `# rejected: line N`, is the line the error must name.
//   - Every trace that has no error is also checked against a model (see
//     checkTrace): get/len/dump against a plain Go map driven by the same
//     statements (dump = a range over the model, sorted), and every key of
//     every layout against the bucket index and tophash that our port of
//     the portable hash (hash.go) predicts from the script's hashkey and
//     seed (with the deterministic reseed rule).
//   - TestRandomScripts does the same with generated scripts for all 12
//     key/elem combinations and several hashkeys, seeds and hints.

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.out from the oracle's output")

const childEnv = "GOORACLE_AS_ORACLE"

func TestMain(m *testing.M) {
	switch os.Getenv(childEnv) {
	case "1":
		os.Exit(oracleMain(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	case "serve":
		os.Exit(serve(os.Stdin, os.Stdout, os.Stderr))
	case "serve-throwing":
		// A server whose maps look written to by another goroutine once they
		// hold three entries: the next write throws, as a real concurrent
		// write would make it.
		testHookStatement = func(h *hmap) {
			if h != nil && h.count == 3 {
				h.flags |= hashWritingFlag
			}
		}
		os.Exit(serve(os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// runOracle runs the oracle in a child process.
func runOracle(t *testing.T, stdin string, files ...string) (stdout, stderr string, status int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], files...)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	cmd.Stdin = strings.NewReader(stdin)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("running the oracle: %v", err)
		}
		status = ee.ExitCode()
	}
	return o.String(), e.String(), status
}

func readOptional(t *testing.T, path string) string {
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestGolden(t *testing.T) {
	scripts, err := filepath.Glob("testdata/*.ops")
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no testdata scripts: %v", err)
	}
	for _, path := range scripts {
		path := path
		t.Run(filepath.Base(path), func(t *testing.T) {
			base := strings.TrimSuffix(path, ".ops")
			stdout, stderr, status := runOracle(t, "", path)
			if *update && stderr == "" && status == 0 {
				if err := os.WriteFile(base+".out", []byte(stdout), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if stderr != "" || status != 0 {
				t.Fatalf("stderr %q, status %d; want no error (scripts that must be rejected go to %s)", stderr, status, rejectedDir)
			}
			if want := readOptional(t, base+".out"); stdout != want {
				t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
			}
			text, _ := os.ReadFile(path)
			checkScriptTrace(t, string(text), stdout)
		})
	}
}

// TestSeveralFiles: files run in order, one bad file makes the status 2
// without stopping the others, stdin is used when no file is given.
func TestSeveralFiles(t *testing.T) {
	bad := filepath.Join(rejectedDir, "error-after-valid-statements.ops")
	stdout, stderr, status := runOracle(t, "", "testdata/basic.ops", bad, "testdata/niladd.ops")
	want := readOptional(t, "testdata/basic.out") + readOptional(t, "testdata/niladd.out")
	if stdout != want || stderr != "error: line 5: element: bad int64 literal x ("+bad+")\n" || status != 2 {
		t.Errorf("got stdout %q stderr %q status %d", stdout, stderr, status)
	}
	stdout, stderr, status = runOracle(t, "map int64 int64\nset 1 2\nget 1\nset 1 x\n")
	if stdout != "" || stderr != "error: line 4: element: bad int64 literal x\n" || status != 2 {
		t.Errorf("stdin: got stdout %q stderr %q status %d", stdout, stderr, status)
	}
}

// checkScriptTrace parses a script with the oracle's parser and checks its
// trace against the model.
func checkScriptTrace(t *testing.T, text, trace string) {
	t.Helper()
	h, lines, err := splitScript(text)
	if err != nil {
		t.Fatalf("script does not parse: %v", err)
	}
	switch h.K {
	case "int64":
		checkWithElem(t, h, lines, int64Codec, trace)
	case "string":
		checkWithElem(t, h, lines, stringCodec, trace)
	case "float64":
		checkWithElem(t, h, lines, float64Codec, trace)
	default:
		checkWithElem(t, h, lines, bigCodec, trace)
	}
}

func checkWithElem[K comparable](t *testing.T, h header, lines []line, kc codec[K], trace string) {
	t.Helper()
	switch h.V {
	case "int64":
		checkParsed(t, h, lines, kc, int64Codec, trace)
	case "string":
		checkParsed(t, h, lines, kc, stringCodec, trace)
	default:
		checkParsed(t, h, lines, kc, bigCodec, trace)
	}
}

func checkParsed[K comparable, V any](t *testing.T, h header, lines []line, kc codec[K], vc codec[V], trace string) {
	t.Helper()
	prog, err := parseBody(h, lines, kc, vc)
	if err != nil {
		t.Fatalf("script does not parse: %v", err)
	}
	if err := checkTrace(h, prog, kc, vc, trace); err != nil {
		t.Error(err)
	}
}

// modelIter follows one iteration of the script. An iteration during which
// the map did not change must produce exactly the entries present at iter.
type modelIter struct {
	clean    bool     // no set/add/del/clear since the iter
	snapshot []string // the sorted dump lines at iter
	seen     []string // entries produced, as dump lines
	ended    bool
}

// checkTrace replays prog on a plain Go map (the model) and checks the
// oracle's trace line by line.
func checkTrace[K comparable, V any](h header, prog []stmt[K, V], kc codec[K], vc codec[V], trace string) error {
	var out []string
	if trace != "" {
		out = strings.Split(strings.TrimSuffix(trace, "\n"), "\n")
	}
	pos := 0
	take := func() (string, error) {
		if pos >= len(out) {
			return "", fmt.Errorf("trace ends early (%d lines)", len(out))
		}
		pos++
		return out[pos-1], nil
	}
	var model map[K]V
	if !h.nilMap {
		model = map[K]V{}
	}
	hash0, reseeds := h.seed, uint32(0)
	reseed := func() {
		reseeds++
		hash0 = h.seed + reseeds*reseedStep
	}
	dumpLines := func() []string {
		var l []string
		for k, v := range model {
			l = append(l, "  "+kc.format(k)+" = "+vc.format(v))
		}
		sort.Strings(l)
		return l
	}
	var its [8]*modelIter
	for _, s := range prog {
		fail := func(format string, args ...any) error {
			return fmt.Errorf("line %d of the script: %s", s.line, fmt.Sprintf(format, args...))
		}
		expect := func(want string) error {
			got, err := take()
			if err != nil {
				return fail("%v", err)
			}
			if got != want {
				return fail("got %q, want %q", got, want)
			}
			return nil
		}
		switch s.op {
		case opSet, opAdd, opDel, opClear:
			for _, it := range its {
				if it != nil {
					it.clean = false
				}
			}
		}
		switch s.op {
		case opSet, opAdd:
			if model == nil {
				if err := expect("panic: assignment to entry in nil map"); err != nil {
					return err
				}
				if pos != len(out) {
					return fail("output after the panic")
				}
				return nil
			}
			if s.op == opSet {
				model[s.k] = s.v
			} else {
				any(model).(map[K]int64)[s.k] += s.n
			}
		case opGet:
			v, ok := model[s.k]
			if err := expect(fmt.Sprintf("get %s = %s %t", kc.format(s.k), vc.format(v), ok)); err != nil {
				return err
			}
		case opDel:
			before := len(model)
			delete(model, s.k)
			if before > 0 && len(model) == 0 {
				reseed()
			}
		case opClear:
			if len(model) > 0 {
				reseed()
				model = map[K]V{} // a new map: deleting cannot remove NaN keys
			}
		case opLen:
			if err := expect(fmt.Sprintf("len %d", len(model))); err != nil {
				return err
			}
		case opDump:
			want := dumpLines()
			if err := expect(fmt.Sprintf("dump %d", len(want))); err != nil {
				return err
			}
			for _, w := range want {
				if err := expect(w); err != nil {
					return err
				}
			}
		case opLayout:
			hdr, err := take()
			if err != nil {
				return fail("%v", err)
			}
			var body []string
			for pos < len(out) && (strings.HasPrefix(out[pos], "bucket ") || strings.HasPrefix(out[pos], "old ")) {
				body = append(body, out[pos])
				pos++
			}
			if err := checkLayout(hdr, body, model == nil, len(model), dumpKeys(model, kc), h.hasSeed, hash0, &h.hashkey, kc); err != nil {
				return fail("layout: %v\n%s\n%s", err, hdr, strings.Join(body, "\n"))
			}
		case opIter:
			its[s.it] = &modelIter{clean: true, snapshot: dumpLines()}
		case opNext:
			it := its[s.it]
			got, err := take()
			if err != nil {
				return fail("%v", err)
			}
			if got == "next end" {
				if it.clean && !it.ended {
					sort.Strings(it.seen)
					if strings.Join(it.seen, "\n") != strings.Join(it.snapshot, "\n") {
						return fail("iteration produced\n%s\nwant\n%s", strings.Join(it.seen, "\n"), strings.Join(it.snapshot, "\n"))
					}
				}
				it.ended = true
				continue
			}
			if it.ended || !strings.HasPrefix(got, "next ") {
				return fail("unexpected %q", got)
			}
			it.seen = append(it.seen, "  "+strings.TrimPrefix(got, "next "))
		}
	}
	if pos != len(out) {
		return fmt.Errorf("trace has %d extra lines, from %q", len(out)-pos, out[pos])
	}
	return nil
}

func dumpKeys[K comparable, V any](model map[K]V, kc codec[K]) []string {
	var keys []string
	for k := range model {
		keys = append(keys, kc.format(k))
	}
	sort.Strings(keys)
	return keys
}

// checkLayout checks one layout dump: the header against the model's size,
// the live keys against the model's keys, and, when the hash seed is known,
// each key's bucket index and tophash against the portable hash.
func checkLayout[K any](hdr string, body []string, nilMap bool, count int, keys []string, seedKnown bool, hash0 uint32, hashkey *[4]uint64, kc codec[K]) error {
	var B, cnt, noverflow, nevacuate, flags int
	var oldB string
	if _, err := fmt.Sscanf(hdr, "layout B=%d count=%d noverflow=%d nevacuate=%d flags=0x%x oldB=%s",
		&B, &cnt, &noverflow, &nevacuate, &flags, &oldB); err != nil {
		return fmt.Errorf("bad header: %v", err)
	}
	if want := fmt.Sprintf("layout B=%d count=%d noverflow=%d nevacuate=%d flags=0x%02x oldB=%s", B, cnt, noverflow, nevacuate, flags, oldB); hdr != want {
		return fmt.Errorf("header not in canonical form, want %q", want)
	}
	if cnt != count {
		return fmt.Errorf("count=%d, the model has %d entries", cnt, count)
	}
	if nilMap {
		if hdr != "layout B=0 count=0 noverflow=0 nevacuate=0 flags=0x00 oldB=-" || len(body) != 0 {
			return fmt.Errorf("a nil map prints a zero header only")
		}
		return nil
	}
	if len(body) == 0 {
		if count != 0 || oldB != "-" {
			return fmt.Errorf("no buckets, but count %d oldB %s", count, oldB)
		}
		return nil
	}
	sizes := map[string]int{"bucket": B, "old": -1}
	if oldB != "-" {
		ob, err := strconv.Atoi(oldB)
		if err != nil {
			return fmt.Errorf("bad oldB")
		}
		if same := flags&8 != 0; (same && ob != B) || (!same && ob != B-1) {
			return fmt.Errorf("oldB=%d with B=%d and flags %#x", ob, B, flags)
		}
		sizes["old"] = ob
	}
	var live []string
	nextIndex := map[string]int{"bucket": 0, "old": 0}
	for _, l := range body {
		name, rest, _ := strings.Cut(l, " ")
		label, rest, ok := strings.Cut(rest, ": ")
		tops, slots, ok2 := strings.Cut(rest, " | ")
		if !ok || !ok2 {
			return fmt.Errorf("bad line %q", l)
		}
		idxText, chainText, isOverflow := strings.Cut(label, "+")
		idx, err := strconv.Atoi(idxText)
		if err != nil || sizes[name] < 0 || idx >= 1<<sizes[name] {
			return fmt.Errorf("bad bucket label in %q", l)
		}
		if !isOverflow {
			if idx != nextIndex[name] {
				return fmt.Errorf("bucket %d out of order in %q", idx, l)
			}
			nextIndex[name]++
		} else if _, err := strconv.Atoi(chainText); err != nil {
			return fmt.Errorf("bad overflow label in %q", l)
		}
		th := strings.Fields(tops)
		ks, err := tokenize(slots)
		if err != nil || len(th) != bucketCnt || len(ks) != bucketCnt {
			return fmt.Errorf("bad line %q", l)
		}
		for i := 0; i < bucketCnt; i++ {
			top, err := strconv.ParseUint(th[i], 16, 8)
			if err != nil || len(th[i]) != 2 || strings.ToLower(th[i]) != th[i] {
				return fmt.Errorf("bad tophash %q in %q", th[i], l)
			}
			if top < minTopHash {
				if ks[i] != "_" {
					return fmt.Errorf("slot %d has tophash %#x but a key in %q", i, top, l)
				}
				continue
			}
			k, err := kc.parse(ks[i])
			if err != nil {
				return fmt.Errorf("slot %d: %v in %q", i, err, l)
			}
			live = append(live, kc.format(k))
			hash, ok := kc.hash(&k, hash0, hashkey)
			if !ok || !seedKnown {
				continue // NaN: random hash; or a random seed
			}
			if mask := uint64(1)<<sizes[name] - 1; int(hash&mask) != idx {
				return fmt.Errorf("key %s hashes to %s %d, found in %q", ks[i], name, hash&mask, l)
			}
			if topHash(hash) != uint8(top) {
				return fmt.Errorf("key %s has tophash %02x, found %02x in %q", ks[i], topHash(hash), top, l)
			}
		}
	}
	for name, n := range nextIndex {
		if sizes[name] >= 0 && n != 1<<sizes[name] {
			return fmt.Errorf("%d %s lines, want %d", n, name, 1<<sizes[name])
		}
	}
	sort.Strings(live)
	if strings.Join(live, "\n") != strings.Join(keys, "\n") {
		return fmt.Errorf("live keys %v, model keys %v", live, keys)
	}
	return nil
}

// A generator of random scripts.

type scriptGen struct {
	r        *rand.Rand
	K, V     string
	keySpace int
	churn    bool // only set, del and layout: growth, overflow chains, same-size grows
}

func (g *scriptGen) key() string {
	n := g.r.Intn(g.keySpace)
	switch g.K {
	case "int64":
		if g.r.Intn(50) == 0 {
			return strconv.FormatInt(g.r.Int63()-g.r.Int63(), 10)
		}
		return strconv.Itoa(n - g.keySpace/4)
	case "big":
		return strconv.Itoa(n - g.keySpace/4)
	case "string":
		specials := []string{`""`, `"a b"`, `"\x00"`, `"\xff"`, `"é"`, `"tab\t"`, `"a long key that is over forty-eight bytes long......"`}
		if g.r.Intn(40) == 0 {
			return specials[g.r.Intn(len(specials))]
		}
		return strconv.Quote("k" + strconv.Itoa(n))
	default: // float64
		specials := []string{"NaN", "-0", "0", "+Inf", "-Inf", "1e-310", "5e-324", "1.7976931348623157e308"}
		if g.r.Intn(30) == 0 {
			return specials[g.r.Intn(len(specials))]
		}
		return strconv.FormatFloat(float64(n-g.keySpace/4)/4, 'g', -1, 64)
	}
}

func (g *scriptGen) elem() string {
	n := g.r.Intn(1000) - 100
	if g.V == "string" {
		return strconv.Quote("v" + strconv.Itoa(n))
	}
	return strconv.Itoa(n)
}

func (g *scriptGen) header(seed bool, hashkey string) string {
	h := "map " + g.K + " " + g.V
	hints := []string{"", " hint=0", " hint=8", " hint=9", " hint=30", " hint=100", " hint=-3", " hint=9223372036854775807"}
	h += hints[g.r.Intn(len(hints))]
	if seed {
		h += fmt.Sprintf(" seed=0x%08x", g.r.Uint32())
	}
	return h + hashkey
}

// body generates n statements.
func (g *scriptGen) body(n int) []string {
	var s []string
	open := [8]bool{}
	for len(s) < n {
		if g.churn {
			switch c := g.r.Intn(100); {
			case c < 55:
				s = append(s, "set "+g.key()+" "+g.elem())
			case c < 85:
				s = append(s, "del "+g.key())
			default:
				s = append(s, "layout")
			}
			continue
		}
		switch c := g.r.Intn(100); {
		case c < 45:
			s = append(s, "set "+g.key()+" "+g.elem())
		case c < 50 && g.V == "int64":
			s = append(s, fmt.Sprintf("add %s %d", g.key(), g.r.Intn(20)-5))
		case c < 68:
			s = append(s, "del "+g.key())
		case c < 78:
			s = append(s, "get "+g.key())
		case c < 80:
			s = append(s, "len")
		case c < 83:
			s = append(s, "dump")
		case c < 88:
			s = append(s, "layout")
		case c < 89 && g.r.Intn(3) == 0:
			s = append(s, "clear")
		case c < 92:
			i := g.r.Intn(3)
			st := fmt.Sprintf("iter @%d", i)
			if g.r.Intn(2) == 0 {
				st += fmt.Sprintf(" start=%d offset=%d", g.r.Intn(1000), g.r.Intn(20))
			}
			s = append(s, st)
			open[i] = true
		case c < 97:
			if i := g.r.Intn(3); open[i] {
				s = append(s, fmt.Sprintf("next @%d", i))
			}
		default:
			// A whole iteration with no change to the map: it must produce
			// every entry once. 300 nexts are enough for any keySpace here.
			s = append(s, "iter @7")
			for i := 0; i < 2*g.keySpace+10; i++ {
				s = append(s, "next @7")
			}
		}
	}
	return s
}

func TestRandomScripts(t *testing.T) {
	keys := []string{"int64", "string", "float64", "big"}
	elems := []string{"int64", "string", "big"}
	hashkeys := []string{"", " hashkey=0x1,0x3,0x5,0x7", " hashkey=0x0,0x0,0x0,0x0",
		" hashkey=0xfedcba9876543211,0x0123456789abcdef,0x8000000000000001,0xffffffffffffffff"}
	r := rand.New(rand.NewSource(1))
	runs := 0
	for _, K := range keys {
		for _, V := range elems {
			for hi, hk := range hashkeys {
				for _, keySpace := range []int{12, 60, 150} {
					g := &scriptGen{r: r, K: K, V: V, keySpace: keySpace}
					seed := hi != 0 || keySpace != 60 // a few scripts keep Go's random seed
					text := strings.Join(append([]string{g.header(seed, hk)}, g.body(400)...), "\n") + "\n"
					name := fmt.Sprintf("%s_%s_hk%d_ks%d", K, V, hi, keySpace)
					t.Run(name, func(t *testing.T) {
						stdout, stderr, status := runOracle(t, text)
						if status != 0 || stderr != "" {
							t.Fatalf("status %d, stderr %s", status, stderr)
						}
						checkScriptTrace(t, text, stdout)
						if t.Failed() {
							t.Logf("script:\n%s", text)
						}
					})
					runs++
				}
			}
		}
	}
	// Churn: long runs of inserts and deletes over a larger key space, with
	// many layouts, to reach doubling and same-size grows half way through.
	for _, K := range keys {
		for i, keySpace := range []int{300, 1200} {
			g := &scriptGen{r: r, K: K, V: elems[i%len(elems)], keySpace: keySpace, churn: true}
			text := strings.Join(append([]string{g.header(true, hashkeys[i])}, g.body(3000)...), "\n") + "\n"
			t.Run(fmt.Sprintf("churn_%s_%d", K, keySpace), func(t *testing.T) {
				stdout, stderr, status := runOracle(t, text)
				if status != 0 || stderr != "" {
					t.Fatalf("status %d, stderr %s", status, stderr)
				}
				checkScriptTrace(t, text, stdout)
				grows, sameSize := strings.Count(stdout, "oldB=")-strings.Count(stdout, "oldB=-"), 0
				for _, l := range strings.Split(stdout, "\n") {
					if strings.HasPrefix(l, "layout") && strings.Contains(l, "flags=0x08") {
						sameSize++
					}
				}
				t.Logf("%d layouts while growing, %d of them same-size", grows, sameSize)
			})
			runs++
		}
	}
	t.Logf("%d random scripts", runs)
}

// rejectedDir holds one op-script per way of being invalid, shared with the
// C++ parser's test (fuzz/test/script_test.cc, which may also check a
// `# because:` fragment of its own message). Relative to this package.
const rejectedDir = "../oplang/testdata/rejected"

type rejectedScript struct {
	path, text string
	line       int // from `# rejected: line N`: the line the error must name
}

// rejectedScripts reads rejectedDir; every file must start with
// `# rejected: line N`.
func rejectedScripts(t *testing.T) []rejectedScript {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(rejectedDir, "*.ops"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 30 {
		t.Fatalf("%s holds %d scripts, want at least 30", rejectedDir, len(paths))
	}
	var rs []rejectedScript
	for _, path := range paths {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		first, _, _ := strings.Cut(string(b), "\n")
		n, err := strconv.Atoi(strings.TrimPrefix(first, "# rejected: line "))
		if !strings.HasPrefix(first, "# rejected: line ") || err != nil || n < 1 {
			t.Fatalf("%s: the first line must be `# rejected: line N`, got %q", path, first)
		}
		rs = append(rs, rejectedScript{path, string(b), n})
	}
	return rs
}

// parseLine parses a script in-process (parsing does not touch the
// runtime's hash) and returns the line of its error, 0 if it is valid.
func parseLine(t *testing.T, script string) (int, error) {
	t.Helper()
	h, lines, err := splitScript(script)
	if err == nil {
		err = parseFor(h, lines)
	}
	if err == nil {
		return 0, nil
	}
	se, ok := err.(*scriptError)
	if !ok {
		t.Errorf("%q: error %v is not a scriptError", script, err)
		return -1, err
	}
	return se.line, err
}

// TestParseErrors checks the parser's verdicts in-process: the valid
// scripts below, and every script of rejectedDir on its line.
func TestParseErrors(t *testing.T) {
	for _, script := range []string{
		"map int64 int64\nlen\n",
		"  # comment\n\n\t map   string  big   nil  hint=-1 \r\nget \"a  b\"\n",
		"map float64 int64 seed=0xFFFFFFFF hashkey=0x0,0x1,0x2,0x3\nset NaN 1\nset +Inf 1\nset -0 1\nset 0x1p-2 1\n",
		"map int64 int64\niter @7 offset=3 start=9\nnext @7\nnext @7\n",
	} {
		if got, err := parseLine(t, script); got != 0 {
			t.Errorf("%q: error line %d (%v), want valid", script, got, err)
		}
	}
	for _, r := range rejectedScripts(t) {
		if got, err := parseLine(t, r.text); got != r.line {
			t.Errorf("%s: error line %d (%v), want %d", r.path, got, err, r.line)
		}
	}
}

// TestRejectedScripts runs the oracle on every script of rejectedDir: it
// must run nothing, print `error: line N: <what> (FILE)` and exit with 2.
func TestRejectedScripts(t *testing.T) {
	for _, r := range rejectedScripts(t) {
		r := r
		t.Run(filepath.Base(r.path), func(t *testing.T) {
			stdout, stderr, status := runOracle(t, "", r.path)
			prefix := fmt.Sprintf("error: line %d: ", r.line)
			suffix := " (" + r.path + ")\n"
			if status != 2 || stdout != "" || !strings.HasPrefix(stderr, prefix) ||
				!strings.HasSuffix(stderr, suffix) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("stdout %q, stderr %q, status %d; want no stdout, stderr %q...%q, status 2",
					stdout, stderr, status, prefix, suffix)
			}
		})
	}
}

// parseFor parses the body with the codecs of the header's types.
func parseFor(h header, lines []line) error {
	switch h.K {
	case "int64":
		return parseForKey(h, lines, int64Codec)
	case "string":
		return parseForKey(h, lines, stringCodec)
	case "float64":
		return parseForKey(h, lines, float64Codec)
	default: // "big"; parseHeader allows nothing else
		return parseForKey(h, lines, bigCodec)
	}
}

func parseForKey[K comparable](h header, lines []line, kc codec[K]) error {
	var err error
	switch h.V {
	case "int64":
		_, err = parseBody(h, lines, kc, int64Codec)
	case "string":
		_, err = parseBody(h, lines, kc, stringCodec)
	default: // "big"
		_, err = parseBody(h, lines, kc, bigCodec)
	}
	return err
}

// TestF64HashSpecialValues: f64hash hashes +0 and -0 alike and
// independently of the hashkey; a NaN's hash is random. (The port as a whole
// is checked against the runtime by the oracle's own self-check, checkHasher,
// and by the layout checks above.)
func TestF64HashSpecialValues(t *testing.T) {
	k := defaultHashkey
	z1, _ := portF64hash(0, 3, &k)
	z2, _ := portF64hash(math.Copysign(0, -1), 3, &[4]uint64{})
	c0, c1, seed := uint64(hc0), uint64(hc1), uint64(3)
	if z1 != z2 || z1 != c1*(c0^seed) {
		t.Errorf("f64hash(±0) = %#x, %#x", z1, z2)
	}
	if _, ok := portF64hash(math.NaN(), 3, &k); ok {
		t.Errorf("f64hash(NaN) must be reported as random")
	}
}

// TestSameSizeGrow builds a same-size grow for every key type: with B=2
// (hint=20) it puts 9 keys in each bucket in turn (the 9th needs an
// overflow bucket) and deletes 8 of them again, so that noverflow reaches
// 2^B while the map stays small; the next insert of a new key must start a
// same-size grow. Keys are chosen with our hash port, so this also checks
// that the runtime puts them where the port says.
func TestSameSizeGrow(t *testing.T) {
	t.Run("int64", func(t *testing.T) {
		sameSizeGrow(t, "int64", int64Codec, func(i int) string { return strconv.Itoa(i) })
	})
	t.Run("string", func(t *testing.T) {
		sameSizeGrow(t, "string", stringCodec, func(i int) string { return strconv.Quote(fmt.Sprint("s", i)) })
	})
	t.Run("float64", func(t *testing.T) {
		sameSizeGrow(t, "float64", float64Codec, func(i int) string { return fmt.Sprint(float64(i) + 0.5) })
	})
	t.Run("big", func(t *testing.T) { sameSizeGrow(t, "big", bigCodec, func(i int) string { return strconv.Itoa(i) }) })
}

func sameSizeGrow[K comparable](t *testing.T, typ string, kc codec[K], lit func(int) string) {
	const seed = 0x0badcafe
	key := defaultHashkey
	bucketOf := func(s string) uint64 {
		k := mustParse(kc, s)
		h, _ := kc.hash(&k, seed, &key)
		return h & 3
	}
	script := []string{fmt.Sprintf("map %s string hint=20 seed=0x%08x", typ, seed)}
	next := 0
	for b := uint64(0); b < 4; b++ {
		var ks []string
		for ; len(ks) < 9; next++ {
			if l := lit(next); bucketOf(l) == b {
				ks = append(ks, l)
			}
		}
		for _, k := range ks {
			script = append(script, "set "+k+" \"v\"")
		}
		script = append(script, "layout")
		for _, k := range ks[1:] {
			script = append(script, "del "+k)
		}
	}
	for i := 0; i < 4; i++ {
		script = append(script, fmt.Sprintf("set %s \"new\"", lit(next+i)), "layout", "dump")
	}
	text := strings.Join(script, "\n") + "\n"
	stdout, stderr, status := runOracle(t, text)
	if status != 0 || stderr != "" {
		t.Fatalf("status %d, stderr %s", status, stderr)
	}
	checkScriptTrace(t, text, stdout)
	if !strings.Contains(stdout, "noverflow=4 nevacuate=0 flags=0x00 oldB=-") || !strings.Contains(stdout, "flags=0x08 oldB=2") {
		t.Errorf("no same-size grow:\n%s", stdout)
	}
}

// TestExtensionScriptsRejected: scripts of the goroutines and collector
// extensions (docs/op-script.md) are the port's alone: Go's map cannot be
// driven through a chosen interleaving, nor its collector stepped from a
// script. The oracle refuses every committed one on its header line,
// cleanly, with exit 2, and runs nothing.
func TestExtensionScriptsRejected(t *testing.T) {
	var scripts []string
	for _, dir := range []string{"../../corpus/concurrent", "../../corpus/gc"} {
		found, err := filepath.Glob(dir + "/*.ops")
		if err != nil || len(found) == 0 {
			t.Fatalf("no scripts in %s (%v)", dir, err)
		}
		scripts = append(scripts, found...)
	}
	for _, path := range scripts {
		path := path
		t.Run(filepath.Base(path), func(t *testing.T) {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			header := 0
			for i, l := range strings.Split(string(b), "\n") {
				if f := strings.Fields(l); len(f) > 0 && f[0] == "map" {
					header = i + 1
					break
				}
			}
			stdout, stderr, status := runOracle(t, "", path)
			prefix := fmt.Sprintf("error: line %d: ", header)
			if status != 2 || stdout != "" || !strings.HasPrefix(stderr, prefix) ||
				!strings.Contains(stderr, "unknown header field") || strings.Count(stderr, "\n") != 1 {
				t.Errorf("stdout %q, stderr %q, status %d; want no stdout, one line %q...unknown header field..., status 2",
					stdout, stderr, status, prefix)
			}
		})
	}
}
