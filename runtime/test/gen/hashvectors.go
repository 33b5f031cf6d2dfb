//go:build ignore

// Generates the expected hash values of runtime/test/hash_test.cc from the
// real Go 1.19 runtime: its portable hash (useAeshash=false) keyed with
// fixed hashkeys, called through the runtime's own memhash, memhash64,
// strhash and f64hash.
//
// Run from this directory (offline; no module needed, the build tag keeps
// the file out of every other build):
//
//	GOPROXY=off /usr/lib/go-1.19/bin/go run hashvectors.go > /tmp/hv.out
//
// and paste the five sections of the output into the tables of
// hash_test.cc (the "---- name" lines separate them).
package main

import (
	"fmt"
	"math"
	"unsafe"
)

//go:linkname useAeshash runtime.useAeshash
var useAeshash bool

//go:linkname hashkey runtime.hashkey
var hashkey [4]uintptr

//go:linkname memhash runtime.memhash
func memhash(p unsafe.Pointer, h, s uintptr) uintptr

//go:linkname memhash64 runtime.memhash64
func memhash64(p unsafe.Pointer, h uintptr) uintptr

//go:linkname memhash32 runtime.memhash32
func memhash32(p unsafe.Pointer, h uintptr) uintptr

//go:linkname strhash runtime.strhash
func strhash(p unsafe.Pointer, h uintptr) uintptr

//go:linkname f64hash runtime.f64hash
func f64hash(p unsafe.Pointer, h uintptr) uintptr

// The hashkeys: the port's default (the op-script default), small odd words,
// all zero, and words with the high bits set.
var hashkeys = [][4]uintptr{
	{0x243f6a8885a308d3, 0x13198a2e03707345, 0xa4093822299f31d1, 0x082efa98ec4e6c89},
	{0x1, 0x3, 0x5, 0x7},
	{0, 0, 0, 0},
	{0xfedcba9876543211, 0x0123456789abcdef, 0x8000000000000001, 0xffffffffffffffff},
}

var seeds = []uintptr{0, 1, 0x9e3779b9, 0xffffffff}

var memSizes = []int{0, 1, 3, 4, 5, 8, 9, 16, 17, 33, 48, 49, 100, 144}

var u32s = []uint32{0, 1, 0x89abcdef, 0xffffffff}

var u64s = []uint64{0, 1, 0x0123456789abcdef, 0xffffffffffffffff, 1 << 63}

var strs = []string{"", "a", "go", "map", "hello", "hello, world!", "0123456789abcdef",
	"the quick brown fox jumps over the lazy dog, twice: the quick brown fox jumps over the lazy dog"}

var f64s = []float64{0, math.Copysign(0, -1), 1, -2.5, math.Inf(1), math.Inf(-1), 1e300, 5e-324}

// membytes is the buffer memhash reads: byte i is (i*131 + 7) mod 256, the
// same formula the C++ test uses.
func membytes(n int) []byte {
	b := make([]byte, n+1) // +1: never pass a nil pointer for n == 0
	for i := range b {
		b[i] = byte(i*131 + 7)
	}
	return b
}

func main() {
	useAeshash = false
	for ki, k := range hashkeys {
		hashkey = k
		for _, seed := range seeds {
			for _, n := range memSizes {
				b := membytes(n)
				fmt.Printf("    {%d, %#x, %d, %#016xull},\n", ki, seed, n, memhash(unsafe.Pointer(&b[0]), seed, uintptr(n)))
			}
		}
	}
	fmt.Println("---- memhash64")
	for ki, k := range hashkeys {
		hashkey = k
		for _, seed := range seeds {
			for _, v := range u64s {
				v := v
				fmt.Printf("    {%d, %#x, %#xull, %#016xull},\n", ki, seed, v, memhash64(unsafe.Pointer(&v), seed))
			}
		}
	}
	fmt.Println("---- memhash32")
	for ki, k := range hashkeys {
		hashkey = k
		for _, seed := range seeds {
			for _, v := range u32s {
				v := v
				fmt.Printf("    {%d, %#x, %#xu, %#016xull},\n", ki, seed, v, memhash32(unsafe.Pointer(&v), seed))
			}
		}
	}
	fmt.Println("---- strhash")
	for ki, k := range hashkeys {
		hashkey = k
		for _, seed := range seeds {
			for si, s := range strs {
				s := s
				fmt.Printf("    {%d, %#x, %d, %#016xull},\n", ki, seed, si, strhash(unsafe.Pointer(&s), seed))
			}
		}
	}
	fmt.Println("---- f64hash")
	for ki, k := range hashkeys {
		hashkey = k
		for _, seed := range seeds {
			for fi, f := range f64s {
				f := f
				fmt.Printf("    {%d, %#x, %d, %#016xull},\n", ki, seed, fi, f64hash(unsafe.Pointer(&f), seed))
			}
		}
	}
}
