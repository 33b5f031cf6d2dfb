package main

// Running a parsed script on a real Go map[K]V and printing its trace.

import (
	"bufio"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"unsafe"
)

// reseedStep is the increment of our deterministic reseed rule: the k-th
// reseed of a script with seed=S sets hash0 to uint32(S + k*reseedStep).
const reseedStep = 0x9e3779b9

// makeMap is make(map[K]V, hint) with a hint the compiler cannot see, so the
// runtime's makemap64 judges it (a negative or unallocatable hint becomes 0).
// It must not be inlined: a returned map escapes, so its hmap and buckets
// are heap-allocated by makemap as in any Go program whose map outlives its
// function. (A non-escaping map may get a stack bucket at B=0, which would
// change the layout of a fresh map.)
//
//go:noinline
func makeMap[K comparable, V any](hint int64) map[K]V {
	return make(map[K]V, hint)
}

// iteration is one open `for k, v := range m` of the script.
type iteration[K comparable, V any] struct {
	it      *hiter
	k       K    // the copy of the entry reached last
	v       V    // ...
	pending bool // the entry iter reached is not printed yet
	done    bool // the iteration is over
}

// capture copies the entry the iterator is on, as a range loop copies it
// into its variables before running the body.
func (st *iteration[K, V]) capture() {
	if st.it.key == nil {
		st.done = true
		return
	}
	st.k = *(*K)(st.it.key) // mapiternext already followed indirect keys/elems
	st.v = *(*V)(st.it.elem)
}

// restartAt repositions an iterator that mapiterinit has set up (and
// advanced to its random first entry) so that it walks from the given start
// bucket and slot offset instead, then advances it to its first entry there.
// These are exactly the fields mapiterinit derives from its random number
// and the walk state mapiternext keeps; checkBucket is recomputed by
// mapiternext whenever bptr is nil.
func restartAt(it *hiter, start, offset uint64) {
	it.startBucket = uintptr(start) & (uintptr(1)<<it.B - 1)
	it.offset = uint8(offset & (bucketCnt - 1))
	it.bucket = it.startBucket
	it.wrapped = false
	it.bptr = nil
	it.i = 0
	it.checkBucket = noCheck
	mapiternext(it)
}

// nilMapPanic runs an assignment and reports whether it panicked with Go's
// nil-map assignment panic. Any other panic is a bug and goes on.
func nilMapPanic(assign func()) (panicked bool) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(runtime.Error); ok && e.Error() == "assignment to entry in nil map" {
				panicked = true
				return
			}
			panic(r)
		}
	}()
	assign()
	return false
}

// checkHasher makes sure that the runtime hashes keys of this map type with
// the portable hash and the script's hashkey: the runtime's own hasher for
// the map type must agree with our port of hash64.go/alg.go.
func checkHasher[K comparable](t unsafe.Pointer, key [4]uint64, kc codec[K]) {
	for _, seed := range []uint32{0, 1, 0x9e3779b9, 0xffffffff} {
		for _, k := range kc.samples {
			k := k
			want, ok := kc.hash(&k, seed, &key)
			if !ok {
				continue
			}
			if got := runtimeHash(t, unsafe.Pointer(&k), seed); got != want {
				panic(fmt.Sprintf("gooracle: the runtime does not use the portable hash: hash(%s, seed %#x) = %#x, portable hash = %#x",
					kc.format(k), seed, got, want))
			}
		}
	}
}

// testHookStatement, when set (by the tests only), runs before every
// statement with the map's header: it is how a test makes the runtime throw
// in the middle of a script.
var testHookStatement func(h *hmap)

