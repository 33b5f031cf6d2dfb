// What every property shares: generators of op programs that drive a map
// through growth and same-size growth, and run_checked, which runs a program
// on the port in the harness's one stepping loop (checks/checks.h) and hands
// each statement, with a full snapshot of the map around it, to a check.
//
// A failing property's counterexample is the shrunk program, printed as an
// op-script (showValue below), which replays with `gomap-script run`.
#ifndef GOMAP_PROPS_DRIVER_H_
#define GOMAP_PROPS_DRIVER_H_

#include <rapidcheck.h>

#include <functional>
#include <ostream>

#include "checks/checks.h"
#include "gomap/testing.h"
#include "oplang/program.h"
#include "subjects/port.h"
#include "subjects/runner.h"

namespace gomap::harness {
// RapidCheck prints generated programs through this: as op-scripts.
void showValue(const Program& program, std::ostream& os);
}  // namespace gomap::harness

namespace gomap::props {

using harness::Kind;
using harness::Op;
using harness::Program;

struct ProgramShape {
  Kind key = Kind::kInt64;
  bool iterations = true;  // iter/next statements
  bool clears = true;
  bool nans = false;  // NaN keys (float64 only)
};

// Programs of up to a few hundred statements over a small key range (8 to
// 512 keys, so collisions, deep chains and churn are common), with a fixed
// seed and a random hint.
rc::Gen<Program> programs(ProgramShape shape = {});

// Drops `next` statements that no earlier `iter` opened, which shrinking can
// leave behind, so that every program the driver runs is a valid op-script.
Program normalized(Program p);

// A live slot, with its key copied out (the view's pointers do not survive
// the next statement) and hashed under the seed of that moment.
struct Slot {
  bool old;          // in oldbuckets
  size_t bucket;     // index in its array
  size_t chain_pos;  // 0 for the bucket itself, 1.. for its overflow buckets
  int slot;
  uint8_t tophash;
  harness::Value key;
  uint64_t hash;
  bool nan;
};

struct Snapshot {
  MapView view;
  std::vector<Slot> live;
};

struct Step {
  const harness::Step& step;  // the statement, what it observed, the headers
  const Op& op;
  const Snapshot& before;  // the map before the statement
  const Snapshot& after;   // and after it
  harness::PortSubject& port;
};

// Runs the program on the port and calls check after every statement.
// Checks use RC_ASSERT; the failure message should say which invariant broke.
void run_checked(const Program& program, const std::function<void(const Step&)>& check);

Snapshot snapshot(const harness::PortSubject& port);

}  // namespace gomap::props

#endif  // GOMAP_PROPS_DRIVER_H_
