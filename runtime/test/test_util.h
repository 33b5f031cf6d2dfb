// Helpers shared by the runtime's unit tests.
//
// Expected values in these tests never come from the code under test: hash
// values come from Go 1.19 itself (hash_test.cc's tables), and everything
// derived from them here (tophash, bucket index, Go's fastrand) is computed
// again independently, from Go's definitions.
#ifndef GOMAP_RUNTIME_TEST_TEST_UTIL_H_
#define GOMAP_RUNTIME_TEST_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "gomap/fatal.h"
#include "gomap/hash.h"
#include "gomap/internal/fastrand.h"
#include "gomap/map.h"
#include "gomap/runtime.h"
#include "gomap/testing.h"
#include "gomap/yield.h"

namespace gomap_test {

using IntMap = gomap::Map<int64_t, int64_t>;

// A 144-byte value, over maxKeySize and maxElemSize: Go stores such keys and
// elems indirectly. Every word holds the same number.
struct Big {
  uint64_t w[18];
  static Big of(int64_t v) {
    Big b;
    for (auto& x : b.w) x = static_cast<uint64_t>(v);
    return b;
  }
  friend bool operator==(const Big& a, const Big& b) {
    return std::memcmp(a.w, b.w, sizeof a.w) == 0;
  }
};
inline constexpr gomap::TypeDesc kBigType{sizeof(Big), gomap::TypeAlg::kMem, false};

// Go's tophash (map.go): the hash's top byte, moved above the state marks.
// Written out here rather than taken from hmap.h, so a wrong constant there
// cannot make a test agree with itself.
inline uint8_t go_tophash(uint64_t hash) {
  uint8_t top = static_cast<uint8_t>(hash >> 56);
  if (top < 5) top += 5;
  return top;
}

// Go 1.19's fastrand on 64-bit targets (wyrand, runtime/stubs.go): the value
// the runtime returns after seed_fastrand(seed), advancing seed.
inline uint32_t go_fastrand(uint64_t& state) {
  state += 0xa0761d6478bd642full;
  unsigned __int128 p = static_cast<unsigned __int128>(state) * (state ^ 0xe7037ed1a0b428dbull);
  return static_cast<uint32_t>(static_cast<uint64_t>(p) ^ static_cast<uint64_t>(p >> 64));
}
inline uint32_t first_fastrand(uint64_t seed) { return go_fastrand(seed); }

inline uint64_t hash_int(int64_t k, uint32_t hash0) { return gomap::memhash64(&k, hash0); }

// n distinct int64 keys, counting up from `from`, whose hash under hash0
// satisfies (hash & mask) == want: keys that land in one chosen bucket.
inline std::vector<int64_t> keys_where(uint32_t hash0, uint64_t mask, uint64_t want, size_t n,
                                       int64_t from = 1) {
  std::vector<int64_t> out;
  for (int64_t k = from; out.size() < n; k++) {
    if ((hash_int(k, hash0) & mask) == want) out.push_back(k);
  }
  return out;
}

inline int64_t as_int(const void* p) {
  int64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

template <class K, class V>
gomap::MapView view(const gomap::Map<K, V>& m) {
  return gomap::inspect(gomap::Map<K, V>::type(), m.raw());
}

// check_invariants as a gtest assertion.
template <class K, class V>
::testing::AssertionResult Clean(const gomap::Map<K, V>& m) {
  auto err = gomap::check_invariants(gomap::Map<K, V>::type(), m.raw());
  if (!err) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "check_invariants: " << *err;
}

// A B=2 map (hint 26) seeded with `seed` whose 4 buckets each hold 9
// entries then lose 5: every chain has an overflow bucket, noverflow is 4,
// and the next insert of a new key starts a same-size grow.
inline IntMap sparse_chains_map(uint32_t seed) {
  IntMap m(26);
  gomap::set_hash0(m.raw(), seed);
  for (uint64_t j = 0; j < 4; j++) {
    auto ks = keys_where(seed, 3, j, 9, 1);
    for (int64_t k : ks) m.set(k, k);
    for (int i = 0; i < 5; i++) m.erase(ks[i]);
  }
  return m;
}

// Every test leaves the process as it found it: the same hashkey, no fatal
// handler, no yield hook, even when an assertion fails mid-test.
class RuntimeTest : public ::testing::Test {
 protected:
  void TearDown() override {
    gomap::set_hashkey(hashkey_);
    gomap::set_fatal_handler(nullptr);
    gomap::set_yield_hook(nullptr, nullptr);
  }

 private:
  gomap::HashKey hashkey_ = gomap::hashkey();
};

}  // namespace gomap_test

#endif  // GOMAP_RUNTIME_TEST_TEST_UTIL_H_
