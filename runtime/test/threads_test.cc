// Real threads on one map, as Go's own tests have them (runtime/map_test.go
// for legal concurrent reads, runtime/crash_test.go for the detector). Run
// under the tsan preset, the legal tests must be race-free: concurrent
// lookups and iterations share a map with no writer, which Go allows, and
// the only word they write, hmap.flags (the iterator bits), is an atomic.
// The misuse tests run a child process (a gtest death test) in which two
// threads misuse a map until it dies, and check the fatal error it dies
// with; detection with real threads is best effort, as in Go, so each child
// keeps going until the detector fires or two seconds pass.

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "test_util.h"

namespace gomap_test {
namespace {

using Threads = RuntimeTest;

// A map with n entries; mid_grow leaves a doubling grow under way (the
// insert that starts it evacuates only two old buckets).
IntMap filled(int64_t n, bool mid_grow) {
  IntMap m;
  for (int64_t k = 0; k < n; k++) m.set(k, k * 10);
  if (mid_grow) {
    // Fill to 6.5 a bucket, then one more starts the grow.
    int64_t limit = 13 * (int64_t{1} << view(m).B) / 2;
    for (int64_t k = n; k <= limit; k++) m.set(k, k * 10);
  }
  return m;
}

void readers_and_iterators(const IntMap& m, int64_t n) {
  std::atomic<int64_t> bad{0};
  std::vector<std::thread> ts;
  for (int r = 0; r < 4; r++)
    ts.emplace_back([&, r] {
      for (int round = 0; round < 20; round++)
        for (int64_t k = r; k < n; k += 4) {
          auto v = m.lookup(k);
          if (!v || *v != k * 10) bad++;
        }
    });
  for (int r = 0; r < 4; r++)
    ts.emplace_back([&] {
      for (int round = 0; round < 10; round++) {
        int64_t seen = 0;
        for (auto [k, v] : m) seen += v == k * 10;
        if (seen != n) bad++;
      }
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(bad.load(), 0);
}

TEST_F(Threads, ConcurrentReadsAndIterationsAreLegal) {
  IntMap m = filled(3000, false);
  ASSERT_EQ(view(m).oldB, -1);
  readers_and_iterators(m, m.size());
  EXPECT_TRUE(Clean(m));
}

TEST_F(Threads, ConcurrentReadsAndIterationsAreLegalMidGrow) {
  IntMap m = filled(3000, true);
  ASSERT_GE(view(m).oldB, 0) << "the map should be growing";
  readers_and_iterators(m, m.size());
  EXPECT_GE(view(m).oldB, 0) << "readers never evacuate";
  EXPECT_TRUE(Clean(m));
}

// Go's crash-test shape: two goroutines misusing one map; here until the
// detector fires (the default handler prints and aborts) or 2 s pass.
enum class Misuse { kWrites, kReadWrite, kIterateWrite };

[[noreturn]] void misuse(Misuse what) {
  // Every key the threads write is there before they start: the writes
  // overwrite and never grow the map, so no array is freed under a reader
  // (the port frees at once where Go's collector would wait, and a use
  // after free would kill the child before the detector could).
  IntMap m;
  for (int64_t k = 0; k < 200; k++) {
    m.set(k, k);
    m.set(1000 + k, k);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  auto writer = [&](int64_t base) {
    while (std::chrono::steady_clock::now() < deadline)
      for (int64_t k = 0; k < 1000; k++) m.set(base + k % 200, k);
  };
  std::thread a(writer, 0);
  std::thread b([&] {
    while (std::chrono::steady_clock::now() < deadline) {
      switch (what) {
        case Misuse::kWrites:
          for (int64_t k = 0; k < 1000; k++) m.set(1000 + k % 200, k);
          break;
        case Misuse::kReadWrite:
          for (int64_t k = 0; k < 1000; k++) (void)m.lookup(k % 200);
          break;
        case Misuse::kIterateWrite:
          for (auto kv : m) (void)kv;
          break;
      }
    }
  });
  a.join();
  b.join();
  std::exit(0);  // not detected in time: the death test fails
}

TEST_F(Threads, ConcurrentWritesDie) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(misuse(Misuse::kWrites), "fatal error: concurrent map writes");
}

TEST_F(Threads, ReadWhileWritingDies) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(misuse(Misuse::kReadWrite),
               "fatal error: concurrent map (read and map write|writes)");
}

TEST_F(Threads, IterateWhileWritingDies) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(misuse(Misuse::kIterateWrite),
               "fatal error: concurrent map (iteration and map write|writes)");
}

}  // namespace
}  // namespace gomap_test