// execute runs a parsed script. It writes the trace to out, and flushes what
// each statement printed before the next one runs: should the runtime throw
// (a fatal error, which no recover stops), the trace up to that statement is
// already out.
func execute[K comparable, V any](h header, prog []stmt[K, V], kc codec[K], vc codec[V], out *bufio.Writer) {
	usePortableHash(h.hashkey)
	mt := mapTypeOf[map[K]V]()
	shape := shapeOf(unsafe.Sizeof(*new(K)), unsafe.Sizeof(*new(V)))
	checkMapType(mt, shape)
	checkHasher(mt, h.hashkey, kc)

	var m map[K]V
	if !h.nilMap {
		m = makeMap[K, V](h.hint)
		if h.hasSeed {
			hmapOf(m).hash0 = h.seed
		}
	}
	hp := hmapOf(m) // fixed for the map's life; nil for a nil map
	reseeds := uint32(0)
	// reseed applies our deterministic reseed rule after Go re-randomised
	// hash0 (a delete that emptied the map, or a clear of a non-empty map).
	reseed := func() {
		if h.hasSeed {
			reseeds++
			hp.hash0 = h.seed + reseeds*reseedStep
		}
	}
	const nilPanic = "panic: assignment to entry in nil map"
	var its [8]*iteration[K, V]

	for _, s := range prog {
		if out.Buffered() > 0 {
			out.Flush()
		}
		if testHookStatement != nil {
			testHookStatement(hp)
		}
		switch s.op {
		case opSet:
			if nilMapPanic(func() { m[s.k] = s.v }) {
				fmt.Fprintln(out, nilPanic)
				return
			}
		case opAdd:
			mi := any(m).(map[K]int64) // the parser allows add for int64 elements only
			if nilMapPanic(func() { mi[s.k] += s.n }) {
				fmt.Fprintln(out, nilPanic)
				return
			}
		case opGet:
			v, ok := m[s.k]
			fmt.Fprintf(out, "get %s = %s %t\n", kc.format(s.k), vc.format(v), ok)
		case opDel:
			before := len(m)
			delete(m, s.k)
			if before > 0 && len(m) == 0 {
				reseed()
			}
		case opLen:
			fmt.Fprintf(out, "len %d\n", len(m))
		case opClear:
			before := len(m)
			mapclear(mt, unsafe.Pointer(hp))
			if before > 0 {
				reseed()
			}
		case opDump:
			dump(out, hp, shape, kc, vc)
		case opLayout:
			layout(out, hp, shape, kc)
		case opIter:
			st := &iteration[K, V]{it: new(hiter), pending: true}
			its[s.it] = st // abandons the previous iteration @I, if any
			mapiterinit(mt, unsafe.Pointer(hp), st.it)
			if s.fixedStart && st.it.h != nil { // it.h is nil when the map was empty
				restartAt(st.it, s.start, s.offset)
			}
			st.capture()
		case opNext:
			st := its[s.it] // the parser made sure an iter @I came before
			switch {
			case st.done:
			case st.pending:
				st.pending = false
			default:
				mapiternext(st.it)
				st.capture()
			}
			if st.done {
				fmt.Fprintln(out, "next end")
			} else {
				fmt.Fprintf(out, "next %s = %s\n", kc.format(st.k), vc.format(st.v))
			}
		}
	}
	runtime.KeepAlive(m)
}

// Reading buckets. b points to a bucket laid out as bucketShape says.

func tophashAt(b unsafe.Pointer, i int) uint8 { return *(*uint8)(unsafe.Add(b, i)) }

func keyAt[K any](b unsafe.Pointer, s bucketShape, i int) K {
	p := unsafe.Add(b, dataOffset+uintptr(i)*s.keySlot)
	if s.indirectKey {
		p = *(*unsafe.Pointer)(p)
	}
	return *(*K)(p)
}

func elemAt[V any](b unsafe.Pointer, s bucketShape, i int) V {
	p := unsafe.Add(b, s.elemsAt+uintptr(i)*s.elemSlot)
	if s.indirectElem {
		p = *(*unsafe.Pointer)(p)
	}
	return *(*V)(p)
}

func overflowOf(b unsafe.Pointer, s bucketShape) unsafe.Pointer {
	return *(*unsafe.Pointer)(unsafe.Add(b, s.overflowAt))
}

