// Go 1.19's portable hash functions (runtime/hash64.go and runtime/alg.go,
// the path Go takes when the CPU lacks AES instructions or useAeshash is
// off). With the same hashkey and seed they return the same 64-bit values
// Go does, which is what puts every key in the same bucket and slot.
#ifndef GOMAP_HASH_H_
#define GOMAP_HASH_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace gomap {

// The process-wide key of the portable memhash (runtime.hashkey). As in Go,
// it is filled from random bytes at start-up with each word forced odd
// (alginit); set_hashkey replaces it with any key, which is how a test or
// the harness makes hashes reproducible.
using HashKey = std::array<uint64_t, 4>;

// Not thread-safe to change while maps are in use, as in Go, where it is
// fixed before any map exists.
void set_hashkey(const HashKey& key);
const HashKey& hashkey();

// A Go string header: what a map bucket stores for a string key or elem.
struct GoString {
  const char* ptr;
  int64_t len;
};

namespace hash_internal {

inline constexpr uint64_t m1 = 0xa0761d6478bd642full;
inline constexpr uint64_t m2 = 0xe7037ed1a0b428dbull;
inline constexpr uint64_t m3 = 0x8ebc6af09c88c6e3ull;
inline constexpr uint64_t m4 = 0x589965cc75374cc3ull;
inline constexpr uint64_t m5 = 0x1d8e4e27c47d124full;

extern HashKey g_hashkey;

inline uint64_t mix(uint64_t a, uint64_t b) {
  unsigned __int128 p = static_cast<unsigned __int128>(a) * b;
  return static_cast<uint64_t>(p) ^ static_cast<uint64_t>(p >> 64);
}
inline uint64_t r4(const unsigned char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
inline uint64_t r8(const unsigned char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

// memhash's loop over strings longer than 16 bytes; seed already mixed.
uint64_t memhash_long(const unsigned char* p, uint64_t seed, size_t s);

}  // namespace hash_internal

// memhash(p, seed, s): the hash of s bytes at p. Inline up to 16 bytes: it is
// the string keys' hash, and most keys are short.
inline uint64_t memhash(const void* vp, uint64_t seed, size_t s) {
  using namespace hash_internal;
  const unsigned char* p = static_cast<const unsigned char*>(vp);
  uint64_t a, b;
  seed ^= g_hashkey[0] ^ m1;
  if (s == 0) return seed;
  if (s < 4) {
    a = p[0];
    a |= static_cast<uint64_t>(p[s >> 1]) << 8;
    a |= static_cast<uint64_t>(p[s - 1]) << 16;
    b = 0;
  } else if (s == 4) {
    a = r4(p);
    b = a;
  } else if (s < 8) {
    a = r4(p);
    b = r4(p + s - 4);
  } else if (s == 8) {
    a = r8(p);
    b = a;
  } else if (s <= 16) {
    a = r8(p);
    b = r8(p + s - 8);
  } else {
    return memhash_long(p, seed, s);
  }
  return mix(m5 ^ s, mix(a ^ m2, b ^ seed));
}

// memhash64: the 8-byte case, inlined because it is the int64 fast path.
inline uint64_t memhash64(const void* p, uint64_t seed) {
  using namespace hash_internal;
  uint64_t a = r8(static_cast<const unsigned char*>(p));
  return mix(m5 ^ 8, mix(a ^ m2, a ^ seed ^ g_hashkey[0] ^ m1));
}

inline uint64_t memhash32(const void* p, uint64_t seed) {
  using namespace hash_internal;
  uint64_t a = r4(static_cast<const unsigned char*>(p));
  return mix(m5 ^ 4, mix(a ^ m2, a ^ seed ^ g_hashkey[0] ^ m1));
}

// strhash: memhash of a string's bytes (p points at a GoString).
inline uint64_t strhash(const void* p, uint64_t seed) {
  const GoString* s = static_cast<const GoString*>(p);
  return memhash(s->ptr, seed, static_cast<size_t>(s->len));
}

// String equality (Go's strequal): same length and same bytes.
inline bool strequal(const void* a, const void* b) {
  const GoString* x = static_cast<const GoString*>(a);
  const GoString* y = static_cast<const GoString*>(b);
  if (x->len != y->len) return false;
  if (x->ptr == y->ptr) return true;
  size_t n = static_cast<size_t>(x->len);
  const unsigned char* p = reinterpret_cast<const unsigned char*>(x->ptr);
  const unsigned char* q = reinterpret_cast<const unsigned char*>(y->ptr);
  if (n >= 8 && n <= 16) {
    // Two overlapping words cover the string: no call for the common short keys.
    using hash_internal::r8;
    return ((r8(p) ^ r8(q)) | (r8(p + n - 8) ^ r8(q + n - 8))) == 0;
  }
  return n == 0 || std::memcmp(p, q, n) == 0;
}

// f64hash: +0 and -0 hash alike (they are equal keys); every NaN hashes to a
// fresh random value, so NaN entries spread instead of piling into one chain.
uint64_t f64hash(const void* p, uint64_t seed);

}  // namespace gomap

#endif  // GOMAP_HASH_H_
