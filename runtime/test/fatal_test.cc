// Go's two failure modes: the fatal errors of the concurrent-access detector
// (not recoverable in Go; here a handler records them and the runtime then
// throws FatalError), and the panic of assigning to a nil map (recoverable:
// gomap::Panic). A second "goroutine" is simulated with a yield hook: the
// hook runs inside a write, after hashWriting is set, and does the
// conflicting operation there, exactly where Go's detector must see it.

#include <string>
#include <vector>

#include "test_util.h"

namespace gomap_test {
namespace {

std::vector<std::string>& recorded() {
  static std::vector<std::string> r;
  return r;
}
void record(const char* msg) { recorded().push_back(msg); }

class Fatal : public RuntimeTest {
 protected:
  void SetUp() override {
    recorded().clear();
    gomap::set_fatal_handler(&record);
  }
};

// What the hook does once, at the first kWriteBegun of the map under test.
struct Intruder {
  IntMap* m = nullptr;
  gomap::hiter* it = nullptr;
  enum Action { kWrite, kDelete, kClear, kRead, kIterNext, kDropWritingFlag } action = kWrite;
  bool fired = false;

  static void hook(gomap::YieldPoint p, const gomap::hmap* h, void* ctx) {
    auto* self = static_cast<Intruder*>(ctx);
    if (p != gomap::YieldPoint::kWriteBegun || self->fired || h != self->m->raw()) return;
    self->fired = true;
    switch (self->action) {
      case kWrite: self->m->set(12345, 1); break;
      case kDelete: self->m->erase(1); break;
      case kClear: self->m->clear(); break;
      case kRead: (void)self->m->lookup(1); break;
      case kIterNext: gomap::mapiternext(self->it); break;
      case kDropWritingFlag: {
        // What a second writer's `flags ^= hashWriting` does to the first
        // writer's flag: the first must notice when it finishes.
        auto* mh = const_cast<gomap::hmap*>(h);
        mh->store_flags(mh->load_flags() ^ gomap::kHashWriting);
        break;
      }
    }
  }
};

// Runs `outer` on m with an intruder doing `action` inside it; expects the
// fatal error `want`, recorded by the handler and thrown afterwards.
template <class F>
void ExpectFatal(IntMap& m, Intruder::Action action, F outer, const std::string& want,
                 gomap::hiter* it = nullptr) {
  Intruder in;
  in.m = &m;
  in.it = it;
  in.action = action;
  gomap::set_yield_hook(&Intruder::hook, &in);
  try {
    outer();
    ADD_FAILURE() << "no fatal error";
  } catch (const gomap::FatalError& e) {
    EXPECT_EQ(std::string(e.what()), want);
  }
  gomap::set_yield_hook(nullptr, nullptr);
  EXPECT_TRUE(in.fired);
  EXPECT_EQ(recorded(), std::vector<std::string>{want});
}

IntMap Filled() {
  IntMap m;
  for (int64_t k = 0; k < 5; k++) m.set(k, k);
  return m;
}

TEST_F(Fatal, WriteDuringWrite) {
  IntMap m = Filled();
  ExpectFatal(
      m, Intruder::kWrite, [&] { m.set(1, 2); }, "concurrent map writes");
}

TEST_F(Fatal, DeleteDuringWrite) {
  IntMap m = Filled();
  ExpectFatal(
      m, Intruder::kDelete, [&] { m.set(100, 2); }, "concurrent map writes");
}

TEST_F(Fatal, ClearDuringDelete) {
  IntMap m = Filled();
  ExpectFatal(
      m, Intruder::kClear, [&] { m.erase(3); }, "concurrent map writes");
}

TEST_F(Fatal, WriteDuringClear) {
  IntMap m = Filled();
  ExpectFatal(
      m, Intruder::kWrite, [&] { m.clear(); }, "concurrent map writes");
}

TEST_F(Fatal, WriterFindsItsFlagGoneAtTheEnd) {
  // Go checks hashWriting again before clearing it.
  IntMap m = Filled();
  ExpectFatal(
      m, Intruder::kDropWritingFlag, [&] { m.set(7, 7); }, "concurrent map writes");
}

TEST_F(Fatal, ReadDuringWrite) {
  IntMap m = Filled();
  ExpectFatal(
      m, Intruder::kRead, [&] { m.set(1, 2); }, "concurrent map read and map write");
}

TEST_F(Fatal, ReadDuringDelete) {
  IntMap m = Filled();
  ExpectFatal(
      m, Intruder::kRead, [&] { m.erase(4); }, "concurrent map read and map write");
}

TEST_F(Fatal, IterationDuringWrite) {
  IntMap m = Filled();
  gomap::hiter it;
  gomap::mapiterinit(IntMap::type(), m.raw(), &it);
  ASSERT_NE(it.key, nullptr);
  ExpectFatal(
      m, Intruder::kIterNext, [&] { m.set(50, 2); }, "concurrent map iteration and map write", &it);
}

TEST_F(Fatal, ThrowsAfterTheHandlerReturns) {
  // The handler sees the message first; the runtime never returns normally.
  IntMap m = Filled();
  Intruder in;
  in.m = &m;
  gomap::set_yield_hook(&Intruder::hook, &in);
  EXPECT_THROW(m.set(1, 1), gomap::FatalError);
  gomap::set_yield_hook(nullptr, nullptr);
  EXPECT_EQ(recorded().size(), 1u);
}

TEST_F(Fatal, SerialInterleavingsAreNotConflicts) {
  // A read, or a whole write, done from the iterator's yield point (between
  // two steps of an iteration, no writer active) is legal in Go.
  IntMap m = Filled();
  struct Ctx {
    IntMap* m;
    int steps = 0;
  } ctx{&m};
  gomap::set_yield_hook(
      [](gomap::YieldPoint p, const gomap::hmap*, void* c) {
        auto* x = static_cast<Ctx*>(c);
        if (p != gomap::YieldPoint::kIterStep) return;
        x->steps++;
        (void)x->m->lookup(2);
        x->m->set(2, x->steps);
      },
      &ctx);
  int n = 0;
  for (auto kv : m) (void)kv, n++;
  gomap::set_yield_hook(nullptr, nullptr);
  EXPECT_EQ(n, 5);
  EXPECT_GT(ctx.steps, 0);
  EXPECT_TRUE(recorded().empty());
  EXPECT_TRUE(Clean(m));
}

TEST_F(Fatal, ReadsOfAnEmptyMapDoNotCheck) {
  // Go's mapaccess returns for count == 0 before looking at the flags.
  IntMap m;
  Intruder in;
  in.m = &m;
  in.action = Intruder::kRead;
  gomap::set_yield_hook(&Intruder::hook, &in);
  m.set(1, 1);  // the first insert: the read inside sees count == 0
  gomap::set_yield_hook(nullptr, nullptr);
  EXPECT_TRUE(in.fired);
  EXPECT_TRUE(recorded().empty());
  EXPECT_EQ(m.get(1), 1);
}

TEST(FatalDeathTest, DefaultHandlerPrintsAndAborts) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        gomap::set_fatal_handler(nullptr);
        IntMap m = Filled();
        Intruder in;
        in.m = &m;
        gomap::set_yield_hook(&Intruder::hook, &in);
        m.set(1, 1);
      },
      "fatal error: concurrent map writes");
}

