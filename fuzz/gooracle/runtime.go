package main

// Access to the Go 1.19 runtime map internals.
//
// The structs below mirror, field for field, the runtime's own definitions in
// $GOROOT/src/runtime/map.go (hmap, hiter) and type.go (_type, maptype) of
// Go 1.19 on a 64-bit target. They are only ever reached through unsafe
// pointers to memory that the runtime owns; checkMapType verifies the parts
// of the type descriptor that the layout code depends on.

import (
	"fmt"
	"unsafe"
)

// Package runtime variables (alg.go). useAeshash selects the AES hash on CPUs
// that have it; with it false, memhash/memhash64/strhash (asm_amd64.s) jump
// to their portable fallbacks, which read hashkey.
//
//go:linkname useAeshash runtime.useAeshash
var useAeshash bool

//go:linkname hashkey runtime.hashkey
var hashkey [4]uintptr

// Runtime map functions, called with the *maptype taken from the map's
// interface type word and the *hmap the map value points to.

//go:linkname mapiterinit runtime.mapiterinit
func mapiterinit(t unsafe.Pointer, h unsafe.Pointer, it *hiter)

//go:linkname mapiternext runtime.mapiternext
func mapiternext(it *hiter)

// mapclear is what Go 1.19 compiles `for k := range m { delete(m, k) }` to
// (and what Go 1.21's clear(m) runs).
//
//go:linkname mapclear runtime.mapclear
func mapclear(t unsafe.Pointer, h unsafe.Pointer)

// Constants of map.go.
const (
	bucketCnt       = 8
	dataOffset      = 8 // unsafe.Offsetof of the first key: tophash [8]uint8, 8-aligned
	minTopHash      = 5
	hashWritingFlag = 4 // hashWriting
	flagSameSize    = 8 // sameSizeGrow
	maxInlineSize   = 128
	noCheck         = ^uintptr(0)
	hiterSizeWords  = 12 // mapiterinit throws unless sizeof(hiter) is 12 words
)

// hmap mirrors runtime.hmap.
type hmap struct {
	count      int    // count: live cells; first (len() reads it)
	flags      uint8  // flags: iterator=1 oldIterator=2 hashWriting=4 sameSizeGrow=8
	B          uint8  // B: log2 of the number of buckets
	noverflow  uint16 // noverflow: (approximate) number of overflow buckets
	hash0      uint32 // hash0: the per-map hash seed
	buckets    unsafe.Pointer
	oldbuckets unsafe.Pointer // non-nil only while growing
	nevacuate  uintptr        // old buckets below this are evacuated
	extra      unsafe.Pointer // *mapextra
}

// hiter mirrors runtime.hiter. Its pointer fields are at the same offsets as
// the runtime's, so the garbage collector scans it correctly.
type hiter struct {
	key         unsafe.Pointer // nil when the iteration is over
	elem        unsafe.Pointer
	t           unsafe.Pointer // *maptype
	h           unsafe.Pointer // *hmap
	buckets     unsafe.Pointer // bucket array at mapiterinit time
	bptr        unsafe.Pointer // current bucket
	overflow    unsafe.Pointer // *[]*bmap, keeps overflow buckets alive
	oldoverflow unsafe.Pointer
	startBucket uintptr
	offset      uint8 // slot offset the walk of every bucket starts from
	wrapped     bool
	B           uint8
	i           uint8
	bucket      uintptr
	checkBucket uintptr
}

var _ [hiterSizeWords * 8]byte = [unsafe.Sizeof(hiter{})]byte{}

// rtype mirrors runtime._type.
type rtype struct {
	size       uintptr
	ptrdata    uintptr
	hash       uint32
	tflag      uint8
	align      uint8
	fieldAlign uint8
	kind       uint8
	equal      func(unsafe.Pointer, unsafe.Pointer) bool
	gcdata     *byte
	str        int32
	ptrToThis  int32
}

