// mapclear: what Go 1.19 compiles `for k := range m { delete(m, k) }` to. It
// keeps B and the bucket array, drops any grow in progress, reseeds, and
// (one step past 1.19, as Go does since golang/go#59411) leaves nothing for
// an iteration that is still open to produce.

#include <cmath>
#include <limits>

#include "test_util.h"

namespace gomap_test {
namespace {

using Clear = RuntimeTest;

const double kNaN = std::numeric_limits<double>::quiet_NaN();

void ExpectAllEmpty(const gomap::MapView& v) {
  for (size_t b = 0; b < v.buckets.size(); b++) {
    ASSERT_EQ(v.buckets[b].size(), 1u) << "bucket " << b << " kept an overflow chain";
    for (uint8_t th : v.buckets[b][0].tophash) EXPECT_EQ(th, 0) << "bucket " << b;
  }
}

TEST_F(Clear, DuringADoublingGrow) {
  IntMap m(52);
  gomap::set_hash0(m.raw(), 0xc1ea);
  for (int64_t k = 1; k <= 53; k++) m.set(k, k);  // the 53rd starts 3→4
  auto before = view(m);
  ASSERT_EQ(before.B, 4);
  ASSERT_EQ(before.oldB, 3);
  ASSERT_GT(before.nevacuate, 0u);

  gomap::seed_fastrand(31337);
  m.clear();
  auto v = view(m);
  EXPECT_EQ(v.count, 0);
  EXPECT_EQ(v.B, 4) << "clear keeps B";
  EXPECT_EQ(v.oldB, -1) << "clear drops the old buckets";
  EXPECT_TRUE(v.oldbuckets.empty());
  EXPECT_EQ(v.nevacuate, 0u);
  EXPECT_EQ(v.noverflow, 0);
  EXPECT_EQ(v.flags, 0);
  EXPECT_EQ(v.hash0, first_fastrand(31337)) << "reseeded with one fastrand";
  ASSERT_EQ(v.buckets.size(), 16u);
  ExpectAllEmpty(v);
  EXPECT_TRUE(Clean(m));
  for (int64_t k = 1; k <= 53; k++) EXPECT_FALSE(m.contains(k));

  // Usable afterwards, through further grows.
  for (int64_t k = 0; k < 300; k++) m.set(k, k * k);
  for (int64_t k = 0; k < 300; k++) EXPECT_EQ(m.get(k), k * k);
  EXPECT_EQ(view(m).B, 6);
  EXPECT_TRUE(Clean(m));
}

TEST_F(Clear, DuringASameSizeGrow) {
  // The sparse-chains construction of grow_test.cc: 4 overflow buckets for
  // 16 entries in a B=2 map, then one insert starts a same-size grow.
  const uint32_t seed = 0x51debeef;
  IntMap m = sparse_chains_map(seed);
  m.set(keys_where(seed, 3, 3, 1, 100000)[0], 1);
  ASSERT_EQ(view(m).flags, gomap::kSameSizeGrow);
  m.clear();
  auto v = view(m);
  EXPECT_EQ(v.flags, 0) << "sameSizeGrow cleared";
  EXPECT_EQ(v.B, 2);
  EXPECT_EQ(v.oldB, -1);
  EXPECT_EQ(v.noverflow, 0);
  EXPECT_EQ(v.nevacuate, 0u);
  ExpectAllEmpty(v);
  EXPECT_TRUE(Clean(m));
  for (int64_t k = 0; k < 20; k++) m.set(k, k);
  EXPECT_EQ(m.size(), 20);
  EXPECT_TRUE(Clean(m));
}

TEST_F(Clear, KeepsTheArrayAndItsPreallocatedOverflow) {
  // makeBucketArray(dirty) clears the array in place and hands out its
  // preallocated overflow buckets again. B=4 with 144-byte buckets has 2 of
  // them, at array indices 16 and 17 (see makemap_test.cc).
  const uint32_t seed = 0xab;
  IntMap m(100);
  auto fill = [&] {
    gomap::set_hash0(m.raw(), seed);
    for (int64_t k : keys_where(seed, 15, 0, 25)) m.set(k, k);
  };
  fill();
  auto v1 = view(m);
  ASSERT_EQ(v1.buckets[0].size(), 4u);
  const char* base1 = static_cast<const char*>(v1.buckets[0][0].keys[0]) - 8;
  m.clear();
  EXPECT_EQ(view(m).noverflow, 0);
  fill();
  auto v2 = view(m);
  ASSERT_EQ(v2.buckets[0].size(), 4u);
  const char* base2 = static_cast<const char*>(v2.buckets[0][0].keys[0]) - 8;
  EXPECT_EQ(base2, base1) << "the bucket array is kept";
  EXPECT_EQ(static_cast<const char*>(v2.buckets[0][1].keys[0]), base2 + 16 * 144 + 8);
  EXPECT_EQ(static_cast<const char*>(v2.buckets[0][2].keys[0]), base2 + 17 * 144 + 8);
  EXPECT_EQ(v2.noverflow, 3);
  EXPECT_TRUE(Clean(m));
}

TEST_F(Clear, EmptyAndNilMapsAreUntouched) {
  // Go returns at once when count == 0: no reseed.
  IntMap m;
  gomap::set_hash0(m.raw(), 5);
  m.clear();
  EXPECT_EQ(view(m).hash0, 5u);
  m.set(1, 1);
  m.erase(1);  // reseeds (delete to empty)
  uint32_t h = view(m).hash0;
  m.clear();
  EXPECT_EQ(view(m).hash0, h);
  IntMap nil = IntMap::nil();
  nil.clear();
  EXPECT_TRUE(nil.is_nil());
}

TEST_F(Clear, RemovesNaNs) {
  // NaN entries cannot be deleted one by one; clear is the only way out.
  gomap::Map<double, int64_t> m;
  for (int i = 0; i < 20; i++) m.set(kNaN, i);
  m.set(1.5, 1);
  ASSERT_EQ(m.size(), 21);
  m.clear();
  EXPECT_EQ(m.size(), 0);
  int n = 0;
  for (auto kv : m) (void)kv, n++;
  EXPECT_EQ(n, 0);
  EXPECT_FALSE(m.contains(1.5));
  EXPECT_TRUE(Clean(m));
}

// golang/go#59411: an iteration opened before a grow, still open when the
// map is cleared, must produce nothing more. In 1.19 it went on walking its
// (old) bucket array, which mapclear did not touch, and produced the
// entries still there: NaNs, and anything not yet evacuated.
template <class K>
void IteratorOpenAcrossClear(K (*key)(int64_t)) {
  gomap::Map<K, int64_t> m;
  gomap::set_hash0(m.raw(), 0x59411);
  gomap::seed_fastrand(59411);
  for (int64_t i = 0; i < 26; i++) m.set(key(i), i);  // B=2, full
  auto it = m.begin();
  ASSERT_FALSE(it == m.end());
  ++it;
  m.set(key(1000), 1000);  // the 27th starts a grow 2→3 under the iteration
  ASSERT_GE(view(m).oldB, 0);
  m.clear();
  EXPECT_TRUE(Clean(m));
  // (The typed iterator copied its current entry before the clear; count
  // what the iteration produces from here on.)
  int more = 0;
  for (++it; !(it == m.end()); ++it) more++;
  EXPECT_EQ(more, 0) << "entries produced after clear";
}

TEST_F(Clear, OpenIteratorProducesNothingMoreNaN) {
  IteratorOpenAcrossClear<double>(+[](int64_t i) { return i % 2 ? kNaN : double(i); });
}

TEST_F(Clear, OpenIteratorProducesNothingMoreInt) {
  IteratorOpenAcrossClear<int64_t>(+[](int64_t i) { return i; });
}

TEST_F(Clear, OpenIteratorStartedDuringGrow) {
  gomap::Map<double, int64_t> m;
  for (int64_t i = 0; i < 26; i++) m.set(i % 3 ? kNaN : double(i), i);
  m.set(1e9, 0);  // grow 2→3
  ASSERT_GE(view(m).oldB, 0);
  auto it = m.begin();  // it.B == h.B: walks new buckets and unevacuated old ones
  ASSERT_FALSE(it == m.end());
  m.clear();
  int more = 0;
  for (++it; !(it == m.end()); ++it) more++;
  EXPECT_EQ(more, 0) << "entries produced after clear";
}

}  // namespace
}  // namespace gomap_test
