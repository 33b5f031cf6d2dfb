// The map benchmarks of ../map_bench.cc on Go 1.19's own map: the same six
// workloads, key types, sizes and inputs (the generator is described in
// ../workload.h). One benchmark iteration runs the whole workload over n
// keys, so ns/op here is per workload; ci/bench.sh divides by n.
//
// Names: BenchmarkMap/<workload>/<key>/<n>, as the C++ names without the
// implementation.
//
// String keys come in two forms. Go's faststr lookup and delete first ask
// whether the probe and the stored key are the same string object and then
// never read the bytes; a C++ map owns copies of its keys, so it always
// compares bytes. BenchmarkMap is the like-for-like form: the map holds
// its own copies of the keys (string([]byte(s))), probes are the input
// strings, and delete_all ends with runtime.GC(), since Go's delete frees
// nothing and its collector reclaims the keys later, where the C++ maps
// free them in the delete. BenchmarkMapSameStrings is the form Go's own
// benchmarks usually take: the map holds the very strings it is probed
// with, and nothing is collected.
//
//	go test -run '^$' -bench . -count 5
package bench

import (
	"fmt"
	"runtime"
	"strconv"
	"testing"
)

type splitMix64 struct{ state uint64 }

func (r *splitMix64) next() uint64 {
	r.state += 0x9e3779b97f4a7c15
	z := r.state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

const topBit = uint64(1) << 63

func keyNumbers(n int, present bool) []uint64 {
	r := splitMix64{2}
	if present {
		r.state = 1
	}
	out := make([]uint64, n)
	for i := range out {
		if present {
			out[i] = r.next() &^ topBit
		} else {
			out[i] = r.next() | topBit
		}
	}
	return out
}

func randomOrder(n int) []int {
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	r := splitMix64{3}
	for i := n - 1; i >= 1; i-- {
		j := int(r.next() % uint64(i+1))
		order[i], order[j] = order[j], order[i]
	}
	return order
}

type inputs[K comparable] struct {
	present, absent []K
	order           []int
}

func makeInputs[K comparable](n int, key func(uint64) K) *inputs[K] {
	in := &inputs[K]{order: randomOrder(n)}
	for _, k := range keyNumbers(n, true) {
		in.present = append(in.present, key(k))
	}
	for _, k := range keyNumbers(n, false) {
		in.absent = append(in.absent, key(k))
	}
	return in
}

func int64Key(k uint64) int64 { return int64(k) }

func stringKey(k uint64) string { return fmt.Sprintf("%016x", k) }

var sizes = []int{1000, 100000, 1000000}

// Keeps results alive, as benchmark::DoNotOptimize does.
var sink int64

// How a workload's map holds its keys and how a delete_all ends; see the
// top of the file. int64 keys take the plain form: there is nothing to copy,
// and their delete defers nothing to the collector.
type form struct {
	copies  bool // the map holds copies, not the keys it is probed with
	collect bool // delete_all ends with runtime.GC()
}

var (
	plain  = form{}
	copies = form{copies: true, collect: true}
)

// own returns a copy of k that shares no memory with it: for a string, new
// bytes, as a C++ map's copy of its key.
func own[K comparable](k K) K {
	if s, ok := any(k).(string); ok {
		return any(string([]byte(s))).(K)
	}
	return k
}

func filled[K comparable](in *inputs[K], f form) map[K]int64 {
	m := make(map[K]int64)
	for i, k := range in.present {
		if f.copies {
			k = own(k)
		}
		m[k] = int64(i)
	}
	return m
}

func insert[K comparable](b *testing.B, in *inputs[K], hint bool) {
	b.ResetTimer() // not the building of the inputs
	n := len(in.present)
	for it := 0; it < b.N; it++ {
		var m map[K]int64
		if hint {
			m = make(map[K]int64, n)
		} else {
			m = make(map[K]int64)
		}
		for i, k := range in.present {
			m[k] = int64(i)
		}
		sink += int64(len(m))
	}
}

func lookupHit[K comparable](b *testing.B, in *inputs[K], f form) {
	m := filled(in, f)
	b.ResetTimer()
	for it := 0; it < b.N; it++ {
		var sum int64
		for _, i := range in.order {
			sum += m[in.present[i]]
		}
		sink += sum
	}
}

func lookupMiss[K comparable](b *testing.B, in *inputs[K]) {
	m := filled(in, plain)
	b.ResetTimer()
	for it := 0; it < b.N; it++ {
		found := 0
		for _, k := range in.absent {
			if _, ok := m[k]; ok {
				found++
			}
		}
		if found != 0 {
			b.Fatal("an absent key was found")
		}
	}
}

// With f.collect, the collection that frees the deleted keys is timed too;
// its cost is spread over the n deletes like theirs. It also marks what
// the benchmark keeps alive (this size's inputs), which a C++ delete never
// pays for, and at n=1e3 a collection's fixed cost outweighs the deletes.
func deleteAll[K comparable](b *testing.B, in *inputs[K], f form) {
	for it := 0; it < b.N; it++ {
		b.StopTimer()
		m := filled(in, f)
		if f.collect {
			runtime.GC() // the fill's garbage is not the deletes' to collect
		}
		b.StartTimer()
		for _, i := range in.order {
			delete(m, in.present[i])
		}
		if len(m) != 0 {
			b.Fatal("the map is not empty after deleting every key")
		}
		if f.collect {
			runtime.GC()
		}
	}
}

func iterate[K comparable](b *testing.B, in *inputs[K], weight func(K) int64) {
	m := filled(in, plain)
	b.ResetTimer()
	for it := 0; it < b.N; it++ {
		var sum int64
		seen := 0
		for k, v := range m {
			sum += weight(k) + v
			seen++
		}
		if seen != len(in.present) {
			b.Fatal("the iteration did not visit every entry")
		}
		sink += sum
	}
}

// A workload: a name shared with the C++ benchmarks, and its body.
type workload[K comparable] struct {
	name string
	run  func(b *testing.B, in *inputs[K])
}

func workloads[K comparable](weight func(K) int64, f form) []workload[K] {
	return []workload[K]{
		{"insert_nohint", func(b *testing.B, in *inputs[K]) { insert(b, in, false) }},
		{"insert_hint", func(b *testing.B, in *inputs[K]) { insert(b, in, true) }},
		{"lookup_hit", func(b *testing.B, in *inputs[K]) { lookupHit(b, in, f) }},
		{"lookup_miss", lookupMiss[K]},
		{"delete_all", func(b *testing.B, in *inputs[K]) { deleteAll(b, in, f) }},
		{"iterate", func(b *testing.B, in *inputs[K]) { iterate(b, in, weight) }},
	}
}

// Inputs are built on first use and kept until a benchmark asks for
// another size. Only one size's are kept, so that a timed collection does
// not mark the other sizes' strings.
var int64Inputs = &inputCache[int64]{}
var stringInputs = &inputCache[string]{}

type inputCache[K comparable] struct{ in *inputs[K] }

func cached[K comparable](cache *inputCache[K], n int, key func(uint64) K) *inputs[K] {
	if cache.in == nil || len(cache.in.present) != n {
		cache.in = nil // let the old inputs go before the new ones are built
		cache.in = makeInputs(n, key)
		// The old inputs are garbage now: collect them here, untimed, not
		// in the background of the next measurement.
		runtime.GC()
	}
	return cache.in
}

func BenchmarkMap(b *testing.B) {
	ints := workloads(func(k int64) int64 { return k }, plain)
	strs := workloads(func(k string) int64 { return int64(len(k)) }, copies)
	for i := range ints {
		b.Run(ints[i].name, func(b *testing.B) {
			for _, n := range sizes {
				n := n
				b.Run("int64/"+strconv.Itoa(n), func(b *testing.B) {
					ints[i].run(b, cached(int64Inputs, n, int64Key))
				})
			}
			for _, n := range sizes {
				n := n
				b.Run("string/"+strconv.Itoa(n), func(b *testing.B) {
					strs[i].run(b, cached(stringInputs, n, stringKey))
				})
			}
		})
	}
}

// Go's shortcut form of the two string workloads where the forms differ.
func BenchmarkMapSameStrings(b *testing.B) {
	for _, w := range []workload[string]{
		{"lookup_hit", func(b *testing.B, in *inputs[string]) { lookupHit(b, in, plain) }},
		{"delete_all", func(b *testing.B, in *inputs[string]) { deleteAll(b, in, plain) }},
	} {
		w := w
		b.Run(w.name, func(b *testing.B) {
			for _, n := range sizes {
				b.Run("string/"+strconv.Itoa(n), func(b *testing.B) {
					w.run(b, cached(stringInputs, n, stringKey))
				})
			}
		})
	}
}
