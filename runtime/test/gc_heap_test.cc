// The collecting heap (gomap/gc_heap.h): first on bare objects (marking,
// noscan, the barrier, sweep and quarantine, the release checks), then
// under maps, with collections at every yield point of every operation.
// Expected sizes come from Go's bucket layout (tophash, 8 keys, 8 elems, an
// overflow link), written out here, not from the runtime's descriptors.

#include <gtest/gtest.h>
#include <sanitizer/asan_interface.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "gomap/gc_heap.h"
#include "gomap/runtime.h"
#include "gomap/testing.h"
#include "gomap/yield.h"
#include "test_util.h"

namespace gomap_test {
namespace {

using gomap::CollectingHeap;
using gomap::PointerMap;

// An object of n words whose first word is a pointer.
constexpr PointerMap kFirstWordPointer = [] {
  PointerMap m;
  m.size = 16;
  m.set(0);
  return m;
}();

void link(void* from, const void* to) { std::memcpy(from, &to, sizeof to); }

// ASan's own answer; only an ASan build links it (the test skips elsewhere).
#if defined(__SANITIZE_ADDRESS__)
#define GOMAP_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GOMAP_TEST_ASAN 1
#endif
#endif
bool poisoned(const void* p) {
#ifdef GOMAP_TEST_ASAN
  return __asan_address_is_poisoned(p);
#else
  (void)p;
  return false;
#endif
}

bool has_finding(const CollectingHeap& heap, const std::string& id) {
  for (const std::string& f : heap.findings())
    if (f.rfind(id, 0) == 0) return true;
  return false;
}

std::string all_findings(const CollectingHeap& heap) {
  std::string s;
  for (const std::string& f : heap.findings()) s += f + "\n";
  return s;
}

TEST(GcHeap, MarksWhatIsReachableAndSweepsTheRest) {
  CollectingHeap heap;
  void* a = heap.alloc(16, &kFirstWordPointer);
  void* b = heap.alloc(16, &kFirstWordPointer);
  void* c = heap.alloc(24, nullptr);
  link(a, b);
  link(b, c);
  heap.hold(a);
  heap.collect();
  EXPECT_TRUE(heap.allocated(a) && heap.allocated(b) && heap.allocated(c));
  EXPECT_EQ(heap.live_bytes(), 56u);
  heap.drop(a);
  heap.release(a, 16);
  heap.release(b, 16);
  heap.release(c, 24);
  heap.collect();
  EXPECT_FALSE(heap.allocated(a) || heap.allocated(b) || heap.allocated(c));
  EXPECT_EQ(heap.live_bytes(), 0u);
  EXPECT_TRUE(heap.findings().empty()) << all_findings(heap);
}

TEST(GcHeap, InteriorPointersKeepTheirObject) {
  CollectingHeap heap;
  char* array = static_cast<char*>(heap.alloc(160, nullptr));
  heap.hold(array + 100);
  heap.collect();
  EXPECT_TRUE(heap.allocated(array));
  EXPECT_TRUE(heap.findings().empty()) << all_findings(heap);
}

// A noscan object is never scanned: what only it points at is garbage.
TEST(GcHeap, NoscanObjectsAreNotScanned) {
  CollectingHeap heap;
  void* noscan = heap.alloc(16, nullptr);
  void* target = heap.alloc(16, nullptr);
  link(noscan, target);
  heap.hold(noscan);
  heap.collect();
  EXPECT_TRUE(heap.allocated(noscan));
  EXPECT_FALSE(heap.allocated(target));
  EXPECT_TRUE(has_finding(heap, "GC4")) << "an unreleased object was swept without a word";
}

// The mutator moves the only pointer to b from a grey object into a black
// one mid-cycle (the classic lost object). With the hybrid barrier b
// survives; without it the verifier catches the reachable white object, and
// the shadow check the unannounced store.
void move_pointer_mid_cycle(bool barrier) {
  CollectingHeap heap;
  void* a = heap.alloc(16, &kFirstWordPointer);
  void* b = heap.alloc(16, nullptr);
  link(a, b);
  heap.hold(a);
  heap.start_cycle();
  void* c = heap.alloc(16, &kFirstWordPointer);  // allocated black
  heap.hold(c);
  if (barrier) heap.barrier(c, b);
  link(c, b);
  if (barrier) heap.barrier(a, nullptr);
  link(a, nullptr);
  heap.finish_cycle();
  if (barrier) {
    EXPECT_TRUE(heap.allocated(b));
    EXPECT_TRUE(heap.findings().empty()) << all_findings(heap);
  } else {
    EXPECT_TRUE(has_finding(heap, "GC1")) << all_findings(heap);
    EXPECT_TRUE(has_finding(heap, "GC7")) << all_findings(heap);
    EXPECT_FALSE(heap.allocated(b));
  }
}

TEST(GcHeap, TheBarrierKeepsAPointerMovedMidCycle) { move_pointer_mid_cycle(true); }
TEST(GcHeap, WithoutTheBarrierTheVerifierCatchesTheLoss) { move_pointer_mid_cycle(false); }

TEST(GcHeap, MarkStepsDoBoundedWork) {
  CollectingHeap heap;
  std::vector<void*> chain;
  for (int i = 0; i < 10; i++) chain.push_back(heap.alloc(16, &kFirstWordPointer));
  for (int i = 0; i + 1 < 10; i++) link(chain[i], chain[i + 1]);
  heap.hold(chain[0]);
  heap.start_cycle();
  EXPECT_TRUE(heap.write_barrier());
  // One unit per object and one per pointer word scanned: two a link.
  EXPECT_EQ(heap.mark(4), 4u);
  size_t rest = 0;
  while (size_t done = heap.mark(3)) rest += done;
  EXPECT_EQ(4 + rest, 20u);
  heap.finish_cycle();
  EXPECT_FALSE(heap.write_barrier());
  for (void* p : chain) EXPECT_TRUE(heap.allocated(p));
}

TEST(GcHeap, SweptMemoryIsPoisonedAndQuarantined) {
  if (!gomap::kUnderAsan) GTEST_SKIP() << "poisoning is visible only under ASan";
  CollectingHeap heap(/*quarantine_bytes=*/64);
  void* first = heap.alloc(48, nullptr);
  heap.release(first, 48);
  heap.collect();
  EXPECT_TRUE(poisoned(first));
  // More than the quarantine holds: the first object goes back to malloc.
  void* second = heap.alloc(48, nullptr);
  heap.release(second, 48);
  heap.collect();
  EXPECT_TRUE(poisoned(second));
  EXPECT_TRUE(heap.findings().empty()) << all_findings(heap);
}

TEST(GcHeapDeathTest, AUseAfterSweepIsAnAsanReport) {
  if (!gomap::kUnderAsan) GTEST_SKIP() << "needs ASan";
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        CollectingHeap heap;
        auto* p = static_cast<volatile char*>(heap.alloc(32, nullptr));
        heap.release(const_cast<char*>(p), 32);
        heap.collect();
        p[3] = 1;
      },
      "use-after-poison");
}

