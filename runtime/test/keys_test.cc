// Key and elem kinds: the type descriptors Go's compiler would emit, NaN and
// signed-zero float keys, strings (empty, long, owned by the map), big keys
// and elems stored indirectly, and plain-memory keys of other sizes.

#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "test_util.h"

namespace gomap_test {
namespace {

using Keys = RuntimeTest;

const double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST_F(Keys, TypeDescriptorsMatchGo) {
  // Go's bucket: tophash [8]uint8, 8 keys, 8 elems, an overflow pointer;
  // keys or elems over 128 bytes become pointers.
  using gomap::FastPath;
  struct Case {
    const char* name;
    gomap::MapType t;
    int keysize, elemsize, bucketsize;
    bool indirectkey, indirectelem, reflexive, needkeyupdate, pointers;
    FastPath fast;
  };
  const gomap::TypeDesc k128{128, gomap::TypeAlg::kMem, false};
  const Case cases[] = {
      {"map[int64]int64", gomap::make_maptype(gomap::kInt64Type, gomap::kInt64Type), 8, 8, 144,
       false, false, true, false, false, FastPath::k64},
      {"map[string]string", gomap::make_maptype(gomap::kStringType, gomap::kStringType), 16, 16,
       272, false, false, true, true, true, FastPath::kStr},
      {"map[float64]int64", gomap::make_maptype(gomap::kFloat64Type, gomap::kInt64Type), 8, 8, 144,
       false, false, false, true, false, FastPath::kGeneric},
      {"map[big]big", gomap::make_maptype(kBigType, kBigType), 8, 8, 144, true, true, true, false,
       true, FastPath::kGeneric},
      {"map[int64]big", gomap::make_maptype(gomap::kInt64Type, kBigType), 8, 8, 144, false, true,
       true, false, true, FastPath::k64},
      // 128 bytes is still inline (indirect only above maxKeySize).
      {"map[[16]int64]int64", gomap::make_maptype(k128, gomap::kInt64Type), 128, 8,
       8 + 8 * 128 + 8 * 8 + 8, false, false, true, false, false, FastPath::kGeneric},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(c.t.keysize, c.keysize);
    EXPECT_EQ(c.t.elemsize, c.elemsize);
    EXPECT_EQ(c.t.bucketsize, c.bucketsize);
    EXPECT_EQ(c.t.indirectkey, c.indirectkey);
    EXPECT_EQ(c.t.indirectelem, c.indirectelem);
    EXPECT_EQ(c.t.reflexivekey, c.reflexive);
    EXPECT_EQ(c.t.needkeyupdate, c.needkeyupdate);
    EXPECT_EQ(c.t.bucket_has_pointers, c.pointers);
    EXPECT_EQ(c.t.fast, c.fast);
  }
}

TEST_F(Keys, NaNEveryInsertAddsNoneFoundOrDeleted) {
  gomap::Map<double, int64_t> m;
  const double other_nan = -std::nan("0x7");
  m.set(kNaN, 1);
  m.set(kNaN, 2);
  m.set(other_nan, 3);
  EXPECT_EQ(m.size(), 3);
  EXPECT_FALSE(m.lookup(kNaN).has_value());
  EXPECT_FALSE(m.contains(other_nan));
  m.erase(kNaN);
  EXPECT_EQ(m.size(), 3) << "a NaN cannot be deleted";
  std::multiset<int64_t> vals;
  for (auto [k, v] : m) {
    EXPECT_TRUE(std::isnan(k));
    vals.insert(v);
  }
  EXPECT_EQ(vals, (std::multiset<int64_t>{1, 2, 3}));
  EXPECT_TRUE(Clean(m));
}

TEST_F(Keys, ManyNaNsSurviveGrowth) {
  // f64hash gives each NaN a random hash, so they spread over the buckets
  // instead of forming one chain, and growth keeps all of them.
  gomap::Map<double, int64_t> m;
  for (int64_t i = 0; i < 500; i++) m.set(kNaN, i);
  for (int64_t i = 0; i < 100; i++) m.set(double(i), -i);
  EXPECT_EQ(m.size(), 600);
  EXPECT_TRUE(Clean(m));
  std::set<int64_t> nan_vals;
  int64_t plain = 0;
  for (auto [k, v] : m) {
    if (std::isnan(k)) {
      EXPECT_TRUE(nan_vals.insert(v).second) << "NaN entry produced twice";
    } else {
      EXPECT_EQ(v, -static_cast<int64_t>(k));
      plain++;
    }
  }
  EXPECT_EQ(nan_vals.size(), 500u);
  EXPECT_EQ(plain, 100);
  for (int64_t i = 0; i < 100; i++) EXPECT_EQ(m.get(double(i)), -i);
}

TEST_F(Keys, NaNsEvacuateByTophashBitWhileIterating) {
  // An iteration that starts during a grow walks the new array and, for a
  // new bucket whose old bucket is not evacuated yet, the old bucket,
  // keeping the entries bound for that new bucket. A NaN's hash cannot be
  // recomputed, so both sides use the low bit of its old tophash instead:
  // while the iterator flag is set, evacuate sends a NaN to X or Y by that
  // bit (and gives it a fresh tophash). Other keys go by their hash bit.
  // (hashGrow turns `iterator` into `oldIterator`, so the rule applies to
  // iterations begun during the grow, which is the case built here.)
  using FMap = gomap::Map<double, int64_t>;
  gomap::seed_fastrand(0xa11);
  FMap m(52);  // B=3
  const uint32_t seed = 0xa11;
  gomap::set_hash0(m.raw(), seed);
  for (int64_t i = 0; i < 20; i++) m.set(kNaN, 1000 + i);
  for (int64_t i = 0; i < 32; i++) m.set(double(i) + 0.5, i);
  ASSERT_EQ(m.size(), 52);
  m.set(1e6, 99);  // the 53rd: grow 3→4
  ASSERT_EQ(view(m).oldB, 3);

  gomap::hiter it;
  gomap::mapiterinit(FMap::type(), m.raw(), &it);
  ASSERT_NE(it.key, nullptr);
  EXPECT_TRUE(view(m).flags & gomap::kIterator);
  std::multiset<int64_t> produced;
  produced.insert(as_int(it.elem));

  size_t nans = 0;
  for (int64_t w = 0; view(m).oldB >= 0; w++) {
    auto prev = view(m);
    m.set(2e6 + double(w), 5000 + w);
    auto cur = view(m);
    if (cur.oldB < 0) break;  // the grow ended in this write: old arrays gone
    for (size_t ob = 0; ob < cur.oldbuckets.size(); ob++) {
      bool was = prev.oldbuckets[ob][0].tophash[0] > 1 && prev.oldbuckets[ob][0].tophash[0] < 5;
      bool now = cur.oldbuckets[ob][0].tophash[0] > 1 && cur.oldbuckets[ob][0].tophash[0] < 5;
      if (was || !now) continue;
      // Old bucket ob was evacuated by this write: compare its marks with
      // what it held just before.
      for (size_t l = 0; l < prev.oldbuckets[ob].size(); l++) {
        for (int i = 0; i < 8; i++) {
          uint8_t before = prev.oldbuckets[ob][l].tophash[i];
          uint8_t mark = cur.oldbuckets[ob][l].tophash[i];
          if (before < 5) {
            EXPECT_EQ(mark, 4);
            continue;
          }
          double k;
          std::memcpy(&k, prev.oldbuckets[ob][l].keys[i], 8);
          if (std::isnan(k)) {
            nans++;
            EXPECT_EQ(mark, 2 + (before & 1)) << "NaN in old bucket " << ob;
          } else {
            EXPECT_EQ(mark, (gomap::f64hash(&k, seed) & 8) ? 3 : 2) << "key " << k;
          }
        }
      }
    }
  }
  EXPECT_GT(nans, 0u) << "no NaN was seen evacuating: the test checked nothing";
  // The iteration still produces every entry present throughout once, each
  // NaN included.
  for (gomap::mapiternext(&it); it.key != nullptr; gomap::mapiternext(&it))
    produced.insert(as_int(it.elem));
  for (int64_t i = 0; i < 20; i++) EXPECT_EQ(produced.count(1000 + i), 1u) << i;
  for (int64_t i = 0; i < 32; i++) EXPECT_EQ(produced.count(i), 1u) << i;
  EXPECT_TRUE(Clean(m));
}

TEST_F(Keys, SignedZeroesAreOneKeyAndTheLastWriteSetsTheBits) {
  // +0 == -0, so one entry; needkeyupdate: an overwrite stores the key it
  // was given, so after m[-0] = v the key reads back as -0.
  gomap::Map<double, int64_t> m;
  m.set(0.0, 1);
  m.set(-0.0, 2);
  EXPECT_EQ(m.size(), 1);
  EXPECT_EQ(m.get(0.0), 2);
  EXPECT_EQ(m.get(-0.0), 2);
  auto stored_key = [&] {
    auto it = m.begin();
    return it->first;
  };
  EXPECT_TRUE(std::signbit(stored_key())) << "key should now be -0";
  m.set(0.0, 3);
  EXPECT_FALSE(std::signbit(stored_key())) << "key should now be +0";
  EXPECT_EQ(m.get(-0.0), 3);
  m.erase(-0.0);
  EXPECT_EQ(m.size(), 0);
}

TEST_F(Keys, StringKeys) {
  gomap::Map<std::string, int64_t> m;
  std::vector<std::string> keys = {
      "", std::string(1, '\0'), std::string("a\0b", 3), std::string("a\0c", 3), "a", "ab", "abc"};
  // Long keys, differing only near the end (memhash's 16- and 48-byte
  // loops and their tails).
  for (size_t len : {15, 16, 17, 47, 48, 49, 95, 96, 97, 1000, 4096}) {
    std::string s(len, 'z');
    keys.push_back(s);
    s.back() = 'y';
    keys.push_back(s);
    s[len / 2] = 'x';
    keys.push_back(s);
  }
  for (size_t i = 0; i < keys.size(); i++) m.set(keys[i], static_cast<int64_t>(i));
  EXPECT_EQ(m.size(), static_cast<int64_t>(keys.size()));
  for (size_t i = 0; i < keys.size(); i++) EXPECT_EQ(m.get(keys[i]), static_cast<int64_t>(i)) << i;
  EXPECT_TRUE(m.contains(""));
  m.erase("");
  EXPECT_FALSE(m.contains(""));
  EXPECT_TRUE(m.contains(std::string(1, '\0')));
  EXPECT_TRUE(Clean(m));
}

TEST_F(Keys, MapOwnsItsStringKeys) {
  // The map copies the bytes it stores: changing or freeing the caller's
  // string afterwards changes nothing (ASan would flag a dangling read).
  gomap::Map<std::string, int64_t> m;
  {
    std::string k(100, 'q');
    m.set(k, 7);
    k.assign(100, 'r');
  }
  EXPECT_EQ(m.get(std::string(100, 'q')), 7);
  EXPECT_FALSE(m.contains(std::string(100, 'r')));
  // An overwrite re-stores the key (needkeyupdate) from the new buffer.
  {
    std::string k2(100, 'q');
    m.set(k2, 8);
  }
  for (auto [k, v] : m) {
    EXPECT_EQ(k, std::string(100, 'q'));
    EXPECT_EQ(v, 8);
  }
}

TEST_F(Keys, StringsTakenAsViewsAreCopiedIn) {
  // Keys and elems may be passed as std::string_view (Go's string header):
  // the map copies the bytes in, so rewriting the buffer the views point
  // into changes nothing stored, and a probe from another buffer with the
  // same bytes finds the entry.
  gomap::Map<std::string, std::string> m;
  std::string buf = "key-onekey-twoelem1elem2";
  std::string_view view(buf);
  m.set(view.substr(0, 7), view.substr(14, 5));
  m.set(view.substr(7, 7), view.substr(19, 5));
  buf.assign(buf.size(), '#');
  std::string probes = "key-twokey-one";
  EXPECT_EQ(m.get(std::string_view(probes).substr(0, 7)), "elem2");
  EXPECT_EQ(m.lookup(std::string_view(probes).substr(7, 7)), std::optional<std::string>("elem1"));
  EXPECT_FALSE(m.contains(std::string_view(buf).substr(0, 7)));
  m.erase(std::string_view(probes).substr(0, 7));
  EXPECT_FALSE(m.contains("key-two"));
  EXPECT_EQ(m.size(), 1);
  EXPECT_TRUE(Clean(m));
}

TEST_F(Keys, StringElemsThroughGrowth) {
  gomap::Map<int64_t, std::string> m;
  for (int64_t i = 0; i < 300; i++)
    m.set(i, std::string(static_cast<size_t>(i % 70), 'a' + i % 26));
  for (int64_t i = 0; i < 300; i += 2) m.set(i, "even" + std::to_string(i));
  for (int64_t i = 0; i < 300; i++) {
    std::string want = i % 2 == 0 ? "even" + std::to_string(i)
                                  : std::string(static_cast<size_t>(i % 70), 'a' + i % 26);
    EXPECT_EQ(m.get(i), want);
  }
  EXPECT_EQ(m.get(1000), "") << "absent: the zero value";
  EXPECT_TRUE(Clean(m));
}

TEST_F(Keys, BigKeysAndElemsStoredIndirectly) {
  gomap::Map<Big, Big> m;
  ASSERT_TRUE(m.type()->indirectkey);
  ASSERT_TRUE(m.type()->indirectelem);
  for (int64_t i = 0; i < 300; i++) m.set(Big::of(i), Big::of(-i));
  // Two keys equal but for their last word are different keys.
  Big a = Big::of(5), b = Big::of(5);
  b.w[17] = 6;
  m.set(b, Big::of(55));
  EXPECT_EQ(m.size(), 301);
  EXPECT_TRUE(m.get(a) == Big::of(-5));
  EXPECT_TRUE(m.get(b) == Big::of(55));
  for (int64_t i = 0; i < 300; i += 3) m.erase(Big::of(i));
  for (int64_t i = 0; i < 300; i++) EXPECT_EQ(m.contains(Big::of(i)), i % 3 != 0) << i;
  // The view sees the keys and elems through their pointers.
  auto v = view(m);
  for (const auto& chain : v.buckets)
    for (const auto& bv : chain)
      for (int i = 0; i < 8; i++) {
        if (bv.tophash[i] < 5) continue;
        Big k, e;
        std::memcpy(&k, bv.keys[i], sizeof k);
        std::memcpy(&e, bv.elems[i], sizeof e);
        if (k == b) continue;
        EXPECT_TRUE(e == Big::of(-static_cast<int64_t>(k.w[0])));
      }
  EXPECT_TRUE(Clean(m));
}

struct Pair {
  int64_t a, b;
};

TEST_F(Keys, SixteenByteMemoryKeysUseMemhash) {
  // A plain-memory key of 16 bytes takes the generic path with
  // memhash(p, seed, 16), pinned to Go by hash_test.cc.
  gomap::Map<Pair, int64_t> m(20);  // B=2
  const uint32_t seed = 0x16;
  gomap::set_hash0(m.raw(), seed);
  for (int64_t i = 0; i < 20; i++) m.set(Pair{i, -i}, i);
  for (int64_t i = 0; i < 20; i++) EXPECT_EQ(m.get(Pair{i, -i}), i);
  EXPECT_FALSE(m.contains(Pair{1, 1}));
  auto v = view(m);
  for (size_t bi = 0; bi < v.buckets.size(); bi++)
    for (const auto& bv : v.buckets[bi])
      for (int i = 0; i < 8; i++) {
        if (bv.tophash[i] < 5) continue;
        uint64_t h = gomap::memhash(bv.keys[i], seed, 16);
        EXPECT_EQ(h & 3, bi);
        EXPECT_EQ(bv.tophash[i], go_tophash(h));
      }
  EXPECT_TRUE(Clean(m));
}

}  // namespace
}  // namespace gomap_test
