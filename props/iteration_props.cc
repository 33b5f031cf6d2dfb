// Iteration under growth, and the reseeding rules.

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "checks/iteration_model.h"
#include "driver.h"

namespace gomap::props {
namespace {

using harness::OpCode;

// Iterations interleaved with inserts, deletes, clears and growth produce
// every entry present throughout exactly once, none after its deletion, none
// twice, and each with its current elem.
RC_GTEST_PROP(Iteration, GoRulesHoldUnderGrowth, ()) {
  harness::IterationModel model;
  run_checked(*programs(), [&](const Step& s) {
    std::optional<std::string> broken = model.after(s.op, s.step.reached);
    if (broken) RC_FAIL(*broken);
  });
}

// The same with float keys, NaNs among them.
RC_GTEST_PROP(Iteration, GoRulesHoldWithNaNKeys, ()) {
  harness::IterationModel model;
  run_checked(*programs({Kind::kFloat64, true, true, true}), [&](const Step& s) {
    std::optional<std::string> broken = model.after(s.op, s.step.reached);
    if (broken) RC_FAIL(*broken);
  });
}

// Programs without a fixed seed: the runtime's own reseeding is observed.
rc::Gen<Program> unseeded() {
  return rc::gen::map(programs({Kind::kInt64, false, true, false}), [](Program p) {
    p.header.seed.reset();
    return p;
  });
}

// A delete that empties the map reseeds it.
RC_GTEST_PROP(Reseed, DeleteToEmptyReseeds, ()) {
  run_checked(*unseeded(), [](const Step& s) {
    if (s.op.code == OpCode::kDel && s.before.view.count > 0 && s.after.view.count == 0)
      RC_ASSERT(s.after.view.hash0 != s.before.view.hash0);
  });
}

// A clear of a non-empty map reseeds it, keeps B and ends any grow.
RC_GTEST_PROP(Reseed, ClearReseedsAndKeepsB, ()) {
  run_checked(*unseeded(), [](const Step& s) {
    if (s.op.code != OpCode::kClear || s.before.view.count == 0) return;
    RC_ASSERT(s.after.view.hash0 != s.before.view.hash0);
    RC_ASSERT(s.after.view.B == s.before.view.B);
    RC_ASSERT(s.after.view.count == 0);
    RC_ASSERT(s.after.view.oldB == -1);
    RC_ASSERT(s.after.view.nevacuate == 0u);
  });
}

}  // namespace
}  // namespace gomap::props
