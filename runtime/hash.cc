#include "gomap/hash.h"

#include "gomap/internal/fastrand.h"

namespace gomap {
namespace hash_internal {
HashKey g_hashkey = kDefaultHashKey;
}  // namespace hash_internal

using namespace hash_internal;

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