// bucketArray is one bucket array of a map: the current one ("bucket") or,
// while growing, the old one ("old").
type bucketArray struct {
	name string
	base unsafe.Pointer
	n    uintptr
}

// oldB is the B of the old array while growing.
func oldB(h *hmap) uint8 {
	if h.flags&flagSameSize != 0 {
		return h.B
	}
	return h.B - 1
}

func arraysOf(h *hmap) []bucketArray {
	if h == nil || h.buckets == nil {
		return nil
	}
	a := []bucketArray{{"bucket", h.buckets, uintptr(1) << h.B}}
	if h.oldbuckets != nil {
		a = append(a, bucketArray{"old", h.oldbuckets, uintptr(1) << oldB(h)})
	}
	return a
}

// forEachBucket visits every bucket of a in index order, each followed by
// its overflow chain (chain = 0 for the bucket itself).
func forEachBucket(a bucketArray, s bucketShape, visit func(index uintptr, chain int, b unsafe.Pointer)) {
	for i := uintptr(0); i < a.n; i++ {
		b := unsafe.Add(a.base, i*s.size)
		for chain := 0; b != nil; chain++ {
			visit(i, chain, b)
			b = overflowOf(b, s)
		}
	}
}

// dump prints every live entry, read from the bucket arrays without
// iterating (an iteration would set the iterator flags and change later
// evacuations). While growing, entries not evacuated yet are the live slots
// of the old array; evacuated old slots carry evacuated* marks (< 5).
func dump[K comparable, V any](out *bufio.Writer, h *hmap, s bucketShape, kc codec[K], vc codec[V]) {
	var lines []string
	for _, a := range arraysOf(h) {
		forEachBucket(a, s, func(_ uintptr, _ int, b unsafe.Pointer) {
			for i := 0; i < bucketCnt; i++ {
				if tophashAt(b, i) >= minTopHash {
					lines = append(lines, "  "+kc.format(keyAt[K](b, s, i))+" = "+vc.format(elemAt[V](b, s, i)))
				}
			}
		})
	}
	if h != nil && len(lines) != h.count {
		panic(fmt.Sprintf("gooracle: dump found %d live slots but hmap.count is %d", len(lines), h.count))
	}
	sort.Strings(lines) // by the bytes of the line
	fmt.Fprintf(out, "dump %d\n", len(lines))
	for _, l := range lines {
		fmt.Fprintln(out, l)
	}
}

// layout prints the map's internal state as the spec's `layout` says.
func layout[K comparable](out *bufio.Writer, h *hmap, s bucketShape, kc codec[K]) {
	if h == nil {
		fmt.Fprintln(out, "layout B=0 count=0 noverflow=0 nevacuate=0 flags=0x00 oldB=-")
		return
	}
	ob := "-"
	if h.oldbuckets != nil {
		ob = fmt.Sprint(oldB(h))
	}
	fmt.Fprintf(out, "layout B=%d count=%d noverflow=%d nevacuate=%d flags=0x%02x oldB=%s\n",
		h.B, h.count, h.noverflow, h.nevacuate, h.flags, ob)
	var sb strings.Builder
	for _, a := range arraysOf(h) {
		forEachBucket(a, s, func(index uintptr, chain int, b unsafe.Pointer) {
			sb.Reset()
			if chain == 0 {
				fmt.Fprintf(&sb, "%s %d:", a.name, index)
			} else {
				fmt.Fprintf(&sb, "%s %d+%d:", a.name, index, chain)
			}
			for i := 0; i < bucketCnt; i++ {
				fmt.Fprintf(&sb, " %02x", tophashAt(b, i))
			}
			sb.WriteString(" |")
			for i := 0; i < bucketCnt; i++ {
				if tophashAt(b, i) >= minTopHash {
					sb.WriteString(" " + kc.format(keyAt[K](b, s, i)))
				} else {
					sb.WriteString(" _")
				}
			}
			fmt.Fprintln(out, sb.String())
		})
	}
}