TEST(GcHeap, ReleaseChecks) {
  CollectingHeap heap;
  void* p = heap.alloc(16, nullptr);
  heap.release(p, 8);
  EXPECT_TRUE(has_finding(heap, "GC5")) << "a release with the wrong size";
  heap.clear_findings();
  heap.release(p, 16);
  EXPECT_TRUE(has_finding(heap, "GC5")) << "a second release";
  heap.clear_findings();
  heap.collect();
  heap.release(p, 16);
  ASSERT_TRUE(has_finding(heap, "GC5"));
  EXPECT_NE(heap.findings()[0].find("freed it already"), std::string::npos) << all_findings(heap);
  heap.clear_findings();
  int local;
  heap.release(&local, sizeof local);
  EXPECT_TRUE(has_finding(heap, "GC5")) << "memory the heap never allocated";
}

// Go's bucket for map[string]int64: 8 tophash bytes, 8 keys, 8 elems, the
// overflow link.
constexpr size_t kStrBucket = 8 + 8 * 16 + 8 * 8 + 8;

using StrMap = gomap::Map<std::string, int64_t>;

void set_str(const gomap::MapType* t, gomap::hmap* h, const std::string& k, int64_t v) {
  gomap::GoString gk{k.data(), static_cast<int64_t>(k.size())};
  std::memcpy(gomap::mapassign(t, h, &gk), &v, sizeof v);
}

