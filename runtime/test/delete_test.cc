// Delete: emptyOne vs emptyRest across an overflow chain, reseeding when the
// map empties, and the slot a later insert reuses.

#include <array>

#include "test_util.h"

namespace gomap_test {
namespace {

using Delete = RuntimeTest;

// The tophash bytes of a chain, bucket after bucket.
std::vector<uint8_t> chain_tophash(const gomap::ChainView& c) {
  std::vector<uint8_t> out;
  for (const auto& b : c) out.insert(out.end(), b.tophash.begin(), b.tophash.end());
  return out;
}

// A B=1 map whose bucket 0 holds a chain of two buckets: keys k[0..7] in
// the first, k[8..11] in slots 0..3 of the overflow bucket. 12 entries fit
// B=1 (<= 13) and one overflow bucket is below 2^B, so no grow interferes.
struct Chain {
  IntMap m{13};
  std::vector<int64_t> k;
  std::vector<uint8_t> top;  // the tophash each key must have
  static constexpr uint32_t kSeed = 0xc4a1;
  Chain() {
    gomap::set_hash0(m.raw(), kSeed);
    k = keys_where(kSeed, 1, 0, 12);
    for (int64_t key : k) {
      m.set(key, key + 100);
      top.push_back(go_tophash(hash_int(key, kSeed)));
    }
  }
  std::vector<uint8_t> tophash() const { return chain_tophash(view(m).buckets.at(0)); }
};

TEST_F(Delete, EmptyRestRunsBackAcrossTheChain) {
  Chain c;
  auto v = view(c.m);
  ASSERT_EQ(v.B, 1);
  ASSERT_EQ(v.noverflow, 1);
  ASSERT_EQ(v.buckets[0].size(), 2u);
  std::vector<uint8_t> want(c.top);
  want.resize(16, 0);  // overflow slots 4..7 never used: emptyRest
  ASSERT_EQ(c.tophash(), want);

  auto del = [&](int i) {
    c.m.erase(c.k[i]);
    EXPECT_FALSE(c.m.contains(c.k[i]));
    EXPECT_TRUE(Clean(c.m)) << "after deleting k[" << i << "]";
  };
  // The last entry of the chain: nothing live follows, so emptyRest.
  del(11);
  want[11] = 0;
  EXPECT_EQ(c.tophash(), want);
  // A live entry follows k[9]: only emptyOne.
  del(9);
  want[9] = 1;
  EXPECT_EQ(c.tophash(), want);
  // k[10] was the last live entry: it and the emptyOne before it become
  // emptyRest, stopping at the live k[8].
  del(10);
  want[10] = 0;
  want[9] = 0;
  EXPECT_EQ(c.tophash(), want);
  // The last bucket slot k[7] while the overflow bucket still holds k[8]:
  // emptyOne (the next slot is the overflow's first, which is live).
  del(7);
  want[7] = 1;
  EXPECT_EQ(c.tophash(), want);
  // k[3] in the middle: emptyOne.
  del(3);
  want[3] = 1;
  EXPECT_EQ(c.tophash(), want);
  // k[8], the overflow bucket's only entry: emptyRest there, and the walk
  // goes back into the first bucket turning k[7]'s emptyOne into emptyRest,
  // stopping at the live k[6].
  del(8);
  want[8] = 0;
  want[7] = 0;
  EXPECT_EQ(c.tophash(), want);
  // k[5] (emptyOne, k[6] follows), then k[6], now last: the run goes back
  // over k[5] and stops at the live k[4].
  del(5);
  want[5] = 1;
  del(6);
  want[6] = 0;
  want[5] = 0;
  EXPECT_EQ(c.tophash(), want);
  // k[4]: the run goes back over k[3]'s emptyOne to the live k[2].
  del(4);
  want[4] = 0;
  want[3] = 0;
  EXPECT_EQ(c.tophash(), want);
  // The rest, from the front: emptyOne until the last one sweeps all.
  del(0);
  del(1);
  want[0] = want[1] = 1;
  EXPECT_EQ(c.tophash(), want);
  EXPECT_EQ(c.m.size(), 1);
  del(2);
  EXPECT_EQ(c.tophash(), std::vector<uint8_t>(16, 0));
  EXPECT_EQ(c.m.size(), 0);
  // The overflow bucket stays (only a grow or clear drops it), and counts.
  EXPECT_EQ(view(c.m).noverflow, 1);
}

TEST_F(Delete, LookupsStopAtEmptyRestButNotEmptyOne) {
  // A lookup must walk past emptyOne to find later entries of the chain.
  Chain c;
  for (int i = 0; i < 11; i++) c.m.erase(c.k[i]);
  auto th = c.tophash();
  EXPECT_EQ(th[0], 1);
  EXPECT_EQ(th[8], 1);
  EXPECT_EQ(c.m.get(c.k[11]), c.k[11] + 100);
  EXPECT_TRUE(Clean(c.m));
}

TEST_F(Delete, ReusedSlotReadsZero) {
  // Go clears a deleted elem, so the elem mapassign returns for a new key
  // in a reused slot is zero (what `m[k] += n` reads).
  Chain c;
  c.m.erase(c.k[3]);
  int64_t fresh = keys_where(Chain::kSeed, 1, 0, 1, c.k.back() + 1)[0];
  void* e = gomap::mapassign(IntMap::type(), c.m.raw(), &fresh);
  EXPECT_EQ(as_int(e), 0);
  // ... and that slot is the first free one of the chain, the deleted k[3].
  auto v = view(c.m);
  EXPECT_EQ(v.buckets[0][0].tophash[3], go_tophash(hash_int(fresh, Chain::kSeed)));
  EXPECT_EQ(as_int(v.buckets[0][0].keys[3]), fresh);
  EXPECT_EQ(c.m.size(), 12);
  EXPECT_TRUE(Clean(c.m));
}

TEST_F(Delete, ToEmptyReseeds) {
  // Go re-randomises hash0 when a delete empties the map (golang/go#25237),
  // with one fastrand call, which a seeded random source predicts.
  IntMap m;
  gomap::set_hash0(m.raw(), 42);
  for (int64_t k = 0; k < 20; k++) m.set(k, k);
  for (int64_t k = 0; k < 19; k++) m.erase(k);
  EXPECT_EQ(view(m).hash0, 42u) << "no reseed while entries remain";
  gomap::seed_fastrand(777);
  m.erase(19);
  EXPECT_EQ(view(m).hash0, first_fastrand(777));
  EXPECT_EQ(m.size(), 0);
  // Deleting from an empty map changes nothing (Go returns before hashing).
  gomap::set_hash0(m.raw(), 43);
  m.erase(5);
  EXPECT_EQ(view(m).hash0, 43u);
  // The emptied map works with its new seed.
  for (int64_t k = 0; k < 30; k++) m.set(k, -k);
  for (int64_t k = 0; k < 30; k++) EXPECT_EQ(m.get(k), -k);
  EXPECT_TRUE(Clean(m));
}

TEST_F(Delete, MissingKeyIsANoOp) {
  IntMap m;
  for (int64_t k = 0; k < 5; k++) m.set(k, k);
  auto before = view(m);
  m.erase(99);
  auto after = view(m);
  EXPECT_EQ(after.count, 5);
  EXPECT_EQ(after.hash0, before.hash0);
  EXPECT_EQ(after.flags, 0);
  EXPECT_EQ(after.buckets[0][0].tophash, before.buckets[0][0].tophash);
}

TEST_F(Delete, DuringGrowFindsEntriesInOldAndNewBuckets) {
  // A delete evacuates the key's old bucket first, so it deletes from the
  // new array; every entry can be deleted mid-grow.
  IntMap m(52);
  gomap::set_hash0(m.raw(), 0xdead);
  for (int64_t k = 1; k <= 53; k++) m.set(k, k);  // the 53rd starts 3→4
  ASSERT_GE(view(m).oldB, 0);
  for (int64_t k = 1; k <= 53; k += 2) {
    m.erase(k);
    ASSERT_TRUE(Clean(m)) << k;
  }
  for (int64_t k = 1; k <= 53; k++) EXPECT_EQ(m.contains(k), k % 2 == 0) << k;
  EXPECT_EQ(m.size(), 26);
}

TEST_F(Delete, ReleasesIndirectAndStringStorage) {
  // Under ASan/LSan a leak or double free of indirect keys/elems or string
  // bytes on delete, overwrite or destruction is a report.
  gomap::Map<Big, std::string> m;
  for (int64_t i = 0; i < 100; i++) m.set(Big::of(i), std::string(i, 'x'));
  for (int64_t i = 0; i < 100; i += 3) m.erase(Big::of(i));
  for (int64_t i = 1; i < 100; i += 3) m.set(Big::of(i), "over");
  for (int64_t i = 0; i < 100; i++) {
    auto v = m.lookup(Big::of(i));
    if (i % 3 == 0) {
      EXPECT_FALSE(v.has_value());
    } else {
      ASSERT_TRUE(v.has_value());
      EXPECT_EQ(*v, i % 3 == 1 ? std::string("over") : std::string(i, 'x'));
    }
  }
  EXPECT_TRUE(Clean(m));
}

}  // namespace
}  // namespace gomap_test
