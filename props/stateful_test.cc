// A stateful test (rc::state) of gomap::Map<int64_t, int64_t> against
// std::unordered_map: a command for every operation, iteration steps
// included. Commands show themselves as op-script statements, so a shrunk
// failure reads as a script.

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>
#include <rapidcheck/state.h>

#include <optional>
#include <unordered_map>

#include "checks/iteration_model.h"
#include "gomap/map.h"
#include "gomap/testing.h"

namespace gomap::props {
namespace {

using GoMap = Map<int64_t, int64_t>;
constexpr int kIters = 3;

struct Model {
  std::unordered_map<int64_t, int64_t> m;
  bool open[kIters] = {};
};

struct Sut {
  GoMap map;
  std::optional<GoMap::iterator> iters[kIters];
  harness::IterationModel rules;  // Go's iteration rules, fed every command

  void feed(harness::Op op, const std::optional<harness::Runner::Reached>& reached = std::nullopt) {
    std::optional<std::string> broken = rules.after(op, reached);
    if (broken) RC_FAIL(*broken);
  }
  void check() {
    std::optional<std::string> bad = check_invariants(GoMap::type(), map.raw());
    if (bad) RC_FAIL("invariant: " + *bad);
  }
  ~Sut() {
    for (auto& it : iters) it.reset();  // iterations end before their map
  }
};

harness::Op op_of(harness::OpCode code, int64_t key = 0, int64_t elem = 0, int iteration = 0) {
  harness::Op op;
  op.code = code;
  op.key = harness::Value::int64(key);
  op.elem = harness::Value::int64(elem);
  op.iteration = iteration;
  return op;
}

using Command = rc::state::Command<Model, Sut>;

struct Set : Command {
  int64_t k = *rc::gen::inRange<int64_t>(0, 640);
  int64_t v = *rc::gen::inRange<int64_t>(0, 1000);
  void apply(Model& m) const override { m.m[k] = v; }
  void run(const Model&, Sut& s) const override {
    s.map.set(k, v);
    s.feed(op_of(harness::OpCode::kSet, k, v));
    s.check();
  }
  void show(std::ostream& os) const override { os << "set " << k << " " << v; }
};

// A run of new keys: what makes the map grow through several doublings
// within a short command sequence.
struct Fill : Command {
  int64_t from = *rc::gen::inRange<int64_t>(0, 512);
  int64_t count = *rc::gen::inRange<int64_t>(1, 120);
  void apply(Model& m) const override {
    for (int64_t k = from; k < from + count; k++) m.m[k] = k;
  }
  void run(const Model&, Sut& s) const override {
    for (int64_t k = from; k < from + count; k++) {
      s.map.set(k, k);
      s.feed(op_of(harness::OpCode::kSet, k, k));
    }
    s.check();
  }
  void show(std::ostream& os) const override {
    for (int64_t k = from; k < from + count; k++)
      os << (k == from ? "" : "\n") << "set " << k << " " << k;
  }
};

struct Erase : Command {
  int64_t k = *rc::gen::inRange<int64_t>(0, 640);
  void apply(Model& m) const override { m.m.erase(k); }
  void run(const Model&, Sut& s) const override {
    s.map.erase(k);
    s.feed(op_of(harness::OpCode::kDel, k));
    s.check();
  }
  void show(std::ostream& os) const override { os << "del " << k; }
};

struct Get : Command {
  int64_t k = *rc::gen::inRange<int64_t>(0, 640);
  void run(const Model& m, Sut& s) const override {
    auto it = m.m.find(k);
    std::optional<int64_t> want;
    if (it != m.m.end()) want = it->second;
    RC_ASSERT(s.map.lookup(k) == want);
  }
  void show(std::ostream& os) const override { os << "get " << k; }
};

struct Size : Command {
  void run(const Model& m, Sut& s) const override {
    RC_ASSERT(s.map.size() == static_cast<int64_t>(m.m.size()));
  }
  void show(std::ostream& os) const override { os << "len"; }
};

struct Clear : Command {
  void apply(Model& m) const override { m.m.clear(); }
  void run(const Model&, Sut& s) const override {
    s.map.clear();
    s.feed(op_of(harness::OpCode::kClear));
    s.check();
  }
  void show(std::ostream& os) const override { os << "clear"; }
};

std::optional<harness::Entry> entry_of(const GoMap::iterator& it) {
  if (it == std::default_sentinel) return std::nullopt;
  return harness::Entry{harness::Value::int64(it->first), harness::Value::int64(it->second)};
}

struct Begin : Command {
  int slot = *rc::gen::inRange(0, kIters);
  void apply(Model& m) const override { m.open[slot] = true; }
  void run(const Model&, Sut& s) const override {
    s.iters[slot].reset();
    s.iters[slot].emplace(s.map.begin());
    s.feed(op_of(harness::OpCode::kIter, 0, 0, slot),
           harness::Runner::Reached{slot, entry_of(*s.iters[slot])});
  }
  void show(std::ostream& os) const override { os << "iter @" << slot; }
};

struct Next : Command {
  int slot = *rc::gen::inRange(0, kIters);
  void checkPreconditions(const Model& m) const override { RC_PRE(m.open[slot]); }
  void run(const Model&, Sut& s) const override {
    GoMap::iterator& it = *s.iters[slot];
    if (it == std::default_sentinel) return;  // a range loop that ended stays ended
    ++it;
    s.feed(op_of(harness::OpCode::kNext, 0, 0, slot), harness::Runner::Reached{slot, entry_of(it)});
  }
  void show(std::ostream& os) const override { os << "next @" << slot; }
};

RC_GTEST_PROP(Stateful, MapBehavesLikeUnorderedMapUnderGoRules, ()) {
  seed_fastrand();  // iteration starts repeat when shrinking
  Model initial;
  Sut sut;
  rc::state::check(initial, sut,
                   rc::state::gen::execOneOfWithArgs<Set, Set, Fill, Erase, Erase, Erase, Get, Size,
                                                     Clear, Begin, Next, Next, Next>());
}

}  // namespace
}  // namespace gomap::props