// With growth done and two cycles run, the heap holds the map's layout and
// nothing else; once the map is freed, nothing.
TEST(GcHeap, LiveBytesAreTheLayout) {
  const gomap::MapType* t = StrMap::type();
  CollectingHeap heap;
  gomap::hmap* h = gomap::makemap(t, 0, &heap);
  for (int i = 0; i < 8; i++) set_str(t, h, "key" + std::to_string(i) + "!", i);  // 5 bytes each
  heap.collect();
  heap.collect();
  EXPECT_EQ(heap.live_bytes(), kStrBucket + 8 * 5);
  // The ninth key doubles the table to two buckets; the insert evacuates the
  // single old bucket, so the grow is done at once.
  set_str(t, h, "key8!", 8);
  ASSERT_EQ(gomap::header_view(h).B, 1);
  ASSERT_EQ(gomap::header_view(h).oldB, -1);
  ASSERT_EQ(gomap::header_view(h).noverflow, 0);
  heap.collect();
  heap.collect();
  EXPECT_EQ(heap.live_bytes(), 2 * kStrBucket + 9 * 5);
  gomap::freemap(t, h);
  heap.collect();
  EXPECT_EQ(heap.live_bytes(), 0u);
  EXPECT_TRUE(heap.findings().empty()) << all_findings(heap);
}

// An iteration that began before a grow still walks the old array's chains
// after the grow is done; for a map without pointers in its buckets only its
// copy of the overflow slice (hiter.overflow) keeps those buckets alive.
TEST(GcHeap, AnIteratorKeepsTheOldOverflowBucketsAlive) {
  const gomap::MapType* t = IntMap::type();
  CollectingHeap heap;
  gomap::hmap* h = gomap::makemap(t, 20, &heap);  // B=2: four buckets, none preallocated
  ASSERT_EQ(gomap::header_view(h).B, 2);
  gomap::set_hash0(h, 12345);
  // Twenty keys in bucket 0: a chain of three, two overflow buckets.
  std::vector<int64_t> chain = keys_where(12345, 3, 0, 20);
  for (int64_t k : chain) std::memcpy(gomap::mapassign(t, h, &k), &k, 8);
  ASSERT_EQ(gomap::header_view(h).noverflow, 2);
  gomap::hiter it;
  gomap::mapiterinit_at(t, h, &it, 0, 0);
  ASSERT_NE(it.key, nullptr);
  std::vector<int64_t> seen{as_int(it.key)};
  // Keys elsewhere start a doubling grow and, a few inserts later, finish it.
  for (int64_t k : keys_where(12345, 3, 1, 12)) {
    std::memcpy(gomap::mapassign(t, h, &k), &k, 8);
    if (gomap::header_view(h).B == 3 && gomap::header_view(h).oldB == -1) break;
  }
  ASSERT_EQ(gomap::header_view(h).B, 3);
  ASSERT_EQ(gomap::header_view(h).oldB, -1) << "the grow should be done";
  heap.collect();
  heap.collect();
  // The iteration goes on over the old chain of bucket 0; it must produce
  // every key that was there when it began (Go's rule; new keys may or may
  // not appear).
  for (gomap::mapiternext(&it); it.key != nullptr; gomap::mapiternext(&it))
    seen.push_back(as_int(it.key));
  for (int64_t k : chain) EXPECT_EQ(std::count(seen.begin(), seen.end(), k), 1) << "key " << k;
  gomap::freemap(t, h);
  heap.collect();
  EXPECT_TRUE(heap.findings().empty()) << all_findings(heap);
}

