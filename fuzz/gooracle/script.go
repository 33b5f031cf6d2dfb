package main

// Parsing of op-scripts (docs/op-script.md). A script is parsed completely
// before any of it runs, so a bad line anywhere runs nothing.

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// big is the op-script's 144-byte type: over maxKeySize/maxElemSize (128),
// so Go stores it indirectly in buckets.
type big = [18]uint64

// codec reads and prints the literals of one key or element type.
type codec[T any] struct {
	name   string
	parse  func(string) (T, error)
	format func(T) string
	// hash predicts the runtime's hash of a key with the portable hash
	// (ok=false when it is random: NaN); nil for element-only types.
	hash func(k *T, seed uint32, key *[4]uint64) (h uint64, ok bool)
	// samples are keys used to check that the runtime really hashes as hash
	// predicts.
	samples []T
}

var int64Codec = codec[int64]{
	name:   "int64",
	parse:  parseInt64,
	format: func(v int64) string { return strconv.FormatInt(v, 10) },
	hash: func(k *int64, seed uint32, key *[4]uint64) (uint64, bool) {
		return portMemhash64(uint64(*k), uint64(seed), key), true
	},
	samples: []int64{0, 1, -1, 1 << 40, math.MinInt64},
}

var stringCodec = codec[string]{
	name:   "string",
	parse:  parseString,
	format: strconv.Quote,
	hash: func(k *string, seed uint32, key *[4]uint64) (uint64, bool) {
		return portStrhash(*k, uint64(seed), key), true
	},
	samples: []string{"", "a", "abc", "abcd", "abcdefg", "abcdefgh", "0123456789abcdef",
		"0123456789abcdefX", strings.Repeat("x", 49), strings.Repeat("yz", 70)},
}

var float64Codec = codec[float64]{
	name:   "float64",
	parse:  parseFloat64,
	format: func(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) },
	hash: func(k *float64, seed uint32, key *[4]uint64) (uint64, bool) {
		return portF64hash(*k, uint64(seed), key)
	},
	samples: []float64{0, math.Copysign(0, -1), 1, -2.5, math.Inf(1), math.SmallestNonzeroFloat64},
}

var bigCodec = codec[big]{
	name: "big",
	parse: func(s string) (big, error) {
		v, err := parseInt64(s)
		var b big
		for i := range b {
			b[i] = uint64(v)
		}
		return b, err
	},
	format: func(b big) string { return strconv.FormatInt(int64(b[0]), 10) },
	hash: func(k *big, seed uint32, key *[4]uint64) (uint64, bool) {
		return portBighash(k, uint64(seed), key), true
	},
	samples: []big{{}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}},
}

func init() {
	bigCodec.samples = append(bigCodec.samples, mustParse(bigCodec, "-7"))
}

func mustParse[T any](c codec[T], s string) T {
	v, err := c.parse(s)
	if err != nil {
		panic(err)
	}
	return v
}

// pathQuoteLimit is how much of a path an error line quotes (quoteLimit,
// beside quote in serve.go, is how much of a token).
const pathQuoteLimit = 100

// prefix is s, or its first limit bytes (not cutting a UTF-8 sequence) and
// "...", for an error line: a bad literal may be a 100,000-digit number.
// Control bytes are escaped, so that none reaches the terminal raw. Unlike
// quote, it shows a plain token as it is.
func prefix(s string, limit int) string {
	cut := len(s) > limit
	if cut {
		n := limit
		for n > limit-3 && !utf8.RuneStart(s[n]) {
			n--
		}
		s = s[:n]
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f {
			fmt.Fprintf(&b, `\x%02x`, c)
		} else {
			b.WriteByte(c)
		}
	}
	if cut {
		b.WriteString("...")
	}
	return b.String()
}

// isDecimal reports whether s is an optional '-' followed by ASCII digits.
func isDecimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func parseInt64(s string) (int64, error) {
	if !isDecimal(s) {
		return 0, fmt.Errorf("bad int64 literal %s", prefix(s, quoteLimit))
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("int64 literal out of range: %s", prefix(s, quoteLimit))
	}
	return v, nil
}

func parseUint64(s string) (uint64, error) {
	if !isDecimal(s) || s[0] == '-' {
		return 0, fmt.Errorf("bad unsigned decimal %s", prefix(s, quoteLimit))
	}
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("unsigned decimal out of range: %s", prefix(s, quoteLimit))
	}
	return v, nil
}

// parseString accepts a Go double-quoted string literal only (no raw or
// single-quoted forms). The script must be UTF-8, so is the literal's text;
// escapes such as \xff may still produce any bytes.
func parseString(s string) (string, error) {
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return "", fmt.Errorf("bad string literal %s (want a Go double-quoted string)", prefix(s, quoteLimit))
	}
	if !utf8.ValidString(s) {
		return "", fmt.Errorf("string literal is not valid UTF-8: %s", quote(s))
	}
	v, err := strconv.Unquote(s)
	if err != nil {
		return "", fmt.Errorf("bad string literal %s", prefix(s, quoteLimit))
	}
	return v, nil
}