// --- nil maps ---------------------------------------------------------------

using NilMap = RuntimeTest;

TEST_F(NilMap, ReadsEmptyDeletesNothingAssignmentPanics) {
  IntMap m = IntMap::nil();
  EXPECT_TRUE(m.is_nil());
  EXPECT_EQ(m.size(), 0);
  EXPECT_FALSE(m.lookup(1).has_value());
  EXPECT_EQ(m.get(1), 0);
  EXPECT_FALSE(m.contains(1));
  m.erase(1);
  m.clear();
  int n = 0;
  for (auto kv : m) (void)kv, n++;
  EXPECT_EQ(n, 0);
  EXPECT_TRUE(gomap::inspect(IntMap::type(), m.raw()).nil);
  try {
    m.set(1, 1);
    ADD_FAILURE() << "no panic";
  } catch (const gomap::Panic& p) {
    EXPECT_STREQ(p.what(), "assignment to entry in nil map");
  }
  // A panic is recoverable: everything goes on working.
  IntMap ok;
  ok.set(1, 1);
  EXPECT_EQ(ok.get(1), 1);
}

TEST_F(NilMap, RawEntryPoints) {
  int64_t k = 1;
  const auto* t = IntMap::type();
  EXPECT_EQ(gomap::mapaccess(t, nullptr, &k), nullptr);
  gomap::mapdelete(t, nullptr, &k);
  gomap::mapclear(t, nullptr);
  gomap::hiter it;
  gomap::mapiterinit(t, nullptr, &it);
  EXPECT_EQ(it.key, nullptr);
  EXPECT_THROW(gomap::mapassign(t, nullptr, &k), gomap::Panic);
  gomap::Map<std::string, std::string> s = gomap::Map<std::string, std::string>::nil();
  EXPECT_THROW(s.set("a", "b"), gomap::Panic);
  EXPECT_EQ(s.get("a"), "");
}

}  // namespace
}  // namespace gomap_test