// Collector work at every yield point of every operation, in rotation: a
// cycle starts, marks a few units, finishes, or runs whole; under ASan a
// swept object the map still reads is a report, and the checks must agree.
struct Driver {
  CollectingHeap* heap;
  uint64_t n = 0;
  static void hook(gomap::YieldPoint, const gomap::hmap*, void* self) {
    auto* d = static_cast<Driver*>(self);
    switch (d->n++ % 5) {
      case 0: d->heap->start_cycle(); break;
      case 1: d->heap->mark(3); break;
      case 2: d->heap->finish_cycle(); break;
      case 3: d->heap->collect(); break;
      case 4: break;
    }
  }
};

template <class Ops>
void under_collections(const gomap::MapType* t, Ops ops) {
  CollectingHeap heap;
  gomap::hmap* h = gomap::makemap(t, 0, &heap);
  Driver d{&heap};
  gomap::set_yield_hook(&Driver::hook, &d);
  ops(h, heap);
  gomap::set_yield_hook(nullptr, nullptr);
  heap.finish_cycle();
  auto err = gomap::check_invariants(t, h);
  EXPECT_FALSE(err) << *err;
  gomap::freemap(t, h);
  heap.collect();
  EXPECT_EQ(heap.live_bytes(), 0u);
  EXPECT_TRUE(heap.findings().empty()) << all_findings(heap);
  EXPECT_GT(heap.cycles(), 10u);
}

TEST(GcHeap, IntMapUnderCollections) {
  const gomap::MapType* t = IntMap::type();
  under_collections(t, [&](gomap::hmap* h, CollectingHeap&) {
    std::mt19937 rng(5);
    for (int i = 0; i < 20000; i++) {
      int64_t k = rng() % 3000;
      if (rng() % 3 == 0) {
        gomap::mapdelete(t, h, &k);
      } else {
        std::memcpy(gomap::mapassign(t, h, &k), &k, sizeof k);
      }
      if (i % 5000 == 4999) gomap::mapclear(t, h);
      if (i % 997 == 0) {
        // An iteration that writes as it goes, across a grow.
        gomap::hiter it;
        gomap::mapiterinit(t, h, &it);
        for (int step = 0; it.key != nullptr && step < 400; step++) {
          int64_t nk = static_cast<int64_t>(rng() % 6000);
          std::memcpy(gomap::mapassign(t, h, &nk), &nk, sizeof nk);
          gomap::mapiternext(&it);
        }
      }
    }
  });
}

TEST(GcHeap, StringMapUnderCollections) {
  const gomap::MapType* t = StrMap::type();
  under_collections(t, [&](gomap::hmap* h, CollectingHeap&) {
    std::mt19937 rng(6);
    for (int i = 0; i < 3000; i++) {
      std::string k = "k" + std::to_string(rng() % 700);
      gomap::GoString gk{k.data(), static_cast<int64_t>(k.size())};
      if (rng() % 3 == 0) {
        gomap::mapdelete(t, h, &gk);
      } else {
        set_str(t, h, k, i);
      }
      if (i % 1500 == 1499) gomap::mapclear(t, h);
      if (i % 401 == 0) {
        gomap::hiter it;
        gomap::mapiterinit(t, h, &it);
        for (int step = 0; it.key != nullptr && step < 300; step++) {
          set_str(t, h, "n" + std::to_string(rng() % 4000), step);
          gomap::mapiternext(&it);
        }
      }
    }
  });
}

TEST(GcHeap, BigMapUnderCollections) {
  static constexpr gomap::MapType kType = gomap::make_maptype(kBigType, kBigType);
  const gomap::MapType* t = &kType;
  under_collections(t, [&](gomap::hmap* h, CollectingHeap&) {
    std::mt19937 rng(7);
    for (int i = 0; i < 2000; i++) {
      Big k = Big::of(rng() % 400);
      if (rng() % 3 == 0) {
        gomap::mapdelete(t, h, &k);
      } else {
        Big v = Big::of(i);
        std::memcpy(gomap::mapassign(t, h, &k), &v, sizeof v);
      }
    }
  });
}

}  // namespace
}  // namespace gomap_test
