#include "gomap/hash.h"

#include <random>

#include "gomap/internal/fastrand.h"

namespace gomap {
namespace hash_internal {
namespace {
HashKey random_hashkey() {
  std::random_device rd;
  HashKey k;
  for (uint64_t& w : k) w = ((static_cast<uint64_t>(rd()) << 32) | rd()) | 1;
  return k;
}
}  // namespace
HashKey g_hashkey = random_hashkey();
}  // namespace hash_internal

using namespace hash_internal;

uint64_t hash_internal::memhash_long(const unsigned char* p, uint64_t seed, size_t s) {
  size_t l = s;
  if (l > 48) {
    uint64_t seed1 = seed, seed2 = seed;
    for (; l > 48; l -= 48) {
      seed = mix(r8(p) ^ m2, r8(p + 8) ^ seed);
      seed1 = mix(r8(p + 16) ^ m3, r8(p + 24) ^ seed1);
      seed2 = mix(r8(p + 32) ^ m4, r8(p + 40) ^ seed2);
      p += 48;
    }
    seed ^= seed1 ^ seed2;
  }
  for (; l > 16; l -= 16) {
    seed = mix(r8(p) ^ m2, r8(p + 8) ^ seed);
    p += 16;
  }
  uint64_t a = r8(p + l - 16);
  uint64_t b = r8(p + l - 8);
  return mix(m5 ^ s, mix(a ^ m2, b ^ seed));
}

void set_hashkey(const HashKey& key) { g_hashkey = key; }
const HashKey& hashkey() { return g_hashkey; }

// Go's c0/c1 for 64-bit pointers (runtime/alg.go).
static constexpr uint64_t c0 = 33054211828000289ull;
static constexpr uint64_t c1 = 23344194077549503ull;

uint64_t f64hash(const void* p, uint64_t seed) {
  double f;
  std::memcpy(&f, p, 8);
  if (f == 0) return c1 * (c0 ^ seed);
  if (f != f) return c1 * (c0 ^ seed ^ internal::fastrand());
  return memhash(p, seed, 8);
}

}  // namespace gomap
