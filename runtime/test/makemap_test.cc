// makemap: the B a hint picks, lazy allocation of B=0's bucket, the seed, and
// the overflow buckets preallocated after the bucket array for B >= 4.

#include <limits>

#include "test_util.h"

namespace gomap_test {
namespace {

using MakeMap = RuntimeTest;

// Go's makemap: B is the least with !overLoadFactor(hint, B), where
// overLoadFactor(n, B) = n > 8 && n > 13 * (2^B / 2). So B=0 holds up to 8,
// B=1 up to 13, B=2 up to 26, B=3 up to 52, B=4 up to 104. A hint that is
// negative or whose buckets (hint * bucketsize) exceed maxAlloc (2^48) counts
// as 0.
TEST_F(MakeMap, HintPicksGoB) {
  // map[int64]int64 buckets are 8 + 8*8 + 8*8 + 8 = 144 bytes.
  const int64_t over_max_alloc = (int64_t{1} << 48) / 144 + 1;
  struct Case {
    int64_t hint;
    int B;
  } cases[] = {
      {0, 0},
      {1, 0},
      {8, 0},
      {9, 1},
      {13, 1},
      {14, 2},
      {26, 2},
      {27, 3},
      {52, 3},
      {53, 4},
      {104, 4},
      {105, 5},
      {-1, 0},
      {std::numeric_limits<int64_t>::min(), 0},
      {int64_t{1} << 62, 0},
      {over_max_alloc, 0},
  };
  for (const Case& c : cases) {
    IntMap m(c.hint);
    auto v = view(m);
    EXPECT_EQ(v.B, c.B) << "hint " << c.hint;
    EXPECT_FALSE(v.nil);
    EXPECT_EQ(v.count, 0);
    EXPECT_EQ(v.flags, 0);
    // B=0 allocates its one bucket on the first insert; B>0 up front.
    EXPECT_EQ(v.buckets.size(), c.B == 0 ? 0u : (size_t{1} << c.B)) << "hint " << c.hint;
    EXPECT_TRUE(Clean(m));
  }
}

TEST_F(MakeMap, BucketSizeEntersTheMaxAllocCheck) {
  // map[string]string buckets are 8 + 8*16 + 8*16 + 8 = 272 bytes: a hint
  // that is fine for 144-byte buckets is bogus for these.
  const int64_t hint = (int64_t{1} << 48) / 272 + 1;
  gomap::Map<std::string, std::string> m(hint);
  EXPECT_EQ(view(m).B, 0);
}

TEST_F(MakeMap, ZeroBucketIsAllocatedOnFirstInsert) {
  IntMap m(8);
  EXPECT_TRUE(view(m).buckets.empty());
  // Reads and deletes of an empty map need no bucket.
  EXPECT_FALSE(m.lookup(1).has_value());
  m.erase(1);
  EXPECT_TRUE(view(m).buckets.empty());
  m.set(1, 10);
  auto v = view(m);
  ASSERT_EQ(v.buckets.size(), 1u);
  ASSERT_EQ(v.buckets[0].size(), 1u);  // no overflow
  EXPECT_EQ(v.count, 1);
  EXPECT_EQ(m.get(1), 10);
  EXPECT_TRUE(Clean(m));
}

TEST_F(MakeMap, SeedComesFromFastrand) {
  // hash0 = fastrand(): with the random source seeded, Go's wyrand predicts
  // it, and two maps made in a row get successive values.
  uint64_t state = 0xfeedface;
  gomap::seed_fastrand(0xfeedface);
  IntMap a;
  IntMap b(100);
  EXPECT_EQ(view(a).hash0, go_fastrand(state));
  EXPECT_EQ(view(b).hash0, go_fastrand(state));
}

// The address of slot 0's key in the chain's link-th bucket: the keys of a
// bucket start 8 bytes in (after tophash).
const char* key0(const gomap::ChainView& chain, size_t link) {
  return static_cast<const char*>(chain.at(link).keys[0]);
}

// For B >= 4 makeBucketArray adds 2^(B-4) overflow buckets after the 2^B
// buckets and rounds the array up to its malloc size class, using the rest
// for more overflow buckets. newoverflow hands those out in order before it
// allocates any. With 144-byte buckets:
//   B=4: (16+1)*144 = 2448 → size class 2688 → 18 buckets: 2 preallocated;
//   B=5: (32+2)*144 = 4896 → size class 5376 → 37 buckets: 5 preallocated.
// (Go 1.19 sizeclasses.go; the count is Go's, so the layout of overflow
// chains matches Go's too.)
void CheckPreallocated(int64_t hint, int B, int prealloc) {
  IntMap m(hint);
  ASSERT_EQ(view(m).B, B);
  const uint32_t seed = 0x5eed;
  gomap::set_hash0(m.raw(), seed);
  const uint64_t nb = uint64_t{1} << B;
  // Keys that all land in bucket 0: 8 fill it, then one overflow bucket per
  // 8 more. One more overflow than was preallocated.
  const size_t links = static_cast<size_t>(prealloc) + 1;
  auto keys = keys_where(seed, nb - 1, 0, 8 * links + 1);
  for (int64_t k : keys) m.set(k, k * 3);
  auto v = view(m);
  ASSERT_EQ(v.B, B);  // no grow: count is far below the load factor
  EXPECT_EQ(v.noverflow, links) << "every overflow bucket counts, preallocated or not";
  const auto& chain = v.buckets[0];
  ASSERT_EQ(chain.size(), links + 1);
  const char* base = key0(chain, 0) - 8;  // bucket 0 is the array's start
  for (size_t l = 1; l <= static_cast<size_t>(prealloc); l++) {
    EXPECT_EQ(key0(chain, l), base + (nb + l - 1) * 144 + 8)
        << "overflow bucket " << l << " should be preallocated bucket " << (nb + l - 1);
  }
  const char* last = key0(chain, links);
  const char* end = base + (nb + prealloc) * 144;
  EXPECT_TRUE(last < base || last >= end) << "the preallocation is used up: a fresh bucket";
  for (int64_t k : keys) EXPECT_EQ(m.get(k), k * 3);
  EXPECT_TRUE(Clean(m));
}

TEST_F(MakeMap, PreallocatedOverflowB4) { CheckPreallocated(100, 4, 2); }
TEST_F(MakeMap, PreallocatedOverflowB5) { CheckPreallocated(200, 5, 5); }

TEST_F(MakeMap, NoPreallocationBelowB4) {
  IntMap m(50);  // B=3: 8 buckets, no extra
  ASSERT_EQ(view(m).B, 3);
  gomap::set_hash0(m.raw(), 1);
  for (int64_t k : keys_where(1, 7, 0, 9)) m.set(k, k);
  auto v = view(m);
  ASSERT_EQ(v.buckets[0].size(), 2u);
  EXPECT_EQ(v.noverflow, 1);
  const char* base = key0(v.buckets[0], 0) - 8;
  const char* ovf = key0(v.buckets[0], 1);
  EXPECT_TRUE(ovf < base || ovf >= base + 8 * 144);
}

}  // namespace
}  // namespace gomap_test