// maptype mirrors runtime.maptype.
type maptype struct {
	typ        rtype
	key        *rtype
	elem       *rtype
	bucket     *rtype
	hasher     func(unsafe.Pointer, uintptr) uintptr
	keysize    uint8  // size of a key slot (8, a pointer, when indirect)
	elemsize   uint8  // size of an elem slot
	bucketsize uint16 // size of a bucket
	flags      uint32 // 1 indirectkey, 2 indirectelem, 4 reflexivekey, 8 needkeyupdate
}

// eface mirrors runtime.eface, the layout of an interface{} value.
type eface struct {
	typ  unsafe.Pointer
	data unsafe.Pointer
}

// mapTypeOf returns the runtime *maptype of the map type M.
func mapTypeOf[M any]() unsafe.Pointer {
	var m M
	x := any(m)
	return (*eface)(unsafe.Pointer(&x)).typ
}

// hmapOf returns the *hmap a map value points to (nil for a nil map).
func hmapOf[K comparable, V any](m map[K]V) *hmap {
	return *(**hmap)(unsafe.Pointer(&m))
}

// bucketShape is where things are inside one bucket, computed as the
// compiler does (reflectdata.MapBucketType): tophash [8]uint8, 8 key slots,
// 8 elem slots, then the overflow pointer. A key or elem over 128 bytes is
// stored as a pointer to it. All our key and elem types are 8-aligned, so
// there is no padding.
type bucketShape struct {
	keySlot, elemSlot   uintptr
	indirectKey         bool
	indirectElem        bool
	elemsAt, overflowAt uintptr
	size                uintptr
}

func shapeOf(keySize, elemSize uintptr) bucketShape {
	s := bucketShape{keySlot: keySize, elemSlot: elemSize}
	if keySize > maxInlineSize {
		s.keySlot, s.indirectKey = 8, true
	}
	if elemSize > maxInlineSize {
		s.elemSlot, s.indirectElem = 8, true
	}
	s.elemsAt = dataOffset + bucketCnt*s.keySlot
	s.overflowAt = s.elemsAt + bucketCnt*s.elemSlot
	s.size = s.overflowAt + 8
	return s
}

// checkMapType makes sure the runtime's type descriptor agrees with the
// bucket shape the layout code assumes.
func checkMapType(t unsafe.Pointer, s bucketShape) {
	mt := (*maptype)(t)
	ok := uintptr(mt.keysize) == s.keySlot && uintptr(mt.elemsize) == s.elemSlot &&
		uintptr(mt.bucketsize) == s.size && mt.bucket.size == s.size &&
		(mt.flags&1 != 0) == s.indirectKey && (mt.flags&2 != 0) == s.indirectElem
	if !ok {
		panic(fmt.Sprintf("gooracle: runtime maptype disagrees with the Go 1.19 bucket layout: keysize=%d elemsize=%d bucketsize=%d flags=%#x, expected %+v",
			mt.keysize, mt.elemsize, mt.bucketsize, mt.flags, s))
	}
}

// runtimeHash calls the map type's own hasher, i.e. what the runtime uses
// to place a key.
func runtimeHash(t unsafe.Pointer, key unsafe.Pointer, seed uint32) uint64 {
	return uint64((*maptype)(t).hasher(key, uintptr(seed)))
}

// usePortableHash switches the runtime to the portable hash with the given
// hashkey. The switch is process-wide: any Go map alive across it (none in
// this program) would no longer find its keys.
func usePortableHash(key [4]uint64) {
	useAeshash = false
	for i, w := range key {
		hashkey[i] = uintptr(w)
	}
}

// hashSettings are the runtime's process-wide hash choices.
type hashSettings struct {
	aes bool
	key [4]uintptr
}

func saveHash() hashSettings { return hashSettings{useAeshash, hashkey} }

// restoreHash puts back what saveHash saw. Package-level maps made at
// initialisation (unicode's tables, say) were hashed with those settings.
func restoreHash(s hashSettings) {
	useAeshash = s.aes
	hashkey = s.key
}
