package main

// An independent port of Go 1.19's portable (non-AES) hash functions, from
// runtime/hash64.go (memhashFallback, memhash64Fallback, mix) and
// runtime/alg.go (strhashFallback, f64hash). The oracle uses it only to
// check that the real runtime really hashes with the portable hash and the
// script's hashkey (see checkHasher); the tests use it to predict where each
// key must sit in a layout dump.

import (
	"encoding/binary"
	"math"
	"math/bits"
)

// The wyhash-style multipliers of hash64.go (m1..m5).
const (
	hm1 = 0xa0761d6478bd642f
	hm2 = 0xe7037ed1a0b428db
	hm3 = 0x8ebc6af09c88c6e3
	hm4 = 0x589965cc75374cc3
	hm5 = 0x1d8e4e27c47d124f
)

// alg.go's c0 and c1 for 64-bit pointers; f64hash hashes ±0 with them alone.
const (
	hc0 = 33054211828000289
	hc1 = 23344194077549503
)

// defaultHashkey is the op-script's default runtime.hashkey.
var defaultHashkey = [4]uint64{0x243f6a8885a308d3, 0x13198a2e03707345, 0xa4093822299f31d1, 0x082efa98ec4e6c89}

func hmix(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return hi ^ lo
}

func r8(p []byte) uint64 { return binary.LittleEndian.Uint64(p) }
func r4(p []byte) uint64 { return uint64(binary.LittleEndian.Uint32(p)) }

// portMemhash is memhashFallback(p, seed, len(p)).
func portMemhash(p []byte, seed uint64, key *[4]uint64) uint64 {
	s := uint64(len(p))
	var a, b uint64
	seed ^= key[0] ^ hm1
	switch {
	case s == 0:
		return seed
	case s < 4:
		a = uint64(p[0])
		a |= uint64(p[s>>1]) << 8
		a |= uint64(p[s-1]) << 16
	case s == 4:
		a = r4(p)
		b = a
	case s < 8:
		a = r4(p)
		b = r4(p[s-4:])
	case s == 8:
		a = r8(p)
		b = a
	case s <= 16:
		a = r8(p)
		b = r8(p[s-8:])
	default:
		// o is the read position (memhashFallback's advancing p); the
		// final two reads may reach back before it, overlapping bytes
		// already mixed.
		l, o := s, uint64(0)
		if l > 48 {
			seed1, seed2 := seed, seed
			for ; l > 48; l -= 48 {
				seed = hmix(r8(p[o:])^hm2, r8(p[o+8:])^seed)
				seed1 = hmix(r8(p[o+16:])^hm3, r8(p[o+24:])^seed1)
				seed2 = hmix(r8(p[o+32:])^hm4, r8(p[o+40:])^seed2)
				o += 48
			}
			seed ^= seed1 ^ seed2
		}
		for ; l > 16; l -= 16 {
			seed = hmix(r8(p[o:])^hm2, r8(p[o+8:])^seed)
			o += 16
		}
		a = r8(p[o+l-16:])
		b = r8(p[o+l-8:])
	}
	return hmix(hm5^s, hmix(a^hm2, b^seed))
}

// portMemhash64 is memhash64Fallback: the hasher of map[int64]V.
func portMemhash64(v uint64, seed uint64, key *[4]uint64) uint64 {
	return hmix(hm5^8, hmix(v^hm2, v^seed^key[0]^hm1))
}

// portStrhash is strhashFallback: the hasher of map[string]V.
func portStrhash(s string, seed uint64, key *[4]uint64) uint64 {
	return portMemhash([]byte(s), seed, key)
}

// portF64hash is f64hash, the hasher of map[float64]V. ok is false for a
// NaN, whose hash is random (c1 * (c0 ^ h ^ fastrand())).
func portF64hash(f float64, seed uint64, key *[4]uint64) (h uint64, ok bool) {
	switch {
	case f == 0: // +0 and -0
		return hc1 * (hc0 ^ seed), true
	case f != f:
		return 0, false
	default:
		var b [8]byte
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(f))
		return portMemhash(b[:], seed, key), true
	}
}

// portBighash is the compiler-generated hasher of [18]uint64, a
// regular-memory type: memhash(p, h, 144).
func portBighash(v *[18]uint64, seed uint64, key *[4]uint64) uint64 {
	var b [144]byte
	for i, w := range v {
		binary.LittleEndian.PutUint64(b[8*i:], w)
	}
	return portMemhash(b[:], seed, key)
}

// topHash is runtime.tophash: the hash's top byte, moved past the marks.
func topHash(h uint64) uint8 {
	t := uint8(h >> 56)
	if t < 5 {
		t += 5
	}
	return t
}
