// The map benchmarks of ../map_bench.cc on Go 1.19's own map: the same six
// workloads, key types, sizes and inputs (the generator is described in
// ../workload.h). One benchmark iteration runs the whole workload over n
// keys, so ns/op here is per workload; ci/bench.sh divides by n.
//
// Names: BenchmarkMap/<workload>/<key>/<n>, as the C++ names without the
// implementation.
//
//	go test -run '^$' -bench . -count 5
package bench

import (
	"fmt"
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

func filled[K comparable](in *inputs[K]) map[K]int64 {
	m := make(map[K]int64)
	for i, k := range in.present {
		m[k] = int64(i)
	}
	return m
}

func insert[K comparable](b *testing.B, in *inputs[K], hint bool) {
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

func lookupHit[K comparable](b *testing.B, in *inputs[K]) {
	m := filled(in)
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
	m := filled(in)
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

func deleteAll[K comparable](b *testing.B, in *inputs[K]) {
	for it := 0; it < b.N; it++ {
		b.StopTimer()
		m := filled(in)
		b.StartTimer()
		for _, i := range in.order {
			delete(m, in.present[i])
		}
		if len(m) != 0 {
			b.Fatal("the map is not empty after deleting every key")
		}
	}
}

func iterate[K comparable](b *testing.B, in *inputs[K], weight func(K) int64) {
	m := filled(in)
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

func workloads[K comparable](weight func(K) int64) []workload[K] {
	return []workload[K]{
		{"insert_nohint", func(b *testing.B, in *inputs[K]) { insert(b, in, false) }},
		{"insert_hint", func(b *testing.B, in *inputs[K]) { insert(b, in, true) }},
		{"lookup_hit", lookupHit[K]},
		{"lookup_miss", lookupMiss[K]},
		{"delete_all", deleteAll[K]},
		{"iterate", func(b *testing.B, in *inputs[K]) { iterate(b, in, weight) }},
	}
}

// Inputs are built on first use and kept, as the C++ side does.
var int64Inputs = map[int]*inputs[int64]{}
var stringInputs = map[int]*inputs[string]{}

func cached[K comparable](cache map[int]*inputs[K], n int, key func(uint64) K) *inputs[K] {
	if in, ok := cache[n]; ok {
		return in
	}
	in := makeInputs(n, key)
	cache[n] = in
	return in
}

func BenchmarkMap(b *testing.B) {
	ints := workloads(func(k int64) int64 { return k })
	strs := workloads(func(k string) int64 { return int64(len(k)) })
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
