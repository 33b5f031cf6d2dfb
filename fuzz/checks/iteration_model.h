// The model of Go's iteration rules, checked against what an iteration
// actually produces (orders are never compared):
//   - an entry present for the whole iteration is produced exactly once;
//   - an entry deleted before the iteration reaches it is not produced;
//   - an entry added during the iteration may or may not be;
//   - no entry is produced twice;
//   - the elem produced is the entry's elem when the iteration reached it.
// A key deleted and added again is a new entry. NaN keys are entries that no
// lookup finds: the model counts them instead of naming them. A NaN entry may
// still be produced after a clear, by an iteration walking an array the map
// had already dropped (it holds NaNs that a lookup cannot rule out): Go does
// the same, even after golang/go#59411.
//
// An iteration left open across a clear walks a bucket array the map has
// reused (clear keeps it), so entries added after the clear can be produced
// twice: Go 1.19 does so (corpus/regressions/iter-open-across-clear-
// produces-twice.ops, whose trace the Go oracle prints identically). After
// a clear the model lets an iteration produce an entry again.
#ifndef GOMAP_FUZZ_CHECKS_ITERATION_MODEL_H_
#define GOMAP_FUZZ_CHECKS_ITERATION_MODEL_H_

#include <map>
#include <optional>
#include <set>
#include <string>

#include "oplang/program.h"
#include "oplang/value.h"
#include "subjects/runner.h"

namespace gomap::harness {

class IterationModel {
 public:
  // Feeds the model one statement the runner has just run; returns the
  // first broken rule, described, if the runner's observation breaks one.
  std::optional<std::string> after(const Op& op, const std::optional<Runner::Reached>& reached);

  // What a lookup of key must find (never a NaN).
  std::optional<Value> lookup(const Value& key) const;
  // The entries a lookup can find (every entry but the NaN ones).
  const std::map<Value, Value, KeyOrder>& contents() const { return contents_; }

 private:
  using KeySet = std::set<Value, KeyOrder>;
  struct Iteration {
    bool ended = false;
    bool cleared = false;  // a clear came since the start
    KeySet throughout;     // present at the start, never deleted since
    KeySet produced;       // produced, and not deleted since
    int64_t nans_produced = 0;
    int64_t nans_throughout = 0;  // NaN entries present since the start
    int64_t nans_existed = 0;     // NaN entries that existed at any time since the start
  };

  std::optional<std::string> reach(int slot, const std::optional<Entry>& entry);
  void erase(const Value& key);
  void add_nan();

  std::map<Value, Value, KeyOrder> contents_;
  int64_t nans_ = 0;
  Iteration iters_[kMaxIterations];
};

}  // namespace gomap::harness

#endif  // GOMAP_FUZZ_CHECKS_ITERATION_MODEL_H_