// parseFloat64 accepts what strconv.ParseFloat accepts, which includes NaN,
// +Inf, -Inf and -0, and rejects what it rejects (out of range included).
func parseFloat64(s string) (float64, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("bad float64 literal %s", prefix(s, quoteLimit))
	}
	return f, nil
}

// header is the first statement: map K V [nil] [hint=N] [seed=0x..] [hashkey=..].
type header struct {
	K, V    string
	nilMap  bool
	hint    int64
	hasSeed bool
	seed    uint32
	hashkey [4]uint64
}

func parseHex(s string, maxDigits int) (uint64, error) {
	if !strings.HasPrefix(s, "0x") && !strings.HasPrefix(s, "0X") {
		return 0, errors.New("missing 0x")
	}
	d := s[2:]
	if d == "" || len(d) > maxDigits {
		return 0, fmt.Errorf("want 1 to %d hex digits", maxDigits)
	}
	return strconv.ParseUint(d, 16, 64)
}

func parseHeader(toks []string) (header, error) {
	h := header{hashkey: defaultHashkey}
	if toks[0] != "map" {
		return h, fmt.Errorf("the first statement must be the header `map K V ...`, got %s", quote(toks[0]))
	}
	if len(toks) < 3 {
		return h, errors.New("header needs a key and an element type: map K V")
	}
	h.K, h.V = toks[1], toks[2]
	switch h.K {
	case "int64", "string", "float64", "big":
	default:
		return h, fmt.Errorf("unknown key type %s (want int64, string, float64 or big)", quote(h.K))
	}
	switch h.V {
	case "int64", "string", "big":
	default:
		return h, fmt.Errorf("unknown element type %s (want int64, string or big)", quote(h.V))
	}
	var seen []string // no Go map here: see usePortableHash
	for _, f := range toks[3:] {
		name, val, hasVal := strings.Cut(f, "=")
		for _, n := range seen {
			if n == name {
				return h, fmt.Errorf("header field %s given twice", prefix(name, quoteLimit))
			}
		}
		seen = append(seen, name)
		switch {
		case name == "nil" && !hasVal:
			h.nilMap = true
		case name == "hint" && hasVal:
			v, err := parseInt64(val)
			if err != nil {
				return h, fmt.Errorf("bad hint: %v", err)
			}
			h.hint = v
		case name == "seed" && hasVal:
			v, err := parseHex(val, 8)
			if err != nil {
				return h, fmt.Errorf("bad seed %s (want 0x and at most 8 hex digits): %v", quote(val), err)
			}
			h.hasSeed, h.seed = true, uint32(v)
		case name == "hashkey" && hasVal:
			words := strings.Split(val, ",")
			if len(words) != 4 {
				return h, fmt.Errorf("bad hashkey %s: want four comma-separated 64-bit hex words", quote(val))
			}
			for i, w := range words {
				v, err := parseHex(w, 16)
				if err != nil {
					return h, fmt.Errorf("bad hashkey word %s: %v", quote(w), err)
				}
				h.hashkey[i] = v
			}
		default:
			return h, fmt.Errorf("unknown header field %s", quote(f))
		}
	}
	return h, nil
}

type opcode int

const (
	opSet opcode = iota
	opAdd
	opGet
	opDel
	opLen
	opClear
	opDump
	opIter
	opNext
	opLayout
)

// stmt is one parsed statement; only the fields its op uses are set.
type stmt[K comparable, V any] struct {
	op            opcode
	line          int
	k             K
	v             V
	n             int64  // add
	it            int    // iter, next: @I
	fixedStart    bool   // iter start=S offset=O
	start, offset uint64 // iter start=S offset=O
}

// scriptError is a script that cannot be parsed: `error: line L: msg`.
type scriptError struct {
	line int
	msg  string
}

func (e *scriptError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// isSpace: the white space that separates tokens and is trimmed (space, tab,
// and CR so that CRLF files read the same).
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r'
}

// tokenize splits a statement on white space, except that a token starting
// with '"' is a Go quoted string that runs to its closing quote (honouring
// backslash escapes) and may contain spaces.
func tokenize(s string) ([]string, error) {
	var toks []string
	i := 0
	for {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i == len(s) {
			return toks, nil
		}
		j := i
		if s[i] == '"' {
			for j++; ; j++ {
				if j >= len(s) {
					return nil, errors.New("unterminated string literal")
				}
				if s[j] == '\\' {
					j++
					continue
				}
				if s[j] == '"' {
					j++
					break
				}
			}
			if j < len(s) && !isSpace(s[j]) {
				return nil, fmt.Errorf("no space after string literal %s", prefix(s[i:j], quoteLimit))
			}
		} else {
			for j < len(s) && !isSpace(s[j]) {
				j++
			}
		}
		toks = append(toks, s[i:j])
		i = j
	}
}

// line is one statement line of a script.
type line struct {
	num  int
	toks []string
}

