// MallocHeap: the pool of small objects (the bytes of the strings a map
// copies), which must hand out zeroed memory, reuse what is released, and
// never reuse it while an iteration may still read it.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <iterator>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "gomap/heap.h"
#include "gomap/map.h"
#include "gomap/runtime.h"
#include "gomap/testing.h"

namespace gomap_test {
namespace {

using gomap::MallocHeap;
using Small = MallocHeap::SmallObjects;

bool all_zero(const void* p, size_t n) {
  const unsigned char* c = static_cast<const unsigned char*>(p);
  for (size_t i = 0; i < n; i++)
    if (c[i] != 0) return false;
  return true;
}

TEST(Heap, PooledSmallObjectsAreZeroedAlignedAndReused) {
  MallocHeap heap(Small::kPooled);
  for (size_t size = 1; size <= MallocHeap::kSmallMax; size++) {
    void* p = heap.alloc(size, nullptr);
    ASSERT_EQ(reinterpret_cast<uintptr_t>(p) % 8, 0u) << size;
    ASSERT_TRUE(all_zero(p, size)) << size;
    std::memset(p, 0xAB, size);
    heap.release(p, size);
    // The same size class comes back first, cleared again.
    size_t same_class = (size + 7) / 8 * 8;
    void* q = heap.alloc(same_class, nullptr);
    EXPECT_EQ(q, p) << size;
    EXPECT_TRUE(all_zero(q, same_class)) << size;
    heap.release(q, same_class);
  }
}

TEST(Heap, DistinctLiveObjectsDoNotOverlap) {
  MallocHeap heap(Small::kPooled);
  std::map<uintptr_t, size_t> live;  // start -> size
  std::mt19937 rng(7);
  for (int i = 0; i < 20000; i++) {  // several chunks' worth
    size_t size = 1 + rng() % MallocHeap::kSmallMax;
    char* p = static_cast<char*>(heap.alloc(size, nullptr));
    std::memset(p, static_cast<int>(i), size);
    live[reinterpret_cast<uintptr_t>(p)] = size;
    if (rng() % 3 == 0) {
      auto it = live.begin();
      std::advance(it, rng() % live.size());
      heap.release(reinterpret_cast<void*>(it->first), it->second);
      live.erase(it);
    }
  }
  uintptr_t end = 0;
  for (auto [start, size] : live) {
    ASSERT_GE(start, end) << "two live objects overlap";
    end = start + size;
  }
}

TEST(Heap, NothingIsReusedWhilePinned) {
  MallocHeap heap(Small::kPooled);
  char* p = static_cast<char*>(heap.alloc(16, nullptr));
  std::memcpy(p, "0123456789abcdef", 16);
  gomap::hiter it;  // stands for an open iteration; the heap only counts them
  heap.iter_began(&it);
  heap.release(p, 16);
  void* q = heap.alloc(16, nullptr);
  EXPECT_NE(q, p);
  EXPECT_EQ(std::memcmp(p, "0123456789abcdef", 16), 0) << "released bytes changed while pinned";
  heap.iter_ended(&it);
  EXPECT_EQ(heap.alloc(16, nullptr), p) << "the deferred release was not made at unpin";
  heap.release(q, 16);
}

TEST(Heap, LargeObjectsBypassThePool) {
  MallocHeap heap(Small::kPooled);
  void* p = heap.alloc(MallocHeap::kSmallMax + 1, nullptr);
  EXPECT_TRUE(all_zero(p, MallocHeap::kSmallMax + 1));
  heap.release(p, MallocHeap::kSmallMax + 1);
  // A malloc'ing heap serves small objects from malloc too.
  MallocHeap plain(Small::kMalloc);
  void* a = plain.alloc(8, nullptr);
  plain.release(a, 8);
}

// A string map on a pooled heap through growth, overwrites, deletes and an
// iteration that deletes as it goes, against a model. Under ASan the pool
// poisons free slots, so a map that read a released string would fail here.
TEST(Heap, StringMapOnAPooledHeap) {
  using M = gomap::Map<std::string, std::string>;
  const gomap::MapType* t = M::type();
  MallocHeap heap(Small::kPooled);
  gomap::hmap* h = gomap::makemap(t, 0, &heap);
  std::map<std::string, std::string> model;
  std::mt19937 rng(11);
  auto str = [&](size_t n) {
    std::string s(n, ' ');
    for (auto& c : s) c = static_cast<char>('a' + rng() % 26);
    return s;
  };
  std::vector<std::string> keys;
  for (int i = 0; i < 3000; i++) keys.push_back(str(rng() % 80));
  for (int round = 0; round < 4; round++) {
    for (int i = 0; i < 3000; i++) {
      const std::string& k = keys[rng() % keys.size()];
      gomap::GoString gk{k.data(), static_cast<int64_t>(k.size())};
      if (rng() % 4 == 0) {
        gomap::mapdelete(t, h, &gk);
        model.erase(k);
      } else {
        std::string v = str(rng() % 70);
        gomap::GoString gv{v.data(), static_cast<int64_t>(v.size())};
        gomap::store_elem(t, h, gomap::mapassign(t, h, &gk), &gv);
        model[k] = v;
      }
    }
    auto err = gomap::check_invariants(t, h);
    ASSERT_FALSE(err) << *err;
    ASSERT_EQ(h->count, static_cast<int64_t>(model.size()));
    for (const auto& [k, v] : model) {
      gomap::GoString gk{k.data(), static_cast<int64_t>(k.size())};
      auto* e = static_cast<gomap::GoString*>(gomap::mapaccess(t, h, &gk));
      ASSERT_NE(e, nullptr) << k;
      ASSERT_EQ(std::string(e->ptr, static_cast<size_t>(e->len)), v);
    }
    // Delete every other entry while iterating; the keys produced are read
    // after their entries are gone.
    gomap::hiter it;
    int n = 0;
    for (gomap::mapiterinit(t, h, &it); it.key != nullptr; gomap::mapiternext(&it)) {
      // What a range loop holds: the string header, copied.
      gomap::GoString k = *static_cast<const gomap::GoString*>(it.key);
      std::string copy(k.ptr, static_cast<size_t>(k.len));
      if (n++ % 2 == 0) {
        gomap::mapdelete(t, h, &k);
        model.erase(copy);
        EXPECT_EQ(std::string(k.ptr, static_cast<size_t>(k.len)), copy);
      }
    }
  }
  gomap::freemap(t, h);
}

TEST(Heap, RangeLoopStringViewsOutliveTheirEntries) {
  gomap::Map<std::string, std::string> m;
  for (int i = 0; i < 200; i++) m.set("key-" + std::to_string(i), std::string(40, 'a' + i % 26));
  int produced = 0;
  for (auto [k, v] : m) {
    std::string key(k), elem(v);
    m.erase(key);
    m.set("new-" + key, "x");  // may grow: the loop's array is kept
    EXPECT_EQ(k, key);
    EXPECT_EQ(v, elem);
    produced++;
  }
  EXPECT_GE(produced, 200);
}

}  // namespace
}  // namespace gomap_test