// splitScript returns the header and the other statements, tokenized.
func splitScript(text string) (header, []line, error) {
	raw := strings.Split(text, "\n")
	if len(raw) > 0 && raw[len(raw)-1] == "" {
		raw = raw[:len(raw)-1] // text ending in a newline has no extra line
	}
	var lines []line
	for i, l := range raw {
		l = strings.TrimFunc(l, func(r rune) bool { return r < utf8.RuneSelf && isSpace(byte(r)) })
		if l == "" || l[0] == '#' {
			continue
		}
		toks, err := tokenize(l)
		if err != nil {
			return header{}, nil, &scriptError{i + 1, err.Error()}
		}
		lines = append(lines, line{i + 1, toks})
	}
	if len(lines) == 0 {
		return header{}, nil, &scriptError{len(raw) + 1, "missing header `map K V ...`"}
	}
	h, err := parseHeader(lines[0].toks)
	if err != nil {
		return h, nil, &scriptError{lines[0].num, err.Error()}
	}
	return h, lines[1:], nil
}

// parseBody parses the statements after the header for a map[K]V.
func parseBody[K comparable, V any](h header, lines []line, kc codec[K], vc codec[V]) ([]stmt[K, V], error) {
	var prog []stmt[K, V]
	var opened [8]bool // iter @I seen: a later next @I is valid
	for _, l := range lines {
		s, err := parseStmt(h, l.toks, kc, vc, &opened)
		if err != nil {
			return nil, &scriptError{l.num, err.Error()}
		}
		s.line = l.num
		prog = append(prog, s)
	}
	return prog, nil
}

func parseStmt[K comparable, V any](h header, toks []string, kc codec[K], vc codec[V], opened *[8]bool) (s stmt[K, V], err error) {
	args := toks[1:]
	want := func(n int, usage string) error {
		if len(args) != n {
			return fmt.Errorf("usage: %s", usage)
		}
		return nil
	}
	key := func(t string) (K, error) {
		k, err := kc.parse(t)
		if err != nil {
			err = fmt.Errorf("key: %v", err)
		}
		return k, err
	}
	switch toks[0] {
	case "set":
		s.op = opSet
		if err = want(2, "set K V"); err != nil {
			return
		}
		if s.k, err = key(args[0]); err != nil {
			return
		}
		if s.v, err = vc.parse(args[1]); err != nil {
			err = fmt.Errorf("element: %v", err)
		}
	case "add":
		s.op = opAdd
		if err = want(2, "add K N"); err != nil {
			return
		}
		if h.V != "int64" {
			err = fmt.Errorf("add needs int64 elements, this map's are %s", h.V)
			return
		}
		if s.k, err = key(args[0]); err != nil {
			return
		}
		s.n, err = parseInt64(args[1])
	case "get", "del":
		s.op = opGet
		if toks[0] == "del" {
			s.op = opDel
		}
		if err = want(1, toks[0]+" K"); err != nil {
			return
		}
		s.k, err = key(args[0])
	case "len", "clear", "dump", "layout":
		switch toks[0] {
		case "len":
			s.op = opLen
		case "clear":
			s.op = opClear
		case "dump":
			s.op = opDump
		default:
			s.op = opLayout
		}
		err = want(0, toks[0])
	case "iter":
		s.op = opIter
		if len(args) > 0 && strings.HasPrefix(args[0], "@") {
			if s.it, err = parseIterIndex(args[0]); err != nil {
				return
			}
			args = args[1:]
		}
		var hasStart, hasOffset bool
		for _, a := range args {
			name, val, _ := strings.Cut(a, "=")
			switch {
			case name == "start" && !hasStart && strings.Contains(a, "="):
				hasStart = true
				s.start, err = parseUint64(val)
			case name == "offset" && !hasOffset && strings.Contains(a, "="):
				hasOffset = true
				s.offset, err = parseUint64(val)
			default:
				err = fmt.Errorf("bad iter argument %s (usage: iter [@I] [start=S offset=O])", quote(a))
			}
			if err != nil {
				return
			}
		}
		if hasStart != hasOffset {
			err = errors.New("iter needs both start=S and offset=O, or neither")
			return
		}
		s.fixedStart = hasStart
		opened[s.it] = true
	case "next":
		s.op = opNext
		if len(args) == 1 {
			if s.it, err = parseIterIndex(args[0]); err != nil {
				return
			}
		} else if err = want(0, "next [@I]"); err != nil {
			return
		}
		if !opened[s.it] {
			err = fmt.Errorf("next @%d without a preceding iter @%d", s.it, s.it)
		}
	case "map":
		err = errors.New("a second header: the header must be the only `map` statement, first")
	default:
		err = fmt.Errorf("unknown statement %s", quote(toks[0]))
	}
	return
}

func parseIterIndex(t string) (int, error) {
	if len(t) != 2 || t[0] != '@' || t[1] < '0' || t[1] > '7' {
		return 0, fmt.Errorf("bad iteration index %s (want @0 to @7)", quote(t))
	}
	return int(t[1] - '0'), nil
}
